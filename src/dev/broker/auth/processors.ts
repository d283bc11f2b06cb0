// Authentication and authorization 2.0 on the dev broker (auth.md §2; admin-commands.md §9.1,
// §9.2): the request hook that checks every request as a 5.3.3 broker with
// authenticationEnabled and authorizationEnabled (refusals: NO_PERMISSION with the plain
// message), and the administration codes 3001-3010 as 5.3.3's AdminBrokerProcessor answers
// them: with the dev cluster's users and ACLs (--auth), or, without --auth, as a 5.3.3 broker
// whose metadata providers are not configured (auth.md §2.1).

import { createResponse, type RemotingCommand } from '../../../remoting/command.js';
import type { RemotingServer } from '../../../remoting/server.js';
import { RequestCode, ResponseCode } from '../../../protocol/codes.js';
import { parseFastJson } from '../../../protocol/fastjson.js';
import {
  decodeAclInfo,
  decodeUserInfo,
  encodeAclInfo,
  encodeAclInfoList,
  encodeUserInfo,
  encodeUserInfoList,
  type AclInfo,
  type PolicyEntryInfo,
  type UserInfo,
} from '../../../protocol/bodies/auth.js';
import type { BrokerContext, Processor } from '../context.js';
import { sourceIp } from '../acl/address.js';
import { checkRequest } from './evaluator.js';
import {
  actionByName,
  decisionByName,
  deletePolicyEntry,
  isValidIpOrCidr,
  mergeAcl,
  parseResource,
  policyTypeByName,
  resourceKey,
  subjectKey,
  subjectOf,
  userStatusByName,
  userTypeByName,
  type Acl,
  type Action,
  type Decision,
  type Policy,
  type PolicyEntry,
  type PolicyType,
  type Resource,
  type User,
} from './model.js';
import type { AuthStore } from './store.js';

/** What `RemotingCommand.createResponseCommand(null)` leaves in a response the processor sets SUCCESS on. */
export const SUCCESS_REMARK = 'not set any response code';
/** `handleAuthException` for anything but an authentication/authorization refusal. */
export const AUTH_SYSTEM_ERROR = 'An system error occurred, please try again later.';

const PROCESSOR = 'org.apache.rocketmq.broker.processor.AdminBrokerProcessor';
const MANAGER = 'org.apache.rocketmq.auth.authorization.manager.AuthorizationMetadataManagerImpl';
const AUTHZ_EXCEPTION = 'org.apache.rocketmq.auth.authorization.exception.AuthorizationException';
const NOT_CONFIGURED = 'java.lang.IllegalStateException: The authenticationMetadataProvider is not configured.';

/**
 * `UtilAll.exceptionSimpleDesc` of what escapes the 5.3.3 processor (the remoting layer answers
 * SYSTEM_ERROR with it): the exception, then its first stack frame. Line numbers are those of
 * the 5.3.3 sources; a NullPointerException is shown as Java 8 shows it (no helpful message).
 */
export const ESCAPED = {
  createUserNoBody: `java.lang.NullPointerException, ${PROCESSOR}.createUser(AdminBrokerProcessor.java:3014)`,
  updateUserNoBody: `java.lang.NullPointerException, ${PROCESSOR}.updateUser(AdminBrokerProcessor.java:3046)`,
  createAclNoBody: `${AUTHZ_EXCEPTION}: The body of acl is null, ${PROCESSOR}.createAcl(AdminBrokerProcessor.java:3158)`,
  updateAclNoBody: `${AUTHZ_EXCEPTION}: The body of acl is null, ${PROCESSOR}.updateAcl(AdminBrokerProcessor.java:3185)`,
  entryWithoutActions: 'java.lang.NullPointerException, org.apache.rocketmq.broker.auth.converter.AclConverter.convertAcl(AclConverter.java:54)',
  getAclNoSubject: `java.lang.NullPointerException, ${MANAGER}.getAcl(AuthorizationMetadataManagerImpl.java:180)`,
  /** Without a metadata provider, AUTH_GET_ACL and AUTH_LIST_ACL fail outside the handler. */
  getAclNoProvider: `${NOT_CONFIGURED}, ${MANAGER}.getAuthenticationMetadataProvider(AuthorizationMetadataManagerImpl.java:273)`,
  listAclNoProvider: `${NOT_CONFIGURED}, ${MANAGER}.getAuthorizationMetadataProvider(AuthorizationMetadataManagerImpl.java:280)`,
  /** `isNotSuperUserLogin` without a provider: its join() throws (the frame is inside the JDK: left out). */
  superCheckNoProvider: 'java.util.concurrent.CompletionException: java.lang.IllegalStateException: The authenticationMetadataProvider is not configured',
} as const;

