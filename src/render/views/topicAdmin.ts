// Views of the topic, configuration and autoCreateTopic commands: results in, text out.

import type { AutoCreateResult, BrokerConfigResult, UpdateBrokerConfigResult } from '../../admin/brokerConfig.js';
import type { BrokerTopicPlan, DeleteTopicPlan, DeleteTopicResult, FieldChange, UpdateTopicPermPlan, UpdateTopicPermResult, TopicStatusResult, UpdateTopicPlan, UpdateTopicResult } from '../../admin/topics.js';
import type { ConsumerConfigResult, DeleteSubGroupPlan, DeleteSubGroupResult, UpdateSubGroupResult } from '../../admin/groups.js';
import type { KvChangeResult, KvReadResult, NamesrvConfigResult, UpdateNamesrvConfigResult, UpdateOrderConfResult, WritePermResult } from '../../admin/namesrvConfig.js';
import { permToString } from '../../protocol/perm.js';
import { formatInteger, formatTimestamp } from '../format.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable } from '../table.js';

const FIELD_LABEL: Record<FieldChange['field'], string> = {
  readQueueNums: 'read queues',
  writeQueueNums: 'write queues',
  perm: 'perm',
  order: 'order',
  topicSysFlag: 'sysflag',
  attributes: 'attributes',
};

function changeValue(field: FieldChange['field'], v: FieldChange['before']): string {
  if (v === null) return '-';
  if (field === 'perm' && typeof v === 'number') return `${v} (${permToString(v)})`;
  if (field === 'attributes') return v === '' ? '{}' : String(v);
  return String(v);
}

export function changesText(b: BrokerTopicPlan, style: Style): string {
  if (b.action === 'unchanged') return style.dim('no change');
  if (b.action === 'create') {
    const a = b.after;
    return `read ${a.readQueueNums}, write ${a.writeQueueNums}, perm ${a.perm} (${permToString(a.perm)})${a.order ? ', order' : ''}${a.topicSysFlag ? `, sysflag ${a.topicSysFlag}` : ''}`;
  }
  return b.changes
    .map((c) => {
      const text = `${FIELD_LABEL[c.field]} ${changeValue(c.field, c.before)} -> ${changeValue(c.field, c.after)}`;
      return c.lossy ? style.yellow(text) : text;
    })
    .join(', ');
}

/** The plan of `updateTopic`, for --dry-run and the confirmation question. */
export async function renderUpdateTopicPlan(plan: UpdateTopicPlan, style: Style): Promise<string> {
  const rows = plan.brokers;
  const table = await renderTable(
    [
      { header: 'BROKER', value: (b) => b.brokerName },
      { header: 'ADDRESS', value: (b) => b.addr },
      { header: 'ACTION', value: (b) => b.action },
      { header: 'CHANGES', value: (b) => changesText(b, style) },
    ],
    rows,
    style,
  );
  const parts = [`${style.bold('Topic')} ${plan.topic} ${style.dim('(dry run: nothing was changed)')}`, '', table];
  if (plan.orderConf !== null) parts.push('', `Order configuration on the NameServers: ${plan.orderConf}${plan.orderConfMerge ? ' (merged with the existing one)' : ''}`);
  return parts.join('\n');
}

export function lossyQuestion(plan: UpdateTopicPlan): string {
  const lossy = plan.brokers.flatMap((b) => b.changes.filter((c) => c.lossy).map((c) => `${b.brokerName}: ${FIELD_LABEL[c.field]} ${changeValue(c.field, c.before)} -> ${changeValue(c.field, c.after)}`));
  return `This removes queues or permissions of topic ${plan.topic} (${lossy.join('; ')}). Go ahead?`;
}

export async function renderUpdateTopic(result: UpdateTopicResult, style: Style): Promise<string> {
  const outcomeColor = (t: string, o: string, s: Style) => (o === 'failed' ? s.red(t) : o === 'unchanged' ? s.dim(t) : s.green(t));
  const table = await renderTable(
    [
      { header: 'BROKER', value: (b) => b.brokerName },
      { header: 'ADDRESS', value: (b) => b.addr },
      { header: 'RESULT', value: (b) => b.outcome, color: (t, b, s) => outcomeColor(t, b.outcome, s) },
      { header: 'CHANGES', value: (b) => (b.outcome === 'failed' ? b.error : changesText(b, style)) },
    ],
    result.brokers,
    style,
  );
  const parts = [`${style.bold('Topic')} ${result.topic}`, '', table];
  if (result.orderConf !== null) parts.push('', `Order configuration written to the NameServers: ${result.orderConf}`);
  return parts.join('\n');
}

