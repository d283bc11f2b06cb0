// Consumer groups: progress (lag), connections, running status, and offset resets
// (behaviours.md §5 and §7). Nothing here prints; every function returns data, with the
// brokers that failed kept beside the others' results.

import { ResponseCode } from '../protocol/codes.js';
import { ResponseError } from '../protocol/errors.js';
import {
  compareMessageQueues,
  mqKey,
  versionDesc,
  type Connection,
  type ConsumerConnection,
  type ConsumerRunningInfo,
  type MessageQueue,
  type SubscriptionData,
} from '../protocol/bodies/consumer.js';
import type { TopicRouteData } from '../protocol/bodies/route.js';
import {
  getAllSubscriptionGroupConfig,
  getConsumeStats,
  getConsumerConnectionList,
  getConsumerRunningInfo,
  getMaxOffset,
  getMinOffset,
  getProducerConnectionList,
  invokeBrokerToResetOffset,
  queryConsumerOffset,
  searchOffsetByTimestamp,
  updateConsumerOffset,
  V5_0_0,
} from '../protocol/requests/consumer.js';
import { validateAddress } from './addresses.js';
import { listBrokerAddresses } from './cluster.js';
import { mapSettled } from './concurrency.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { routeTargets, type BrokerAddrTarget as BrokerTarget } from './targets.js';
import { RETRY_GROUP_TOPIC_PREFIX } from './topics.js';

export const retryTopic = (group: string): string => `${RETRY_GROUP_TOPIC_PREFIX}${group}`;

/** Consumer groups every broker creates for itself; left out of listings unless asked for. */
export const SYSTEM_GROUPS = new Set([
  'TOOLS_CONSUMER', 'FILTERSRV_CONSUMER', '__MONITOR_CONSUMER', 'CLIENT_INNER_PRODUCER', 'SELF_TEST_C_GROUP',
  'CID_ONS-HTTP-PROXY', 'CID_ONSAPI_PERMISSION', 'CID_ONSAPI_OWNER', 'CID_ONSAPI_PULL', 'CID_RMQ_SYS_TRANS',
]);

export function isSystemGroup(group: string): boolean {
  return SYSTEM_GROUPS.has(group) || group.startsWith('CID_RMQ_SYS_') || group.startsWith('CID_SYS_RMQ_TRANS');
}


/**
 * The brokers serving a group: the route of `%RETRY%<group>`, else (5.x tool) the route of the
 * topic. NotFoundError when neither exists.
 */
