// The export commands (admin-commands.md §6): a cluster's or a broker's user topics and
// subscription groups (exportMetadata), its brokers' main settings (exportConfigs) and a metrics
// report (exportMetrics), each as the JSON file the Java tool writes: same file names, keys and
// structure, pretty-printed the way fastjson does (tabs, `"key":value`), java.util.HashMap key
// order for maps and alphabetical order for Java beans. Files are written to a temporary file
// and renamed, so a failed export never leaves a half-written file. Nothing here prints.

import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { ResponseError } from '../protocol/errors.js';
import { isFastJsonObject, JavaDouble, javaDouble, stringifyFastJson, type FastJsonObject } from '../protocol/fastjson.js';
import { javaStringHashCode } from '../protocol/javaHash.js';
import { sum24h, type BrokerStatsData } from '../protocol/bodies/stats.js';
import { versionDesc } from '../protocol/bodies/consumer.js';
import { getBrokerRuntimeInfo } from '../protocol/requests/broker.js';
import { getAllSubscriptionGroupWrapper, getAllTopicConfigWrapper, getSystemTopicListFromBroker, popRollback } from '../protocol/requests/export.js';
import { StatsName } from '../protocol/requests/stats.js';
import { getBrokerConfig } from '../protocol/requests/brokerConfig.js';
import { DEFAULT_VERSION } from '../remoting/command.js';
import { listBrokerAddresses, type BrokerAddress } from './cluster.js';
import { consumerConnection } from './consumer.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, UnavailableOnServerError, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { onBroker, viewStats } from './stats.js';
import { resolveBrokers } from './targets.js';
import { DLQ_GROUP_TOPIC_PREFIX, RETRY_GROUP_TOPIC_PREFIX } from './topics.js';

/** The Java tool's default output directory. */
export const DEFAULT_EXPORT_DIR = '/tmp/rocketmq/export';

// ---------------------------------------------------------------------------------------------
// fastjson's PrettyFormat, with Java's HashMap order

/** A java.util.HashMap: written in HashMap iteration order (see {@link hashMap}). */
export class JavaHashMap {
  constructor(readonly entries: ReadonlyArray<readonly [string, unknown]>) {}
}

/**
 * The iteration order of a java.util.HashMap filled with these entries in this order: buckets by
 * the spread String hash over a table of 16 doubling past a 0.75 load, insertion order within a
 * bucket (a bucket turned into a tree past 8 entries is not modelled).
 */
export function hashMap(
  entries: Iterable<readonly [string, unknown]> | Record<string, unknown>,
  sizing: { initialCapacity?: number; loadFactor?: number } = {},
): JavaHashMap {
  const list = Symbol.iterator in entries ? [...(entries as Iterable<readonly [string, unknown]>)] : Object.entries(entries);
  const unique = new Map<string, unknown>();
  for (const [k, v] of list) unique.set(k, v);
  // new HashMap<>(n, f): the table is the power of two >= n (16 by default), doubled past n * f.
  const loadFactor = sizing.loadFactor ?? 0.75;
  let capacity = 1;
  while (capacity < (sizing.initialCapacity ?? 16)) capacity *= 2;
  while (unique.size > capacity * loadFactor) capacity *= 2;
  const bucket = (k: string) => {
    const h = javaStringHashCode(k);
    return ((h ^ (h >>> 16)) & (capacity - 1)) >>> 0;
  };
  const ordered = [...unique].map(([k, v], i) => ({ k, v, i, b: bucket(k) })).sort((x, y) => x.b - y.b || x.i - y.i);
  return new JavaHashMap(ordered.map((e) => [e.k, e.v] as const));
}

/**
 * `JSON.toJSONString(value, true)`: one member per line indented by tabs, `"key":value`, empty
 * objects and arrays as `{}` and `[]`. Plain objects are Java beans (keys alphabetical),
 * {@link JavaHashMap}s keep their order; scalars are written as {@link stringifyFastJson} does.
 */
