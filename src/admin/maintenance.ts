// Broker maintenance (admin-commands.md §4): the store housekeeping triggers (cleanExpiredCQ,
// deleteExpiredCommitLog, cleanUnusedTopic), reading a consume queue (queryCq), a slave's master
// flush offset (resetMasterFlushOffset), the commit log's read-ahead mode
// (setCommitLogReadAheadMode), and a broker container's addBroker / removeBroker. Nothing here
// prints; every function returns data, the failures of a fan-out kept apart.

import { requestCodeName, ResponseCode } from '../protocol/codes.js';
import { ResponseError } from '../protocol/errors.js';
import type { ConsumeQueueEntry } from '../protocol/bodies/consumeQueue.js';
import { MASTER_ID, sortedBrokerIds } from '../protocol/bodies/route.js';
import type { ClusterInfo } from '../protocol/bodies/cluster.js';
import { viewMessageById } from '../protocol/requests/message.js';
import {
  addBroker as addBrokerRequest,
  cleanExpiredConsumeQueue,
  cleanUnusedTopic,
  deleteExpiredCommitLog,
  queryConsumeQueue,
  removeBroker as removeBrokerRequest,
  resetMasterFlushOffset as resetMasterFlushOffsetRequest,
  setCommitLogReadMode,
  type BrokerIdentity,
} from '../protocol/requests/maintenance.js';
import type { RequestDefinition } from '../protocol/requests/define.js';
import { validateAddress } from './addresses.js';
import { listBrokerAddresses, type BrokerAddress } from './cluster.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, UnavailableOnServerError, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { onBroker } from './stats.js';
import { brokerTargets } from './targets.js';

/** A broker address, with its place in the cluster table when the table names it. */
export type MaintenanceTarget = Partial<BrokerAddress> & { addr: string };

/** A broker that answers a request code with REQUEST_CODE_NOT_SUPPORTED cannot do it: exit 3. */
function notSupported(err: unknown, addr: string, what: string, remedy?: string): unknown {
  if (!(err instanceof ResponseError) || err.code !== ResponseCode.REQUEST_CODE_NOT_SUPPORTED) return err;
  const said = err.remark?.trim() ? ` ("${err.remark.trim()}")` : '';
  return new UnavailableOnServerError(`${addr} cannot ${what}: it answered ${requestCodeName(err.requestCode)} with REQUEST_CODE_NOT_SUPPORTED${said}`, addr, 'not-supported', remedy, { cause: err });
}

function clusterNotFound(info: ClusterInfo, cluster: string): NotFoundError {
  const known = Object.keys(info.clusterAddrTable).sort();
  return new NotFoundError(`cluster "${cluster}" not found`, known.length ? `known clusters: ${known.join(', ')}` : 'the NameServer knows no cluster');
}

/** What the cluster table says about one address (nothing when it cannot be read or has no such broker). */
async function describeAddr(admin: MQAdmin, addr: string): Promise<MaintenanceTarget> {
  try {
    const known = listBrokerAddresses(await admin.examineClusterInfo()).find((b) => b.addr === addr);
    return known ?? { addr };
  } catch {
    return { addr };
  }
}

// ---------------------------------------------------------------------------------------------
// cleanExpiredCQ, deleteExpiredCommitLog, cleanUnusedTopic

export type HousekeepingAction = 'cleanExpiredCQ' | 'deleteExpiredCommitLog' | 'cleanUnusedTopic';

const HOUSEKEEPING: Record<HousekeepingAction, { request: RequestDefinition<void, void>; what: string }> = {
  cleanExpiredCQ: { request: cleanExpiredConsumeQueue, what: 'clean expired consume queues' },
  deleteExpiredCommitLog: { request: deleteExpiredCommitLog, what: 'delete expired commit-log files' },
  cleanUnusedTopic: { request: cleanUnusedTopic, what: 'clean the consume queues of unused topics' },
};

