// Requests about a broker's RocksDB stores (admin-commands.md §4.6, §6.6): the check of the
// RocksDB consume queue against the file one, and the dump of RocksDB-backed config tables to
// their JSON files. Both are 5.x only.

import { RequestCode } from '../codes.js';
import { ProtocolError } from '../errors.js';
import { defineRequest, jsonBody } from './define.js';

/** CheckRocksdbCqWriteResult.CheckStatus (5.3.3). */
export const CheckRocksdbCqStatus = {
  CHECK_OK: 0,
  CHECK_NOT_OK: 1,
  CHECK_IN_PROGRESS: 2,
  CHECK_ERROR: 3,
} as const;

export type CheckRocksdbCqStatusName = keyof typeof CheckRocksdbCqStatus;

/** The name of a check status; `UNKNOWN(<n>)` for a number 5.3.3 does not define. */
export function checkStatusName(status: number): string {
  const hit = (Object.keys(CheckRocksdbCqStatus) as CheckRocksdbCqStatusName[]).find((k) => CheckRocksdbCqStatus[k] === status);
  return hit ?? `UNKNOWN(${status})`;
}

export interface CheckRocksdbCqWriteResult {
  checkResult: string | null;
  checkStatus: number;
}

export interface CheckRocksdbCqWriteArgs {
  /** "" = every topic (what the Java tool sends without -t). */
  topic: string;
  /** Check entries stored from this time on (ms). */
  checkStoreTime: number;
}

/** The body `{"checkResult":"...","checkStatus":<int>}`; a missing status reads as 0, as Java's int field does. */
export function decodeCheckRocksdbCqWriteResult(raw: unknown): CheckRocksdbCqWriteResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ProtocolError('CheckRocksdbCqWriteResult is not an object');
  const o = raw as Record<string, unknown>;
  const status = o.checkStatus ?? 0;
  if (typeof status !== 'number' || !Number.isInteger(status)) throw new ProtocolError(`checkStatus ${JSON.stringify(status)} is not a number`);
  const result = o.checkResult ?? null;
  if (result !== null && typeof result !== 'string') throw new ProtocolError('checkResult is not a string');
  return { checkResult: result, checkStatus: status };
}

/** CHECK_ROCKSDB_CQ_WRITE_PROGRESS (354, 5.x): `topic`, `checkStoreTime`; body CheckRocksdbCqWriteResult. */
export const checkRocksdbCqWriteProgress = defineRequest<CheckRocksdbCqWriteArgs, CheckRocksdbCqWriteResult>({
  code: RequestCode.CHECK_ROCKSDB_CQ_WRITE_PROGRESS,
  header: (a) => ({ topic: a.topic, checkStoreTime: a.checkStoreTime }),
  decode: (res) => decodeCheckRocksdbCqWriteResult(jsonBody(res)),
});

/** The config tables of rocksDBConfigToJson, in the Java tool's order. */
export const ROCKSDB_CONFIG_TYPES = ['topics', 'subscriptionGroups', 'consumerOffsets'] as const;
export type RocksDBConfigType = (typeof ROCKSDB_CONFIG_TYPES)[number];

/** The header value: every type followed by `;` (`topics;subscriptionGroups;`). */
export function configTypeHeader(types: readonly RocksDBConfigType[]): string {
  return types.map((t) => `${t};`).join('');
}

/** EXPORT_ROCKSDB_CONFIG_TO_JSON (355, 5.x): `configType`; SUCCESS with the remark `export done.`. */
export const exportRocksDBConfigToJson = defineRequest<{ configTypes: readonly RocksDBConfigType[] }, string | null>({
  code: RequestCode.EXPORT_ROCKSDB_CONFIG_TO_JSON,
  header: (a) => ({ configType: configTypeHeader(a.configTypes) }),
  decode: (res) => res.remark ?? null,
});
