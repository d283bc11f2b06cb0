// A broker's RocksDB stores (admin-commands.md §4.6, §6.5, §6.6): checkRocksdbCqWriteProgress
// (CHECK_ROCKSDB_CQ_WRITE_PROGRESS to every master of a cluster), rocksDBConfigToJson in RPC mode
// (EXPORT_ROCKSDB_CONFIG_TO_JSON to one broker or every master), and the refusals of the modes
// that open a RocksDB directory on local disk, which this CLI cannot read (no RocksDB library
// for Node without a native build). Nothing here prints.

import { requestCodeName, ResponseCode } from '../protocol/codes.js';
import { ResponseError } from '../protocol/errors.js';
import { MASTER_ID } from '../protocol/bodies/route.js';
import {
  checkRocksdbCqWriteProgress as checkRequest,
  checkStatusName,
  exportRocksDBConfigToJson,
  ROCKSDB_CONFIG_TYPES,
  type RocksDBConfigType,
} from '../protocol/requests/rocksdb.js';
import { validateAddress } from './addresses.js';
import { listBrokerAddresses } from './cluster.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, UnavailableOnServerError, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { onBroker } from './stats.js';

/** The Java tool's default of -cf: 30 days before now. */
export const CHECK_FROM_DEFAULT_MS = 30 * 24 * 60 * 60 * 1000;

export interface RocksdbTarget {
  cluster?: string;
  brokerName?: string;
  addr: string;
}

function notSupported(err: unknown, addr: string, what: string): unknown {
  if (!(err instanceof ResponseError) || err.code !== ResponseCode.REQUEST_CODE_NOT_SUPPORTED) return err;
  const said = err.remark?.trim() ? ` ("${err.remark.trim()}")` : '';
  return new UnavailableOnServerError(
    `${addr} cannot ${what}: it answered ${requestCodeName(err.requestCode)} with REQUEST_CODE_NOT_SUPPORTED${said}`,
    addr,
    'not-supported',
    'a 5.3 or later broker knows this request; older brokers and the `mqadmin dev` broker do not',
    { cause: err },
  );
}

/** The masters (id 0) of every broker name of a cluster; brokers without a master are left out. */
async function clusterMasters(admin: MQAdmin, cluster: string): Promise<{ targets: RocksdbTarget[]; withoutMaster: string[] }> {
  const info = await admin.examineClusterInfo();
  if (!(cluster in info.clusterAddrTable)) {
    const known = Object.keys(info.clusterAddrTable).sort();
    throw new NotFoundError(`cluster "${cluster}" not found`, known.length ? `known clusters: ${known.join(', ')}` : 'the NameServer knows no cluster');
  }
  const all = listBrokerAddresses(info, cluster);
  const names = [...new Set(all.map((b) => b.brokerName))];
  const targets = all.filter((b) => b.brokerId === Number(MASTER_ID)).map((b) => ({ cluster: b.cluster, brokerName: b.brokerName, addr: b.addr }));
  const withoutMaster = names.filter((n) => !targets.some((t) => t.brokerName === n));
  if (targets.length === 0) throw new NotFoundError(`cluster "${cluster}" has no master`);
  return { targets, withoutMaster };
}

/** Every failure a refusal of the request code: one error (exit 3) instead of a table of failures. */
function allUnsupported(failures: readonly unknown[]): UnavailableOnServerError | undefined {
  if (failures.length === 0 || !failures.every((e) => e instanceof UnavailableOnServerError && e.reason === 'not-supported')) return undefined;
  const first = failures[0] as UnavailableOnServerError;
  if (failures.length === 1) return first;
  return new UnavailableOnServerError(`none of the ${failures.length} masters knows ${first.message.match(/answered (\S+)/)?.[1] ?? 'the request'}: each answered REQUEST_CODE_NOT_SUPPORTED`, first.addr, 'not-supported', first.remedy, { cause: first });
}

