// HA and controller (5.x; admin-commands.md §5, ha.md): the replication state of masters and
// slaves (GET_BROKER_HA_STATUS), the epoch caches of controller-mode brokers, and the
// controller's view (metadata, sync-state sets, config, elections, broker metadata clean-up).
// The controller address is -a, else, as §5.2 and the Java brokers find it, the NameServer's
// embedded controller (enableControllerInNamesrv + controllerDLegerPeers), else a master's
// `controllerAddr` (enableControllerMode). A cluster with none of these, an address that does not
// know the controller codes, or a broker that is not in controller mode: UnavailableOnServerError
// (one line, exit 3). Writes go to the leader (CONTROLLER_GET_METADATA_INFO first, as the Java
// tool). Nothing here prints.

import type { EpochEntryCache, HARuntimeInfo, ReplicasInfo } from '../protocol/bodies/ha.js';
import { RequestCode, ResponseCode, requestCodeName } from '../protocol/codes.js';
import { ResponseError } from '../protocol/errors.js';
import {
  controllerCleanBrokerData,
  controllerElectMaster,
  controllerGetMetadata,
  controllerGetSyncStateData,
  decodeElectMasterResponse,
  getBrokerEpochCache,
  getBrokerHaStatus,
  getControllerConfig,
  updateControllerConfig,
  type ControllerMetaData,
  type ElectMasterResult,
} from '../protocol/requests/ha.js';
import { defineRequest, type RequestDefinition } from '../protocol/requests/define.js';
import { getBrokerConfig } from '../protocol/requests/brokerConfig.js';
import { getNamesrvConfig } from '../protocol/requests/namesrv.js';
import { validateAddress } from './addresses.js';
import { listBrokerAddresses, type BrokerAddress } from './cluster.js';
import { InvalidArgumentError, NotFoundError, RefusedError, toTargetFailure, UnavailableOnServerError, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';

const NOT_CONTROLLER_MODE = 'not-controller-mode';
const CONTROLLER_REMEDY = 'the HA controller commands need a RocketMQ 5.x cluster in controller mode (enableControllerMode=true on the brokers, a controller or enableControllerInNamesrv=true); give the controller address with -a';

// ---------------------------------------------------------------------------------------------
// haStatus

export interface HaSlaveRow {
  /** The slave's HA socket address (not its broker address). */
  addr: string;
  ackOffset: number;
  /** Bytes the slave is behind the master. */
  behindBytes: number;
  /** Seconds to catch up at the current transfer rate; 0 when in step, null when nothing is moving. */
  catchUpSeconds: number | null;
  transferKBps: number;
  inSync: boolean;
  transferFromWhere: number;
}

export interface HaBrokerStatus extends BrokerAddress {
  role: 'master' | 'slave';
  /** Master: its commit-log max offset; slave: its own max offset. */
  maxOffset: number;
  inSyncSlaves: number;
  slaves: HaSlaveRow[];
  /** Slave: the HA address it follows, its last read/write on the HA socket, the master flush offset. */
  masterHaAddr?: string | null;
  lastReadTimestamp?: number;
  lastWriteTimestamp?: number;
  masterFlushOffset?: number;
  transferKBps?: number;
  raw: HARuntimeInfo;
}

export interface HaStatusResult {
  time: number;
  brokers: HaBrokerStatus[];
  failures: TargetFailure[];
}

export function haStatusOf(target: BrokerAddress, info: HARuntimeInfo): HaBrokerStatus {
  if (info.master) {
    const slaves = info.haConnectionInfo.map((c) => {
      const speed = c.transferredByteInSecond;
      return {
        addr: c.addr,
        ackOffset: c.slaveAckOffset,
        behindBytes: c.diff,
        catchUpSeconds: c.diff <= 0 ? 0 : speed > 0 ? c.diff / speed : null,
        transferKBps: speed / 1024,
        inSync: c.inSync,
        transferFromWhere: c.transferFromWhere,
      };
    });
    return { ...target, role: 'master', maxOffset: info.masterCommitLogMaxOffset, inSyncSlaves: info.inSyncSlaveNums, slaves, raw: info };
  }
  const c = info.haClientRuntimeInfo;
  return {
    ...target,
    role: 'slave',
    maxOffset: c.maxOffset,
    inSyncSlaves: 0,
    slaves: [],
    masterHaAddr: c.masterAddr,
    lastReadTimestamp: c.lastReadTimestamp,
    lastWriteTimestamp: c.lastWriteTimestamp,
    masterFlushOffset: c.masterFlushOffset,
    transferKBps: c.transferredByteInSecond / 1024,
    raw: info,
  };
}

function haRefusal(err: unknown, addr: string): unknown {
  if (!(err instanceof ResponseError)) return err;
  if (err.code === ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
    return new UnavailableOnServerError(`broker ${addr} does not know GET_BROKER_HA_STATUS (a RocketMQ 4.x broker): haStatus needs RocketMQ 5.x`, addr, 'ha-status-unsupported', undefined, { cause: err });
  }
  if (/Can not get HARuntimeInfo/i.test(err.remark ?? '')) {
    return new UnavailableOnServerError(`broker ${addr} has no HA service (a DLedger commit log, or duplicationEnable=true): it cannot report HA status`, addr, 'no-ha-service', undefined, { cause: err });
  }
  return err;
}

/** -b: that broker (master or slave, known to the NameServer or not); -c: the masters of the cluster. */
export async function haStatus(admin: MQAdmin, selector: { brokerAddr?: string; cluster?: string }): Promise<HaStatusResult> {
  const targets = await resolveHaTargets(admin, selector);
  const settled = await admin.fanOut(targets, (t) => admin.call(t.addr, getBrokerHaStatus, undefined).catch((e: unknown) => Promise.reject(haRefusal(e, t.addr))));
  const brokers: HaBrokerStatus[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (r.ok) brokers.push(haStatusOf(t, r.value));
    else failures.push(toTargetFailure(t.addr, r.error));
  });
  // One broker asked and it cannot do this at all: that is the answer, not a partial failure.
  if (brokers.length === 0 && targets.length === 1 && !settled[0]!.ok) throw (settled[0] as { error: unknown }).error;
  return { time: Date.now(), brokers, failures };
}

