// Where the dev cluster keeps its data and how other processes find it: the data directory
// (XDG, never the working tree), the state file `dev.json` that doubles as the pid file, the
// log file, and whether the pid a state file names is still our cluster.
//
// This module is loaded by every command that resolves a NameServer (src/cli/settings.ts), so it
// uses node: built-ins only and does synchronous, cheap work.

import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export const STATE_FILE = 'dev.json';
export const LOG_FILE = 'dev.log';
export const CLUSTER_NAME = 'DefaultCluster';

export type FlushMode = 'async' | 'sync';

export interface DevOptions {
  brokers: number;
  namesrvPort: number;
  /** Broker i listens on brokerPort + 10 * i; 0 = an ephemeral port for each. */
  brokerPort: number;
  flush: FlushMode;
  /** Plain ACL (4.9 ACL 1.0) on every broker: `dev up --acl`. */
  acl: boolean;
  /** Authentication and authorization 2.0 (5.x users and ACLs) on every broker: `dev up --auth`. */
  auth: boolean;
  /** TLS on every port (NameServer and brokers): `dev up --tls`. */
  tls: boolean;
}

export const DEV_DEFAULTS: DevOptions = { brokers: 1, namesrvPort: 9876, brokerPort: 10911, flush: 'async', acl: false, auth: false, tls: false };

/**
 * What a client needs to talk to a secured dev cluster, kept in dev.json by the cluster process:
 * the admin account (`--acl`) or Super user (`--auth`) and the CA file to trust (`--tls`).
 */
export interface DevSecurity {
  /**
   * The admin account of the accounts file (<dataDir>/acl/plain_acl.yml), or with --auth the
   * Super user of <dataDir>/auth/users.json (username as access key, password as secret key);
   * `created` when this run of the cluster created it, so that `dev up` shows the new secret once.
   */
  acl?: { accessKey: string; secretKey: string; created?: boolean };
  tls?: { caFile: string };
}

export interface DevBrokerInfo {
  name: string;
  addr: string;
}

/** The content of `dev.json`. */
export interface DevState {
  version: 1;
  /** The process that runs the whole cluster (`dev up --foreground`). */
  pid: number;
  /** `starting` until every broker is registered and serving; then `running` with the addresses. */
  status: 'starting' | 'running';
  /** ISO 8601. */
  startedAt: string;
  dataDir: string;
  options: DevOptions;
  namesrvAddr?: string;
  brokers?: DevBrokerInfo[];
  security?: DevSecurity;
}

/**
 * The data directory: `--data-dir`, else `$MQADMIN_DEV_HOME`, else `$XDG_DATA_HOME/mqadmin/dev`,
 * else `~/.local/share/mqadmin/dev`. A relative XDG_DATA_HOME is ignored, as the XDG spec says.
 */
export function resolveDevHome(options: { dataDir?: string; env?: NodeJS.ProcessEnv; home?: string; cwd?: string } = {}): string {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.dataDir?.trim() || env.MQADMIN_DEV_HOME?.trim();
  if (explicit) return resolve(cwd, explicit);
  const xdg = env.XDG_DATA_HOME?.trim();
  const base = xdg && isAbsolute(xdg) ? xdg : join(options.home ?? homedir(), '.local', 'share');
  return join(base, 'mqadmin', 'dev');
}

export const statePath = (dataDir: string): string => join(dataDir, STATE_FILE);
export const logPath = (dataDir: string): string => join(dataDir, LOG_FILE);

/** The state file, or undefined when there is none or it is unreadable (a crash mid-write). */
export function readState(dataDir: string): DevState | undefined {
  let text: string;
  try {
    text = readFileSync(statePath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<DevState>;
    if (typeof value.pid !== 'number' || (value.status !== 'starting' && value.status !== 'running') || !value.options) return undefined;
    // dev.json files written before --acl, --auth and --tls existed.
    value.options = { ...DEV_DEFAULTS, ...value.options };
    return value as DevState;
  } catch {
    return undefined;
  }
}

/** Written whole through a rename, so a reader never sees half a file. */
export function writeState(dataDir: string, state: DevState): void {
  const path = statePath(dataDir);
  const tmp = `${path}.${process.pid}.tmp`;
  // Mode 0600: it may hold the admin account of an --acl cluster.
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * Removes the state file if it still names `pid` (a newer cluster's file is left alone).
 * Without a pid, removes whatever is there.
 */
export function removeState(dataDir: string, pid?: number): void {
  if (pid !== undefined) {
    const current = readState(dataDir);
    if (current && current.pid !== pid) return;
  }
  rmSync(statePath(dataDir), { force: true });
}

/** Whether `pid` is a running process of ours (zombies count as gone: they hold no port). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: gone. EPERM: it exists but belongs to another user, so it is not a cluster we started.
    return false;
  }
  const state = procState(pid);
  return state !== 'Z' && state !== 'X';
}

function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may itself hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** The argv of a process: /proc on Linux, `ps` elsewhere; undefined when neither can tell. */
export function processArgs(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((a) => a.length > 0);
  } catch {
    // Not Linux (or no /proc): fall through to ps.
  }
  if (process.platform === 'win32') return undefined;
  try {
    const out = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 });
    return out.trim() === '' ? undefined : out.trim().split(/\s+/);
  } catch {
    return undefined;
  }
}

