// Topics: the listings (all names from the NameServer, with `topicList -c` the clusters hosting
// each and the groups consuming it, behaviours.md §7), creating or patching a topic's config on
// brokers (updateTopic), deleting it, its status, its clusters and its permission. Nothing here
// prints; every operation returns what it found and did per broker, failures kept apart.

import type { ClusterInfo } from '../protocol/bodies/cluster.js';
import { MASTER_ID, selectBrokerAddr, type TopicRouteData } from '../protocol/bodies/route.js';
import { applyAttributeEdits, type TopicConfig, type TopicQueueOffset } from '../protocol/bodies/topicAdmin.js';
import { PERM_READ, PERM_WRITE } from '../protocol/perm.js';
import { updateAndCreateTopic, type TopicConfigArgs } from '../protocol/requests/broker.js';
import { deleteKvConfig, deleteTopicInNamesrv, getKvConfig, putKvConfig } from '../protocol/requests/namesrv.js';
import { deleteTopicInBroker, getAllTopicConfig, getTopicStatsInfo } from '../protocol/requests/topics.js';
import type { BrokerAddress } from './cluster.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { type TargetSelector, resolveBrokers } from './targets.js';

export const RETRY_GROUP_TOPIC_PREFIX = '%RETRY%';
export const DLQ_GROUP_TOPIC_PREFIX = '%DLQ%';

export interface TopicDetail {
  topic: string;
  /** Clusters whose brokers host the topic's queues. */
  clusters: string[];
  /** Consumer groups consuming the topic, from every broker that hosts it. */
  groups: string[];
}

export interface TopicListResult {
  topics: string[];
  /** Only with `withDetails`: retry and DLQ topics are left out, as the Java tool does. */
  details?: TopicDetail[];
  failures: TargetFailure[];
}

export async function topicList(admin: MQAdmin, options: { withDetails?: boolean } = {}): Promise<TopicListResult> {
  const topics = (await admin.fetchAllTopicList()).sort();
  if (!options.withDetails) return { topics, failures: [] };

  const info = await admin.examineClusterInfo();
  const candidates = topics.filter((t) => !t.startsWith(RETRY_GROUP_TOPIC_PREFIX) && !t.startsWith(DLQ_GROUP_TOPIC_PREFIX));
  const failures: TargetFailure[] = [];
  const settled = await admin.fanOut(candidates, async (topic) => {
    const route = await admin.examineTopicRoute(topic);
    const addrs = route.brokerDatas.map(selectBrokerAddr).filter((a): a is string => a !== undefined);
    const answers = await admin.fanOut(addrs, (addr) => admin.queryTopicConsumeByWho(addr, topic));
    const groups = new Set<string>();
    answers.forEach((a, i) => {
      if (a.ok) a.value.forEach((g) => groups.add(g));
      else failures.push(toTargetFailure(addrs[i]!, a.error));
    });
    return { topic, clusters: clustersOfRoute(route, info), groups: [...groups].sort() };
  });
  const details = settled.map((r, i): TopicDetail => {
    if (r.ok) return r.value;
    failures.push(toTargetFailure(candidates[i]!, r.error));
    return { topic: candidates[i]!, clusters: [], groups: [] };
  });
  return { topics, details, failures };
}

/** The clusters that contain any of the route's broker names. */
export function clustersOfRoute(route: TopicRouteData, info: ClusterInfo): string[] {
  const names = new Set(route.brokerDatas.map((b) => b.brokerName));
  return Object.keys(info.clusterAddrTable)
    .filter((c) => info.clusterAddrTable[c]!.some((n) => names.has(n)))
    .sort();
}

export const AUTO_CREATE_TOPIC = 'TBW102';
export const ORDER_TOPIC_CONFIG = 'ORDER_TOPIC_CONFIG';
/** The Java tool's defaults for a new topic (UpdateTopicSubCommand). */
export const TOPIC_DEFAULTS = { readQueueNums: 8, writeQueueNums: 8, perm: PERM_READ | PERM_WRITE } as const;
const TOPIC_MAX_LENGTH = 127;
export const TOPIC_NAME_RE = /^[%|a-zA-Z0-9_-]+$/;
const SYSFLAG_UNIT = 1;
const SYSFLAG_UNIT_SUB = 2;

// ---------------------------------------------------------------------------------------------
// Validation