async function routeOfGroup(admin: MQAdmin, group: string, topic?: string): Promise<TopicRouteData> {
  try {
    return await admin.examineTopicRoute(retryTopic(group));
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    if (topic) {
      try {
        return await admin.examineTopicRoute(topic);
      } catch (err2) {
        if (!(err2 instanceof NotFoundError)) throw err2;
        throw new NotFoundError(`neither consumer group "${group}" nor topic "${topic}" found`, 'check the names with `mqadmin consumerProgress` and `mqadmin topicList`', { cause: err2 });
      }
    }
    throw new NotFoundError(
      `consumer group "${group}" not found: the NameServer has no route for ${retryTopic(group)}`,
      'list the groups with `mqadmin consumerProgress`; a group that never had a client: give its topic with -t',
      { cause: err },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// consumerProgress -g

export interface QueueProgress extends MessageQueue {
  brokerOffset: number;
  consumerOffset: number;
  /** 5.x: the offset pulled so far (>= consumerOffset); null from 4.x brokers. */
  pullOffset: number | null;
  /** brokerOffset - consumerOffset, as the Java tool prints it. */
  lag: number;
  /** The queue's min offset, asked only where there is lag; null when not asked or failed. */
  minOffset: number | null;
  /** Lag counting only messages still on disk: brokerOffset - max(consumerOffset, minOffset). */
  availableLag: number;
  /** Store time of the last consumed message; null when none. */
  lastTimestamp: number | null;
  /** With `showClient`: the client holding the queue. */
  clientId?: string | null;
  retry: boolean;
}

export interface ConsumerProgressResult {
  group: string;
  topic: string | null;
  queues: QueueProgress[];
  consumeTps: number;
  /** Sum of every queue's lag, retry queues included (the Java tool's "Diff Total"). */
  totalLag: number;
  /** Lag of the subscribed topics alone, and of the retry queues alone. */
  topicLag: number;
  retryLag: number;
  availableLag: number;
  /** Clients online (null when the broker could not say). */
  clients: number | null;
  messageModel: string | null;
  failures: TargetFailure[];
}

export interface ConsumerProgressOptions {
  group: string;
  topic?: string;
  cluster?: string;
  /** Ask each client which queues it holds (the Java `-s`). */
  showClient?: boolean;
}

export async function consumerProgress(admin: MQAdmin, o: ConsumerProgressOptions): Promise<ConsumerProgressResult> {
  const route = await routeOfGroup(admin, o.group, o.topic);
  const targets = routeTargets(route, o.cluster);
  if (o.cluster !== undefined && targets.length === 0) throw new NotFoundError(`no broker of cluster "${o.cluster}" serves group "${o.group}"`);
  const failures: TargetFailure[] = [];
  const settled = await admin.fanOut(targets, (t) => admin.call(t.addr, getConsumeStats, { consumerGroup: o.group, ...(o.topic ? { topic: o.topic } : {}) }));
  const queues: QueueProgress[] = [];
  const addrOf = new Map<string, string>();
  let consumeTps = 0;
  settled.forEach((r, i) => {
    const t = targets[i]!;
    if (!r.ok) return void failures.push(toTargetFailure(t.addr, r.error));
    addrOf.set(t.brokerName, t.addr);
    consumeTps += r.value.consumeTps;
    for (const { mq, offset } of r.value.offsetTable) {
      if (o.topic && mq.topic !== o.topic && mq.topic !== retryTopic(o.group)) continue;
      addrOf.set(mq.brokerName, t.addr);
      const lag = offset.brokerOffset - offset.consumerOffset;
      queues.push({
        ...mq,
        brokerOffset: offset.brokerOffset,
        consumerOffset: offset.consumerOffset,
        pullOffset: offset.pullOffset ?? null,
        lag,
        minOffset: null,
        availableLag: lag,
        lastTimestamp: offset.lastTimestamp > 0 ? offset.lastTimestamp : null,
        retry: mq.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX),
      });
    }
  });
  queues.sort((a, b) => Number(a.retry) - Number(b.retry) || compareMessageQueues(a, b));

  // Where there is lag, messages may have expired: the min offset says how many are left.
  const lagging = queues.filter((q) => q.lag > 0 && addrOf.has(q.brokerName));
  const mins = await admin.fanOut(lagging, (q) => admin.call(addrOf.get(q.brokerName)!, getMinOffset, { topic: q.topic, queueId: q.queueId, brokerName: q.brokerName }));
  lagging.forEach((q, i) => {
    const m = mins[i]!;
    if (!m.ok) return;
    q.minOffset = m.value;
    q.availableLag = Math.max(0, q.brokerOffset - Math.max(q.consumerOffset, m.value));
  });

  // Who is online (and, with -s, which client holds which queue).
  let connection: ConsumerConnection | null | undefined;
  if (targets.length > 0) {
    try {
      connection = await admin.call(targets[0]!.addr, getConsumerConnectionList, { consumerGroup: o.group });
    } catch {
      connection = undefined;
    }
  }
  if (o.showClient) {
    for (const q of queues) q.clientId = null;
    if (connection && targets.length > 0) {
      const infos = await admin.fanOut(connection.connections, (c) => admin.call(targets[0]!.addr, getConsumerRunningInfo, { consumerGroup: o.group, clientId: c.clientId }));
      const holder = new Map<string, string>();
      infos.forEach((r, i) => {
        if (r.ok) for (const pq of r.value.queues) holder.set(mqKey(pq.mq), connection!.connections[i]!.clientId);
      });
      for (const q of queues) q.clientId = holder.get(mqKey(q)) ?? null;
    }
  }

  const sum = (rows: QueueProgress[], f: (q: QueueProgress) => number) => rows.reduce((s, q) => s + f(q), 0);
  return {
    group: o.group,
    topic: o.topic ?? null,
    queues,
    consumeTps,
    totalLag: sum(queues, (q) => q.lag),
    topicLag: sum(queues.filter((q) => !q.retry), (q) => q.lag),
    retryLag: sum(queues.filter((q) => q.retry), (q) => q.lag),
    availableLag: sum(queues, (q) => q.availableLag),
    clients: connection === undefined ? null : connection === null ? 0 : connection.connections.length,
    messageModel: connection ? connection.messageModel : null,
    failures,
  };
}

// ---------------------------------------------------------------------------------------------
// consumerProgress (all groups)

export interface GroupProgress {
  group: string;
  /** Clients online. */
  clients: number;
  /** The oldest client version, as the Java tool prints it (null when none online). */
  version: string | null;
  /** PUSH, PULL or POP (null when none online). */
  consumeType: string | null;
  messageModel: string | null;
  consumeTps: number;
  totalLag: number;
  /** Set when no broker of the group answered. */
  error?: string;
}

export interface AllGroupsProgress {
  groups: GroupProgress[];
  failures: TargetFailure[];
}

export interface AllGroupsOptions {
  cluster?: string;
  /** Groups asked at once (each asks its brokers and one connection list). */
  concurrency?: number;
  includeSystemGroups?: boolean;
  onProgress?: (done: number, total: number) => void;
}

const TYPE_NAMES: Record<string, string> = { CONSUME_PASSIVELY: 'PUSH', CONSUME_ACTIVELY: 'PULL', CONSUME_POP: 'POP' };

/**
 * Every group: from the subscription group tables of the masters (so groups that never had a
 * client are there) and the NameServer's `%RETRY%` topics; then per group, in parallel with a
 * bounded concurrency, its consume stats from the brokers that know it and its connections.
 */
export async function consumerProgressAll(admin: MQAdmin, o: AllGroupsOptions = {}): Promise<AllGroupsProgress> {
  const info = await admin.examineClusterInfo();
  if (o.cluster !== undefined && !(o.cluster in info.clusterAddrTable)) {
    throw new NotFoundError(`cluster "${o.cluster}" not found`, `known clusters: ${Object.keys(info.clusterAddrTable).sort().join(', ') || 'none'}`);
  }
  const masters = listBrokerAddresses(info, o.cluster).filter((b) => b.brokerId === 0);
  const failed = new Map<string, TargetFailure>();
  const fail = (addr: string, err: unknown) => {
    if (!failed.has(addr)) failed.set(addr, toTargetFailure(addr, err));
  };

  const [tables, topics] = await Promise.all([
    admin.fanOut(masters, (m) => admin.call(m.addr, getAllSubscriptionGroupConfig, undefined)),
    admin.fetchAllTopicList().catch(() => [] as string[]),
  ]);
  const brokersOf = new Map<string, Set<string>>();
  tables.forEach((r, i) => {
    const addr = masters[i]!.addr;
    if (!r.ok) return fail(addr, r.error);
    for (const g of Object.values(r.value)) {
      let s = brokersOf.get(g.groupName);
      if (!s) brokersOf.set(g.groupName, (s = new Set()));
      s.add(addr);
    }
  });
  const answering = masters.filter((m) => !failed.has(m.addr)).map((m) => m.addr);
  for (const t of topics) {
    if (!t.startsWith(RETRY_GROUP_TOPIC_PREFIX)) continue;
    const g = t.slice(RETRY_GROUP_TOPIC_PREFIX.length);
    if (!brokersOf.has(g)) brokersOf.set(g, new Set(answering));
  }
  const names = [...brokersOf.keys()].filter((g) => o.includeSystemGroups || !isSystemGroup(g)).sort();

  let done = 0;
  o.onProgress?.(0, names.length);
  const settled = await mapSettled(names, Math.max(1, o.concurrency ?? admin.concurrency), async (group): Promise<GroupProgress> => {
    const addrs = [...brokersOf.get(group)!].filter((a) => !failed.has(a)).sort();
    const [stats, conn] = await Promise.all([
      Promise.allSettled(addrs.map((a) => admin.call(a, getConsumeStats, { consumerGroup: group }))),
      addrs.length > 0 ? admin.call(addrs[0]!, getConsumerConnectionList, { consumerGroup: group }).catch(() => null) : Promise.resolve(null),
    ]);
    let consumeTps = 0;
    let totalLag = 0;
    let answered = 0;
    stats.forEach((r, i) => {
      if (r.status === 'rejected') return fail(addrs[i]!, r.reason);
      answered++;
      consumeTps += r.value.consumeTps;
      for (const q of r.value.offsetTable) totalLag += q.offset.brokerOffset - q.offset.consumerOffset;
    });
    done++;
    o.onProgress?.(done, names.length);
    const row: GroupProgress = {
      group,
      clients: conn ? conn.connections.length : 0,
      version: conn && conn.connections.length > 0 ? versionDesc(Math.min(...conn.connections.map((c) => c.version))) : null,
      consumeType: conn?.consumeType ? (TYPE_NAMES[conn.consumeType] ?? conn.consumeType) : null,
      messageModel: conn?.messageModel ?? null,
      consumeTps,
      totalLag,
    };
    if (answered === 0 && addrs.length > 0) row.error = 'no broker answered';
    return row;
  });
  const groups = settled.map((r, i) => (r.ok ? r.value : { group: names[i]!, clients: 0, version: null, consumeType: null, messageModel: null, consumeTps: 0, totalLag: 0, error: String(r.error) }));
  return { groups, failures: [...failed.values()] };
}

// ---------------------------------------------------------------------------------------------
// Connections and status

export interface ConsumerConnectionResult {
  group: string;
  brokerAddr: string;
  online: boolean;
  connections: Array<Connection & { versionDesc: string }>;
  subscriptions: SubscriptionData[];
  consumeType: string | null;
  messageModel: string | null;
  consumeFromWhere: string | null;
}

export async function consumerConnection(admin: MQAdmin, group: string, brokerAddr?: string): Promise<ConsumerConnectionResult> {
  let addr: string;
  if (brokerAddr !== undefined) addr = validateAddress(brokerAddr, 'broker');
  else {
    const targets = routeTargets(await routeOfGroup(admin, group));
    if (targets.length === 0) throw new NotFoundError(`no broker serves consumer group "${group}"`);
    addr = targets[0]!.addr;
  }
  const c = await admin.call(addr, getConsumerConnectionList, { consumerGroup: group });
  return {
    group,
    brokerAddr: addr,
    online: c !== null && c.connections.length > 0,
    connections: (c?.connections ?? []).map((x) => ({ ...x, versionDesc: versionDesc(x.version) })).sort((a, b) => (a.clientId < b.clientId ? -1 : 1)),
    subscriptions: c?.subscriptions ?? [],
    consumeType: c?.consumeType ?? null,
    messageModel: c?.messageModel ?? null,
    consumeFromWhere: c?.consumeFromWhere ?? null,
  };
}

export interface ProducerConnectionResult {
  group: string;
  topic: string;
  brokerAddr: string;
  connections: Array<Connection & { versionDesc: string }>;
}

export async function producerConnection(admin: MQAdmin, group: string, topic: string): Promise<ProducerConnectionResult> {
  const targets = routeTargets(await admin.examineTopicRoute(topic));
  if (targets.length === 0) throw new NotFoundError(`no broker serves topic "${topic}"`);
  const addr = targets[0]!.addr;
  const c = await admin.call(addr, getProducerConnectionList, { producerGroup: group });
  return { group, topic, brokerAddr: addr, connections: (c ?? []).map((x) => ({ ...x, versionDesc: versionDesc(x.version) })) };
}

export interface ClientStatus {
  clientId: string;
  clientAddr: string;
  version: string;
  info: ConsumerRunningInfo | null;
  /** Why the client could not answer. */
  error?: string;
}

export interface ConsumerStatusResult {
  group: string;
  online: boolean;
  clients: ClientStatus[];
  /** Every answering client subscribes the same topics with the same expressions. */
  sameSubscription: boolean | null;
  /** No queue is held by two clients. */
  rebalanceOk: boolean | null;
  /** Queues held by more than one client. */
  conflicts: Array<MessageQueue & { clients: string[] }>;
}

export async function consumerStatus(admin: MQAdmin, group: string, clientId?: string): Promise<ConsumerStatusResult> {
  const targets = routeTargets(await routeOfGroup(admin, group));
  if (targets.length === 0) throw new NotFoundError(`no broker serves consumer group "${group}"`);
  const addr = targets[0]!.addr;
  const conn = await admin.call(addr, getConsumerConnectionList, { consumerGroup: group });
  let connections = conn?.connections ?? [];
  if (clientId !== undefined) {
    connections = connections.filter((c) => c.clientId === clientId);
    if (connections.length === 0) throw new NotFoundError(`client "${clientId}" of group "${group}" is not online`, 'list the clients with `mqadmin consumerConnection -g GROUP`');
  }
  connections = [...connections].sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
  const infos = await admin.fanOut(connections, (c) => admin.call(addr, getConsumerRunningInfo, { consumerGroup: group, clientId: c.clientId }));
  const clients: ClientStatus[] = connections.map((c, i) => {
    const r = infos[i]!;
    const base = { clientId: c.clientId, clientAddr: c.clientAddr, version: versionDesc(c.version) };
    return r.ok ? { ...base, info: r.value } : { ...base, info: null, error: r.error instanceof Error ? r.error.message : String(r.error) };
  });
  const answered = clients.filter((c) => c.info !== null);
  const subKey = (info: ConsumerRunningInfo) => info.subscriptions.map((s) => `${s.topic}|${s.subString}`).sort().join(',');
  const holders = new Map<string, { mq: MessageQueue; clients: string[] }>();
  for (const c of answered) {
    for (const q of c.info!.queues) {
      if (q.dropped) continue;
      const k = mqKey(q.mq);
      const h = holders.get(k) ?? { mq: q.mq, clients: [] };
      h.clients.push(c.clientId);
      holders.set(k, h);
    }
  }
  const conflicts = [...holders.values()].filter((h) => h.clients.length > 1).map((h) => ({ ...h.mq, clients: h.clients }));
  return {
    group,
    online: connections.length > 0,
    clients,
    sameSubscription: answered.length === 0 ? null : new Set(answered.map((c) => subKey(c.info!))).size === 1,
    rebalanceOk: answered.length === 0 ? null : conflicts.length === 0,
    conflicts,
  };
}

// ---------------------------------------------------------------------------------------------
// Offset resets (behaviours.md §5)

/** Where to move: the newest offset, the oldest still held, a time, or (one queue) an offset. */
export type ResetTarget = { kind: 'latest' } | { kind: 'earliest' } | { kind: 'time'; ms: number } | { kind: 'offset'; offset: number };

export interface ResetOptions {
  group: string;
  topic: string;
  target: ResetTarget;
  /** false: only move offsets backwards (the Java `-f false`). */
  force: boolean;
  cluster?: string;
  /** One queue: its broker's address and queue id (the 5.x Java `-b -q [-o]`). */
  brokerAddr?: string;
  queueId?: number;
}

export interface PlannedQueue extends MessageQueue {
  addr: string;
  brokerOffset: number;
  /** The committed offset before the reset; -1 when the group has none. */
  before: number;
  /** The offset for the time (or the edge), before `-f false` is applied. */
  found: number;
  /** Where the reset moves the queue. */
  target: number;
  /** target - before (negative: messages consumed again; positive: skipped). */
  delta: number;
}

export interface ResetPlan {
  group: string;
  topic: string;
  target: ResetTarget;
  force: boolean;
  queues: PlannedQueue[];
  brokers: Array<{ brokerName: string; addr: string; serverVersion: number | null }>;
  failures: TargetFailure[];
}

/** The timestamp INVOKE_BROKER_TO_RESET_OFFSET takes for a target: -1 newest, 0 oldest. */
export function resetTimestamp(target: ResetTarget): number {
  return target.kind === 'latest' ? -1 : target.kind === 'earliest' ? 0 : target.kind === 'time' ? target.ms : 0;
}

/** Does the group exist? true/false when some broker's subscription table says; null when none answered. */
async function groupKnown(admin: MQAdmin, group: string, addrs: string[]): Promise<boolean | null> {
  const tables = await admin.fanOut(addrs, (a) => admin.call(a, getAllSubscriptionGroupConfig, undefined));
  let answered = false;
  for (const t of tables) {
    if (!t.ok) continue;
    answered = true;
    if (Object.values(t.value).some((g) => g.groupName === group)) return true;
  }
  return answered ? false : null;
}

/**
 * Per queue: the committed offset now, the offset for the target, and where the reset will
 * move it. Changes nothing. NotFoundError for an unknown topic or group.
 */
export async function planReset(admin: MQAdmin, o: ResetOptions): Promise<ResetPlan> {
  if (o.target.kind === 'offset' && (o.brokerAddr === undefined || o.queueId === undefined)) {
    throw new InvalidArgumentError('an explicit offset (-o) needs one queue: -b BROKER_ADDR and -q QUEUE_ID');
  }
  const route = await admin.examineTopicRoute(o.topic);
  let targets = routeTargets(route, o.cluster);
  if (o.cluster !== undefined && targets.length === 0) throw new NotFoundError(`no broker of cluster "${o.cluster}" serves topic "${o.topic}"`);
  if (o.brokerAddr !== undefined) {
    const addr = validateAddress(o.brokerAddr, 'broker');
    const b = route.brokerDatas.find((d) => Object.values(d.brokerAddrs).includes(addr));
    if (!b) throw new NotFoundError(`broker ${addr} does not serve topic "${o.topic}"`, 'see the brokers with `mqadmin topicRoute -t TOPIC`');
    targets = [{ cluster: b.cluster, brokerName: b.brokerName, addr }];
  }
  const known = await groupKnown(admin, o.group, targets.map((t) => t.addr));
  if (known === false) {
    throw new NotFoundError(`consumer group "${o.group}" not found on the brokers of topic "${o.topic}"`, 'list the groups with `mqadmin consumerProgress`');
  }

  const failures: TargetFailure[] = [];
  const brokers: ResetPlan['brokers'] = [];
  const perBroker = await admin.fanOut(targets, async (t) => {
    const stats = await admin.call(t.addr, getConsumeStats, { consumerGroup: o.group, topic: o.topic });
    let rows = stats.offsetTable.filter((r) => r.mq.topic === o.topic && r.mq.brokerName === t.brokerName);
    if (rows.length === 0) {
      // The group has no queue of this topic there yet: every readable queue of the route.
      const qd = route.queueDatas.find((q) => q.brokerName === t.brokerName);
      const ids = Array.from({ length: qd?.readQueueNums ?? 0 }, (_, i) => i);
      rows = await Promise.all(
        ids.map(async (queueId) => {
          const mq = { topic: o.topic, brokerName: t.brokerName, queueId };
          const [committed, max] = await Promise.all([
            admin.call(t.addr, queryConsumerOffset, { consumerGroup: o.group, ...mq }),
            admin.call(t.addr, getMaxOffset, mq),
          ]);
          // No committed offset reads as -1, as in consume stats.
          return { mq, offset: { brokerOffset: max, consumerOffset: committed ?? -1, lastTimestamp: 0 } };
        }),
      );
    }
    if (o.queueId !== undefined) {
      rows = rows.filter((r) => r.mq.queueId === o.queueId);
      if (rows.length === 0) throw new NotFoundError(`queue ${o.queueId} of topic "${o.topic}" not found on ${t.brokerName}`);
    }
    const planned: PlannedQueue[] = [];
    for (const r of rows) {
      const q = { topic: r.mq.topic, queueId: r.mq.queueId, brokerName: r.mq.brokerName };
      let found: number;
      switch (o.target.kind) {
        case 'latest':
          found = r.offset.brokerOffset;
          break;
        case 'earliest':
          found = await admin.call(t.addr, getMinOffset, q);
          break;
        case 'offset':
          found = o.target.offset;
          break;
        case 'time':
          found = await admin.call(t.addr, searchOffsetByTimestamp, { ...q, timestamp: o.target.ms });
          break;
      }
      const before = r.offset.consumerOffset;
      const target = !o.force && before >= 0 && found > before ? before : found;
      planned.push({ ...q, addr: t.addr, brokerOffset: r.offset.brokerOffset, before, found, target, delta: before >= 0 ? target - before : 0 });
    }
    return { planned, serverVersion: stats.serverVersion };
  });
  const queues: PlannedQueue[] = [];
  perBroker.forEach((r, i) => {
    const t = targets[i]!;
    if (!r.ok) {
      if (r.error instanceof NotFoundError) throw r.error;
      brokers.push({ brokerName: t.brokerName, addr: t.addr, serverVersion: null });
      return void failures.push(toTargetFailure(t.addr, r.error));
    }
    brokers.push({ brokerName: t.brokerName, addr: t.addr, serverVersion: r.value.serverVersion });
    queues.push(...r.value.planned);
  });
  queues.sort(compareMessageQueues);
  return { group: o.group, topic: o.topic, target: o.target, force: o.force, queues, brokers, failures };
}

/**
 * How a broker's reset ran: `server` (5.x: the broker moved the offsets itself), `client`
 * (4.x: the broker pushed them to the online consumers, which apply them within ~10 s), or
 * `direct` (no consumer online: mqadmin wrote the offsets with UPDATE_CONSUMER_OFFSET).
 */
export type ResetPath = 'server' | 'client' | 'direct';

export interface ResetQueueResult extends PlannedQueue {
  /** The committed offset read back after the reset (null when it could not be read). */
  after: number | null;
}

export interface ResetResult {
  group: string;
  topic: string;
  target: ResetTarget;
  force: boolean;
  brokers: Array<{ brokerName: string; addr: string; path: ResetPath | null; error?: string }>;
  queues: ResetQueueResult[];
  failures: TargetFailure[];
}

const NOT_FOUND_CODES = new Set<number>([ResponseCode.TOPIC_NOT_EXIST, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST]);

function isNotFoundAnswer(err: unknown): boolean {
  return err instanceof ResponseError && (NOT_FOUND_CODES.has(err.code) || (err.code === ResponseCode.SYSTEM_ERROR && /consumer group .* not exist|no topic in this broker/i.test(err.remark ?? '')));
}

/** Carries out a plan broker by broker, then reads every queue's offset back. */
export async function executeReset(admin: MQAdmin, plan: ResetPlan, o: { queueId?: number } = {}): Promise<ResetResult> {
  const failures = [...plan.failures];
  const planned = plan.brokers.filter((b) => b.serverVersion !== null);
  const queuesOf = (addr: string) => plan.queues.filter((q) => q.addr === addr);
  const writeDirect = async (addr: string) => {
    for (const q of queuesOf(addr)) {
      await admin.call(addr, updateConsumerOffset, { consumerGroup: plan.group, topic: q.topic, queueId: q.queueId, brokerName: q.brokerName, commitOffset: q.target });
    }
  };
  const settled = await admin.fanOut(planned, async (b): Promise<ResetPath> => {
    if (o.queueId !== undefined) {
      const q = queuesOf(b.addr)[0];
      if (!q) return 'direct';
      // A 4.x broker ignores queueId and would reset every queue: write the one queue instead.
      if ((b.serverVersion ?? 0) < V5_0_0) {
        await writeDirect(b.addr);
        return 'direct';
      }
      await admin.call(b.addr, invokeBrokerToResetOffset, { topic: plan.topic, group: plan.group, timestamp: 0, isForce: true, queueId: q.queueId, offset: q.target });
      return 'server';
    }
    const answer = await admin.call(b.addr, invokeBrokerToResetOffset, { topic: plan.topic, group: plan.group, timestamp: resetTimestamp(plan.target), isForce: plan.force });
    if (answer.kind === 'not-online') {
      await writeDirect(b.addr);
      return 'direct';
    }
    return answer.serverVersion >= V5_0_0 ? 'server' : 'client';
  });
  const brokers: ResetResult['brokers'] = plan.brokers.map((b) => ({ brokerName: b.brokerName, addr: b.addr, path: null }));
  settled.forEach((r, i) => {
    const b = planned[i]!;
    const row = brokers.find((x) => x.addr === b.addr)!;
    if (r.ok) row.path = r.value;
    else {
      row.error = r.error instanceof Error ? r.error.message : String(r.error);
      failures.push(toTargetFailure(b.addr, r.error));
    }
  });
  // Nothing changed anywhere and every broker says the group or topic is unknown: not found.
  if (settled.length > 0 && settled.every((r) => !r.ok && isNotFoundAnswer(r.error))) {
    const first = settled[0] as { ok: false; error: ResponseError };
    throw new NotFoundError(`consumer group "${plan.group}" or topic "${plan.topic}" not found: ${first.error.remark ?? first.error.message}`, 'list the groups with `mqadmin consumerProgress`', { cause: first.error });
  }

  // Read back.
  const after = new Map<string, number>();
  const reads = await admin.fanOut(planned, (b) => admin.call(b.addr, getConsumeStats, { consumerGroup: plan.group, topic: plan.topic }));
  reads.forEach((r, i) => {
    if (!r.ok) return void failures.push(toTargetFailure(planned[i]!.addr, r.error));
    for (const row of r.value.offsetTable) after.set(mqKey(row.mq), row.offset.consumerOffset);
  });
  const queues = plan.queues.map((q) => ({ ...q, after: after.get(mqKey(q)) ?? null }));
  const seen = new Set<string>();
  return { group: plan.group, topic: plan.topic, target: plan.target, force: plan.force, brokers, queues, failures: failures.filter((f) => (seen.has(f.target + f.error) ? false : (seen.add(f.target + f.error), true))) };
}

// ---------------------------------------------------------------------------------------------
// cloneGroupOffset

export interface CloneResult {
  srcGroup: string;
  destGroup: string;
  topic: string;
  queues: Array<MessageQueue & { offset: number }>;
  failures: TargetFailure[];
}

/**
 * Copies the source group's committed offsets of one topic to the destination group, as the
 * Java command does: the source's consume stats, then UPDATE_CONSUMER_OFFSET per queue.
 */
export async function cloneGroupOffset(admin: MQAdmin, o: { srcGroup: string; destGroup: string; topic: string }): Promise<CloneResult> {
  const topicRoute = await admin.examineTopicRoute(o.topic);
  const progress = await consumerProgress(admin, { group: o.srcGroup, topic: o.topic });
  const addrOf = new Map(routeTargets(topicRoute).map((t) => [t.brokerName, t.addr]));
  const rows = progress.queues.filter((q) => q.topic === o.topic && addrOf.has(q.brokerName) && q.consumerOffset >= 0);
  if (rows.length === 0 && progress.failures.length === 0) {
    throw new NotFoundError(`consumer group "${o.srcGroup}" has no offsets for topic "${o.topic}"`);
  }
  const failures = [...progress.failures];
  const writes = await admin.fanOut(rows, (q) =>
    admin.call(addrOf.get(q.brokerName)!, updateConsumerOffset, { consumerGroup: o.destGroup, topic: q.topic, queueId: q.queueId, brokerName: q.brokerName, commitOffset: q.consumerOffset }),
  );
  const queues: CloneResult['queues'] = [];
  writes.forEach((r, i) => {
    const q = rows[i]!;
    if (r.ok) queues.push({ topic: q.topic, brokerName: q.brokerName, queueId: q.queueId, offset: q.consumerOffset });
    else failures.push(toTargetFailure(addrOf.get(q.brokerName)!, r.error));
  });
  return { srcGroup: o.srcGroup, destGroup: o.destGroup, topic: o.topic, queues, failures };
}