export function deleteTopicQuestion(plan: DeleteTopicPlan): string {
  return `Delete topic ${plan.topic} from cluster ${plan.cluster} (${plan.brokers.map((b) => `${b.brokerName} ${b.addr}`).join(', ')}) and from the NameServers, with its messages and consumer offsets?`;
}

export function renderDeleteTopic(result: DeleteTopicResult, style: Style): string {
  const lines = [
    `Deleted topic ${result.topic} from ${result.deletedOn.length} of ${result.brokers.length} broker(s) of cluster ${result.cluster}${result.deletedOn.length ? ` (${result.deletedOn.join(', ')})` : ''}.`,
    `NameServers: ${result.namesrvsDone.length} of ${result.namesrvAddrs.length} removed the route${result.namesrvsDone.length ? ` (${result.namesrvsDone.join(', ')})` : ''}.`,
  ];
  lines.push(result.routeRemoved ? style.dim('The topic has no route any more.') : style.yellow('The topic still has a route (on another cluster, or a broker that failed).'));
  return lines.join('\n');
}

export async function renderTopicStatus(result: TopicStatusResult, style: Style): Promise<string> {
  if (result.queues.length === 0) return style.dim(`Topic ${result.topic} has no queues.`);
  const table = await renderTable(
    [
      { header: 'BROKER', value: (q) => q.brokerName },
      { header: 'QID', value: (q) => q.queueId, align: 'right' },
      { header: 'MIN OFFSET', value: (q) => formatInteger(q.minOffset), align: 'right' },
      { header: 'MAX OFFSET', value: (q) => formatInteger(q.maxOffset), align: 'right' },
      { header: 'LAST UPDATED', value: (q) => (q.lastUpdateTimestamp > 0 ? formatTimestamp(q.lastUpdateTimestamp) : '-') },
    ],
    result.queues,
    style,
  );
  const total = `${style.bold('Total')} ${result.queues.length} queues, ${formatInteger(result.totalMessages)} messages stored, ${formatInteger(result.totalMaxOffset)} written${result.lastUpdateTimestamp > 0 ? `, last at ${formatTimestamp(result.lastUpdateTimestamp)}` : ''}`;
  return `${table}\n\n${total}`;
}

export function renderBrokerConfigs(result: BrokerConfigResult, style: Style): string {
  return result.brokers
    .map((b) => {
      const title = `${style.bold(b.brokerName ?? b.addr)} ${style.dim(`${b.addr}${b.brokerId !== undefined ? ` id ${b.brokerId}` : ''}`)}`;
      const entries = Object.entries(b.config);
      return `${title}\n${entries.length ? renderKeyValues(entries, style, '  ') : style.dim('  no matching key')}`;
    })
    .join('\n\n');
}

export async function renderUpdateBrokerConfig(result: UpdateBrokerConfigResult, style: Style): Promise<string> {
  return renderTable(
    [
      { header: 'BROKER', value: (b) => b.brokerName },
      { header: 'ADDRESS', value: (b) => b.addr },
      { header: 'KEY', value: (b) => b.key },
      { header: 'BEFORE', value: (b) => b.before },
      { header: 'AFTER', value: (b) => b.after },
      {
        header: 'RESULT',
        value: (b) => (!b.taken ? 'not taken' : b.unchanged ? 'unchanged' : 'changed'),
        color: (t, b, s) => (!b.taken ? s.red(t) : b.unchanged ? s.dim(t) : s.green(t)),
      },
    ],
    result.brokers,
    style,
  );
}

export async function renderAutoCreate(result: AutoCreateResult, style: Style): Promise<string> {
  if (result.brokers.length === 0) return style.dim('No broker answered.');
  const table = await renderTable(
    [
      { header: 'BROKER', value: (b) => b.brokerName },
      { header: 'ADDRESS', value: (b) => b.addr },
      { header: 'AUTOCREATE', value: (b) => (b.enabled === null ? null : b.enabled ? 'on' : 'off') },
      { header: 'TBW102', value: (b) => (b.template ? `perm ${b.template.perm} (${permToString(b.template.perm)}), ${b.template.writeQueueNums} queues` : 'missing') },
      { header: 'ROUTE', value: (b) => (b.routePerm === null ? 'none' : `perm ${b.routePerm}`) },
      {
        header: 'WORKS',
        value: (b) => (b.effective ? 'yes' : 'no'),
        color: (t, b, s) => (b.effective ? s.green(t) : result.requested === false ? t : s.yellow(t)),
      },
    ],
    result.brokers,
    style,
  );
  const notes: string[] = [];
  for (const b of result.brokers) {
    for (const a of b.actions) notes.push(`${b.brokerName}: ${a}`);
    if (!b.effective && result.requested !== false) for (const p of b.problems) notes.push(style.dim(`${b.brokerName}: ${p}`));
  }
  if (result.requested === null && result.brokers.some((b) => !b.effective)) notes.push(style.dim('`mqadmin autoCreateTopic --enable` turns it on and repairs TBW102.'));
  if (result.requested === false) notes.push(style.dim('Existing topics are kept; sends to unknown topics are now refused (TOPIC_NOT_EXIST).'));
  return notes.length ? `${table}\n\n${notes.join('\n')}` : table;
}

