// The users and ACLs of a dev cluster started with --auth (the 5.x model, auth.md §2.2), in
// <dataDir>/auth/users.json and acls.json: what a 5.3.3 broker keeps in its local metadata
// providers (RocksDB under config/users and config/acls), shared here by every broker of the
// cluster. Both files are mode 0600 (they hold passwords), written whole through a rename,
// kept across restarts, and reloaded by each broker when they change on disk (a stat per
// request). The first start creates the cluster's own Super user, as `initAuthenticationUser`
// does.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  actionByName,
  decisionByName,
  parseResource,
  policyTypeByName,
  resourceKey,
  subjectOf,
  userStatusByName,
  userTypeByName,
  type Acl,
  type Policy,
  type PolicyEntry,
  type User,
} from './model.js';
import type { AuthData } from './evaluator.js';

export const AUTH_DIR = 'auth';
export const USERS_FILE = 'users.json';
export const ACLS_FILE = 'acls.json';
/** The Super user the dev cluster creates for itself and for `mqadmin` (kept in dev.json). */
export const DEV_SUPER_USER = 'mqadmin-admin';

export interface AuthFiles {
  users: string;
  acls: string;
}

/**
 * Where one broker keeps its users and ACLs: under its own `config/` (a 5.3.3 broker keeps them
 * in `${storePathRootDir}/config`), so that, as on a real cluster, every broker has its own and
 * the admin tools write each one.
 */
export const brokerAuthDir = (clusterDataDir: string, brokerName: string): string => join(clusterDataDir, brokerName, 'config');

export const authFiles = (dataDir: string): AuthFiles => ({
  users: join(dataDir, AUTH_DIR, USERS_FILE),
  acls: join(dataDir, AUTH_DIR, ACLS_FILE),
});

const USERS_NOTE =
  'Users of the mqadmin dev cluster (dev up --auth), as a RocketMQ 5.3.3 broker keeps them: username, password (the secret key clients sign with), userType Super|Normal, userStatus enable|disable. One pair per broker, reloaded when it changes; manage it with createUser/updateUser/deleteUser (codes 3001-3003) or by editing it. mqadmin-admin is the Super user mqadmin signs with: remove it and restart to get a new password.';
const ACLS_NOTE =
  'ACLs of the mqadmin dev cluster (dev up --auth), as a RocketMQ 5.3.3 broker keeps them: per subject User:<name>, policies Custom|Default of entries (resource, actions, sourceIps, decision Allow|Deny). One pair per broker, reloaded when it changes; manage it with createAcl/updateAcl/deleteAcl (codes 3006-3008) or by editing it.';

/** A file that cannot be used: not JSON, or a user or entry that does not read. */
export class AuthFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthFileError';
  }
}

// ---------------------------------------------------------------------------------------------
// Reading and writing

type Raw = Record<string, unknown>;

