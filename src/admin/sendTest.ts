// Test sends that measure the send round trip (admin-commands.md §3.1, §3.7, §3.8):
// `checkMsgSendRT` (every writable queue of a topic in turn), `clusterRT` (the topic named after
// each broker of a cluster, one round) and `sendMsgStatus` (N sends to one broker). Each send is
// a Java producer's SEND_MESSAGE_V2 (a real UNIQ_KEY, WAIT=true), timed around the request alone:
// the route is looked up once, before the clock runs.

import { MASTER_ID, type TopicRouteData } from '../protocol/bodies/route.js';
import { UniqueIdGenerator } from '../protocol/messageId.js';
import { isWritable } from '../protocol/perm.js';
import { encodeProducerProperties, sendMessageV2, type SendStatus } from '../protocol/requests/message.js';
import { RemotingError } from '../remoting/errors.js';
import { listBrokerAddresses } from './cluster.js';
import { InvalidArgumentError, NotFoundError, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';

export interface SendSample {
  /** 1-based, in sending order. */
  seq: number;
  brokerName: string;
  brokerAddr: string;
  queueId: number;
  ok: boolean;
  /** Milliseconds from sending the request to reading the answer (sub-millisecond precision). */
  rtMs: number;
  /** The first send to a broker (it may open the connection): left out of the figures. */
  warmup: boolean;
  status?: SendStatus;
  /** The message's UNIQ_KEY (what Java calls its msgId). */
  msgId?: string;
  offsetMsgId?: string;
  queueOffset?: number;
  error?: string;
}

/** Round-trip figures in milliseconds: median of the middle values, p99 by nearest rank. */
export interface RtSummary {
  count: number;
  min: number;
  median: number;
  p99: number;
  max: number;
  avg: number;
}

export function summarizeRt(values: readonly number[]): RtSummary | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  return { count: n, min: s[0]!, median, p99: s[Math.max(0, Math.ceil(0.99 * n) - 1)]!, max: s[n - 1]!, avg: s.reduce((a, b) => a + b, 0) / n };
}

export interface BrokerRt {
  cluster?: string;
  brokerName: string;
  brokerAddr: string;
  sent: number;
  ok: number;
  failed: number;
  /** Not sent: the broker failed three times in a row at the transport. */
  skipped: number;
  /** Over the successful sends, the first (warm-up) one left out; null when none is left. */
  rt: RtSummary | null;
  error?: string;
}

interface Target {
  brokerName: string;
  brokerAddr: string;
  queueId: number;
}

const ids = new UniqueIdGenerator();

/** `size` bytes of `text` repeated (the Java tools' test bodies: `a...` and `hello jodie...`). */
export function testBody(size: number, text = 'a'): Buffer {
  return Buffer.from(text.repeat(Math.ceil(size / text.length)).slice(0, size), 'utf8');
}

function checkCount(value: number, what: string, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`${what} must be an integer >= ${min}, not ${value}`);
}

