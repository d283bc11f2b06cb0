// Shaping a cluster: topics (create/patch, delete, status), broker configuration and the
// autoCreateTopicEnable switch with its TBW102 template (behaviours.md §7, store.md §7).
// Nothing here prints; every operation returns what it found and did per broker, with the
// brokers that failed kept apart.

import type { ClusterInfo } from '../protocol/bodies/cluster.js';
import { applyAttributeEdits, defaultSubscriptionGroup, type SubscriptionGroupConfig, type TopicConfig, type TopicQueueOffset } from '../protocol/bodies/topicAdmin.js';
import { MASTER_ID } from '../protocol/bodies/route.js';
import { PERM_INHERIT, PERM_READ, PERM_WRITE, permToString } from '../protocol/perm.js';
import { updateAndCreateTopic, type TopicConfigArgs } from '../protocol/requests/broker.js';
import {
  deleteKvConfig,
  deleteSubscriptionGroup,
  deleteTopicInBroker,
  deleteTopicInNamesrv,
  getAllSubscriptionGroupConfig,
  getAllTopicConfig,
  getBrokerConfig,
  getKvConfig,
  getNamesrvConfig,
  getTopicStatsInfo,
  addWritePermOfBroker,
  putKvConfig,
  updateAndCreateSubscriptionGroup,
  updateBrokerConfig,
  updateNamesrvConfig,
  wipeWritePermOfBroker,
} from '../protocol/requests/topicAdmin.js';
import type { Settled } from './concurrency.js';
import { validateAddress } from './addresses.js';
import { listBrokerAddresses, type BrokerAddress } from './cluster.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';

export const AUTO_CREATE_TOPIC = 'TBW102';
export const ORDER_TOPIC_CONFIG = 'ORDER_TOPIC_CONFIG';
/** The Java tool's defaults for a new topic (UpdateTopicSubCommand). */
export const TOPIC_DEFAULTS = { readQueueNums: 8, writeQueueNums: 8, perm: PERM_READ | PERM_WRITE } as const;
const TOPIC_MAX_LENGTH = 127;
const TOPIC_NAME_RE = /^[%|a-zA-Z0-9_-]+$/;
const SYSFLAG_UNIT = 1;
const SYSFLAG_UNIT_SUB = 2;

// ---------------------------------------------------------------------------------------------
// Targets

export interface TargetSelector {
  cluster?: string;
  brokerAddr?: string;
}

export interface TargetOptions {
  /** Slaves too (deleteTopic, getBrokerConfig); masters only otherwise. */
  includeSlaves?: boolean;
  /** Neither -c nor -b: every master of every cluster instead of an error. */
  allWhenNone?: boolean;
}

/**
 * The brokers a command acts on: masters (or all brokers) of a cluster, or the one broker at an
 * address, which must be in the NameServer's cluster table. Fails before anything is changed.
 */
export async function resolveBrokers(admin: MQAdmin, selector: TargetSelector, options: TargetOptions = {}): Promise<{ brokers: BrokerAddress[]; info: ClusterInfo }> {
  const info = await admin.examineClusterInfo();
  const all = listBrokerAddresses(info);
  if (selector.brokerAddr !== undefined) {
    const addr = validateAddress(selector.brokerAddr, 'broker');
    const found = all.find((b) => b.addr === addr);
    if (!found) {
      const known = all.map((b) => `${b.addr} (${b.brokerName}${b.brokerId === 0 ? '' : ` id ${b.brokerId}`})`);
      throw new NotFoundError(`broker ${addr} is not in the cluster table of the NameServer`, known.length ? `known brokers: ${known.join(', ')}` : 'the NameServer knows no broker');
    }
    return { brokers: [found], info };
  }
  if (selector.cluster !== undefined) {
    if (!(selector.cluster in info.clusterAddrTable)) {
      const known = Object.keys(info.clusterAddrTable).sort();
      throw new NotFoundError(`cluster "${selector.cluster}" not found`, known.length ? `known clusters: ${known.join(', ')}` : 'the NameServer knows no cluster');
    }
    const brokers = listBrokerAddresses(info, selector.cluster).filter((b) => options.includeSlaves || b.brokerId === 0);
    if (brokers.length === 0) throw new NotFoundError(`cluster "${selector.cluster}" has no ${options.includeSlaves ? '' : 'master '}broker registered`);
    return { brokers, info };
  }
  if (options.allWhenNone) return { brokers: all.filter((b) => options.includeSlaves || b.brokerId === 0), info };
  throw new InvalidArgumentError('give a cluster (-c) or a broker address (-b)');
}

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
// Broker configuration

export interface BrokerConfigEntry extends Partial<BrokerAddress> {
  addr: string;
  /** Sorted by key; filtered when a key filter was given. */
  config: Record<string, string>;
}

export interface BrokerConfigResult {
  brokers: BrokerConfigEntry[];
  failures: TargetFailure[];
}

