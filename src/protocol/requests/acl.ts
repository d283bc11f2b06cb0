// ACL 1.0 administration requests of a 4.9.8 broker (messages.md "ACL 1.0 administration",
// admin-commands.md §9.3, auth.md §1.7): create/update and delete an account, the global white
// list, and the versions of the ACL files. A 5.x broker answers them with code 3.

import { RequestCode } from '../codes.js';
import { ProtocolError } from '../errors.js';
import { defineRequest, jsonBody } from './define.js';

/** An account as UPDATE_AND_CREATE_ACL_CONFIG sends it (Java `PlainAccessConfig`). */
export interface AclAccountArgs {
  accessKey: string;
  secretKey: string;
  /** One address expression (auth.md §1.4); not sent when absent, so the stored one is kept. */
  whiteRemoteAddress?: string;
  /** Always sent, as Java does: absent means false. */
  admin?: boolean;
  /** `DENY` | `PUB` | `SUB` | `PUB|SUB`. */
  defaultTopicPerm?: string;
  defaultGroupPerm?: string;
  /** `name=PERM` items; absent (or empty) keeps the stored list. */
  topicPerms?: string[];
  groupPerms?: string[];
}

const joined = (items: string[] | undefined): string | undefined => (items && items.length > 0 ? items.join(',') : undefined);

/** UPDATE_AND_CREATE_ACL_CONFIG (50): the account in the header; SUCCESS, or 209 with the reason. */
export const updateAndCreateAclConfig = defineRequest<AclAccountArgs, void>({
  code: RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
  header: (a) => ({
    accessKey: a.accessKey,
    secretKey: a.secretKey,
    whiteRemoteAddress: a.whiteRemoteAddress,
    admin: a.admin ?? false,
    defaultTopicPerm: a.defaultTopicPerm,
    defaultGroupPerm: a.defaultGroupPerm,
    topicPerms: joined(a.topicPerms),
    groupPerms: joined(a.groupPerms),
  }),
  decode: () => undefined,
});

/** DELETE_ACL_CONFIG (51): header `accessKey`; SUCCESS, or 210 when there is no such account. */
export const deleteAclConfig = defineRequest<{ accessKey: string }, void>({
  code: RequestCode.DELETE_ACL_CONFIG,
  header: ({ accessKey }) => ({ accessKey }),
  decode: () => undefined,
});

/**
 * UPDATE_GLOBAL_WHITE_ADDRS_CONFIG (53): replaces the global white list of one ACL file (the
 * broker's default file when `aclFileFullPath` is absent); SUCCESS or 211.
 */
export const updateGlobalWhiteAddrsConfig = defineRequest<{ globalWhiteAddrs: string[]; aclFileFullPath?: string }, void>({
  code: RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG,
  header: (a) => ({ globalWhiteAddrs: a.globalWhiteAddrs.join(','), aclFileFullPath: a.aclFileFullPath }),
  decode: () => undefined,
});

export interface AclDataVersion {
  counter: number;
  timestamp: number;
}

export interface BrokerAclInfo {
  /** The version of the broker's default ACL file. */
  version: AclDataVersion;
  /** Every ACL file of the broker (full path) and its version. */
  allAclFileVersion: Record<string, AclDataVersion>;
  brokerName: string;
  brokerAddr: string;
  clusterName: string;
}

function parseJsonField(value: string | undefined, field: string): unknown {
  if (value === undefined) throw new ProtocolError(`the response has no ${field} header field`);
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new ProtocolError(`the ${field} header field is not JSON: ${value.slice(0, 80)}`);
  }
}

function toVersion(value: unknown, field: string): AclDataVersion {
  if (value === null || typeof value !== 'object') throw new ProtocolError(`${field} is not a DataVersion`);
  const v = value as Record<string, unknown>;
  return { counter: Number(v.counter ?? 0), timestamp: Number(v.timestamp ?? 0) };
}

/**
 * GET_BROKER_CLUSTER_ACL_INFO (52): no request header; the answer is in the response header.
 * A broker with ACL off never answers (auth.md §1.8): the call times out.
 */