async function sendOnce(admin: MQAdmin, topic: string, target: Target, body: Buffer, producerGroup: string, seq: number, warmup: boolean): Promise<SendSample> {
  const msgId = ids.next();
  const properties = encodeProducerProperties([
    ['WAIT', 'true'],
    ['UNIQ_KEY', msgId],
  ]);
  const base = { seq, brokerName: target.brokerName, brokerAddr: target.brokerAddr, queueId: target.queueId, warmup };
  const started = process.hrtime.bigint();
  try {
    const r = await admin.call(target.brokerAddr, sendMessageV2, {
      producerGroup, topic, queueId: target.queueId, sysFlag: 0, bornTimestamp: Date.now(), flag: 0, properties, brokerName: target.brokerName, body,
    });
    const rtMs = Number(process.hrtime.bigint() - started) / 1e6;
    return { ...base, ok: true, rtMs, status: r.status, msgId, offsetMsgId: r.offsetMsgId, queueId: r.queueId, queueOffset: r.queueOffset };
  } catch (err) {
    const rtMs = Number(process.hrtime.bigint() - started) / 1e6;
    return { ...base, ok: false, rtMs, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Sends to `targets[i % targets.length]` for i < amount, one at a time. After three transport
 * failures in a row on a broker, the rest of its sends are skipped.
 */
async function sendSeries(
  admin: MQAdmin,
  topic: string,
  targets: Target[],
  o: { amount: number; body: Buffer; producerGroup: string; warmedUp?: boolean; onSample?: (s: SendSample) => void },
): Promise<{ samples: SendSample[]; skipped: Map<string, number> }> {
  const samples: SendSample[] = [];
  const seen = new Set<string>();
  const strikes = new Map<string, number>();
  const skipped = new Map<string, number>();
  for (let i = 0; i < o.amount; i++) {
    const t = targets[i % targets.length]!;
    if ((strikes.get(t.brokerName) ?? 0) >= 3) {
      skipped.set(t.brokerName, (skipped.get(t.brokerName) ?? 0) + 1);
      continue;
    }
    const warmup = !o.warmedUp && !seen.has(t.brokerName);
    seen.add(t.brokerName);
    const s = await sendOnce(admin, topic, t, o.body, o.producerGroup, i + 1, warmup);
    if (!s.ok && s.error !== undefined) strikes.set(t.brokerName, (strikes.get(t.brokerName) ?? 0) + 1);
    else strikes.set(t.brokerName, 0);
    samples.push(s);
    o.onSample?.(s);
  }
  return { samples, skipped };
}

function perBroker(samples: SendSample[], skipped: Map<string, number>, order: Array<{ brokerName: string; brokerAddr: string; cluster?: string }>): BrokerRt[] {
  return order.map((b) => {
    const mine = samples.filter((s) => s.brokerName === b.brokerName);
    const failedOne = mine.find((s) => !s.ok);
    const out: BrokerRt = {
      ...(b.cluster !== undefined ? { cluster: b.cluster } : {}),
      brokerName: b.brokerName,
      brokerAddr: b.brokerAddr,
      sent: mine.length,
      ok: mine.filter((s) => s.ok).length,
      failed: mine.filter((s) => !s.ok).length,
      skipped: skipped.get(b.brokerName) ?? 0,
      rt: summarizeRt(mine.filter((s) => s.ok && !s.warmup).map((s) => s.rtMs)),
    };
    if (failedOne?.error) out.error = failedOne.error;
    return out;
  });
}

function failuresOf(brokers: BrokerRt[]): TargetFailure[] {
  return brokers.filter((b) => b.error !== undefined).map((b) => ({ target: b.brokerAddr, error: `${b.failed + b.skipped} of ${b.sent + b.skipped} sends failed: ${b.error}`, kind: 'SendFailed' }));
}

/** The writable queues of the route's masters, by broker name then queue id (the Java publish list). */
export function writableTargets(route: TopicRouteData): Target[] {
  const out: Target[] = [];
  const qds = [...route.queueDatas].sort((a, b) => (a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0));
  for (const qd of qds) {
    if (!isWritable(qd.perm)) continue;
    const addr = route.brokerDatas.find((b) => b.brokerName === qd.brokerName)?.brokerAddrs[MASTER_ID];
    if (!addr) continue;
    for (let q = 0; q < qd.writeQueueNums; q++) out.push({ brokerName: qd.brokerName, brokerAddr: addr, queueId: q });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// checkMsgSendRT

export interface CheckSendRtResult {
  topic: string;
  amount: number;
  size: number;
  brokers: BrokerRt[];
  /** Every broker together, the warm-up sends left out. */
  total: RtSummary | null;
  sends: SendSample[];
  failures: TargetFailure[];
}

export async function checkMsgSendRT(
  admin: MQAdmin,
  o: { topic: string; amount?: number; size?: number; onSample?: (s: SendSample) => void },
): Promise<CheckSendRtResult> {
  const amount = o.amount ?? 100;
  const size = o.size ?? 128;
  checkCount(amount, 'the amount (-a)', 1);
  checkCount(size, 'the size (-s)', 0);
  const route = await admin.examineTopicRoute(o.topic);
  const targets = writableTargets(route);
  if (targets.length === 0) throw new NotFoundError(`topic "${o.topic}" has no writable queue on a master`, 'check its permission with `mqadmin topicRoute`');
  const { samples, skipped } = await sendSeries(admin, o.topic, targets, { amount, body: testBody(size), producerGroup: String(Date.now()), onSample: o.onSample });
  const order = [...new Map(targets.map((t) => [t.brokerName, { brokerName: t.brokerName, brokerAddr: t.brokerAddr }])).values()];
  const brokers = perBroker(samples, skipped, order);
  return {
    topic: o.topic,
    amount,
    size,
    brokers,
    total: summarizeRt(samples.filter((s) => s.ok && !s.warmup).map((s) => s.rtMs)),
    sends: samples,
    failures: failuresOf(brokers),
  };
}

// ---------------------------------------------------------------------------------------------
// clusterRT

export interface ClusterRtRound {
  /** When the round started (epoch ms). */
  time: number;
  amount: number;
  size: number;
  brokers: BrokerRt[];
  failures: TargetFailure[];
}

/** Route lookups of the broker-name topics, kept across rounds. */
export type RouteCache = Map<string, Promise<TopicRouteData>>;

/**
 * One round of the Java clusterRT: `amount` sends to the topic named after each broker (every
 * broker creates it at start, brokerTopicEnable), broker after broker, every cluster or one.
 */
export async function clusterRTRound(
  admin: MQAdmin,
  o: { cluster?: string; amount?: number; size?: number; routes?: RouteCache },
): Promise<ClusterRtRound> {
  const amount = o.amount ?? 100;
  const size = o.size ?? 128;
  checkCount(amount, 'the amount (-a)', 1);
  checkCount(size, 'the size (-s)', 0);
  const time = Date.now();
  const info = await admin.examineClusterInfo();
  if (o.cluster !== undefined && !(o.cluster in info.clusterAddrTable)) {
    const known = Object.keys(info.clusterAddrTable).sort();
    throw new NotFoundError(`cluster "${o.cluster}" not found`, known.length ? `known clusters: ${known.join(', ')}` : 'the NameServer knows no cluster');
  }
  const masters = listBrokerAddresses(info, o.cluster).filter((b) => b.brokerId === 0);
  const routes = o.routes ?? new Map();
  const body = testBody(size);
  const producerGroup = String(time);
  const brokers: BrokerRt[] = [];
  for (const m of masters) {
    let route = routes.get(m.brokerName);
    if (!route) {
      route = admin.examineTopicRoute(m.brokerName);
      routes.set(m.brokerName, route);
    }
    let targets: Target[];
    try {
      targets = writableTargets(await route).filter((t) => t.brokerName === m.brokerName);
    } catch (err) {
      routes.delete(m.brokerName);
      if (!(err instanceof NotFoundError || err instanceof RemotingError)) throw err;
      const reason = err instanceof NotFoundError ? `no topic named after broker ${m.brokerName} (brokerTopicEnable off?)` : (err as Error).message;
      brokers.push({ cluster: m.cluster, brokerName: m.brokerName, brokerAddr: m.addr, sent: 0, ok: 0, failed: 0, skipped: amount, rt: null, error: reason });
      continue;
    }
    if (targets.length === 0) {
      brokers.push({ cluster: m.cluster, brokerName: m.brokerName, brokerAddr: m.addr, sent: 0, ok: 0, failed: 0, skipped: amount, rt: null, error: `topic ${m.brokerName} is not writable on ${m.brokerName}` });
      continue;
    }
    const { samples, skipped } = await sendSeries(admin, m.brokerName, targets, { amount, body, producerGroup });
    brokers.push(...perBroker(samples, skipped, [{ cluster: m.cluster, brokerName: m.brokerName, brokerAddr: targets[0]!.brokerAddr }]));
  }
  return { time, amount, size, brokers, failures: failuresOf(brokers) };
}

// ---------------------------------------------------------------------------------------------
// sendMsgStatus

export interface SendStatusResult {
  brokerName: string;
  /** The topic named after the broker. */
  topic: string;
  brokerAddr: string;
  size: number;
  /** The sends, the warm-up one (16 bytes, first) not among them. */
  sends: SendSample[];
  rt: RtSummary | null;
  failures: TargetFailure[];
}

/**
 * The Java sendMsgStatus: a warm-up send of 16 bytes, then `count` sends of `size` bytes
 * (`hello jodie` repeated, cut to the size) to the topic named after the broker.
 */
export async function sendMsgStatus(
  admin: MQAdmin,
  o: { brokerName: string; count?: number; size?: number; onSample?: (s: SendSample) => void },
): Promise<SendStatusResult> {
  const count = o.count ?? 50;
  const size = o.size ?? 128;
  checkCount(count, 'the count (-c)', 1);
  checkCount(size, 'the size (-s)', 0);
  let route: TopicRouteData;
  try {
    route = await admin.examineTopicRoute(o.brokerName);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    const known = [...new Set(listBrokerAddresses(await admin.examineClusterInfo()).map((b) => b.brokerName))];
    if (known.includes(o.brokerName)) {
      throw new NotFoundError(`broker ${o.brokerName} has no topic named after it`, 'its brokerTopicEnable is off; turn it on with updateBrokerConfig and restart the broker', { cause: err });
    }
    throw new NotFoundError(`broker "${o.brokerName}" not found`, known.length ? `-b takes a broker name: ${known.sort().join(', ')}` : 'the NameServer knows no broker', { cause: err });
  }
  const targets = writableTargets(route).filter((t) => t.brokerName === o.brokerName);
  if (targets.length === 0) throw new NotFoundError(`topic ${o.brokerName} is not writable on broker ${o.brokerName}`);
  const producerGroup = 'PID_SMSC';
  await sendOnce(admin, o.brokerName, targets[0]!, testBody(16, 'hello jodie'), producerGroup, 0, true);
  const body = testBody(size, 'hello jodie');
  // The warm-up send opened the connection: every one of these counts.
  const { samples, skipped } = await sendSeries(admin, o.brokerName, targets, { amount: count, body, producerGroup, warmedUp: true, onSample: o.onSample });
  const [b] = perBroker(samples, skipped, [{ brokerName: o.brokerName, brokerAddr: targets[0]!.brokerAddr }]);
  return { brokerName: o.brokerName, topic: o.brokerName, brokerAddr: targets[0]!.brokerAddr, size, sends: samples, rt: b!.rt, failures: failuresOf([b!]) };
}