/** GET_BROKER_CONFIG from one broker or every broker (masters and slaves) of a cluster. */
export async function getBrokerConfigs(admin: MQAdmin, selector: TargetSelector & { key?: string }): Promise<BrokerConfigResult> {
  const { brokers: targets } = await resolveBrokers(admin, selector, { includeSlaves: true });
  const settled = await admin.fanOut(targets, (t) => admin.call(t.addr, getBrokerConfig, undefined));
  const brokers: BrokerConfigEntry[] = [];
  const failures: TargetFailure[] = [];
  const filter = selector.key?.toLowerCase();
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (!r.ok) {
      failures.push(toTargetFailure(t.addr, r.error));
      return;
    }
    const config: Record<string, string> = {};
    for (const k of Object.keys(r.value).sort()) if (filter === undefined || k.toLowerCase().includes(filter)) config[k] = r.value[k]!;
    brokers.push({ ...t, config });
  });
  return { brokers, failures };
}

export interface UpdateBrokerConfigOptions extends TargetSelector {
  key: string;
  value: string;
  /** With -c: slaves too (masters only otherwise). */
  includeSlaves?: boolean;
  /** Send a key the broker does not list. */
  force?: boolean;
}

export interface BrokerConfigChange extends BrokerAddress {
  key: string;
  before: string | null;
  /** The value sent (normalised: booleans in lower case, numbers trimmed). */
  requested: string;
  /** Read back after writing; null when the read-back failed. */
  after: string | null;
  /** The broker holds the requested value after the update. */
  taken: boolean;
  /** Nothing was sent: the broker already had the value. */
  unchanged: boolean;
}

export interface UpdateBrokerConfigResult {
  key: string;
  value: string;
  brokers: BrokerConfigChange[];
  failures: TargetFailure[];
}

/** The distance between two names, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** Up to `n` known keys closest to `key`: containing it first, then by edit distance. */
export function closestKeys(key: string, known: readonly string[], n = 3): string[] {
  const lower = key.toLowerCase();
  return [...known]
    .map((k) => ({ k, d: k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase()) ? 0 : editDistance(key, k) }))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, n)
    .map((e) => e.k);
}

/**
 * Checks `value` against the type of the current value: a boolean setting takes only
 * true/false (a Java broker reads anything else as false), a number setting only a number.
 * Returns the value to send.
 */
export function checkConfigValue(key: string, value: string, current: string | undefined): string {
  const v = value.trim();
  if (current === undefined) return v;
  if (current === 'true' || current === 'false') {
    if (!/^(true|false)$/i.test(v)) throw new InvalidArgumentError(`${key} is a boolean setting (now ${current}): give true or false, not "${value}"`);
    return v.toLowerCase();
  }
  if (/^-?\d+$/.test(current.trim())) {
    if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError(`${key} is an integer setting (now ${current}): "${value}" is not an integer`);
    return v;
  }
  if (/^-?\d+\.\d+$/.test(current.trim()) && !/^-?\d+(\.\d+)?$/.test(v)) {
    throw new InvalidArgumentError(`${key} is a decimal setting (now ${current}): "${value}" is not a number`);
  }
  return v;
}

/**
 * UPDATE_BROKER_CONFIG with checks: the key must be one the brokers list (unless `force`), the
 * value must fit the current value's type; then each broker's setting is read back.
 */
export async function updateBrokerConfigChecked(admin: MQAdmin, options: UpdateBrokerConfigOptions): Promise<UpdateBrokerConfigResult> {
  const key = options.key.trim();
  if (key === '' || /[=:\s]/.test(key)) throw new InvalidArgumentError(`invalid config key "${options.key}"`);
  if (/[\r\n]/.test(options.value)) throw new InvalidArgumentError('the value must be one line');
  const { brokers: targets } = await resolveBrokers(admin, options, { includeSlaves: options.includeSlaves });
  const failures: TargetFailure[] = [];
  const read = await admin.fanOut(targets, (t) => admin.call(t.addr, getBrokerConfig, undefined));
  const readable: Array<{ target: BrokerAddress; config: Record<string, string> }> = [];
  targets.forEach((t, i) => {
    const r = read[i]!;
    if (r.ok) readable.push({ target: t, config: r.value });
    else failures.push(toTargetFailure(t.addr, r.error));
  });
  // Checked on every broker before anything is sent.
  const requested = new Map<string, string>();
  for (const { target, config } of readable) {
    if (!(key in config) && !options.force) {
      const suggestions = closestKeys(key, Object.keys(config));
      throw new InvalidArgumentError(
        `unknown broker config key "${key}" (on ${target.addr}): the broker would ignore it`,
        `${suggestions.length ? `did you mean ${suggestions.join(', ')}? ` : ''}--force sends it anyway`,
      );
    }
    requested.set(target.addr, checkConfigValue(key, options.value, config[key]));
  }
  const settled = await admin.fanOut(readable, async ({ target, config }) => {
    const value = requested.get(target.addr)!;
    const before = config[key] ?? null;
    if (before === value) return { before, after: before, unchanged: true };
    await admin.call(target.addr, updateBrokerConfig, { properties: { [key]: value } });
    let after: string | null = null;
    try {
      after = (await admin.call(target.addr, getBrokerConfig, undefined))[key] ?? null;
    } catch {
      after = null;
    }
    return { before, after, unchanged: false };
  });
  const brokers: BrokerConfigChange[] = [];
  readable.forEach(({ target }, i) => {
    const r = settled[i]!;
    const value = requested.get(target.addr)!;
    if (!r.ok) {
      failures.push(toTargetFailure(target.addr, r.error));
      return;
    }
    const taken = r.value.after === value;
    brokers.push({ ...target, key, before: r.value.before, requested: value, after: r.value.after, taken, unchanged: r.value.unchanged });
    if (!taken) {
      failures.push({
        target: target.addr,
        kind: 'NotTaken',
        error: r.value.after === null ? `could not read ${key} back after the update` : `the broker did not take ${key}=${value}: it holds ${r.value.after}`,
      });
    }
  });
  return { key, value: options.value, brokers, failures };
}

