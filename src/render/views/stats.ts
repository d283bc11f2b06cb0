// Views of the statistics and monitoring commands: statsAll, brokerConsumeStats, producer,
// allocateMQ, checkMsgSendRT, clusterRT, sendMsgStatus, startMonitoring. Results in, text out.

import type { MonitorChange, MonitorGroup, MonitorRound, MonitorTopic } from '../../admin/monitor.js';
import type { BrokerRt, CheckSendRtResult, ClusterRtRound, RtSummary, SendSample, SendStatusResult } from '../../admin/sendTest.js';
import type { AllocationResult, BrokerConsumeRow, BrokerConsumeStatsResult, ProducersResult, StatsAllResult, StatsAllRow } from '../../admin/stats.js';
import type { MessageQueue } from '../../protocol/bodies/consumer.js';
import { versionDesc } from '../../protocol/bodies/consumer.js';
import { formatFixed, formatInteger, formatTimestamp } from '../format.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable, type Column } from '../table.js';
import { formatTps } from './consumer.js';

const lagColor = (text: string, lag: number, style: Style) => (lag > 0 ? style.yellow(text) : text);

// ---------------------------------------------------------------------------------------------
// statsAll

export async function renderStatsAll(r: StatsAllResult, style: Style): Promise<string> {
  if (r.rows.length === 0) return r.topics === 0 ? 'No topic found.' : `No topic with messages in the last 24 hours (${r.topics} looked at).`;
  const cols: Column<StatsAllRow>[] = [
    { header: 'TOPIC', value: (x) => x.topic },
    { header: 'CONSUMER GROUP', value: (x) => x.group ?? 'NO_CONSUMER', color: (t, x, s) => (x.group === null ? s.dim(t) : t) },
    { header: 'ACCUMULATION', value: (x) => formatInteger(x.accumulation), align: 'right', color: (t, x, s) => lagColor(t, x.accumulation, s) },
    { header: 'IN TPS', value: (x) => formatTps(x.inTps), align: 'right' },
    { header: 'OUT TPS', value: (x) => (x.outTps === null ? null : formatTps(x.outTps)), align: 'right' },
    { header: 'IN 24H', value: (x) => formatInteger(x.in24h), align: 'right' },
    { header: 'OUT 24H', value: (x) => (x.out24h === null ? null : formatInteger(x.out24h)), align: 'right' },
  ];
  return renderTable(cols, r.rows, style);
}

// ---------------------------------------------------------------------------------------------
// brokerConsumeStats

