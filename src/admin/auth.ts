// Users and ACLs of 5.x brokers (authentication and authorization 2.0; admin-commands.md §9.1,
// §9.2, auth.md §2), with the Java 5.3.3 tool's requests (codes 3001-3010) and targets: writes go
// to every broker of a cluster, masters and slaves (each keeps its own user and ACL store), reads
// to the masters. What the Java tool does not: updates read first and change only what is given
// (before -> after per broker), deletes and copies say beforehand what they will touch (and what
// is not there: exit 4), broker refusals are turned into what they mean (a 4.x broker, a user
// that exists or does not, the Super-user rule), and no password ever leaves this module: users
// come back with `******`, and every password read is handed to `onSecret` so the CLI can
// redact it from any output.

import { maskSecret } from '../protocol/acl.js';
import {
  canonicalAction,
  canonicalDecision,
  canonicalUserStatus,
  canonicalUserType,
  parseResource,
  subjectUsername,
  aclOf,
  type AclInfo,
  type PolicyEntryInfo,
  type UserInfo,
} from '../protocol/bodies/auth.js';
import { versionDesc } from '../protocol/bodies/consumer.js';
import { requestCodeName, ResponseCode } from '../protocol/codes.js';
import { accessDeniedReason, ResponseError } from '../protocol/errors.js';
import {
  authCreateAcl,
  authCreateUser,
  authDeleteAcl,
  authDeleteUser,
  authGetAcl,
  authGetUser,
  authListAcl,
  authListUser,
  authUpdateAcl,
  authUpdateUser,
} from '../protocol/requests/auth.js';
import { V5_0_0 } from '../protocol/requests/consumer.js';
import { defineRequest, type RequestDefinition } from '../protocol/requests/define.js';
import { isIP } from 'node:net';
import { validateAddress } from './addresses.js';
import type { BrokerAddress } from './cluster.js';
import type { Settled } from './concurrency.js';
import { InvalidArgumentError, NotFoundError, RefusedError, toTargetFailure, UnavailableOnServerError, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { resolveBrokers, type TargetSelector } from './targets.js';

/** The ACL 1.0 commands of 4.x brokers, named when a broker turns out to be one. */
export const ACL1_COMMANDS = 'updateAclConfig, deleteAclConfig, clusterAclConfigVersion, updateGlobalWhiteAddr';

export interface AuthHooks {
  /** Called with every password read from a broker (to be redacted from all output). */
  onSecret?: (secret: string) => void;
}

// ---------------------------------------------------------------------------------------------
// Calls: what a refusal means

const FAILURE_CODES: readonly number[] = Object.values(ResponseCode).filter((c) => c !== ResponseCode.SUCCESS);

/** Broker remarks of the 5.3.3 metadata managers that are about the data, not the caller (admin-commands.md §9). */
const VALIDATION_REMARK = /^(the body of acl is null|the username is blank|username can not be blank|password can not be blank|user can not be null|the (subject|subject type|resource|resource type|resource pattern|decision) is null|the (policies|policy entries|actions|source ip) is empty|the actions can not be any|the source ip is invalid|the decision is null or illegal)/i;

/**
 * Sends one auth request, turning a refusal into what it means: a 4.x broker (no such code, or a
 * 4.x version in the answer) is UnavailableOnServerError (exit 3); "exists" / "not exist" are
 * RefusedError / NotFoundError; the Super-user rule is a RefusedError counted as an access
 * refusal (exit 6); real authentication and authorization refusals stay ResponseErrors (exit 6).
 * `what` names the object for messages (`user alice`, `the ACL of User:alice`).
 */
export async function authCall<A, R>(admin: MQAdmin, addr: string, def: RequestDefinition<A, R>, args: A, what: string): Promise<R> {
  const checked = defineRequest<A, R>({
    ...def,
    answerCodes: FAILURE_CODES,
    decode: (res, a) => {
      if (res.code === ResponseCode.SUCCESS) return def.decode(res, a);
      throw refusal(new ResponseError(res.code, res.remark, addr, def.code), res.version, what);
    },
  });
  return admin.call(addr, checked, args);
}

function refusal(err: ResponseError, version: number, what: string): Error {
  const remark = (err.remark ?? '').split('\n')[0]!.trim();
  const addr = err.addr;
  const request = requestCodeName(err.requestCode);
  const denied = accessDeniedReason(err.code, err.remark);
  const old = version > 0 && version < V5_0_0;
  if (err.code === ResponseCode.REQUEST_CODE_NOT_SUPPORTED || (old && denied === undefined)) {
    const which = old ? `is RocketMQ 4.x (${versionDesc(version)})` : `does not know ${request} (${err.codeName}), like a RocketMQ 4.x broker`;
    return new UnavailableOnServerError(
      `broker ${addr} ${which}: users and ACLs need RocketMQ 5.x; use the ACL 1.0 commands (${ACL1_COMMANDS})`,
      addr,
      'auth2-unsupported',
      undefined,
      { cause: err },
    );
  }
  if (/super user can only be/i.test(remark)) {
    const verb = /create/i.test(remark) ? 'create' : err.requestCode === authDeleteUser.code ? 'delete' : 'change';
    return new RefusedError(
      `only a Super user may ${verb} a Super user: ${addr} refused ${what} (${remark})`,
      "sign with a Super user's credentials (--access-key and --secret-key, MQADMIN_ACCESS_KEY / MQADMIN_SECRET_KEY, or a profile)",
      { accessDenied: remark, response: err },
    );
  }
  if (/^the user is existed/i.test(remark)) {
    return new RefusedError(`${what} already exists on ${addr}`, 'change it with `mqadmin updateUser`', { response: err });
  }
  if (/^the user is not exist/i.test(remark)) {
    return new NotFoundError(`${what} not found on ${addr}`, 'create it with `mqadmin createUser`', { cause: err });
  }
  const noSubject = /^the subject of (\S+) is not exist/i.exec(remark);
  if (noSubject || /^the subject is not exist/i.test(remark)) {
    const subject = noSubject ? noSubject[1]! : what;
    return new NotFoundError(`${subject} is not a user on ${addr}: an ACL's subject must be an existing user`, 'create the user first: `mqadmin createUser -u NAME` (or copy it: `mqadmin copyUser`)', { cause: err });
  }
  if (/^the acl is not exist/i.test(remark)) {
    return new NotFoundError(`${what} not found on ${addr}`, 'see the ACLs with `mqadmin listAcl`', { cause: err });
  }
  if (VALIDATION_REMARK.test(remark) || err.code === ResponseCode.INVALID_PARAMETER) {
    return new RefusedError(`${addr} refused ${what}: ${remark}`, undefined, { response: err });
  }
  if (err.code === ResponseCode.SYSTEM_ERROR && /system error occurred/i.test(remark)) {
    return new RefusedError(
      `${request} failed on ${addr}: ${remark}`,
      'the broker has no user/ACL store to use: set authenticationMetadataProvider and authorizationMetadataProvider in its configuration (see its broker.log); the `mqadmin dev` cluster has one with `dev up --auth`',
      { response: err },
    );
  }
  return err;
}

// ---------------------------------------------------------------------------------------------
// Targets and validation

/** Writes: every broker of the cluster, slaves too (as the Java tool); reads: the masters. */
export async function resolveAuthTargets(admin: MQAdmin, selector: TargetSelector, write: boolean): Promise<BrokerAddress[]> {
  return (await resolveBrokers(admin, selector, { includeSlaves: write })).brokers;
}

export function validateUsername(username: string): string {
  const u = username.trim();
  if (u === '') throw new InvalidArgumentError('the username is blank');
  if (/[\s,]/.test(u)) throw new InvalidArgumentError(`invalid username "${username}": no blanks or commas`);
  return u;
}

export function validateUserType(input: string): string {
  const t = canonicalUserType(input);
  if (!t) throw new InvalidArgumentError(`invalid user type "${input}": Super or Normal`);
  return t;
}

export function validateUserStatus(input: string): string {
  const s = canonicalUserStatus(input);
  if (!s) throw new InvalidArgumentError(`invalid user status "${input}": enable or disable`);
  return s;
}

/** `User:alice` (any case of `User`) -> `User:alice`; a bare name is a usage error with the fix. */
export function validateSubject(input: string): string {
  const name = subjectUsername(input);
  if (name === undefined) {
    const bare = input.trim();
    throw new InvalidArgumentError(`invalid subject "${input}": subjects are User:<username>`, bare && !bare.includes(':') ? `did you mean User:${bare}?` : undefined);
  }
  return `User:${name}`;
}

const splitList = (s: string): string[] => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0);