// ---------------------------------------------------------------------------------------------
// autoCreateTopicEnable and TBW102

export interface AutoCreateBrokerState extends BrokerAddress {
  /** autoCreateTopicEnable as the broker reports it; null if it has no such key. */
  enabled: boolean | null;
  /** TBW102 on the broker, null when absent. */
  template: { perm: number; readQueueNums: number; writeQueueNums: number } | null;
  /** The TBW102 queue data the NameServer hands to producers for this broker, null when none. */
  routePerm: number | null;
  /** Auto-creation works: enabled, TBW102 present with the inherit bit and writable. */
  effective: boolean;
  /** What is wrong, in words, when not effective. */
  problems: string[];
  /** What this run did to the broker. */
  actions: string[];
}

export interface AutoCreateResult {
  /** Set when a change was asked for. */
  requested: boolean | null;
  brokers: AutoCreateBrokerState[];
  failures: TargetFailure[];
}

const TEMPLATE_PERM = PERM_READ | PERM_WRITE | PERM_INHERIT;

async function readAutoCreateState(admin: MQAdmin, t: BrokerAddress, routePerm: number | null): Promise<AutoCreateBrokerState> {
  const [config, topics] = await Promise.all([admin.call(t.addr, getBrokerConfig, undefined), admin.call(t.addr, getAllTopicConfig, undefined)]);
  const flag = config.autoCreateTopicEnable;
  const enabled = flag === undefined ? null : flag.trim().toLowerCase() === 'true';
  const tbw = topics[AUTO_CREATE_TOPIC];
  const template = tbw ? { perm: tbw.perm, readQueueNums: tbw.readQueueNums, writeQueueNums: tbw.writeQueueNums } : null;
  const problems: string[] = [];
  if (enabled === false) problems.push('autoCreateTopicEnable is false');
  if (enabled === null) problems.push('the broker has no autoCreateTopicEnable setting');
  if (!template) problems.push(`${AUTO_CREATE_TOPIC} is missing on the broker`);
  else if ((template.perm & PERM_INHERIT) === 0 || (template.perm & PERM_WRITE) === 0) {
    problems.push(`${AUTO_CREATE_TOPIC} has perm ${template.perm} (${permToString(template.perm)}), not ${TEMPLATE_PERM} (${permToString(TEMPLATE_PERM)})`);
  }
  if (template && routePerm === null) problems.push(`the NameServer has no ${AUTO_CREATE_TOPIC} route for the broker`);
  return { ...t, enabled, template, routePerm, effective: problems.length === 0, problems, actions: [] };
}