async function resolveHaTargets(admin: MQAdmin, selector: { brokerAddr?: string; cluster?: string }): Promise<BrokerAddress[]> {
  if (selector.brokerAddr !== undefined) {
    const addr = validateAddress(selector.brokerAddr, 'broker');
    const known = await admin.examineClusterInfo().then((info) => listBrokerAddresses(info).find((b) => b.addr === addr)).catch(() => undefined);
    return [known ?? { cluster: '', brokerName: '', brokerId: -1, addr }];
  }
  if (selector.cluster === undefined) throw new InvalidArgumentError('give a broker address (-b) or a cluster (-c)');
  const info = await admin.examineClusterInfo();
  if (!(selector.cluster in info.clusterAddrTable)) throw unknownCluster(selector.cluster, Object.keys(info.clusterAddrTable));
  const masters = listBrokerAddresses(info, selector.cluster).filter((b) => b.brokerId === 0);
  if (masters.length === 0) throw new NotFoundError(`cluster "${selector.cluster}" has no master registered`);
  return masters;
}

function unknownCluster(cluster: string, known: string[]): NotFoundError {
  return new NotFoundError(`cluster "${cluster}" not found`, known.length ? `known clusters: ${known.sort().join(', ')}` : 'the NameServer knows no cluster');
}

// ---------------------------------------------------------------------------------------------
// getBrokerEpoch

export interface BrokerEpochRow extends BrokerAddress {
  epochs: EpochEntryCache;
}

export interface BrokerEpochResult {
  brokers: BrokerEpochRow[];
  failures: TargetFailure[];
}

function epochRefusal(err: unknown, addr: string): unknown {
  if (!(err instanceof ResponseError)) return err;
  if (err.code === ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
    return new UnavailableOnServerError(`broker ${addr} does not know GET_BROKER_EPOCH_CACHE: it is not a RocketMQ 5.x broker in controller mode`, addr, NOT_CONTROLLER_MODE, CONTROLLER_REMEDY, { cause: err });
  }
  if (/only for controllerMode/i.test(err.remark ?? '')) {
    return new UnavailableOnServerError(`broker ${addr} is not in controller mode: it keeps no epoch cache`, addr, NOT_CONTROLLER_MODE, CONTROLLER_REMEDY, { cause: err });
  }
  return err;
}