export async function renderUpdateSubGroup(result: UpdateSubGroupResult, style: Style): Promise<string> {
  const describe = (b: UpdateSubGroupResult['brokers'][number]): string => {
    if (b.outcome === 'failed') return b.error ?? '';
    if (b.outcome === 'unchanged') return style.dim('no change');
    if (b.outcome === 'created' && b.changes.length === 0) return style.dim('Java defaults');
    return b.changes.map((c) => `${c.field} ${c.before === null ? '-' : String(c.before)} -> ${String(c.after)}`).join(', ');
  };
  const table = await renderTable(
    [
      { header: 'BROKER', value: (b) => b.brokerName },
      { header: 'ADDRESS', value: (b) => b.addr },
      { header: 'RESULT', value: (b) => b.outcome, color: (t, b, s) => (b.outcome === 'failed' ? s.red(t) : b.outcome === 'unchanged' ? s.dim(t) : s.green(t)) },
      { header: 'CHANGES', value: describe },
    ],
    result.brokers,
    style,
  );
  return `${style.bold('Group')} ${result.group}\n\n${table}`;
}

export function deleteSubGroupQuestion(plan: DeleteSubGroupPlan): string {
  const extra = plan.cluster !== null ? ` and its topics %RETRY%${plan.group} and %DLQ%${plan.group}` : '';
  return `Delete subscription group ${plan.group}${plan.removeOffset ? ' with its consumer offsets' : ''} from ${plan.brokers.map((b) => `${b.brokerName} ${b.addr}`).join(', ')}${extra}?`;
}

export function renderDeleteSubGroup(result: DeleteSubGroupResult, style: Style): string {
  const lines = [`Deleted subscription group ${result.group} from ${result.deletedOn.length} of ${result.brokers.length} broker(s)${result.deletedOn.length ? ` (${result.deletedOn.join(', ')})` : ''}${result.removeOffset ? ', offsets included' : ''}.`];
  for (const t of result.topics) lines.push(style.dim(`Deleted topic ${t.topic}${t.routeRemoved ? '' : ' (a route is left on another cluster)'}.`));
  return lines.join('\n');
}

export function renderConsumerConfig(result: ConsumerConfigResult, style: Style): string {
  const parts = result.brokers.map((b) => {
    const entries = Object.keys(b.config).sort().map((k) => [k, typeof b.config[k] === 'object' ? JSON.stringify(b.config[k]) : String(b.config[k])] as const);
    return `${style.bold(b.brokerName)} ${style.dim(`${b.addr} cluster ${b.cluster}`)}\n${renderKeyValues(entries, style, '  ')}`;
  });
  if (result.missingOn.length) parts.push(style.dim(`Not on: ${result.missingOn.join(', ')}`));
  return parts.join('\n\n');
}


// ---------------------------------------------------------------------------------------------
// updateTopicPerm

const permText = (p: number): string => `${p} (${permToString(p)})`;

export function topicPermQuestion(plan: UpdateTopicPermPlan): string {
  const lossy = plan.brokers.filter((b) => b.lossy).map((b) => `${b.brokerName}: ${permText(b.before)} -> ${permText(b.after)}`);
  return `This removes permissions of topic ${plan.topic} (${lossy.join('; ')}): producers or consumers of it stop. Go ahead?`;
}

