// Views of setConsumeMode and the cold data flow control commands: results in, text out.

import type { BrokerColdInfo, ColdDataFlowCtrInfoResult, ColdGroupChangeResult, RemoveColdGroupPlan } from '../../admin/coldData.js';
import type { BrokerOutcome, SetConsumeModeResult } from '../../admin/consumeMode.js';
import { formatInteger, formatTimestamp } from '../format.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable } from '../table.js';

const resultColumns = (style: Style) => [
  { header: 'BROKER', value: (b: BrokerOutcome) => `${b.brokerName}${b.brokerId === 0 ? '' : ` (id ${b.brokerId})`}` },
  { header: 'ADDRESS', value: (b: BrokerOutcome) => b.addr },
  { header: 'RESULT', value: (b: BrokerOutcome) => (b.outcome === 'done' ? 'ok' : `failed: ${b.error ?? ''}`), color: (t: string, b: BrokerOutcome) => (b.outcome === 'done' ? style.green(t) : style.red(t)) },
];

export async function renderSetConsumeMode(result: SetConsumeModeResult, style: Style): Promise<string> {
  const head = `${style.bold('Topic')} ${result.topic}  ${style.bold('group')} ${result.group}  ${style.bold('consume mode')} ${result.mode}  ${style.bold('popShareQueueNum')} ${result.popShareQueueNum}`;
  return [head, '', await renderTable(resultColumns(style), result.brokers, style)].join('\n');
}

const bytes = (n: number | undefined): string => (n === undefined ? '-' : `${formatInteger(n)} B`);

async function renderOne(b: BrokerColdInfo, style: Style): Promise<string> {
  const title = `${style.bold(b.brokerName)} ${b.addr}${b.brokerId === 0 ? '' : ` (slave, id ${b.brokerId})`}`;
  if (b.outcome === 'failed') return `${title}\n  ${style.red(`failed: ${b.error ?? ''}`)}`;
  const info = b.info;
  if (!info) return `${title}\n  ${style.dim('no cold data flow control table')}`;
  const parts = [
    title,
    renderKeyValues(
      [
        ['group threshold (default)', bytes(info.cgColdReadThreshold)],
        ['global threshold', bytes(info.globalColdReadThreshold)],
        ['global cold reads', bytes(info.globalAcc)],
      ],
      style,
      '  ',
    ),
  ];
  const groups = [...new Set([...Object.keys(info.configTable), ...Object.keys(info.runtimeTable)])].sort();
  if (groups.length === 0) parts.push(`  ${style.dim('no group has a threshold or cold reads')}`);
  else {
    const table = await renderTable(
      [
        { header: 'GROUP', value: (g: string) => g },
        { header: 'THRESHOLD', value: (g) => (g in info.configTable ? bytes(info.configTable[g]) : style.dim('default')), align: 'right' as const },
        { header: 'COLD READS', value: (g) => bytes(info.runtimeTable[g]?.coldAcc), align: 'right' as const },
        { header: 'SINCE', value: (g) => fmtTime(info.runtimeTable[g]?.createTimeMills) },
        { header: 'LAST COLD READ', value: (g) => fmtTime(info.runtimeTable[g]?.lastColdReadTimeMills) },
      ],
      groups,
      style,
    );
    parts.push(table.split('\n').map((l) => `  ${l}`).join('\n'));
  }
  return parts.join('\n');
}

function fmtTime(v: unknown): string {
  return typeof v === 'number' && v > 0 ? formatTimestamp(v) : '-';
}

export async function renderColdDataFlowCtrInfo(result: ColdDataFlowCtrInfoResult, style: Style): Promise<string> {
  const blocks: string[] = [];
  for (const b of result.brokers) blocks.push(await renderOne(b, style));
  return blocks.join('\n\n');
}

export async function renderColdGroupChange(result: ColdGroupChangeResult, style: Style): Promise<string> {
  const head =
    result.action === 'update'
      ? `${style.bold('Cold read threshold')} of ${result.group} set to ${bytes(result.threshold)}`
      : `${style.bold('Cold read threshold')} of ${result.group} removed (the broker default applies)`;
  return [head, '', await renderTable(resultColumns(style), result.brokers, style)].join('\n');
}

export function removeColdGroupQuestion(plan: RemoveColdGroupPlan): string {
  return `Remove the cold read threshold of ${plan.group} on ${plan.brokers.map((b) => b.addr).join(', ')}. Go ahead?`;
}

export async function renderRemoveColdGroupPlan(plan: RemoveColdGroupPlan, style: Style): Promise<string> {
  const table = await renderTable(
    [
      { header: 'BROKER', value: (r: RemoveColdGroupPlan['brokers'][number]) => r.brokerName },
      { header: 'ADDRESS', value: (r) => r.addr },
      {
        header: 'THRESHOLD NOW',
        value: (r) => {
          const t = plan.current.find((c) => c.addr === r.addr)?.threshold;
          return t === undefined ? style.dim('unreadable') : t === null ? style.dim('none (default)') : bytes(t);
        },
      },
    ],
    plan.brokers,
    style,
  );
  return [`${style.bold('Remove the cold read threshold of')} ${plan.group} ${style.dim('(dry run: nothing was changed)')}`, '', table].join('\n');
}