export function validateResources(input: string | string[]): string[] {
  const items = Array.isArray(input) ? input.flatMap(splitList) : splitList(input);
  if (items.length === 0) throw new InvalidArgumentError('no resource given');
  const out: string[] = [];
  for (const item of items) {
    const r = parseResource(item);
    if (!r) throw new InvalidArgumentError(`invalid resource "${item}"`, 'resources are Topic:NAME, Group:NAME, Cluster:NAME, Namespace:NAME, a prefix (Topic:abc*), Topic:* or * alone');
    if (!out.includes(r.key)) out.push(r.key);
  }
  return out;
}

export function validateActions(input: string): string[] {
  const items = splitList(input);
  if (items.length === 0) throw new InvalidArgumentError('no action given');
  const out: string[] = [];
  for (const item of items) {
    const a = canonicalAction(item);
    if (!a) throw new InvalidArgumentError(`invalid action "${item}"`, 'actions are Pub, Sub, Create, Update, Delete, Get, List, All');
    if (a === 'Any') throw new InvalidArgumentError('the action Any cannot be stored in an ACL (it exists only in requests)', 'use All for every action');
    if (!out.includes(a)) out.push(a);
  }
  return out;
}

export function validateDecision(input: string): string {
  const d = canonicalDecision(input);
  if (!d) throw new InvalidArgumentError(`invalid decision "${input}": Allow or Deny`);
  return d;
}

/** Source IPs: single IPv4/IPv6 addresses or CIDR ranges (what 5.3.3's IPAddressUtils accepts). */
export function validateSourceIps(input: string): string[] {
  const items = splitList(input);
  if (items.length === 0) throw new InvalidArgumentError('no source IP given');
  for (const item of items) {
    const [ip, bits, extra] = item.split('/');
    const family = isIP(ip ?? '');
    const max = family === 6 ? 128 : 32;
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (family === 0 || !okBits || extra !== undefined) throw new InvalidArgumentError(`invalid source IP "${item}": an IP address or a CIDR range (10.0.0.0/8)`);
  }
  return items;
}

function throwIfAllFailed(settled: ReadonlyArray<Settled<unknown>>): void {
  if (settled.length > 0 && settled.every((s) => !s.ok)) throw (settled[0] as { error: unknown }).error;
}

function collect<T, O>(targets: readonly BrokerAddress[], settled: ReadonlyArray<Settled<T>>, ok: (t: BrokerAddress, v: T) => O, failed: (t: BrokerAddress, f: TargetFailure) => O | undefined): { rows: O[]; failures: TargetFailure[] } {
  const rows: O[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (r.ok) rows.push(ok(t, r.value));
    else {
      const f = toTargetFailure(t.addr, r.error);
      failures.push(f);
      const row = failed(t, f);
      if (row !== undefined) rows.push(row);
    }
  });
  return { rows, failures };
}

// ---------------------------------------------------------------------------------------------
// Users