/** What the broker does for each action, for the plan and the result. */
export const HOUSEKEEPING_EFFECT: Record<HousekeepingAction, string> = {
  cleanExpiredCQ: 'consume queues whose messages have all left the commit log are destroyed',
  deleteExpiredCommitLog: 'commit-log files past the retention time are deleted now (20 rounds), whatever the time of day',
  cleanUnusedTopic: 'consume-queue directories of topics the broker has no config for are deleted',
};

export interface HousekeepingPlan {
  action: HousekeepingAction;
  /** -b: one broker; -c: every broker of the cluster; neither: every broker of every cluster. */
  scope: { brokerAddr?: string; cluster?: string };
  targets: MaintenanceTarget[];
}

export interface HousekeepingRow extends MaintenanceTarget {
  /** The broker answered SUCCESS (the Java tool's `success`/`true`). */
  done: boolean;
  error?: string;
}

export interface HousekeepingResult extends HousekeepingPlan {
  brokers: HousekeepingRow[];
  failures: TargetFailure[];
}

/** The Java targets: `-b` that address; `-c C` every address of C, masters and slaves; neither, every address. */
export async function planHousekeeping(admin: MQAdmin, action: HousekeepingAction, scope: { brokerAddr?: string; cluster?: string }): Promise<HousekeepingPlan> {
  if (scope.brokerAddr !== undefined) {
    const addr = validateAddress(scope.brokerAddr, 'broker');
    return { action, scope, targets: [await describeAddr(admin, addr)] };
  }
  const info = await admin.examineClusterInfo();
  if (scope.cluster !== undefined && !(scope.cluster in info.clusterAddrTable)) throw clusterNotFound(info, scope.cluster);
  const targets = listBrokerAddresses(info, scope.cluster);
  if (targets.length === 0) throw new NotFoundError(scope.cluster !== undefined ? `cluster "${scope.cluster}" has no broker` : 'the NameServer knows no broker');
  return { action, scope, targets };
}

/**
 * Sends the action's request to every target. A single `-b` broker's failure is thrown (its own
 * exit code); across several brokers the failures are kept next to the others' results.
 */
export async function applyHousekeeping(admin: MQAdmin, plan: HousekeepingPlan): Promise<HousekeepingResult> {
  const { request, what } = HOUSEKEEPING[plan.action];
  const send = (addr: string) => admin.call(addr, request, undefined).catch((err: unknown) => Promise.reject(notSupported(err, addr, what)));
  if (plan.scope.brokerAddr !== undefined) {
    const t = plan.targets[0]!;
    await onBroker(admin, t.addr, send);
    return { ...plan, brokers: [{ ...t, done: true }], failures: [] };
  }
  const settled = await admin.fanOut(plan.targets, (t) => send(t.addr));
  const brokers: HousekeepingRow[] = [];
  const failures: TargetFailure[] = [];
  plan.targets.forEach((t, i) => {
    const r = settled[i]!;
    if (r.ok) brokers.push({ ...t, done: true });
    else {
      const f = toTargetFailure(t.addr, r.error);
      failures.push(f);
      brokers.push({ ...t, done: false, error: f.error });
    }
  });
  return { ...plan, brokers, failures };
}

// ---------------------------------------------------------------------------------------------
// queryCq

export interface QueryCqOptions {
  topic: string;
  queueId: number;
  index: number;
  /** Entries to read (Java default 10). */
  count: number;
  /** The broker to ask; default the master of the route's first broker (by name). */
  brokerAddr?: string;
  consumerGroup?: string;
  /** Look each entry's message up for its store time (VIEW_MESSAGE_BY_ID by commit-log offset). */
  storeTime?: boolean;
}

export interface CqEntryRow extends ConsumeQueueEntry {
  /** The consume-queue index of the entry. */
  index: number;
  /** When the message was stored (ms), from the commit log; null when it could not be read. */
  storeTimestamp: number | null;
}