async function templateRoutePerms(admin: MQAdmin): Promise<Map<string, number>> {
  const perms = new Map<string, number>();
  try {
    const route = await admin.examineTopicRoute(AUTO_CREATE_TOPIC);
    for (const q of route.queueDatas) perms.set(q.brokerName, q.perm);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  return perms;
}

/**
 * Shows autoCreateTopicEnable per master, or turns it on or off. Turning it on also repairs
 * TBW102 where it is missing or lost its inherit/write bits (perm 7, the broker's
 * defaultTopicQueueNums), then verifies through the NameServer's TBW102 route.
 */
export async function autoCreateTopic(admin: MQAdmin, options: TargetSelector & { enable?: boolean }): Promise<AutoCreateResult> {
  const { brokers: targets } = await resolveBrokers(admin, options, { allWhenNone: true });
  const failures: TargetFailure[] = [];
  const routePerms = await templateRoutePerms(admin);
  const read = await admin.fanOut(targets, (t) => readAutoCreateState(admin, t, routePerms.get(t.brokerName) ?? null));
  let states: AutoCreateBrokerState[] = [];
  targets.forEach((t, i) => {
    const r = read[i]!;
    if (r.ok) states.push(r.value);
    else failures.push(toTargetFailure(t.addr, r.error));
  });
  if (options.enable === undefined) return { requested: null, brokers: states, failures };

  const value = String(options.enable);
  const changed = await admin.fanOut(states, async (s) => {
    const actions: string[] = [];
    if (s.enabled !== options.enable) {
      await admin.call(s.addr, updateBrokerConfig, { properties: { autoCreateTopicEnable: value } });
      actions.push(`set autoCreateTopicEnable=${value}`);
    }
    if (options.enable) {
      const broken = !s.template || (s.template.perm & TEMPLATE_PERM) !== TEMPLATE_PERM;
      if (broken) {
        const config = await admin.call(s.addr, getBrokerConfig, undefined);
        const queues = Number(config.defaultTopicQueueNums ?? '') || TOPIC_DEFAULTS.writeQueueNums;
        const read = Math.max(queues, s.template?.readQueueNums ?? 0);
        const write = Math.max(queues, s.template?.writeQueueNums ?? 0);
        await admin.call(s.addr, updateAndCreateTopic, { topic: AUTO_CREATE_TOPIC, readQueueNums: read, writeQueueNums: write, perm: TEMPLATE_PERM });
        actions.push(s.template ? `repaired ${AUTO_CREATE_TOPIC}: perm ${s.template.perm} -> ${TEMPLATE_PERM}` : `created ${AUTO_CREATE_TOPIC} (perm ${TEMPLATE_PERM}, ${write} queues)`);
      }
    }
    return actions;
  });
  const actionsByAddr = new Map<string, string[]>();
  states.forEach((s, i) => {
    const r = changed[i]!;
    if (r.ok) actionsByAddr.set(s.addr, r.value);
    else failures.push(toTargetFailure(s.addr, r.error));
  });

  // Read everything back, the TBW102 route included: that is what producers see.
  const routeAfter = await templateRoutePerms(admin);
  const again = await admin.fanOut(states, (s) => readAutoCreateState(admin, s, routeAfter.get(s.brokerName) ?? null));
  const final: AutoCreateBrokerState[] = [];
  states.forEach((s, i) => {
    const r = again[i]!;
    if (!r.ok) {
      failures.push(toTargetFailure(s.addr, r.error));
      return;
    }
    const state = { ...r.value, actions: actionsByAddr.get(s.addr) ?? [] };
    final.push(state);
    if (!actionsByAddr.has(s.addr)) return;
    if (state.enabled !== options.enable) {
      failures.push({ target: s.addr, kind: 'NotTaken', error: `autoCreateTopicEnable is still ${String(state.enabled)}` });
    } else if (options.enable && !state.effective) {
      failures.push({ target: s.addr, kind: 'NotEffective', error: `auto-creation does not work yet: ${state.problems.join('; ')}` });
    }
  });
  states = final;
  return { requested: options.enable, brokers: states, failures };
}


// ---------------------------------------------------------------------------------------------
// Subscription groups

/** The settings `updateSubGroup` can change, by their SubscriptionGroupConfig names. */
export interface SubGroupSettings {
  consumeEnable?: boolean;
  consumeFromMinEnable?: boolean;
  consumeBroadcastEnable?: boolean;
  /** 5.x. */
  consumeMessageOrderly?: boolean;
  retryQueueNums?: number;
  retryMaxTimes?: number;
  brokerId?: number;
  whichBrokerWhenConsumeSlowly?: number;
  notifyConsumerIdsChangedEnable?: boolean;
}

export interface UpdateSubGroupOptions extends TargetSelector, SubGroupSettings {
  group: string;
}

export interface SubGroupChange {
  field: keyof SubGroupSettings;
  before: number | boolean | null;
  after: number | boolean;
}

export interface BrokerSubGroupOutcome extends BrokerAddress {
  outcome: 'created' | 'updated' | 'unchanged' | 'failed';
  changes: SubGroupChange[];
  /** The config as sent (or as found, when unchanged). */
  config: SubscriptionGroupConfig | null;
  error?: string;
}

export interface UpdateSubGroupResult {
  group: string;
  brokers: BrokerSubGroupOutcome[];
  failures: TargetFailure[];
}

const SUBGROUP_FIELDS: Array<keyof SubGroupSettings> = [
  'consumeEnable',
  'consumeFromMinEnable',
  'consumeBroadcastEnable',
  'consumeMessageOrderly',
  'retryQueueNums',
  'retryMaxTimes',
  'brokerId',
  'whichBrokerWhenConsumeSlowly',
  'notifyConsumerIdsChangedEnable',
];

/** Group names follow the topic rules (Java checks them the same way). */
export function validateGroupName(group: string): string {
  if (group.trim() === '') throw new InvalidArgumentError('the group name is blank');
  if (!TOPIC_NAME_RE.test(group) || group.length > 255) throw new InvalidArgumentError(`invalid group name "${group}": only letters, digits, %, |, _ and - are allowed`);
  return group;
}

async function fetchGroupConfig(admin: MQAdmin, addr: string, group: string): Promise<SubscriptionGroupConfig | null> {
  return (await admin.call(addr, getAllSubscriptionGroupConfig, undefined))[group] ?? null;
}

/**
 * Creates the group on every master of the cluster (or one broker) with the Java defaults, or
 * changes only the settings given on an existing one, keeping every other field as the broker
 * has it (5.x fields included).
 */
export async function updateSubGroup(admin: MQAdmin, options: UpdateSubGroupOptions): Promise<UpdateSubGroupResult> {
  validateGroupName(options.group);
  for (const k of ['retryQueueNums', 'retryMaxTimes', 'brokerId', 'whichBrokerWhenConsumeSlowly'] as const) {
    const v = options[k];
    if (v !== undefined && (!Number.isInteger(v) || v < (k === 'retryMaxTimes' ? -1 : 0))) throw new InvalidArgumentError(`invalid ${k} ${v}`);
  }
  const { brokers: targets } = await resolveBrokers(admin, options);
  const settled = await admin.fanOut(targets, async (t): Promise<Omit<BrokerSubGroupOutcome, keyof BrokerAddress>> => {
    const current = await fetchGroupConfig(admin, t.addr, options.group);
    const next: SubscriptionGroupConfig = { ...(current ?? defaultSubscriptionGroup(options.group)) };
    const changes: SubGroupChange[] = [];
    for (const field of SUBGROUP_FIELDS) {
      const want = options[field];
      if (want === undefined) continue;
      const had = current ? ((current[field] as number | boolean | undefined) ?? null) : null;
      next[field] = want;
      if (had !== want) changes.push({ field, before: had, after: want });
    }
    if (current && changes.length === 0) return { outcome: 'unchanged', changes, config: current };
    await admin.call(t.addr, updateAndCreateSubscriptionGroup, { config: next });
    return { outcome: current ? 'updated' : 'created', changes, config: next };
  });
  const brokers: BrokerSubGroupOutcome[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (r.ok) brokers.push({ ...t, ...r.value });
    else {
      const f = toTargetFailure(t.addr, r.error);
      failures.push(f);
      brokers.push({ ...t, outcome: 'failed', changes: [], config: null, error: f.error });
    }
  });
  return { group: options.group, brokers, failures };
}

