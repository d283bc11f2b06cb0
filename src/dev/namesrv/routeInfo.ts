// The NameServer's route tables and the rules that change them (Java's RouteInfoManager;
// behaviours.md §4.2–4.3, messages.md B.1), plus the bodies built from or fed into them:
// RegisterBrokerBody in both forms (A.22), TopicRouteData (A.4, framing.md §10.7),
// ClusterInfo (A.5), TopicList (A.6) and DataVersion (A.2).
//
// Nothing here does I/O or reads the wall clock: the caller passes a clock and an opaque
// "channel" token per registration (the connection it came on), so every rule is testable
// without sockets. The NameServer owns the timers and the sockets.
//
// `legacy` selects 4.9.8 behaviour and shapes (what a NameServer of version < V5_0_0 does):
// no single-topic guard, no acting-master handling, queue data refreshed on DataVersion change
// only, live brokers keyed by address alone, and bodies without the 5.x fields
// (`enableActingMaster`, `zoneName`, `stateVersion`).

import { constants as zlibConstants, deflateSync, inflateSync } from 'node:zlib';
import {
  asArray,
  asBoolean,
  asNumber,
  asObject,
  asString,
  entriesOf,
  parseFastJson,
  stringifyFastJson,
  type FastJsonValue,
} from '../../protocol/fastjson.js';
import type { QueueData } from '../../protocol/bodies/route.js';

export type { QueueData };

/** `MQVersion.Version` ordinals the NameServer gates on (framing.md §8). */
export const VERSION_V3_0_11 = 37;
export const VERSION_V4_9_4 = 401;
export const VERSION_V5_0_0 = 413;

export const MASTER_ID = 0;
/** Java's DEFAULT_BROKER_CHANNEL_EXPIRED_TIME (behaviours.md §0). */
export const DEFAULT_BROKER_EXPIRY_MS = 120_000;

const PERM_WRITE = 2;
const PERM_READ = 4;
const TOPIC_SYS_FLAG_UNIT = 1;
const TOPIC_SYS_FLAG_UNIT_SUB = 2;

// ---------------------------------------------------------------------------------------------
// Body types
// ---------------------------------------------------------------------------------------------

/** A.2. `stateVersion` is 0 for 4.9.8 peers, which do not send it. */
export interface DataVersion {
  counter: number;
  timestamp: number;
  stateVersion: number;
}

export function sameDataVersion(a: DataVersion, b: DataVersion): boolean {
  return a.counter === b.counter && a.timestamp === b.timestamp && a.stateVersion === b.stateVersion;
}

/** The part of a broker's TopicConfig (A.3) the NameServer keeps. */
export interface TopicConfigEntry {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
  topicFilterType: string;
  order: boolean;
  attributes?: Record<string, string>;
}

/** A.8 as the NameServer reads it (the 5.x "AndMapping" variant; mappings `{}` for 4.9.8 brokers). */
export interface TopicConfigWrapper {
  dataVersion: DataVersion;
  topicConfigTable: Map<string, TopicConfigEntry>;
  /** topic -> TopicQueueMappingInfo JSON (static topics, 5.x); kept as received. */
  topicQueueMappingInfoMap: Map<string, FastJsonValue>;
}

/** A.22. `filterServerList` is null only for pre-V3_0_11 bodies, which leave filter servers alone. */
export interface RegisterBrokerBody {
  topicConfigWrapper: TopicConfigWrapper;
  filterServerList: string[] | null;
}

export class RegisterBrokerBodyError extends Error {
  constructor(message: string) {
    super(`Failed to decode RegisterBrokerBody: ${message}`);
    this.name = 'RegisterBrokerBodyError';
  }
}

// ---------------------------------------------------------------------------------------------
// Body decoding
// ---------------------------------------------------------------------------------------------

function num(value: unknown, fallback: number): number {
  return asNumber(value) ?? fallback;
}

/** Java's DataVersion defaults: counter 0, stateVersion 0, timestamp = when it was created. */
export function decodeDataVersion(value: unknown, now: number): DataVersion {
  const r = asObject(value);
  return {
    counter: num(r?.counter, 0),
    timestamp: num(r?.timestamp, now),
    stateVersion: num(r?.stateVersion, 0),
  };
}

/** TopicConfig JSON; missing fields take the Java class defaults (16 queues, perm RW). */
function decodeTopicConfig(value: unknown, key: string): TopicConfigEntry {
  const r = asObject(value);
  if (!r) throw new RegisterBrokerBodyError(`topic config "${key}" is not an object`);
  const entry: TopicConfigEntry = {
    // Java keys the route by the config's own name; the map key is the fallback for a nameless one.
    topicName: asString(r.topicName) ?? key,
    readQueueNums: num(r.readQueueNums, 16),
    writeQueueNums: num(r.writeQueueNums, 16),
    perm: num(r.perm, PERM_READ | PERM_WRITE),
    topicSysFlag: num(r.topicSysFlag, 0),
    topicFilterType: asString(r.topicFilterType) ?? 'SINGLE_TAG',
    order: asBoolean(r.order) ?? false,
  };
  const attributes = asObject(r.attributes);
  if (attributes) entry.attributes = stringRecord(attributes);
  return entry;
}