/** A user as shown: the password never, only whether there is one (`******`). */
export interface UserView {
  username: string;
  password: string | null;
  userType: string | null;
  userStatus: string | null;
}

function viewUser(u: UserInfo, hooks: AuthHooks): UserView {
  if (u.password) hooks.onSecret?.(u.password);
  return { username: u.username ?? '', password: maskSecret(u.password) ?? null, userType: u.userType ?? null, userStatus: u.userStatus ?? null };
}

export interface ListUsersResult {
  filter: string | null;
  brokers: Array<BrokerAddress & { users: UserView[] }>;
  failures: TargetFailure[];
}

/** AUTH_LIST_USER on one broker or every master of a cluster; users sorted by name. */
export async function listUsers(admin: MQAdmin, options: TargetSelector & { filter?: string }, hooks: AuthHooks = {}): Promise<ListUsersResult> {
  const targets = await resolveAuthTargets(admin, options, false);
  const filter = options.filter?.trim() || undefined;
  const settled = await admin.fanOut(targets, (t) => authCall(admin, t.addr, authListUser, { filter }, 'the users'));
  throwIfAllFailed(settled);
  const { rows, failures } = collect(targets, settled, (t, users) => ({ ...t, users: users.map((u) => viewUser(u, hooks)).sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0)) }), () => undefined);
  return { filter: filter ?? null, brokers: rows, failures };
}

export interface GetUserResult {
  username: string;
  brokers: Array<BrokerAddress & { user: UserView }>;
  /** Brokers that answered without the user. */
  missingOn: string[];
  failures: TargetFailure[];
}

/** AUTH_GET_USER on one broker or every master; NotFoundError when no broker has the user. */
export async function getUser(admin: MQAdmin, options: TargetSelector & { username: string }, hooks: AuthHooks = {}): Promise<GetUserResult> {
  const username = validateUsername(options.username);
  const targets = await resolveAuthTargets(admin, options, false);
  const settled = await admin.fanOut(targets, (t) => authCall(admin, t.addr, authGetUser, { username }, `user ${username}`));
  throwIfAllFailed(settled);
  const missingOn: string[] = [];
  const brokers: GetUserResult['brokers'] = [];
  const { failures } = collect(targets, settled, (t, u) => {
    if (u) brokers.push({ ...t, user: viewUser(u, hooks) });
    else missingOn.push(t.addr);
  }, () => undefined);
  if (brokers.length === 0 && failures.length === 0) {
    throw new NotFoundError(`user ${username} not found on ${targets.length === 1 ? targets[0]!.addr : `any of ${targets.length} brokers`}`, 'see the users with `mqadmin listUser`');
  }
  return { username, brokers, missingOn, failures };
}

export interface UserWriteRow extends BrokerAddress {
  outcome: 'created' | 'updated' | 'deleted' | 'unchanged' | 'absent' | 'failed';
  error?: string;
}

export interface CreateUserResult {
  user: UserView;
  brokers: UserWriteRow[];
  failures: TargetFailure[];
}

export interface CreateUserOptions extends TargetSelector {
  username: string;
  password: string;
  /** `Super` | `Normal` (not sent when absent: the broker makes a Normal user). */
  userType?: string;
}

/** AUTH_CREATE_USER on one broker or every broker of a cluster (slaves too). */
export async function createUser(admin: MQAdmin, options: CreateUserOptions): Promise<CreateUserResult> {
  const username = validateUsername(options.username);
  if (options.password.trim() === '') throw new InvalidArgumentError('the password is blank');
  const userType = options.userType === undefined ? undefined : validateUserType(options.userType);
  const targets = await resolveAuthTargets(admin, options, true);
  const user: UserInfo & { username: string } = { username, password: options.password, ...(userType ? { userType } : {}) };
  const settled = await admin.fanOut(targets, (t) => authCall(admin, t.addr, authCreateUser, { user }, `user ${username}`));
  throwIfAllFailed(settled);
  const { rows, failures } = collect(targets, settled, (t): UserWriteRow => ({ ...t, outcome: 'created' }), (t, f): UserWriteRow => ({ ...t, outcome: 'failed', error: f.error }));
  return { user: { username, password: maskSecret(options.password) ?? null, userType: userType ?? 'Normal', userStatus: 'enable' }, brokers: rows, failures };
}

export interface UserChange {
  field: 'password' | 'userType' | 'userStatus';
  /** `******` for the password. */
  before: string | null;
  after: string;
}

export interface UpdateUserOptions extends TargetSelector {
  username: string;
  password?: string;
  userType?: string;
  userStatus?: string;
}

export interface UserPlanRow extends BrokerAddress {
  action: 'update' | 'unchanged' | 'absent';
  before: UserView | null;
  after: UserView | null;
  changes: UserChange[];
}

export interface UpdateUserPlan {
  username: string;
  brokers: UserPlanRow[];
  failures: TargetFailure[];
}

export interface UpdateUserResult {
  username: string;
  brokers: Array<UserPlanRow & { outcome: UserWriteRow['outcome']; error?: string }>;
  failures: TargetFailure[];
}

