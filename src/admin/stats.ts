// Statistics of a cluster (admin-commands.md §3): per topic and group the put and get rates
// and 24-hour totals (`statsAll`), every group's lag on one broker (`brokerConsumeStats`), a
// broker's producers (`producer`), and which client the averaging strategy gives which queue
// (`allocateMQ`). Nothing here prints; every function returns data, failures kept apart.

import { ResponseCode } from '../protocol/codes.js';
import { ResponseError } from '../protocol/errors.js';
import { compareMessageQueues, type MessageQueue } from '../protocol/bodies/consumer.js';
import { MASTER_ID, selectBrokerAddr, type TopicRouteData } from '../protocol/bodies/route.js';
import { sum24h, type BrokerStatsData, type ProducerInfo, type StatsWindow } from '../protocol/bodies/stats.js';
import { javaStringHashCode } from '../protocol/javaHash.js';
import { isReadable } from '../protocol/perm.js';
import { getConsumeStats } from '../protocol/requests/consumer.js';
import { queryTopicConsumeByWho } from '../protocol/requests/broker.js';
import { getAllProducerInfo, getBrokerConsumeStats, groupStatsKey, STATS_NOT_EXIST, StatsName, viewBrokerStatsData } from '../protocol/requests/stats.js';
import { RemotingConnectError, RemotingTlsError } from '../remoting/errors.js';
import { validateAddress } from './addresses.js';
import { listBrokerAddresses } from './cluster.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { DLQ_GROUP_TOPIC_PREFIX, RETRY_GROUP_TOPIC_PREFIX } from './topics.js';

/**
 * Runs `work` against a broker given by address. When nothing listens there, the cluster table
 * says whether it is a broker of the cluster at all: an address it does not know is not found
 * (exit 4), a known broker that does not answer stays unreachable (exit 5).
 */
export async function onBroker<T>(admin: MQAdmin, brokerAddr: string, work: (addr: string) => Promise<T>): Promise<T> {
  const addr = validateAddress(brokerAddr, 'broker');
  try {
    return await work(addr);
  } catch (err) {
    if (!(err instanceof RemotingConnectError) || err instanceof RemotingTlsError) throw err;
    let known;
    try {
      known = listBrokerAddresses(await admin.examineClusterInfo());
    } catch {
      throw err;
    }
    if (known.some((b) => b.addr === addr)) throw err;
    throw new NotFoundError(
      `broker ${addr} is not in the cluster table and does not answer`,
      known.length > 0 ? `the brokers: ${known.map((b) => `${b.brokerName}${b.brokerId === 0 ? '' : `(${b.brokerId})`} ${b.addr}`).join(', ')}` : 'the NameServer knows no broker',
      { cause: err },
    );
  }
}

const ZERO_WINDOW: StatsWindow = { sum: 0, tps: 0, avgpt: 0 };
const zeroStats = (): BrokerStatsData => ({ statsMinute: { ...ZERO_WINDOW }, statsHour: { ...ZERO_WINDOW }, statsDay: { ...ZERO_WINDOW } });

function addStats(into: BrokerStatsData, s: BrokerStatsData): void {
  for (const k of ['statsMinute', 'statsHour', 'statsDay'] as const) {
    into[k].sum += s[k].sum;
    into[k].tps += s[k].tps;
    // The average per call of the sum: weighted by each broker's calls (sum / avgpt).
    const calls = (w: StatsWindow) => (w.avgpt > 0 ? w.sum / w.avgpt : 0);
    const total = calls(into[k]) + calls(s[k]);
    into[k].avgpt = total > 0 ? into[k].sum / total : 0;
  }
}

/**
 * One statistics item of a broker; an item the broker never counted anything for ("The stats
 * <n> <k> not exist") reads as zeros.
 */
