// Views of updateStaticTopic: the plan (logic queues per broker, before -> after) and the result.
import type { LogicQueueMove, RemapStaticTopicPlan, RemapStaticTopicResult } from '../../admin/remapStaticTopic.js';

import type { StaticBrokerPlan, UpdateStaticTopicPlan, UpdateStaticTopicResult } from '../../admin/staticTopic.js';
import type { Style } from '../style.js';
import { renderTable } from '../table.js';

function ids(list: number[]): string {
  if (list.length === 0) return '-';
  const parts: string[] = [];
  let start = list[0]!;
  let prev = start;
  for (const x of [...list.slice(1), Number.NaN]) {
    if (x === prev + 1) {
      prev = x;
      continue;
    }
    parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = x;
    prev = x;
  }
  return parts.join(',');
}

async function planTable(brokers: StaticBrokerPlan[], style: Style, outcome?: (b: StaticBrokerPlan) => string): Promise<string> {
  return renderTable(
    [
      { header: 'BROKER', value: (b: StaticBrokerPlan) => b.brokerName },
      { header: 'ADDRESS', value: (b) => b.addr },
      { header: 'ACTION', value: (b) => b.action },
      { header: 'QUEUES (R/W)', value: (b) => `${b.before ? `${b.before.readQueueNums}/${b.before.writeQueueNums}` : '-'} -> ${b.after.readQueueNums}/${b.after.writeQueueNums}` },
      { header: 'LOGIC QUEUES', value: (b) => `${b.before ? ids(b.before.logicQueues) : '-'} -> ${ids(b.after.logicQueues)}` },
      { header: 'NEW', value: (b) => ids(b.added) },
      ...(outcome ? [{ header: 'RESULT', value: outcome, color: (t: string) => (t === 'ok' ? style.green(t) : style.red(t)) }] : []),
    ],
    brokers,
    style,
  );
}

function head(plan: UpdateStaticTopicPlan, style: Style): string {
  return `${style.bold('Static topic')} ${plan.topic}: ${plan.oldTotal} -> ${plan.totalQueues} logic queues, epoch ${plan.oldEpoch ?? '-'} -> ${plan.epoch}`;
}

export async function renderUpdateStaticTopicPlan(plan: UpdateStaticTopicPlan, style: Style): Promise<string> {
  if (plan.unchanged) return `${style.bold('Static topic')} ${plan.topic} already has ${plan.totalQueues} logic queues: nothing to do`;
  return [`${head(plan, style)} ${style.dim('(dry run: nothing was changed)')}`, '', await planTable(plan.brokers, style)].join('\n');
}

export async function renderUpdateStaticTopic(result: UpdateStaticTopicResult, style: Style): Promise<string> {
  const files: string[] = [];
  if (result.beforeFile) files.push(`The old mapping is in ${result.beforeFile}`);
  if (result.afterFile) files.push(`The new mapping is in ${result.afterFile}`);
  if (result.unchanged) return [`${style.bold('Static topic')} ${result.topic} already has ${result.totalQueues} logic queues: nothing to do`, ...files].join('\n');
  const outcome = (b: StaticBrokerPlan) => {
    const o = result.outcomes.find((x) => x.addr === b.addr);
    return o?.outcome === 'done' ? 'ok' : `failed: ${o?.error ?? ''}`;
  };
  return [head(result, style), '', await planTable(result.brokers, style, outcome), '', ...files].join('\n');
}

export async function renderRemapStaticTopic(result: RemapStaticTopicPlan | RemapStaticTopicResult, style: Style, dryRun: boolean): Promise<string> {
  const parts = [
    `${style.bold('Static topic')} ${result.topic}: ${result.totalQueues} logic queues, ${result.moves.length} to move, epoch ${result.oldEpoch} -> ${result.epoch}${dryRun ? ` ${style.dim('(dry run: nothing was changed)')}` : ''}`,
    '',
    await renderTable(
      [
        { header: 'BROKER', value: (l: RemapStaticTopicPlan['leaders'][number]) => l.brokerName },
        { header: 'LEADS', value: (l) => `${l.before} -> ${l.after}` },
        { header: 'ROLE', value: (l) => result.brokers.find((b) => b.brokerName === l.brokerName)?.role ?? '-' },
      ],
      result.leaders,
      style,
    ),
  ];
  if (result.moves.length > 0) {
    parts.push(
      '',
      await renderTable(
        [
          { header: 'LOGIC QUEUE', value: (m: LogicQueueMove) => m.logicQueue, align: 'right' as const },
          { header: 'FROM', value: (m) => m.from },
          { header: 'TO', value: (m) => m.to },
          { header: 'NEW QUEUE', value: (m) => m.queueId, align: 'right' as const },
          { header: 'GEN', value: (m) => m.gen, align: 'right' as const },
        ],
        result.moves,
        style,
      ),
    );
  } else parts.push('', style.dim('The logic queues are balanced already: only the epoch changes.'));
  if ('steps' in result) {
    parts.push(
      '',
      await renderTable(
        [
          { header: 'STEP', value: (s: RemapStaticTopicResult['steps'][number]) => s.step },
          { header: 'BROKERS', value: (s) => s.brokers.join(', ') },
          { header: 'RESULT', value: (s) => s.outcome, color: (t, s) => (s.outcome === 'done' ? style.green(t) : s.outcome === 'failed' ? style.red(t) : style.dim(t)) },
        ],
        result.steps,
        style,
      ),
      '',
      `The old mapping is in ${result.beforeFile}`,
      `The new mapping is in ${result.afterFile}`,
    );
  }
  return parts.join('\n');
}