function readJson(path: string): Raw | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AuthFileError(`${path} is not JSON: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AuthFileError(`${path} is not a JSON object`);
  return value as Raw;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : String(v));

function toUsers(raw: Raw | undefined, path: string): Map<string, User> {
  const users = new Map<string, User>();
  const list = raw?.users ?? [];
  if (!Array.isArray(list)) throw new AuthFileError(`${path}: "users" is not a list`);
  list.forEach((item: unknown, i) => {
    const r = (item !== null && typeof item === 'object' ? item : {}) as Raw;
    const username = str(r.username);
    if (username === null || username === '') throw new AuthFileError(`${path}: user ${i + 1} has no username`);
    if (users.has(username)) return;
    users.set(username, {
      username,
      password: str(r.password),
      userType: userTypeByName(str(r.userType)) ?? null,
      userStatus: userStatusByName(str(r.userStatus)) ?? null,
    });
  });
  return users;
}

function toAcls(raw: Raw | undefined, path: string): Map<string, Acl> {
  const acls = new Map<string, Acl>();
  const list = raw?.acls ?? [];
  if (!Array.isArray(list)) throw new AuthFileError(`${path}: "acls" is not a list`);
  list.forEach((item: unknown, i) => {
    const r = (item !== null && typeof item === 'object' ? item : {}) as Raw;
    const subject = subjectOf(str(r.subject));
    if (!subject) throw new AuthFileError(`${path}: ACL ${i + 1} has no subject User:<name>`);
    const key = `User:${subject.username}`;
    if (acls.has(key)) return;
    const policies: Policy[] = [];
    const rawPolicies = Array.isArray(r.policies) ? r.policies : [];
    for (const p of rawPolicies as unknown[]) {
      const pr = (p !== null && typeof p === 'object' ? p : {}) as Raw;
      const policyType = policyTypeByName(str(pr.policyType)) ?? 'Custom';
      const entries: PolicyEntry[] = [];
      for (const e of (Array.isArray(pr.entries) ? pr.entries : []) as unknown[]) {
        const er = (e !== null && typeof e === 'object' ? e : {}) as Raw;
        const where = `${path}: ACL of ${key}, entry ${str(er.resource) ?? '(no resource)'}`;
        const resource = parseResource(str(er.resource));
        if (!resource) throw new AuthFileError(`${where}: the resource is not Type:name or *`);
        const actions = (Array.isArray(er.actions) ? er.actions : []).map((a: unknown) => actionByName(str(a)));
        if (actions.some((a) => a === undefined)) throw new AuthFileError(`${where}: unknown action in ${JSON.stringify(er.actions)}`);
        const decision = decisionByName(str(er.decision));
        if (!decision) throw new AuthFileError(`${where}: the decision is not Allow or Deny`);
        const ips = Array.isArray(er.sourceIps) ? er.sourceIps.map((x: unknown) => String(x)) : null;
        entries.push({ resource, actions: actions as PolicyEntry['actions'], sourceIps: ips && ips.length > 0 ? ips : null, decision });
      }
      policies.push({ policyType, entries });
    }
    acls.set(key, { subject: key, policies });
  });
  return acls;
}

/** RocksDB's order of keys: bytewise over UTF-8. */
export const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function writeAtomically(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** The JSON form of a user: what AUTH_GET_USER answers, plus nothing else. */
export function userRecord(u: User): Raw {
  const out: Raw = { username: u.username };
  if (u.password !== null) out.password = u.password;
  if (u.userType !== null) out.userType = u.userType;
  if (u.userStatus !== null) out.userStatus = u.userStatus;
  return out;
}

/** The JSON form of an ACL: the AclInfo the broker answers AUTH_GET_ACL with. */
export function aclRecord(acl: Acl): Raw {
  return {
    subject: acl.subject,
    policies: acl.policies.map((p) => ({
      policyType: p.policyType,
      entries: p.entries.map((e) => {
        const out: Raw = { resource: resourceKey(e.resource), actions: [...e.actions] };
        if (e.sourceIps && e.sourceIps.length > 0) out.sourceIps = [...e.sourceIps];
        out.decision = e.decision;
        return out;
      }),
    })),
  };
}

function writeUsers(path: string, users: ReadonlyMap<string, User>): void {
  const list = [...users.values()].sort((a, b) => byteOrder(a.username, b.username)).map(userRecord);
  writeAtomically(path, { note: USERS_NOTE, users: list });
}

function writeAcls(path: string, acls: ReadonlyMap<string, Acl>): void {
  const list = [...acls.values()].sort((a, b) => byteOrder(a.subject, b.subject)).map(aclRecord);
  writeAtomically(path, { note: ACLS_NOTE, acls: list });
}

// ---------------------------------------------------------------------------------------------
// The cluster's own Super user

/** A new random password: 24 characters of base64url from 18 random bytes. */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

export interface DevSuperUser {
  /** The username: what clients send as their access key. */
  accessKey: string;
  /** The password: their secret key. */
  secretKey: string;
  /** Created by this start (the files were new, or the user had been removed). */
  created: boolean;
  files: AuthFiles;
}

/**
 * Makes sure both files exist and read, and that the users hold the dev Super user (created as
 * `initAuthenticationUser` creates its user: as Super, only when absent). Throws when an
 * existing file cannot be used.
 */
export function ensureDevAuthFiles(dataDir: string, log: (line: string) => void = () => undefined, password: string = randomPassword()): DevSuperUser {
  const files = authFiles(dataDir);
  try {
    const users = toUsers(readJson(files.users), files.users);
    toAcls(readJson(files.acls), files.acls);
    if (!existsSync(files.acls)) writeAcls(files.acls, new Map());
    else chmodSync(files.acls, 0o600);
    const stored = users.get(DEV_SUPER_USER);
    if (stored) {
      chmodSync(files.users, 0o600);
      if (stored.userType !== 'Super' || stored.userStatus === 'disable' || stored.password === null) {
        log(`auth: warning: ${DEV_SUPER_USER} in ${files.users} is not an enabled Super user with a password: mqadmin's own requests may be refused`);
      }
      return { accessKey: DEV_SUPER_USER, secretKey: stored.password ?? '', created: false, files };
    }
    users.set(DEV_SUPER_USER, { username: DEV_SUPER_USER, password, userType: 'Super', userStatus: 'enable' });
    writeUsers(files.users, users);
    return { accessKey: DEV_SUPER_USER, secretKey: password, created: true, files };
  } catch (err) {
    throw new Error(`the auth files in ${dirname(files.users)} cannot be used: ${(err as Error).message}`, { cause: err });
  }
}

