// Views of consumer groups: progress (lag), connections, status, offset resets.

import type {
  AllGroupsProgress,
  CloneResult,
  ConsumerConnectionResult,
  ConsumerProgressResult,
  ConsumerStatusResult,
  GroupProgress,
  ProducerConnectionResult,
  QueueProgress,
  ResetPlan,
  ResetResult,
  ResetTarget,
} from '../../admin/consumer.js';
import { formatFixed, formatInteger, formatTimestamp } from '../format.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable, type Column } from '../table.js';

/**
 * TPS with two decimals rounded as the Java tool's String.format rounds them: half up on the
 * shortest decimal form (0.175 -> 0.18, where toFixed gives 0.17).
 */
export function formatTps(value: number): string {
  if (!Number.isFinite(value)) return '-';
  const scaled = Math.round(Number(`${Math.abs(value)}e2`));
  return `${value < 0 && scaled > 0 ? '-' : ''}${(scaled / 100).toFixed(2)}`;
}

/** "+12" / "-3" / "0" for how a lag moved since the last refresh. */
function formatMove(delta: number | undefined): string {
  if (delta === undefined) return '';
  return delta > 0 ? `+${formatInteger(delta)}` : delta < 0 ? `-${formatInteger(-delta)}` : '0';
}

const lagColor = (text: string, lag: number, style: Style) => (lag > 0 ? style.yellow(text) : text);

export interface WatchDeltas {
  /** Previous lag per row key; the views print how it moved. */
  previous?: Map<string, number>;
}

export const queueRowKey = (q: QueueProgress) => `${q.topic}|${q.brokerName}|${q.queueId}`;

export async function renderConsumerProgress(r: ConsumerProgressResult, style: Style, watch: WatchDeltas = {}): Promise<string> {
  const showOnDisk = r.queues.some((q) => q.availableLag !== q.lag);
  const showClient = r.queues.some((q) => q.clientId !== undefined);
  const cols: Column<QueueProgress>[] = [
    { header: 'TOPIC', value: (q) => q.topic },
    { header: 'BROKER', value: (q) => q.brokerName },
    { header: 'QID', value: (q) => q.queueId, align: 'right' },
    { header: 'BROKER OFFSET', value: (q) => q.brokerOffset, align: 'right' },
    { header: 'CONSUMER OFFSET', value: (q) => q.consumerOffset, align: 'right' },
  ];
  if (showClient) cols.push({ header: 'CLIENT', value: (q) => q.clientId ?? null });
  cols.push({ header: 'LAG', value: (q) => q.lag, align: 'right', color: (t, q, s) => lagColor(t, q.lag, s) });
  if (showOnDisk) cols.push({ header: 'LAG ON DISK', value: (q) => q.availableLag, align: 'right' });
  if (watch.previous) cols.push({ header: 'MOVED', value: (q) => formatMove(watch.previous!.has(queueRowKey(q)) ? q.lag - watch.previous!.get(queueRowKey(q))! : undefined), align: 'right' });
  cols.push({ header: 'LAST CONSUMED', value: (q) => formatTimestamp(q.lastTimestamp) });

  const parts: string[] = [];
  const topics = r.queues.filter((q) => !q.retry);
  const retries = r.queues.filter((q) => q.retry);
  if (r.queues.length === 0) {
    parts.push(r.clients === 0 ? `Group ${r.group} has no consume offsets and no client online.` : `Group ${r.group} has no consume offsets${r.messageModel === 'BROADCASTING' ? ' (broadcasting consumers keep their offsets themselves)' : ''}.`);
  } else {
    if (topics.length > 0) parts.push(await renderTable(cols, topics, style));
    if (retries.length > 0) parts.push((topics.length > 0 ? '\n' : '') + style.bold('Retry queues') + '\n' + (await renderTable(cols, retries, style)));
  }
  const summary: Array<[string, string]> = [
    ['Consume TPS', formatTps(r.consumeTps)],
    ['Lag', `${formatInteger(r.totalLag)}${retries.length > 0 ? ` (topics ${formatInteger(r.topicLag)}, retry ${formatInteger(r.retryLag)})` : ''}`],
  ];
  if (showOnDisk) summary.push(['Lag on disk', formatInteger(r.availableLag)]);
  if (r.clients !== null) summary.push(['Clients online', String(r.clients)]);
  parts.push('', renderKeyValues(summary, style));
  return parts.join('\n');
}

