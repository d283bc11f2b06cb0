// A round of the Java startMonitoring (MonitorService, admin-commands.md §3.5): every consumer
// group (the NameServer's %RETRY% topics), per topic its undelivered messages (lag), the largest
// lag of one queue, how far behind in time it is, messages removed before it read them, its
// clients, and whether they subscribe alike and hold distinct queues. And what changed between
// two rounds. Nothing here prints.

import { mqKey, type ConsumerConnection, type MessageQueue } from '../protocol/bodies/consumer.js';
import type { TopicQueueOffset } from '../protocol/bodies/topicAdmin.js';
import { getConsumeStats, getConsumerConnectionList, getConsumerRunningInfo } from '../protocol/requests/consumer.js';
import { getTopicStatsInfo } from '../protocol/requests/topics.js';
import { mapSettled } from './concurrency.js';
import { isSystemGroup, retryTopic } from './consumer.js';
import { NotFoundError, toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { routeTargets } from './targets.js';
import { RETRY_GROUP_TOPIC_PREFIX } from './topics.js';

/** MQVersion V3_1_8_SNAPSHOT: clients older than this cannot report their running state. */
const V3_1_8_SNAPSHOT = 62;

export interface MonitorTopic {
  topic: string;
  /** Messages stored but not consumed yet (positive lags summed; Java undoneMsgsTotal). */
  lag: number;
  /** The largest lag of one queue (Java undoneMsgsSingleMQ). */
  maxQueueLag: number;
  /**
   * How far behind in time: store time of the newest message minus that of the last consumed
   * one, the largest over the lagging queues (Java undoneMsgsDelayTimeMills); null when no
   * lagging queue had a consumed message to compare with.
   */
  delayMs: number | null;
  /** Messages removed from the broker (expired) before the group consumed them. */
  expired: number;
}

export interface MonitorGroup {
  group: string;
  clients: number;
  consumeTps: number;
  topics: MonitorTopic[];
  /** Every client that answered subscribes the same; null when none answered. */
  sameSubscription: boolean | null;
  /** Queues held by more than one client at once. */
  conflicts: Array<MessageQueue & { clients: string[] }>;
}

export interface MonitorRound {
  round: number;
  /** When the round started (epoch ms). */
  time: number;
  groups: MonitorGroup[];
  failures: TargetFailure[];
}

export interface MonitorOptions {
  round?: number;
  includeSystemGroups?: boolean;
  /** Groups asked at once. */
  concurrency?: number;
  now?: () => number;
}

export async function monitorRound(admin: MQAdmin, o: MonitorOptions = {}): Promise<MonitorRound> {
  const now = o.now ?? Date.now;
  const time = now();
  const topics = await admin.fetchAllTopicList();
  const names = [...new Set(topics.filter((t) => t.startsWith(RETRY_GROUP_TOPIC_PREFIX)).map((t) => t.slice(RETRY_GROUP_TOPIC_PREFIX.length)))]
    .filter((g) => o.includeSystemGroups || !isSystemGroup(g))
    .sort();
  const failed = new Map<string, TargetFailure>();
  const fail = (addr: string, err: unknown) => {
    if (!failed.has(addr)) failed.set(addr, toTargetFailure(addr, err));
  };
  const settled = await mapSettled(names, Math.max(1, o.concurrency ?? admin.concurrency), (g) => monitorGroup(admin, g, fail));
  const groups: MonitorGroup[] = [];
  settled.forEach((r, i) => {
    if (r.ok) {
      if (r.value) groups.push(r.value);
    } else fail(`group ${names[i]}`, r.error);
  });
  return { round: o.round ?? 1, time, groups, failures: [...failed.values()] };
}

async function monitorGroup(admin: MQAdmin, group: string, fail: (addr: string, err: unknown) => void): Promise<MonitorGroup | null> {
  let targets;
  try {
    targets = routeTargets(await admin.examineTopicRoute(retryTopic(group)));
  } catch (err) {
    if (err instanceof NotFoundError) return null; // deleted since the topic list was read
    throw err;
  }
  const stats = await admin.fanOut(targets, (t) => admin.call(t.addr, getConsumeStats, { consumerGroup: group }));
  let conn: ConsumerConnection | null = null;
  if (targets.length > 0) {
    conn = await admin.call(targets[0]!.addr, getConsumerConnectionList, { consumerGroup: group }).catch((err: unknown) => {
      fail(targets[0]!.addr, err);
      return null;
    });
  }

  interface Q { addr: string; mq: MessageQueue; lag: number; consumerOffset: number; lastTimestamp: number }
  const queues: Q[] = [];
  let consumeTps = 0;
  stats.forEach((r, i) => {
    const t = targets[i]!;
    if (!r.ok) return fail(t.addr, r.error);
    consumeTps += r.value.consumeTps;
    for (const { mq, offset } of r.value.offsetTable) {
      queues.push({ addr: t.addr, mq, lag: offset.brokerOffset - offset.consumerOffset, consumerOffset: offset.consumerOffset, lastTimestamp: offset.lastTimestamp });
    }
  });

  // Where there is lag: the queues' min offsets and newest store times, one request per topic and broker.
  const lagging = queues.filter((q) => q.lag > 0);
  const pairs = [...new Map(lagging.map((q) => [`${q.addr}|${q.mq.topic}`, { addr: q.addr, topic: q.mq.topic }])).values()];
  const tables = await admin.fanOut(pairs, (p) => admin.call(p.addr, getTopicStatsInfo, { topic: p.topic }));
  const offsetsOf = new Map<string, TopicQueueOffset>();
  tables.forEach((r, i) => {
    if (!r.ok) return fail(pairs[i]!.addr, r.error);
    for (const q of r.value) offsetsOf.set(mqKey({ topic: pairs[i]!.topic, brokerName: q.brokerName, queueId: q.queueId }), q);
  });

  const byTopic = new Map<string, MonitorTopic>();
  for (const q of queues) {
    let t = byTopic.get(q.mq.topic);
    if (!t) byTopic.set(q.mq.topic, (t = { topic: q.mq.topic, lag: 0, maxQueueLag: 0, delayMs: null, expired: 0 }));
    if (q.lag > 0) t.lag += q.lag;
    t.maxQueueLag = Math.max(t.maxQueueLag, q.lag);
    const o = q.lag > 0 ? offsetsOf.get(mqKey(q.mq)) : undefined;
    if (!o) continue;
    if (q.lastTimestamp > 0 && o.lastUpdateTimestamp > 0) t.delayMs = Math.max(t.delayMs ?? 0, o.lastUpdateTimestamp - q.lastTimestamp);
    if (q.consumerOffset >= 0 && o.minOffset > q.consumerOffset) t.expired += o.minOffset - q.consumerOffset;
  }

  // The clients' own view: subscriptions alike, no queue held twice (Java's running-info report).
  let sameSubscription: boolean | null = null;
  const conflicts: MonitorGroup['conflicts'] = [];
  const clients = conn?.connections ?? [];
  const askable = clients.filter((c) => c.version >= V3_1_8_SNAPSHOT);
  if (askable.length > 0) {
    const infos = await admin.fanOut(askable, (c) => admin.call(targets[0]!.addr, getConsumerRunningInfo, { consumerGroup: group, clientId: c.clientId }));
    const answered = infos.flatMap((r, i) => (r.ok ? [{ clientId: askable[i]!.clientId, info: r.value }] : []));
    if (answered.length > 0) {
      const subKey = (subs: Array<{ topic: string; subString: string }>) => subs.map((s) => `${s.topic}|${s.subString}`).sort().join(',');
      sameSubscription = new Set(answered.map((a) => subKey(a.info.subscriptions))).size === 1;
      const holders = new Map<string, { mq: MessageQueue; clients: string[] }>();
      for (const a of answered) {
        for (const pq of a.info.queues) {
          if (pq.dropped) continue;
          const h = holders.get(mqKey(pq.mq)) ?? { mq: pq.mq, clients: [] };
          h.clients.push(a.clientId);
          holders.set(mqKey(pq.mq), h);
        }
      }
      for (const h of holders.values()) if (h.clients.length > 1) conflicts.push({ ...h.mq, clients: h.clients.sort() });
    }
  }

  return {
    group,
    clients: clients.length,
    consumeTps,
    topics: [...byTopic.values()].sort((a, b) => Number(a.topic.startsWith('%')) - Number(b.topic.startsWith('%')) || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)),
    sameSubscription,
    conflicts,
  };
}

