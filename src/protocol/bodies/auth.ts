// Bodies of the 5.x authentication and authorization administration requests (codes 3001-3010,
// messages.md "Auth 2.0 administration", A.26; admin-commands.md §9.1, §9.2; auth.md §2.2):
// UserInfo, and AclInfo made of PolicyInfo made of PolicyEntryInfo, in the fastjson dialect
// (bean properties in alphabetical order, null ones omitted).
//
// The same types serve both sides: the CLI encodes requests and decodes answers, the embedded
// dev broker decodes requests and encodes answers.

import { stringifyFastJson } from '../fastjson.js';
import { ProtocolError } from '../errors.js';
import { asRecord, optionalArray, optionalString } from './fields.js';

// ---------------------------------------------------------------------------------------------
// Vocabulary (as 5.3.3 spells it on the wire; the broker parses names case-insensitively)

export const USER_TYPES = ['Super', 'Normal'] as const;
export type UserType = (typeof USER_TYPES)[number];

export const USER_STATUSES = ['enable', 'disable'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Actions of a policy entry; `Any` exists only request-side and is refused in stored ACLs. */
export const ACTIONS = ['All', 'Any', 'Pub', 'Sub', 'Create', 'Update', 'Delete', 'Get', 'List'] as const;
export type Action = (typeof ACTIONS)[number];

export const DECISIONS = ['Allow', 'Deny'] as const;
export type Decision = (typeof DECISIONS)[number];

export const POLICY_TYPES = ['Custom', 'Default'] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

export const RESOURCE_TYPES = ['Cluster', 'Namespace', 'Topic', 'Group'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

function canonical<T extends string>(values: readonly T[], input: string): T | undefined {
  const lower = input.trim().toLowerCase();
  return values.find((v) => v.toLowerCase() === lower);
}

/** `super` -> `Super`; undefined for anything that is not a user type. */
export const canonicalUserType = (s: string): UserType | undefined => canonical(USER_TYPES, s);
/** `ENABLE` -> `enable`. */
export const canonicalUserStatus = (s: string): UserStatus | undefined => canonical(USER_STATUSES, s);
/** `pub` -> `Pub`. */
export const canonicalAction = (s: string): Action | undefined => canonical(ACTIONS, s);
/** `deny` -> `Deny`. */
export const canonicalDecision = (s: string): Decision | undefined => canonical(DECISIONS, s);
/** `default` -> `Default`. */
export const canonicalPolicyType = (s: string): PolicyType | undefined => canonical(POLICY_TYPES, s);

/** A resource as `Resource.of` reads it (auth.md §2.2). */
export interface ParsedResource {
  /** `Any` for `*` alone. */
  type: ResourceType | 'Any';
  /** The name without its `*` suffix; empty for `Any` resources and `Topic:*`. */
  name: string;
  pattern: 'ANY' | 'LITERAL' | 'PREFIXED';
  /** Written back the way the broker returns it (`topic:a` -> `Topic:a`). */
  key: string;
}

/**
 * Parses `*`, `Topic:*`, `Topic:abc*`, `Group:G`, `Cluster:C`, `Namespace:N` (type any case);
 * undefined when it is none of these.
 */
export function parseResource(input: string): ParsedResource | undefined {
  const s = input.trim();
  if (s === '*') return { type: 'Any', name: '', pattern: 'ANY', key: '*' };
  const colon = s.indexOf(':');
  if (colon <= 0) return undefined;
  const type = canonical(RESOURCE_TYPES, s.slice(0, colon));
  const rest = s.slice(colon + 1).trim();
  if (!type || rest.length === 0) return undefined;
  if (rest === '*') return { type, name: '', pattern: 'ANY', key: `${type}:*` };
  if (rest.endsWith('*')) {
    const name = rest.slice(0, -1);
    if (name.length === 0 || name.includes('*')) return undefined;
    return { type, name, pattern: 'PREFIXED', key: `${type}:${rest}` };
  }
  if (rest.includes('*')) return undefined;
  return { type, name: rest, pattern: 'LITERAL', key: `${type}:${rest}` };
}

/** `User:alice` -> `alice`; undefined when the subject is not a `User:` one. */
export function subjectUsername(subject: string): string | undefined {
  const m = /^user:(.+)$/i.exec(subject.trim());
  return m ? m[1]!.trim() || undefined : undefined;
}

// ---------------------------------------------------------------------------------------------
// UserInfo

/**
 * A user (Java `UserInfo`). Every field is optional on the wire: an update carries only what
 * changes (a blank password is kept by the broker), a create without type/status means
 * `Normal` / `enable`.
 */
export interface UserInfo {
  username?: string;
  password?: string;
  /** `Super` | `Normal` (kept as the broker wrote it). */
  userType?: string;
  /** `enable` | `disable`. */
  userStatus?: string;
}

/** fastjson's bytes for a UserInfo: `{"password":..,"userStatus":..,"userType":..,"username":..}`. */
export function encodeUserInfo(user: UserInfo): string {
  return stringifyFastJson(
    { password: user.password, userStatus: user.userStatus, userType: user.userType, username: user.username },
  );
}

export function decodeUserInfo(value: unknown, path = 'UserInfo'): UserInfo {
  const r = asRecord(value, path);
  const out: UserInfo = {};
  const username = optionalString(r.username, `${path}.username`);
  const password = optionalString(r.password, `${path}.password`);
  const userType = optionalString(r.userType, `${path}.userType`);
  const userStatus = optionalString(r.userStatus, `${path}.userStatus`);
  if (username !== undefined) out.username = username;
  if (password !== undefined) out.password = password;
  if (userType !== undefined) out.userType = userType;
  if (userStatus !== undefined) out.userStatus = userStatus;
  return out;
}

/** AUTH_LIST_USER's body: a JSON array of UserInfo (null/absent = none). */
export function decodeUserInfoList(value: unknown): UserInfo[] {
  return optionalArray(value, 'UserInfo[]').map((u, i) => decodeUserInfo(u, `UserInfo[${i}]`));
}

export function encodeUserInfoList(users: UserInfo[]): string {
  return `[${users.map(encodeUserInfo).join(',')}]`;
}

// ---------------------------------------------------------------------------------------------
// AclInfo

/** One entry of a policy (Java `PolicyEntryInfo`): one resource. */
export interface PolicyEntryInfo {
  /** `Topic:orders`, `Group:G`, `Topic:abc*`, `Topic:*`, `*`, `Cluster:C`, `Namespace:N`. */
  resource?: string;
  /** `Pub`, `Sub`, `All`, ... */
  actions?: string[];
  /** IPs or CIDR ranges; absent = from anywhere. */
  sourceIps?: string[];
  /** `Allow` | `Deny`. */
  decision?: string;
}

/** Java `PolicyInfo`. */
export interface PolicyInfo {
  /** `Custom` | `Default`; absent means Custom. */
  policyType?: string;
  entries?: PolicyEntryInfo[];
}

/** Java `AclInfo`: the policies of one subject. */
export interface AclInfo {
  /** `User:<name>`. */
  subject?: string;
  policies?: PolicyInfo[];
}

function entryRecord(e: PolicyEntryInfo): Record<string, unknown> {
  return { actions: e.actions, decision: e.decision, resource: e.resource, sourceIps: e.sourceIps };
}

function policyRecord(p: PolicyInfo): Record<string, unknown> {
  return { entries: p.entries?.map(entryRecord), policyType: p.policyType };
}

function aclRecord(a: AclInfo): Record<string, unknown> {
  return { policies: a.policies?.map(policyRecord), subject: a.subject };
}

/** fastjson's bytes for an AclInfo (alphabetical members, absent ones omitted). */
export function encodeAclInfo(acl: AclInfo): string {
  return stringifyFastJson(aclRecord(acl));
}

export function encodeAclInfoList(acls: AclInfo[]): string {
  return stringifyFastJson(acls.map(aclRecord));
}

function stringList(value: unknown, path: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return optionalArray(value, path).map((v, i) => {
    const s = optionalString(v, `${path}[${i}]`);
    if (s === undefined) throw new ProtocolError(`${path}[${i}]: expected a string`);
    return s;
  });
}

export function decodePolicyEntryInfo(value: unknown, path = 'PolicyEntryInfo'): PolicyEntryInfo {
  const r = asRecord(value, path);
  const out: PolicyEntryInfo = {};
  const resource = optionalString(r.resource, `${path}.resource`);
  const actions = stringList(r.actions, `${path}.actions`);
  const sourceIps = stringList(r.sourceIps, `${path}.sourceIps`);
  const decision = optionalString(r.decision, `${path}.decision`);
  if (resource !== undefined) out.resource = resource;
  if (actions !== undefined) out.actions = actions;
  if (sourceIps !== undefined) out.sourceIps = sourceIps;
  if (decision !== undefined) out.decision = decision;
  return out;
}

export function decodePolicyInfo(value: unknown, path = 'PolicyInfo'): PolicyInfo {
  const r = asRecord(value, path);
  const out: PolicyInfo = {};
  const policyType = optionalString(r.policyType, `${path}.policyType`);
  if (policyType !== undefined) out.policyType = policyType;
  if (r.entries !== undefined && r.entries !== null) {
    out.entries = optionalArray(r.entries, `${path}.entries`).map((e, i) => decodePolicyEntryInfo(e, `${path}.entries[${i}]`));
  }
  return out;
}

export function decodeAclInfo(value: unknown, path = 'AclInfo'): AclInfo {
  const r = asRecord(value, path);
  const out: AclInfo = {};
  const subject = optionalString(r.subject, `${path}.subject`);
  if (subject !== undefined) out.subject = subject;
  if (r.policies !== undefined && r.policies !== null) {
    out.policies = optionalArray(r.policies, `${path}.policies`).map((p, i) => decodePolicyInfo(p, `${path}.policies[${i}]`));
  }
  return out;
}

/** AUTH_LIST_ACL's body: a JSON array of AclInfo (null/absent = none). */
export function decodeAclInfoList(value: unknown): AclInfo[] {
  return optionalArray(value, 'AclInfo[]').map((a, i) => decodeAclInfo(a, `AclInfo[${i}]`));
}

/**
 * The AclInfo createAcl/updateAcl send (admin-commands.md §9.2): one policy, type omitted
 * (= Custom), one entry per resource, each with the same actions, source IPs and decision.
 */
export function aclOf(subject: string, resources: string[], actions: string[], decision: string, sourceIps?: string[], policyType?: string): AclInfo {
  const entries = resources.map((resource): PolicyEntryInfo => {
    const e: PolicyEntryInfo = { resource, actions: [...actions], decision };
    if (sourceIps && sourceIps.length > 0) e.sourceIps = [...sourceIps];
    return e;
  });
  const policy: PolicyInfo = { entries };
  if (policyType !== undefined) policy.policyType = policyType;
  return { subject, policies: [policy] };
}