/** Every address (master and slaves) of the broker name (-b) or of the cluster (-c). */
export async function getBrokerEpoch(admin: MQAdmin, selector: { brokerName?: string; cluster?: string }): Promise<BrokerEpochResult> {
  const info = await admin.examineClusterInfo();
  const all = listBrokerAddresses(info);
  let targets: BrokerAddress[];
  if (selector.brokerName !== undefined) {
    targets = all.filter((b) => b.brokerName === selector.brokerName);
    if (targets.length === 0) {
      const names = [...new Set(all.map((b) => b.brokerName))].sort();
      throw new NotFoundError(`broker "${selector.brokerName}" is not in the cluster table of the NameServer`, names.length ? `known brokers: ${names.join(', ')}` : 'the NameServer knows no broker');
    }
  } else if (selector.cluster !== undefined) {
    if (!(selector.cluster in info.clusterAddrTable)) throw unknownCluster(selector.cluster, Object.keys(info.clusterAddrTable));
    targets = listBrokerAddresses(info, selector.cluster);
  } else {
    throw new InvalidArgumentError('give a broker name (-b) or a cluster (-c)');
  }
  const settled = await admin.fanOut(targets, (t) => admin.call(t.addr, getBrokerEpochCache, undefined).catch((e: unknown) => Promise.reject(epochRefusal(e, t.addr))));
  const brokers: BrokerEpochRow[] = [];
  const failures: TargetFailure[] = [];
  const errors: unknown[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (r.ok) brokers.push({ ...t, epochs: r.value });
    else {
      errors.push(r.error);
      failures.push(toTargetFailure(t.addr, r.error));
    }
  });
  // Not one broker is in controller mode: one line saying so.
  if (brokers.length === 0 && errors.length > 0 && errors.every((e) => e instanceof UnavailableOnServerError)) {
    const e = errors[0] as UnavailableOnServerError;
    throw errors.length === 1 ? e : new UnavailableOnServerError(`no broker of ${selector.brokerName ?? `cluster ${selector.cluster}`} is in controller mode (${targets.map((t) => t.addr).join(', ')})`, e.addr, NOT_CONTROLLER_MODE, CONTROLLER_REMEDY);
  }
  return { brokers, failures };
}

// ---------------------------------------------------------------------------------------------
// The controller: where it is, and calls to it

export interface ControllerAddrs {
  addrs: string[];
  /** How they were found: -a, the NameServer's embedded controller, or a broker's controllerAddr. */
  source: 'flag' | 'namesrv' | 'broker';
}

function splitAddrs(text: string, what: string): string[] {
  return text
    .split(';')
    .map((a) => a.trim())
    .filter((a) => a !== '')
    .map((a) => validateAddress(a, what));
}

/** `n0-127.0.0.1:9878;n1-127.0.0.1:9868` -> the addresses. */
export function parseDLedgerPeers(peers: string): string[] {
  return peers
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => validateAddress(p.includes('-') ? p.slice(p.indexOf('-') + 1) : p, 'controller'));
}

export async function resolveControllerAddrs(admin: MQAdmin, given?: string): Promise<ControllerAddrs> {
  if (given !== undefined) {
    const addrs = splitAddrs(given, 'controller');
    if (addrs.length === 0) throw new InvalidArgumentError('the controller address (-a) is blank');
    return { addrs, source: 'flag' };
  }
  // The NameServer with an embedded controller.
  const namesrvs = await admin.callEachNamesrv(getNamesrvConfig, undefined);
  if (namesrvs.length > 0 && namesrvs.every((n) => !n.ok)) throw (namesrvs[0] as { error: unknown }).error;
  for (const n of namesrvs) {
    if (!n.ok) continue;
    const config = n.value;
    if ((config.enableControllerInNamesrv ?? '').toLowerCase() === 'true' && (config.controllerDLegerPeers ?? '').trim() !== '') {
      return { addrs: parseDLedgerPeers(config.controllerDLegerPeers!), source: 'namesrv' };
    }
  }
  // A broker in controller mode knows its controllers.
  const info = await admin.examineClusterInfo().catch(() => undefined);
  const masters = info ? listBrokerAddresses(info).filter((b) => b.brokerId === 0) : [];
  for (const m of masters) {
    const config = await admin.call(m.addr, getBrokerConfig, undefined).catch(() => undefined);
    if (config && (config.enableControllerMode ?? '').toLowerCase() === 'true' && (config.controllerAddr ?? '').trim() !== '') {
      return { addrs: splitAddrs(config.controllerAddr!, 'controller'), source: 'broker' };
    }
  }
  const asked = masters.length > 0 ? ` nor its brokers (${masters.map((m) => m.addr).join(', ')})` : '';
  throw new UnavailableOnServerError(
    `the cluster is not in controller mode: neither the NameServer (${admin.namesrvAddrs.join(';')}) has a controller${asked} use one`,
    admin.namesrvAddrs[0]!,
    NOT_CONTROLLER_MODE,
    CONTROLLER_REMEDY,
  );
}