/** The user on every target (AUTH_GET_USER) and, per broker, what the update changes. */
export async function planUpdateUser(admin: MQAdmin, options: UpdateUserOptions, hooks: AuthHooks = {}): Promise<UpdateUserPlan> {
  const username = validateUsername(options.username);
  if (options.password === undefined && options.userType === undefined && options.userStatus === undefined) {
    throw new InvalidArgumentError('nothing to change: give a password (-p), a user type (-t) or a status (-s)');
  }
  if (options.password !== undefined && options.password.trim() === '') throw new InvalidArgumentError('the password is blank');
  const want = {
    password: options.password,
    userType: options.userType === undefined ? undefined : validateUserType(options.userType),
    userStatus: options.userStatus === undefined ? undefined : validateUserStatus(options.userStatus),
  };
  const targets = await resolveAuthTargets(admin, options, true);
  const settled = await admin.fanOut(targets, (t) => authCall(admin, t.addr, authGetUser, { username }, `user ${username}`));
  throwIfAllFailed(settled);
  const { rows, failures } = collect(targets, settled, (t, current): UserPlanRow => {
    if (!current) return { ...t, action: 'absent', before: null, after: null, changes: [] };
    const before = viewUser(current, hooks);
    const changes: UserChange[] = [];
    if (want.password !== undefined && want.password !== current.password) changes.push({ field: 'password', before: before.password, after: maskSecret(want.password)! });
    if (want.userType !== undefined && want.userType.toLowerCase() !== (current.userType ?? '').toLowerCase()) changes.push({ field: 'userType', before: current.userType ?? null, after: want.userType });
    if (want.userStatus !== undefined && want.userStatus.toLowerCase() !== (current.userStatus ?? '').toLowerCase()) changes.push({ field: 'userStatus', before: current.userStatus ?? null, after: want.userStatus });
    const after: UserView = { ...before };
    for (const c of changes) if (c.field !== 'password') after[c.field] = c.after;
    if (changes.some((c) => c.field === 'password')) after.password = maskSecret(want.password) ?? null;
    return { ...t, action: changes.length > 0 ? 'update' : 'unchanged', before, after, changes };
  }, () => undefined);
  if (rows.length > 0 && rows.every((r) => r.action === 'absent') && failures.length === 0) {
    throw new NotFoundError(`user ${username} not found on ${rows.length === 1 ? rows[0]!.addr : `any of ${rows.length} brokers`}`, 'create it with `mqadmin createUser`');
  }
  return { username, brokers: rows, failures };
}

/**
 * AUTH_UPDATE_USER where the plan has changes, with only the changed fields (the broker keeps the
 * others). `password` is the new password again (the plan holds only its mask).
 */
export async function applyUpdateUser(admin: MQAdmin, plan: UpdateUserPlan, password?: string): Promise<UpdateUserResult> {
  const failures = [...plan.failures];
  for (const b of plan.brokers) {
    if (b.action === 'absent') failures.push({ target: b.addr, error: `user ${plan.username} not found on ${b.addr}`, kind: 'NotFoundError' });
  }
  const todo = plan.brokers.filter((b) => b.action === 'update');
  const settled = await admin.fanOut(todo, (b) => {
    const user: UserInfo & { username: string } = { username: plan.username };
    for (const c of b.changes) {
      if (c.field === 'password') user.password = password;
      else user[c.field] = c.after;
    }
    return authCall(admin, b.addr, authUpdateUser, { user }, `user ${plan.username}`);
  });
  const brokers: UpdateUserResult['brokers'] = plan.brokers.map((b) => {
    const i = todo.indexOf(b);
    if (i < 0) return { ...b, outcome: b.action === 'absent' ? 'absent' : 'unchanged' };
    const r = settled[i]!;
    if (r.ok) return { ...b, outcome: 'updated' };
    const f = toTargetFailure(b.addr, r.error);
    failures.push(f);
    return { ...b, outcome: 'failed', error: f.error };
  });
  if (todo.length > 0 && settled.every((s) => !s.ok) && brokers.every((b) => b.outcome === 'failed' || b.outcome === 'absent')) throwIfAllFailed(settled);
  return { username: plan.username, brokers, failures };
}

export interface DeleteUserPlan {
  username: string;
  brokers: Array<BrokerAddress & { present: boolean; user: UserView | null; aclEntries: number | null }>;
  failures: TargetFailure[];
}

export interface DeleteUserResult {
  username: string;
  brokers: Array<DeleteUserPlan['brokers'][number] & { outcome: UserWriteRow['outcome']; error?: string }>;
  failures: TargetFailure[];
}

function entryCount(acl: AclInfo | undefined): number {
  return (acl?.policies ?? []).reduce((n, p) => n + (p.entries?.length ?? 0), 0);
}

/** Where the user is (AUTH_GET_USER) and how many ACL entries go with it; NotFoundError when nowhere. */
export async function planDeleteUser(admin: MQAdmin, options: TargetSelector & { username: string }, hooks: AuthHooks = {}): Promise<DeleteUserPlan> {
  const username = validateUsername(options.username);
  const targets = await resolveAuthTargets(admin, options, true);
  const settled = await admin.fanOut(targets, async (t) => {
    const user = await authCall(admin, t.addr, authGetUser, { username }, `user ${username}`);
    if (!user) return { user, aclEntries: 0 };
    // The ACL goes with the user (auth.md §2.6); a broker without authorization says nothing.
    const acl = await authCall(admin, t.addr, authGetAcl, { subject: `User:${username}` }, `the ACL of User:${username}`).then(
      (a) => entryCount(a),
      () => null,
    );
    return { user, aclEntries: acl };
  });
  throwIfAllFailed(settled);
  const { rows, failures } = collect(targets, settled, (t, v) => ({ ...t, present: v.user !== undefined, user: v.user ? viewUser(v.user, hooks) : null, aclEntries: v.user ? v.aclEntries : null }), () => undefined);
  if (rows.length > 0 && rows.every((r) => !r.present) && failures.length === 0) {
    throw new NotFoundError(`user ${username} not found on ${rows.length === 1 ? rows[0]!.addr : `any of ${rows.length} brokers`}`, 'see the users with `mqadmin listUser`');
  }
  return { username, brokers: rows, failures };
}

