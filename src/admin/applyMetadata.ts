// applyMetadata (beyond the Java tool): makes a target cluster's user topics and subscription
// groups match an exported metadata file (exportMetadata's JSON) or a live source cluster. The
// plan and the sending are those of updateTopicList / updateSubGroupList (src/admin/batchConfig.ts,
// over planUpdateTopic): each target master's current config is read, only what differs is sent,
// in one batch per broker (or one request per item on 4.9.x). System topics and groups are left
// alone (the filters of exportMetadata); what is only on the target is listed, and deleted only
// with `prune`. Nothing here prints.

import { existsSync, readFileSync } from 'node:fs';
import type { SubscriptionGroupConfig, TopicConfig } from '../protocol/bodies/topicAdmin.js';
import { getBrokerRuntimeInfo } from '../protocol/requests/broker.js';
import { getSystemTopicListFromBroker } from '../protocol/requests/export.js';
import { getAllSubscriptionGroupConfig } from '../protocol/requests/groups.js';
import { getAllTopicConfig } from '../protocol/requests/topics.js';
import { PERM_READ, PERM_WRITE } from '../protocol/perm.js';
import {
  applyUpdateSubGroupList,
  applyUpdateTopicList,
  planUpdateSubGroupList,
  planUpdateTopicList,
  type TopicListEntry,
  type UpdateSubGroupListPlan,
  type UpdateSubGroupListResult,
  type UpdateTopicListPlan,
  type UpdateTopicListResult,
} from './batchConfig.js';
import type { BrokerAddress } from './cluster.js';
import { InvalidArgumentError, toTargetFailure, type TargetFailure } from './errors.js';
import { isExportedGroup, isExportedTopic } from './export.js';
import type { MQAdmin } from './MQAdmin.js';
import { applyDeleteSubGroup, planDeleteSubGroup, validateGroupName } from './groups.js';
import { resolveBrokers } from './targets.js';
import { applyDeleteTopic, planDeleteTopic, validateTopicName } from './topics.js';

type JsonObject = Record<string, unknown>;

/** The source's user topics and groups, one config each (per broker, as a master holds it). */
export interface SourceMetadata {
  kind: 'file' | 'cluster';
  /** The file's path, or the source cluster's name. */
  name: string;
  topics: Map<string, JsonObject>;
  groups: Map<string, JsonObject>;
  /** Left out: system topics and groups, and entries that cannot be applied (with why). */
  skipped: Array<{ kind: 'topic' | 'group'; name: string; reason: string }>;
}

/** The group fields compared and sent to every target (4.9.x and 5.x SubscriptionGroupConfig). */
const GROUP_FIELDS = [
  'consumeEnable',
  'consumeFromMinEnable',
  'consumeBroadcastEnable',
  'retryQueueNums',
  'retryMaxTimes',
  'brokerId',
  'whichBrokerWhenConsumeSlowly',
  'notifyConsumerIdsChangedEnable',
] as const;
/** 5.x only: sent only to 5.x targets. */
const GROUP_FIELDS_5X = ['consumeMessageOrderly', 'consumeTimeoutMinute', 'groupSysFlag'] as const;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function table(doc: JsonObject, key: string): Array<[string, JsonObject]> {
  const t = doc[key];
  if (t === undefined || t === null) return [];
  if (!isObject(t)) throw new InvalidArgumentError(`${key} must be an object of name -> config`);
  return Object.entries(t).map(([k, v]) => {
    if (!isObject(v)) throw new InvalidArgumentError(`${key}.${k} is not an object`);
    return [k, v];
  });
}

/** Reads exportMetadata's metadata.json (or its topic.json / subscriptionGroup.json); anything else is exit 2. */
export function readMetadataFile(path: string): SourceMetadata {
  if (!existsSync(path)) throw new InvalidArgumentError(`the file ${path} does not exist`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InvalidArgumentError(`${path} is not valid JSON: ${(err as Error).message}`, 'give a file written by `mqadmin exportMetadata`');
  }
  if (!isObject(doc) || (!isObject(doc.topicConfigTable) && !isObject(doc.subscriptionGroupTable))) {
    throw new InvalidArgumentError(`${path} is not a metadata export: it has no topicConfigTable or subscriptionGroupTable`, 'give a file written by `mqadmin exportMetadata` (metadata.json, topic.json or subscriptionGroup.json)');
  }
  const meta: SourceMetadata = { kind: 'file', name: path, topics: new Map(), groups: new Map(), skipped: [] };
  try {
    for (const [name, c] of table(doc, 'topicConfigTable')) addTopic(meta, name, c, new Set());
    for (const [name, c] of table(doc, 'subscriptionGroupTable')) addGroup(meta, name, c);
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw new InvalidArgumentError(`${path}: ${err.message}`, 'give a file written by `mqadmin exportMetadata`');
    throw err;
  }
  return meta;
}