const CONTROLLER_ANSWERS: readonly number[] = [ResponseCode.REQUEST_CODE_NOT_SUPPORTED];

/** A request to a controller; an address that does not know the code is not a controller (exit 3). */
export async function controllerCall<A, R>(admin: MQAdmin, addr: string, def: RequestDefinition<A, R>, args: A): Promise<R> {
  const checked = defineRequest<A, R>({
    ...def,
    answerCodes: [...(def.answerCodes ?? []), ...CONTROLLER_ANSWERS],
    decode: (res, a) => {
      if (res.code === ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
        throw new UnavailableOnServerError(
          `${addr} is not a controller: it does not know ${requestCodeName(def.code)}, so the cluster is not in controller mode there`,
          addr,
          NOT_CONTROLLER_MODE,
          CONTROLLER_REMEDY,
          { cause: new ResponseError(res.code, res.remark, addr, def.code) },
        );
      }
      return def.decode(res, a);
    },
  });
  return admin.call(addr, checked, args);
}

export interface ControllerMetaDataResult extends ControllerMetaData {
  /** The address asked. */
  addr: string;
  source: ControllerAddrs['source'];
}

/** CONTROLLER_GET_METADATA_INFO from the first controller address that answers. */
export async function getControllerMetaData(admin: MQAdmin, controller?: string): Promise<ControllerMetaDataResult> {
  const { addrs, source } = await resolveControllerAddrs(admin, controller);
  let last: unknown;
  // The Java tool asks the first address only; the next ones are tried when it does not answer.
  for (const addr of addrs) {
    try {
      return { addr, source, ...(await controllerCall(admin, addr, controllerGetMetadata, undefined)) };
    } catch (err) {
      if (err instanceof UnavailableOnServerError || err instanceof ResponseError) throw err;
      last = err;
    }
  }
  throw last;
}

/** The leader's address: the address asked when it is the leader, else the one it names. */
export async function controllerLeader(admin: MQAdmin, controller?: string): Promise<{ leader: string; meta: ControllerMetaDataResult }> {
  const meta = await getControllerMetaData(admin, controller);
  const leader = meta.isLeader ? meta.addr : meta.controllerLeaderAddress;
  if (!leader) {
    throw new UnavailableOnServerError(`the controller group ${meta.group ?? ''} at ${meta.addr} has no leader now (an election may be going on)`, meta.addr, 'no-controller-leader', 'retry in a few seconds; check that a majority of the controller peers is up');
  }
  return { leader, meta };
}

// ---------------------------------------------------------------------------------------------
// getSyncStateSet

export interface SyncStateSetResult {
  controller: string;
  brokers: ReplicasInfo[];
  /** Broker names asked for that the controller has no replicas of. */
  missing: string[];
}

export async function getSyncStateSet(admin: MQAdmin, options: { controller?: string; brokerName?: string; cluster?: string }): Promise<SyncStateSetResult> {
  let names: string[];
  if (options.brokerName !== undefined) names = [options.brokerName];
  else if (options.cluster !== undefined) {
    const info = await admin.examineClusterInfo();
    if (!(options.cluster in info.clusterAddrTable)) throw unknownCluster(options.cluster, Object.keys(info.clusterAddrTable));
    names = [...new Set(info.clusterAddrTable[options.cluster])].sort();
  } else throw new InvalidArgumentError('give a broker name (-b) or a cluster (-c)');
  const { leader } = await controllerLeader(admin, options.controller);
  const brokers = await controllerCall(admin, leader, controllerGetSyncStateData, { brokerNames: names });
  const missing = names.filter((n) => !brokers.some((b) => b.brokerName === n));
  if (brokers.length === 0) {
    throw new NotFoundError(`the controller ${leader} has no replicas of ${names.join(', ')}`, 'the brokers register with the controller when they start in controller mode (enableControllerMode=true)');
  }
  return { controller: leader, brokers, missing };
}