export async function renderUpdateTopicPerm(result: UpdateTopicPermPlan | UpdateTopicPermResult, style: Style, dryRun = false): Promise<string> {
  const rows = result.brokers as Array<UpdateTopicPermResult['brokers'][number] | UpdateTopicPermPlan['brokers'][number]>;
  const outcome = (b: (typeof rows)[number]): string => ('outcome' in b ? b.outcome : b.action);
  const table = await renderTable(
    [
      { header: 'BROKER', value: (b) => b.brokerName },
      { header: 'ADDRESS', value: (b) => b.addr },
      { header: 'BEFORE', value: (b) => permText(b.before) },
      { header: 'AFTER', value: (b) => permText(b.after), color: (t, b, s) => (b.lossy && b.action === 'update' ? s.yellow(t) : t) },
      {
        header: dryRun ? 'ACTION' : 'RESULT',
        value: (b) => ('error' in b && b.error ? `failed: ${b.error}` : outcome(b)),
        color: (t, b, s) => (outcome(b) === 'failed' ? s.red(t) : outcome(b) === 'unchanged' ? s.dim(t) : s.green(t)),
      },
    ],
    rows,
    style,
  );
  const parts = [`${style.bold('Topic')} ${result.topic}${dryRun ? ` ${style.dim('(dry run: nothing was changed)')}` : ''}`, '', table];
  if (result.notOn.length) parts.push('', style.dim(`Not on: ${result.notOn.join(', ')} (the topic has no queues there; nothing sent)`));
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// NameServer configuration and KV config

export function renderNamesrvConfigs(result: NamesrvConfigResult, style: Style): string {
  return Object.entries(result.namesrvs)
    .map(([addr, config]) => {
      const entries = Object.entries(config);
      return `${style.bold(addr)}\n${entries.length ? renderKeyValues(entries, style, '  ') : style.dim('  no matching key')}`;
    })
    .join('\n\n');
}

export async function renderUpdateNamesrvConfig(result: UpdateNamesrvConfigResult, style: Style): Promise<string> {
  return renderTable(
    [
      { header: 'NAMESERVER', value: (n) => n.addr },
      { header: 'KEY', value: (n) => n.key },
      { header: 'BEFORE', value: (n) => n.before },
      { header: 'AFTER', value: (n) => n.after },
      {
        header: 'RESULT',
        value: (n) => (!n.taken ? 'not taken' : n.unchanged ? 'unchanged' : 'changed'),
        color: (t, n, s) => (!n.taken ? s.red(t) : n.unchanged ? s.dim(t) : s.green(t)),
      },
    ],
    result.namesrvs,
    style,
  );
}

export async function renderKvChange(result: KvChangeResult, style: Style): Promise<string> {
  const table = await renderTable(
    [
      { header: 'NAMESERVER', value: (n) => n.addr },
      { header: 'BEFORE', value: (n) => n.before },
      { header: 'AFTER', value: (n) => n.after },
      {
        header: 'RESULT',
        value: (n) => (n.outcome === 'failed' ? `failed: ${n.error ?? ''}` : n.outcome),
        color: (t, n, s) => (n.outcome === 'failed' ? s.red(t) : n.outcome === 'unchanged' || n.outcome === 'absent' ? s.dim(t) : s.green(t)),
      },
    ],
    result.namesrvs,
    style,
  );
  return `${style.bold('KV')} ${result.namespace} / ${result.key}\n\n${table}`;
}

export async function renderKvRead(result: KvReadResult, style: Style): Promise<string> {
  const table = await renderTable(
    [
      { header: 'NAMESERVER', value: (n) => n.addr },
      { header: 'VALUE', value: (n) => n.value },
    ],
    result.namesrvs,
    style,
  );
  const note = result.inconsistent ? `\n\n${style.yellow('The NameServers do not hold the same value.')}` : '';
  return `${style.bold('KV')} ${result.namespace} / ${result.key}\n\n${table}${note}`;
}

export async function renderUpdateOrderConf(result: UpdateOrderConfResult, style: Style): Promise<string> {
  const text = result.method === 'get' ? await renderKvRead(result, style) : await renderKvChange(result, style);
  return text.replace(/^\S+ ORDER_TOPIC_CONFIG \/ /, `${style.bold('Order configuration of topic')} `);
}

// ---------------------------------------------------------------------------------------------
// wipeWritePerm / addWritePerm

export function wipeWritePermQuestion(brokerName: string, addrs: readonly string[]): string {
  return `Remove the write permission of broker ${brokerName} on every NameServer (${addrs.join(', ')})? Producers stop sending to it until addWritePerm.`;
}

export async function renderWritePerm(result: WritePermResult, style: Style): Promise<string> {
  const table = await renderTable(
    [
      { header: 'NAMESERVER', value: (n) => n.addr },
      { header: result.action === 'wipe' ? 'WIPED TOPICS' : 'ADDED TOPICS', value: (n) => n.topicCount, align: 'right' },
    ],
    result.namesrvs,
    style,
  );
  const head = result.action === 'wipe' ? `Write permission of ${result.brokerName} removed on the NameServers` : `Write permission of ${result.brokerName} restored on the NameServers`;
  return `${style.bold(head)}\n\n${table}`;
}
