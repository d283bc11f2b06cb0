// Statistics bodies: BrokerStatsData (VIEW_BROKER_STATS_DATA, messages.md A.26),
// ConsumeStatsList (GET_BROKER_CONSUME_STATS, A.23) and ProducerTableInfo (GET_ALL_PRODUCER_INFO, A.26).

import { decodeConsumeStats, type ConsumeStats } from './consumer.js';
import { asNumber, asRecord, asString, optionalArray, optionalRecord, optionalString } from './fields.js';

/** One window of a broker statistics item: its sum, per-second rate, and average per call. */
export interface StatsWindow {
  sum: number;
  tps: number;
  /** The sum divided by the number of calls that made it (messages per request, for the NUMS items). */
  avgpt: number;
}

/** A statistics item seen over the last minute, hour and day (Java BrokerStatsData). */
export interface BrokerStatsData {
  statsMinute: StatsWindow;
  statsHour: StatsWindow;
  statsDay: StatsWindow;
}

function decodeWindow(value: unknown, path: string): StatsWindow {
  const r = optionalRecord(value, path);
  return { sum: asNumber(r.sum, `${path}.sum`, 0), tps: asNumber(r.tps, `${path}.tps`, 0), avgpt: asNumber(r.avgpt, `${path}.avgpt`, 0) };
}

export function decodeBrokerStatsData(value: unknown): BrokerStatsData {
  const r = asRecord(value, 'BrokerStatsData');
  return { statsMinute: decodeWindow(r.statsMinute, 'statsMinute'), statsHour: decodeWindow(r.statsHour, 'statsHour'), statsDay: decodeWindow(r.statsDay, 'statsDay') };
}

/**
 * The "24 hours" figure of the Java statsAll: the day's sum, else the hour's, else the minute's
 * (a real broker's day window fills one hour at a time, so a young item has only the others).
 */
export function sum24h(s: BrokerStatsData): number {
  if (s.statsDay.sum !== 0) return s.statsDay.sum;
  if (s.statsHour.sum !== 0) return s.statsHour.sum;
  return s.statsMinute.sum;
}

export interface GroupConsumeStats {
  group: string;
  /** One ConsumeStats per topic the group has offsets of. */
  stats: ConsumeStats[];
}

export interface ConsumeStatsList {
  brokerAddr: string;
  groups: GroupConsumeStats[];
  /** Sum of brokerOffset - consumerOffset over every queue, as the broker computed it. */
  totalDiff: number;
  /** 5.x only. */
  totalInflightDiff: number | null;
}

export function decodeConsumeStatsList(value: unknown): ConsumeStatsList {
  const r = asRecord(value, 'ConsumeStatsList');
  const groups: GroupConsumeStats[] = [];
  optionalArray(r.consumeStatsList, 'consumeStatsList').forEach((entry, i) => {
    const m = asRecord(entry, `consumeStatsList[${i}]`);
    for (const [group, list] of Object.entries(m)) {
      groups.push({ group, stats: optionalArray(list, `consumeStatsList[${i}].${group}`).map((cs) => decodeConsumeStats(cs)) });
    }
  });
  return {
    brokerAddr: optionalString(r.brokerAddr, 'brokerAddr') ?? '',
    groups,
    totalDiff: asNumber(r.totalDiff, 'totalDiff', 0),
    totalInflightDiff: r.totalInflightDiff === undefined || r.totalInflightDiff === null ? null : asNumber(r.totalInflightDiff, 'totalInflightDiff'),
  };
}

export interface ProducerInfo {
  clientId: string;
  /** As the broker saw the connection: `/127.0.0.1:45950` from Java brokers. */
  remoteIP: string;
  language: string;
  version: number;
  lastUpdateTimestamp: number;
}

export interface ProducerGroupInfo {
  group: string;
  producers: ProducerInfo[];
}

export function decodeProducerTableInfo(value: unknown): ProducerGroupInfo[] {
  const data = optionalRecord(asRecord(value, 'ProducerTableInfo').data, 'data');
  return Object.entries(data).map(([group, list]) => ({
    group,
    producers: optionalArray(list, `data.${group}`).map((p, i) => {
      const path = `data.${group}[${i}]`;
      const o = asRecord(p, path);
      return {
        clientId: asString(o.clientId, `${path}.clientId`),
        remoteIP: optionalString(o.remoteIP, `${path}.remoteIP`) ?? '',
        language: optionalString(o.language, `${path}.language`) ?? 'JAVA',
        version: asNumber(o.version, `${path}.version`, 0),
        lastUpdateTimestamp: asNumber(o.lastUpdateTimestamp, `${path}.lastUpdateTimestamp`, 0),
      };
    }),
  }));
}