export interface DeleteSubGroupPlan {
  group: string;
  brokers: BrokerAddress[];
  /** With -c: the group's retry and DLQ topics are deleted too, as the Java tool does. */
  cluster: string | null;
  removeOffset: boolean;
}

export interface DeleteSubGroupResult extends DeleteSubGroupPlan {
  deletedOn: string[];
  /** `%RETRY%G` / `%DLQ%G` topics deleted (with -c), and whether their routes are gone. */
  topics: Array<{ topic: string; routeRemoved: boolean }>;
  failures: TargetFailure[];
}

export async function planDeleteSubGroup(admin: MQAdmin, options: TargetSelector & { group: string; removeOffset?: boolean }): Promise<DeleteSubGroupPlan> {
  validateGroupName(options.group);
  const { brokers } = await resolveBrokers(admin, options);
  return { group: options.group, brokers, cluster: options.cluster ?? null, removeOffset: options.removeOffset ?? false };
}

export async function applyDeleteSubGroup(admin: MQAdmin, plan: DeleteSubGroupPlan): Promise<DeleteSubGroupResult> {
  const failures: TargetFailure[] = [];
  const settled = await admin.fanOut(plan.brokers, (b) => admin.call(b.addr, deleteSubscriptionGroup, { groupName: plan.group, cleanOffset: plan.removeOffset }));
  const deletedOn: string[] = [];
  plan.brokers.forEach((b, i) => {
    const r = settled[i]!;
    if (r.ok) deletedOn.push(b.addr);
    else failures.push(toTargetFailure(b.addr, r.error));
  });
  const topics: DeleteSubGroupResult['topics'] = [];
  if (plan.cluster !== null) {
    const { brokers: all } = await resolveBrokers(admin, { cluster: plan.cluster }, { includeSlaves: true });
    for (const topic of [`%RETRY%${plan.group}`, `%DLQ%${plan.group}`]) {
      const del = await admin.fanOut(all, (b) => admin.call(b.addr, deleteTopicInBroker, { topic }));
      del.forEach((r, i) => {
        if (!r.ok) failures.push(toTargetFailure(all[i]!.addr, r.error));
      });
      for (const r of await admin.callEachNamesrv(deleteTopicInNamesrv, { topic, clusterName: plan.cluster })) {
        if (!r.ok) failures.push(toTargetFailure(r.addr, r.error));
      }
      let routeRemoved = false;
      try {
        await admin.examineTopicRoute(topic);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        routeRemoved = true;
      }
      topics.push({ topic, routeRemoved });
    }
  }
  return { ...plan, deletedOn, topics, failures };
}

export interface ConsumerConfigResult {
  group: string;
  /** The brokers (masters) that have the group, with its config. */
  brokers: Array<BrokerAddress & { config: SubscriptionGroupConfig }>;
  /** Masters that answered without the group. */
  missingOn: string[];
  failures: TargetFailure[];
}

/** The group's config on every master (GET_ALL_SUBSCRIPTIONGROUP_CONFIG); NotFoundError when none has it. */
export async function getConsumerConfig(admin: MQAdmin, group: string): Promise<ConsumerConfigResult> {
  validateGroupName(group);
  const { brokers: targets } = await resolveBrokers(admin, {}, { allWhenNone: true });
  const settled = await admin.fanOut(targets, (t) => fetchGroupConfig(admin, t.addr, group));
  const brokers: ConsumerConfigResult['brokers'] = [];
  const missingOn: string[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (!r.ok) failures.push(toTargetFailure(t.addr, r.error));
    else if (r.value) brokers.push({ ...t, config: r.value });
    else missingOn.push(t.addr);
  });
  if (brokers.length === 0 && failures.length === 0) {
    throw new NotFoundError(`subscription group "${group}" not found on any master`, 'create it with `mqadmin updateSubGroup -c CLUSTER -g GROUP`');
  }
  return { group, brokers, missingOn, failures };
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

