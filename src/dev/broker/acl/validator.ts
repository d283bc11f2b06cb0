// The plain-ACL check of a 4.9.8 broker (auth.md §1.5, Java `PlainPermissionManager.validate`
// and `checkPerm`), over accounts compiled from the YAML model of plain_acl.yml (auth.md §1.1).
// Pure: no files, no sockets; `AclAccounts` (accounts.ts) feeds it and the broker hook calls it.

import type { RemotingCommand } from '../../../remoting/command.js';
import { ACCESS_KEY, verifySignature } from '../../../protocol/acl.js';
import { compileAddress, sourceIp, type AddressMatcher } from './address.js';
import { AclError, checkPermission, FRAME, needAdminPerm, parsePerm, PUB, splitTokens } from './permission.js';
import { isRetryTopic, neededResources, RETRY_PREFIX, TRACE_TOPIC } from './resources.js';

/** One account as the YAML file (and UPDATE_AND_CREATE_ACL_CONFIG) gives it: Java `PlainAccessConfig`. */
export interface PlainAccessConfig {
  accessKey?: string | null;
  secretKey?: string | null;
  whiteRemoteAddress?: string | null;
  admin?: boolean;
  defaultTopicPerm?: string | null;
  defaultGroupPerm?: string | null;
  topicPerms?: string[] | null;
  groupPerms?: string[] | null;
}

export interface DataVersion {
  counter: number;
  timestamp: number;
}

/** The content of plain_acl.yml (auth.md §1.1). */
export interface PlainAclData {
  globalWhiteRemoteAddresses?: string[] | null;
  accounts?: PlainAccessConfig[] | null;
  dataVersion?: DataVersion[] | null;
}

/** An account ready to check against (Java `PlainAccessResource` of the owner). */
export interface AclAccount {
  accessKey: string;
  secretKey: string;
  whiteRemoteAddress: string | null;
  admin: boolean;
  defaultTopicPerm: number;
  defaultGroupPerm: number;
  /** Explicit topic and group (`%RETRY%<group>`) permissions; null when the account lists none. */
  perms: Map<string, number> | null;
  matchesAddress: AddressMatcher;
}

export interface CompiledAcl {
  globalWhiteList: AddressMatcher[];
  accounts: Map<string, AclAccount>;
}

/** Java `checkPlainAccessConfig`: both keys present and longer than 6 characters. */
export function checkKeys(config: Pick<PlainAccessConfig, 'accessKey' | 'secretKey'>): void {
  const { accessKey, secretKey } = config;
  if (accessKey === null || accessKey === undefined || secretKey === null || secretKey === undefined || accessKey.length <= 6 || secretKey.length <= 6) {
    throw new AclError(`The accessKey=${accessKey ?? 'null'} and secretKey=${secretKey ?? 'null'} cannot be null and length should longer than 6`);
  }
}

/** Java `buildPlainAccessResource`: validates the keys, the permission items and the address expression. */
export function compileAccount(config: PlainAccessConfig): AclAccount {
  checkKeys(config);
  let perms: Map<string, number> | null = null;
  const addPerms = (items: readonly string[] | null | undefined, isTopic: boolean): void => {
    if (!items || items.length === 0) return;
    for (const item of items) {
      const parts = splitTokens(item, '=');
      if (parts.length !== 2) throw new AclError(`Parse resource permission failed for ${isTopic ? 'topic' : 'group'}:${item}`);
      const name = parts[0]!.trim();
      (perms ??= new Map()).set(isTopic ? name : RETRY_PREFIX + name, parsePerm(parts[1]!.trim()));
    }
  };
  addPerms(config.groupPerms, false);
  addPerms(config.topicPerms, true);
  return {
    accessKey: config.accessKey!,
    secretKey: config.secretKey!,
    whiteRemoteAddress: config.whiteRemoteAddress ?? null,
    admin: config.admin === true,
    defaultTopicPerm: parsePerm(config.defaultTopicPerm),
    defaultGroupPerm: parsePerm(config.defaultGroupPerm),
    perms,
    matchesAddress: compileAddress(config.whiteRemoteAddress),
  };
}

/** Compiles a whole file; an invalid account or expression fails it all, as the Java load does. */
export function compileAcl(data: PlainAclData): CompiledAcl {
  const globalWhiteList = (data.globalWhiteRemoteAddresses ?? []).map((e) => compileAddress(e));
  const accounts = new Map<string, AclAccount>();
  for (const config of data.accounts ?? []) {
    const account = compileAccount(config);
    // An access key defined twice: the first one counts.
    if (!accounts.has(account.accessKey)) accounts.set(account.accessKey, account);
  }
  return { globalWhiteList, accounts };
}

/**
 * Why the broker refuses `request` from `remoteAddress` (`ip:port`), or undefined when it lets
 * it through. The steps and their order are those of auth.md §1.5.
 */
export function checkRequest(acl: CompiledAcl, request: RemotingCommand, remoteAddress: string): AclError | undefined {
  const ip = sourceIp(remoteAddress);
  let needed;
  try {
    // Java derives the resources first: an unreadable heartbeat is refused even from a white-listed address.
    needed = neededResources(request);
  } catch (err) {
    if (err instanceof AclError) return err;
    throw err;
  }
  if (acl.globalWhiteList.some((matches) => matches(ip))) return undefined;
  const accessKey = request.extFields?.[ACCESS_KEY];
  if (accessKey === undefined) return new AclError('No accessKey is configured', FRAME.noAccessKey);
  const account = acl.accounts.get(accessKey);
  if (!account) return new AclError(`No acl config for ${accessKey}`, FRAME.unknownAccessKey);
  if (account.matchesAddress(ip)) return undefined;
  // 4.9.8 always leaves `_UNIQUE_KEY_QUERY` out of the signed content (auth.md §1.5).
  if (verifySignature(request, account.secretKey, true) !== 'ok') {
    return new AclError(`Check signature failed for accessKey=${accessKey}`, FRAME.signature);
  }
  if (needed?.get(TRACE_TOPIC) === PUB) return undefined;
  return checkPerm(request.code, needed?.ordered() ?? null, account);
}

function checkPerm(code: number, needed: Array<[string, number]> | null, account: AclAccount): AclError | undefined {
  if (needAdminPerm(code) && !account.admin) {
    return new AclError(`Need admin permission for request code=${code}, but accessKey=${account.accessKey} is not`, FRAME.admin);
  }
  if (needed === null) return undefined;
  if (account.perms === null && account.admin) return undefined;
  for (const [resource, perm] of needed) {
    const isGroup = isRetryTopic(resource);
    const shown = isGroup ? `group:${resource.slice(RETRY_PREFIX.length)}` : `topic:${resource}`;
    const explicit = account.perms?.get(resource);
    if (explicit === undefined) {
      if (!checkPermission(perm, isGroup ? account.defaultGroupPerm : account.defaultTopicPerm)) {
        return new AclError(`No default permission for ${shown}`, FRAME.defaultPerm);
      }
    } else if (!checkPermission(perm, explicit)) {
      return new AclError(`No default permission for ${shown}`, FRAME.explicitPerm);
    }
  }
  return undefined;
}