/** AUTH_DELETE_USER where the user is (its ACL goes with it). */
export async function applyDeleteUser(admin: MQAdmin, plan: DeleteUserPlan): Promise<DeleteUserResult> {
  const failures = [...plan.failures];
  const todo = plan.brokers.filter((b) => b.present);
  const settled = await admin.fanOut(todo, (b) => authCall(admin, b.addr, authDeleteUser, { username: plan.username }, `user ${plan.username}`));
  if (todo.length > 0 && plan.failures.length === 0 && todo.length === plan.brokers.length) throwIfAllFailed(settled);
  const brokers: DeleteUserResult['brokers'] = plan.brokers.map((b) => {
    const i = todo.indexOf(b);
    if (i < 0) return { ...b, outcome: 'absent' };
    const r = settled[i]!;
    if (r.ok) return { ...b, outcome: 'deleted' };
    const f = toTargetFailure(b.addr, r.error);
    failures.push(f);
    return { ...b, outcome: 'failed', error: f.error };
  });
  return { username: plan.username, brokers, failures };
}

export interface CopyUsersOptions {
  fromBroker: string;
  toBroker: string;
  /** Names to copy; all users of the source when absent. */
  usernames?: string[];
}

export interface CopyUserRow {
  username: string;
  userType: string | null;
  userStatus: string | null;
  action: 'create' | 'update' | 'unchanged';
  /** What an update changes on the target. */
  changes: UserChange[];
}

export interface CopyUsersPlan {
  fromBroker: string;
  toBroker: string;
  users: CopyUserRow[];
  /** Names asked for that the source does not have. */
  missing: string[];
}

export interface CopyUsersResult extends Omit<CopyUsersPlan, 'users'> {
  users: Array<CopyUserRow & { outcome: 'created' | 'updated' | 'unchanged' | 'failed'; error?: string }>;
  failures: TargetFailure[];
}

/** The whole users (passwords included) of a copy plan, kept out of the plan so it can be printed. */
const copySources = new WeakMap<CopyUsersPlan, Map<string, UserInfo & { username: string }>>();

function userDiff(source: UserInfo, target: UserInfo): UserChange[] {
  const changes: UserChange[] = [];
  if ((source.password ?? '') !== (target.password ?? '')) changes.push({ field: 'password', before: maskSecret(target.password) ?? null, after: maskSecret(source.password) ?? '' });
  for (const field of ['userType', 'userStatus'] as const) {
    if ((source[field] ?? '').toLowerCase() !== (target[field] ?? '').toLowerCase()) changes.push({ field, before: target[field] ?? null, after: source[field] ?? '' });
  }
  return changes;
}

/** Reads the users on the source (3004 per name, or 3005) and on the target (3004 each). */
export async function planCopyUsers(admin: MQAdmin, options: CopyUsersOptions, hooks: AuthHooks = {}): Promise<CopyUsersPlan> {
  const from = validateAddress(options.fromBroker.trim(), 'broker');
  const to = validateAddress(options.toBroker.trim(), 'broker');
  const names = options.usernames ? [...new Set(options.usernames.map(validateUsername))] : undefined;
  const sources: Array<UserInfo & { username: string }> = [];
  const missing: string[] = [];
  if (names) {
    for (const username of names) {
      const u = await authCall(admin, from, authGetUser, { username }, `user ${username}`);
      if (u) sources.push({ ...u, username: u.username ?? username });
      else missing.push(username);
    }
  } else {
    for (const u of await authCall(admin, from, authListUser, {}, 'the users')) if (u.username) sources.push({ ...u, username: u.username });
  }
  for (const u of sources) if (u.password) hooks.onSecret?.(u.password);
  if (sources.length === 0) {
    throw new NotFoundError(names ? `user${names.length > 1 ? 's' : ''} ${names.join(', ')} not found on ${from}` : `${from} has no user to copy`, 'see the users with `mqadmin listUser -b ADDR`');
  }
  const users: CopyUserRow[] = [];
  for (const source of sources) {
    const target = await authCall(admin, to, authGetUser, { username: source.username }, `user ${source.username}`);
    if (target?.password) hooks.onSecret?.(target.password);
    const changes = target ? userDiff(source, target) : [];
    users.push({ username: source.username, userType: source.userType ?? null, userStatus: source.userStatus ?? null, action: !target ? 'create' : changes.length > 0 ? 'update' : 'unchanged', changes });
  }
  const plan: CopyUsersPlan = { fromBroker: from, toBroker: to, users, missing };
  copySources.set(plan, new Map(sources.map((s) => [s.username, s])));
  return plan;
}

/** AUTH_CREATE_USER for users the target lacks, AUTH_UPDATE_USER with the whole user for the others (as the Java tool). */
export async function applyCopyUsers(admin: MQAdmin, plan: CopyUsersPlan): Promise<CopyUsersResult> {
  const sources = copySources.get(plan);
  if (!sources) throw new Error('applyCopyUsers needs a plan made by planCopyUsers');
  const failures: TargetFailure[] = [];
  const users: CopyUsersResult['users'] = [];
  for (const row of plan.users) {
    if (row.action === 'unchanged') {
      users.push({ ...row, outcome: 'unchanged' });
      continue;
    }
    const user = sources.get(row.username)!;
    try {
      await authCall(admin, plan.toBroker, row.action === 'create' ? authCreateUser : authUpdateUser, { user }, `user ${row.username}`);
      users.push({ ...row, outcome: row.action === 'create' ? 'created' : 'updated' });
    } catch (err) {
      const f = toTargetFailure(plan.toBroker, err);
      failures.push({ ...f, error: `${row.username}: ${f.error}` });
      users.push({ ...row, outcome: 'failed', error: f.error });
    }
  }
  for (const name of plan.missing) failures.push({ target: plan.fromBroker, error: `user ${name} not found on ${plan.fromBroker}`, kind: 'NotFoundError' });
  return { fromBroker: plan.fromBroker, toBroker: plan.toBroker, missing: plan.missing, users, failures };
}

// ---------------------------------------------------------------------------------------------
// ACLs

/** One policy entry as shown: a row of getAcl / listAcl. */
export interface AclEntryView {
  subject: string;
  /** `Custom` when the broker left it out. */
  policyType: string;
  resource: string;
  actions: string[];
  /** null: from anywhere. */
  sourceIps: string[] | null;
  decision: string;
}