function stringRecord(r: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) {
    const s = asString(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

function decodeWrapper(value: unknown, now: number): TopicConfigWrapper {
  const r = asObject(value);
  const topicConfigTable = new Map<string, TopicConfigEntry>();
  for (const [key, config] of entriesOf(r?.topicConfigTable)) {
    const entry = decodeTopicConfig(config, String(key));
    topicConfigTable.set(entry.topicName, entry);
  }
  const topicQueueMappingInfoMap = new Map<string, FastJsonValue>();
  for (const [topic, info] of entriesOf(r?.topicQueueMappingInfoMap)) topicQueueMappingInfoMap.set(String(topic), info);
  return { dataVersion: decodeDataVersion(r?.dataVersion, now), topicConfigTable, topicQueueMappingInfoMap };
}

function emptyBody(): RegisterBrokerBody {
  // Java's processor fills an absent body with DataVersion{0, 0, 0} and no topics.
  return {
    topicConfigWrapper: {
      dataVersion: { counter: 0, timestamp: 0, stateVersion: 0 },
      topicConfigTable: new Map(),
      topicQueueMappingInfoMap: new Map(),
    },
    filterServerList: [],
  };
}

/**
 * TopicConfig.decode of the compact text (A.3): space-separated name, read, write, perm, filter
 * type and, 5.x, an attributes JSON. Java's `split(" ")` drops trailing empty fields.
 */
function decodeCompactTopicConfig(text: string): TopicConfigEntry {
  const parts = text.split(' ');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length < 5) throw new RegisterBrokerBodyError(`topic config "${text}" has fewer than 5 fields`);
  const int = (s: string, what: string): number => {
    if (!/^[-+]?\d+$/.test(s)) throw new RegisterBrokerBodyError(`topic config "${text}": ${what} "${s}" is not an int`);
    return Number(s);
  };
  const topicFilterType = parts[4] as string;
  if (topicFilterType !== 'SINGLE_TAG' && topicFilterType !== 'MULTI_TAG') {
    throw new RegisterBrokerBodyError(`topic config "${text}": unknown topicFilterType "${topicFilterType}"`);
  }
  const entry: TopicConfigEntry = {
    topicName: parts[0] as string,
    readQueueNums: int(parts[1] as string, 'readQueueNums'),
    writeQueueNums: int(parts[2] as string, 'writeQueueNums'),
    perm: int(parts[3] as string, 'perm'),
    // The compact form has no topicSysFlag or order: Java leaves the class defaults.
    topicSysFlag: 0,
    topicFilterType,
    order: false,
  };
  if (parts.length >= 6) {
    // Java ignores attributes that do not parse (a value containing ' ' was split apart).
    try {
      const attributes = asObject(parseFastJson(parts[5] as string));
      if (attributes) entry.attributes = stringRecord(attributes);
    } catch {
      /* ignored as in Java */
    }
  }
  return entry;
}

/** The compressed form of A.22: a zlib stream of length-prefixed parts. */
function decodeCompressed(data: Buffer, version: number, now: number): RegisterBrokerBody {
  let raw: Buffer;
  try {
    raw = inflateSync(data);
  } catch (err) {
    throw new RegisterBrokerBodyError(`not a zlib stream (${(err as Error).message})`);
  }
  let pos = 0;
  const readInt = (): number => {
    if (pos + 4 > raw.length) throw new RegisterBrokerBodyError('End of compressed data has reached');
    const n = raw.readInt32BE(pos);
    pos += 4;
    return n;
  };
  const readBytes = (length: number): Buffer => {
    if (length < 0 || pos + length > raw.length) throw new RegisterBrokerBodyError('End of compressed data has reached');
    const out = raw.subarray(pos, pos + length);
    pos += length;
    return out;
  };
  const readJson = (what: string): FastJsonValue => {
    const bytes = readBytes(readInt());
    try {
      return parseFastJson(bytes);
    } catch (err) {
      throw new RegisterBrokerBodyError(`${what}: ${(err as Error).message}`);
    }
  };

  const dataVersion = decodeDataVersion(readJson('dataVersion'), now);
  const topicConfigTable = new Map<string, TopicConfigEntry>();
  const topicCount = readInt();
  for (let i = 0; i < topicCount; i++) {
    const entry = decodeCompactTopicConfig(readBytes(readInt()).toString('utf8'));
    topicConfigTable.set(entry.topicName, entry);
  }
  // Java logs an unreadable filter server list and carries on with an empty one.
  const filterServerBytes = readBytes(readInt());
  let filterServerList: string[] = [];
  try {
    filterServerList = (asArray(parseFastJson(filterServerBytes)) ?? []).flatMap((v) => {
      const s = asString(v);
      return s === undefined ? [] : [s];
    });
  } catch {
    filterServerList = [];
  }
  const topicQueueMappingInfoMap = new Map<string, FastJsonValue>();
  // Only a V5_0_0+ sender appends mapping infos (A.22); Java reads them by the request version.
  if (version >= VERSION_V5_0_0) {
    const count = readInt();
    for (let i = 0; i < count; i++) {
      const info = readJson('topicQueueMappingInfo');
      const topic = asString(asObject(info)?.topic);
      if (topic !== undefined) topicQueueMappingInfoMap.set(topic, info);
    }
  }
  return { topicConfigWrapper: { dataVersion, topicConfigTable, topicQueueMappingInfoMap }, filterServerList };
}

/**
 * REGISTER_BROKER's body (messages.md B.1, A.22): RegisterBrokerBody JSON, or its compressed
 * form when the header says `compressed=true`; from senders older than V3_0_11 a bare
 * TopicConfigSerializeWrapper. An absent or empty body is an empty registration, as in Java.
 * @throws RegisterBrokerBodyError when the bytes cannot be read
 */
export function decodeRegisterBrokerBody(
  body: Buffer | null,
  options: { compressed: boolean; version: number; now: number },
): RegisterBrokerBody {
  if (!body || body.length === 0) return emptyBody();
  if (options.version < VERSION_V3_0_11) {
    return { topicConfigWrapper: decodeWrapper(parseBody(body), options.now), filterServerList: null };
  }
  if (options.compressed) return decodeCompressed(body, options.version, options.now);
  const r = asObject(parseBody(body));
  const filterServerList = (asArray(r?.filterServerList) ?? []).flatMap((v) => {
    const s = asString(v);
    return s === undefined ? [] : [s];
  });
  return { topicConfigWrapper: decodeWrapper(r?.topicConfigSerializeWrapper, options.now), filterServerList };
}

function parseBody(body: Buffer): FastJsonValue {
  try {
    return parseFastJson(body);
  } catch (err) {
    throw new RegisterBrokerBodyError((err as Error).message);
  }
}

/**
 * The compressed RegisterBrokerBody (A.22), as Java's `RegisterBrokerBody.encode(true)` writes
 * it: DataVersion JSON, compact topic configs, filter servers and, for `version >= V5_0_0`,
 * the mapping infos. For brokers that want the smaller registration, and for tests.
 */
export function encodeCompressedRegisterBrokerBody(body: RegisterBrokerBody, options: { version: number }): Buffer {
  const parts: Buffer[] = [];
  const int = (n: number): void => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n, 0);
    parts.push(b);
  };
  const chunk = (text: string): void => {
    const b = Buffer.from(text, 'utf8');
    int(b.length);
    parts.push(b);
  };
  const legacy = options.version < VERSION_V5_0_0;
  const wrapper = body.topicConfigWrapper;
  chunk(encodeDataVersion(wrapper.dataVersion, legacy));
  int(wrapper.topicConfigTable.size);
  for (const config of wrapper.topicConfigTable.values()) {
    const base = `${config.topicName} ${config.readQueueNums} ${config.writeQueueNums} ${config.perm} ${config.topicFilterType}`;
    // 5.x TopicConfig.encode always ends the fifth field with a separator, then the attributes.
    chunk(legacy ? base : `${base} ${stringifyFastJson(config.attributes ?? {})}`);
  }
  chunk(stringifyFastJson(body.filterServerList ?? []));
  if (!legacy) {
    int(wrapper.topicQueueMappingInfoMap.size);
    for (const info of wrapper.topicQueueMappingInfoMap.values()) chunk(stringifyFastJson(info));
  }
  return deflateSync(Buffer.concat(parts), { level: zlibConstants.Z_BEST_COMPRESSION });
}

