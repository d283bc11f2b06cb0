// Views of the maintenance commands: cleanExpiredCQ, deleteExpiredCommitLog, cleanUnusedTopic,
// queryCq, resetMasterFlushOffset, setCommitLogReadAheadMode, addBroker, removeBroker.

import { HOUSEKEEPING_EFFECT, type AddBrokerResult, type CqEntryRow, type HousekeepingPlan, type HousekeepingResult, type HousekeepingRow, type MaintenanceTarget, type QueryCqResult, type ReadAheadResult, type ReadAheadRow, type RemoveBrokerPlan, type ResetMasterFlushOffsetResult } from '../../admin/maintenance.js';
import { formatTimestamp } from '../format.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable, type Column } from '../table.js';

const role = (t: MaintenanceTarget) => (t.brokerId === undefined ? null : t.brokerId === 0 ? 'master' : `slave ${t.brokerId}`);

const targetColumns = <R extends MaintenanceTarget>(): Column<R>[] => [
  { header: 'BROKER', value: (t) => t.brokerName ?? null },
  { header: 'ROLE', value: (t) => role(t) },
  { header: 'ADDRESS', value: (t) => t.addr },
];

// ---------------------------------------------------------------------------------------------
// cleanExpiredCQ, deleteExpiredCommitLog, cleanUnusedTopic

const scopeText = (p: HousekeepingPlan) => (p.scope.brokerAddr !== undefined ? `broker ${p.scope.brokerAddr}` : p.scope.cluster !== undefined ? `every broker of cluster ${p.scope.cluster}` : 'every broker of every cluster');

export function housekeepingQuestion(p: HousekeepingPlan): string {
  return `${p.action} on ${p.targets.length === 1 ? p.targets[0]!.addr : `${p.targets.length} brokers (${scopeText(p)})`}: ${HOUSEKEEPING_EFFECT[p.action]}. Go ahead?`;
}

export async function renderHousekeeping(r: HousekeepingPlan | HousekeepingResult, style: Style, dryRun = false): Promise<string> {
  const title = `${r.action} on ${scopeText(r)}${dryRun ? ' (dry run: nothing was sent)' : ''}`;
  if (dryRun || !('brokers' in r)) {
    const table = await renderTable([...targetColumns<MaintenanceTarget>(), { header: 'ACTION', value: () => r.action }], r.targets, style);
    return `${title}\n${HOUSEKEEPING_EFFECT[r.action]}\n\n${table}`;
  }
  const cols: Column<HousekeepingRow>[] = [
    ...targetColumns<HousekeepingRow>(),
    { header: 'RESULT', value: (b) => (b.done ? 'done' : 'failed'), color: (t, b, s) => (b.done ? s.green(t) : s.red(t)) },
  ];
  return `${title}\n\n${await renderTable(cols, r.brokers, style)}`;
}

// ---------------------------------------------------------------------------------------------
// queryCq

export async function renderQueryCq(r: QueryCqResult, style: Style): Promise<string> {
  const where = `${r.topic} queue ${r.queueId} on ${r.brokerName ? `${r.brokerName} ` : ''}${r.brokerAddr}`;
  const parts: string[] = [];
  const kv: Array<[string, string]> = [['Queue', where]];
  if (r.minQueueIndex !== null) kv.push(['Indexes', `min ${r.minQueueIndex}, max ${r.maxQueueIndex}`]);
  if (r.filterData !== null) kv.push(['Filter', r.filterData]);
  parts.push(renderKeyValues(kv, style));
  if (r.subscriptionData !== null) parts.push('', 'Subscription:', JSON.stringify(r.subscriptionData, null, 2));
  parts.push('');
  if (r.entries.length === 0) {
    parts.push(r.remark ? `No entry: the broker says "${r.remark.trim()}".` : 'No entry.');
    return parts.join('\n');
  }
  const withGroup = r.entries.some((e) => e.eval) || r.filterData !== null || r.subscriptionData !== null;
  const extra = r.entries.some((e) => e.extendDataJson !== null || e.bitMap !== null || e.msg !== null);
  const cols: Column<CqEntryRow>[] = [
    { header: 'INDEX', value: (e) => e.index, align: 'right' },
    { header: 'COMMITLOG OFFSET', value: (e) => e.physicOffset, align: 'right' },
    { header: 'SIZE', value: (e) => e.physicSize, align: 'right' },
    { header: 'TAGS CODE', value: (e) => e.tagsCode, align: 'right' },
    { header: 'STORE TIME', value: (e) => (e.storeTimestamp === null ? null : formatTimestamp(e.storeTimestamp)) },
  ];
  if (withGroup) cols.push({ header: 'EVAL', value: (e) => String(e.eval) });
  if (extra) {
    cols.push({ header: 'EXTEND', value: (e) => e.extendDataJson }, { header: 'BITMAP', value: (e) => e.bitMap }, { header: 'MSG', value: (e) => e.msg });
  }
  parts.push(await renderTable(cols, r.entries, style));
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// resetMasterFlushOffset

export function resetMasterFlushOffsetQuestion(addr: string, offset: string): string {
  return `Set the master flush offset of ${addr} to ${offset}? The slave keeps it in its checkpoint and reports it to a new master.`;
}

export function renderResetMasterFlushOffset(r: ResetMasterFlushOffsetResult, dryRun = false): string {
  const who = `${r.addr}${r.brokerName ? ` (${r.brokerName}${r.brokerId !== undefined ? `, ${role(r)}` : ''})` : ''}`;
  return dryRun ? `Would set the master flush offset of ${who} to ${r.masterFlushOffset} (dry run: nothing was sent).` : `Master flush offset of ${who} set to ${r.masterFlushOffset}.`;
}

// ---------------------------------------------------------------------------------------------
// setCommitLogReadAheadMode

const modeName = (m: string) => (m === '0' ? '0 (normal read-ahead)' : '1 (random read, no read-ahead)');

export async function renderReadAhead(r: ReadAheadResult, style: Style): Promise<string> {
  const cols: Column<ReadAheadRow>[] = [
    ...targetColumns<ReadAheadRow>(),
    { header: 'MASTER', value: (b) => b.master ?? null },
    { header: 'RESULT', value: (b) => (b.done ? 'done' : 'failed'), color: (t, b, s) => (b.done ? s.green(t) : s.red(t)) },
    { header: 'BROKER SAID', value: (b) => b.remark ?? b.error ?? null },
  ];
  return `Commit-log read-ahead mode ${modeName(r.mode)}\n\n${await renderTable(cols, r.brokers, style)}`;
}

// ---------------------------------------------------------------------------------------------
// addBroker, removeBroker

export function renderAddBroker(r: AddBrokerResult): string {
  return `Broker of ${r.configPath} added to the container ${r.containerAddr}.`;
}

const identity = (p: RemoveBrokerPlan) => `${p.brokerClusterName}:${p.brokerName}:${p.brokerId}`;

export function removeBrokerQuestion(p: RemoveBrokerPlan): string {
  return `Remove broker ${identity(p)} from the container ${p.containerAddr}? It stops serving.`;
}

export function renderRemoveBroker(p: RemoveBrokerPlan, dryRun = false): string {
  return dryRun
    ? `Would remove broker ${identity(p)} (cluster ${p.brokerClusterName}, name ${p.brokerName}, id ${p.brokerId}) from the container ${p.containerAddr} (dry run: nothing was sent).`
    : `Broker ${identity(p)} removed from the container ${p.containerAddr}.`;
}