// ---------------------------------------------------------------------------------------------
// NameServer configuration

/** When every NameServer failed, the first error is the command's error (unreachable: exit 5). */
function throwIfAllFailed(settled: ReadonlyArray<Settled<unknown>>): void {
  if (settled.length > 0 && settled.every((s) => !s.ok)) throw (settled[0] as { error: unknown }).error;
}

export interface NamesrvConfigResult {
  /** Per NameServer address, its settings sorted by key (filtered with `key`). */
  namesrvs: Record<string, Record<string, string>>;
  failures: TargetFailure[];
}

/** GET_NAMESRV_CONFIG from every NameServer. */
export async function getNamesrvConfigs(admin: MQAdmin, options: { key?: string } = {}): Promise<NamesrvConfigResult> {
  const settled = await admin.callEachNamesrv(getNamesrvConfig, undefined);
  throwIfAllFailed(settled);
  const filter = options.key?.toLowerCase();
  const namesrvs: Record<string, Record<string, string>> = {};
  const failures: TargetFailure[] = [];
  for (const r of settled) {
    if (!r.ok) {
      failures.push(toTargetFailure(r.addr, r.error));
      continue;
    }
    const config: Record<string, string> = {};
    for (const k of Object.keys(r.value).sort()) if (filter === undefined || k.toLowerCase().includes(filter)) config[k] = r.value[k]!;
    namesrvs[r.addr] = config;
  }
  return { namesrvs, failures };
}

export interface NamesrvConfigChange {
  addr: string;
  key: string;
  before: string | null;
  requested: string;
  after: string | null;
  taken: boolean;
  unchanged: boolean;
}

export interface UpdateNamesrvConfigResult {
  key: string;
  value: string;
  namesrvs: NamesrvConfigChange[];
  failures: TargetFailure[];
}

/** Keys a NameServer never changes (DefaultRequestProcessor), besides its `configBlackList`. */
const NAMESRV_FIXED_BLACKLIST = ['configBlackList', 'configStorePath', 'kvConfigPath'];

/**
 * UPDATE_NAMESRV_CONFIG to every NameServer, checked like updateBrokerConfig: the key must be
 * one the NameServers list and not black-listed (unless `force`), the value must fit the current
 * value's type; then each NameServer's setting is read back.
 */
export async function updateNamesrvConfigChecked(admin: MQAdmin, options: { key: string; value: string; force?: boolean }): Promise<UpdateNamesrvConfigResult> {
  const key = options.key.trim();
  if (key === '' || /[=:\s]/.test(key)) throw new InvalidArgumentError(`invalid config key "${options.key}"`);
  if (/[\r\n]/.test(options.value)) throw new InvalidArgumentError('the value must be one line');
  const read = await admin.callEachNamesrv(getNamesrvConfig, undefined);
  throwIfAllFailed(read);
  const failures: TargetFailure[] = [];
  const readable: Array<{ addr: string; config: Record<string, string> }> = [];
  for (const r of read) {
    if (r.ok) readable.push({ addr: r.addr, config: r.value });
    else failures.push(toTargetFailure(r.addr, r.error));
  }
  const requested = new Map<string, string>();
  for (const { addr, config } of readable) {
    if (!options.force) {
      if (!(key in config)) {
        const suggestions = closestKeys(key, Object.keys(config));
        throw new InvalidArgumentError(
          `unknown NameServer config key "${key}" (on ${addr}): the NameServer would ignore it`,
          `${suggestions.length ? `did you mean ${suggestions.join(', ')}? ` : ''}--force sends it anyway`,
        );
      }
      const black = new Set([...NAMESRV_FIXED_BLACKLIST, ...(config.configBlackList ?? '').split(';').map((s) => s.trim()).filter(Boolean)]);
      if (black.has(key)) throw new InvalidArgumentError(`"${key}" is in the NameServer's configBlackList (on ${addr}): it refuses to change it`);
    }
    requested.set(addr, checkConfigValue(key, options.value, config[key]));
  }
  const settled = await admin.fanOut(readable, async ({ addr, config }) => {
    const value = requested.get(addr)!;
    const before = config[key] ?? null;
    if (before === value) return { before, after: before, unchanged: true };
    await admin.call(addr, updateNamesrvConfig, { properties: { [key]: value } });
    let after: string | null = null;
    try {
      after = (await admin.call(addr, getNamesrvConfig, undefined))[key] ?? null;
    } catch {
      after = null;
    }
    return { before, after, unchanged: false };
  });
  const namesrvs: NamesrvConfigChange[] = [];
  readable.forEach(({ addr }, i) => {
    const r = settled[i]!;
    const value = requested.get(addr)!;
    if (!r.ok) {
      failures.push(toTargetFailure(addr, r.error));
      return;
    }
    const taken = r.value.after === value;
    namesrvs.push({ addr, key, before: r.value.before, requested: value, after: r.value.after, taken, unchanged: r.value.unchanged });
    if (!taken) {
      failures.push({
        target: addr,
        kind: 'NotTaken',
        error: r.value.after === null ? `could not read ${key} back after the update` : `the NameServer did not take ${key}=${value}: it holds ${r.value.after}`,
      });
    }
  });
  return { key, value: options.value, namesrvs, failures };
}