export interface QueryCqResult {
  topic: string;
  queueId: number;
  brokerAddr: string;
  brokerName: string | null;
  /** The queue's index range; null when the broker sent no body (the index is past the end). */
  minQueueIndex: number | null;
  maxQueueIndex: number | null;
  entries: CqEntryRow[];
  subscriptionData: unknown;
  filterData: string | null;
  /** What the broker said when it sent no entries ("Index 9 of 0@T is not exist!"). */
  remark: string | null;
  /** Why store times are missing, when some are. */
  storeTimeError: string | null;
}

const QUEUE_NOT_EXIST = /is not exist!?$/;

export async function queryCq(admin: MQAdmin, o: QueryCqOptions): Promise<QueryCqResult> {
  if (!Number.isInteger(o.queueId) || o.queueId < 0) throw new InvalidArgumentError(`queue id ${o.queueId} is not a queue number`, 'give -q 0 or more');
  if (!Number.isInteger(o.index) || o.index < 0) throw new InvalidArgumentError(`index ${o.index} is not a consume-queue index`, 'give -i 0 or more');
  if (!Number.isInteger(o.count) || o.count < 1) throw new InvalidArgumentError(`count ${o.count} must be 1 or more`);
  let addr: string;
  let brokerName: string | null = null;
  if (o.brokerAddr !== undefined) {
    addr = validateAddress(o.brokerAddr, 'broker');
  } else {
    const route = await admin.examineTopicRoute(o.topic);
    const first = brokerTargets(route)[0];
    if (!first) throw new NotFoundError(`topic "${o.topic}" has no broker in its route`);
    addr = first.addrs[0]!;
    brokerName = first.brokerName;
  }
  const args = { topic: o.topic, queueId: o.queueId, index: o.index, count: o.count, consumerGroup: o.consumerGroup };
  let answer;
  try {
    answer = await onBroker(admin, addr, (a) => admin.call(a, queryConsumeQueue, args));
  } catch (err) {
    if (err instanceof ResponseError && err.code === ResponseCode.SYSTEM_ERROR && QUEUE_NOT_EXIST.test(err.remark?.trim() ?? '')) {
      throw new NotFoundError(`queue ${o.queueId} of topic "${o.topic}" not found on ${addr}: ${err.remark!.trim()}`, 'see the queues with `mqadmin topicStatus -t ' + o.topic + '`', { cause: err });
    }
    throw notSupported(err, addr, 'read consume queues');
  }
  if (brokerName === null) brokerName = (await describeAddr(admin, addr)).brokerName ?? null;
  const body = answer.body;
  const entries: CqEntryRow[] = (body?.entries ?? []).map((e, i) => ({ ...e, index: o.index + i, storeTimestamp: null }));
  let storeTimeError: string | null = null;
  if (o.storeTime !== false && entries.length > 0) {
    const looked = await admin.fanOut(entries, (e) => admin.call(addr, viewMessageById, { offset: e.physicOffset, topic: o.topic }));
    looked.forEach((r, i) => {
      if (r.ok) entries[i]!.storeTimestamp = r.value.storeTimestamp;
      else storeTimeError ??= r.error instanceof Error ? r.error.message : String(r.error);
    });
  }
  return {
    topic: o.topic,
    queueId: o.queueId,
    brokerAddr: addr,
    brokerName,
    minQueueIndex: body?.minQueueIndex ?? null,
    maxQueueIndex: body?.maxQueueIndex ?? null,
    entries,
    subscriptionData: body?.subscriptionData ?? null,
    filterData: body?.filterData ?? null,
    remark: body ? null : answer.remark,
    storeTimeError,
  };
}

// ---------------------------------------------------------------------------------------------
// resetMasterFlushOffset

export interface ResetMasterFlushOffsetResult extends MaintenanceTarget {
  masterFlushOffset: string;
}