// ---------------------------------------------------------------------------------------------
// Body encoding
// ---------------------------------------------------------------------------------------------

/** A.2, bean properties in alphabetical order; 4.9.8 has no `stateVersion`. */
export function encodeDataVersion(dv: DataVersion, legacy = false): string {
  return legacy
    ? `{"counter":${dv.counter},"timestamp":${dv.timestamp}}`
    : `{"counter":${dv.counter},"stateVersion":${dv.stateVersion},"timestamp":${dv.timestamp}}`;
}

/** BrokerData as the NameServer holds it (A.4): ids are Java longs, written as bare numeric keys. */
export interface BrokerRecord {
  cluster: string;
  brokerName: string;
  brokerAddrs: Map<number, string>;
  zoneName?: string;
  enableActingMaster: boolean;
}

/** TopicRouteData before serialization (A.4). */
export interface RouteData {
  orderTopicConf?: string;
  queueDatas: QueueData[];
  brokerDatas: BrokerRecord[];
  /** brokerAddr -> filter servers; `{}` unless some broker registered filter servers. */
  filterServerTable: Map<string, string[]>;
  /** brokerName -> TopicQueueMappingInfo (5.x static topics); omitted when absent. */
  topicQueueMappingByBroker?: Map<string, FastJsonValue>;
}

export interface ClusterInfoData {
  brokerAddrTable: Map<string, BrokerRecord>;
  clusterAddrTable: Map<string, string[]>;
}

/** BrokerData bean: properties alphabetical, `zoneName` omitted when null (5.x), ids ascending. */
function brokerDataJson(b: BrokerRecord, legacy: boolean): Record<string, FastJsonValue> {
  const brokerAddrs = new Map<FastJsonValue, FastJsonValue>(
    [...b.brokerAddrs].sort(([x], [y]) => x - y).map(([id, addr]) => [id, addr]),
  );
  const out: Record<string, FastJsonValue> = { brokerAddrs, brokerName: b.brokerName, cluster: b.cluster };
  if (!legacy) {
    out.enableActingMaster = b.enableActingMaster;
    if (b.zoneName !== undefined) out.zoneName = b.zoneName;
  }
  return out;
}

function queueDataJson(q: QueueData): Record<string, FastJsonValue> {
  return {
    brokerName: q.brokerName,
    perm: q.perm,
    readQueueNums: q.readQueueNums,
    topicSysFlag: q.topicSysFlag,
    writeQueueNums: q.writeQueueNums,
  };
}