export const groupRowKey = (g: GroupProgress) => g.group;

export async function renderAllGroups(r: AllGroupsProgress, style: Style, watch: WatchDeltas = {}): Promise<string> {
  if (r.groups.length === 0) return 'No consumer group found.';
  const cols: Column<GroupProgress>[] = [
    { header: 'GROUP', value: (g) => g.group },
    { header: 'CLIENTS', value: (g) => g.clients, align: 'right' },
    { header: 'VERSION', value: (g) => g.version },
    { header: 'TYPE', value: (g) => g.consumeType },
    { header: 'MODEL', value: (g) => g.messageModel },
    { header: 'TPS', value: (g) => formatTps(g.consumeTps), align: 'right' },
    { header: 'LAG', value: (g) => (g.error ? null : g.totalLag), align: 'right', color: (t, g, s) => lagColor(t, g.totalLag, s) },
  ];
  if (watch.previous) cols.push({ header: 'MOVED', value: (g) => formatMove(watch.previous!.has(g.group) ? g.totalLag - watch.previous!.get(g.group)! : undefined), align: 'right' });
  return renderTable(cols, r.groups, style);
}

export async function renderConsumerConnection(r: ConsumerConnectionResult, style: Style): Promise<string> {
  if (!r.online) return `No consumer of group ${r.group} is online (asked ${r.brokerAddr}).`;
  const clients = await renderTable(
    [
      { header: 'CLIENT ID', value: (c: ConsumerConnectionResult['connections'][number]) => c.clientId },
      { header: 'ADDRESS', value: (c) => c.clientAddr },
      { header: 'LANGUAGE', value: (c) => c.language },
      { header: 'VERSION', value: (c) => c.versionDesc },
    ],
    r.connections,
    style,
  );
  const subs = await renderTable(
    [
      { header: 'TOPIC', value: (s: ConsumerConnectionResult['subscriptions'][number]) => s.topic },
      { header: 'EXPRESSION', value: (s) => s.subString },
      { header: 'TYPE', value: (s) => s.expressionType },
    ],
    [...r.subscriptions].sort((a, b) => Number(a.topic.startsWith('%')) - Number(b.topic.startsWith('%')) || a.topic.localeCompare(b.topic)),
    style,
  );
  const kv = renderKeyValues(
    [
      ['Consume type', r.consumeType ?? '-'],
      ['Message model', r.messageModel ?? '-'],
      ['Consume from', r.consumeFromWhere ?? '-'],
    ],
    style,
  );
  return [clients, '', style.bold('Subscriptions'), subs, '', kv].join('\n');
}

export async function renderProducerConnection(r: ProducerConnectionResult, style: Style): Promise<string> {
  if (r.connections.length === 0) return `No producer of group ${r.group} is connected (asked ${r.brokerAddr}).`;
  return renderTable(
    [
      { header: 'CLIENT ID', value: (c: ProducerConnectionResult['connections'][number]) => c.clientId },
      { header: 'ADDRESS', value: (c) => c.clientAddr },
      { header: 'LANGUAGE', value: (c) => c.language },
      { header: 'VERSION', value: (c) => c.versionDesc },
    ],
    r.connections,
    style,
  );
}

export async function renderConsumerStatus(r: ConsumerStatusResult, style: Style): Promise<string> {
  if (!r.online) return `No consumer of group ${r.group} is online.`;
  const table = await renderTable(
    [
      { header: 'CLIENT ID', value: (c: ConsumerStatusResult['clients'][number]) => c.clientId },
      { header: 'VERSION', value: (c) => c.version },
      { header: 'QUEUES', value: (c) => (c.info ? c.info.queues.length : null), align: 'right' },
      { header: 'CACHED MSGS', value: (c) => (c.info ? c.info.queues.reduce((s, q) => s + q.cachedMsgCount, 0) : null), align: 'right' },
      { header: 'CONSUME TPS', value: (c) => (c.info ? formatFixed(Object.values(c.info.status).reduce((s, x) => s + (x.consumeOKTPS ?? 0), 0)) : null), align: 'right' },
      { header: 'STATUS', value: (c) => (c.error ? `no answer: ${c.error}` : 'ok'), color: (t, c, s) => (c.error ? s.red(t) : s.green(t)) },
    ],
    r.clients,
    style,
  );
  const lines = [table, ''];
  if (r.sameSubscription !== null) lines.push(r.sameSubscription ? 'Every client has the same subscription.' : style.yellow('The clients subscribe differently: they will take messages from each other.'));
  if (r.rebalanceOk !== null) {
    lines.push(r.rebalanceOk ? 'Rebalance OK: no queue is held by two clients.' : style.yellow('Rebalance problem: queues held by more than one client:'));
    for (const c of r.conflicts) lines.push(`  ${c.topic} ${c.brokerName} ${c.queueId}: ${c.clients.join(', ')}`);
  }
  return lines.join('\n');
}