// ---------------------------------------------------------------------------------------------
// The request hook

/**
 * Installs authentication then authorization in front of every request of `server` (auth.md
 * §2.3): a refusal is answered NO_PERMISSION with its message (a oneway request gets nothing).
 */
export function installAuthHook(server: RemotingServer, store: AuthStore, clusterName: string, log: (line: string) => void): void {
  server.setBeforeRequest((request, connection) => {
    let refusal: string | undefined;
    try {
      refusal = checkRequest(store.data, request, { clusterName, sourceIp: sourceIp(connection.remoteAddress) });
    } catch (err) {
      // A bug of ours: the pipeline's answer to an unexpected exception.
      log(`auth check failed on code ${request.code}: ${(err as Error).stack ?? String(err)}`);
      return createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: String(err) });
    }
    return refusal === undefined ? undefined : createResponse(request, ResponseCode.NO_PERMISSION, { remark: refusal });
  });
}

// ---------------------------------------------------------------------------------------------
// Codes 3001-3010

/** An AuthenticationException / AuthorizationException of the managers: NO_PERMISSION with its message. */
class Refusal extends Error {}
/** Any other failure inside the managers' futures: SYSTEM_ERROR with the generic remark. */
class SystemFailure extends Error {}
/** What escapes the processor: SYSTEM_ERROR with this exact remark. */
class Escaped extends Error {}

const isEmpty = (s: string | undefined | null): boolean => s === undefined || s === null || s === '';
const isBlank = (s: string | undefined | null): boolean => isEmpty(s) || s!.trim() === '';

function success(request: RemotingCommand, body?: string): RemotingCommand {
  return createResponse(request, ResponseCode.SUCCESS, { remark: SUCCESS_REMARK, ...(body !== undefined ? { body } : {}) });
}

function failure(request: RemotingCommand, err: unknown): RemotingCommand {
  if (err instanceof Refusal) return createResponse(request, ResponseCode.NO_PERMISSION, { remark: err.message });
  if (err instanceof Escaped) return createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: err.message });
  return createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: AUTH_SYSTEM_ERROR });
}

/** `RemotingSerializable.decode(body, T)`: null for no body; a body fastjson cannot read escapes. */
function decodeBody<T>(body: Buffer | null, decode: (v: unknown) => T): T | null {
  // fastjson reads an empty text as null.
  if (!body || body.length === 0) return null;
  let value: unknown;
  try {
    value = parseFastJson(body);
  } catch (err) {
    throw new Escaped(`com.alibaba.fastjson.JSONException: ${(err as Error).message}`);
  }
  if (value === null) return null;
  try {
    return decode(value);
  } catch (err) {
    throw new Escaped(`com.alibaba.fastjson.JSONException: ${(err as Error).message}`);
  }
}

/** `UserConverter.convertUser(UserInfo)`: names read case-insensitively, unknown ones left null. */
function toUser(info: UserInfo, username: string): User {
  return {
    username,
    password: info.password ?? null,
    userType: userTypeByName(info.userType) ?? null,
    userStatus: userStatusByName(info.userStatus) ?? null,
  };
}

function toUserInfo(u: User): UserInfo {
  const out: UserInfo = { username: u.username };
  if (u.password !== null) out.password = u.password;
  if (u.userType !== null) out.userType = u.userType;
  if (u.userStatus !== null) out.userStatus = u.userStatus;
  return out;
}

