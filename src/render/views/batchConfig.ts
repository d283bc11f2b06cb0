// Views of updateTopicList, updateSubGroupList, setConsumeMode and the cold data flow control
// commands: results in, text out.

import type { GroupListRow, TopicListRow, UpdateSubGroupListPlan, UpdateSubGroupListResult, UpdateTopicListPlan, UpdateTopicListResult, BrokerGroupPlan } from '../../admin/batchConfig.js';
import type { BrokerTopicPlan } from '../../admin/topics.js';
import type { Style } from '../style.js';
import { renderTable } from '../table.js';
import { changesText } from './topicAdmin.js';

const outcomeColor = (t: string, o: string, s: Style) => (o === 'failed' ? s.red(t) : o === 'unchanged' ? s.dim(t) : s.green(t));

function viaText(via: 'batch' | 'single' | null, batchName: string, singleName: string): string {
  return via === 'batch' ? batchName : via === 'single' ? singleName : '-';
}

export async function renderUpdateTopicListPlan(plan: UpdateTopicListPlan, style: Style): Promise<string> {
  const rows: Array<BrokerTopicPlan & { topic: string }> = plan.topics.flatMap((t) => t.brokers.map((b) => ({ ...b, topic: t.topic })));
  const table = await renderTable(
    [
      { header: 'TOPIC', value: (r) => r.topic },
      { header: 'BROKER', value: (r) => r.brokerName },
      { header: 'ADDRESS', value: (r) => r.addr },
      { header: 'ACTION', value: (r) => r.action },
      { header: 'CHANGES', value: (r) => changesText(r, style) },
    ],
    rows,
    style,
  );
  return [`${style.bold('Topics of')} ${plan.file} ${style.dim('(dry run: nothing was changed)')}`, '', table].join('\n');
}

export function topicListLossyQuestion(plan: UpdateTopicListPlan): string {
  const lossy = plan.topics.filter((t) => t.lossy).map((t) => t.topic);
  return `This removes queues or permissions of ${lossy.length} topic(s) (${lossy.join(', ')}). Go ahead?`;
}

export async function renderUpdateTopicList(result: UpdateTopicListResult, style: Style): Promise<string> {
  const table = await renderTable(
    [
      { header: 'TOPIC', value: (r: TopicListRow) => r.topic },
      { header: 'BROKER', value: (r) => r.brokerName },
      { header: 'ADDRESS', value: (r) => r.addr },
      { header: 'RESULT', value: (r) => r.outcome, color: (t, r, s) => outcomeColor(t, r.outcome, s) },
      { header: 'SENT AS', value: (r) => viaText(r.via, 'list (18)', 'single (17)') },
      { header: 'CHANGES', value: (r) => (r.outcome === 'failed' ? (r.error ?? '') : changesText(r, style)) },
    ],
    result.rows,
    style,
  );
  return [`${style.bold('Topics of')} ${result.file}`, '', table].join('\n');
}

function groupChangesText(b: BrokerGroupPlan, style: Style): string {
  if (b.action === 'unchanged') return style.dim('no change');
  if (b.action === 'create' && b.changes.length === 0) return 'Java defaults';
  return b.changes
    .map((c) => {
      const text = b.action === 'create' ? `${c.field} ${JSON.stringify(c.after)}` : `${c.field} ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`;
      return c.lossy ? style.yellow(text) : text;
    })
    .join(', ');
}

export async function renderUpdateSubGroupListPlan(plan: UpdateSubGroupListPlan, style: Style): Promise<string> {
  const table = await renderTable(
    [
      { header: 'GROUP', value: (r: BrokerGroupPlan) => r.group },
      { header: 'BROKER', value: (r) => r.brokerName },
      { header: 'ADDRESS', value: (r) => r.addr },
      { header: 'ACTION', value: (r) => r.action },
      { header: 'CHANGES', value: (r) => groupChangesText(r, style) },
    ],
    plan.brokers,
    style,
  );
  return [`${style.bold('Groups of')} ${plan.file} ${style.dim('(dry run: nothing was changed)')}`, '', table].join('\n');
}

export function subGroupListLossyQuestion(plan: UpdateSubGroupListPlan): string {
  const groups = [...new Set(plan.brokers.filter((b) => b.changes.some((c) => c.lossy)).map((b) => b.group))];
  return `This stops consumption of ${groups.length} group(s) (${groups.join(', ')}: consumeEnable false). Go ahead?`;
}

export async function renderUpdateSubGroupList(result: UpdateSubGroupListResult, style: Style): Promise<string> {
  const table = await renderTable(
    [
      { header: 'GROUP', value: (r: GroupListRow) => r.group },
      { header: 'BROKER', value: (r) => r.brokerName },
      { header: 'ADDRESS', value: (r) => r.addr },
      { header: 'RESULT', value: (r) => r.outcome, color: (t, r, s) => outcomeColor(t, r.outcome, s) },
      { header: 'SENT AS', value: (r) => viaText(r.via, 'list (225)', 'single (200)') },
      { header: 'CHANGES', value: (r) => (r.outcome === 'failed' ? (r.error ?? '') : groupChangesText(r, style)) },
    ],
    result.rows,
    style,
  );
  return [`${style.bold('Groups of')} ${result.file}`, '', table].join('\n');
}
