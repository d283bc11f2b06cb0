// Views of the cluster overview and broker statistics: results in, text out.

import type { BrokerOverview, BrokerStatusResult, ClusterOverview } from '../../admin/cluster.js';
import { formatFixed, formatInteger, formatPercent } from '../format.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable, type Column } from '../table.js';

const load = (tps: number | null, queue: number | null, waitMs: number | null): string =>
  tps === null ? '-' : `${formatFixed(tps)} (${queue ?? '-'}, ${waitMs ?? '-'}ms)`;

const identity: Column<BrokerOverview>[] = [
  { header: 'CLUSTER', value: (b) => b.cluster },
  { header: 'BROKER', value: (b) => b.brokerName },
  { header: 'BID', value: (b) => b.brokerId, align: 'right', color: (t, b, s) => (b.brokerId === 0 ? t : s.dim(t)) },
  { header: 'ADDRESS', value: (b) => b.addr },
];

export async function renderClusterOverview(result: ClusterOverview, style: Style, more = false): Promise<string> {
  if (result.brokers.length === 0) return style.dim('No brokers are registered with the NameServer.');
  const columns: Column<BrokerOverview>[] = more
    ? [
        ...identity,
        { header: 'IN YESTERDAY', value: (b) => formatInteger(b.inTotalYesterday), align: 'right' },
        { header: 'OUT YESTERDAY', value: (b) => formatInteger(b.outTotalYesterday), align: 'right' },
        { header: 'IN TODAY', value: (b) => formatInteger(b.inTotalToday), align: 'right' },
        { header: 'OUT TODAY', value: (b) => formatInteger(b.outTotalToday), align: 'right' },
      ]
    : [
        ...identity,
        {
          header: 'VERSION',
          value: (b) => (b.error ? 'unreachable' : b.version),
          color: (t, b, s) => (b.error ? s.red(t) : t),
        },
        { header: 'IN TPS (LOAD)', value: (b) => load(b.inTps, b.sendQueueSize, b.sendQueueHeadWaitMs), align: 'right' },
        { header: 'OUT TPS (LOAD)', value: (b) => load(b.outTps, b.pullQueueSize, b.pullQueueHeadWaitMs), align: 'right' },
        { header: 'PCWAIT(ms)', value: (b) => b.pageCacheLockTimeMs, align: 'right' },
        { header: 'HOURS', value: (b) => formatFixed(b.messageHours), align: 'right' },
        {
          header: 'DISK',
          value: (b) => formatPercent(b.diskRatio),
          align: 'right',
          color: (t, b, s) => (b.diskRatio !== null && b.diskRatio >= 0.85 ? s.red(t) : b.diskRatio !== null && b.diskRatio >= 0.75 ? s.yellow(t) : t),
        },
      ];
  return renderTable(columns, result.brokers, style);
}

export function renderBrokerStatus(result: BrokerStatusResult, style: Style): string {
  if (result.brokers.length === 1 && result.brokers[0]!.brokerName === undefined) {
    return renderKeyValues(Object.entries(result.brokers[0]!.stats), style);
  }
  return result.brokers
    .map((b) => {
      const title = `${style.bold(b.brokerName ?? b.addr)} ${style.dim(`${b.addr}${b.brokerId !== undefined ? ` id ${b.brokerId}` : ''}${b.cluster ? ` cluster ${b.cluster}` : ''}`)}`;
      return `${title}\n${renderKeyValues(Object.entries(b.stats), style, '  ')}`;
    })
    .join('\n\n');
}