export function toAclInfo(acl: Acl): AclInfo {
  return {
    subject: acl.subject,
    policies: acl.policies.map((p) => ({
      policyType: p.policyType,
      entries: p.entries.map((e) => {
        const out: PolicyEntryInfo = { resource: resourceKey(e.resource), decision: e.decision };
        if (e.actions.length > 0) out.actions = [...e.actions];
        if (e.sourceIps && e.sourceIps.length > 0) out.sourceIps = [...e.sourceIps];
        return out;
      }),
    })),
  };
}

/** An ACL as `AclConverter.convertAcl` reads it, before the manager's checks. */
interface ConvertedEntry {
  resource: Resource | undefined;
  actions: Action[];
  sourceIps: string[] | null;
  decision: Decision | undefined;
}
interface ConvertedAcl {
  username: string | undefined;
  policies: Array<{ policyType: PolicyType | undefined; entries: ConvertedEntry[] }>;
}

/** The processor's steps up to the manager: body, `The body of acl is null`, the converter, the header's subject. */
function convertAclRequest(request: RemotingCommand, noBody: string): ConvertedAcl {
  const info = decodeBody(request.body, (v) => decodeAclInfo(v));
  if (!info || !info.policies || info.policies.length === 0) throw new Escaped(noBody);
  const policies: ConvertedAcl['policies'] = [];
  for (const p of info.policies) {
    if (!p.entries || p.entries.length === 0) continue;
    policies.push({
      policyType: policyTypeByName(p.policyType),
      entries: p.entries.map((e) => {
        if (!e.actions) throw new Escaped(ESCAPED.entryWithoutActions);
        return {
          resource: parseResource(e.resource),
          actions: e.actions.map((a) => actionByName(a)).filter((a): a is Action => a !== undefined),
          sourceIps: e.sourceIps && e.sourceIps.length > 0 ? [...e.sourceIps] : null,
          decision: decisionByName(e.decision),
        };
      }),
    });
  }
  const subject = subjectOf(info.subject) ?? subjectOf(request.extFields?.subject);
  return { username: subject?.username, policies };
}

/** `AuthorizationMetadataManagerImpl.validate` and `initAcl`: the refusals of a bad ACL, in Java's order. */
function validateAcl(acl: ConvertedAcl): { username: string; policies: Policy[] } {
  // A missing subject: Java fails on it inside the future (a NullPointerException).
  if (acl.username === undefined) throw new SystemFailure('no subject');
  if (acl.policies.length === 0) throw new Refusal('The policies is empty.');
  const policies: Policy[] = [];
  for (const p of acl.policies) {
    if (p.entries.length === 0) throw new Refusal('The policy entries is empty.');
    const entries: PolicyEntry[] = [];
    for (const e of p.entries) {
      if (!e.resource) throw new Refusal('The resource is null.');
      if (e.actions.length === 0) throw new Refusal('The actions is empty.');
      if (e.actions.includes('Any')) throw new Refusal('The actions can not be Any.');
      for (const ip of e.sourceIps ?? []) {
        if (isBlank(ip)) throw new Refusal('The source ip is empty.');
        if (!isValidIpOrCidr(ip)) throw new Refusal('The source ip is invalid.');
      }
      if (!e.decision) throw new Refusal('The decision is null or illegal.');
      entries.push({ resource: e.resource, actions: e.actions, sourceIps: e.sourceIps, decision: e.decision });
    }
    policies.push({ policyType: p.policyType ?? 'Custom', entries });
  }
  return { username: acl.username, policies };
}

/**
 * Codes 3001-3010. With `store` (--auth) they read and change the dev cluster's users and ACLs;
 * without, they answer as a 5.3.3 broker with no metadata provider configured.
 */
