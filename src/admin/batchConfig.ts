// updateTopicList and updateSubGroupList (admin-commands.md §1.1, §1.2): many topics or groups
// from a Java JSON file, planned per broker as updateTopic plans them (read the current config,
// change only what the file gives), then sent in one UPDATE_AND_CREATE_TOPIC_LIST (18) or
// UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST (225) per broker, as the Java tool does on 5.x. A
// broker that answers REQUEST_CODE_NOT_SUPPORTED (4.9.x) gets one UPDATE_AND_CREATE_TOPIC (17)
// or UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200) per item instead. Nothing here prints.

import { existsSync, readFileSync } from 'node:fs';
import { ResponseCode } from '../protocol/codes.js';
import { ResponseError } from '../protocol/errors.js';
import { defaultSubscriptionGroup, type SubscriptionGroupConfig } from '../protocol/bodies/topicAdmin.js';
import { updateAndCreateSubscriptionGroupList, updateAndCreateTopicList, type BatchTopicConfig } from '../protocol/requests/batchConfig.js';
import { getAllSubscriptionGroupConfig, updateAndCreateSubscriptionGroup } from '../protocol/requests/groups.js';
import type { BrokerAddress } from './cluster.js';
import { InvalidArgumentError, toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { applyUpdateTopic, planUpdateTopic, validateTopicName, type BrokerTopicPlan, type UpdateTopicPlan } from './topics.js';
import { resolveBrokers, type TargetSelector } from './targets.js';
import { validateGroupName } from './groups.js';

/** TopicConfig's own defaults, which the Java tool's file entries take for missing fields. */
const FILE_TOPIC_DEFAULTS = { readQueueNums: 16, writeQueueNums: 16 } as const;

export type BatchVia = 'batch' | 'single';

// ---------------------------------------------------------------------------------------------
// Files

type JsonObject = Record<string, unknown>;

/** Reads a JSON array of objects; every problem is bad input (exit 2). */
export function readJsonArrayFile(path: string, what: string): JsonObject[] {
  if (!existsSync(path)) throw new InvalidArgumentError(`the file ${path} does not exist`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InvalidArgumentError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseJsonArray(parsed, path, what);
}

export function parseJsonArray(parsed: unknown, path: string, what: string): JsonObject[] {
  if (!Array.isArray(parsed)) throw new InvalidArgumentError(`${path} must hold a JSON array of ${what}`, `for example [{"${what === 'topic configs' ? 'topicName' : 'groupName'}":"..."}]`);
  return parsed.map((e, i) => {
    if (e === null || typeof e !== 'object' || Array.isArray(e)) throw new InvalidArgumentError(`${path}: entry ${i} is not an object`);
    return e as JsonObject;
  });
}

/** One TopicConfig of the file: only the fields given (the others are kept, or defaulted when new). */
export interface TopicListEntry {
  topicName: string;
  readQueueNums?: number;
  writeQueueNums?: number;
  perm?: number;
  topicSysFlag?: number;
  order?: boolean;
  /** Attribute edits, keys `+name` (set) or `-name` (delete); a bare name means `+name`. */
  attributes?: Record<string, string>;
}

function optInt(e: JsonObject, key: string, where: string): number | undefined {
  const v = e[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new InvalidArgumentError(`${where}: ${key} must be an integer, not ${JSON.stringify(v)}`);
  return v;
}

function optBool(e: JsonObject, key: string, where: string): boolean | undefined {
  const v = e[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new InvalidArgumentError(`${where}: ${key} must be true or false, not ${JSON.stringify(v)}`);
  return v;
}

export function parseTopicList(entries: JsonObject[]): TopicListEntry[] {
  const seen = new Set<string>();
  return entries.map((e, i) => {
    const where = `topic entry ${i}`;
    if (typeof e.topicName !== 'string') throw new InvalidArgumentError(`${where}: topicName is missing`);
    const topicName = validateTopicName(e.topicName);
    if (seen.has(topicName)) throw new InvalidArgumentError(`${where}: topic ${topicName} is given twice`);
    seen.add(topicName);
    const out: TopicListEntry = { topicName };
    for (const k of ['readQueueNums', 'writeQueueNums', 'perm', 'topicSysFlag'] as const) {
      const v = optInt(e, k, where);
      if (v !== undefined) out[k] = v;
    }
    const order = optBool(e, 'order', where);
    if (order !== undefined) out.order = order;
    if (e.attributes !== undefined && e.attributes !== null) {
      if (typeof e.attributes !== 'object' || Array.isArray(e.attributes)) throw new InvalidArgumentError(`${where}: attributes must be an object`);
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(e.attributes as JsonObject)) attrs[k] = v === null || v === undefined ? '' : String(v);
      out.attributes = attrs;
    }
    return out;
  });
}

/** `{"+a":"1","-b":""}` -> `+a=1,-b` (a key without a sign is set). */
export function attributeEdits(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .map(([k, v]) => (k.startsWith('-') ? k : `${k.startsWith('+') ? k : `+${k}`}=${v}`))
    .join(',');
}

/** `+a=1,-b` -> `{"+a":"1","-b":""}`, the form the batch body carries. */
function editsMap(edits: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of edits.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (item.startsWith('-')) out[item] = '';
    else {
      const [k, ...v] = item.split('=');
      out[k!] = v.join('=');
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// updateTopicList

export interface UpdateTopicListPlan {
  file: string;
  topics: UpdateTopicPlan[];
  /** Brokers whose current configs could not be read (once each); nothing is sent to them. */
  failures: TargetFailure[];
  lossy: boolean;
}

export interface TopicListRow extends BrokerTopicPlan {
  topic: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'failed';
  /** How it was sent: in the broker's one batch request, or one request per topic (4.9.x). */
  via: BatchVia | null;
  error?: string;
}

export interface UpdateTopicListResult {
  file: string;
  rows: TopicListRow[];
  failures: TargetFailure[];
}

function dedupeFailures(list: TargetFailure[]): TargetFailure[] {
  const seen = new Set<string>();
  return list.filter((f) => (seen.has(f.target) ? false : (seen.add(f.target), true)));
}

function withFileDefaults(entry: TopicListEntry, b: BrokerTopicPlan): BrokerTopicPlan {
  if (b.action !== 'create') return b;
  const after = { ...b.after };
  if (entry.readQueueNums === undefined) after.readQueueNums = FILE_TOPIC_DEFAULTS.readQueueNums;
  if (entry.writeQueueNums === undefined) after.writeQueueNums = FILE_TOPIC_DEFAULTS.writeQueueNums;
  const changes = b.changes.map((c) => (c.field === 'readQueueNums' || c.field === 'writeQueueNums' ? { ...c, after: after[c.field] } : c));
  return { ...b, after, changes };
}

/** What updateTopicList would change, topic by topic and broker by broker; changes nothing. */
export async function planUpdateTopicList(admin: MQAdmin, options: TargetSelector & { file: string; entries: TopicListEntry[] }): Promise<UpdateTopicListPlan> {
  await resolveBrokers(admin, options);
  const topics: UpdateTopicPlan[] = [];
  const failures: TargetFailure[] = [];
  for (const e of options.entries) {
    const sysFlag = e.topicSysFlag;
    const plan = await planUpdateTopic(admin, {
      cluster: options.cluster,
      brokerAddr: options.brokerAddr,
      topic: e.topicName,
      readQueueNums: e.readQueueNums,
      writeQueueNums: e.writeQueueNums,
      perm: e.perm,
      order: e.order,
      unit: sysFlag === undefined ? undefined : (sysFlag & 1) !== 0,
      hasUnitSub: sysFlag === undefined ? undefined : (sysFlag & 2) !== 0,
      attributes: e.attributes ? attributeEdits(e.attributes) : undefined,
    });
    // The Java list command writes no ORDER_TOPIC_CONFIG.
    topics.push({ ...plan, brokers: plan.brokers.map((b) => withFileDefaults(e, b)), orderConf: null, failures: [] });
    failures.push(...plan.failures);
  }
  return { file: options.file, topics, failures: dedupeFailures(failures), lossy: topics.some((t) => t.lossy) };
}

function isNotSupported(err: unknown): boolean {
  return err instanceof ResponseError && err.code === ResponseCode.REQUEST_CODE_NOT_SUPPORTED;
}

/** Sends the plan: one UPDATE_AND_CREATE_TOPIC_LIST per broker, or one UPDATE_AND_CREATE_TOPIC per topic on 4.9.x. */
export async function applyUpdateTopicList(admin: MQAdmin, plan: UpdateTopicListPlan): Promise<UpdateTopicListResult> {
  const byAddr = new Map<string, Array<{ topic: UpdateTopicPlan; broker: BrokerTopicPlan }>>();
  for (const t of plan.topics) {
    for (const b of t.brokers) {
      if (b.action === 'unchanged') continue;
      const list = byAddr.get(b.addr) ?? [];
      list.push({ topic: t, broker: b });
      byAddr.set(b.addr, list);
    }
  }
  const outcome = new Map<string, { via: BatchVia; error?: string }>();
  const key = (topic: string, addr: string) => `${topic}\u0000${addr}`;
  const failures: TargetFailure[] = [...plan.failures];
  await admin.fanOut([...byAddr], async ([addr, items]) => {
    const configs: BatchTopicConfig[] = items.map(({ topic, broker }) => ({
      topicName: topic.topic,
      readQueueNums: broker.after.readQueueNums,
      writeQueueNums: broker.after.writeQueueNums,
      perm: broker.after.perm,
      topicFilterType: 'SINGLE_TAG',
      topicSysFlag: broker.after.topicSysFlag,
      order: broker.after.order,
      attributes: editsMap(topic.attributes),
    }));
    try {
      await admin.call(addr, updateAndCreateTopicList, { topics: configs });
      for (const { topic } of items) outcome.set(key(topic.topic, addr), { via: 'batch' });
    } catch (err) {
      if (!isNotSupported(err)) {
        const f = toTargetFailure(addr, err);
        failures.push(f);
        for (const { topic } of items) outcome.set(key(topic.topic, addr), { via: 'batch', error: f.error });
        return;
      }
      // 4.9.x: no batch code; the same plan, one topic at a time.
      for (const { topic, broker } of items) {
        const r = await applyUpdateTopic(admin, { ...topic, brokers: [broker], failures: [], orderConf: null });
        const failed = r.brokers[0]?.outcome === 'failed';
        failures.push(...r.failures.map((f) => ({ ...f, error: `${topic.topic}: ${f.error}` })));
        outcome.set(key(topic.topic, addr), failed ? { via: 'single', error: r.brokers[0]?.error ?? 'failed' } : { via: 'single' });
      }
    }
  });
  const rows: TopicListRow[] = [];
  for (const t of plan.topics) {
    for (const b of t.brokers) {
      const o = outcome.get(key(t.topic, b.addr));
      const done = b.action === 'create' ? 'created' : b.action === 'update' ? 'updated' : 'unchanged';
      rows.push({ ...b, topic: t.topic, outcome: o?.error ? 'failed' : done, via: o?.via ?? null, ...(o?.error ? { error: o.error } : {}) });
    }
  }
  return { file: plan.file, rows, failures };
}

// ---------------------------------------------------------------------------------------------
// updateSubGroupList

export interface GroupFieldChange {
  field: string;
  before: unknown;
  after: unknown;
  lossy: boolean;
}

export interface BrokerGroupPlan extends BrokerAddress {
  group: string;
  action: 'create' | 'update' | 'unchanged';
  changes: GroupFieldChange[];
  /** The whole config that is sent (current fields kept, the file's fields over them). */
  config: SubscriptionGroupConfig;
}

export interface UpdateSubGroupListPlan {
  file: string;
  groups: string[];
  brokers: BrokerGroupPlan[];
  failures: TargetFailure[];
  lossy: boolean;
}

export interface GroupListRow extends BrokerGroupPlan {
  outcome: 'created' | 'updated' | 'unchanged' | 'failed';
  via: BatchVia | null;
  error?: string;
}

export interface UpdateSubGroupListResult {
  file: string;
  rows: GroupListRow[];
  failures: TargetFailure[];
}

export function parseSubGroupList(entries: JsonObject[]): SubscriptionGroupConfig[] {
  const seen = new Set<string>();
  return entries.map((e, i) => {
    const where = `group entry ${i}`;
    if (typeof e.groupName !== 'string') throw new InvalidArgumentError(`${where}: groupName is missing`);
    const name = validateGroupName(e.groupName);
    if (seen.has(name)) throw new InvalidArgumentError(`${where}: group ${name} is given twice`);
    seen.add(name);
    for (const k of ['retryQueueNums', 'retryMaxTimes', 'brokerId', 'whichBrokerWhenConsumeSlowly', 'consumeTimeoutMinute', 'groupSysFlag']) optInt(e, k, where);
    for (const k of ['consumeEnable', 'consumeFromMinEnable', 'consumeBroadcastEnable', 'consumeMessageOrderly', 'notifyConsumerIdsChangedEnable']) optBool(e, k, where);
    return { ...e, groupName: name } as SubscriptionGroupConfig;
  });
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What updateSubGroupList would change per broker; reads each broker's groups once, changes nothing. */
export async function planUpdateSubGroupList(admin: MQAdmin, options: TargetSelector & { file: string; entries: SubscriptionGroupConfig[] }): Promise<UpdateSubGroupListPlan> {
  const { brokers: targets } = await resolveBrokers(admin, options);
  const settled = await admin.fanOut(targets, (t) => admin.call(t.addr, getAllSubscriptionGroupConfig, undefined));
  const brokers: BrokerGroupPlan[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (!r.ok) {
      failures.push(toTargetFailure(t.addr, r.error));
      return;
    }
    for (const entry of options.entries) {
      const current = r.value[entry.groupName] ?? null;
      const config: SubscriptionGroupConfig = { ...(current ?? defaultSubscriptionGroup(entry.groupName)), ...entry };
      const changes: GroupFieldChange[] = [];
      for (const field of Object.keys(entry).sort()) {
        if (field === 'groupName') continue;
        const before = current ? (current[field] ?? null) : null;
        if (current && same(before, entry[field])) continue;
        if (!current && same(config[field], undefined)) continue;
        changes.push({ field, before, after: entry[field], lossy: current !== null && field === 'consumeEnable' && before === true && entry[field] === false });
      }
      const action = current === null ? 'create' : changes.length === 0 ? 'unchanged' : 'update';
      brokers.push({ ...t, group: entry.groupName, action, changes, config });
    }
  });
  return { file: options.file, groups: options.entries.map((e) => e.groupName), brokers, failures, lossy: brokers.some((b) => b.changes.some((c) => c.lossy)) };
}

/** Sends the plan: one UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST per broker, or code 200 per group on 4.9.x. */
export async function applyUpdateSubGroupList(admin: MQAdmin, plan: UpdateSubGroupListPlan): Promise<UpdateSubGroupListResult> {
  const byAddr = new Map<string, BrokerGroupPlan[]>();
  for (const b of plan.brokers) {
    if (b.action === 'unchanged') continue;
    byAddr.set(b.addr, [...(byAddr.get(b.addr) ?? []), b]);
  }
  const outcome = new Map<BrokerGroupPlan, { via: BatchVia; error?: string }>();
  const failures: TargetFailure[] = [...plan.failures];
  await admin.fanOut([...byAddr], async ([addr, items]) => {
    try {
      await admin.call(addr, updateAndCreateSubscriptionGroupList, { groups: items.map((b) => b.config) });
      for (const b of items) outcome.set(b, { via: 'batch' });
    } catch (err) {
      if (!isNotSupported(err)) {
        const f = toTargetFailure(addr, err);
        failures.push(f);
        for (const b of items) outcome.set(b, { via: 'batch', error: f.error });
        return;
      }
      for (const b of items) {
        try {
          await admin.call(addr, updateAndCreateSubscriptionGroup, { config: b.config });
          outcome.set(b, { via: 'single' });
        } catch (e) {
          const f = toTargetFailure(addr, e);
          failures.push({ ...f, error: `${b.group}: ${f.error}` });
          outcome.set(b, { via: 'single', error: f.error });
        }
      }
    }
  });
  const rows: GroupListRow[] = plan.brokers.map((b) => {
    const o = outcome.get(b);
    const done = b.action === 'create' ? 'created' : b.action === 'update' ? 'updated' : 'unchanged';
    return { ...b, outcome: o?.error ? 'failed' : done, via: o?.via ?? null, ...(o?.error ? { error: o.error } : {}) };
  });
  return { file: plan.file, rows, failures };
}
