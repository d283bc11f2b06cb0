// The accounts file of the dev cluster: one plain_acl.yml (the Java YAML model, auth.md §1.1)
// in <dataDir>/acl, shared by every broker. Created on first start with an admin account; kept
// across restarts; rewritten by the ACL admin codes (50, 51, 53) the way 4.9.8's
// PlainPermissionManager rewrites its file (merge into the stored account, move it last, bump
// dataVersion); reloaded by each broker when it changes on disk (an mtime check per request).

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import type { RemotingCommand } from '../../../remoting/command.js';
import { AclError, checkResourcePerms } from './permission.js';
import { checkKeys, checkRequest, compileAccount, compileAcl, type CompiledAcl, type DataVersion, type PlainAccessConfig, type PlainAclData } from './validator.js';
import { compileAddress } from './address.js';

export const ACL_DIR = 'acl';
export const ACL_FILE = 'plain_acl.yml';
/** The account the dev cluster creates for itself and for `mqadmin` (kept in dev.json). */
export const DEV_ADMIN_ACCESS_KEY = 'mqadmin-admin';

export const aclFilePath = (dataDir: string): string => join(dataDir, ACL_DIR, ACL_FILE);

const HEADER = [
  '# Accounts of the mqadmin dev cluster: ACL 1.0 "plain ACL", as a RocketMQ 4.9 broker reads plain_acl.yml.',
  '# Shared by every broker of the cluster and reloaded when it changes. Manage it with',
  '# `mqadmin dev acl list|set|delete`, the Java tools (updateAclConfig, deleteAclConfig,',
  '# updateGlobalWhiteAddr), or by editing it. The account `mqadmin-admin` is the one mqadmin uses;',
  '# remove it and restart the cluster to get a new secret.',
  '',
].join('\n');

type RawData = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));
const list = (v: unknown): string[] | null => (v === null || v === undefined ? null : Array.isArray(v) ? v.map((x) => String(x)) : [String(v)]);

/** One stored account as the Java loader converts it (scalars become strings, `admin` a boolean). */
export function toAccessConfig(raw: unknown): PlainAccessConfig {
  const r = (raw !== null && typeof raw === 'object' ? raw : {}) as RawData;
  return {
    accessKey: str(r.accessKey),
    secretKey: str(r.secretKey),
    whiteRemoteAddress: str(r.whiteRemoteAddress),
    admin: r.admin === true || String(r.admin).toLowerCase() === 'true',
    defaultTopicPerm: str(r.defaultTopicPerm),
    defaultGroupPerm: str(r.defaultGroupPerm),
    topicPerms: list(r.topicPerms),
    groupPerms: list(r.groupPerms),
  };
}

function toDataVersion(raw: unknown): DataVersion | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const first = (raw[0] ?? {}) as RawData;
  const counter = Number(first.counter);
  const timestamp = Number(first.timestamp);
  return { counter: Number.isFinite(counter) ? counter : 0, timestamp: Number.isFinite(timestamp) ? timestamp : 0 };
}

/** The file's raw YAML mapping (empty for an empty or missing file); AclError when it is not YAML. */
export function readRaw(path: string): RawData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new AclError((err as Error).message);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new AclError(`${path} is not a YAML mapping`);
  return value as RawData;
}

export function toAclData(raw: RawData): PlainAclData {
  return {
    globalWhiteRemoteAddresses: list(raw.globalWhiteRemoteAddresses),
    accounts: Array.isArray(raw.accounts) ? raw.accounts.map(toAccessConfig) : [],
    dataVersion: toDataVersion(raw.dataVersion) ? [toDataVersion(raw.dataVersion)!] : null,
  };
}

/** Reads and parses the file (what `dev acl list` shows). */
export function readAclFile(path: string): PlainAclData {
  return toAclData(readRaw(path));
}