export function authProcessors(ctx: BrokerContext, store: AuthStore | undefined): Map<number, Processor> {
  const p = new Map<number, Processor>();
  const handle = (code: number, fn: (request: RemotingCommand) => RemotingCommand): void => {
    p.set(code, (request) => {
      try {
        return fn(request);
      } catch (err) {
        if (!(err instanceof Refusal || err instanceof SystemFailure || err instanceof Escaped)) {
          ctx.log(`auth admin code ${request.code} failed: ${(err as Error).stack ?? String(err)}`);
        }
        return failure(request, err);
      }
    });
  };
  /** The store, or the failure of a manager without a provider (inside its future: the generic SYSTEM_ERROR). */
  const provider = (): AuthStore => {
    if (!store) throw new SystemFailure('The authenticationMetadataProvider is not configured');
    return store;
  };
  /** `isNotSuperUserLogin`: a request without AccessKey counts as allowed (authentication off). */
  const notSuperUserLogin = (request: RemotingCommand): boolean => {
    const accessKey = request.extFields?.AccessKey;
    if (isEmpty(accessKey)) return false;
    if (!store) throw new Escaped(ESCAPED.superCheckNoProvider);
    const user = store.getUser(accessKey!);
    if (!user) throw new Escaped(`java.util.concurrent.CompletionException: org.apache.rocketmq.auth.authentication.exception.AuthenticationException: User:${accessKey} is not found`);
    return user.userType !== 'Super';
  };
  const getUser = (username: string | undefined): User | undefined => {
    if (isBlank(username)) throw new Refusal('username can not be blank');
    return provider().getUser(username!);
  };

  handle(RequestCode.AUTH_CREATE_USER, (request) => {
    const username = request.extFields?.username;
    if (isEmpty(username)) return createResponse(request, ResponseCode.INVALID_PARAMETER, { remark: 'The username is blank' });
    const info = decodeBody(request.body, (v) => decodeUserInfo(v));
    if (!info) throw new Escaped(ESCAPED.createUserNoBody);
    const user = toUser(info, username!);
    if (user.userType === 'Super' && notSuperUserLogin(request)) {
      return createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: 'The super user can only be create by super user' });
    }
    if (isBlank(user.username)) throw new Refusal('username can not be blank');
    if (isBlank(user.password)) throw new Refusal('password can not be blank');
    const s = provider();
    if (s.getUser(user.username)) throw new Refusal('The user is existed');
    s.putUser({ ...user, userType: user.userType ?? 'Normal', userStatus: user.userStatus ?? 'enable' });
    ctx.log(`auth: user ${user.username} created (${user.userType ?? 'Normal'})`);
    return success(request);
  });

  handle(RequestCode.AUTH_UPDATE_USER, (request) => {
    const username = request.extFields?.username;
    if (isEmpty(username)) return createResponse(request, ResponseCode.INVALID_PARAMETER, { remark: 'The username is blank' });
    const info = decodeBody(request.body, (v) => decodeUserInfo(v));
    if (!info) throw new Escaped(ESCAPED.updateUserNoBody);
    const user = toUser(info, username!);
    if (user.userType === 'Super' && notSuperUserLogin(request)) {
      return createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: 'The super user can only be update by super user' });
    }
    const old = getUser(username);
    if (!old) throw new Refusal('The user is not exist');
    if (old.userType === 'Super' && notSuperUserLogin(request)) throw new Refusal('The super user can only be update by super user');
    const updated: User = { ...old };
    if (!isBlank(user.password)) updated.password = user.password;
    if (user.userType !== null) updated.userType = user.userType;
    if (user.userStatus !== null) updated.userStatus = user.userStatus;
    provider().putUser(updated);
    ctx.log(`auth: user ${old.username} updated`);
    return success(request);
  });

  handle(RequestCode.AUTH_DELETE_USER, (request) => {
    const username = request.extFields?.username;
    const user = getUser(username);
    if (!user) return success(request);
    if (user.userType === 'Super' && notSuperUserLogin(request)) throw new Refusal('The super user can only be update by super user');
    provider().deleteUser(user.username);
    ctx.log(`auth: user ${user.username} deleted (and its ACL)`);
    return success(request);
  });

  handle(RequestCode.AUTH_GET_USER, (request) => {
    const username = request.extFields?.username;
    if (isBlank(username)) return createResponse(request, ResponseCode.INVALID_PARAMETER, { remark: 'The username is blank' });
    const user = getUser(username);
    return success(request, user ? encodeUserInfo(toUserInfo(user)) : undefined);
  });

  handle(RequestCode.AUTH_LIST_USER, (request) => {
    const users = provider().listUsers(request.extFields?.filter);
    return success(request, users.length > 0 ? encodeUserInfoList(users.map(toUserInfo)) : undefined);
  });

  const createOrUpdateAcl = (request: RemotingCommand, noBody: string): RemotingCommand => {
    const acl = validateAcl(convertAclRequest(request, noBody));
    const s = provider();
    const key = subjectKey(acl.username);
    if (!s.getUser(acl.username)) throw new Refusal(`The subject of ${key} is not exist.`);
    const old = s.getAcl(key);
    s.putAcl(old ? mergeAcl(old, acl.policies) : { subject: key, policies: acl.policies });
    ctx.log(`auth: ACL of ${key} ${old ? 'updated' : 'created'}`);
    return success(request);
  };
  handle(RequestCode.AUTH_CREATE_ACL, (request) => createOrUpdateAcl(request, ESCAPED.createAclNoBody));
  handle(RequestCode.AUTH_UPDATE_ACL, (request) => createOrUpdateAcl(request, ESCAPED.updateAclNoBody));

  handle(RequestCode.AUTH_DELETE_ACL, (request) => {
    const f = request.extFields ?? {};
    const subject = subjectOf(f.subject);
    if (!subject) throw new Refusal('The subject is null.');
    const policyType = policyTypeByName(f.policyType) ?? 'Custom';
    const resource = parseResource(f.resource);
    const s = provider();
    const key = subjectKey(subject.username);
    if (!s.getUser(subject.username)) throw new Refusal('The subject is not exist.');
    const old = s.getAcl(key);
    if (!old) throw new Refusal('The acl is not exist.');
    const left = resource ? deletePolicyEntry(old, policyType, resource) : undefined;
    if (!left || left.policies.length === 0) s.deleteAcl(key);
    else s.putAcl(left);
    ctx.log(`auth: ACL of ${key}: ${resource ? `${resourceKey(resource)} removed` : 'deleted'}`);
    return success(request);
  });

  handle(RequestCode.AUTH_GET_ACL, (request) => {
    const subject = subjectOf(request.extFields?.subject);
    if (!subject) throw new Escaped(ESCAPED.getAclNoSubject);
    if (!store) throw new Escaped(ESCAPED.getAclNoProvider);
    if (!store.getUser(subject.username)) throw new Refusal('The subject is not exist.');
    const acl = store.getAcl(subjectKey(subject.username));
    return success(request, acl ? encodeAclInfo(toAclInfo(acl)) : undefined);
  });

  handle(RequestCode.AUTH_LIST_ACL, (request) => {
    if (!store) throw new Escaped(ESCAPED.listAclNoProvider);
    const acls = listAcls(store, request.extFields?.subjectFilter, request.extFields?.resourceFilter);
    return success(request, acls.length > 0 ? encodeAclInfoList(acls.map(toAclInfo)) : undefined);
  });
  return p;
}

/**
 * `LocalAuthorizationMetadataProvider.listAcl`: subjects containing `subjectFilter`; entries
 * whose resource key contains `resourceFilter` (unless the subject key itself contains it, as
 * coded); a policy left without entries dropped, an ACL left without policies too.
 */
export function listAcls(store: Pick<AuthStore, 'listAcls'>, subjectFilter?: string, resourceFilter?: string): Acl[] {
  const out: Acl[] = [];
  for (const acl of store.listAcls()) {
    if (!isBlank(subjectFilter) && !acl.subject.includes(subjectFilter!)) continue;
    if (acl.policies.length === 0) continue;
    const policies: Policy[] = [];
    for (const policy of acl.policies) {
      if (policy.entries.length === 0) {
        policies.push(policy);
        continue;
      }
      const entries =
        !isBlank(resourceFilter) && !acl.subject.includes(resourceFilter!) ? policy.entries.filter((e) => resourceKey(e.resource).includes(resourceFilter!)) : policy.entries;
      if (entries.length > 0) policies.push({ policyType: policy.policyType, entries });
    }
    if (policies.length > 0) out.push({ subject: acl.subject, policies });
  }
  return out;
}