function addTopic(meta: SourceMetadata, name: string, c: JsonObject, systemTopics: ReadonlySet<string>): void {
  if (!isExportedTopic(name, c as never, systemTopics, false)) {
    meta.skipped.push({ kind: 'topic', name, reason: 'system topic' });
    return;
  }
  try {
    validateTopicName(name);
  } catch (err) {
    meta.skipped.push({ kind: 'topic', name, reason: (err as Error).message });
    return;
  }
  for (const k of ['readQueueNums', 'writeQueueNums', 'perm'] as const) {
    if (typeof c[k] !== 'number' || !Number.isInteger(c[k])) throw new InvalidArgumentError(`topic ${name}: ${k} must be an integer`);
  }
  const perm = (c.perm as number) & (PERM_READ | PERM_WRITE);
  if (perm === 0) {
    meta.skipped.push({ kind: 'topic', name, reason: `perm ${String(c.perm)} is neither readable nor writable` });
    return;
  }
  const seen = meta.topics.get(name);
  if (seen) {
    // Several masters of a live source: the most queues any of them has.
    seen.readQueueNums = Math.max(Number(seen.readQueueNums), Number(c.readQueueNums));
    seen.writeQueueNums = Math.max(Number(seen.writeQueueNums), Number(c.writeQueueNums));
    return;
  }
  meta.topics.set(name, { ...c, perm });
}

function addGroup(meta: SourceMetadata, name: string, c: JsonObject): void {
  if (!isExportedGroup(name)) {
    meta.skipped.push({ kind: 'group', name, reason: 'predefined group' });
    return;
  }
  try {
    validateGroupName(name);
  } catch (err) {
    meta.skipped.push({ kind: 'group', name, reason: (err as Error).message });
    return;
  }
  if (!meta.groups.has(name)) meta.groups.set(name, c);
}

/** The user topics and groups of a live cluster's masters, each master's own numbers (not summed). */
export async function readClusterMetadata(admin: MQAdmin, cluster: string): Promise<{ meta: SourceMetadata; failures: TargetFailure[] }> {
  const { brokers } = await resolveBrokers(admin, { cluster });
  const masters = [...brokers].sort((a, b) => a.brokerName.localeCompare(b.brokerName));
  const settled = await admin.fanOut(masters, async (b) => {
    const [topics, system, groups] = await Promise.all([
      admin.call(b.addr, getAllTopicConfig, undefined),
      admin.call(b.addr, getSystemTopicListFromBroker, undefined),
      admin.call(b.addr, getAllSubscriptionGroupConfig, undefined),
    ]);
    return { topics, system, groups };
  });
  const meta: SourceMetadata = { kind: 'cluster', name: cluster, topics: new Map(), groups: new Map(), skipped: [] };
  const failures: TargetFailure[] = [];
  let first: unknown;
  masters.forEach((b, i) => {
    const s = settled[i]!;
    if (!s.ok) {
      first ??= s.error;
      failures.push(toTargetFailure(`${b.brokerName} ${b.addr}`, s.error));
      return;
    }
    const system = new Set(s.value.system);
    for (const [name, c] of Object.entries(s.value.topics)) addTopic(meta, name, c as unknown as JsonObject, system);
    for (const [name, c] of Object.entries(s.value.groups)) addGroup(meta, name, c);
  });
  if (failures.length === masters.length && first !== undefined) throw first;
  // A system topic of one master seen as a user topic of another: skipped once, not twice.
  const seen = new Set<string>();
  meta.skipped = meta.skipped.filter((x) => !meta.topics.has(x.name) || x.kind !== 'topic').filter((x) => (seen.has(`${x.kind}:${x.name}`) ? false : (seen.add(`${x.kind}:${x.name}`), true)));
  return { meta, failures };
}

// ---------------------------------------------------------------------------------------------
// The plan