/** Written whole through a rename, mode 0600 (it holds secrets). */
export function writeRaw(path: string, raw: RawData): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, HEADER + stringify(raw, { lineWidth: 0 }), { mode: 0o600 });
  renameSync(tmp, path);
}

/** Java `updateAclConfigFileVersion`: counter + 1, timestamp now. */
function bumpVersion(raw: RawData, now = Date.now()): RawData {
  const current = toDataVersion(raw.dataVersion);
  raw.dataVersion = [{ counter: (current?.counter ?? 0) + 1, timestamp: now }];
  return raw;
}

/** A new random secret: 24 characters of base64url from 18 random bytes. */
export function randomSecret(): string {
  return randomBytes(18).toString('base64url');
}

export interface DevAdminAccount {
  accessKey: string;
  secretKey: string;
  /** The account was created now (the file was new, or it had lost the account). */
  created: boolean;
  file: string;
}

/**
 * Makes sure the accounts file exists, is valid, and holds the dev admin account; creates both
 * as needed. Throws (AclError) when an existing file cannot be used.
 */
export function ensureDevAclFile(path: string): DevAdminAccount {
  try {
    return ensureAdmin(path);
  } catch (err) {
    throw new Error(`the ACL accounts file ${path} cannot be used: ${(err as Error).message}`, { cause: err });
  }
}

function ensureAdmin(path: string): DevAdminAccount {
  const exists = existsSync(path);
  const raw = exists ? readRaw(path) : { globalWhiteRemoteAddresses: [], accounts: [] };
  compileAcl(toAclData(raw));
  const accounts = Array.isArray(raw.accounts) ? raw.accounts : [];
  const stored = accounts.map(toAccessConfig).find((a) => a.accessKey === DEV_ADMIN_ACCESS_KEY);
  if (stored) {
    if (exists) chmodSync(path, 0o600);
    return { accessKey: DEV_ADMIN_ACCESS_KEY, secretKey: stored.secretKey!, created: false, file: path };
  }
  const secretKey = randomSecret();
  accounts.push({ accessKey: DEV_ADMIN_ACCESS_KEY, secretKey, admin: true, defaultTopicPerm: 'PUB|SUB', defaultGroupPerm: 'PUB|SUB' });
  raw.accounts = accounts;
  writeRaw(path, bumpVersion(raw));
  return { accessKey: DEV_ADMIN_ACCESS_KEY, secretKey, created: true, file: path };
}

/**
 * One broker's view of the accounts file: compiled, checked per request, reloaded when the file
 * changes (a file that stops being valid is logged and the previous accounts stay in force, as
 * the Java watcher does), and updated by the admin codes.
 */
export class AclAccounts {
  readonly path: string;
  private compiled: CompiledAcl = { globalWhiteList: [], accounts: new Map() };
  private version: DataVersion = { counter: 0, timestamp: Date.now() };
  private stamp = '';

  constructor(path: string, private readonly log: (line: string) => void = () => undefined) {
    this.path = resolve(path);
  }

  /** The first load: throws when the file is not usable. */
  load(): this {
    this.reload(true);
    return this;
  }

  /** The accounts in force, after a reload if the file changed since the last look. */
  get current(): CompiledAcl {
    this.refresh();
    return this.compiled;
  }

  /** The file's dataVersion as loaded (a file without one: counter 0, the time it was loaded). */
  get dataVersion(): DataVersion {
    this.refresh();
    return { ...this.version };
  }

  /** The refusal for `request` from `remoteAddress`, or undefined (auth.md §1.5). */
  check(request: RemotingCommand, remoteAddress: string): AclError | undefined {
    return checkRequest(this.current, request, remoteAddress);
  }