// ---------------------------------------------------------------------------------------------
// checkRocksdbCqWriteProgress

export interface CheckRocksdbOptions {
  cluster: string;
  /** "" or undefined: every topic. */
  topic?: string;
  /** -cf: check the entries stored from this time on (ms); default now - 30 days. */
  checkFrom?: number;
}

export interface CheckRocksdbRow extends RocksdbTarget {
  ok: boolean;
  checkStatus: number | null;
  /** CHECK_OK, CHECK_NOT_OK, CHECK_IN_PROGRESS, CHECK_ERROR. */
  status: string | null;
  checkResult: string | null;
  error?: string;
}

export interface CheckRocksdbResult {
  cluster: string;
  topic: string;
  checkStoreTime: number;
  brokers: CheckRocksdbRow[];
  /** Broker names of the cluster that have no master: not asked. */
  withoutMaster: string[];
  failures: TargetFailure[];
}

export async function checkRocksdbCqWriteProgress(admin: MQAdmin, o: CheckRocksdbOptions, now = Date.now()): Promise<CheckRocksdbResult> {
  const checkStoreTime = o.checkFrom ?? now - CHECK_FROM_DEFAULT_MS;
  if (!Number.isSafeInteger(checkStoreTime) || checkStoreTime < 0) throw new InvalidArgumentError(`check-from time ${o.checkFrom} is not a time in milliseconds`, 'give -cf milliseconds since the epoch, e.g. 1700000000000');
  const topic = o.topic?.trim() ?? '';
  const { targets, withoutMaster } = await clusterMasters(admin, o.cluster);
  const args = { topic, checkStoreTime };
  const settled = await admin.fanOut(targets, (t) =>
    admin.call(t.addr, checkRequest, args).catch((err: unknown) => Promise.reject(notSupported(err, t.addr, 'check its RocksDB consume queues'))),
  );
  const refused = allUnsupported(settled.filter((s) => !s.ok).length === settled.length ? settled.map((s) => (s.ok ? undefined : s.error)) : []);
  if (refused) throw refused;
  const brokers: CheckRocksdbRow[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (r.ok) brokers.push({ ...t, ok: true, checkStatus: r.value.checkStatus, status: checkStatusName(r.value.checkStatus), checkResult: r.value.checkResult });
    else {
      const f = toTargetFailure(t.addr, r.error);
      failures.push(f);
      brokers.push({ ...t, ok: false, checkStatus: null, status: null, checkResult: null, error: f.error });
    }
  });
  return { cluster: o.cluster, topic, checkStoreTime, brokers, withoutMaster, failures };
}

// ---------------------------------------------------------------------------------------------
// rocksDBConfigToJson

/** `-t`: types joined with `;`, case-insensitive; none = all three (the RPC mode's default). */
export function parseConfigTypes(text: string | undefined): RocksDBConfigType[] {
  if (text === undefined || text.trim() === '') return [...ROCKSDB_CONFIG_TYPES];
  const out: RocksDBConfigType[] = [];
  for (const part of text.split(';').map((p) => p.trim()).filter((p) => p !== '')) {
    const hit = ROCKSDB_CONFIG_TYPES.find((t) => t.toLowerCase() === part.toLowerCase());
    if (!hit) throw new InvalidArgumentError(`Invalid configType: ${part}`, 'give -t topics, subscriptionGroups or consumerOffsets (several joined with ;)');
    if (!out.includes(hit)) out.push(hit);
  }
  if (out.length === 0) throw new InvalidArgumentError(`Invalid configType: ${text}`, 'give -t topics, subscriptionGroups or consumerOffsets (several joined with ;)');
  return out;
}

/** The JSON file each type is written to, under the broker's `${storePathRootDir}/config/`. */
export const CONFIG_TYPE_FILES: Record<RocksDBConfigType, string> = {
  topics: 'topics.json',
  subscriptionGroups: 'subscriptionGroup.json',
  consumerOffsets: 'consumerOffset.json',
};