export function prettyFastJson(value: unknown, depth = 0): string {
  const indent = (n: number) => '\t'.repeat(n);
  const block = (open: string, close: string, items: string[]) =>
    items.length === 0 ? `${open}${close}` : `${open}\n${items.map((s) => `${indent(depth + 1)}${s}`).join(',\n')}\n${indent(depth)}${close}`;
  if (value instanceof JavaHashMap) {
    return block('{', '}', value.entries.filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${stringifyFastJson(k)}:${prettyFastJson(v, depth + 1)}`));
  }
  if (Array.isArray(value)) return block('[', ']', value.map((v) => prettyFastJson(v, depth + 1)));
  if (typeof value === 'object' && value !== null && !(value instanceof JavaDouble) && !(value instanceof Map) && isFastJsonObject(value)) {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return block('{', '}', keys.filter((k) => value[k] !== undefined && value[k] !== null).map((k) => `${stringifyFastJson(k)}:${prettyFastJson(value[k], depth + 1)}`));
  }
  return stringifyFastJson(value);
}

// ---------------------------------------------------------------------------------------------
// Files

/** `<dir>/<name>` as the Java tool names it (string concatenation, without a doubled slash). */
export function exportPath(dir: string, name: string): string {
  if (dir.trim() === '') throw new InvalidArgumentError('the output directory (-f) is empty');
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? err);
}

/** Checks before any request that the directory exists or can be created and is a directory. */
export function prepareDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new InvalidArgumentError(`cannot create the output directory ${dir}: ${reason(err)}`, 'give -f a directory you can write to');
  }
  if (!statSync(dir).isDirectory()) throw new InvalidArgumentError(`cannot write to ${dir}: it is not a directory`, 'give -f a directory');
}

/** Writes the whole text to a temporary file next to `path`, then renames it over `path`. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new InvalidArgumentError(`cannot write ${path}: ${reason(err)}`, 'give -f a directory you can write to');
  }
}

export interface ExportedFile {
  path: string;
  /** The document written, as JSON (the file holds it pretty-printed as fastjson writes it). */
  document: unknown;
}

export interface ExportResult {
  files: ExportedFile[];
  /** Brokers that did not answer; the file holds the others. */
  failures: TargetFailure[];
}

/** JSON-ready form of a document built for {@link prettyFastJson}. */
function plain(value: unknown): unknown {
  if (value instanceof JavaHashMap) return Object.fromEntries(value.entries.map(([k, v]) => [k, plain(v)]));
  if (value instanceof JavaDouble) return value.value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function writeDocuments(docs: Array<{ path: string; document: unknown }>): ExportedFile[] {
  const out: ExportedFile[] = [];
  for (const d of docs) {
    writeFileAtomic(d.path, prettyFastJson(d.document));
    out.push({ path: d.path, document: plain(d.document) });
  }
  return out;
}

/** Keeps the answers of the targets that answered; when none did, the first error is the error. */
function splitSettled<T, R>(targets: readonly T[], settled: ReadonlyArray<{ ok: true; value: R } | { ok: false; error: unknown }>, name: (t: T) => string) {
  const ok: Array<{ target: T; value: R }> = [];
  const failures: TargetFailure[] = [];
  let first: unknown;
  targets.forEach((t, i) => {
    const s = settled[i]!;
    if (s.ok) ok.push({ target: t, value: s.value });
    else {
      first ??= s.error;
      failures.push(toTargetFailure(name(t), s.error));
    }
  });
  if (ok.length === 0 && first !== undefined) throw first;
  return { ok, failures };
}

// ---------------------------------------------------------------------------------------------
// User topics and groups

/** TopicValidator.isSystemTopic (5.x; the 4.9.x set is a subset). */
const SYSTEM_TOPICS = new Set([
  'TBW102', 'SCHEDULE_TOPIC_XXXX', 'BenchmarkTest', 'RMQ_SYS_TRANS_HALF_TOPIC', 'RMQ_SYS_TRACE_TOPIC',
  'RMQ_SYS_TRANS_OP_HALF_TOPIC', 'TRANS_CHECK_MAX_TIME_TOPIC', 'SELF_TEST_TOPIC', 'OFFSET_MOVED_EVENT',
]);
const SYSTEM_TOPIC_PREFIX = 'rmq_sys_';

/** The groups the Java export leaves out (MixAll / SubscriptionGroupManager's predefined ones). */
const SYSTEM_GROUPS = new Set([
  'DEFAULT_CONSUMER', 'DEFAULT_PRODUCER', 'TOOLS_CONSUMER', 'SCHEDULE_CONSUMER', 'FILTERSRV_CONSUMER',
  '__MONITOR_CONSUMER', 'CLIENT_INNER_PRODUCER', 'SELF_TEST_P_GROUP', 'SELF_TEST_C_GROUP', 'CID_ONS-HTTP-PROXY',
  'CID_ONSAPI_PERMISSION', 'CID_ONSAPI_OWNER', 'CID_ONSAPI_PULL', 'CID_RMQ_SYS_TRANS',
]);

export function isExportedTopic(name: string, config: FastJsonObject, systemTopics: ReadonlySet<string>, specialTopic: boolean): boolean {
  if (systemTopics.has(name) || SYSTEM_TOPICS.has(name) || name.startsWith(SYSTEM_TOPIC_PREFIX)) return false;
  if (!specialTopic && (name.startsWith(RETRY_GROUP_TOPIC_PREFIX) || name.startsWith(DLQ_GROUP_TOPIC_PREFIX))) return false;
  const perm = Number(config.perm);
  return Number.isInteger(perm) && perm >= 0 && perm < 16;
}

export function isExportedGroup(name: string): boolean {
  return !SYSTEM_GROUPS.has(name) && !name.startsWith('CID_RMQ_SYS_');
}

interface UserTopics {
  wrapper: FastJsonObject;
  topics: Array<[string, FastJsonObject]>;
}

interface UserGroups {
  wrapper: FastJsonObject;
  groups: Array<[string, FastJsonObject]>;
}

function tableEntries(wrapper: FastJsonObject, table: string): Array<[string, FastJsonObject]> {
  const t = wrapper[table];
  if (!isFastJsonObject(t)) return [];
  return Object.entries(t).filter((e): e is [string, FastJsonObject] => isFastJsonObject(e[1]));
}

async function userTopics(admin: MQAdmin, addr: string, specialTopic: boolean): Promise<UserTopics> {
  const [wrapper, system] = await Promise.all([admin.call(addr, getAllTopicConfigWrapper, undefined), admin.call(addr, getSystemTopicListFromBroker, undefined)]);
  const systemSet = new Set(system);
  return { wrapper, topics: tableEntries(wrapper, 'topicConfigTable').filter(([name, c]) => isExportedTopic(name, c, systemSet, specialTopic)) };
}

async function userGroups(admin: MQAdmin, addr: string): Promise<UserGroups> {
  const wrapper = await admin.call(addr, getAllSubscriptionGroupWrapper, undefined);
  return { wrapper, groups: tableEntries(wrapper, 'subscriptionGroupTable').filter(([name]) => isExportedGroup(name)) };
}

// ---------------------------------------------------------------------------------------------
// exportMetadata

export interface ExportMetadataOptions {
  cluster?: string;
  brokerAddr?: string;
  /** Output directory (default {@link DEFAULT_EXPORT_DIR}). */
  filePath?: string;
  /** -t: topics only. */
  topic?: boolean;
  /** -g: subscription groups only. */
  subscriptionGroup?: boolean;
  /** -s: keep %RETRY% and %DLQ% topics. */
  specialTopic?: boolean;
  now?: () => number;
}

function sumField(into: FastJsonObject, from: FastJsonObject, field: string): FastJsonObject {
  return { ...from, [field]: Number(into[field] ?? 0) + Number(from[field] ?? 0) };
}

export async function exportMetadata(admin: MQAdmin, o: ExportMetadataOptions): Promise<ExportResult> {
  const dir = o.filePath ?? DEFAULT_EXPORT_DIR;
  if (o.brokerAddr !== undefined && o.cluster !== undefined) throw new InvalidArgumentError('give a cluster (-c) or a broker address (-b), not both');
  if (o.brokerAddr === undefined && o.cluster === undefined) throw new InvalidArgumentError('give a cluster (-c) or a broker address (-b)');
  if (o.brokerAddr !== undefined && !o.topic && !o.subscriptionGroup) {
    throw new InvalidArgumentError('with -b, say what to export: -t (topics) or -g (subscription groups)', 'the Java tool silently does nothing here');
  }
  prepareDir(dir);

  if (o.brokerAddr !== undefined) {
    const docs: Array<{ path: string; document: unknown }> = [];
    await onBroker(admin, o.brokerAddr, async (addr) => {
      // As the Java tool: -t wins over -g.
      if (o.topic) {
        const t = await userTopics(admin, addr, o.specialTopic ?? false);
        docs.push({ path: exportPath(dir, 'topic.json'), document: { ...t.wrapper, topicConfigTable: hashMap(t.topics) } });
      } else if (o.subscriptionGroup) {
        const g = await userGroups(admin, addr);
        docs.push({ path: exportPath(dir, 'subscriptionGroup.json'), document: { ...g.wrapper, subscriptionGroupTable: hashMap(g.groups) } });
      }
    });
    return { files: writeDocuments(docs), failures: [] };
  }

  const { brokers } = await resolveBrokers(admin, { cluster: o.cluster });
  const settled = await admin.fanOut(brokers, async (b) => {
    const [t, g] = await Promise.all([userTopics(admin, b.addr, o.specialTopic ?? false), userGroups(admin, b.addr)]);
    return { t, g };
  });
  const { ok, failures } = splitSettled(brokers, settled, (b) => `${b.brokerName} ${b.addr}`);
  const topics = new Map<string, FastJsonObject>();
  const groups = new Map<string, FastJsonObject>();
  for (const { value } of ok) {
    for (const [name, c] of value.t.topics) {
      const seen = topics.get(name);
      topics.set(name, seen ? sumField(seen, sumField(seen, c, 'readQueueNums'), 'writeQueueNums') : c);
    }
    for (const [name, c] of value.g.groups) {
      const seen = groups.get(name);
      groups.set(name, seen ? sumField(seen, c, 'retryQueueNums') : c);
    }
  }
  const exportTime = (o.now ?? Date.now)();
  // As the Java tool: -t wins over -g; the tables are put before exportTime.
  const doc = o.topic
    ? { path: exportPath(dir, 'topic.json'), document: hashMap([['topicConfigTable', hashMap(topics)], ['exportTime', exportTime]]) }
    : o.subscriptionGroup
      ? { path: exportPath(dir, 'subscriptionGroup.json'), document: hashMap([['subscriptionGroupTable', hashMap(groups)], ['exportTime', exportTime]]) }
      : { path: exportPath(dir, 'metadata.json'), document: hashMap([['topicConfigTable', hashMap(topics)], ['subscriptionGroupTable', hashMap(groups)], ['exportTime', exportTime]]) };
  return { files: writeDocuments([doc]), failures };
}

// ---------------------------------------------------------------------------------------------
// Masters of a cluster

interface ClusterMasters {
  masters: BrokerAddress[];
  slaveCount: number;
}

async function clusterMasters(admin: MQAdmin, cluster: string): Promise<ClusterMasters> {
  const info = await admin.examineClusterInfo();
  if (!(cluster in info.clusterAddrTable)) {
    const known = Object.keys(info.clusterAddrTable).sort();
    throw new NotFoundError(`cluster "${cluster}" not found`, known.length ? `known clusters: ${known.join(', ')}` : 'the NameServer knows no cluster');
  }
  const all = listBrokerAddresses(info, cluster);
  const masters = all.filter((b) => b.brokerId === 0);
  if (masters.length === 0) throw new NotFoundError(`cluster "${cluster}" has no master broker registered`);
  const masterNames = new Set(masters.map((b) => b.brokerName));
  return { masters, slaveCount: all.filter((b) => b.brokerId !== 0 && masterNames.has(b.brokerName)).length };
}

// ---------------------------------------------------------------------------------------------
// exportConfigs

/**
 * The broker settings exportConfigs keeps (ExportConfigsCommand), in the order the Java tool
 * writes them (a java.util.Properties, i.e. a Hashtable, whose order for these keys this is).
 */
export const EXPORTED_BROKER_CONFIG_KEYS = [
  'brokerId', 'traceOn', 'flushDiskType', 'msgTraceTopicName', 'traceTopicEnable', 'messageDelayLevel',
  'autoCreateTopicEnable', 'brokerRole', 'slaveReadEnable', 'fileReservedTime', 'brokerClusterName', 'brokerName',
  'filterServerNums', 'maxMessageSize', 'useTLS', 'autoCreateSubscriptionGroup',
] as const;

export async function exportConfigs(admin: MQAdmin, o: { cluster: string; filePath?: string }): Promise<ExportResult> {
  const dir = o.filePath ?? DEFAULT_EXPORT_DIR;
  prepareDir(dir);
  const { masters, slaveCount } = await clusterMasters(admin, o.cluster);
  const settled = await admin.fanOut(masters, (b) => admin.call(b.addr, getBrokerConfig, undefined));
  const { ok, failures } = splitSettled(masters, settled, (b) => `${b.brokerName} ${b.addr}`);
  // The Java tool's maps: new HashMap<>(masters, 1) and HashMap<>(3, 1); the document's order is
  // the one 4.9.8 wrote.
  const brokerConfigs = hashMap(
    ok.map(({ target, value }) => [target.brokerName, new JavaHashMap(EXPORTED_BROKER_CONFIG_KEYS.filter((k) => value[k] !== undefined).map((k) => [k, value[k]!] as const))] as const),
    { initialCapacity: masters.length, loadFactor: 1 },
  );
  const clusterScale = hashMap([['namesrvSize', admin.namesrvAddrs.length], ['masterBrokerSize', masters.length], ['slaveBrokerSize', slaveCount]], { initialCapacity: 3, loadFactor: 1 });
  const document = hashMap([['brokerConfigs', brokerConfigs], ['clusterScale', clusterScale]]);
  return { files: writeDocuments([{ path: exportPath(dir, 'configs.json'), document }]), failures };
}

// ---------------------------------------------------------------------------------------------
// exportMetrics

const ZERO_STATS: BrokerStatsData = { statsMinute: { sum: 0, tps: 0, avgpt: 0 }, statsHour: { sum: 0, tps: 0, avgpt: 0 }, statsDay: { sum: 0, tps: 0, avgpt: 0 } };

function missingKey(key: string, addr: string): UnavailableOnServerError {
  return new UnavailableOnServerError(`the broker ${addr} did not report "${key}" in its runtime info`, addr, 'runtime_info_incomplete', 'the Java tool fails here too');
}

function firstNumber(text: string | undefined, key: string, addr: string): number {
  if (text === undefined) throw missingKey(key, addr);
  const n = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(n) ? n : 0;
}

function required(table: Record<string, string>, key: string, addr: string): string {
  const v = table[key];
  if (v === undefined) throw missingKey(key, addr);
  return v;
}

async function optionalStats(admin: MQAdmin, addr: string, topic: string): Promise<BrokerStatsData> {
  try {
    return await viewStats(admin, addr, StatsName.TOPIC_PUT_NUMS, topic);
  } catch (err) {
    if (err instanceof ResponseError) return ZERO_STATS;
    throw err;
  }
}

interface BrokerMetrics {
  report: JavaHashMap;
  tps: { normalIn: number; normalOut: number; transIn: number; scheduleIn: number };
  oneDay: { normalIn: number; normalOut: number; transIn: number; scheduleIn: number };
}

async function brokerMetrics(admin: MQAdmin, b: BrokerAddress): Promise<BrokerMetrics> {
  const addr = b.addr;
  const runtime = await admin.call(addr, getBrokerRuntimeInfo, undefined);
  const config = await admin.call(addr, getBrokerConfig, undefined);
  const groups = await userGroups(admin, addr);
  const topics = await userTopics(admin, addr, false);
  const trans = await optionalStats(admin, addr, 'RMQ_SYS_TRANS_HALF_TOPIC');
  const schedule = await optionalStats(admin, addr, 'SCHEDULE_TOPIC_XXXX');
  const connections = await admin.fanOut(groups.groups, ([group]) => consumerConnection(admin, group));
  // A java.util.HashSet in the Java tool: distinct, in hash order.
  const infos: Array<[string, true]> = [];
  for (const c of connections) {
    if (!c.ok) continue;
    for (const x of c.value.connections) infos.push([`${x.language}%${versionDesc(x.version)}`, true]);
  }
  const clientInfo = hashMap(infos).entries.map(([k]) => k);
  const num = (k: string) => Number(required(runtime, k, addr));
  const tps = {
    normalIn: firstNumber(runtime.putTps, 'putTps', addr),
    normalOut: firstNumber(runtime.getTransferredTps ?? runtime.getTransferedTps, 'getTransferredTps', addr),
    transIn: trans.statsMinute.tps,
    scheduleIn: schedule.statsMinute.tps,
  };
  const oneDay = {
    normalIn: num('msgPutTotalTodayMorning') - num('msgPutTotalYesterdayMorning'),
    normalOut: num('msgGetTotalTodayMorning') - num('msgGetTotalYesterdayMorning'),
    transIn: sum24h(trans),
    scheduleIn: sum24h(schedule),
  };
  const report = hashMap([
    ['runtimeEnv', hashMap([['cpuNum', config.clientCallbackExecutorThreads], ['totalMemKBytes', runtime.totalMemKBytes]])],
    [
      'runtimeQuota',
      hashMap([
        ['diskRatio', hashMap([['commitLogDiskRatio', required(runtime, 'commitLogDiskRatio', addr)], ['consumeQueueDiskRatio', required(runtime, 'consumeQueueDiskRatio', addr)]])],
        ['tps', hashMap([['normalInTps', javaDouble(tps.normalIn)], ['normalOutTps', javaDouble(tps.normalOut)], ['transInTps', javaDouble(tps.transIn)], ['scheduleInTps', javaDouble(tps.scheduleIn)]])],
        ['oneDayNum', hashMap([['normalOneDayInNum', oneDay.normalIn], ['normalOneDayOutNum', oneDay.normalOut], ['transOneDayInNum', oneDay.transIn], ['scheduleOneDayInNum', oneDay.scheduleIn]])],
        ['messageAverageSize', required(runtime, 'putMessageAverageSize', addr)],
        ['topicSize', topics.topics.length],
        ['groupSize', groups.groups.length],
      ]),
    ],
    ['runtimeVersion', hashMap([['rocketmqVersion', versionDesc(DEFAULT_VERSION)], ['clientInfo', clientInfo]])],
  ]);
  return { report, tps, oneDay };
}

export async function exportMetrics(admin: MQAdmin, o: { cluster: string; filePath?: string }): Promise<ExportResult> {
  const dir = o.filePath ?? DEFAULT_EXPORT_DIR;
  prepareDir(dir);
  const { masters } = await clusterMasters(admin, o.cluster);
  const settled = await admin.fanOut(masters, (b) => brokerMetrics(admin, b));
  const { ok, failures } = splitSettled(masters, settled, (b) => `${b.brokerName} ${b.addr}`);
  const total = { tps: { normalIn: 0, normalOut: 0, transIn: 0, scheduleIn: 0 }, oneDay: { normalIn: 0, normalOut: 0, transIn: 0, scheduleIn: 0 } };
  for (const { value } of ok) {
    for (const k of ['normalIn', 'normalOut', 'transIn', 'scheduleIn'] as const) {
      total.tps[k] += value.tps[k];
      total.oneDay[k] += value.oneDay[k];
    }
  }
  const document = hashMap([
    ['evaluateReport', hashMap(ok.map(({ target, value }) => [target.brokerName, value.report] as const))],
    [
      'totalData',
      hashMap([
        ['totalTps', hashMap([['totalNormalInTps', javaDouble(total.tps.normalIn)], ['totalNormalOutTps', javaDouble(total.tps.normalOut)], ['totalTransInTps', javaDouble(total.tps.transIn)], ['totalScheduleInTps', javaDouble(total.tps.scheduleIn)]])],
        ['totalOneDayNum', hashMap([['normalOneDayInNum', total.oneDay.normalIn], ['normalOneDayOutNum', total.oneDay.normalOut], ['transOneDayInNum', total.oneDay.transIn], ['scheduleOneDayInNum', total.oneDay.scheduleIn]])],
      ]),
    ],
  ]);
  return { files: writeDocuments([{ path: exportPath(dir, 'metrics.json'), document }]), failures };
}

// ---------------------------------------------------------------------------------------------
// exportPopRecord

export interface PopRecordBroker {
  brokerName: string;
  addr: string;
  dryRun: boolean;
  /** Sent and answered SUCCESS (or nothing sent, in a dry run). */
  ok: boolean;
  error?: string;
}

export interface ExportPopRecordResult {
  brokers: PopRecordBroker[];
  failures: TargetFailure[];
}

/**
 * The Java tool's `-d` (ExportPopRecordCommand): a dry run only when the value is `false` (any
 * case); `true`, any other value or no `-d` is a real run.
 */
export function javaDryRun(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'false';
}

/**
 * POP_ROLLBACK to one broker (its name from GET_BROKER_CONFIG) or to every address, masters and
 * slaves, of a cluster's brokers. A dry run sends nothing but the lookups.
 */
export async function exportPopRecord(admin: MQAdmin, o: { cluster?: string; brokerAddr?: string; dryRun: boolean }): Promise<ExportPopRecordResult> {
  if ((o.brokerAddr === undefined) === (o.cluster === undefined)) throw new InvalidArgumentError('give a cluster (-c) or a broker address (-b)');
  if (o.brokerAddr !== undefined) {
    return onBroker(admin, o.brokerAddr, async (addr) => {
      const config = await admin.call(addr, getBrokerConfig, undefined);
      if (!o.dryRun) await admin.call(addr, popRollback, undefined);
      return { brokers: [{ brokerName: config.brokerName ?? '', addr, dryRun: o.dryRun, ok: true }], failures: [] };
    });
  }
  const info = await admin.examineClusterInfo();
  if (!(o.cluster! in info.clusterAddrTable)) {
    const known = Object.keys(info.clusterAddrTable).sort();
    throw new NotFoundError(`cluster "${o.cluster}" not found`, known.length ? `known clusters: ${known.join(', ')}` : 'the NameServer knows no cluster');
  }
  const targets = listBrokerAddresses(info, o.cluster);
  if (targets.length === 0) throw new NotFoundError(`cluster "${o.cluster}" has no broker registered`);
  const settled = await admin.fanOut(targets, (t) => (o.dryRun ? Promise.resolve() : admin.call(t.addr, popRollback, undefined)));
  const brokers: PopRecordBroker[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const s = settled[i]!;
    if (s.ok) brokers.push({ brokerName: t.brokerName, addr: t.addr, dryRun: o.dryRun, ok: true });
    else {
      const f = toTargetFailure(`${t.brokerName} ${t.addr}`, s.error);
      failures.push(f);
      brokers.push({ brokerName: t.brokerName, addr: t.addr, dryRun: o.dryRun, ok: false, error: f.error });
    }
  });
  return { brokers, failures };
}