export async function renderBrokerConsumeStats(r: BrokerConsumeStatsResult, style: Style): Promise<string> {
  const parts: string[] = [];
  if (r.rows.length === 0) {
    parts.push(r.groups.length === 0 ? `No consumer group has offsets on ${r.brokerAddr}${r.isOrder ? ' for an order topic' : ''}.` : `No queue with a lag of ${r.level} or more.`);
  } else {
    const cols: Column<BrokerConsumeRow>[] = [
      { header: 'TOPIC', value: (q) => q.topic },
      { header: 'GROUP', value: (q) => q.group },
      { header: 'BROKER', value: (q) => q.brokerName },
      { header: 'QID', value: (q) => q.queueId, align: 'right' },
      { header: 'BROKER OFFSET', value: (q) => q.brokerOffset, align: 'right' },
      { header: 'CONSUMER OFFSET', value: (q) => q.consumerOffset, align: 'right' },
      { header: 'LAG', value: (q) => q.lag, align: 'right', color: (t, q, s) => lagColor(t, q.lag, s) },
      { header: 'LAST CONSUMED', value: (q) => formatTimestamp(q.lastTimestamp) },
    ];
    parts.push(await renderTable(cols, r.rows, style));
  }
  const summary: Array<[string, string]> = [['Diff total', formatInteger(r.totalDiff)]];
  // 5.3.3 brokers send it computed from pull offsets they leave at 0 (a negative figure): shown only when it means something.
  if (r.totalInflightDiff !== null && r.totalInflightDiff >= 0) summary.push(['In flight', formatInteger(r.totalInflightDiff)]);
  summary.push(['Groups', `${r.groups.length} with offsets${r.groupsWithoutOffsets.length > 0 ? `, ${r.groupsWithoutOffsets.length} without` : ''}`]);
  if (r.hiddenQueues > 0) summary.push(['Not shown', `${r.hiddenQueues} queue${r.hiddenQueues === 1 ? '' : 's'} (${r.level > 0 ? `lag under ${r.level} or ` : ''}never held a message)`]);
  parts.push('', renderKeyValues(summary, style));
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// producer

export async function renderProducers(r: ProducersResult, style: Style): Promise<string> {
  if (r.groups.length === 0) return `No producer is connected to ${r.brokerAddr}.`;
  type Row = { group: string; p: ProducersResult['groups'][number]['producers'][number] | null };
  const rows: Row[] = r.groups.flatMap((g): Row[] => (g.producers.length === 0 ? [{ group: g.group, p: null }] : g.producers.map((p) => ({ group: g.group, p }))));
  return renderTable<Row>(
    [
      { header: 'GROUP', value: (x) => x.group },
      { header: 'CLIENT ID', value: (x) => x.p?.clientId ?? '(no instance)', color: (t, x, s) => (x.p ? t : s.dim(t)) },
      { header: 'ADDRESS', value: (x) => x.p?.address },
      { header: 'LANGUAGE', value: (x) => x.p?.language },
      { header: 'VERSION', value: (x) => (x.p ? versionDesc(x.p.version) : null) },
      { header: 'LAST HEARTBEAT', value: (x) => formatTimestamp(x.p?.lastUpdateTimestamp) },
    ],
    rows,
    style,
  );
}

// ---------------------------------------------------------------------------------------------
// allocateMQ

/** `broker-a: 0 1 2; broker-b: 3` for a list of queues, in the list's order. */
export function formatQueues(queues: readonly MessageQueue[]): string {
  if (queues.length === 0) return '-';
  const parts: Array<{ broker: string; ids: number[] }> = [];
  for (const q of queues) {
    const last = parts[parts.length - 1];
    if (last && last.broker === q.brokerName) last.ids.push(q.queueId);
    else parts.push({ broker: q.brokerName, ids: [q.queueId] });
  }
  return parts.map((p) => `${p.broker}: ${p.ids.join(' ')}`).join('; ');
}

export async function renderAllocation(r: AllocationResult, style: Style): Promise<string> {
  const table = await renderTable(
    [
      { header: 'CLIENT ID', value: (c: AllocationResult['clients'][number]) => c.clientId },
      { header: 'QUEUES', value: (c) => c.queues.length, align: 'right' },
      { header: 'ASSIGNED', value: (c) => formatQueues(c.queues), color: (t, c, s) => (c.queues.length === 0 ? s.dim(t) : t) },
    ],
    r.clients,
    style,
  );
  const how = r.order === 'java' ? 'in the Java tool\'s order (unsorted queues, clients as given)' : 'as the consumers rebalance (queues and client ids sorted)';
  return `${table}\n\n${style.dim(`${r.queues.length} readable queues of ${r.topic}, averaging strategy, ${how}`)}`;
}

// ---------------------------------------------------------------------------------------------
// Send round trips

export const ms = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : formatFixed(v, 2));

const rtColumns = <T>(get: (row: T) => RtSummary | null): Column<T>[] => [
  { header: 'MIN', value: (x) => ms(get(x)?.min), align: 'right' },
  { header: 'MEDIAN', value: (x) => ms(get(x)?.median), align: 'right' },
  { header: 'P99', value: (x) => ms(get(x)?.p99), align: 'right' },
  { header: 'MAX', value: (x) => ms(get(x)?.max), align: 'right' },
  { header: 'AVG', value: (x) => ms(get(x)?.avg), align: 'right' },
];

const countColumns: Column<BrokerRt>[] = [
  { header: 'SENT', value: (b) => b.sent, align: 'right' },
  { header: 'OK', value: (b) => b.ok, align: 'right' },
  { header: 'FAILED', value: (b) => b.failed + b.skipped, align: 'right', color: (t, b, s) => (b.failed + b.skipped > 0 ? s.red(t) : t) },
];

export async function renderSends(sends: readonly SendSample[], style: Style): Promise<string> {
  return renderTable<SendSample>(
    [
      { header: '#', value: (x) => x.seq, align: 'right' },
      { header: 'BROKER', value: (x) => x.brokerName },
      { header: 'QID', value: (x) => x.queueId, align: 'right' },
      { header: 'RESULT', value: (x) => (x.ok ? (x.status ?? 'SEND_OK') : 'FAILED'), color: (t, x, s) => (x.ok ? t : s.red(t)) },
      { header: 'RT (ms)', value: (x) => ms(x.rtMs), align: 'right', color: (t, x, s) => (x.warmup ? s.dim(t) : t) },
      { header: 'QUEUE OFFSET', value: (x) => x.queueOffset, align: 'right' },
      { header: 'MSG ID', value: (x) => x.msgId },
      { header: 'OFFSET MSG ID', value: (x) => x.offsetMsgId ?? x.error },
    ],
    sends,
    style,
  );
}

