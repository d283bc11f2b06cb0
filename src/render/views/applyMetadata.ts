// The view of applyMetadata: the plan (what is created, changed, only on the target) and the
// results per broker. Results in, text out.

import type { ApplyMetadataPlan, ApplyMetadataResult } from '../../admin/applyMetadata.js';
import type { BrokerGroupPlan } from '../../admin/batchConfig.js';
import type { BrokerTopicPlan } from '../../admin/topics.js';
import type { Style } from '../style.js';
import { renderTable } from '../table.js';
import { changesText } from './topicAdmin.js';

const outcomeColor = (t: string, o: string, s: Style) => (o === 'failed' ? s.red(t) : o === 'unchanged' ? s.dim(t) : s.green(t));

function groupChangesText(b: BrokerGroupPlan, style: Style): string {
  if (b.action === 'create' && b.changes.length === 0) return 'Java defaults';
  return b.changes
    .map((c) => {
      const text = b.action === 'create' ? `${c.field} ${JSON.stringify(c.after)}` : `${c.field} ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`;
      return c.lossy ? style.yellow(text) : text;
    })
    .join(', ');
}

function title(plan: ApplyMetadataPlan): string {
  const from = plan.source.kind === 'file' ? plan.source.name : `cluster ${plan.source.name}`;
  return `From ${from} to cluster ${plan.cluster}`;
}

const changedTopics = (plan: ApplyMetadataPlan) =>
  plan.topics.topics.flatMap((t) => t.brokers.filter((b) => b.action !== 'unchanged').map((b) => ({ ...b, topic: t.topic })));
const changedGroups = (plan: ApplyMetadataPlan) => plan.groups.brokers.filter((b) => b.action !== 'unchanged');

function onlyOnTargetText(plan: ApplyMetadataPlan, style: Style, done: boolean): string[] {
  const { topics, groups } = plan.onlyOnTarget;
  if (topics.length === 0 && groups.length === 0) return [];
  const what = [topics.length ? `topics ${topics.join(', ')}` : '', groups.length ? `groups ${groups.join(', ')}` : ''].filter(Boolean).join('; ');
  if (plan.prune) return [done ? '' : style.yellow(`Only on the target, to be deleted (--prune): ${what}`)].filter(Boolean);
  return [style.dim(`Only on the target, kept (--prune deletes them): ${what}`)];
}

/** The plan, for --dry-run and before the confirmation. */
export async function renderApplyMetadataPlan(plan: ApplyMetadataPlan, style: Style, dryRun: boolean): Promise<string> {
  const out = [`${style.bold(title(plan))}${dryRun ? ` ${style.dim('(dry run: nothing was changed)')}` : ''}`];
  const topics = changedTopics(plan);
  const groups = changedGroups(plan);
  if (topics.length > 0) {
    out.push(
      '',
      await renderTable(
        [
          { header: 'TOPIC', value: (r: BrokerTopicPlan & { topic: string }) => r.topic },
          { header: 'BROKER', value: (r) => r.brokerName },
          { header: 'ADDRESS', value: (r) => r.addr },
          { header: 'ACTION', value: (r) => r.action },
          { header: 'CHANGES', value: (r) => changesText(r, style) },
        ],
        topics,
        style,
      ),
    );
  }
  if (groups.length > 0) {
    out.push(
      '',
      await renderTable(
        [
          { header: 'GROUP', value: (r: BrokerGroupPlan) => r.group },
          { header: 'BROKER', value: (r) => r.brokerName },
          { header: 'ADDRESS', value: (r) => r.addr },
          { header: 'ACTION', value: (r) => r.action },
          { header: 'CHANGES', value: (r) => groupChangesText(r, style) },
        ],
        groups,
        style,
      ),
    );
  }
  const only = onlyOnTargetText(plan, style, false);
  if (only.length) out.push('', ...only);
  if (plan.empty) out.push('', 'Nothing to do: the target already matches.');
  if (!plan.attributesSupported) out.push(style.dim('(the target is not 5.x: topic attributes and 5.x group settings are not compared)'));
  return out.join('\n');
}

export function applyMetadataQuestion(plan: ApplyMetadataPlan): string {
  const t = new Set(changedTopics(plan).map((r) => r.topic)).size;
  const g = new Set(changedGroups(plan).map((r) => r.group)).size;
  const parts = [`create or change ${t} topic(s) and ${g} group(s) on cluster ${plan.cluster}`];
  if (plan.lossy) parts.push(`this loses something: ${plan.lossyItems.join(', ')}`);
  return `This will ${parts.join('; ')}. Go ahead?`;
}

/** The results per broker. */
export async function renderApplyMetadata(result: ApplyMetadataResult, style: Style): Promise<string> {
  const out = [style.bold(title(result.plan))];
  const topicRows = (result.topics?.rows ?? []).filter((r) => r.action !== 'unchanged');
  const groupRows = (result.groups?.rows ?? []).filter((r) => r.action !== 'unchanged');
  if (topicRows.length > 0) {
    out.push(
      '',
      await renderTable(
        [
          { header: 'TOPIC', value: (r: (typeof topicRows)[number]) => r.topic },
          { header: 'BROKER', value: (r) => r.brokerName },
          { header: 'ADDRESS', value: (r) => r.addr },
          { header: 'RESULT', value: (r) => r.outcome, color: (t, r, s) => outcomeColor(t, r.outcome, s) },
          { header: 'CHANGES', value: (r) => (r.outcome === 'failed' ? (r.error ?? '') : changesText(r, style)) },
        ],
        topicRows,
        style,
      ),
    );
  }
  if (groupRows.length > 0) {
    out.push(
      '',
      await renderTable(
        [
          { header: 'GROUP', value: (r: (typeof groupRows)[number]) => r.group },
          { header: 'BROKER', value: (r) => r.brokerName },
          { header: 'ADDRESS', value: (r) => r.addr },
          { header: 'RESULT', value: (r) => r.outcome, color: (t, r, s) => outcomeColor(t, r.outcome, s) },
          { header: 'CHANGES', value: (r) => (r.outcome === 'failed' ? (r.error ?? '') : groupChangesText(r, style)) },
        ],
        groupRows,
        style,
      ),
    );
  }
  if (result.deleted.length > 0) {
    out.push(
      '',
      await renderTable(
        [
          { header: 'DELETED', value: (r: ApplyMetadataResult['deleted'][number]) => r.kind },
          { header: 'NAME', value: (r) => r.name },
          { header: 'RESULT', value: (r) => (r.ok ? 'deleted' : 'failed'), color: (t, r, s) => outcomeColor(t, r.ok ? 'deleted' : 'failed', s) },
          { header: 'ERROR', value: (r) => r.error ?? '' },
        ],
        result.deleted,
        style,
      ),
    );
  }
  const only = onlyOnTargetText(result.plan, style, true);
  if (only.length) out.push('', ...only);
  if (result.plan.empty) out.push('', 'Nothing to do: the target already matches.');
  return out.join('\n');
}