/** Whether argv is that of the process `dev up` starts (`... dev:up --foreground ...`). */
export function isDevUpArgs(args: readonly string[]): boolean {
  if (!args.includes('--foreground')) return false;
  return args.some((a, i) => a === 'dev:up' || (a === 'dev' && args[i + 1] === 'up'));
}

/**
 * Whether `pid` is alive and is a dev cluster process. The command line is checked because a
 * pid from a state file left by a crash may since have been given to an unrelated process,
 * which `dev down` must never signal.
 */
export function isDevProcess(pid: number): boolean {
  if (!isProcessAlive(pid)) return false;
  if (pid === process.pid) return true;
  const args = processArgs(pid);
  return args === undefined ? true : isDevUpArgs(args);
}

export interface LiveState {
  /** The state file when its process is alive. */
  live?: DevState;
  /** The state file when its process is gone (a crash or a kill -9). */
  stale?: DevState;
}

export function inspectState(dataDir: string): LiveState {
  const state = readState(dataDir);
  if (!state) return {};
  return isDevProcess(state.pid) ? { live: state } : { stale: state };
}

/**
 * The NameServer of the running dev cluster in `dataDir` (default: the default data directory),
 * for commands given neither -n nor NAMESRV_ADDR. Undefined unless it is up and ready.
 */
export function runningDevNamesrv(env: NodeJS.ProcessEnv = process.env, dataDir = resolveDevHome({ env })): string | undefined {
  return runningDevCluster(env, dataDir)?.namesrvAddr;
}

/** The state of the running dev cluster (its NameServer and its security settings), if any. */
export function runningDevCluster(
  env: NodeJS.ProcessEnv = process.env,
  dataDir = resolveDevHome({ env }),
): (DevState & { namesrvAddr: string }) | undefined {
  const state = readState(dataDir);
  if (!state || state.status !== 'running' || !state.namesrvAddr) return undefined;
  return isDevProcess(state.pid) ? (state as DevState & { namesrvAddr: string }) : undefined;
}

/**
 * Creates the directory if needed and proves it writable by writing a file. Returns the reason
 * when it is not (root ignores permission bits, so access() alone would say yes too often).
 */
export function checkWritableDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
    return undefined;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return e.code ? `${e.code}${e.syscall ? ` (${e.syscall})` : ''}` : e.message;
  }
}

/** Bytes the directory takes on disk, sparse files counted by their allocated blocks. */
export function diskUsage(path: string): number {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return 0;
  }
  const own = typeof st.blocks === 'number' && st.blocks >= 0 && process.platform !== 'win32' ? st.blocks * 512 : st.size;
  if (!st.isDirectory()) return own;
  let total = own;
  let entries: string[];
  try {
    entries = readdirSync(path);
  } catch {
    return total;
  }
  for (const entry of entries) total += diskUsage(join(path, entry));
  return total;
}

/** The last `count` lines of a file (all when count <= 0); reads only the end of a large file. */
export function tailLines(path: string, count: number): string[] {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return [];
  }
  const readFrom = count > 0 ? Math.max(0, size - Math.max(64 * 1024, count * 400)) : 0;
  const text = readBytes(path, readFrom, size).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // A read that started mid-file may begin mid-line.
  if (readFrom > 0) lines.shift();
  return count > 0 ? lines.slice(-count) : lines;
}

/** Bytes [from, to) of a file; fewer if it is shorter, none if it is missing. */
export function readBytes(path: string, from: number, to: number): Buffer {
  if (to <= from) return Buffer.alloc(0);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const buffer = Buffer.alloc(to - from);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, from + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** What `dev reset` deletes: only what the cluster writes, so a `--data-dir $HOME` costs nothing. */
export function resetTargets(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  const ours = (name: string) =>
    name === 'namesrv' || /^broker-[a-z]$/.test(name) || name === 'acl' || name === 'auth' || name === 'tls' || name === STATE_FILE || name === LOG_FILE || /^dev\.json\.\d+\.tmp$/.test(name);
  return readdirSync(dataDir).filter(ours).sort().map((name) => join(dataDir, name));
}

export function removePaths(paths: readonly string[]): void {
  for (const p of paths) rmSync(p, { recursive: true, force: true });
}

/** Broker names in order: broker-a, broker-b, ... (as the Java quick start names the first). */
export function brokerName(index: number): string {
  if (index < 0 || index >= 26) throw new RangeError(`broker index ${index} is out of range 0-25`);
  return `broker-${String.fromCharCode(97 + index)}`;
}

/**
 * How a client reaches the dev cluster that wrote `state`: its admin account and the CA it was
 * given, for MQAdmin's `credentials` and `tls` options. Nothing when it runs unsecured.
 */
export function devClientOptions(state: Pick<DevState, 'security'>): {
  credentials?: { accessKey: string; secretKey: string };
  tls?: { ca: Buffer };
} {
  const out: { credentials?: { accessKey: string; secretKey: string }; tls?: { ca: Buffer } } = {};
  const acl = state.security?.acl;
  if (acl) out.credentials = { accessKey: acl.accessKey, secretKey: acl.secretKey };
  const tls = state.security?.tls;
  if (tls) out.tls = { ca: readFileSync(tls.caFile) };
  return out;
}
