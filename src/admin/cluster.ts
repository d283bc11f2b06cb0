// Cluster overview (`clusterList`) and broker statistics (`brokerStatus`): the NameServer's
// cluster table, then GET_BROKER_RUNTIME_INFO from every broker address in parallel
// (behaviours.md §7). A broker that does not answer becomes a failure beside the others' rows.

import type { ClusterInfo } from '../protocol/bodies/cluster.js';
import { sortedBrokerIds } from '../protocol/bodies/route.js';
import { validateAddress } from './addresses.js';
import { NotFoundError, toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';

export interface BrokerAddress {
  cluster: string;
  brokerName: string;
  /** 0 for the master, >= 1 for slaves. */
  brokerId: number;
  addr: string;
}

export interface BrokerOverview extends BrokerAddress {
  /** `brokerVersionDesc`, e.g. V4_9_8 or V5_3_3. */
  version: string | null;
  /** Messages put per second over the last 10 s (first figure of `putTps`). */
  inTps: number | null;
  /** Messages transferred to consumers per second over the last 10 s. */
  outTps: number | null;
  sendQueueSize: number | null;
  sendQueueHeadWaitMs: number | null;
  pullQueueSize: number | null;
  pullQueueHeadWaitMs: number | null;
  pageCacheLockTimeMs: number | null;
  /** Store time of the oldest message still on disk; null when the broker holds none. */
  earliestMessageTime: number | null;
  /** Hours of messages the commit log holds (now - earliestMessageTime). */
  messageHours: number | null;
  /** Fraction of the commit-log disk in use, 0..1. */
  diskRatio: number | null;
  inTotalYesterday: number | null;
  outTotalYesterday: number | null;
  inTotalToday: number | null;
  outTotalToday: number | null;
  /** Set when the broker did not answer; the other fields are then null. */
  error?: string;
}

export interface ClusterOverview {
  /** cluster name -> broker names, both sorted. */
  clusters: Record<string, string[]>;
  brokers: BrokerOverview[];
  failures: TargetFailure[];
}

/** Every broker address of the cluster table (masters and slaves), sorted by cluster, name, id. */
export function listBrokerAddresses(info: ClusterInfo, cluster?: string): BrokerAddress[] {
  const out: BrokerAddress[] = [];
  for (const clusterName of Object.keys(info.clusterAddrTable).sort()) {
    if (cluster !== undefined && clusterName !== cluster) continue;
    for (const brokerName of [...new Set(info.clusterAddrTable[clusterName])].sort()) {
      const data = info.brokerAddrTable[brokerName];
      if (!data) continue;
      for (const id of sortedBrokerIds(data)) {
        out.push({ cluster: clusterName, brokerName, brokerId: Number(id), addr: data.brokerAddrs[id]! });
      }
    }
  }
  return out;
}

export async function clusterOverview(admin: MQAdmin, now: () => number = Date.now): Promise<ClusterOverview> {
  const info = await admin.examineClusterInfo();
  const targets = listBrokerAddresses(info);
  const settled = await admin.fanOut(targets, (t) => admin.fetchBrokerRuntimeStats(t.addr));
  const failures: TargetFailure[] = [];
  const brokers = targets.map((target, i) => {
    const result = settled[i]!;
    if (result.ok) return overviewFromStats(target, result.value, now());
    const failure = toTargetFailure(target.addr, result.error);
    failures.push(failure);
    return { ...overviewFromStats(target, {}, now()), error: failure.error };
  });
  const clusters: Record<string, string[]> = {};
  for (const name of Object.keys(info.clusterAddrTable).sort()) clusters[name] = [...new Set(info.clusterAddrTable[name])].sort();
  return { clusters, brokers, failures };
}

/** The figures the Java `clusterList` prints, read from a GET_BROKER_RUNTIME_INFO table. */
export function overviewFromStats(target: BrokerAddress, stats: Record<string, string>, now: number): BrokerOverview {
  const earliest = num(stats.earliestMessageTimeStamp);
  const putNow = num(stats.msgPutTotalTodayNow);
  const putMorning = num(stats.msgPutTotalTodayMorning);
  const putYesterday = num(stats.msgPutTotalYesterdayMorning);
  const getNow = num(stats.msgGetTotalTodayNow);
  const getMorning = num(stats.msgGetTotalTodayMorning);
  const getYesterday = num(stats.msgGetTotalYesterdayMorning);
  const validEarliest = earliest !== null && earliest > 0 ? earliest : null;
  return {
    ...target,
    version: stats.brokerVersionDesc ?? null,
    inTps: firstFigure(stats.putTps),
    // 4.9.x spells it `getTransferedTps`; 5.x fixed the spelling.
    outTps: firstFigure(stats.getTransferredTps ?? stats.getTransferedTps),
    sendQueueSize: num(stats.sendThreadPoolQueueSize),
    sendQueueHeadWaitMs: num(stats.sendThreadPoolQueueHeadWaitTimeMills),
    pullQueueSize: num(stats.pullThreadPoolQueueSize),
    pullQueueHeadWaitMs: num(stats.pullThreadPoolQueueHeadWaitTimeMills),
    pageCacheLockTimeMs: num(stats.pageCacheLockTimeMills),
    earliestMessageTime: validEarliest,
    messageHours: validEarliest !== null ? Math.max(0, now - validEarliest) / 3_600_000 : null,
    diskRatio: num(stats.commitLogDiskRatio),
    inTotalYesterday: diff(putMorning, putYesterday),
    outTotalYesterday: diff(getMorning, getYesterday),
    inTotalToday: diff(putNow, putMorning),
    outTotalToday: diff(getNow, getMorning),
  };
}

export interface BrokerStatus extends Partial<BrokerAddress> {
  addr: string;
  stats: Record<string, string>;
}

export interface BrokerStatusResult {
  brokers: BrokerStatus[];
  failures: TargetFailure[];
}

/** Runtime statistics of one broker (`-b`) or of every broker of a cluster (`-c`). */
export async function brokerStatus(admin: MQAdmin, target: { brokerAddr?: string; cluster?: string }): Promise<BrokerStatusResult> {
  let targets: Array<Partial<BrokerAddress> & { addr: string }>;
  if (target.brokerAddr !== undefined) {
    targets = [{ addr: validateAddress(target.brokerAddr, 'broker') }];
  } else if (target.cluster !== undefined) {
    const info = await admin.examineClusterInfo();
    if (!(target.cluster in info.clusterAddrTable)) {
      const known = Object.keys(info.clusterAddrTable).sort();
      throw new NotFoundError(`cluster "${target.cluster}" not found`, known.length ? `known clusters: ${known.join(', ')}` : 'the NameServer knows no cluster');
    }
    targets = listBrokerAddresses(info, target.cluster);
  } else {
    throw new Error('brokerStatus needs a broker address or a cluster');
  }
  const settled = await admin.fanOut(targets, (t) => admin.fetchBrokerRuntimeStats(t.addr));
  const brokers: BrokerStatus[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (r.ok) brokers.push({ ...t, stats: sortKeys(r.value) });
    else failures.push(toTargetFailure(t.addr, r.error));
  });
  return { brokers, failures };
}

function sortKeys(table: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(table).sort()) out[key] = table[key]!;
  return out;
}

function num(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value.trim());
  return value.trim() !== '' && Number.isFinite(n) ? n : null;
}

/**
 * TPS values are "last10s last1min last10min". A broker that has no samples yet sends blanks,
 * which the Java tool prints as 0.00; only a missing key means "unknown".
 */
function firstFigure(value: string | undefined): number | null {
  if (value === undefined) return null;
  const first = value.trim().split(/\s+/)[0]!;
  return first === '' ? 0 : num(first);
}

function diff(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}