export interface ApplyMetadataPlan {
  source: { kind: 'file' | 'cluster'; name: string };
  cluster: string;
  /** Every target master reports a 5.x version: topic attributes and 5.x group fields are compared and sent. */
  attributesSupported: boolean;
  /** updateTopicList's plan of the source's topics on the target's masters. */
  topics: UpdateTopicListPlan;
  /** updateSubGroupList's plan of the source's groups. */
  groups: UpdateSubGroupListPlan;
  /** User topics and groups on the target but not in the source: kept, or deleted with `prune`. */
  onlyOnTarget: { topics: string[]; groups: string[] };
  prune: boolean;
  skipped: SourceMetadata['skipped'];
  /** Nothing to create, change or delete. */
  empty: boolean;
  /** Queues or permissions removed, consumption switched off, or something deleted. */
  lossy: boolean;
  lossyItems: string[];
  failures: TargetFailure[];
}

export interface ApplyMetadataResult {
  plan: ApplyMetadataPlan;
  topics: UpdateTopicListResult | null;
  groups: UpdateSubGroupListResult | null;
  deleted: Array<{ kind: 'topic' | 'group'; name: string; ok: boolean; error?: string }>;
  failures: TargetFailure[];
}

function groupEntry(name: string, c: JsonObject, v5: boolean): SubscriptionGroupConfig {
  const out: SubscriptionGroupConfig = { groupName: name };
  for (const f of v5 ? [...GROUP_FIELDS, ...GROUP_FIELDS_5X] : GROUP_FIELDS) {
    const v = c[f];
    if (typeof v === 'number' || typeof v === 'boolean') out[f] = v;
  }
  return out;
}

function topicEntry(name: string, c: JsonObject, v5: boolean): TopicListEntry {
  const e: TopicListEntry = {
    topicName: name,
    readQueueNums: Number(c.readQueueNums),
    writeQueueNums: Number(c.writeQueueNums),
    perm: Number(c.perm),
    order: c.order === true,
  };
  if (typeof c.topicSysFlag === 'number') e.topicSysFlag = c.topicSysFlag;
  if (v5 && isObject(c.attributes)) {
    // Set or change the source's attributes; the target's others are kept (a 4.9 source has none).
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.attributes)) {
      const text = String(v);
      if (/^[^=,+-][^=,]*$/.test(k) && !text.includes(',')) attrs[`+${k}`] = text;
    }
    if (Object.keys(attrs).length > 0) e.attributes = attrs;
  }
  return e;
}

async function targetSupportsAttributes(admin: MQAdmin, masters: BrokerAddress[]): Promise<boolean> {
  const settled = await admin.fanOut(masters, (b) => admin.call(b.addr, getBrokerRuntimeInfo, undefined));
  const versions = settled.filter((s) => s.ok).map((s) => (s as { value: Record<string, string> }).value.brokerVersionDesc ?? '');
  return versions.length > 0 && versions.every((v) => /^V([5-9]|\d\d)_/.test(v));
}