/** The entries of an ACL, in the broker's order. */
export function aclEntries(acl: AclInfo): AclEntryView[] {
  const out: AclEntryView[] = [];
  for (const p of acl.policies ?? []) {
    for (const e of p.entries ?? []) {
      out.push({
        subject: acl.subject ?? '',
        policyType: p.policyType ?? 'Custom',
        resource: e.resource ?? '',
        actions: e.actions ?? [],
        sourceIps: e.sourceIps && e.sourceIps.length > 0 ? e.sourceIps : null,
        decision: e.decision ?? '',
      });
    }
  }
  return out;
}

export interface AclView {
  subject: string;
  entries: AclEntryView[];
}

const viewAcl = (acl: AclInfo): AclView => ({ subject: acl.subject ?? '', entries: aclEntries(acl) });

export interface GetAclResult {
  subject: string;
  brokers: Array<BrokerAddress & { acl: AclView }>;
  missingOn: string[];
  failures: TargetFailure[];
}

/** AUTH_GET_ACL on one broker or every master; NotFoundError when no broker has an ACL for the subject. */
export async function getAcl(admin: MQAdmin, options: TargetSelector & { subject: string }): Promise<GetAclResult> {
  const subject = validateSubject(options.subject);
  const targets = await resolveAuthTargets(admin, options, false);
  const settled = await admin.fanOut(targets, (t) => authCall(admin, t.addr, authGetAcl, { subject }, `the ACL of ${subject}`));
  throwIfAllFailed(settled);
  const brokers: GetAclResult['brokers'] = [];
  const missingOn: string[] = [];
  const { failures } = collect(targets, settled, (t, acl) => {
    if (acl) brokers.push({ ...t, acl: viewAcl(acl) });
    else missingOn.push(t.addr);
  }, () => undefined);
  if (brokers.length === 0 && failures.length === 0) {
    throw new NotFoundError(`${subject} has no ACL on ${targets.length === 1 ? targets[0]!.addr : `any of ${targets.length} brokers`}`, 'create one with `mqadmin createAcl`');
  }
  return { subject, brokers, missingOn, failures };
}

export interface ListAclsResult {
  subjectFilter: string | null;
  resourceFilter: string | null;
  brokers: Array<BrokerAddress & { acls: AclView[] }>;
  failures: TargetFailure[];
}

/** AUTH_LIST_ACL on one broker or every master (the Java tool prints each master's list). */
export async function listAcls(admin: MQAdmin, options: TargetSelector & { subjectFilter?: string; resourceFilter?: string }): Promise<ListAclsResult> {
  const subjectFilter = options.subjectFilter?.trim() || undefined;
  const resourceFilter = options.resourceFilter?.trim() || undefined;
  const targets = await resolveAuthTargets(admin, options, false);
  const settled = await admin.fanOut(targets, (t) => authCall(admin, t.addr, authListAcl, { subjectFilter, resourceFilter }, 'the ACLs'));
  throwIfAllFailed(settled);
  const { rows, failures } = collect(targets, settled, (t, acls) => ({ ...t, acls: acls.map(viewAcl) }), () => undefined);
  return { subjectFilter: subjectFilter ?? null, resourceFilter: resourceFilter ?? null, brokers: rows, failures };
}

export interface PutAclOptions extends TargetSelector {
  subject: string;
  resources: string | string[];
  actions: string;
  decision: string;
  sourceIps?: string;
}

export interface AclChange {
  resource: string;
  kind: 'added' | 'changed';
  before: AclEntryView | null;
  after: AclEntryView;
}

export interface PutAclPlanRow extends BrokerAddress {
  action: 'create' | 'update' | 'unchanged';
  before: AclEntryView[] | null;
  /** What the broker will hold: the old entries with the given resources replaced or added. */
  after: AclEntryView[];
  changes: AclChange[];
}

export interface PutAclPlan {
  /** createAcl sends AUTH_CREATE_ACL, updateAcl AUTH_UPDATE_ACL (the broker merges either way). */
  mode: 'create' | 'update';
  subject: string;
  /** The AclInfo sent (one policy, one entry per resource). */
  acl: AclInfo & { subject: string };
  brokers: PutAclPlanRow[];
  failures: TargetFailure[];
}

export interface PutAclResult extends Omit<PutAclPlan, 'brokers'> {
  brokers: Array<PutAclPlanRow & { outcome: 'created' | 'updated' | 'unchanged' | 'failed'; error?: string }>;
}

const sameList = (a: readonly string[] | null, b: readonly string[] | null): boolean => (a ?? []).join(',').toLowerCase() === (b ?? []).join(',').toLowerCase();

const resourceKey = (r: string): string => parseResource(r)?.key.toLowerCase() ?? r.toLowerCase();

/**
 * What 5.3.3's AuthorizationMetadataManager does with create and update alike: per policy type,
 * an entry with the same resource is replaced, others are added, nothing is removed.
 */
export function mergeAclEntries(before: readonly AclEntryView[], incoming: readonly AclEntryView[]): { after: AclEntryView[]; changes: AclChange[] } {
  const after = [...before];
  const changes: AclChange[] = [];
  for (const e of incoming) {
    const i = after.findIndex((x) => x.policyType.toLowerCase() === e.policyType.toLowerCase() && resourceKey(x.resource) === resourceKey(e.resource));
    if (i < 0) {
      after.push(e);
      changes.push({ resource: e.resource, kind: 'added', before: null, after: e });
      continue;
    }
    const old = after[i]!;
    after[i] = e;
    if (!sameList(old.actions, e.actions) || !sameList(old.sourceIps, e.sourceIps) || old.decision.toLowerCase() !== e.decision.toLowerCase()) {
      changes.push({ resource: e.resource, kind: 'changed', before: old, after: e });
    }
  }
  return { after, changes };
}