// ---------------------------------------------------------------------------------------------
// One broker's view

/**
 * The users and ACLs as one broker sees them: in memory, reloaded when either file changes
 * (a file that stops being valid is logged and what was loaded before stays in force), and
 * changed by the admin codes (each change rewrites the file at once).
 */
export class AuthStore {
  readonly files: AuthFiles;
  private users = new Map<string, User>();
  private acls = new Map<string, Acl>();
  private stamp = '';

  constructor(files: AuthFiles, private readonly log: (line: string) => void = () => undefined) {
    this.files = { users: resolve(files.users), acls: resolve(files.acls) };
  }

  /** The first load: throws when a file is not usable. */
  load(): this {
    this.reload(true);
    return this;
  }

  /** What the checks read, after a reload if a file changed since the last look. */
  get data(): AuthData {
    this.refresh();
    return { users: this.users, acls: this.acls };
  }

  getUser(username: string): User | undefined {
    return this.data.users.get(username);
  }

  /** Users in key order, those whose name contains `filter` when it is not blank. */
  listUsers(filter?: string | null): User[] {
    const all = [...this.data.users.values()].sort((a, b) => byteOrder(a.username, b.username));
    return filter !== undefined && filter !== null && filter.trim() !== '' ? all.filter((u) => u.username.includes(filter)) : all;
  }

  getAcl(subject: string): Acl | undefined {
    return this.data.acls.get(subject);
  }

  /** ACLs in key order. */
  listAcls(): Acl[] {
    return [...this.data.acls.values()].sort((a, b) => byteOrder(a.subject, b.subject));
  }

  putUser(user: User): void {
    this.refresh();
    const users = new Map(this.users);
    users.set(user.username, { ...user });
    writeUsers(this.files.users, users);
    this.reload(false, false);
  }

  /** Deletes the user and its ACL (Java `deleteUser` removes both). */
  deleteUser(username: string): void {
    this.refresh();
    const users = new Map(this.users);
    if (users.delete(username)) writeUsers(this.files.users, users);
    const acls = new Map(this.acls);
    if (acls.delete(`User:${username}`)) writeAcls(this.files.acls, acls);
    this.reload(false, false);
  }

  putAcl(acl: Acl): void {
    this.refresh();
    const acls = new Map(this.acls);
    acls.set(acl.subject, acl);
    writeAcls(this.files.acls, acls);
    this.reload(false, false);
  }

  deleteAcl(subject: string): void {
    this.refresh();
    const acls = new Map(this.acls);
    if (acls.delete(subject)) writeAcls(this.files.acls, acls);
    this.reload(false, false);
  }

  private fileStamp(): string {
    const one = (path: string): string => {
      try {
        const st = statSync(path);
        return `${st.ino}:${st.mtimeMs}:${st.size}`;
      } catch {
        return 'missing';
      }
    };
    return `${one(this.files.users)}|${one(this.files.acls)}`;
  }

  private refresh(): void {
    if (this.fileStamp() !== this.stamp) this.reload(false);
  }

  /** `announce`: log the reload (a change made elsewhere: another broker, an editor). */
  private reload(strict: boolean, announce = true): void {
    const stamp = this.fileStamp();
    try {
      const users = toUsers(readJson(this.files.users), this.files.users);
      const acls = toAcls(readJson(this.files.acls), this.files.acls);
      this.users = users;
      this.acls = acls;
      if (!strict && announce && stamp !== this.stamp) this.log(`auth: reloaded ${dirname(this.files.users)} (${users.size} user(s), ${acls.size} ACL(s))`);
    } catch (err) {
      if (strict) throw err;
      this.log(`auth: ${(err as Error).message}; the users and ACLs loaded before stay in force`);
    }
    this.stamp = stamp;
  }
}