/** RocketMQ's topic name rules (TopicValidator): not blank, `^[%|a-zA-Z0-9_-]+$`, <= 127 characters. */
export function validateTopicName(topic: string): string {
  if (topic.trim() === '') throw new InvalidArgumentError('the topic name is blank');
  if (!TOPIC_NAME_RE.test(topic)) {
    throw new InvalidArgumentError(`invalid topic name "${topic}": only letters, digits, %, |, _ and - are allowed`);
  }
  if (topic.length > TOPIC_MAX_LENGTH) throw new InvalidArgumentError(`invalid topic name: ${topic.length} characters, at most ${TOPIC_MAX_LENGTH} are allowed`);
  return topic;
}

function validateQueueNums(value: number | undefined, what: string): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new InvalidArgumentError(`invalid ${what} ${value}: expected an integer from 0 to 65535`);
}

function validatePerm(perm: number | undefined): void {
  if (perm === undefined) return;
  if (![PERM_WRITE, PERM_READ, PERM_READ | PERM_WRITE].includes(perm)) {
    throw new InvalidArgumentError(`invalid perm ${perm}: expected 2 (write only), 4 (read only) or 6 (read and write)`);
  }
}

// ---------------------------------------------------------------------------------------------
// updateTopic

export interface UpdateTopicOptions extends TargetSelector {
  topic: string;
  readQueueNums?: number;
  writeQueueNums?: number;
  perm?: number;
  order?: boolean;
  /** `-u`: the unit flag of topicSysFlag. */
  unit?: boolean;
  /** `-s`: the unit-sub flag of topicSysFlag. */
  hasUnitSub?: boolean;
  /** 5.x attribute edits, `+k=v,-k`. */
  attributes?: string;
}

export interface FieldChange {
  field: 'readQueueNums' | 'writeQueueNums' | 'perm' | 'order' | 'topicSysFlag' | 'attributes';
  before: number | boolean | string | null;
  after: number | boolean | string;
  /** Loses something: fewer queues, a permission removed. */
  lossy: boolean;
}

export interface TopicConfigView {
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  order: boolean;
  topicSysFlag: number;
  attributes: Record<string, string>;
}

export interface BrokerTopicPlan extends BrokerAddress {
  action: 'create' | 'update' | 'unchanged';
  before: TopicConfigView | null;
  after: TopicConfigView;
  changes: FieldChange[];
}

export interface UpdateTopicPlan {
  topic: string;
  brokers: BrokerTopicPlan[];
  /** Brokers whose current config could not be read; nothing is sent to them. */
  failures: TargetFailure[];
  /** Some change loses queues or permissions: needs confirmation. */
  lossy: boolean;
  /** The ORDER_TOPIC_CONFIG value written with `-o true`, `brokerName:writeQueueNums;...`. */
  orderConf: string | null;
  /** `-o true` with `-b`: merged into the NameServer's existing order configuration. */
  orderConfMerge: boolean;
  /** The attribute edits passed through to 5.x brokers. */
  attributes: string;
}

export interface BrokerTopicOutcome extends BrokerTopicPlan {
  outcome: 'created' | 'updated' | 'unchanged' | 'failed';
  error?: string;
}

export interface UpdateTopicResult {
  topic: string;
  brokers: BrokerTopicOutcome[];
  orderConf: string | null;
  failures: TargetFailure[];
}

/** The current config of `topic` on one broker, or null; GET_ALL_TOPIC_CONFIG works on 4.9.x and 5.x. */
export async function fetchTopicConfig(admin: MQAdmin, addr: string, topic: string): Promise<TopicConfig | null> {
  const table = await admin.call(addr, getAllTopicConfig, undefined);
  return table[topic] ?? null;
}


function validateAttributes(edits: string | undefined): void {
  if (edits === undefined) return;
  for (const item of edits.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!/^(\+[^=,+-][^=,]*=[^,]*|-[^=,]+)$/.test(item)) {
      throw new InvalidArgumentError(`invalid attribute edit "${item}": expected +key=value or -key`, 'for example -a +message.type=NORMAL,-old.key');
    }
  }
}

const attrText = (a: Record<string, string>): string =>
  Object.keys(a).sort().map((k) => `${k}=${a[k]}`).join(',');

function viewOf(c: TopicConfig): TopicConfigView {
  return { readQueueNums: c.readQueueNums, writeQueueNums: c.writeQueueNums, perm: c.perm, order: c.order, topicSysFlag: c.topicSysFlag, attributes: c.attributes };
}