/** Checks the input, reads the subject's ACL on every target (AUTH_GET_ACL) and works out per broker what changes. */
export async function planPutAcl(admin: MQAdmin, mode: 'create' | 'update', options: PutAclOptions): Promise<PutAclPlan> {
  const subject = validateSubject(options.subject);
  const resources = validateResources(options.resources);
  const actions = validateActions(options.actions);
  const decision = validateDecision(options.decision);
  const sourceIps = options.sourceIps === undefined ? undefined : validateSourceIps(options.sourceIps);
  const acl = { ...aclOf(subject, resources, actions, decision, sourceIps), subject };
  const incoming = aclEntries(acl);
  const targets = await resolveAuthTargets(admin, options, true);
  const settled = await admin.fanOut(targets, (t) => authCall(admin, t.addr, authGetAcl, { subject }, `the ACL of ${subject}`));
  throwIfAllFailed(settled);
  const { rows, failures } = collect(targets, settled, (t, current): PutAclPlanRow => {
    const before = current ? aclEntries(current) : null;
    const { after, changes } = mergeAclEntries(before ?? [], incoming);
    return { ...t, action: before === null ? 'create' : changes.length > 0 ? 'update' : 'unchanged', before, after, changes };
  }, () => undefined);
  return { mode, subject, acl, brokers: rows, failures };
}

/** Sends the ACL where something changes (AUTH_CREATE_ACL for createAcl, AUTH_UPDATE_ACL for updateAcl). */
export async function applyPutAcl(admin: MQAdmin, plan: PutAclPlan): Promise<PutAclResult> {
  const failures = [...plan.failures];
  const todo = plan.brokers.filter((b) => b.action !== 'unchanged');
  const def = plan.mode === 'create' ? authCreateAcl : authUpdateAcl;
  const settled = await admin.fanOut(todo, (b) => authCall(admin, b.addr, def, { acl: plan.acl }, `the ACL of ${plan.subject}`));
  if (todo.length > 0 && todo.length === plan.brokers.length && plan.failures.length === 0) throwIfAllFailed(settled);
  const brokers: PutAclResult['brokers'] = plan.brokers.map((b) => {
    const i = todo.indexOf(b);
    if (i < 0) return { ...b, outcome: 'unchanged' };
    const r = settled[i]!;
    if (r.ok) return { ...b, outcome: b.action === 'create' ? 'created' : 'updated' };
    const f = toTargetFailure(b.addr, r.error);
    failures.push(f);
    return { ...b, outcome: 'failed', error: f.error };
  });
  return { mode: plan.mode, subject: plan.subject, acl: plan.acl, brokers, failures };
}

export interface DeleteAclPlanRow extends BrokerAddress {
  /** `all`: the whole ACL; `entries`: the given resources of its Custom policy; `absent`: nothing to delete. */
  action: 'all' | 'entries' | 'absent';
  before: AclEntryView[] | null;
  /** The entries that go. */
  removed: AclEntryView[];
  /** The resources asked for that this broker's ACL does not have. */
  notFound: string[];
}

export interface DeleteAclPlan {
  subject: string;
  /** null: the whole ACL. */
  resources: string[] | null;
  brokers: DeleteAclPlanRow[];
  failures: TargetFailure[];
}

export interface DeleteAclResult extends Omit<DeleteAclPlan, 'brokers'> {
  brokers: Array<DeleteAclPlanRow & { outcome: 'deleted' | 'absent' | 'failed'; error?: string }>;
}

/** Reads the subject's ACL on every target and says what goes; NotFoundError when there is nothing to delete anywhere. */
export async function planDeleteAcl(admin: MQAdmin, options: TargetSelector & { subject: string; resources?: string | string[] }): Promise<DeleteAclPlan> {
  const subject = validateSubject(options.subject);
  const resources = options.resources === undefined ? null : validateResources(options.resources);
  const targets = await resolveAuthTargets(admin, options, true);
  const settled = await admin.fanOut(targets, (t) =>
    authCall(admin, t.addr, authGetAcl, { subject }, `the ACL of ${subject}`).catch((err: unknown) => {
      // No such user: then there is no ACL either.
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }),
  );
  throwIfAllFailed(settled);
  const { rows, failures } = collect(targets, settled, (t, current): DeleteAclPlanRow => {
    const before = current ? aclEntries(current) : null;
    if (!before) return { ...t, action: 'absent', before, removed: [], notFound: resources ?? [] };
    if (!resources) return { ...t, action: 'all', before, removed: before, notFound: [] };
    // AUTH_DELETE_ACL without policyType acts on the Custom policy.
    const custom = before.filter((e) => e.policyType.toLowerCase() === 'custom');
    const removed = custom.filter((e) => resources.some((r) => resourceKey(r) === resourceKey(e.resource)));
    const notFound = resources.filter((r) => !custom.some((e) => resourceKey(r) === resourceKey(e.resource)));
    return { ...t, action: removed.length > 0 ? 'entries' : 'absent', before, removed, notFound };
  }, () => undefined);
  if (rows.length > 0 && rows.every((r) => r.action === 'absent') && failures.length === 0) {
    const where = rows.length === 1 ? rows[0]!.addr : `any of ${rows.length} brokers`;
    throw new NotFoundError(
      resources && rows.some((r) => r.before !== null) ? `${subject} has no entry for ${resources.join(', ')} on ${where}` : `${subject} has no ACL on ${where}`,
      `see it with \`mqadmin getAcl -s ${subject}\``,
    );
  }
  return { subject, resources, brokers: rows, failures };
}