// ---------------------------------------------------------------------------------------------
// KV config (every NameServer, as the Java tool does)

export interface KvEntryChange {
  addr: string;
  before: string | null;
  after: string | null;
  outcome: 'set' | 'unchanged' | 'deleted' | 'absent' | 'failed';
  error?: string;
}

export interface KvChangeResult {
  namespace: string;
  key: string;
  /** The value put; null for a delete. */
  value: string | null;
  namesrvs: KvEntryChange[];
  failures: TargetFailure[];
}

export interface KvReadResult {
  namespace: string;
  key: string;
  namesrvs: Array<{ addr: string; value: string | null }>;
  /** The NameServers do not all hold the same value. */
  inconsistent: boolean;
  failures: TargetFailure[];
}

function validateKvName(text: string, what: string): string {
  if (text.trim() === '') throw new InvalidArgumentError(`the ${what} is blank`);
  if (/[\r\n]/.test(text)) throw new InvalidArgumentError(`the ${what} must be one line`);
  return text;
}

/** GET_KV_CONFIG from every NameServer; NotFoundError when none holds the key. */
export async function getKv(admin: MQAdmin, options: { namespace: string; key: string }): Promise<KvReadResult> {
  validateKvName(options.namespace, 'namespace');
  validateKvName(options.key, 'key');
  const settled = await admin.callEachNamesrv(getKvConfig, { namespace: options.namespace, key: options.key });
  throwIfAllFailed(settled);
  const namesrvs: KvReadResult['namesrvs'] = [];
  const failures: TargetFailure[] = [];
  for (const r of settled) {
    if (r.ok) namesrvs.push({ addr: r.addr, value: r.value });
    else failures.push(toTargetFailure(r.addr, r.error));
  }
  if (failures.length === 0 && namesrvs.every((n) => n.value === null)) {
    throw new NotFoundError(`no KV config ${options.namespace}/${options.key} on any NameServer`);
  }
  return { ...options, namesrvs, inconsistent: new Set(namesrvs.map((n) => n.value)).size > 1, failures };
}

/** PUT_KV_CONFIG to every NameServer, with each one's value before and read back after. */
export async function putKv(admin: MQAdmin, options: { namespace: string; key: string; value: string }): Promise<KvChangeResult> {
  validateKvName(options.namespace, 'namespace');
  validateKvName(options.key, 'key');
  if (/[\r\n]/.test(options.value)) throw new InvalidArgumentError('the value must be one line');
  const { namespace, key, value } = options;
  const settled = await admin.fanOut(admin.namesrvAddrs, async (addr): Promise<KvEntryChange> => {
    const before = await admin.call(addr, getKvConfig, { namespace, key });
    if (before === value) return { addr, before, after: before, outcome: 'unchanged' };
    await admin.call(addr, putKvConfig, { namespace, key, value });
    const after = await admin.call(addr, getKvConfig, { namespace, key });
    return { addr, before, after, outcome: 'set' };
  });
  return kvResult(admin, { namespace, key, value }, settled, (c) => (c.after === value ? null : `the NameServer holds ${c.after === null ? 'no value' : `"${c.after}"`} after the update`));
}

/** DELETE_KV_CONFIG on every NameServer; NotFoundError (nothing sent) when none holds the key. */
export async function deleteKv(admin: MQAdmin, options: { namespace: string; key: string }): Promise<KvChangeResult> {
  validateKvName(options.namespace, 'namespace');
  validateKvName(options.key, 'key');
  const { namespace, key } = options;
  const before = await admin.callEachNamesrv(getKvConfig, { namespace, key });
  throwIfAllFailed(before);
  if (before.every((b) => b.ok && b.value === null)) {
    throw new NotFoundError(`no KV config ${namespace}/${key} on any NameServer: nothing to delete`);
  }
  const settled = await admin.fanOut(before, async (b): Promise<KvEntryChange> => {
    if (!b.ok) throw b.error;
    if (b.value === null) return { addr: b.addr, before: null, after: null, outcome: 'absent' };
    await admin.call(b.addr, deleteKvConfig, { namespace, key });
    const after = await admin.call(b.addr, getKvConfig, { namespace, key });
    return { addr: b.addr, before: b.value, after, outcome: 'deleted' };
  });
  return kvResult(admin, { namespace, key, value: null }, settled, (c) => (c.after === null ? null : `the NameServer still holds "${c.after}"`));
}

function kvResult(admin: MQAdmin, what: { namespace: string; key: string; value: string | null }, settled: Settled<KvEntryChange>[], check: (c: KvEntryChange) => string | null): KvChangeResult {
  throwIfAllFailed(settled);
  const failures: TargetFailure[] = [];
  const namesrvs = settled.map((r, i): KvEntryChange => {
    const addr = admin.namesrvAddrs[i]!;
    if (!r.ok) {
      const f = toTargetFailure(addr, r.error);
      failures.push(f);
      return { addr, before: null, after: null, outcome: 'failed', error: f.error };
    }
    const problem = check(r.value);
    if (problem !== null) failures.push({ target: addr, kind: 'NotTaken', error: problem });
    return r.value;
  });
  return { ...what, namesrvs, failures };
}