/** What `updateTopic` would change on each broker: reads the current configs, changes nothing. */
export async function planUpdateTopic(admin: MQAdmin, options: UpdateTopicOptions): Promise<UpdateTopicPlan> {
  validateTopicName(options.topic);
  validateQueueNums(options.readQueueNums, 'read queue number');
  validateQueueNums(options.writeQueueNums, 'write queue number');
  validatePerm(options.perm);
  validateAttributes(options.attributes);
  const { brokers: targets } = await resolveBrokers(admin, options);
  const settled = await admin.fanOut(targets, (t) => fetchTopicConfig(admin, t.addr, options.topic));
  const brokers: BrokerTopicPlan[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (!r.ok) {
      failures.push(toTargetFailure(t.addr, r.error));
      return;
    }
    brokers.push(planOne(t, r.value ? viewOf(r.value) : null, options));
  });
  const lossy = brokers.some((b) => b.changes.some((c) => c.lossy));
  let orderConf: string | null = null;
  if (options.order === true) orderConf = brokers.map((b) => `${b.brokerName}:${b.after.writeQueueNums}`).join(';');
  return { topic: options.topic, brokers, failures, lossy, orderConf, orderConfMerge: options.brokerAddr !== undefined, attributes: options.attributes ?? '' };
}

function planOne(target: BrokerAddress, before: TopicConfigView | null, o: UpdateTopicOptions): BrokerTopicPlan {
  const base: TopicConfigView = before ?? { ...TOPIC_DEFAULTS, order: false, topicSysFlag: 0, attributes: {} };
  let sysFlag = base.topicSysFlag;
  if (o.unit !== undefined) sysFlag = o.unit ? sysFlag | SYSFLAG_UNIT : sysFlag & ~SYSFLAG_UNIT;
  if (o.hasUnitSub !== undefined) sysFlag = o.hasUnitSub ? sysFlag | SYSFLAG_UNIT_SUB : sysFlag & ~SYSFLAG_UNIT_SUB;
  const after: TopicConfigView = {
    readQueueNums: o.readQueueNums ?? base.readQueueNums,
    writeQueueNums: o.writeQueueNums ?? base.writeQueueNums,
    perm: o.perm ?? base.perm,
    order: o.order ?? base.order,
    topicSysFlag: sysFlag,
    attributes: o.attributes !== undefined ? applyAttributeEdits(base.attributes, o.attributes) : base.attributes,
  };
  const changes: FieldChange[] = [];
  const b = before;
  const add = (field: FieldChange['field'], was: number | boolean | string | null, now: number | boolean | string, lossy: boolean) => {
    if (was !== now) changes.push({ field, before: was, after: now, lossy });
  };
  add('readQueueNums', b?.readQueueNums ?? null, after.readQueueNums, b !== null && after.readQueueNums < b.readQueueNums);
  add('writeQueueNums', b?.writeQueueNums ?? null, after.writeQueueNums, b !== null && after.writeQueueNums < b.writeQueueNums);
  add('perm', b?.perm ?? null, after.perm, b !== null && (b.perm & ~after.perm & (PERM_READ | PERM_WRITE)) !== 0);
  add('order', b?.order ?? null, after.order, false);
  add('topicSysFlag', b?.topicSysFlag ?? null, after.topicSysFlag, false);
  const attrsBefore = b ? attrText(b.attributes) : null;
  if (attrsBefore !== attrText(after.attributes) && (b !== null || Object.keys(after.attributes).length > 0)) {
    changes.push({ field: 'attributes', before: attrsBefore, after: attrText(after.attributes), lossy: false });
  }
  const action = before === null ? 'create' : changes.length === 0 ? 'unchanged' : 'update';
  return { ...target, action, before, after, changes };
}