  private fileStamp(): string {
    try {
      const st = statSync(this.path);
      return `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      return 'missing';
    }
  }

  private refresh(): void {
    if (this.fileStamp() !== this.stamp) this.reload(false);
  }

  private reload(strict: boolean): void {
    const stamp = this.fileStamp();
    try {
      const data = toAclData(readRaw(this.path));
      this.compiled = compileAcl(data);
      this.version = data.dataVersion?.[0] ?? { counter: 0, timestamp: Date.now() };
      if (!strict) this.log(`ACL: reloaded ${this.path} (${this.compiled.accounts.size} account(s))`);
    } catch (err) {
      if (strict) throw err;
      this.log(`ACL: ${this.path} could not be loaded, the previous accounts stay in force: ${(err as Error).message}`);
    }
    this.stamp = stamp;
  }

  /**
   * UPDATE_AND_CREATE_ACL_CONFIG (Java `updateAccessConfig`): validates, merges into the stored
   * account (fields not given are kept) and moves it to the end, or appends a new account.
   */
  updateAccount(config: PlainAccessConfig): void {
    checkKeys(config);
    checkResourcePerms(config.topicPerms);
    checkResourcePerms(config.groupPerms);
    compileAccount(config);
    this.refresh();
    const raw = readRaw(this.path);
    const accounts = (Array.isArray(raw.accounts) ? raw.accounts : []) as RawData[];
    const at = accounts.findIndex((a) => a !== null && typeof a === 'object' && str(a.accessKey) === config.accessKey);
    const merged = at >= 0 ? accounts.splice(at, 1)[0]! : {};
    Object.assign(merged, accountFields(config));
    accounts.push(merged);
    raw.accounts = accounts;
    this.write(raw);
  }

  /** DELETE_ACL_CONFIG (Java `deleteAccessConfig`): false when there is no such account. */
  deleteAccount(accessKey: string | null | undefined): boolean {
    if (!accessKey) return false;
    if (!this.current.accounts.has(accessKey)) return false;
    const raw = readRaw(this.path);
    const accounts = (Array.isArray(raw.accounts) ? raw.accounts : []) as RawData[];
    const at = accounts.findIndex((a) => a !== null && typeof a === 'object' && str(a.accessKey) === accessKey);
    if (at < 0) return false;
    accounts.splice(at, 1);
    raw.accounts = accounts;
    this.write(raw);
    return true;
  }

  /**
   * UPDATE_GLOBAL_WHITE_ADDRS_CONFIG (Java `updateGlobalWhiteAddrsConfig`): replaces the global
   * white list of this file; false for another file or no list. Unlike 4.9.8 (which writes any
   * text and then fails to reload), an invalid expression is refused with its AclError.
   */
  updateGlobalWhiteAddrs(addresses: string[] | null, file: string | null | undefined): boolean {
    if (file !== null && file !== undefined && file !== '' && resolve(file) !== this.path) return false;
    if (addresses === null) return false;
    for (const a of addresses) compileAddress(a);
    const raw = readRaw(this.path);
    raw.globalWhiteRemoteAddresses = [...addresses];
    this.write(raw);
    return true;
  }

  private write(raw: RawData): void {
    writeRaw(this.path, bumpVersion(raw));
    this.reload(false);
  }
}

/** Java `createAclAccessConfigMap`: the fields an update writes (null ones are left as stored). */
function accountFields(config: PlainAccessConfig): RawData {
  const out: RawData = { accessKey: config.accessKey };
  if (config.secretKey) out.secretKey = config.secretKey;
  if (config.whiteRemoteAddress !== null && config.whiteRemoteAddress !== undefined) out.whiteRemoteAddress = config.whiteRemoteAddress;
  out.admin = config.admin === true;
  if (config.defaultTopicPerm) out.defaultTopicPerm = config.defaultTopicPerm;
  if (config.defaultGroupPerm) out.defaultGroupPerm = config.defaultGroupPerm;
  if (config.topicPerms !== null && config.topicPerms !== undefined) out.topicPerms = [...config.topicPerms];
  if (config.groupPerms !== null && config.groupPerms !== undefined) out.groupPerms = [...config.groupPerms];
  return out;
}