/**
 * RESET_MASTER_FLUSH_OFFSET to one broker. Only a slave applies it (a master answers SUCCESS and
 * ignores it): a broker the cluster table names as a master is refused before anything is sent.
 */
export async function planResetMasterFlushOffset(admin: MQAdmin, brokerAddr: string, offset: string): Promise<ResetMasterFlushOffsetResult> {
  const addr = validateAddress(brokerAddr, 'broker');
  if (!/^\d+$/.test(offset) || BigInt(offset) > 9223372036854775807n) throw new InvalidArgumentError(`offset "${offset}" is not a commit-log offset`, 'give -o a number, 0 or more');
  const target = await describeAddr(admin, addr);
  if (target.brokerId === 0) {
    throw new UnavailableOnServerError(
      `${addr} (${target.brokerName}) is a master: it ignores RESET_MASTER_FLUSH_OFFSET, only a slave applies it`,
      addr,
      'master',
      'give -b the address of a slave of that broker (see `mqadmin clusterList`)',
    );
  }
  return { ...target, masterFlushOffset: BigInt(offset).toString() };
}

export async function resetMasterFlushOffset(admin: MQAdmin, plan: ResetMasterFlushOffsetResult): Promise<ResetMasterFlushOffsetResult> {
  await onBroker(admin, plan.addr, (a) =>
    admin.call(a, resetMasterFlushOffsetRequest, { masterFlushOffset: BigInt(plan.masterFlushOffset) }).catch((err: unknown) => Promise.reject(notSupported(err, a, 'reset the master flush offset (a 5.x slave can)'))),
  );
  return plan;
}

// ---------------------------------------------------------------------------------------------
// setCommitLogReadAheadMode

export type ReadAheadMode = '0' | '1';

export interface ReadAheadRow extends MaintenanceTarget {
  /** For -c: the address of the master this slave follows. */
  master?: string;
  done: boolean;
  /** The broker's remark ("set commitlog readahead mode success, mode: 0"). */
  remark: string | null;
  error?: string;
}

export interface ReadAheadResult {
  mode: ReadAheadMode;
  brokers: ReadAheadRow[];
  failures: TargetFailure[];
}

export async function setCommitLogReadAheadMode(admin: MQAdmin, scope: { brokerAddr?: string; cluster?: string }, mode: string): Promise<ReadAheadResult> {
  if (mode !== '0' && mode !== '1') throw new InvalidArgumentError(`read-ahead mode "${mode}" is not 0 or 1`, '0 is normal read-ahead (the default), 1 random read (MADV_RANDOM)');
  const send = (addr: string) => admin.call(addr, setCommitLogReadMode, { mode }).catch((err: unknown) => Promise.reject(notSupported(err, addr, 'set the commit-log read-ahead mode (5.x brokers can)')));
  if (scope.brokerAddr !== undefined) {
    const addr = validateAddress(scope.brokerAddr, 'broker');
    const remark = await onBroker(admin, addr, send);
    return { mode, brokers: [{ ...(await describeAddr(admin, addr)), done: true, remark }], failures: [] };
  }
  const info = await admin.examineClusterInfo();
  if (scope.cluster === undefined || !(scope.cluster in info.clusterAddrTable)) throw clusterNotFound(info, scope.cluster ?? '');
  // Every broker of the cluster that has a master: the master, then its slaves (Java fetchMasterAndSlaveDistinguish).
  const targets: Array<MaintenanceTarget & { master?: string }> = [];
  for (const name of [...new Set(info.clusterAddrTable[scope.cluster])].sort()) {
    const data = info.brokerAddrTable[name];
    const master = data?.brokerAddrs[MASTER_ID];
    if (!data || master === undefined) continue;
    for (const id of sortedBrokerIds(data)) {
      const addr = data.brokerAddrs[id]!;
      targets.push({ cluster: scope.cluster, brokerName: name, brokerId: Number(id), addr, ...(id === MASTER_ID ? {} : { master }) });
    }
  }
  if (targets.length === 0) throw new NotFoundError(`cluster "${scope.cluster}" has no master`);
  const settled = await admin.fanOut(targets, (t) => send(t.addr));
  const brokers: ReadAheadRow[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (r.ok) brokers.push({ ...t, done: true, remark: r.value });
    else {
      const f = toTargetFailure(t.addr, r.error);
      failures.push(f);
      brokers.push({ ...t, done: false, remark: null, error: f.error });
    }
  });
  return { mode, brokers, failures };
}