// ---------------------------------------------------------------------------------------------
// getControllerConfig / updateControllerConfig

export interface ControllerConfigResult {
  controllers: Array<{ addr: string; config: Record<string, string> }>;
  failures: TargetFailure[];
}

/** GET_CONTROLLER_CONFIG from every controller address (as the Java tool). */
export async function getControllerConfigs(admin: MQAdmin, controller?: string): Promise<ControllerConfigResult> {
  const { addrs } = await resolveControllerAddrs(admin, controller);
  const settled = await admin.fanOut(addrs, (a) => controllerCall(admin, a, getControllerConfig, undefined));
  const controllers: ControllerConfigResult['controllers'] = [];
  const failures: TargetFailure[] = [];
  addrs.forEach((addr, i) => {
    const r = settled[i]!;
    if (r.ok) controllers.push({ addr, config: r.value });
    else failures.push(toTargetFailure(addr, r.error));
  });
  if (controllers.length === 0) throw (settled[0] as { error: unknown }).error;
  return { controllers, failures };
}

/** Keys a controller never takes (ControllerManager / NamesrvController black list). */
export function controllerBlackList(config: Record<string, string>): Set<string> {
  const out = new Set(['configBlackList', 'configStorePath', 'rocketmqHome']);
  for (const k of (config.configBlackList ?? '').split(';')) if (k.trim() !== '') out.add(k.trim());
  return out;
}

export interface ControllerConfigChange {
  addr: string;
  before: string | null;
  after: string;
  result?: 'changed' | 'unchanged' | 'not taken';
  readBack?: string | null;
}

export interface UpdateControllerConfigPlan {
  key: string;
  value: string;
  changes: ControllerConfigChange[];
  failures: TargetFailure[];
}