export async function renderCheckSendRt(r: CheckSendRtResult, style: Style, each = false): Promise<string> {
  const parts: string[] = [];
  if (each) parts.push(await renderSends(r.sends, style), '');
  const rows: Array<BrokerRt & { total?: true }> = [...r.brokers];
  if (r.brokers.length > 1) {
    const sum = (f: (b: BrokerRt) => number) => r.brokers.reduce((n, b) => n + f(b), 0);
    rows.push({ brokerName: 'all', brokerAddr: '', sent: sum((b) => b.sent), ok: sum((b) => b.ok), failed: sum((b) => b.failed), skipped: sum((b) => b.skipped), rt: r.total, total: true });
  }
  parts.push(
    await renderTable(
      [
        { header: 'BROKER', value: (b) => b.brokerName, color: (t, b, s) => (b.total ? s.bold(t) : t) },
        { header: 'ADDRESS', value: (b) => b.brokerAddr || null },
        ...(countColumns as Column<BrokerRt & { total?: true }>[]),
        ...rtColumns<BrokerRt & { total?: true }>((b) => b.rt),
      ],
      rows,
      style,
    ),
  );
  parts.push('', style.dim(`RT in ms over ${r.amount} sends of ${r.size} bytes to ${r.topic}, its writable queues in turn; the first send to each broker (it opens the connection) is not in the figures`));
  return parts.join('\n');
}

export async function renderClusterRt(r: ClusterRtRound, style: Style): Promise<string> {
  if (r.brokers.length === 0) return 'No master broker to send to.';
  return renderTable<BrokerRt>(
    [
      { header: 'CLUSTER', value: (b) => b.cluster },
      { header: 'BROKER', value: (b) => b.brokerName },
      ...countColumns,
      ...rtColumns<BrokerRt>((b) => b.rt),
    ],
    r.brokers,
    style,
  );
}