// ---------------------------------------------------------------------------------------------
// addBroker, removeBroker (broker containers)

/** 5.x BROKER_NOT_EXIST (211; 4.x used the number for UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED). */
const BROKER_NOT_EXIST = 211;

const CONTAINER_REMEDY = 'give -c the address of a broker container (mqbrokercontainer, remoting port 10811 by default), not of a broker';

function containerError(err: unknown, addr: string): unknown {
  if (err instanceof ResponseError && err.code === ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
    const said = err.remark?.trim() ? ` ("${err.remark.trim()}")` : '';
    return new UnavailableOnServerError(`${addr} is not a broker container: it answered ${requestCodeName(err.requestCode)} with REQUEST_CODE_NOT_SUPPORTED${said}`, addr, 'not-a-container', CONTAINER_REMEDY, { cause: err });
  }
  return err;
}

export interface AddBrokerResult {
  containerAddr: string;
  configPath: string;
}

export async function addBrokerToContainer(admin: MQAdmin, containerAddr: string, configPath: string): Promise<AddBrokerResult> {
  const addr = validateAddress(containerAddr, 'broker container');
  if (configPath.trim() === '') throw new InvalidArgumentError('the broker config path is empty', "give -b the path of the broker's properties file on the container's host");
  try {
    await admin.call(addr, addBrokerRequest, { configPath });
  } catch (err) {
    throw containerError(err, addr);
  }
  return { containerAddr: addr, configPath };
}

/** `clusterName:brokerName:brokerId` (the Java `-b` of removeBroker). */
export function parseBrokerIdentity(text: string): BrokerIdentity {
  const parts = text.split(':');
  if (parts.length !== 3 || parts.some((p) => p.trim() === '')) {
    throw new InvalidArgumentError(`broker identity "${text}" is not clusterName:brokerName:brokerId`, 'e.g. -b DefaultCluster:broker-a:0');
  }
  const [cluster, name, id] = parts.map((p) => p.trim()) as [string, string, string];
  if (!/^-?\d+$/.test(id)) throw new InvalidArgumentError(`broker id "${id}" is not a number`, 'e.g. -b DefaultCluster:broker-a:0');
  const brokerId = Number(id);
  if (brokerId < 0) throw new InvalidArgumentError("brokerId can't be negative", 'e.g. -b DefaultCluster:broker-a:0');
  return { brokerClusterName: cluster, brokerName: name, brokerId };
}

export interface RemoveBrokerPlan extends BrokerIdentity {
  containerAddr: string;
}

export function planRemoveBroker(containerAddr: string, identity: string): RemoveBrokerPlan {
  return { containerAddr: validateAddress(containerAddr, 'broker container'), ...parseBrokerIdentity(identity) };
}

export async function removeBrokerFromContainer(admin: MQAdmin, plan: RemoveBrokerPlan): Promise<RemoveBrokerPlan> {
  const { containerAddr, ...identity } = plan;
  try {
    await admin.call(containerAddr, removeBrokerRequest, identity);
  } catch (err) {
    if (err instanceof ResponseError && err.code === BROKER_NOT_EXIST) {
      throw new NotFoundError(`the container ${containerAddr} has no broker ${plan.brokerClusterName}:${plan.brokerName}:${plan.brokerId}`, 'check the identity: clusterName:brokerName:brokerId', { cause: err });
    }
    throw containerError(err, containerAddr);
  }
  return plan;
}