// ---------------------------------------------------------------------------------------------
// What changed

export type MonitorChangeKind = 'new-group' | 'gone-group' | 'clients' | 'lag' | 'expired' | 'subscription' | 'rebalance';

export interface MonitorChange {
  kind: MonitorChangeKind;
  group: string;
  topic?: string;
  before: number | boolean | null;
  after: number | boolean | null;
}

/** Changes from one round to the next, in group and topic order. */
export function monitorChanges(prev: MonitorRound | undefined, cur: MonitorRound): MonitorChange[] {
  if (!prev) return [];
  const out: MonitorChange[] = [];
  const before = new Map(prev.groups.map((g) => [g.group, g]));
  const after = new Map(cur.groups.map((g) => [g.group, g]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const name of names) {
    const a = before.get(name);
    const b = after.get(name);
    if (!a) {
      out.push({ kind: 'new-group', group: name, before: null, after: b!.clients });
      continue;
    }
    if (!b) {
      out.push({ kind: 'gone-group', group: name, before: a.clients, after: null });
      continue;
    }
    if (a.clients !== b.clients) out.push({ kind: 'clients', group: name, before: a.clients, after: b.clients });
    const topicsA = new Map(a.topics.map((t) => [t.topic, t]));
    for (const t of b.topics) {
      const old = topicsA.get(t.topic);
      if ((old?.lag ?? 0) !== t.lag) out.push({ kind: 'lag', group: name, topic: t.topic, before: old?.lag ?? null, after: t.lag });
      if ((old?.expired ?? 0) !== t.expired) out.push({ kind: 'expired', group: name, topic: t.topic, before: old?.expired ?? null, after: t.expired });
    }
    if (a.sameSubscription !== b.sameSubscription && b.sameSubscription !== null) out.push({ kind: 'subscription', group: name, before: a.sameSubscription, after: b.sameSubscription });
    if ((a.conflicts.length === 0) !== (b.conflicts.length === 0)) out.push({ kind: 'rebalance', group: name, before: a.conflicts.length === 0, after: b.conflicts.length === 0 });
  }
  return out;
}