export const getBrokerClusterAclInfo = defineRequest<void, BrokerAclInfo>({
  code: RequestCode.GET_BROKER_CLUSTER_ACL_INFO,
  decode: (res) => {
    const f = res.extFields ?? {};
    const all = f.allAclFileVersion === undefined ? {} : parseJsonField(f.allAclFileVersion, 'allAclFileVersion');
    if (all === null || typeof all !== 'object') throw new ProtocolError('allAclFileVersion is not an object');
    return {
      version: toVersion(parseJsonField(f.version, 'version'), 'version'),
      allAclFileVersion: Object.fromEntries(Object.entries(all as Record<string, unknown>).map(([path, v]) => [path, toVersion(v, path)])),
      brokerName: f.brokerName ?? '',
      brokerAddr: f.brokerAddr ?? '',
      clusterName: f.clusterName ?? '',
    };
  },
});

/** An account as GET_BROKER_CLUSTER_ACL_CONFIG returns it (Java `PlainAccessConfig`): the secret in clear. */
export interface PlainAccessConfigBody {
  accessKey: string;
  secretKey: string | null;
  whiteRemoteAddress: string | null;
  admin: boolean;
  defaultTopicPerm: string | null;
  defaultGroupPerm: string | null;
  topicPerms: string[];
  groupPerms: string[];
}

export interface BrokerAclConfig {
  /** The global white lists of every ACL file, concatenated. */
  globalWhiteAddrs: string[];
  /** Every account of every ACL file (the first of each access key). */
  plainAccessConfigs: PlainAccessConfigBody[];
}

const optionalString = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const stringList = (v: unknown, field: string): string[] => {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw new ProtocolError(`${field} is not a list`);
  return v.map((x) => String(x));
};

/** The body of GET_BROKER_CLUSTER_ACL_CONFIG (Java `GetBrokerClusterAclConfigResponseBody`). */
export function decodeBrokerAclConfig(body: unknown): BrokerAclConfig {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ProtocolError('the body is not an object');
  const b = body as Record<string, unknown>;
  const accounts = b.plainAccessConfigs ?? [];
  if (!Array.isArray(accounts)) throw new ProtocolError('plainAccessConfigs is not a list');
  return {
    globalWhiteAddrs: stringList(b.globalWhiteAddrs, 'globalWhiteAddrs'),
    plainAccessConfigs: accounts.map((raw, i) => {
      if (raw === null || typeof raw !== 'object') throw new ProtocolError(`plainAccessConfigs[${i}] is not an object`);
      const a = raw as Record<string, unknown>;
      return {
        accessKey: String(a.accessKey ?? ''),
        secretKey: optionalString(a.secretKey),
        whiteRemoteAddress: optionalString(a.whiteRemoteAddress),
        admin: a.admin === true || String(a.admin).toLowerCase() === 'true',
        defaultTopicPerm: optionalString(a.defaultTopicPerm),
        defaultGroupPerm: optionalString(a.defaultGroupPerm),
        topicPerms: stringList(a.topicPerms, `plainAccessConfigs[${i}].topicPerms`),
        groupPerms: stringList(a.groupPerms, `plainAccessConfigs[${i}].groupPerms`),
      };
    }),
  };
}

/**
 * GET_BROKER_CLUSTER_ACL_CONFIG (54): no header; the body holds every account with its secret
 * and the global white lists. Served by 4.6 to 4.9.7 (the Java `getAclConfig`, removed with the
 * code in 4.9.8, whose brokers answer REQUEST_CODE_NOT_SUPPORTED " request type 54 not
 * supported"); a 4.9.7 broker with ACL off does not answer it (its handler fails before building
 * a response), and 5.x answers REQUEST_CODE_NOT_SUPPORTED.
 */
export const getBrokerClusterAclConfig = defineRequest<void, BrokerAclConfig>({
  code: RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG,
  decode: (res) => decodeBrokerAclConfig(jsonBody(res)),
});
