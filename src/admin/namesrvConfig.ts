// What lives on the NameServers: their configuration, the KV config, the write permission of a
// broker name and the order configuration of a topic (KV namespace ORDER_TOPIC_CONFIG), asked
// of every NameServer as the Java tool does. Nothing here prints.

import { deleteKvConfig, getKvConfig, getNamesrvConfig, addWritePermOfBroker, putKvConfig, updateNamesrvConfig, wipeWritePermOfBroker } from '../protocol/requests/namesrv.js';
import type { Settled } from './concurrency.js';
import { listBrokerAddresses, type BrokerAddress } from './cluster.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { ORDER_TOPIC_CONFIG, validateTopicName } from './topics.js';
import { checkConfigValue, closestKeys } from './brokerConfig.js';

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
