// The ACL 1.0 administration codes of a 4.9.8 broker (auth.md §1.7, §1.8; messages.md "ACL 1.0
// administration") and the request hook that checks every request: installed by the broker
// when it runs with plain ACL.

import { createResponse } from '../../../remoting/command.js';
import { requestCodeNotSupported } from '../../../remoting/connection.js';
import type { RemotingServer } from '../../../remoting/server.js';
import { RequestCode, ResponseCode } from '../../../protocol/codes.js';
import type { BrokerContext, Processor } from '../context.js';
import { fail, ok } from '../processors/util.js';
import type { AclAccounts } from './accounts.js';
import { AclError, javaSplit } from './permission.js';
import type { PlainAccessConfig } from './validator.js';

/** 4.9.8's meanings of 209-211 (5.x reuses the numbers, codes.md §2). */
export const UPDATE_AND_CREATE_ACL_CONFIG_FAILED = 209;
export const DELETE_ACL_CONFIG_FAILED = 210;
export const UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED = 211;

/** Java `UtilAll.split(s, ",")`: null stays null. */
const splitList = (s: string | undefined): string[] | null => (s === undefined ? null : javaSplit(s, ','));

/** Java `Boolean.parseBoolean`. */
const parseBoolean = (s: string | undefined): boolean => s !== undefined && s.toLowerCase() === 'true';

/** Java `e.getMessage()`: an AclException without a message gives a null remark. */
const message = (err: unknown): string | null => {
  if (err instanceof AclError) return err.aclMessage;
  return err instanceof Error ? err.message : String(err);
};

/** Installs the plain-ACL check in front of every request of `server` (auth.md §1.1). */
export function installAclHook(server: RemotingServer, accounts: AclAccounts, log: (line: string) => void): void {
  server.setBeforeRequest((request, connection) => {
    let refusal;
    try {
      refusal = accounts.check(request, connection.remoteAddress);
    } catch (err) {
      // A bug of ours: refuse as Java would for an unexpected exception in the hook.
      log(`ACL check failed on code ${request.code}: ${(err as Error).stack ?? String(err)}`);
      return createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: String(err) });
    }
    return refusal ? createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: refusal.remark }) : undefined;
  });
}

/**
 * Codes 50-53. With `accounts` (ACL on) they manage the file; without (ACL off) they answer as
 * a 4.9.8 broker with `aclEnable=false` does: 209/210/211 with a null remark, and no answer at
 * all to 52 (auth.md §1.8).
 */
export function aclProcessors(ctx: BrokerContext, accounts: AclAccounts | undefined): Map<number, Processor> {
  const p = new Map<number, Processor>();
  // GET_BROKER_CLUSTER_ACL_CONFIG (54): the accounts, served by 4.6 to 4.9.7 and removed in
  // 4.9.8, whose admin processor answers it as any unknown code, ACL on or off (after the ACL
  // check when on): REQUEST_CODE_NOT_SUPPORTED " request type 54 not supported".
  p.set(RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG, (request) => requestCodeNotSupported(request, ctx.version));
  if (!accounts) {
    p.set(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, (request) => createResponse(request, UPDATE_AND_CREATE_ACL_CONFIG_FAILED));
    p.set(RequestCode.DELETE_ACL_CONFIG, (request) => createResponse(request, DELETE_ACL_CONFIG_FAILED));
    p.set(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, (request) => createResponse(request, UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED));
    p.set(RequestCode.GET_BROKER_CLUSTER_ACL_INFO, () => null);
    return p;
  }

  p.set(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, (request) => {
    const f = request.extFields ?? {};
    const config: PlainAccessConfig = {
      accessKey: f.accessKey ?? null,
      secretKey: f.secretKey ?? null,
      whiteRemoteAddress: f.whiteRemoteAddress ?? null,
      defaultTopicPerm: f.defaultTopicPerm ?? null,
      defaultGroupPerm: f.defaultGroupPerm ?? null,
      topicPerms: splitList(f.topicPerms),
      groupPerms: splitList(f.groupPerms),
      admin: parseBoolean(f.admin),
    };
    try {
      accounts.updateAccount(config);
    } catch (err) {
      ctx.log(`UPDATE_AND_CREATE_ACL_CONFIG of ${config.accessKey ?? 'null'} failed: ${message(err)}`);
      return createResponse(request, UPDATE_AND_CREATE_ACL_CONFIG_FAILED, { remark: message(err) });
    }
    ctx.log(`ACL: account ${config.accessKey} created or updated`);
    return ok(request);
  });

  p.set(RequestCode.DELETE_ACL_CONFIG, (request) => {
    const accessKey = request.extFields?.accessKey;
    let deleted: boolean;
    try {
      deleted = accounts.deleteAccount(accessKey);
    } catch (err) {
      return createResponse(request, DELETE_ACL_CONFIG_FAILED, { remark: message(err) });
    }
    if (!deleted) return fail(request, DELETE_ACL_CONFIG_FAILED, `The accesskey[${accessKey ?? 'null'}] corresponding to accessConfig has been deleted failed.`);
    ctx.log(`ACL: account ${accessKey} deleted`);
    return ok(request);
  });

  p.set(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, (request) => {
    const f = request.extFields ?? {};
    let updated: boolean;
    try {
      updated = accounts.updateGlobalWhiteAddrs(splitList(f.globalWhiteAddrs), f.aclFileFullPath);
    } catch (err) {
      return createResponse(request, UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED, { remark: message(err) });
    }
    if (!updated) return fail(request, UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED, `The globalWhiteAddresses[${f.globalWhiteAddrs ?? 'null'}] has been updated failed.`);
    ctx.log(`ACL: global white list set to ${f.globalWhiteAddrs}`);
    return ok(request);
  });

  p.set(RequestCode.GET_BROKER_CLUSTER_ACL_INFO, (request) => {
    const v = accounts.dataVersion;
    const version = JSON.stringify({ counter: v.counter, timestamp: v.timestamp });
    return ok(request, {
      extFields: {
        version,
        allAclFileVersion: JSON.stringify({ [accounts.path]: { counter: v.counter, timestamp: v.timestamp } }),
        brokerName: ctx.brokerName,
        brokerAddr: ctx.brokerAddr,
        clusterName: ctx.clusterName,
      },
    });
  });
  return p;
}