/** Sends the plan: UPDATE_AND_CREATE_TOPIC to each broker that changes, then the order configuration. */
export async function applyUpdateTopic(admin: MQAdmin, plan: UpdateTopicPlan): Promise<UpdateTopicResult> {
  const failures = [...plan.failures];
  const settled = await admin.fanOut(plan.brokers, async (b) => {
    if (b.action === 'unchanged') return;
    const args: TopicConfigArgs = {
      topic: plan.topic,
      readQueueNums: b.after.readQueueNums,
      writeQueueNums: b.after.writeQueueNums,
      perm: b.after.perm,
      topicSysFlag: b.after.topicSysFlag,
      order: b.after.order,
      attributes: plan.attributes,
    };
    await admin.createAndUpdateTopicConfig(b.addr, args);
  });
  const brokers: BrokerTopicOutcome[] = plan.brokers.map((b, i) => {
    const r = settled[i]!;
    if (r.ok) return { ...b, outcome: b.action === 'create' ? 'created' : b.action === 'update' ? 'updated' : 'unchanged' };
    const failure = toTargetFailure(b.addr, r.error);
    failures.push(failure);
    return { ...b, outcome: 'failed', error: failure.error };
  });
  let orderConf: string | null = null;
  if (plan.orderConf !== null) {
    const done = brokers.filter((b) => b.outcome !== 'failed');
    if (done.length > 0) {
      orderConf = done.map((b) => `${b.brokerName}:${b.after.writeQueueNums}`).join(';');
      try {
        if (plan.orderConfMerge) {
          // Like the Java tool with -b: merge this broker's entry into the existing value.
          const old = await admin.callNamesrv(getKvConfig, { namespace: ORDER_TOPIC_CONFIG, key: plan.topic });
          orderConf = mergeOrderConf(old, orderConf);
        }
        const puts = await admin.callEachNamesrv(putKvConfig, { namespace: ORDER_TOPIC_CONFIG, key: plan.topic, value: orderConf });
        for (const p of puts) if (!p.ok) failures.push(toTargetFailure(p.addr, p.error));
      } catch (err) {
        failures.push(toTargetFailure('NameServer', err));
      }
    }
  }
  return { topic: plan.topic, brokers, orderConf, failures };
}

/** `brokerA:4;brokerB:8` with the entries of `update` replacing those of `old`. */
export function mergeOrderConf(old: string | null, update: string): string {
  const map = new Map<string, string>();
  for (const text of [old ?? '', update]) {
    for (const item of text.split(';').map((s) => s.trim()).filter(Boolean)) {
      const [name, nums] = item.split(':');
      if (name && nums !== undefined) map.set(name, nums);
    }
  }
  return [...map].map(([n, q]) => `${n}:${q}`).join(';');
}

// ---------------------------------------------------------------------------------------------
// deleteTopic

export interface DeleteTopicPlan {
  topic: string;
  cluster: string;
  /** Every broker of the cluster, masters and slaves. */
  brokers: BrokerAddress[];
  namesrvAddrs: string[];
}

export interface DeleteTopicResult extends DeleteTopicPlan {
  deletedOn: string[];
  namesrvsDone: string[];
  /** The NameServer has no route for the topic any more (it may live on in another cluster). */
  routeRemoved: boolean;
  /** The topic's ORDER_TOPIC_CONFIG entry was deleted (only once no route is left). */
  orderConfDeleted: boolean;
  failures: TargetFailure[];
}

export async function planDeleteTopic(admin: MQAdmin, options: { topic: string; cluster: string }): Promise<DeleteTopicPlan> {
  validateTopicName(options.topic);
  const { brokers } = await resolveBrokers(admin, { cluster: options.cluster }, { includeSlaves: true });
  // A topic the NameServer has no route for is reported as not found (exit 4).
  const route = await admin.examineTopicRoute(options.topic);
  const names = new Set(brokers.map((b) => b.brokerName));
  if (!route.queueDatas.some((q) => names.has(q.brokerName))) {
    const where = [...new Set(route.brokerDatas.map((b) => b.cluster))].sort();
    throw new NotFoundError(`topic "${options.topic}" is not on any broker of cluster "${options.cluster}"`, where.length ? `it is on cluster ${where.join(', ')}` : undefined);
  }
  return { topic: options.topic, cluster: options.cluster, brokers, namesrvAddrs: [...admin.namesrvAddrs] };
}