/**
 * TopicRouteData (A.4). `standard` is the form GET_ROUTEINFO_BY_TOPIC uses for request version
 * >= 401 or `acceptStandardJsonOnly=true` (framing.md §10.7): quoted numeric keys, sorted map
 * entries, non-ASCII escaped. Otherwise the plain fastjson form with bare numeric keys, which
 * old clients such as ali-ons (version 121) need.
 */
export function encodeTopicRouteData(route: RouteData, options: { standard: boolean; legacy?: boolean }): Buffer {
  const legacy = options.legacy ?? false;
  const out: Record<string, FastJsonValue> = {
    brokerDatas: route.brokerDatas.map((b) => brokerDataJson(b, legacy)),
    filterServerTable: new Map<FastJsonValue, FastJsonValue>(route.filterServerTable),
  };
  if (route.orderTopicConf !== undefined) out.orderTopicConf = route.orderTopicConf;
  out.queueDatas = route.queueDatas.map(queueDataJson);
  if (route.topicQueueMappingByBroker) out.topicQueueMappingByBroker = new Map<FastJsonValue, FastJsonValue>(route.topicQueueMappingByBroker);
  return Buffer.from(stringifyFastJson(out, { standard: options.standard }), 'utf8');
}

/** ClusterInfo (A.5): always the plain form with bare numeric keys (framing.md §10.7). */
export function encodeClusterInfo(info: ClusterInfoData, legacy = false): Buffer {
  const brokerAddrTable = new Map<FastJsonValue, FastJsonValue>();
  for (const [name, b] of info.brokerAddrTable) brokerAddrTable.set(name, brokerDataJson(b, legacy));
  const clusterAddrTable = new Map<FastJsonValue, FastJsonValue>();
  for (const [cluster, names] of info.clusterAddrTable) clusterAddrTable.set(cluster, [...names]);
  return Buffer.from(stringifyFastJson({ brokerAddrTable, clusterAddrTable }), 'utf8');
}

