// HA and controller requests (5.x; admin-commands.md §5): GET_BROKER_HA_STATUS (907) and
// GET_BROKER_EPOCH_CACHE (1007) to brokers; CONTROLLER_GET_METADATA_INFO (1005),
// CONTROLLER_GET_SYNC_STATE_DATA (1006), CONTROLLER_ELECT_MASTER (1002), CLEAN_BROKER_DATA (1011),
// GET_CONTROLLER_CONFIG (1010) and UPDATE_CONTROLLER_CONFIG (1009) to a controller.

import type { RemotingCommand } from '../../remoting/command.js';
import {
  decodeBrokerMemberGroup,
  decodeBrokerReplicasInfo,
  decodeEpochEntryCache,
  decodeHARuntimeInfo,
  type BrokerMemberGroup,
  type EpochEntryCache,
  type HARuntimeInfo,
  type ReplicasInfo,
} from '../bodies/ha.js';
import { RequestCode } from '../codes.js';
import { ProtocolError } from '../errors.js';
import { parseFastJson, stringifyFastJson } from '../fastjson.js';
import { formatJavaProperties, parseJavaProperties } from '../properties.js';
import { defineRequest, jsonBody } from './define.js';

/** The Java tool's timeout of every controller request (admin-commands.md §5.2). */
export const CONTROLLER_TIMEOUT_MS = 3000;

/** GET_BROKER_HA_STATUS (907): no header; body HARuntimeInfo. */
export const getBrokerHaStatus = defineRequest<void, HARuntimeInfo>({
  code: RequestCode.GET_BROKER_HA_STATUS,
  decode: (res) => decodeHARuntimeInfo(jsonBody(res)),
});

/** GET_BROKER_EPOCH_CACHE (1007): no header; body EpochEntryCache (controller-mode brokers only). */
export const getBrokerEpochCache = defineRequest<void, EpochEntryCache>({
  code: RequestCode.GET_BROKER_EPOCH_CACHE,
  decode: (res) => decodeEpochEntryCache(jsonBody(res)),
});

export interface ControllerMetaData {
  group: string | null;
  controllerLeaderId: string | null;
  controllerLeaderAddress: string | null;
  isLeader: boolean;
  /** The `peers` header split on `;` (`n0:127.0.0.1:9889`), empty ones dropped. */
  peers: string[];
}

/** CONTROLLER_GET_METADATA_INFO (1005): no header; the answer is in the response header (GetMetaDataResponseHeader). */
export const controllerGetMetadata = defineRequest<void, ControllerMetaData>({
  code: RequestCode.CONTROLLER_GET_METADATA_INFO,
  decode: (res) => {
    const f = res.extFields ?? {};
    return {
      group: f.group ?? null,
      controllerLeaderId: f.controllerLeaderId ?? null,
      controllerLeaderAddress: f.controllerLeaderAddress ?? null,
      isLeader: (f.isLeader ?? '').toLowerCase() === 'true',
      peers: (f.peers ?? '').split(';').map((p) => p.trim()).filter((p) => p !== ''),
    };
  },
});

/** CONTROLLER_GET_SYNC_STATE_DATA (1006): no header; body a JSON array of broker names; answer BrokerReplicasInfo. */
export const controllerGetSyncStateData = defineRequest<{ brokerNames: string[] }, ReplicasInfo[]>({
  code: RequestCode.CONTROLLER_GET_SYNC_STATE_DATA,
  body: ({ brokerNames }) => stringifyFastJson(brokerNames),
  decode: (res) => decodeBrokerReplicasInfo(jsonBody(res)),
});

export interface ElectMasterArgs {
  clusterName: string;
  brokerName: string;
  brokerId: number;
  invokeTime: number;
}

export interface ElectMasterResult {
  masterBrokerId: number | null;
  masterAddress: string | null;
  masterEpoch: number | null;
  syncStateSetEpoch: number | null;
  members: BrokerMemberGroup | null;
}

const intOrNull = (v: string | undefined): number | null => (v === undefined || v.trim() === '' || Number.isNaN(Number(v)) ? null : Number(v));

/** ElectMasterResponseHeader fields and the BrokerMemberGroup body, of a success or a refusal alike. */
export function decodeElectMasterResponse(res: RemotingCommand): ElectMasterResult {
  const f = res.extFields ?? {};
  let members: BrokerMemberGroup | null = null;
  if (res.body && res.body.length > 0) {
    try {
      const parsed = parseFastJson(res.body);
      if (parsed && typeof parsed === 'object' && 'brokerAddrs' in (parsed as object)) members = decodeBrokerMemberGroup(parsed);
    } catch {
      members = null;
    }
  }
  return {
    masterBrokerId: intOrNull(f.masterBrokerId),
    masterAddress: f.masterAddress ?? null,
    masterEpoch: intOrNull(f.masterEpoch),
    syncStateSetEpoch: intOrNull(f.syncStateSetEpoch),
    members,
  };
}

/** CONTROLLER_ELECT_MASTER (1002): ElectMasterRequestHeader with `designateElect=true`, as the Java tool. */
export const controllerElectMaster = defineRequest<ElectMasterArgs, ElectMasterResult>({
  code: RequestCode.CONTROLLER_ELECT_MASTER,
  header: ({ clusterName, brokerName, brokerId, invokeTime }) => ({ clusterName, brokerName, brokerId, designateElect: true, invokeTime }),
  decode: (res) => decodeElectMasterResponse(res),
});

export interface CleanBrokerDataArgs {
  clusterName?: string;
  brokerName: string;
  /** `1;2;3`; undefined = every id. */
  brokerControllerIdsToClean?: string;
  isCleanLivingBroker: boolean;
  invokeTime: number;
}

/** CLEAN_BROKER_DATA (1011): CleanControllerBrokerDataRequestHeader; no body. */
export const controllerCleanBrokerData = defineRequest<CleanBrokerDataArgs, void>({
  code: RequestCode.CLEAN_BROKER_DATA,
  header: (a) => ({
    clusterName: a.clusterName,
    brokerName: a.brokerName,
    brokerControllerIdsToClean: a.brokerControllerIdsToClean,
    isCleanLivingBroker: a.isCleanLivingBroker === true,
    invokeTime: a.invokeTime,
  }),
  decode: () => undefined,
});

function propertiesBody(res: RemotingCommand): Record<string, string> {
  if (!res.body) return {};
  try {
    return { ...parseJavaProperties(res.body) };
  } catch (err) {
    throw new ProtocolError(`the body is not readable properties text: ${(err as Error).message}`);
  }
}

/** GET_CONTROLLER_CONFIG (1010): no header; body properties text. */
export const getControllerConfig = defineRequest<void, Record<string, string>>({
  code: RequestCode.GET_CONTROLLER_CONFIG,
  decode: (res) => propertiesBody(res),
});

/** UPDATE_CONTROLLER_CONFIG (1009): body `key=value\n` properties text. */
export const updateControllerConfig = defineRequest<{ properties: Record<string, string> }, void>({
  code: RequestCode.UPDATE_CONTROLLER_CONFIG,
  body: ({ properties }) => formatJavaProperties(properties),
  decode: () => undefined,
});