export async function applyDeleteTopic(admin: MQAdmin, plan: DeleteTopicPlan): Promise<DeleteTopicResult> {
  const failures: TargetFailure[] = [];
  const settled = await admin.fanOut(plan.brokers, (b) => admin.call(b.addr, deleteTopicInBroker, { topic: plan.topic }));
  const deletedOn: string[] = [];
  plan.brokers.forEach((b, i) => {
    const r = settled[i]!;
    if (r.ok) deletedOn.push(b.addr);
    else failures.push(toTargetFailure(b.addr, r.error));
  });
  const namesrvsDone: string[] = [];
  for (const r of await admin.callEachNamesrv(deleteTopicInNamesrv, { topic: plan.topic, clusterName: plan.cluster })) {
    if (r.ok) namesrvsDone.push(r.addr);
    else failures.push(toTargetFailure(r.addr, r.error));
  }
  let routeRemoved = false;
  try {
    await admin.examineTopicRoute(plan.topic);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    routeRemoved = true;
  }
  let orderConfDeleted = false;
  if (routeRemoved) {
    const results = await admin.callEachNamesrv(deleteKvConfig, { namespace: ORDER_TOPIC_CONFIG, key: plan.topic });
    orderConfDeleted = results.every((r) => r.ok);
  }
  return { ...plan, deletedOn, namesrvsDone, routeRemoved, orderConfDeleted, failures };
}

// ---------------------------------------------------------------------------------------------
// topicStatus

export interface TopicStatusResult {
  topic: string;
  queues: TopicQueueOffset[];
  /** Sum over queues of maxOffset - minOffset: the messages still stored. */
  totalMessages: number;
  /** Sum of max offsets: every message ever written. */
  totalMaxOffset: number;
  lastUpdateTimestamp: number;
  failures: TargetFailure[];
}

export async function topicStatus(admin: MQAdmin, topic: string): Promise<TopicStatusResult> {
  const route = await admin.examineTopicRoute(topic);
  const targets = route.brokerDatas
    .map((b) => ({ brokerName: b.brokerName, addr: b.brokerAddrs[MASTER_ID] ?? Object.values(b.brokerAddrs)[0] }))
    .filter((b): b is { brokerName: string; addr: string } => b.addr !== undefined)
    .sort((a, b) => a.brokerName.localeCompare(b.brokerName));
  const settled = await admin.fanOut(targets, (t) => admin.call(t.addr, getTopicStatsInfo, { topic }));
  const queues: TopicQueueOffset[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (r.ok) queues.push(...r.value);
    else failures.push(toTargetFailure(t.addr, r.error));
  });
  queues.sort((a, b) => a.brokerName.localeCompare(b.brokerName) || a.queueId - b.queueId);
  return {
    topic,
    queues,
    totalMessages: queues.reduce((s, q) => s + Math.max(0, q.maxOffset - q.minOffset), 0),
    totalMaxOffset: queues.reduce((s, q) => s + q.maxOffset, 0),
    lastUpdateTimestamp: queues.reduce((m, q) => Math.max(m, q.lastUpdateTimestamp), 0),
    failures,
  };
}

// ---------------------------------------------------------------------------------------------
// topicClusterList

export interface TopicClusterListResult {
  topic: string;
  /** Sorted cluster names hosting the topic's brokers. */
  clusters: string[];
}

/** The clusters whose brokers host the topic (route + cluster table; NotFoundError without a route). */
export async function topicClusterList(admin: MQAdmin, topic: string): Promise<TopicClusterListResult> {
  const [route, info] = await Promise.all([admin.examineTopicRoute(topic), admin.examineClusterInfo()]);
  const names = new Set(route.queueDatas.map((q) => q.brokerName));
  const clusters = Object.keys(info.clusterAddrTable)
    .filter((c) => (info.clusterAddrTable[c] ?? []).some((b) => names.has(b)))
    .sort();
  return { topic, clusters };
}


// ---------------------------------------------------------------------------------------------
// updateTopicPerm

export interface UpdateTopicPermOptions extends TargetSelector {
  topic: string;
  perm: number;
}

export interface BrokerPermPlan extends BrokerAddress {
  /** From the route's QueueData of this broker, sent unchanged (Java does the same). */
  readQueueNums: number;
  writeQueueNums: number;
  topicSysFlag: number;
  /** The broker's own `order` flag, kept (the Java tool resets it to false). */
  order: boolean;
  before: number;
  after: number;
  action: 'update' | 'unchanged';
  /** A read or write permission is removed. */
  lossy: boolean;
}

export interface UpdateTopicPermPlan {
  topic: string;
  perm: number;
  brokers: BrokerPermPlan[];
  /** Target brokers the topic has no queues on (with -c); nothing is sent to them. */
  notOn: string[];
  /** Brokers whose topic config could not be read; nothing is sent to them. */
  failures: TargetFailure[];
  lossy: boolean;
}

export interface BrokerPermOutcome extends BrokerPermPlan {
  outcome: 'updated' | 'unchanged' | 'failed';
  error?: string;
}