/** TopicList (A.6): `brokerAddr` first (alphabetical bean order) and only when set. */
export function encodeTopicList(topics: Iterable<string>, brokerAddr?: string): Buffer {
  const out: Record<string, FastJsonValue> = {};
  if (brokerAddr !== undefined) out.brokerAddr = brokerAddr;
  out.topicList = [...topics];
  return Buffer.from(stringifyFastJson(out), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// The tables
// ---------------------------------------------------------------------------------------------

export interface RegisterBrokerRequest<C> {
  clusterName: string;
  brokerAddr: string;
  brokerName: string;
  brokerId: number;
  haServerAddr?: string;
  /** 5.x `__ZONE_NAME` extField. */
  zoneName?: string;
  /** 5.x per-broker expiry; the manager's default when absent. */
  heartbeatTimeoutMillis?: number;
  /** 5.x; absent marks an "old version" broker (no acting master). */
  enableActingMaster?: boolean;
  topicConfigWrapper: TopicConfigWrapper;
  filterServerList: string[] | null;
  /** The connection the registration came on; a closed one unregisters the broker. */
  channel: C;
}

/** The response header values of REGISTER_BROKER: set for a slave whose master is live. */
export interface RegisterBrokerResult {
  haServerAddr?: string;
  masterAddr?: string;
}

export interface BrokerLiveInfo<C> {
  clusterName: string;
  brokerAddr: string;
  lastUpdateTimestamp: number;
  heartbeatTimeoutMillis: number;
  dataVersion: DataVersion;
  channel: C;
  haServerAddr?: string;
}

export interface UnregisterRequest {
  clusterName: string;
  brokerAddr: string;
  brokerName: string;
  brokerId: number;
}

/** A broker address that left the tables by expiry or connection loss. */
export interface RemovedBroker<C> extends UnregisterRequest {
  channel: C;
}

export interface RouteInfoOptions {
  /** Clock for liveness. Default `Date.now`. */
  now?: () => number;
  /** Expiry for brokers that do not send `heartbeatTimeoutMillis`. Default 120 000 ms. */
  defaultBrokerExpiryMs?: number;
  /** 4.9.8 rules and body shapes (see the file comment). Default false. */
  legacy?: boolean;
}

export interface BrokerSnapshot {
  clusterName: string;
  brokerName: string | undefined;
  brokerId: number | undefined;
  brokerAddr: string;
  haServerAddr: string | undefined;
  lastUpdateTimestamp: number;
  heartbeatTimeoutMillis: number;
  dataVersion: DataVersion;
}

export interface RouteInfoSnapshot {
  clusters: Record<string, string[]>;
  brokers: BrokerSnapshot[];
  topics: Array<{ topic: string; queueDatas: QueueData[] }>;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Java's RouteInfoManager. Tables are exactly those of behaviours.md §4.2; `C` is whatever
 * identifies a broker's connection. Iteration orders are sorted by name: Java's are hash
 * orders, which no client relies on.
 */
export class RouteInfoManager<C = unknown> {
  /** Java `deleteTopicWithBrokerRegistration` (5.x NamesrvConfig, default false). */
  deleteTopicWithBrokerRegistration = false;

  private readonly now: () => number;
  private readonly defaultExpiryMs: number;
  readonly legacy: boolean;
  private readonly topicQueueTable = new Map<string, Map<string, QueueData>>();
  private readonly brokerAddrTable = new Map<string, BrokerRecord>();
  private readonly clusterAddrTable = new Map<string, Set<string>>();
  private readonly brokerLiveTable = new Map<string, BrokerLiveInfo<C>>();
  private readonly filterServerTable = new Map<string, string[]>();
  private readonly topicQueueMappingInfoTable = new Map<string, Map<string, FastJsonValue>>();

  constructor(options: RouteInfoOptions = {}) {
    this.now = options.now ?? Date.now;
    this.defaultExpiryMs = options.defaultBrokerExpiryMs ?? DEFAULT_BROKER_EXPIRY_MS;
    this.legacy = options.legacy ?? false;
  }

  /** 5.x keys live brokers by cluster + address (BrokerAddrInfo), 4.9.8 by address alone. */
  private liveKey(clusterName: string, brokerAddr: string): string {
    return this.legacy ? brokerAddr : `${clusterName}\u0000${brokerAddr}`;
  }

  // --- registration ---------------------------------------------------------------------------

  /**
   * REGISTER_BROKER (behaviours.md §4.2). Returns null when 5.x refuses a single-topic
   * registration from a broker id it does not know yet ("register broker failed").
   */
  registerBroker(req: RegisterBrokerRequest<C>): RegisterBrokerResult | null {
    const { clusterName, brokerAddr, brokerName, brokerId } = req;
    const wrapper = req.topicConfigWrapper;
    let brokerData = this.brokerAddrTable.get(brokerName);

    // §4.2 step 3. Checked before touching anything: Java adds the cluster entry and an empty
    // BrokerData first and leaves them behind, which only shows up as a broker without addresses.
    if (!this.legacy && !(brokerData?.brokerAddrs.has(brokerId) ?? false) && wrapper.topicConfigTable.size === 1) {
      return null;
    }

    let names = this.clusterAddrTable.get(clusterName);
    if (!names) this.clusterAddrTable.set(clusterName, (names = new Set()));
    names.add(brokerName);

    let registerFirst = false;
    if (!brokerData) {
      registerFirst = true;
      brokerData = { cluster: clusterName, brokerName, brokerAddrs: new Map(), enableActingMaster: false };
      this.brokerAddrTable.set(brokerName, brokerData);
    }
    const isOldVersionBroker = req.enableActingMaster === undefined;
    if (!this.legacy) {
      brokerData.enableActingMaster = !isOldVersionBroker && req.enableActingMaster === true;
      if (req.zoneName === undefined) delete brokerData.zoneName;
      else brokerData.zoneName = req.zoneName;
    }
    const addrs = brokerData.brokerAddrs;

    // §4.2 step 2: one address has one id; a slave promoted to master drops its old id.
    for (const [id, addr] of [...addrs]) {
      if (addr === brokerAddr && id !== brokerId) addrs.delete(id);
    }

    const oldAddr = addrs.get(brokerId);
    if (!this.legacy && oldAddr !== undefined && oldAddr !== brokerAddr) {
      // 5.x: another address already holds this id; the one with the higher stateVersion wins.
      const old = this.brokerLiveTable.get(this.liveKey(clusterName, oldAddr));
      if (old && old.dataVersion.stateVersion > wrapper.dataVersion.stateVersion) {
        this.brokerLiveTable.delete(this.liveKey(clusterName, brokerAddr));
        return {};
      }
    }

    addrs.set(brokerId, brokerAddr);
    registerFirst = registerFirst || !oldAddr;

    const isMaster = brokerId === MASTER_ID;
    const isPrimeSlave = !this.legacy && !isOldVersionBroker && !isMaster && brokerId === Math.min(...addrs.keys());

    // §4.2 step 4: only the master (or 5.x's acting prime slave) shapes the queue data, and only
    // for a first registration, a changed DataVersion or (5.x) a topic this broker name lacks.
    if (isMaster || isPrimeSlave) {
      const tcTable = wrapper.topicConfigTable;
      if (!this.legacy && this.deleteTopicWithBrokerRegistration && wrapper.topicQueueMappingInfoMap.size === 0) {
        for (const [topic, queueDataMap] of [...this.topicQueueTable]) {
          if (!queueDataMap.has(brokerName) || tcTable.has(topic)) continue;
          queueDataMap.delete(brokerName);
          if (queueDataMap.size === 0) this.topicQueueTable.delete(topic);
        }
      }
      const brokerChanged = this.isBrokerTopicConfigChanged(clusterName, brokerAddr, wrapper.dataVersion);
      for (const config of tcTable.values()) {
        const update = registerFirst || brokerChanged || (!this.legacy && !this.topicHasBroker(config.topicName, brokerName));
        if (!update) continue;
        // An acting master is read-only (5.x slave-acting-master mode).
        const perm = isPrimeSlave && brokerData.enableActingMaster ? config.perm & ~PERM_WRITE : config.perm;
        this.createAndUpdateQueueData(brokerName, { ...config, perm });
      }
      if (brokerChanged || registerFirst) {
        for (const [topic, info] of wrapper.topicQueueMappingInfoMap) {
          const bname = asString(asObject(info)?.bname);
          if (bname === undefined) continue;
          let byBroker = this.topicQueueMappingInfoTable.get(topic);
          if (!byBroker) this.topicQueueMappingInfoTable.set(topic, (byBroker = new Map()));
          byBroker.set(bname, info);
        }
      }
    }

    // §4.2 step 5.
    const key = this.liveKey(clusterName, brokerAddr);
    const live: BrokerLiveInfo<C> = {
      clusterName,
      brokerAddr,
      lastUpdateTimestamp: this.now(),
      heartbeatTimeoutMillis: req.heartbeatTimeoutMillis ?? this.defaultExpiryMs,
      dataVersion: { ...wrapper.dataVersion },
      channel: req.channel,
    };
    if (req.haServerAddr !== undefined) live.haServerAddr = req.haServerAddr;
    this.brokerLiveTable.set(key, live);

    if (req.filterServerList) {
      if (req.filterServerList.length === 0) this.filterServerTable.delete(key);
      else this.filterServerTable.set(key, [...req.filterServerList]);
    }

    // §4.2 step 6.
    const result: RegisterBrokerResult = {};
    if (!isMaster) {
      const masterAddr = addrs.get(MASTER_ID);
      const master = masterAddr === undefined ? undefined : this.brokerLiveTable.get(this.liveKey(clusterName, masterAddr));
      if (masterAddr !== undefined && master) {
        if (master.haServerAddr !== undefined) result.haServerAddr = master.haServerAddr;
        result.masterAddr = masterAddr;
      }
    }
    return result;
  }

  private topicHasBroker(topic: string, brokerName: string): boolean {
    return this.topicQueueTable.get(topic)?.has(brokerName) ?? false;
  }

  private createAndUpdateQueueData(brokerName: string, config: TopicConfigEntry): void {
    const queueData: QueueData = {
      brokerName,
      readQueueNums: config.readQueueNums,
      writeQueueNums: config.writeQueueNums,
      perm: config.perm,
      topicSysFlag: config.topicSysFlag,
    };
    let map = this.topicQueueTable.get(config.topicName);
    if (!map) this.topicQueueTable.set(config.topicName, (map = new Map()));
    map.set(brokerName, queueData);
  }

  /** True when the NameServer holds no DataVersion for this broker or a different one. */
  isBrokerTopicConfigChanged(clusterName: string, brokerAddr: string, dataVersion: DataVersion): boolean {
    const prev = this.queryBrokerTopicConfig(clusterName, brokerAddr);
    return !prev || !sameDataVersion(prev, dataVersion);
  }

  queryBrokerTopicConfig(clusterName: string, brokerAddr: string): DataVersion | undefined {
    const live = this.brokerLiveTable.get(this.liveKey(clusterName, brokerAddr));
    return live ? { ...live.dataVersion } : undefined;
  }

  /** Liveness refresh of QUERY_DATA_VERSION and BROKER_HEARTBEAT (§4.3). False for an unknown broker. */
  updateBrokerInfoUpdateTimestamp(clusterName: string, brokerAddr: string): boolean {
    const live = this.brokerLiveTable.get(this.liveKey(clusterName, brokerAddr));
    if (!live) return false;
    live.lastUpdateTimestamp = this.now();
    return true;
  }

  // --- removal ----------------------------------------------------------------------------------

  /**
   * UNREGISTER_BROKER, and the end of an expired or disconnected broker (§4.3): the address
   * leaves its BrokerData; a broker name left without addresses leaves the cluster and takes
   * its queue data (and topics left empty) with it.
   */
  unregisterBroker(req: UnregisterRequest): void {
    this.unregisterBrokers([req]);
  }

  /** Java's batch form (5.x BatchUnregistrationService). */
  unregisterBrokers(requests: readonly UnregisterRequest[]): void {
    const removed = new Set<string>();
    const reduced = new Set<string>();
    for (const req of requests) {
      const key = this.liveKey(req.clusterName, req.brokerAddr);
      this.brokerLiveTable.delete(key);
      this.filterServerTable.delete(key);
      let removeBrokerName = false;
      const brokerData = this.brokerAddrTable.get(req.brokerName);
      if (brokerData) {
        for (const [id, addr] of [...brokerData.brokerAddrs]) {
          if (addr === req.brokerAddr) brokerData.brokerAddrs.delete(id);
        }
        if (brokerData.brokerAddrs.size === 0) {
          this.brokerAddrTable.delete(req.brokerName);
          removeBrokerName = true;
        }
      }
      if (removeBrokerName) {
        const names = this.clusterAddrTable.get(req.clusterName);
        if (names) {
          names.delete(req.brokerName);
          if (names.size === 0) this.clusterAddrTable.delete(req.clusterName);
        }
        removed.add(req.brokerName);
      } else {
        reduced.add(req.brokerName);
      }
    }
    for (const [topic, queueDataMap] of [...this.topicQueueTable]) {
      for (const name of removed) queueDataMap.delete(name);
      if (queueDataMap.size === 0) {
        this.topicQueueTable.delete(topic);
        continue;
      }
      if (this.legacy) continue;
      // 5.x acting-master mode: a broker name whose master left becomes read-only.
      for (const name of reduced) {
        const queueData = queueDataMap.get(name);
        const brokerData = this.brokerAddrTable.get(name);
        if (queueData && brokerData?.enableActingMaster && this.noMasterExists(name)) {
          queueData.perm &= ~PERM_WRITE;
        }
      }
    }
  }

  private noMasterExists(brokerName: string): boolean {
    const brokerData = this.brokerAddrTable.get(brokerName);
    if (!brokerData || brokerData.brokerAddrs.size === 0) return true;
    return Math.min(...brokerData.brokerAddrs.keys()) > 0;
  }

  /** Who a live entry is, as Java's `setupUnRegisterRequest` finds it in the BrokerData of its cluster. */
  private identify(live: BrokerLiveInfo<C>): RemovedBroker<C> | undefined {
    for (const brokerData of this.brokerAddrTable.values()) {
      if (!this.legacy && brokerData.cluster !== live.clusterName) continue;
      for (const [id, addr] of brokerData.brokerAddrs) {
        if (addr === live.brokerAddr) {
          return { clusterName: live.clusterName, brokerAddr: live.brokerAddr, brokerName: brokerData.brokerName, brokerId: id, channel: live.channel };
        }
      }
    }
    return undefined;
  }

  private removeLive(entries: Array<[string, BrokerLiveInfo<C>]>): Array<RemovedBroker<C>> {
    const found: Array<RemovedBroker<C>> = [];
    for (const [key, live] of entries) {
      const who = this.identify(live);
      if (who) found.push(who);
      // Java leaves a live entry it cannot match to a BrokerData; nothing would ever remove it.
      this.brokerLiveTable.delete(key);
      this.filterServerTable.delete(key);
    }
    this.unregisterBrokers(found);
    return found;
  }

  /**
   * The periodic scan (§4.3): every broker whose last refresh is older than its timeout is
   * unregistered. Returns them so the caller can close their connections, as Java does.
   */
  scanNotActiveBroker(): Array<RemovedBroker<C>> {
    const now = this.now();
    const expired = [...this.brokerLiveTable].filter(([, live]) => live.lastUpdateTimestamp + live.heartbeatTimeoutMillis < now);
    return this.removeLive(expired);
  }

  /**
   * A broker connection closed (Java's onChannelDestroy via BrokerHousekeepingService). Java
   * unregisters the first broker found on the channel; we unregister every broker on it, since
   * none of them can refresh its liveness any more.
   */
  onChannelDestroy(channel: C): Array<RemovedBroker<C>> {
    return this.removeLive([...this.brokerLiveTable].filter(([, live]) => live.channel === channel));
  }

  /** Whether any live broker registered through `channel`. */
  hasChannel(channel: C): boolean {
    for (const live of this.brokerLiveTable.values()) if (live.channel === channel) return true;
    return false;
  }

  // --- topics -----------------------------------------------------------------------------------

  /**
   * GET_ROUTEINFO_BY_TOPIC's data (§4.3): the topic's QueueData and the BrokerData of their
   * broker names; null when there is none (TOPIC_NOT_EXIST).
   */
  pickupTopicRouteData(topic: string): RouteData | null {
    const queueDataMap = this.topicQueueTable.get(topic);
    if (!queueDataMap) return null;
    const names = [...queueDataMap.keys()].sort(byText);
    const brokerDatas: BrokerRecord[] = [];
    const filterServerTable = new Map<string, string[]>();
    for (const name of names) {
      const brokerData = this.brokerAddrTable.get(name);
      if (!brokerData) continue;
      brokerDatas.push(cloneBroker(brokerData));
      if (this.filterServerTable.size === 0) continue;
      for (const addr of brokerData.brokerAddrs.values()) {
        const servers = this.filterServerTable.get(this.liveKey(brokerData.cluster, addr));
        if (servers) filterServerTable.set(addr, [...servers]);
      }
    }
    if (brokerDatas.length === 0) return null;
    const route: RouteData = {
      queueDatas: names.map((n) => ({ ...(queueDataMap.get(n) as QueueData) })),
      brokerDatas,
      filterServerTable,
    };
    const mapping = this.topicQueueMappingInfoTable.get(topic);
    if (mapping) route.topicQueueMappingByBroker = new Map(mapping);
    return route;
  }

  getClusterInfo(): ClusterInfoData {
    const brokerAddrTable = new Map<string, BrokerRecord>();
    for (const name of [...this.brokerAddrTable.keys()].sort(byText)) {
      brokerAddrTable.set(name, cloneBroker(this.brokerAddrTable.get(name) as BrokerRecord));
    }
    const clusterAddrTable = new Map<string, string[]>();
    for (const cluster of [...this.clusterAddrTable.keys()].sort(byText)) {
      clusterAddrTable.set(cluster, [...(this.clusterAddrTable.get(cluster) as Set<string>)].sort(byText));
    }
    return { brokerAddrTable, clusterAddrTable };
  }

  getAllTopicList(): string[] {
    return [...this.topicQueueTable.keys()].sort(byText);
  }

  /** Topics with QueueData on any broker name of the cluster; empty for an unknown cluster. */
  getTopicsByCluster(cluster: string): string[] {
    const names = this.clusterAddrTable.get(cluster);
    if (!names) return [];
    const out = new Set<string>();
    for (const name of names) {
      for (const [topic, queueDataMap] of this.topicQueueTable) if (queueDataMap.has(name)) out.add(topic);
    }
    return [...out].sort(byText);
  }

  /** GET_SYSTEM_TOPIC_LIST_FROM_NS: cluster and broker names, plus one broker's address. */
  getSystemTopicList(): { topicList: string[]; brokerAddr?: string } {
    const topics = new Set<string>();
    for (const [cluster, names] of this.clusterAddrTable) {
      topics.add(cluster);
      for (const name of names) topics.add(name);
    }
    const out: { topicList: string[]; brokerAddr?: string } = { topicList: [...topics].sort(byText) };
    for (const brokerData of this.brokerAddrTable.values()) {
      const first = [...brokerData.brokerAddrs.keys()].sort((a, b) => a - b)[0];
      if (first !== undefined) {
        out.brokerAddr = brokerData.brokerAddrs.get(first) as string;
        break;
      }
    }
    return out;
  }

  /** Topics whose (first) QueueData's topicSysFlag passes `test` (codes 311–313). */
  topicsBySysFlag(test: (topicSysFlag: number) => boolean): string[] {
    const out: string[] = [];
    for (const [topic, queueDataMap] of this.topicQueueTable) {
      const first = queueDataMap.values().next();
      if (!first.done && test(first.value.topicSysFlag)) out.push(topic);
    }
    return out.sort(byText);
  }

  getUnitTopics(): string[] {
    return this.topicsBySysFlag((f) => (f & TOPIC_SYS_FLAG_UNIT) !== 0);
  }

  getHasUnitSubTopicList(): string[] {
    return this.topicsBySysFlag((f) => (f & TOPIC_SYS_FLAG_UNIT_SUB) !== 0);
  }

  getHasUnitSubUnUnitTopicList(): string[] {
    return this.topicsBySysFlag((f) => (f & TOPIC_SYS_FLAG_UNIT) === 0 && (f & TOPIC_SYS_FLAG_UNIT_SUB) !== 0);
  }

  /**
   * DELETE_TOPIC_IN_NAMESRV: without a cluster the whole topic goes; with one, only the queue
   * data of that cluster's broker names (nothing for an unknown cluster).
   */
  deleteTopic(topic: string, clusterName?: string): void {
    if (clusterName === undefined || clusterName === '') {
      this.topicQueueTable.delete(topic);
      return;
    }
    const names = this.clusterAddrTable.get(clusterName);
    const queueDataMap = this.topicQueueTable.get(topic);
    if (!names || names.size === 0 || !queueDataMap) return;
    for (const name of names) queueDataMap.delete(name);
    if (queueDataMap.size === 0) this.topicQueueTable.delete(topic);
  }

  /**
   * REGISTER_TOPIC_IN_NAMESRV (5.x): installs the given QueueData. Java stops at the first
   * QueueData of an unknown broker name: for a new topic nothing is installed, for an existing
   * one the entries before it are.
   */
  registerTopic(topic: string, queueDatas: readonly QueueData[]): void {
    if (queueDatas.length === 0) return;
    const existing = this.topicQueueTable.get(topic);
    if (existing) {
      for (const q of queueDatas) {
        if (!this.brokerAddrTable.has(q.brokerName)) return;
        existing.set(q.brokerName, { ...q });
      }
      return;
    }
    if (queueDatas.some((q) => !this.brokerAddrTable.has(q.brokerName))) return;
    this.topicQueueTable.set(topic, new Map(queueDatas.map((q) => [q.brokerName, { ...q }])));
  }

  /** WIPE_WRITE_PERM_OF_BROKER: `perm &= ~W` on every QueueData of the broker name; returns the count. */
  wipeWritePermOfBroker(brokerName: string): number {
    return this.operateWritePerm(brokerName, (perm) => perm & ~PERM_WRITE);
  }

  /** ADD_WRITE_PERM_OF_BROKER: perm becomes exactly RW (6), dropping inherit and read-only. */
  addWritePermOfBroker(brokerName: string): number {
    return this.operateWritePerm(brokerName, () => PERM_READ | PERM_WRITE);
  }

  private operateWritePerm(brokerName: string, change: (perm: number) => number): number {
    let count = 0;
    for (const queueDataMap of this.topicQueueTable.values()) {
      const queueData = queueDataMap.get(brokerName);
      if (!queueData) continue;
      queueData.perm = change(queueData.perm);
      count++;
    }
    return count;
  }

  /** GET_BROKER_MEMBER_GROUP (5.x): the broker name's id -> address map. */
  getBrokerMemberGroup(brokerName: string): Map<number, string> {
    return new Map(this.brokerAddrTable.get(brokerName)?.brokerAddrs ?? []);
  }

  // --- inspection -------------------------------------------------------------------------------

  /** A copy of everything, for status displays and tests. */
  snapshot(): RouteInfoSnapshot {
    const clusters: Record<string, string[]> = {};
    for (const [cluster, names] of this.getClusterInfo().clusterAddrTable) clusters[cluster] = names;
    const brokers: BrokerSnapshot[] = [];
    for (const live of this.brokerLiveTable.values()) {
      const who = this.identify(live);
      brokers.push({
        clusterName: live.clusterName,
        brokerName: who?.brokerName,
        brokerId: who?.brokerId,
        brokerAddr: live.brokerAddr,
        haServerAddr: live.haServerAddr,
        lastUpdateTimestamp: live.lastUpdateTimestamp,
        heartbeatTimeoutMillis: live.heartbeatTimeoutMillis,
        dataVersion: { ...live.dataVersion },
      });
    }
    brokers.sort((a, b) => byText(a.brokerName ?? '', b.brokerName ?? '') || (a.brokerId ?? 0) - (b.brokerId ?? 0) || byText(a.brokerAddr, b.brokerAddr));
    const topics = this.getAllTopicList().map((topic) => ({
      topic,
      queueDatas: [...(this.topicQueueTable.get(topic) as Map<string, QueueData>).values()]
        .map((q) => ({ ...q }))
        .sort((a, b) => byText(a.brokerName, b.brokerName)),
    }));
    return { clusters, brokers, topics };
  }
}

function cloneBroker(b: BrokerRecord): BrokerRecord {
  const out: BrokerRecord = { cluster: b.cluster, brokerName: b.brokerName, brokerAddrs: new Map(b.brokerAddrs), enableActingMaster: b.enableActingMaster };
  if (b.zoneName !== undefined) out.zoneName = b.zoneName;
  return out;
}
