// Views of the HA and controller commands: haStatus, getBrokerEpoch, getSyncStateSet,
// getControllerMetaData, getControllerConfig, updateControllerConfig, electMaster,
// cleanBrokerMetadata. Results in, text out.

import type {
  BrokerEpochResult,
  CleanBrokerMetadataPlan,
  ControllerConfigResult,
  ControllerMetaDataResult,
  ElectMasterOutcome,
  ElectMasterPlan,
  HaBrokerStatus,
  HaSlaveRow,
  HaStatusResult,
  SyncStateSetResult,
  UpdateControllerConfigPlan,
} from '../../admin/ha.js';
import type { ReplicaIdentity, ReplicasInfo } from '../../protocol/bodies/ha.js';
import { formatFixed, formatInteger, formatTimestamp } from '../format.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable, type Column } from '../table.js';

/** 1.5 KiB, 3.2 MiB ... for "how far behind". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

export function formatSeconds(s: number | null): string {
  if (s === null) return '-';
  if (s < 1) return s === 0 ? '0s' : '<1s';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const brokerLabel = (b: { brokerName: string; addr: string; brokerId: number }) => (b.brokerName ? `${b.brokerName} (${b.addr}${b.brokerId > 0 ? `, id ${b.brokerId}` : ''})` : b.addr);

async function renderHaBroker(b: HaBrokerStatus, style: Style): Promise<string> {
  if (b.role === 'slave') {
    const lines = renderKeyValues(
      [
        ['Role', 'slave'],
        ['Follows (HA address)', b.masterHaAddr ?? '- (no master known)'],
        ['Commit log max offset', formatInteger(b.maxOffset)],
        ['Transfer speed', `${formatFixed(b.transferKBps ?? 0)} KB/s`],
        ['Last read', formatTimestamp(b.lastReadTimestamp)],
        ['Last write', formatTimestamp(b.lastWriteTimestamp)],
        ['Master flush offset', formatInteger(b.masterFlushOffset ?? 0)],
      ],
      style,
    );
    return `${style.bold(`Slave ${brokerLabel(b)}`)}\n${lines}`;
  }
  const head = `${style.bold(`Master ${brokerLabel(b)}`)}: commit log max offset ${formatInteger(b.maxOffset)}, ${b.slaves.length} slave${b.slaves.length === 1 ? '' : 's'}, ${b.inSyncSlaves} in sync`;
  if (b.slaves.length === 0) return `${head}\nNo slaves are connected.`;
  const cols: Column<HaSlaveRow>[] = [
    { header: 'SLAVE (HA ADDRESS)', value: (s) => s.addr },
    { header: 'ACK OFFSET', value: (s) => formatInteger(s.ackOffset), align: 'right' },
    { header: 'BEHIND', value: (s) => formatBytes(s.behindBytes), align: 'right', color: (t, s, st) => (s.behindBytes > 0 ? st.yellow(t) : t) },
    { header: 'CATCH-UP', value: (s) => formatSeconds(s.catchUpSeconds), align: 'right' },
    { header: 'SPEED (KB/s)', value: (s) => formatFixed(s.transferKBps), align: 'right' },
    { header: 'STATUS', value: (s) => (s.inSync ? 'OK' : 'Fall Behind'), color: (t, s, st) => (s.inSync ? st.green(t) : st.red(t)) },
    { header: 'NEXT OFFSET', value: (s) => formatInteger(s.transferFromWhere), align: 'right' },
  ];
  return `${head}\n\n${await renderTable(cols, b.slaves, style)}`;
}

export async function renderHaStatus(r: HaStatusResult, style: Style, round?: { n: number }): Promise<string> {
  const parts: string[] = [];
  if (round) parts.push(style.dim(`-- ${formatTimestamp(r.time)} (round ${round.n})`));
  for (const b of r.brokers) parts.push(await renderHaBroker(b, style));
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// getBrokerEpoch

export async function renderBrokerEpoch(r: BrokerEpochResult, style: Style): Promise<string> {
  const parts: string[] = [];
  for (const b of r.brokers) {
    const e = b.epochs;
    const head = `${style.bold(`${e.brokerName || b.brokerName} (${b.addr})`)}: cluster ${e.clusterName || b.cluster}, broker id ${e.brokerId}, max offset ${formatInteger(e.maxOffset)}`;
    if (e.epochList.length === 0) {
      parts.push(`${head}\nNo epoch yet.`);
      continue;
    }
    const cols: Column<(typeof e.epochList)[number]>[] = [
      { header: 'EPOCH', value: (x) => x.epoch, align: 'right' },
      { header: 'START OFFSET', value: (x) => formatInteger(x.startOffset), align: 'right' },
      { header: 'END OFFSET', value: (x) => formatInteger(x.endOffset), align: 'right' },
    ];
    parts.push(`${head}\n\n${await renderTable(cols, e.epochList, style)}`);
  }
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// getSyncStateSet

interface ReplicaRow extends ReplicaIdentity {
  inSync: boolean;
  master: boolean;
}

export async function renderSyncStateSet(r: SyncStateSetResult, style: Style): Promise<string> {
  const parts: string[] = [];
  for (const b of r.brokers) parts.push(await renderReplicas(b, style));
  if (r.missing.length > 0) parts.push(style.dim(`The controller has no replicas of ${r.missing.join(', ')}.`));
  return parts.join('\n\n');
}

export async function renderReplicas(b: ReplicasInfo, style: Style): Promise<string> {
  const head = `${style.bold(b.brokerName)}: master broker id ${b.masterBrokerId} (${b.masterAddress ?? '-'}), master epoch ${b.masterEpoch}, sync-state set epoch ${b.syncStateSetEpoch}, ${b.inSyncReplicas.length} in sync`;
  const rows: ReplicaRow[] = [
    ...b.inSyncReplicas.map((x) => ({ ...x, inSync: true, master: x.brokerId === b.masterBrokerId })),
    ...b.notInSyncReplicas.map((x) => ({ ...x, inSync: false, master: x.brokerId === b.masterBrokerId })),
  ];
  if (rows.length === 0) return `${head}\nNo replicas.`;
  const cols: Column<ReplicaRow>[] = [
    { header: 'BROKER ID', value: (x) => x.brokerId, align: 'right' },
    { header: 'ADDRESS', value: (x) => x.brokerAddress },
    { header: 'ROLE', value: (x) => (x.master ? 'master' : 'slave') },
    { header: 'IN SYNC', value: (x) => (x.inSync ? 'yes' : 'no'), color: (t, x, s) => (x.inSync ? t : s.yellow(t)) },
    { header: 'ALIVE', value: (x) => (x.alive ? 'yes' : 'no'), color: (t, x, s) => (x.alive ? t : s.red(t)) },
  ];
  return `${head}\n\n${await renderTable(cols, rows, style)}`;
}

// ---------------------------------------------------------------------------------------------
// getControllerMetaData, getControllerConfig, updateControllerConfig

export function renderControllerMetaData(m: ControllerMetaDataResult, style: Style): string {
  return renderKeyValues(
    [
      ['Controller group', m.group ?? '-'],
      ['Leader id', m.controllerLeaderId ?? '-'],
      ['Leader address', m.controllerLeaderAddress ?? '-'],
      ['Asked', `${m.addr}${m.isLeader ? ' (the leader)' : ' (a follower)'}`],
      ['Peers', m.peers.length > 0 ? m.peers.join(', ') : '-'],
    ],
    style,
  );
}

export async function renderControllerConfig(r: ControllerConfigResult, style: Style, filter?: string): Promise<string> {
  const parts: string[] = [];
  for (const c of r.controllers) {
    const keys = Object.keys(c.config)
      .filter((k) => filter === undefined || k.toLowerCase().includes(filter.toLowerCase()))
      .sort();
    parts.push(`${style.bold(`Controller ${c.addr}`)}\n${keys.length > 0 ? renderKeyValues(keys.map((k) => [k, c.config[k]!] as const), style) : 'No matching setting.'}`);
  }
  return parts.join('\n\n');
}

export async function renderUpdateControllerConfig(p: UpdateControllerConfigPlan, style: Style, dryRun = false): Promise<string> {
  type Row = UpdateControllerConfigPlan['changes'][number];
  const cols: Column<Row>[] = [
    { header: 'CONTROLLER', value: (c) => c.addr },
    { header: 'KEY', value: () => p.key },
    { header: 'BEFORE', value: (c) => c.before ?? '(none)' },
    { header: 'AFTER', value: (c) => (dryRun ? c.after : c.readBack ?? '(none)') },
    { header: dryRun ? 'ACTION' : 'RESULT', value: (c) => (dryRun ? (c.before === c.after ? 'none' : 'update') : c.result ?? '-') },
  ];
  const table = await renderTable(cols, p.changes, style);
  return dryRun ? `${table}\n\n(dry run: nothing was changed)` : table;
}

export function updateControllerConfigQuestion(p: UpdateControllerConfigPlan): string {
  return `Set ${p.key}=${p.value} on controller${p.changes.length === 1 ? '' : 's'} ${p.changes.map((c) => `${c.addr} (now ${c.before ?? 'unset'})`).join(', ')}?`;
}

// ---------------------------------------------------------------------------------------------
// electMaster, cleanBrokerMetadata

const currentMaster = (c: ReplicasInfo | null) => (c ? `broker id ${c.masterBrokerId} (${c.masterAddress ?? '-'}), epoch ${c.masterEpoch}` : 'unknown (the controller has no replicas of it)');

export async function renderElectMasterPlan(p: ElectMasterPlan, style: Style): Promise<string> {
  const lines = `Elect broker id ${p.brokerId} as master of ${p.brokerName} (cluster ${p.clusterName}) on controller ${p.leader} (dry run: nothing was changed)\nNow: master ${currentMaster(p.current)}`;
  return p.current ? `${lines}\n\n${await renderReplicas(p.current, style)}` : lines;
}

export function electMasterQuestion(p: ElectMasterPlan): string {
  return `Elect broker id ${p.brokerId} as master of ${p.brokerName} (now: master ${currentMaster(p.current)})? Producers and consumers switch to the new master.`;
}

export async function renderElectMaster(r: ElectMasterOutcome, style: Style): Promise<string> {
  const head = renderKeyValues(
    [
      ['Cluster', r.clusterName],
      ['Broker', r.brokerName],
      ['Master', `broker id ${r.masterBrokerId ?? '-'} (${r.masterAddress ?? '-'})`],
      ['Master epoch', String(r.masterEpoch ?? '-')],
      ['Sync-state set epoch', String(r.syncStateSetEpoch ?? '-')],
    ],
    style,
  );
  if (!r.members || r.members.brokerAddrs.length === 0) return head;
  const cols: Column<{ brokerId: number; addr: string }>[] = [
    { header: 'BROKER ID', value: (m) => m.brokerId, align: 'right' },
    { header: 'ADDRESS', value: (m) => m.addr },
  ];
  return `${head}\n\n${await renderTable(cols, r.members.brokerAddrs, style)}`;
}

const idsText = (p: CleanBrokerMetadataPlan) => (p.brokerIds === null ? 'every broker id' : `broker id${p.brokerIds.length === 1 ? '' : 's'} ${p.brokerIds.join(', ')}`);

export function cleanBrokerMetadataQuestion(p: CleanBrokerMetadataPlan): string {
  return `Remove ${idsText(p)} of ${p.brokerName} from controller ${p.leader}${p.cleanLivingBroker ? ' (living brokers too)' : ''}?`;
}

export async function renderCleanBrokerMetadata(p: CleanBrokerMetadataPlan, style: Style, dryRun = false): Promise<string> {
  const line = dryRun
    ? `Would remove ${idsText(p)} of ${p.brokerName}${p.clusterName ? ` (cluster ${p.clusterName})` : ''} from controller ${p.leader}${p.cleanLivingBroker ? ', living brokers too' : ''} (dry run: nothing was changed)`
    : `Removed ${idsText(p)} of ${p.brokerName}${p.clusterName ? ` (cluster ${p.clusterName})` : ''} from controller ${p.leader}`;
  return p.current && dryRun ? `${line}\n\n${await renderReplicas(p.current, style)}` : line;
}