export interface UpdateTopicPermResult {
  topic: string;
  perm: number;
  brokers: BrokerPermOutcome[];
  notOn: string[];
  failures: TargetFailure[];
}

/** The perms `updateTopicPerm` takes: 2, 4, 6; 7 (with inherit) only for the TBW102 template. */
export function validateTopicPerm(topic: string, perm: number): number {
  const allowed = topic === AUTO_CREATE_TOPIC ? [2, 4, 6, 7] : [2, 4, 6];
  if (!Number.isInteger(perm) || !allowed.includes(perm)) {
    throw new InvalidArgumentError(
      `invalid perm ${perm}: expected 2 (write only), 4 (read only) or 6 (read and write)${topic === AUTO_CREATE_TOPIC ? ', or 7 (read, write, inherit)' : ''}`,
    );
  }
  return perm;
}

/**
 * The Java sequence (UpdateTopicPermSubCommand): the topic's route, the queue numbers and sysFlag
 * of each target broker's QueueData, and the new perm. Also reads each broker's topic config to
 * keep its `order` flag. Changes nothing.
 */
export async function planUpdateTopicPerm(admin: MQAdmin, options: UpdateTopicPermOptions): Promise<UpdateTopicPermPlan> {
  validateTopicName(options.topic);
  validateTopicPerm(options.topic, options.perm);
  const { brokers: targets } = await resolveBrokers(admin, options);
  const route = await admin.examineTopicRoute(options.topic);
  const queueData = new Map(route.queueDatas.map((q) => [q.brokerName, q]));
  const hosting = targets.filter((t) => queueData.has(t.brokerName));
  const notOn = targets.filter((t) => !queueData.has(t.brokerName)).map((t) => t.addr);
  if (hosting.length === 0) {
    const where = [...new Set(route.queueDatas.map((q) => q.brokerName))].sort();
    throw new NotFoundError(
      `topic "${options.topic}" has no queues on ${options.brokerAddr !== undefined ? `broker ${targets[0]?.brokerName ?? options.brokerAddr}` : `cluster "${options.cluster}"`}`,
      where.length ? `it is on ${where.join(', ')}` : undefined,
    );
  }
  const read = await admin.fanOut(hosting, (t) => fetchTopicConfig(admin, t.addr, options.topic));
  const brokers: BrokerPermPlan[] = [];
  const failures: TargetFailure[] = [];
  hosting.forEach((t, i) => {
    const r = read[i]!;
    if (!r.ok) {
      failures.push(toTargetFailure(t.addr, r.error));
      return;
    }
    const q = queueData.get(t.brokerName)!;
    const before = q.perm;
    const after = options.perm;
    brokers.push({
      ...t,
      readQueueNums: q.readQueueNums,
      writeQueueNums: q.writeQueueNums,
      topicSysFlag: q.topicSysFlag,
      order: r.value?.order ?? false,
      before,
      after,
      action: before === after ? 'unchanged' : 'update',
      lossy: (before & ~after & (PERM_READ | PERM_WRITE)) !== 0,
    });
  });
  return { topic: options.topic, perm: options.perm, brokers, notOn, failures, lossy: brokers.some((b) => b.lossy) };
}

/** UPDATE_AND_CREATE_TOPIC with the new perm to each broker whose perm changes. */
export async function applyUpdateTopicPerm(admin: MQAdmin, plan: UpdateTopicPermPlan): Promise<UpdateTopicPermResult> {
  const failures = [...plan.failures];
  const settled = await admin.fanOut(plan.brokers, async (b) => {
    if (b.action === 'unchanged') return;
    await admin.call(b.addr, updateAndCreateTopic, {
      topic: plan.topic,
      readQueueNums: b.readQueueNums,
      writeQueueNums: b.writeQueueNums,
      perm: b.after,
      topicSysFlag: b.topicSysFlag,
      order: b.order,
    });
  });
  const brokers: BrokerPermOutcome[] = plan.brokers.map((b, i) => {
    const r = settled[i]!;
    if (r.ok) return { ...b, outcome: b.action === 'update' ? 'updated' : 'unchanged' };
    const f = toTargetFailure(b.addr, r.error);
    failures.push(f);
    return { ...b, outcome: 'failed', error: f.error };
  });
  return { topic: plan.topic, perm: plan.perm, brokers, notOn: plan.notOn, failures };
}