export function describeTarget(t: ResetTarget): string {
  switch (t.kind) {
    case 'latest':
      return 'the newest offset (skip every waiting message)';
    case 'earliest':
      return 'the oldest offset still on disk';
    case 'offset':
      return `offset ${t.offset}`;
    case 'time':
      return `${formatTimestamp(t.ms)} (${t.ms})`;
  }
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export async function renderResetPlan(plan: ResetPlan, style: Style): Promise<string> {
  const head = `Reset group ${style.bold(plan.group)} on topic ${style.bold(plan.topic)} to ${describeTarget(plan.target)}${plan.force ? '' : ', backwards only (-f false)'}:`;
  if (plan.queues.length === 0) return `${head}\nno queue to reset.`;
  const table = await renderTable(
    [
      { header: 'BROKER', value: (q: ResetPlan['queues'][number]) => q.brokerName },
      { header: 'QID', value: (q) => q.queueId, align: 'right' },
      { header: 'BROKER OFFSET', value: (q) => q.brokerOffset, align: 'right' },
      { header: 'NOW', value: (q) => (q.before < 0 ? 'none' : q.before), align: 'right' },
      { header: 'TARGET', value: (q) => q.target, align: 'right' },
      { header: 'CHANGE', value: (q) => (q.before < 0 ? '-' : signed(q.delta)), align: 'right', color: (t, q, s) => (q.delta < 0 ? s.yellow(t) : q.delta > 0 ? s.cyan(t) : t) },
    ],
    plan.queues,
    style,
  );
  const back = plan.queues.reduce((s, q) => s + (q.delta < 0 ? -q.delta : 0), 0);
  const skip = plan.queues.reduce((s, q) => s + (q.delta > 0 ? q.delta : 0), 0);
  return `${head}\n${table}\n\n${formatInteger(back)} messages will be consumed again, ${formatInteger(skip)} skipped.`;
}

const PATH_TEXT: Record<string, string> = {
  server: 'reset by the broker (5.x server-side reset); consumers follow at their next pull',
  client: 'pushed by the broker to the online consumers (4.x); they apply it within about 10 s',
  direct: 'no consumer online: offsets written directly (UPDATE_CONSUMER_OFFSET)',
};

export async function renderResetResult(r: ResetResult, style: Style): Promise<string> {
  const table = await renderTable(
    [
      { header: 'BROKER', value: (q: ResetResult['queues'][number]) => q.brokerName },
      { header: 'QID', value: (q) => q.queueId, align: 'right' },
      { header: 'BEFORE', value: (q) => (q.before < 0 ? 'none' : q.before), align: 'right' },
      { header: 'TARGET', value: (q) => q.target, align: 'right' },
      { header: 'AFTER', value: (q) => q.after, align: 'right', color: (t, q, s) => (q.after === q.target ? s.green(t) : s.yellow(t)) },
    ],
    r.queues,
    style,
  );
  const lines = [`Group ${style.bold(r.group)}, topic ${style.bold(r.topic)}: ${describeTarget(r.target)}`, table, ''];
  for (const b of r.brokers) lines.push(`${b.brokerName} (${b.addr}): ${b.path ? PATH_TEXT[b.path] : style.red(`failed: ${b.error ?? 'not planned'}`)}`);
  return lines.join('\n');
}

export async function renderClone(r: CloneResult, style: Style): Promise<string> {
  const head = `Copied the offsets of group ${style.bold(r.srcGroup)} on topic ${style.bold(r.topic)} to group ${style.bold(r.destGroup)}:`;
  if (r.queues.length === 0) return `${head}\nnothing copied.`;
  const table = await renderTable(
    [
      { header: 'BROKER', value: (q: CloneResult['queues'][number]) => q.brokerName },
      { header: 'QID', value: (q) => q.queueId, align: 'right' },
      { header: 'OFFSET', value: (q) => q.offset, align: 'right' },
    ],
    r.queues,
    style,
  );
  return `${head}\n${table}`;
}