/** The Java clusterRT `-p true` line: `time(GMT+8)|room|cluster|broker|rt`. */
export function clusterRtLogLines(r: ClusterRtRound, machineRoom: string): string[] {
  const d = new Date(r.time + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  return r.brokers.map((b) => `${time}|${machineRoom}|${b.cluster ?? ''}|${b.brokerName}|${b.rt ? b.rt.avg.toFixed(2) : 'NaN'}`);
}

export async function renderSendStatus(r: SendStatusResult, style: Style): Promise<string> {
  const table = await renderSends(r.sends, style);
  const rt = r.rt;
  const ok = r.sends.filter((s) => s.ok).length;
  const summary: Array<[string, string]> = [
    ['Sent', `${r.sends.length} messages of ${r.size} bytes to topic ${r.topic} on ${r.brokerAddr}: ${ok} ok, ${r.sends.length - ok} failed`],
    ['RT (ms)', rt ? `min ${ms(rt.min)}, median ${ms(rt.median)}, p99 ${ms(rt.p99)}, max ${ms(rt.max)}, avg ${ms(rt.avg)}` : '-'],
  ];
  return `${table}\n\n${renderKeyValues(summary, style)}`;
}

// ---------------------------------------------------------------------------------------------
// startMonitoring

type MonitorRow = MonitorTopic & { group: string; clients: number; moved?: number | null };

const delay = (v: number | null): string => {
  if (v === null) return '-';
  if (v < 1000) return `${v} ms`;
  const s = v / 1000;
  return s < 120 ? `${s.toFixed(1)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`;
};

function monitorColumns(withMoved: boolean): Column<MonitorRow>[] {
  const cols: Column<MonitorRow>[] = [
    { header: 'GROUP', value: (x) => x.group },
    { header: 'TOPIC', value: (x) => x.topic },
    { header: 'CLIENTS', value: (x) => x.clients, align: 'right', color: (t, x, s) => (x.clients === 0 ? s.dim(t) : t) },
    { header: 'LAG', value: (x) => formatInteger(x.lag), align: 'right', color: (t, x, s) => lagColor(t, x.lag, s) },
  ];
  if (withMoved) cols.push({ header: 'MOVED', value: (x) => (x.moved === undefined || x.moved === null ? 'new' : x.moved > 0 ? `+${formatInteger(x.moved)}` : x.moved < 0 ? `-${formatInteger(-x.moved)}` : '0'), align: 'right' });
  cols.push(
    { header: 'MAX QUEUE LAG', value: (x) => formatInteger(x.maxQueueLag), align: 'right' },
    { header: 'BEHIND', value: (x) => delay(x.delayMs), align: 'right' },
    { header: 'EXPIRED', value: (x) => formatInteger(x.expired), align: 'right', color: (t, x, s) => (x.expired > 0 ? s.red(t) : t) },
  );
  return cols;
}

const rowsOf = (groups: readonly MonitorGroup[]): MonitorRow[] =>
  groups.flatMap((g) => (g.topics.length === 0 ? [{ group: g.group, clients: g.clients, topic: '-', lag: 0, maxQueueLag: 0, delayMs: null, expired: 0 }] : g.topics.map((t) => ({ ...t, group: g.group, clients: g.clients }))));

function problems(r: MonitorRound, style: Style): string[] {
  const out: string[] = [];
  for (const g of r.groups) {
    if (g.sameSubscription === false) out.push(`${style.yellow('warning:')} the clients of ${g.group} do not all subscribe the same (consumerStatus -g ${g.group} shows them)`);
    for (const c of g.conflicts) out.push(`${style.yellow('warning:')} ${c.topic} ${c.brokerName} queue ${c.queueId} of ${g.group} is held by ${c.clients.join(', ')}`);
  }
  return out;
}

const clock = (ms: number) => formatTimestamp(ms).slice(11, 19);

/** The first round: every group and topic. */
export async function renderMonitorRound(r: MonitorRound, style: Style): Promise<string> {
  const head = style.dim(`${clock(r.time)}  round ${r.round}: ${r.groups.length} consumer group${r.groups.length === 1 ? '' : 's'}`);
  if (r.groups.length === 0) return `${head}\nNo consumer group found.`;
  return [head, await renderTable(monitorColumns(false), rowsOf(r.groups), style), ...problems(r, style)].join('\n');
}

/** A later round: only what changed since the one before. */
export async function renderMonitorChanges(r: MonitorRound, changes: readonly MonitorChange[], style: Style): Promise<string> {
  const total = r.groups.reduce((n, g) => n + g.topics.reduce((m, t) => m + t.lag, 0), 0);
  const groups = `${r.groups.length} group${r.groups.length === 1 ? '' : 's'}`;
  if (changes.length === 0) return style.dim(`${clock(r.time)}  round ${r.round}: no change (${groups}, lag ${formatInteger(total)})`);
  const lines: string[] = [`${clock(r.time)}  round ${r.round}: ${changes.length} change${changes.length === 1 ? '' : 's'} (${groups}, lag ${formatInteger(total)})`];
  const touched = new Set(changes.filter((c) => c.kind === 'lag' || c.kind === 'expired' || c.kind === 'clients' || c.kind === 'new-group').map((c) => `${c.group}|${c.topic ?? '*'}`));
  const moved = new Map(changes.filter((c) => c.kind === 'lag').map((c) => [`${c.group}|${c.topic}`, c.before === null ? null : (c.after as number) - (c.before as number)]));
  const rows = rowsOf(r.groups)
    .filter((x) => touched.has(`${x.group}|${x.topic}`) || touched.has(`${x.group}|*`))
    .map((x) => ({ ...x, moved: moved.has(`${x.group}|${x.topic}`) ? moved.get(`${x.group}|${x.topic}`) : touched.has(`${x.group}|*`) && changes.some((c) => c.kind === 'new-group' && c.group === x.group) ? null : 0 }));
  if (rows.length > 0) lines.push(await renderTable(monitorColumns(true), rows, style));
  for (const c of changes) {
    if (c.kind === 'gone-group') lines.push(`${c.group}: gone (its retry topic no longer exists)`);
    if (c.kind === 'clients') lines.push(`${c.group}: clients ${c.before} -> ${c.after}`);
    if (c.kind === 'subscription') lines.push(`${c.group}: ${c.after ? 'the clients subscribe alike again' : 'the clients no longer subscribe alike'}`);
    if (c.kind === 'rebalance') lines.push(`${c.group}: ${c.after ? 'no queue is held twice any more' : 'a queue is held by two clients'}`);
  }
  lines.push(...problems(r, style));
  return lines.join('\n');
}
