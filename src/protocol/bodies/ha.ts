// Bodies of the HA and controller requests (5.x; admin-commands.md §5, ha.md §8-9):
// HARuntimeInfo (GET_BROKER_HA_STATUS), BrokerReplicasInfo (CONTROLLER_GET_SYNC_STATE_DATA),
// EpochEntryCache (GET_BROKER_EPOCH_CACHE) and BrokerMemberGroup (CONTROLLER_ELECT_MASTER).

import { ProtocolError } from '../errors.js';
import { asArray, asBoolean, asNumber, asObject, asString, entriesOf } from '../fastjson.js';

export interface HAConnectionInfo {
  /** The slave's HA socket address (an ephemeral port, not its broker address). */
  addr: string;
  slaveAckOffset: number;
  /** Master max offset minus the acknowledged offset, in bytes. */
  diff: number;
  inSync: boolean;
  transferredByteInSecond: number;
  transferFromWhere: number;
}

export interface HAClientRuntimeInfo {
  masterAddr: string | null;
  maxOffset: number;
  lastReadTimestamp: number;
  lastWriteTimestamp: number;
  transferredByteInSecond: number;
  masterFlushOffset: number;
  activated: boolean;
}

export interface HARuntimeInfo {
  master: boolean;
  masterCommitLogMaxOffset: number;
  inSyncSlaveNums: number;
  haConnectionInfo: HAConnectionInfo[];
  haClientRuntimeInfo: HAClientRuntimeInfo;
}

const num = (v: unknown): number => asNumber(v) ?? 0;

function record(v: unknown, what: string): Record<string, unknown> {
  const o = asObject(v);
  if (!o) throw new ProtocolError(`${what} is not an object`);
  return o as Record<string, unknown>;
}

export function decodeHARuntimeInfo(v: unknown): HARuntimeInfo {
  const o = record(v, 'HARuntimeInfo');
  const client = (asObject(o.haClientRuntimeInfo) ?? {}) as Record<string, unknown>;
  return {
    master: asBoolean(o.master) ?? false,
    masterCommitLogMaxOffset: num(o.masterCommitLogMaxOffset),
    inSyncSlaveNums: num(o.inSyncSlaveNums),
    haConnectionInfo: (asArray(o.haConnectionInfo) ?? []).map((c) => {
      const x = record(c, 'HAConnectionRuntimeInfo');
      return {
        addr: asString(x.addr) ?? '',
        slaveAckOffset: num(x.slaveAckOffset),
        diff: num(x.diff),
        inSync: asBoolean(x.inSync) ?? false,
        transferredByteInSecond: num(x.transferredByteInSecond),
        transferFromWhere: num(x.transferFromWhere),
      };
    }),
    haClientRuntimeInfo: {
      masterAddr: asString(client.masterAddr) ?? null,
      maxOffset: num(client.maxOffset),
      lastReadTimestamp: num(client.lastReadTimestamp),
      lastWriteTimestamp: num(client.lastWriteTimestamp),
      transferredByteInSecond: num(client.transferredByteInSecond),
      masterFlushOffset: num(client.masterFlushOffset),
      activated: asBoolean(client.activated) ?? false,
    },
  };
}

export interface ReplicaIdentity {
  brokerName: string;
  brokerId: number;
  brokerAddress: string;
  alive: boolean;
}

export interface ReplicasInfo {
  brokerName: string;
  masterBrokerId: number;
  masterAddress: string | null;
  masterEpoch: number;
  syncStateSetEpoch: number;
  inSyncReplicas: ReplicaIdentity[];
  notInSyncReplicas: ReplicaIdentity[];
}

function replicas(v: unknown): ReplicaIdentity[] {
  return (asArray(v) ?? []).map((r) => {
    const x = record(r, 'ReplicaIdentity');
    return { brokerName: asString(x.brokerName) ?? '', brokerId: num(x.brokerId), brokerAddress: asString(x.brokerAddress) ?? '', alive: asBoolean(x.alive) ?? false };
  });
}

/** BrokerReplicasInfo: `replicasInfoTable`, broker name -> ReplicasInfo; sorted by name. */
export function decodeBrokerReplicasInfo(v: unknown): ReplicasInfo[] {
  const o = record(v, 'BrokerReplicasInfo');
  return entriesOf(o.replicasInfoTable)
    .map(([name, info]) => {
      const x = record(info, 'ReplicasInfo');
      return {
        brokerName: String(name),
        masterBrokerId: num(x.masterBrokerId),
        masterAddress: asString(x.masterAddress) ?? null,
        masterEpoch: num(x.masterEpoch),
        syncStateSetEpoch: num(x.syncStateSetEpoch),
        inSyncReplicas: replicas(x.inSyncReplicas),
        notInSyncReplicas: replicas(x.notInSyncReplicas),
      };
    })
    .sort((a, b) => (a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0));
}

export interface EpochEntry {
  epoch: number;
  startOffset: number;
  /** The end offset as the Java tool prints it: the last entry's open end (Long.MAX_VALUE) is the broker's max offset. */
  endOffset: number;
}

export interface EpochEntryCache {
  clusterName: string;
  brokerName: string;
  brokerId: number;
  maxOffset: number;
  epochList: EpochEntry[];
}

export function decodeEpochEntryCache(v: unknown): EpochEntryCache {
  const o = record(v, 'EpochEntryCache');
  const maxOffset = num(o.maxOffset);
  const list = (asArray(o.epochList) ?? []).map((e) => {
    const x = record(e, 'EpochEntry');
    return { epoch: num(x.epoch), startOffset: num(x.startOffset), endOffset: num(x.endOffset) };
  });
  if (list.length > 0) list[list.length - 1]!.endOffset = maxOffset;
  return { clusterName: asString(o.clusterName) ?? '', brokerName: asString(o.brokerName) ?? '', brokerId: num(o.brokerId), maxOffset, epochList: list };
}

export interface BrokerMemberGroup {
  cluster: string;
  brokerName: string;
  /** Broker id -> address, sorted by id. */
  brokerAddrs: Array<{ brokerId: number; addr: string }>;
}

export function decodeBrokerMemberGroup(v: unknown): BrokerMemberGroup {
  const o = record(v, 'BrokerMemberGroup');
  return {
    cluster: asString(o.cluster) ?? '',
    brokerName: asString(o.brokerName) ?? '',
    brokerAddrs: entriesOf(o.brokerAddrs)
      .map(([id, addr]) => ({ brokerId: Number(id), addr: asString(addr) ?? '' }))
      .sort((a, b) => a.brokerId - b.brokerId),
  };
}