// ---------------------------------------------------------------------------------------------
// Write permission of a broker name on the NameServers

export interface WritePermResult {
  brokerName: string;
  action: 'wipe' | 'add';
  /** Per NameServer: how many topics it changed (`wipeTopicCount` / `addTopicCount`). */
  namesrvs: Array<{ addr: string; topicCount: number }>;
  failures: TargetFailure[];
}

/** The broker name must be in the NameServer's cluster table (the NameServer answers 0 otherwise). */
export async function checkBrokerName(admin: MQAdmin, brokerName: string): Promise<BrokerAddress[]> {
  if (brokerName.trim() === '') throw new InvalidArgumentError('the broker name is blank');
  const info = await admin.examineClusterInfo();
  if (!(brokerName in info.brokerAddrTable)) {
    const known = Object.keys(info.brokerAddrTable).sort();
    const isAddr = /:\d+$/.test(brokerName);
    throw new NotFoundError(
      `broker name "${brokerName}" is not in the cluster table of the NameServer`,
      `${isAddr ? 'give the broker name (-b broker-a), not its address; ' : ''}${known.length ? `known broker names: ${known.join(', ')}` : 'the NameServer knows no broker'}`,
    );
  }
  return listBrokerAddresses(info).filter((b) => b.brokerName === brokerName);
}

/** WIPE_WRITE_PERM_OF_BROKER / ADD_WRITE_PERM_OF_BROKER on every NameServer. */
export async function changeWritePerm(admin: MQAdmin, brokerName: string, action: 'wipe' | 'add'): Promise<WritePermResult> {
  const settled = await admin.callEachNamesrv(action === 'wipe' ? wipeWritePermOfBroker : addWritePermOfBroker, { brokerName });
  throwIfAllFailed(settled);
  const namesrvs: WritePermResult['namesrvs'] = [];
  const failures: TargetFailure[] = [];
  for (const r of settled) {
    if (r.ok) namesrvs.push({ addr: r.addr, topicCount: r.value });
    else failures.push(toTargetFailure(r.addr, r.error));
  }
  return { brokerName, action, namesrvs, failures };
}

// ---------------------------------------------------------------------------------------------
// updateOrderConf (KV namespace ORDER_TOPIC_CONFIG)

/** Checks `brokerName:num;...` (num a positive integer, each broker once); returns it normalised. */
export function parseOrderConf(text: string): Array<{ brokerName: string; queueNums: number }> {
  const items = text.split(';').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('the order configuration is empty', 'give -v brokerName:queueNums;brokerName:queueNums, e.g. broker-a:8;broker-b:8');
  const seen = new Set<string>();
  return items.map((item) => {
    const m = /^([^:\s]+):(\d+)$/.exec(item);
    if (!m || Number(m[2]) < 1) throw new InvalidArgumentError(`invalid order configuration entry "${item}": expected brokerName:queueNums (a positive integer)`, 'e.g. -v "broker-a:8;broker-b:8"');
    if (seen.has(m[1]!)) throw new InvalidArgumentError(`broker ${m[1]} appears twice in the order configuration`);
    seen.add(m[1]!);
    return { brokerName: m[1]!, queueNums: Number(m[2]) };
  });
}

export type UpdateOrderConfResult = ({ method: 'get' } & KvReadResult) | ({ method: 'put' | 'delete' } & KvChangeResult);

export async function updateOrderConf(admin: MQAdmin, options: { topic: string; method: string; orderConf?: string }): Promise<UpdateOrderConfResult> {
  validateTopicName(options.topic);
  const method = options.method.trim().toLowerCase();
  if (method !== 'get' && method !== 'put' && method !== 'delete') throw new InvalidArgumentError(`invalid method "${options.method}": expected get, put or delete`);
  if (method !== 'put' && options.orderConf !== undefined) throw new InvalidArgumentError(`-v is only for -m put`);
  const kv = { namespace: ORDER_TOPIC_CONFIG, key: options.topic };
  if (method === 'get') return { method, ...(await getKv(admin, kv)) };
  if (method === 'delete') return { method, ...(await deleteKv(admin, kv)) };
  if (options.orderConf === undefined) throw new InvalidArgumentError('-m put needs -v brokerName:queueNums;...');
  const entries = parseOrderConf(options.orderConf);
  const info = await admin.examineClusterInfo();
  const unknown = entries.filter((e) => !(e.brokerName in info.brokerAddrTable)).map((e) => e.brokerName);
  if (unknown.length) {
    throw new NotFoundError(`broker name ${unknown.join(', ')} is not in the cluster table of the NameServer`, `known broker names: ${Object.keys(info.brokerAddrTable).sort().join(', ') || 'none'}`);
  }
  const value = entries.map((e) => `${e.brokerName}:${e.queueNums}`).join(';');
  return { method, ...(await putKv(admin, { ...kv, value })) };
}