function closest(key: string, keys: string[]): string[] {
  const lower = key.toLowerCase();
  return keys
    .map((k) => ({ k, d: distance(lower, k.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || (a.k < b.k ? -1 : 1))
    .slice(0, 3)
    .map((x) => x.k);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Reads every controller's config and checks the key (known, not black-listed) and the value's type. */
export async function planUpdateControllerConfig(admin: MQAdmin, options: { controller?: string; key: string; value: string; force?: boolean }): Promise<UpdateControllerConfigPlan> {
  const key = options.key.trim();
  if (key === '') throw new InvalidArgumentError('the key (-k) is blank');
  if (/[=:\n\s]/.test(key)) throw new InvalidArgumentError(`invalid key "${options.key}"`);
  if (/\n/.test(options.value)) throw new InvalidArgumentError('the value (-v) may not contain a line break');
  const read = await getControllerConfigs(admin, options.controller);
  for (const c of read.controllers) {
    if (controllerBlackList(c.config).has(key)) {
      throw new InvalidArgumentError(`"${key}" is in the black list of controller ${c.addr}: a controller does not change it at run time`, 'change it in the controller\'s configuration file and restart it');
    }
    const current = c.config[key];
    if (current === undefined && !options.force) {
      throw new InvalidArgumentError(`unknown controller config key "${key}" (on ${c.addr}): the controller would ignore it`, `did you mean ${closest(key, Object.keys(c.config)).join(', ')}? --force sends it anyway`);
    }
    if (current !== undefined && !options.force) {
      if (/^(true|false)$/i.test(current) && !/^(true|false)$/i.test(options.value)) throw new InvalidArgumentError(`${key} is a true/false setting (now ${current}), not "${options.value}"`);
      if (/^-?\d+$/.test(current) && !/^-?\d+$/.test(options.value.trim())) throw new InvalidArgumentError(`${key} is an integer setting (now ${current}), not "${options.value}"`);
    }
  }
  return {
    key,
    value: options.value,
    changes: read.controllers.map((c) => ({ addr: c.addr, before: c.config[key] ?? null, after: options.value })),
    failures: read.failures,
  };
}

/** UPDATE_CONTROLLER_CONFIG to every controller of the plan, then reads each back. */
export async function applyUpdateControllerConfig(admin: MQAdmin, plan: UpdateControllerConfigPlan): Promise<UpdateControllerConfigPlan> {
  const properties = { [plan.key]: plan.value };
  const settled = await admin.fanOut(plan.changes, async (c) => {
    await controllerCall(admin, c.addr, updateControllerConfig, { properties }).catch((e: unknown) => Promise.reject(configRefusal(e, c.addr, plan.key)));
    const back = await controllerCall(admin, c.addr, getControllerConfig, undefined);
    return back[plan.key] ?? null;
  });
  const failures = [...plan.failures];
  const changes: ControllerConfigChange[] = [];
  plan.changes.forEach((c, i) => {
    const r = settled[i]!;
    if (!r.ok) {
      failures.push(toTargetFailure(c.addr, r.error));
      return;
    }
    const readBack = r.value;
    const result = readBack !== plan.value ? 'not taken' : c.before === plan.value ? 'unchanged' : 'changed';
    if (result === 'not taken') failures.push({ target: c.addr, error: `${plan.key} reads back as ${readBack ?? '(none)'}, not ${plan.value}`, kind: 'NotTaken' });
    changes.push({ ...c, readBack, result });
  });
  return { ...plan, changes, failures };
}

function configRefusal(err: unknown, addr: string, key: string): unknown {
  if (err instanceof ResponseError && err.code === ResponseCode.NO_PERMISSION && /black list/i.test(err.remark ?? '')) {
    return new RefusedError(`controller ${addr} refused ${key}: it is in its config black list`, undefined, { response: err });
  }
  return err;
}

// ---------------------------------------------------------------------------------------------
// electMaster

export interface ElectMasterOptions {
  controller?: string;
  clusterName: string;
  brokerName: string;
  brokerId: number;
}

export interface ElectMasterPlan extends ElectMasterOptions {
  leader: string;
  /** The broker's replicas as the controller has them now (null when it has none). */
  current: ReplicasInfo | null;
}

export interface ElectMasterOutcome extends ElectMasterPlan, ElectMasterResult {}

export async function planElectMaster(admin: MQAdmin, options: ElectMasterOptions): Promise<ElectMasterPlan> {
  if (!Number.isInteger(options.brokerId) || options.brokerId < 0) throw new InvalidArgumentError(`invalid broker id ${options.brokerId}: controller-mode ids are integers from 1`);
  const { leader } = await controllerLeader(admin, options.controller);
  const replicas = await controllerCall(admin, leader, controllerGetSyncStateData, { brokerNames: [options.brokerName] });
  const current = replicas.find((r) => r.brokerName === options.brokerName) ?? null;
  return { ...options, leader, current };
}

/** What the controller's refusals of CONTROLLER_ELECT_MASTER mean (ha.md §8). */
const ELECT_REFUSALS: Record<number, string> = {
  [ResponseCode.CONTROLLER_MASTER_STILL_EXIST]: 'the master is still alive',
  [ResponseCode.CONTROLLER_ELECT_MASTER_FAILED]: 'the election failed',
  [ResponseCode.CONTROLLER_BROKER_NOT_ALIVE]: 'that broker is not alive',
  [ResponseCode.CONTROLLER_INVALID_REQUEST]: 'the controller refused the request',
  [ResponseCode.CONTROLLER_BROKER_METADATA_NOT_EXIST]: 'the controller has no such broker',
  [ResponseCode.CONTROLLER_NOT_LEADER]: 'that controller is not the leader',
};

export async function applyElectMaster(admin: MQAdmin, plan: ElectMasterPlan, now: () => number = Date.now): Promise<ElectMasterOutcome> {
  const def = defineRequest({ ...controllerElectMaster, answerCodes: Object.keys(ELECT_REFUSALS).map(Number), decode: (res) => ({ res, decoded: decodeElectMasterResponse(res) }) });
  const { res, decoded } = await controllerCall(admin, plan.leader, def, { clusterName: plan.clusterName, brokerName: plan.brokerName, brokerId: plan.brokerId, invokeTime: now() });
  if (res.code !== ResponseCode.SUCCESS) {
    const err = new ResponseError(res.code, res.remark, plan.leader, RequestCode.CONTROLLER_ELECT_MASTER);
    const remark = (res.remark ?? '').split('\n')[0]!.trim();
    const notFound = res.code === ResponseCode.CONTROLLER_BROKER_METADATA_NOT_EXIST;
    const message = `no election for ${plan.brokerName} (broker id ${plan.brokerId}): ${ELECT_REFUSALS[res.code]} (${err.codeName}: ${remark})`;
    if (notFound) throw new NotFoundError(message, 'see the replicas with `mqadmin getSyncStateSet`', { cause: err });
    throw new RefusedError(message, decoded.masterBrokerId !== null ? `the master stays broker id ${decoded.masterBrokerId} (${decoded.masterAddress ?? '-'}), epoch ${decoded.masterEpoch ?? '-'}` : undefined, { response: err });
  }
  return { ...plan, ...decoded };
}

// ---------------------------------------------------------------------------------------------
// cleanBrokerMetadata

export interface CleanBrokerMetadataOptions {
  controller?: string;
  clusterName?: string;
  brokerName: string;
  /** `1;2;3`; undefined or blank = every id. */
  brokerIds?: string;
  cleanLivingBroker: boolean;
}

export interface CleanBrokerMetadataPlan {
  leader: string;
  clusterName: string | null;
  brokerName: string;
  /** The ids to clean; null = all. */
  brokerIds: number[] | null;
  cleanLivingBroker: boolean;
  current: ReplicasInfo | null;
}

export async function planCleanBrokerMetadata(admin: MQAdmin, options: CleanBrokerMetadataOptions): Promise<CleanBrokerMetadataPlan> {
  if (!options.cleanLivingBroker && (options.clusterName ?? '').trim() === '') {
    throw new InvalidArgumentError('give the cluster (-c): it may be left out only with -l (clean a living broker)');
  }
  if (options.brokerName.trim() === '') throw new InvalidArgumentError('the broker name (--bn) is blank');
  let brokerIds: number[] | null = null;
  const idsText = (options.brokerIds ?? '').trim();
  if (idsText !== '') {
    const parts = idsText.split(';').map((p) => p.trim()).filter((p) => p !== '');
    if (parts.some((p) => !/^\d+$/.test(p))) throw new InvalidArgumentError(`invalid broker ids "${options.brokerIds}": expected ids separated by ";" (e.g. 1;2;3)`);
    brokerIds = [...new Set(parts.map(Number))];
  }
  const { leader } = await controllerLeader(admin, options.controller);
  const replicas = await controllerCall(admin, leader, controllerGetSyncStateData, { brokerNames: [options.brokerName] });
  const current = replicas.find((r) => r.brokerName === options.brokerName) ?? null;
  return { leader, clusterName: options.clusterName?.trim() || null, brokerName: options.brokerName, brokerIds, cleanLivingBroker: options.cleanLivingBroker === true, current };
}

export async function applyCleanBrokerMetadata(admin: MQAdmin, plan: CleanBrokerMetadataPlan, now: () => number = Date.now): Promise<CleanBrokerMetadataPlan & { cleaned: true }> {
  try {
    await controllerCall(admin, plan.leader, controllerCleanBrokerData, {
      ...(plan.clusterName !== null ? { clusterName: plan.clusterName } : {}),
      brokerName: plan.brokerName,
      ...(plan.brokerIds !== null ? { brokerControllerIdsToClean: plan.brokerIds.join(';') } : {}),
      isCleanLivingBroker: plan.cleanLivingBroker,
      invokeTime: now(),
    });
  } catch (err) {
    if (err instanceof ResponseError && err.code >= 2000 && err.code <= 2016) {
      const remark = (err.remark ?? '').split('\n')[0]!.trim();
      throw new RefusedError(`controller ${plan.leader} refused to clean the metadata of ${plan.brokerName}: ${err.codeName} (${remark})`, err.code === ResponseCode.CONTROLLER_INVALID_CLEAN_BROKER_METADATA ? 'a living broker is cleaned only with -l' : undefined, { response: err });
    }
    throw err;
  }
  return { ...plan, cleaned: true };
}
