// Authentication and authorization 2.0 administration requests of a 5.x broker (codes 3001-3010;
// messages.md "Auth 2.0 administration", admin-commands.md §9.1-9.2, auth.md §2). Headers and
// bodies are those the Java 5.3.3 mqadmin sends (test/fixtures/rocketmq-5.3.3-more/*User,
// *Acl). A 4.9.x broker answers these codes with REQUEST_CODE_NOT_SUPPORTED (3).

import { RequestCode } from '../codes.js';
import {
  decodeAclInfo,
  decodeAclInfoList,
  decodeUserInfo,
  decodeUserInfoList,
  encodeAclInfo,
  encodeUserInfo,
  type AclInfo,
  type UserInfo,
} from '../bodies/auth.js';
import { defineRequest, jsonBody } from './define.js';
import type { RemotingCommand } from '../../remoting/command.js';

const hasBody = (res: RemotingCommand): boolean => res.body !== null && res.body !== undefined && res.body.length > 0;

/** Args of AUTH_CREATE_USER / AUTH_UPDATE_USER: the header's `username` is the user's. */
export interface UserArgs {
  user: UserInfo & { username: string };
}

/**
 * AUTH_CREATE_USER (3001): header `username`, body UserInfo (`{password,userType?,username}` from
 * createUser). SUCCESS; NO_PERMISSION `The user is existed`; SYSTEM_ERROR `The super user can only
 * be create by super user`.
 */
export const authCreateUser = defineRequest<UserArgs, void>({
  code: RequestCode.AUTH_CREATE_USER,
  header: ({ user }) => ({ username: user.username }),
  body: ({ user }) => encodeUserInfo(user),
  decode: () => undefined,
});

/**
 * AUTH_UPDATE_USER (3002): header `username`, body UserInfo with only the fields that change
 * (copyUser sends the whole user). NO_PERMISSION `The user is not exist` for an unknown user.
 */
export const authUpdateUser = defineRequest<UserArgs, void>({
  code: RequestCode.AUTH_UPDATE_USER,
  header: ({ user }) => ({ username: user.username }),
  body: ({ user }) => encodeUserInfo(user),
  decode: () => undefined,
});

/** AUTH_DELETE_USER (3003): header `username`, no body. SUCCESS also for an unknown user. */
export const authDeleteUser = defineRequest<{ username: string }, void>({
  code: RequestCode.AUTH_DELETE_USER,
  header: ({ username }) => ({ username }),
  decode: () => undefined,
});

/** AUTH_GET_USER (3004): header `username`; body UserInfo, or SUCCESS without a body (undefined) for an unknown user. */
export const authGetUser = defineRequest<{ username: string }, UserInfo | undefined>({
  code: RequestCode.AUTH_GET_USER,
  header: ({ username }) => ({ username }),
  decode: (res) => (hasBody(res) ? decodeUserInfo(jsonBody(res)) : undefined),
});

/** AUTH_LIST_USER (3005): header `filter` (a substring of usernames; not sent when absent); body UserInfo[] (none when empty). */
export const authListUser = defineRequest<{ filter?: string } | void, UserInfo[]>({
  code: RequestCode.AUTH_LIST_USER,
  header: (a) => ({ filter: a ? a.filter : undefined }),
  decode: (res) => (hasBody(res) ? decodeUserInfoList(jsonBody(res)) : []),
});

/** Args of AUTH_CREATE_ACL / AUTH_UPDATE_ACL: the header's `subject` is the ACL's. */
export interface AclArgs {
  acl: AclInfo & { subject: string };
}

/**
 * AUTH_CREATE_ACL (3006): header `subject`, body AclInfo. The broker merges into an existing ACL
 * (same resource replaced, others added). NO_PERMISSION `The subject of User:x is not exist.`.
 */
export const authCreateAcl = defineRequest<AclArgs, void>({
  code: RequestCode.AUTH_CREATE_ACL,
  header: ({ acl }) => ({ subject: acl.subject }),
  body: ({ acl }) => encodeAclInfo(acl),
  decode: () => undefined,
});

/** AUTH_UPDATE_ACL (3007): as AUTH_CREATE_ACL (the broker treats both alike). */
export const authUpdateAcl = defineRequest<AclArgs, void>({
  code: RequestCode.AUTH_UPDATE_ACL,
  header: ({ acl }) => ({ subject: acl.subject }),
  body: ({ acl }) => encodeAclInfo(acl),
  decode: () => undefined,
});

export interface DeleteAclArgs {
  subject: string;
  /** One resource: that entry of the policy goes; absent: the whole ACL of the subject. */
  resource?: string;
  /** Not sent by the Java tool (the broker then means Custom). */
  policyType?: string;
}

/** AUTH_DELETE_ACL (3008): header `subject`, `policyType`, `resource` (absent ones not sent). */
export const authDeleteAcl = defineRequest<DeleteAclArgs, void>({
  code: RequestCode.AUTH_DELETE_ACL,
  header: (a) => ({ subject: a.subject, policyType: a.policyType, resource: a.resource }),
  decode: () => undefined,
});

/** AUTH_GET_ACL (3009): header `subject`; body AclInfo (undefined when the answer has no body). */
export const authGetAcl = defineRequest<{ subject: string }, AclInfo | undefined>({
  code: RequestCode.AUTH_GET_ACL,
  header: ({ subject }) => ({ subject }),
  decode: (res) => (hasBody(res) ? decodeAclInfo(jsonBody(res)) : undefined),
});

export interface ListAclArgs {
  subjectFilter?: string;
  resourceFilter?: string;
}

/** AUTH_LIST_ACL (3010): header `subjectFilter`, `resourceFilter` (absent ones not sent); body AclInfo[]. */
export const authListAcl = defineRequest<ListAclArgs | void, AclInfo[]>({
  code: RequestCode.AUTH_LIST_ACL,
  header: (a) => ({ subjectFilter: a ? a.subjectFilter : undefined, resourceFilter: a ? a.resourceFilter : undefined }),
  decode: (res) => (hasBody(res) ? decodeAclInfoList(jsonBody(res)) : []),
});