/** AUTH_DELETE_ACL: once for the whole ACL, or once per resource present (the Java tool takes one). */
export async function applyDeleteAcl(admin: MQAdmin, plan: DeleteAclPlan): Promise<DeleteAclResult> {
  const failures = [...plan.failures];
  const todo = plan.brokers.filter((b) => b.action !== 'absent');
  const settled = await admin.fanOut(todo, async (b) => {
    if (b.action === 'all') return authCall(admin, b.addr, authDeleteAcl, { subject: plan.subject }, `the ACL of ${plan.subject}`);
    for (const e of b.removed) await authCall(admin, b.addr, authDeleteAcl, { subject: plan.subject, resource: e.resource }, `the entry ${e.resource} of ${plan.subject}`);
  });
  if (todo.length > 0 && todo.length === plan.brokers.length && plan.failures.length === 0) throwIfAllFailed(settled);
  const brokers: DeleteAclResult['brokers'] = plan.brokers.map((b) => {
    const i = todo.indexOf(b);
    if (i < 0) return { ...b, outcome: 'absent' };
    const r = settled[i]!;
    if (r.ok) return { ...b, outcome: 'deleted' };
    const f = toTargetFailure(b.addr, r.error);
    failures.push(f);
    return { ...b, outcome: 'failed', error: f.error };
  });
  return { subject: plan.subject, resources: plan.resources, brokers, failures };
}

export interface CopyAclsOptions {
  fromBroker: string;
  toBroker: string;
  /** Subjects to copy; every ACL of the source when absent. */
  subjects?: string[];
}

export interface CopyAclRow {
  subject: string;
  entries: AclEntryView[];
  action: 'create' | 'update' | 'unchanged';
  /** For an update: what the target gains or changes (the broker merges; nothing is removed). */
  changes: AclChange[];
}

export interface CopyAclsPlan {
  fromBroker: string;
  toBroker: string;
  acls: CopyAclRow[];
  /** Subjects asked for that have no ACL on the source. */
  missing: string[];
}

export interface CopyAclsResult extends Omit<CopyAclsPlan, 'acls'> {
  acls: Array<CopyAclRow & { outcome: 'created' | 'updated' | 'unchanged' | 'failed'; error?: string }>;
  failures: TargetFailure[];
}

const copyAclSources = new WeakMap<CopyAclsPlan, Map<string, AclInfo & { subject: string }>>();

/** Reads the ACLs on the source (3009 per subject, or 3010) and on the target (3009 each). */
export async function planCopyAcls(admin: MQAdmin, options: CopyAclsOptions): Promise<CopyAclsPlan> {
  const from = validateAddress(options.fromBroker.trim(), 'broker');
  const to = validateAddress(options.toBroker.trim(), 'broker');
  const subjects = options.subjects ? [...new Set(options.subjects.map(validateSubject))] : undefined;
  const sources: Array<AclInfo & { subject: string }> = [];
  const missing: string[] = [];
  if (subjects) {
    for (const subject of subjects) {
      const acl = await authCall(admin, from, authGetAcl, { subject }, `the ACL of ${subject}`).catch((err: unknown) => {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      });
      if (acl) sources.push({ ...acl, subject: acl.subject ?? subject });
      else missing.push(subject);
    }
  } else {
    for (const acl of await authCall(admin, from, authListAcl, {}, 'the ACLs')) if (acl.subject) sources.push({ ...acl, subject: acl.subject });
  }
  if (sources.length === 0) {
    throw new NotFoundError(subjects ? `no ACL for ${subjects.join(', ')} on ${from}` : `${from} has no ACL to copy`, 'see the ACLs with `mqadmin listAcl -b ADDR`');
  }
  const acls: CopyAclRow[] = [];
  for (const source of sources) {
    const entries = aclEntries(source);
    // A subject that is no user on the target: its create fails and says so (copyUser first).
    const target = await authCall(admin, to, authGetAcl, { subject: source.subject }, `the ACL of ${source.subject}`).catch((err: unknown) => {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    });
    const { changes } = mergeAclEntries(target ? aclEntries(target) : [], entries);
    acls.push({ subject: source.subject, entries, action: !target ? 'create' : changes.length > 0 ? 'update' : 'unchanged', changes: target ? changes : [] });
  }
  const plan: CopyAclsPlan = { fromBroker: from, toBroker: to, acls, missing };
  copyAclSources.set(plan, new Map(sources.map((s) => [s.subject, s])));
  return plan;
}

/** AUTH_CREATE_ACL where the target has no ACL for the subject, AUTH_UPDATE_ACL otherwise, with the ACL as read (as the Java tool). */
export async function applyCopyAcls(admin: MQAdmin, plan: CopyAclsPlan): Promise<CopyAclsResult> {
  const sources = copyAclSources.get(plan);
  if (!sources) throw new Error('applyCopyAcls needs a plan made by planCopyAcls');
  const failures: TargetFailure[] = [];
  const acls: CopyAclsResult['acls'] = [];
  for (const row of plan.acls) {
    if (row.action === 'unchanged') {
      acls.push({ ...row, outcome: 'unchanged' });
      continue;
    }
    try {
      await authCall(admin, plan.toBroker, row.action === 'create' ? authCreateAcl : authUpdateAcl, { acl: sources.get(row.subject)! }, `the ACL of ${row.subject}`);
      acls.push({ ...row, outcome: row.action === 'create' ? 'created' : 'updated' });
    } catch (err) {
      const f = toTargetFailure(plan.toBroker, err);
      failures.push({ ...f, error: `${row.subject}: ${f.error}` });
      acls.push({ ...row, outcome: 'failed', error: f.error });
    }
  }
  for (const s of plan.missing) failures.push({ target: plan.fromBroker, error: `${s} has no ACL on ${plan.fromBroker}`, kind: 'NotFoundError' });
  return { fromBroker: plan.fromBroker, toBroker: plan.toBroker, missing: plan.missing, acls, failures };
}

export type { PolicyEntryInfo };
