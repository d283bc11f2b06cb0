// checkRocksdbCqWriteProgress, rocksDBConfigToJson and dumpCompactionLog for people.

import { javaMessageExtString, type DumpCompactionLogResult } from '../../admin/compactionLog.js';
import type { CheckRocksdbResult, CheckRocksdbRow, RocksDBConfigToJsonResult, RocksDBConfigToJsonRow } from '../../admin/rocksdb.js';
import { escapeControl } from '../format.js';
import type { Style } from '../style.js';
import { renderTable, type Column } from '../table.js';

const noMaster = (names: string[]) => (names.length ? `\nNot asked (no master): ${names.join(', ')}` : '');

export async function renderCheckRocksdb(r: CheckRocksdbResult, style: Style): Promise<string> {
  const cols: Column<CheckRocksdbRow>[] = [
    { header: 'BROKER', value: (b) => b.brokerName ?? null },
    { header: 'ADDRESS', value: (b) => b.addr },
    {
      header: 'STATUS',
      value: (b) => b.status ?? 'failed',
      color: (t, b, s) => (!b.ok || b.status === 'CHECK_ERROR' || b.status === 'CHECK_NOT_OK' ? s.red(t) : b.status === 'CHECK_OK' ? s.green(t) : t),
    },
    { header: 'BROKER SAID', value: (b) => (b.ok ? (b.checkResult?.trim() ? b.checkResult.trim().replace(/\s*\n\s*/g, ' | ') : null) : (b.error ?? null)) },
  ];
  const title = `RocksDB consume-queue check of cluster ${r.cluster}, ${r.topic ? `topic ${r.topic}` : 'every topic'}, entries stored since ${new Date(r.checkStoreTime).toISOString()}`;
  const inProgress = r.brokers.some((b) => b.status === 'CHECK_IN_PROGRESS')
    ? '\nCHECK_IN_PROGRESS: the broker runs the check in the background; its result goes to the broker log.'
    : '';
  return `${title}\n\n${await renderTable(cols, r.brokers, style)}${inProgress}${noMaster(r.withoutMaster)}`;
}

export async function renderRocksDBConfigToJson(r: RocksDBConfigToJsonResult, style: Style): Promise<string> {
  const cols: Column<RocksDBConfigToJsonRow>[] = [
    { header: 'BROKER', value: (b) => b.brokerName ?? null },
    { header: 'ADDRESS', value: (b) => b.addr },
    { header: 'RESULT', value: (b) => (b.done ? 'done' : 'failed'), color: (t, b, s) => (b.done ? s.green(t) : s.red(t)) },
    { header: 'BROKER SAID', value: (b) => b.remark ?? b.error ?? null },
  ];
  const title = `Export of ${r.configTypes.join(', ')} from RocksDB to JSON (${r.files.join(', ')} in each broker's config directory, on the broker host)`;
  return `${title}\n\n${await renderTable(cols, r.brokers, style)}${noMaster(r.withoutMaster)}`;
}

/** One Java `MessageExt.toString()` line per record, as the Java tool prints them. */
export function renderDumpCompactionLog(r: DumpCompactionLogResult): string {
  return r.messages.map((m) => escapeControl(javaMessageExtString(m))).join('\n');
}
