// The model of authentication and authorization 2.0 as a 5.3.3 broker holds it (auth.md §2.2;
// Java `auth/.../authentication/model`, `authorization/model`, `common/resource`,
// `common/action`): users, resources, actions, policy entries, policies, ACLs, and the helpers
// that read them the way the Java code does, quirks included (`Resource.of("Topic:a*b*")` is the
// prefix `a`, an IP entry without `/` is compared as text). Pure: no files, no sockets.

import { isIPv4, isIPv6 } from 'node:net';
import { isValidIPv4 } from '../acl/address.js';

// ---------------------------------------------------------------------------------------------
// Names (Java enums: parsed case-insensitively, written in the capitalisation shown)

export const RESOURCE_TYPES = ['Unknown', 'Any', 'Cluster', 'Namespace', 'Topic', 'Group'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
export type ResourcePattern = 'ANY' | 'LITERAL' | 'PREFIXED';

export const ACTIONS = ['Unknown', 'All', 'Any', 'Pub', 'Sub', 'Create', 'Update', 'Delete', 'Get', 'List'] as const;
export type Action = (typeof ACTIONS)[number];

export type Decision = 'Allow' | 'Deny';
export type PolicyType = 'Custom' | 'Default';
export type UserType = 'Super' | 'Normal';
export type UserStatus = 'enable' | 'disable';

/** Java `XxxType.getByName`: `StringUtils.equalsIgnoreCase` over the names; null/absent gives undefined. */
function byName<T extends string>(names: readonly T[], name: string | null | undefined): T | undefined {
  if (name === null || name === undefined) return undefined;
  const lower = name.toLowerCase();
  return names.find((n) => n.toLowerCase() === lower);
}

export const resourceTypeByName = (s: string | null | undefined): ResourceType | undefined => byName(RESOURCE_TYPES, s);
export const actionByName = (s: string | null | undefined): Action | undefined => byName(ACTIONS, s);
export const decisionByName = (s: string | null | undefined): Decision | undefined => byName(['Allow', 'Deny'] as const, s);
export const policyTypeByName = (s: string | null | undefined): PolicyType | undefined => byName(['Custom', 'Default'] as const, s);
export const userTypeByName = (s: string | null | undefined): UserType | undefined => byName(['Super', 'Normal'] as const, s);
export const userStatusByName = (s: string | null | undefined): UserStatus | undefined => byName(['enable', 'disable'] as const, s);

// ---------------------------------------------------------------------------------------------
// Users and subjects

export interface User {
  username: string;
  /** Null only in a file edited by hand: such a user cannot sign anything. */
  password: string | null;
  /** Null when unknown (a file edited by hand): treated as not Super. */
  userType: UserType | null;
  userStatus: UserStatus | null;
}

export const USER_PREFIX = 'User:';

/** `User:<name>`, the subject key of a user. */
export const subjectKey = (username: string | null | undefined): string => `${USER_PREFIX}${username ?? 'null'}`;

/**
 * Java `Subject.of`: the username of `User:<name>` (type case-insensitive, `User` alone gives
 * the empty name), or undefined when the text is not a user subject.
 */
export function subjectOf(key: string | null | undefined): { username: string } | undefined {
  if (key === null || key === undefined) return undefined;
  const colon = key.indexOf(':');
  const type = colon < 0 ? key : key.slice(0, colon);
  if (type.toLowerCase() !== 'user') return undefined;
  return { username: colon < 0 ? '' : key.slice(colon + 1) };
}

// ---------------------------------------------------------------------------------------------
// Resources

export interface Resource {
  type: ResourceType;
  /** Null for `*` and `Type:*`. */
  name: string | null;
  pattern: ResourcePattern;
}

export const RETRY_PREFIX = '%RETRY%';

const isNotBlank = (s: string | null | undefined): s is string => s !== null && s !== undefined && s.trim() !== '';
export const isRetryTopic = (s: string | null | undefined): boolean => isNotBlank(s) && s.startsWith(RETRY_PREFIX);

export const topicResource = (name: string | null | undefined): Resource => ({ type: 'Topic', name: name ?? null, pattern: 'LITERAL' });
export const clusterResource = (name: string | null | undefined): Resource => ({ type: 'Cluster', name: name ?? null, pattern: 'LITERAL' });

/** Java `Resource.ofGroup`: a retry topic names its group (`%RETRY%G` -> `Group:G`). */
export function groupResource(name: string | null | undefined): Resource {
  const n = name ?? null;
  return { type: 'Group', name: isRetryTopic(n) ? n!.slice(RETRY_PREFIX.length) : n, pattern: 'LITERAL' };
}

/**
 * Java `Resource.of(String)`: `*` is any resource; `Type:*` any of that type; `Type:abc*` the
 * prefix `abc` (up to the first `*`); else literal. Undefined for a blank text or an unknown type.
 */
export function parseResource(key: string | null | undefined): Resource | undefined {
  if (!isNotBlank(key)) return undefined;
  if (key === '*') return { type: 'Any', name: null, pattern: 'ANY' };
  const colon = key.indexOf(':');
  const type = resourceTypeByName(colon < 0 ? key : key.slice(0, colon));
  if (type === undefined) return undefined;
  const name = colon < 0 ? '' : key.slice(colon + 1);
  if (name === '*') return { type, name: null, pattern: 'ANY' };
  if (name.endsWith('*')) return { type, name: name.slice(0, name.indexOf('*')), pattern: 'PREFIXED' };
  return { type, name, pattern: 'LITERAL' };
}

/** Java `Resource.getResourceKey`: `*`, `Topic:*`, `Topic:orders`, `Topic:abc*`. */
export function resourceKey(r: Resource): string {
  if (r.type === 'Any') return '*';
  switch (r.pattern) {
    case 'ANY':
      return `${r.type}:*`;
    case 'LITERAL':
      return `${r.type}:${r.name ?? 'null'}`;
    case 'PREFIXED':
      return `${r.type}:${r.name ?? 'null'}*`;
  }
}

export const sameResource = (a: Resource, b: Resource): boolean => a.type === b.type && a.name === b.name && a.pattern === b.pattern;

/** Java `Resource.isMatch`: whether this (policy) resource covers the requested one. */
export function resourceMatches(entry: Resource, requested: Resource): boolean {
  if (entry.type === 'Any') return true;
  if (entry.type !== requested.type) return false;
  switch (entry.pattern) {
    case 'ANY':
      return true;
    case 'LITERAL':
      return requested.name === entry.name;
    case 'PREFIXED':
      return requested.name !== null && entry.name !== null && requested.name.startsWith(entry.name);
  }
}

// ---------------------------------------------------------------------------------------------
// Policies and ACLs

export interface PolicyEntry {
  resource: Resource;
  actions: Action[];
  /** IPs or CIDR ranges; null or empty: from anywhere. */
  sourceIps: string[] | null;
  decision: Decision;
}

export interface Policy {
  policyType: PolicyType;
  entries: PolicyEntry[];
}

export interface Acl {
  /** `User:<name>`. */
  subject: string;
  policies: Policy[];
}

/** Java `PolicyEntry.isMatchAction`: the request asks `Any`, or one asked action is granted (or `All` is). */
export function actionsMatch(entry: readonly Action[], requested: readonly Action[]): boolean {
  if (entry.length === 0) return false;
  if (requested.includes('Any')) return true;
  return requested.some((a) => entry.includes(a) || entry.includes('All'));
}

/** Java `Environment.isMatch`: an entry without IPs matches any source; else one of them must. */
export function sourceIpMatches(sourceIps: readonly string[] | null, ip: string | null | undefined): boolean {
  if (!sourceIps || sourceIps.length === 0) return true;
  if (ip === null || ip === undefined || ip === '') return false;
  return sourceIps.some((range) => isIpInRange(ip, range));
}

/**
 * Java `Acl.updatePolicy`: per policy type, an entry with the same resource gets the new
 * actions, IPs and decision, other entries are added; a policy of a new type is added whole.
 */
export function mergeAcl(old: Acl, policies: readonly Policy[]): Acl {
  const merged: Acl = { subject: old.subject, policies: old.policies.map((p) => ({ policyType: p.policyType, entries: p.entries.map((e) => ({ ...e })) })) };
  for (const policy of policies) {
    const existing = merged.policies.find((p) => p.policyType === policy.policyType);
    if (!existing) {
      merged.policies.push({ policyType: policy.policyType, entries: policy.entries.map((e) => ({ ...e })) });
      continue;
    }
    for (const entry of policy.entries) {
      const same = existing.entries.find((e) => sameResource(e.resource, entry.resource));
      if (same) {
        same.actions = [...entry.actions];
        same.sourceIps = entry.sourceIps ? [...entry.sourceIps] : null;
        same.decision = entry.decision;
      } else {
        existing.entries.push({ ...entry });
      }
    }
  }
  return merged;
}

/** Java `Acl.deletePolicy`: removes the entry of that resource; a policy left empty goes too. */
export function deletePolicyEntry(acl: Acl, policyType: PolicyType, resource: Resource): Acl {
  const policies = acl.policies.map((p) => ({ policyType: p.policyType, entries: [...p.entries] }));
  const policy = policies.find((p) => p.policyType === policyType);
  if (!policy) return { subject: acl.subject, policies };
  const at = policy.entries.findIndex((e) => sameResource(e.resource, resource));
  if (at >= 0) policy.entries.splice(at, 1);
  return { subject: acl.subject, policies: policy.entries.length === 0 ? policies.filter((p) => p !== policy) : policies };
}

/**
 * The order `AclAuthorizationHandler.comparePolicyEntries` puts matching entries in; the first
 * decides. Kept as coded: a typed entry before a `*` one, two prefixes the shorter first, then
 * Allow before Deny; literal vs prefixed vs `Type:*` is not antisymmetric (auth.md §2.5, UNSURE),
 * which is why `javaListSort` reproduces Java's own sort.
 */
export function comparePolicyEntries(o1: PolicyEntry, o2: PolicyEntry): number {
  let compare = 0;
  const r1 = o1.resource;
  const r2 = o2.resource;
  if (r1.type !== r2.type) {
    if (r1.type === 'Any') compare = 1;
    if (r2.type === 'Any') compare = -1;
  } else if (r1.pattern === r2.pattern) {
    if (r1.pattern === 'PREFIXED') {
      const n1 = (r1.name ?? '').length;
      const n2 = (r2.name ?? '').length;
      compare = n1 < n2 ? -1 : n1 > n2 ? 1 : 0;
    }
  } else if (r1.pattern === 'LITERAL' || r1.pattern === 'PREFIXED') {
    // As written in Java: 1 then -1 for the same condition, so -1.
    compare = -1;
  }
  if (compare !== 0) return compare;
  return o1.decision === 'Deny' ? 1 : o2.decision === 'Deny' ? -1 : 0;
}

/**
 * `List.sort` of a Java ArrayList with a comparator: TimSort, which for fewer than 32 elements
 * is a binary insertion sort after the leading run (reversed when strictly descending). The same
 * steps give the same order even with a comparator that is not a total order. Longer lists (more
 * than 31 matching entries for one request) use the same insertion sort, where Java would merge
 * runs: an order that can differ only for such a comparator.
 */
export function javaListSort<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  const a = [...items];
  const hi = a.length;
  if (hi < 2) return a;
  // countRunAndMakeAscending
  let runHi = 1;
  if (cmp(a[runHi++]!, a[0]!) < 0) {
    while (runHi < hi && cmp(a[runHi]!, a[runHi - 1]!) < 0) runHi++;
    a.splice(0, runHi, ...a.slice(0, runHi).reverse());
  } else {
    while (runHi < hi && cmp(a[runHi]!, a[runHi - 1]!) >= 0) runHi++;
  }
  // binarySort from the end of the run
  for (let start = runHi; start < hi; start++) {
    const pivot = a[start]!;
    let left = 0;
    let right = start;
    while (left < right) {
      const mid = (left + right) >>> 1;
      if (cmp(pivot, a[mid]!) < 0) right = mid;
      else left = mid + 1;
    }
    a.splice(start, 1);
    a.splice(left, 0, pivot);
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// IP addresses (Java `IPAddressUtils`)

/** Java `String.split("/")`: trailing empty strings removed. */
function javaSplitSlash(s: string): string[] {
  const parts = s.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Java `Integer.parseInt`: an optional sign and decimal digits, else undefined. */
function parseJavaInt(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

/** The address bytes as an unsigned integer and their number of bits; undefined when `ip` is no IP literal. */
function ipValue(ip: string): { value: bigint; bits: number } | undefined {
  if (isIPv4(ip)) return { value: ip.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n), bits: 32 };
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (!isIPv6(bare)) return undefined;
  const noZone = bare.split('%')[0]!;
  let groups: number[];
  let tail: number[] = [];
  let head = noZone;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(head);
  if (v4) {
    const o = v4[1]!.split('.').map(Number);
    tail = [(o[0]! << 8) | o[1]!, (o[2]! << 8) | o[3]!];
    head = head.slice(0, -v4[1]!.length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const toGroups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  if (head.includes('::')) {
    const [l, r] = head.split('::') as [string, string];
    const left = toGroups(l);
    const right = toGroups(r);
    groups = [...left, ...Array<number>(8 - tail.length - left.length - right.length).fill(0), ...right, ...tail];
  } else {
    groups = [...toGroups(head), ...tail];
  }
  const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
  // Java's InetAddress reads an IPv4-mapped address (::ffff:a.b.c.d) as the IPv4 one.
  if (value >> 32n === 0xffffn) return { value: value & 0xffffffffn, bits: 32 };
  return { value, bits: 128 };
}

/** commons-validator `InetAddressValidator.isValid`: an IPv4 (no leading zeros) or IPv6 literal. */
export function isValidIp(ip: string): boolean {
  return isValidIPv4(ip) || isIPv6(ip.split('%')[0]!);
}

/** Java `IPAddressUtils.isValidCidr`: `<ip>/<prefix>` with a prefix within the address length. */
export function isValidCidr(cidr: string): boolean {
  const parts = javaSplitSlash(cidr);
  if (parts.length !== 2) return false;
  const addr = ipValue(parts[0]!);
  const prefix = parseJavaInt(parts[1]);
  return addr !== undefined && prefix !== undefined && prefix >= 0 && prefix <= addr.bits;
}

/** Java `IPAddressUtils.isValidIPOrCidr`, what an ACL's source IPs are checked with. */
export const isValidIpOrCidr = (s: string): boolean => isValidIp(s) || isValidCidr(s);

/**
 * Java `IPAddressUtils.isIPInRange`: a range without `/` is compared as text; a CIDR by value.
 * Throws (as Java does) on a range it cannot read, which the authorization turns into its
 * generic refusal.
 */
export function isIpInRange(ip: string, cidr: string): boolean {
  const parts = javaSplitSlash(cidr);
  if (parts.length === 1) return ip === cidr;
  if (parts.length !== 2) return false;
  const range = ipValue(parts[0]!);
  const prefix = parseJavaInt(parts[1]);
  const target = ipValue(ip);
  if (range === undefined || prefix === undefined || target === undefined) throw new Error(`cannot read ${cidr} or ${ip} as an IP range`);
  const shift = BigInt(range.bits - prefix);
  const mask = shift >= 0n ? -1n << shift : -1n >> -shift;
  const lower = range.value & mask;
  const upper = lower + ~mask;
  return target.value >= lower && target.value <= upper;
}