/** What applying `source` to the target cluster would do; changes nothing. */
export async function planApplyMetadata(admin: MQAdmin, o: { source: SourceMetadata; cluster: string; prune?: boolean }): Promise<ApplyMetadataPlan> {
  const { brokers: masters } = await resolveBrokers(admin, { cluster: o.cluster });
  const v5 = await targetSupportsAttributes(admin, masters);
  const src = o.source;
  const label = src.kind === 'file' ? src.name : `cluster ${src.name}`;
  const topicEntries = [...src.topics].sort(([a], [b]) => a.localeCompare(b)).map(([n, c]) => topicEntry(n, c, v5));
  const groupEntries = [...src.groups].sort(([a], [b]) => a.localeCompare(b)).map(([n, c]) => groupEntry(n, c, v5));
  const topics = await planUpdateTopicList(admin, { cluster: o.cluster, file: label, entries: topicEntries });
  const groups = await planUpdateSubGroupList(admin, { cluster: o.cluster, file: label, entries: groupEntries });

  // The target's own user topics and groups, for what the source does not have.
  const settled = await admin.fanOut(masters, async (b) => {
    const [t, system, g] = await Promise.all([
      admin.call(b.addr, getAllTopicConfig, undefined),
      admin.call(b.addr, getSystemTopicListFromBroker, undefined),
      admin.call(b.addr, getAllSubscriptionGroupConfig, undefined),
    ]);
    return { t: t as Record<string, TopicConfig>, system: new Set(system), g };
  });
  const failures: TargetFailure[] = [...topics.failures, ...groups.failures];
  const onlyTopics = new Set<string>();
  const onlyGroups = new Set<string>();
  masters.forEach((b, i) => {
    const s = settled[i]!;
    if (!s.ok) {
      failures.push(toTargetFailure(b.addr, s.error));
      return;
    }
    for (const [name, c] of Object.entries(s.value.t)) {
      if (!src.topics.has(name) && isExportedTopic(name, c as never, s.value.system, false)) onlyTopics.add(name);
    }
    for (const name of Object.keys(s.value.g)) if (!src.groups.has(name) && isExportedGroup(name)) onlyGroups.add(name);
  });
  // A topic that is some group's %RETRY%/%DLQ% topic is never listed (isExportedTopic); nor is
  // the source's skipped system topics.
  const onlyOnTarget = { topics: [...onlyTopics].sort(), groups: [...onlyGroups].sort() };
  const prune = o.prune === true;
  const lossyItems = [
    ...topics.topics.filter((t) => t.lossy).map((t) => `topic ${t.topic} (queues or permissions removed)`),
    ...[...new Set(groups.brokers.filter((b) => b.changes.some((c) => c.lossy)).map((b) => b.group))].map((g) => `group ${g} (consumeEnable false)`),
    ...(prune ? [...onlyOnTarget.topics.map((t) => `topic ${t} (deleted)`), ...onlyOnTarget.groups.map((g) => `group ${g} (deleted)`)] : []),
  ];
  const changes =
    topics.topics.some((t) => t.brokers.some((b) => b.action !== 'unchanged')) ||
    groups.brokers.some((b) => b.action !== 'unchanged') ||
    (prune && (onlyOnTarget.topics.length > 0 || onlyOnTarget.groups.length > 0));
  const seen = new Set<string>();
  return {
    source: { kind: src.kind, name: src.name },
    cluster: o.cluster,
    attributesSupported: v5,
    topics,
    groups,
    onlyOnTarget,
    prune,
    skipped: src.skipped,
    empty: !changes,
    lossy: lossyItems.length > 0,
    lossyItems,
    failures: failures.filter((f) => (seen.has(f.target) ? false : (seen.add(f.target), true))),
  };
}

/** Sends the plan: the topics, then the groups (batch per broker), then, with prune, the deletions. */
export async function applyApplyMetadata(admin: MQAdmin, plan: ApplyMetadataPlan): Promise<ApplyMetadataResult> {
  const failures: TargetFailure[] = [...plan.failures];
  const topicsChange = plan.topics.topics.some((t) => t.brokers.some((b) => b.action !== 'unchanged'));
  const groupsChange = plan.groups.brokers.some((b) => b.action !== 'unchanged');
  const topics = topicsChange ? await applyUpdateTopicList(admin, { ...plan.topics, failures: [] }) : null;
  const groups = groupsChange ? await applyUpdateSubGroupList(admin, { ...plan.groups, failures: [] }) : null;
  failures.push(...(topics?.failures ?? []), ...(groups?.failures ?? []));
  const deleted: ApplyMetadataResult['deleted'] = [];
  if (plan.prune) {
    for (const group of plan.onlyOnTarget.groups) {
      try {
        const r = await applyDeleteSubGroup(admin, await planDeleteSubGroup(admin, { cluster: plan.cluster, group }));
        failures.push(...r.failures.map((f) => ({ ...f, error: `group ${group}: ${f.error}` })));
        deleted.push({ kind: 'group', name: group, ok: r.deletedOn.length > 0, ...(r.failures.length ? { error: r.failures[0]!.error } : {}) });
      } catch (err) {
        const f = toTargetFailure(plan.cluster, err);
        failures.push({ ...f, error: `group ${group}: ${f.error}` });
        deleted.push({ kind: 'group', name: group, ok: false, error: f.error });
      }
    }
    for (const topic of plan.onlyOnTarget.topics) {
      try {
        const r = await applyDeleteTopic(admin, await planDeleteTopic(admin, { cluster: plan.cluster, topic }));
        failures.push(...r.failures.map((f) => ({ ...f, error: `topic ${topic}: ${f.error}` })));
        deleted.push({ kind: 'topic', name: topic, ok: r.failures.length === 0, ...(r.failures.length ? { error: r.failures[0]!.error } : {}) });
      } catch (err) {
        const f = toTargetFailure(plan.cluster, err);
        failures.push({ ...f, error: `topic ${topic}: ${f.error}` });
        deleted.push({ kind: 'topic', name: topic, ok: false, error: f.error });
      }
    }
  }
  return { plan, topics, groups, deleted, failures };
}