export async function viewStats(admin: MQAdmin, brokerAddr: string, statsName: string, statsKey: string): Promise<BrokerStatsData> {
  try {
    return await admin.call(brokerAddr, viewBrokerStatsData, { statsName, statsKey });
  } catch (err) {
    if (err instanceof ResponseError && err.code === ResponseCode.SYSTEM_ERROR && STATS_NOT_EXIST.test(err.remark ?? '')) return zeroStats();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// statsAll

export interface StatsAllRow {
  topic: string;
  /** null: nobody consumes the topic (the Java tool's NO_CONSUMER row). */
  group: string | null;
  /** The group's lag on the topic, >= 0 (the Java tool's #Accumulation). */
  accumulation: number;
  /** Messages put per second over the last minute, summed over the masters. */
  inTps: number;
  /** Messages the group got per second over the last minute; null without a group. */
  outTps: number | null;
  /** Messages put over the last 24 hours (the day's sum, else the hour's, else the minute's, as Java). */
  in24h: number;
  out24h: number | null;
  /** The summed statistics items, every window. */
  inStats: BrokerStatsData;
  outStats: BrokerStatsData | null;
}

export interface StatsAllResult {
  rows: StatsAllRow[];
  /** Topics looked at (retry and DLQ topics left out). */
  topics: number;
  failures: TargetFailure[];
}

export interface StatsAllOptions {
  /** Only this topic (the Java `-t`); NotFoundError when the NameServer does not list it. */
  topic?: string;
  /** Only rows with messages in the last 24 hours (the Java `-a`). */
  activeOnly?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The Java statsAll: for every topic (retry and DLQ topics left out) the put statistics of its
 * masters (TOPIC_PUT_NUMS) and, per consumer group, the get statistics (GROUP_GET_NUMS,
 * `topic@group`) and the lag. Groups are asked of every master of the topic (the Java tool asks
 * one broker). Topics are asked in parallel with the admin's concurrency.
 */
export async function statsAll(admin: MQAdmin, o: StatsAllOptions = {}): Promise<StatsAllResult> {
  const all = await admin.fetchAllTopicList();
  let topics = all.filter((t) => !t.startsWith(RETRY_GROUP_TOPIC_PREFIX) && !t.startsWith(DLQ_GROUP_TOPIC_PREFIX)).sort();
  if (o.topic !== undefined) {
    if (!topics.includes(o.topic)) {
      throw new NotFoundError(`topic "${o.topic}" not found: the NameServer does not list it`, 'check the name with `mqadmin topicList`');
    }
    topics = [o.topic];
  }
  const failed = new Map<string, TargetFailure>();
  const fail = (addr: string, err: unknown) => {
    if (!failed.has(addr)) failed.set(addr, toTargetFailure(addr, err));
  };
  let done = 0;
  o.onProgress?.(0, topics.length);
  const perTopic = await admin.fanOut(topics, async (topic) => {
    const rows = await topicStats(admin, topic, fail).catch((err: unknown) => {
      // A topic listed but without a route (deleted meanwhile) is left out, as in Java.
      if (err instanceof NotFoundError) return [] as StatsAllRow[];
      throw err;
    });
    o.onProgress?.(++done, topics.length);
    return rows;
  });
  const rows: StatsAllRow[] = [];
  perTopic.forEach((r, i) => {
    if (r.ok) rows.push(...r.value);
    else fail(`topic ${topics[i]}`, r.error);
  });
  const shown = o.activeOnly ? rows.filter((r) => r.in24h > 0 || (r.out24h ?? 0) > 0) : rows;
  return { rows: shown, topics: topics.length, failures: [...failed.values()] };
}

async function topicStats(admin: MQAdmin, topic: string, fail: (addr: string, err: unknown) => void): Promise<StatsAllRow[]> {
  const route = await admin.examineTopicRoute(topic);
  const masters = route.brokerDatas.map((b) => b.brokerAddrs[MASTER_ID]).filter((a): a is string => a !== undefined);
  const readers = route.brokerDatas.map((b) => selectBrokerAddr(b)).filter((a): a is string => a !== undefined);
  const failedHere = new Set<string>();
  const attempt = async <T>(addr: string, work: () => Promise<T>): Promise<T | undefined> => {
    if (failedHere.has(addr)) return undefined;
    try {
      return await work();
    } catch (err) {
      failedHere.add(addr);
      fail(addr, err);
      return undefined;
    }
  };

  const [inParts, groupLists] = await Promise.all([
    Promise.all(masters.map((a) => attempt(a, () => viewStats(admin, a, StatsName.TOPIC_PUT_NUMS, topic)))),
    Promise.all(readers.map((a) => attempt(a, () => admin.call(a, queryTopicConsumeByWho, { topic })))),
  ]);
  const inStats = zeroStats();
  for (const s of inParts) if (s) addStats(inStats, s);
  const groups = [...new Set(groupLists.flatMap((g) => g ?? []))].sort();
  const base = { topic, inTps: inStats.statsMinute.tps, in24h: sum24h(inStats), inStats };
  if (groups.length === 0) return [{ ...base, group: null, accumulation: 0, outTps: null, out24h: null, outStats: null }];

  return Promise.all(
    groups.map(async (group) => {
      const [outParts, lagParts] = await Promise.all([
        Promise.all(masters.map((a) => attempt(a, () => viewStats(admin, a, StatsName.GROUP_GET_NUMS, groupStatsKey(topic, group))))),
        Promise.all(readers.map((a) => attempt(a, () => admin.call(a, getConsumeStats, { consumerGroup: group, topic })))),
      ]);
      const outStats = zeroStats();
      for (const s of outParts) if (s) addStats(outStats, s);
      let accumulation = 0;
      for (const cs of lagParts) for (const q of cs?.offsetTable ?? []) if (q.mq.topic === topic) accumulation += q.offset.brokerOffset - q.offset.consumerOffset;
      return { ...base, group, accumulation: Math.max(0, accumulation), outTps: outStats.statsMinute.tps, out24h: sum24h(outStats), outStats };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// brokerConsumeStats

export interface BrokerConsumeRow extends MessageQueue {
  group: string;
  brokerOffset: number;
  consumerOffset: number;
  /** brokerOffset - consumerOffset (the Java #Diff). */
  lag: number;
  /** Store time of the last consumed message; null when none was. */
  lastTimestamp: number | null;
}

export interface BrokerConsumeStatsResult {
  brokerAddr: string;
  isOrder: boolean;
  level: number;
  rows: BrokerConsumeRow[];
  /** The broker's figure: every queue's lag (the Java "Diff Total"). */
  totalDiff: number;
  /** 5.x brokers only: pulled but not yet committed. */
  totalInflightDiff: number | null;
  /** Consume TPS per group (over its topics) in the last minute. */
  groups: Array<{ group: string; topics: number; consumeTps: number; lag: number }>;
  /** Subscription groups with no offsets on this broker. */
  groupsWithoutOffsets: string[];
  /** Queues left out: they never held a message, or their lag is under the level. */
  hiddenQueues: number;
}

/**
 * GET_BROKER_CONSUME_STATS of one broker: every subscription group's offsets per queue of each
 * topic it consumes. Rows are every queue that ever held a message with lag >= `level`: the Java
 * tool also leaves out queues no message was ever consumed from (their lag still counts in its
 * Diff Total), which hides exactly the groups that consume nothing.
 */
export async function brokerConsumeStats(admin: MQAdmin, o: { brokerAddr: string; level?: number; isOrder?: boolean }): Promise<BrokerConsumeStatsResult> {
  const level = o.level ?? 0;
  const isOrder = o.isOrder ?? false;
  const list = await onBroker(admin, o.brokerAddr, (addr) => admin.call(addr, getBrokerConsumeStats, { isOrder }));
  const rows: BrokerConsumeRow[] = [];
  const groups: BrokerConsumeStatsResult['groups'] = [];
  const without: string[] = [];
  let hidden = 0;
  for (const g of list.groups) {
    if (g.stats.length === 0) {
      without.push(g.group);
      continue;
    }
    let tps = 0;
    let lag = 0;
    const topics = new Set<string>();
    for (const cs of g.stats) {
      tps += cs.consumeTps;
      for (const { mq, offset } of cs.offsetTable) {
        topics.add(mq.topic);
        const diff = offset.brokerOffset - offset.consumerOffset;
        lag += diff;
        if (offset.brokerOffset <= 0 || diff < level) {
          hidden++;
          continue;
        }
        rows.push({ ...mq, group: g.group, brokerOffset: offset.brokerOffset, consumerOffset: offset.consumerOffset, lag: diff, lastTimestamp: offset.lastTimestamp > 0 ? offset.lastTimestamp : null });
      }
    }
    groups.push({ group: g.group, topics: topics.size, consumeTps: tps, lag });
  }
  rows.sort((a, b) => byCodeUnits(a.topic, b.topic) || byCodeUnits(a.group, b.group) || compareMessageQueues(a, b));
  groups.sort((a, b) => byCodeUnits(a.group, b.group));
  return {
    brokerAddr: validateAddress(o.brokerAddr, 'broker'),
    isOrder,
    level,
    rows,
    totalDiff: list.totalDiff,
    totalInflightDiff: list.totalInflightDiff,
    groups,
    groupsWithoutOffsets: without.sort(byCodeUnits),
    hiddenQueues: hidden,
  };
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------------------------------------
// producer

export interface ProducerGroupResult {
  group: string;
  producers: Array<ProducerInfo & { address: string }>;
}

export interface ProducersResult {
  brokerAddr: string;
  groups: ProducerGroupResult[];
}

/** GET_ALL_PRODUCER_INFO of one broker: the producer groups and their clients, sorted. */
export async function brokerProducers(admin: MQAdmin, brokerAddr: string): Promise<ProducersResult> {
  const table = await onBroker(admin, brokerAddr, (addr) => admin.call(addr, getAllProducerInfo, undefined));
  const groups = table
    .map((g) => ({
      group: g.group,
      // `/127.0.0.1:45950` as Netty prints a channel address: the address alone.
      producers: g.producers.map((p) => ({ ...p, address: p.remoteIP.replace(/^[^/]*\//, '') })).sort((a, b) => byCodeUnits(a.clientId, b.clientId)),
    }))
    .sort((a, b) => byCodeUnits(a.group, b.group));
  return { brokerAddr: validateAddress(brokerAddr, 'broker'), groups };
}

// ---------------------------------------------------------------------------------------------
// allocateMQ

export interface AllocationResult {
  topic: string;
  strategy: 'AVG';
  /** `consumer`: queues and clients sorted, as consumers rebalance; `java`: the Java tool's orders. */
  order: 'consumer' | 'java';
  /** Every readable queue of the route, in the order the strategy saw them. */
  queues: MessageQueue[];
  clients: Array<{ clientId: string; queues: MessageQueue[] }>;
  /** client id -> queues, the shape the Java tool prints (key order: the Java tool's with `java`). */
  result: Record<string, MessageQueue[]>;
}

/** The queues a consumer subscribes to: 0..readQueueNums-1 of every readable queue data. */
export function readableQueues(topic: string, route: TopicRouteData): MessageQueue[] {
  const out: MessageQueue[] = [];
  for (const qd of route.queueDatas) {
    if (!isReadable(qd.perm)) continue;
    for (let i = 0; i < qd.readQueueNums; i++) out.push({ topic, brokerName: qd.brokerName, queueId: i });
  }
  return out;
}

/**
 * AllocateMessageQueueAveragely: with n queues and k clients, each client gets n/k queues and
 * the first n%k one more (one each when n <= k, none past position n), in consecutive blocks.
 */
export function allocateAveragely(queues: readonly MessageQueue[], clients: readonly string[], client: string): MessageQueue[] {
  const index = clients.indexOf(client);
  if (index < 0 || queues.length === 0) return [];
  const n = queues.length;
  const k = clients.length;
  const mod = n % k;
  const size = n <= k ? 1 : mod > 0 && index < mod ? Math.floor(n / k) + 1 : Math.floor(n / k);
  const start = mod > 0 && index < mod ? index * size : index * size + mod;
  const out: MessageQueue[] = [];
  for (let i = 0; i < Math.min(size, n - start); i++) out.push(queues[(start + i) % n]!);
  return out;
}

/** Java MessageQueue.hashCode: 31-based over broker name, queue id and topic, in 32 bits. */
export function messageQueueHash(mq: MessageQueue): number {
  let h = 1;
  h = (Math.imul(31, h) + javaStringHashCode(mq.brokerName)) | 0;
  h = (Math.imul(31, h) + mq.queueId) | 0;
  h = (Math.imul(31, h) + javaStringHashCode(mq.topic)) | 0;
  return h;
}

/**
 * The iteration order of a java.util.HashSet/HashMap filled in this order: buckets by the
 * spread hash `(h ^ h >>> 16) & (capacity - 1)`, capacity 16 doubling past a 0.75 load,
 * insertion order within a bucket. Duplicates (by `key`) keep their first place.
 */
export function javaHashOrder<T>(items: readonly T[], hash: (item: T) => number, key: (item: T) => string = (i) => String(i)): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  const unique = [...seen.values()];
  let capacity = 16;
  while (unique.length > capacity * 0.75) capacity *= 2;
  const bucket = (item: T) => {
    const h = hash(item);
    return ((h ^ (h >>> 16)) & (capacity - 1)) >>> 0;
  };
  return unique.map((item, i) => ({ item, i, b: bucket(item) })).sort((x, y) => x.b - y.b || x.i - y.i).map((x) => x.item);
}

export interface AllocateOptions {
  topic: string;
  clientIds: string[];
  /** Reproduce the Java tool's orders (an unsorted HashSet of queues, clients as given). */
  javaOrder?: boolean;
}

/**
 * Which queue each client gets under the averaging strategy. By default as a consumer group
 * really rebalances (RebalanceImpl sorts the queues and the client ids first); `javaOrder`
 * gives what the Java allocateMQ prints, which allocates over an unsorted set and so can differ
 * from what the consumers do.
 */
export async function allocateMQ(admin: MQAdmin, o: AllocateOptions): Promise<AllocationResult> {
  if (o.clientIds.length === 0) throw new InvalidArgumentError('no client id given', 'pass -i id1,id2 (or -g GROUP for the clients online)');
  const route = await admin.examineTopicRoute(o.topic);
  let queues = readableQueues(o.topic, route);
  let clients = [...o.clientIds];
  const mqKey = (q: MessageQueue) => `${q.brokerName}\u0000${q.queueId}`;
  if (o.javaOrder) {
    queues = javaHashOrder(queues, messageQueueHash, mqKey);
  } else {
    queues = [...new Map(queues.map((q) => [mqKey(q), q])).values()].sort(compareMessageQueues);
    clients = [...new Set(clients)].sort(byCodeUnits);
  }
  const assigned = new Map<string, MessageQueue[]>();
  for (const c of clients) assigned.set(c, allocateAveragely(queues, clients, c));
  const keys = o.javaOrder ? javaHashOrder([...assigned.keys()], javaStringHashCode) : [...assigned.keys()];
  // The Java tool's JSON: MessageQueue fields in fastjson's (alphabetical) order.
  const result: Record<string, MessageQueue[]> = {};
  for (const k of keys) result[k] = assigned.get(k)!.map((q) => ({ brokerName: q.brokerName, queueId: q.queueId, topic: q.topic }));
  return {
    topic: o.topic,
    strategy: 'AVG',
    order: o.javaOrder ? 'java' : 'consumer',
    queues,
    clients: [...new Set(clients)].map((c) => ({ clientId: c, queues: assigned.get(c)! })),
    result,
  };
}