export interface RocksDBConfigToJsonRow extends RocksdbTarget {
  done: boolean;
  /** The broker's remark ("export done."). */
  remark: string | null;
  error?: string;
}

export interface RocksDBConfigToJsonResult {
  mode: 'broker' | 'cluster';
  configTypes: RocksDBConfigType[];
  files: string[];
  brokers: RocksDBConfigToJsonRow[];
  withoutMaster: string[];
  failures: TargetFailure[];
}

export async function rocksDBConfigToJson(admin: MQAdmin, scope: { brokerAddr?: string; cluster?: string }, configTypes: RocksDBConfigType[]): Promise<RocksDBConfigToJsonResult> {
  const files = configTypes.map((t) => CONFIG_TYPE_FILES[t]);
  const send = (addr: string) => admin.call(addr, exportRocksDBConfigToJson, { configTypes }).catch((err: unknown) => Promise.reject(notSupported(err, addr, 'export its RocksDB config to JSON')));
  if (scope.brokerAddr !== undefined) {
    const addr = validateAddress(scope.brokerAddr, 'broker');
    const remark = await onBroker(admin, addr, send);
    let known: RocksdbTarget = { addr };
    try {
      const b = listBrokerAddresses(await admin.examineClusterInfo()).find((x) => x.addr === addr);
      if (b) known = { cluster: b.cluster, brokerName: b.brokerName, addr };
    } catch {
      // the table is only for naming the broker
    }
    return { mode: 'broker', configTypes, files, brokers: [{ ...known, done: true, remark }], withoutMaster: [], failures: [] };
  }
  if (scope.cluster === undefined) throw new InvalidArgumentError('rocksDBConfigToJson needs -b, -c or -p', 'give -b a broker or -c a cluster (RPC mode); -p (local mode) is not supported by this CLI');
  const { targets, withoutMaster } = await clusterMasters(admin, scope.cluster);
  const settled = await admin.fanOut(targets, (t) => send(t.addr));
  const refused = allUnsupported(settled.every((s) => !s.ok) ? settled.map((s) => (s.ok ? undefined : s.error)) : []);
  if (refused) throw refused;
  const brokers: RocksDBConfigToJsonRow[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (r.ok) brokers.push({ ...t, done: true, remark: r.value });
    else {
      const f = toTargetFailure(t.addr, r.error);
      failures.push(f);
      brokers.push({ ...t, done: false, remark: null, error: f.error });
    }
  });
  return { mode: 'cluster', configTypes, files, brokers, withoutMaster, failures };
}

// ---------------------------------------------------------------------------------------------
// Local RocksDB directories: not supported

/** exportMetadataInRocksDB's -t values (Java `Invalid config type=<t>, Options: topics,subscriptionGroups`). */
export const LOCAL_EXPORT_TYPES = ['topics', 'subscriptionGroups'] as const;

/**
 * The refusal of every mode that opens a RocksDB directory: exit 2, saying why and what to use
 * instead. `command` names the command for the message.
 */
export function localRocksDBUnsupported(command: 'exportMetadataInRocksDB' | 'rocksDBConfigToJson', path: string): InvalidArgumentError {
  const remedy =
    command === 'rocksDBConfigToJson'
      ? 'use RPC mode: `mqadmin rocksDBConfigToJson -b <broker> -t topics` (or -c <cluster>) makes a running 5.3 broker write topics.json, subscriptionGroup.json and consumerOffset.json under its config directory; or run the Java tool on the broker host'
      : 'read the tables from the running broker instead: `mqadmin exportMetadata -b <broker>` (topics and subscription groups), or `mqadmin rocksDBConfigToJson -b <broker>` to have it write them as JSON; or run the Java tool on the broker host';
  return new InvalidArgumentError(
    `${command} cannot read the RocksDB directory ${path}: local RocksDB files are not supported by this CLI (there is no RocksDB reader for Node.js without a native build)`,
    remedy,
  );
}
