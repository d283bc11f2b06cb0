// The lifecycle of the dev cluster behind `mqadmin dev up/down/status/logs/reset`.
//
// `dev up` starts a detached `mqadmin dev up --foreground` (the process that runs the whole
// cluster, stdout and stderr to dev.log) and waits until, seen from outside, every broker is
// registered with the NameServer and answers. The foreground process owns dev.json: it writes
// it while starting, adds the addresses once ready, and removes it when it stops. A dev.json
// whose process is gone is stale and replaced. Whatever fails during start-up, the process is
// stopped and its dev.json removed before the error is reported.

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toTargetFailure, type TargetFailure } from '../admin/errors.js';
import { MQAdmin } from '../admin/MQAdmin.js';
import { CliError, ExitCode, type ExitCodeValue } from '../cli/exitCodes.js';
import { RequestCode } from '../protocol/codes.js';
import { asRecord, optionalRecord } from '../protocol/bodies/fields.js';
import { defineRequest, jsonBody } from '../protocol/requests/define.js';
import { aclFilePath } from './broker/acl/accounts.js';
import { authFiles, brokerAuthDir } from './broker/auth/store.js';
import { DEV_HOST, DevPortError, plannedPorts, startDevCluster, validateClusterOptions, type DevCluster } from './cluster.js';
import {
  brokerName,
  checkWritableDir,
  CLUSTER_NAME,
  DEV_DEFAULTS,
  devClientOptions,
  diskUsage,
  fileSize,
  inspectState,
  isProcessAlive,
  logPath,
  readBytes,
  readState,
  removePaths,
  removeState,
  resetTargets,
  tailLines,
  writeState,
  type DevBrokerInfo,
  type DevOptions,
  type DevState,
  type FlushMode,
} from './state.js';

export const DEFAULT_START_TIMEOUT_MS = 30_000;
export const DEFAULT_STOP_GRACE_MS = 10_000;
const POLL_MS = 150;

/** `dev up` flags: only those given are set, so a second `dev up` compares only what was asked. */
export interface DevUpRequest {
  dataDir: string;
  brokers?: number;
  namesrvPort?: number;
  brokerPort?: number;
  flush?: FlushMode;
  acl?: boolean;
  auth?: boolean;
  tls?: boolean;
  /** How long to wait for every broker to be serving. */
  timeoutMs?: number;
}

export interface DevUpResult {
  /** `stopped`: a `--foreground` run that has ended. */
  status: 'started' | 'already-up' | 'stopped';
  dataDir: string;
  pid: number;
  startedAt: string;
  namesrvAddr: string;
  brokers: DevBrokerInfo[];
  options: DevOptions;
  logFile: string;
  /** With --acl: the admin account (its secret only in the run that created it) and the accounts file. */
  acl?: DevAclInfo;
  /** With --auth: the Super user (its password only in the run that created it) and the files. */
  auth?: DevAuthInfo;
  /** With --tls: the CA file clients must trust (`--tls --tls-ca <caFile>`). */
  tls?: DevTlsInfo;
}

/** The TLS side of a --tls cluster, as `dev up` and `dev status` show it. */
export interface DevTlsInfo {
  /** Every port is TLS only: plaintext clients are refused. */
  mode: 'enforcing';
  /** <dataDir>/tls/ca.pem, generated on first start and kept across restarts. */
  caFile: string;
}

/** The admin account of an --acl cluster, as `dev up` and `dev status` show it. */
export interface DevAclInfo {
  accessKey: string;
  /** Set only where a secret may be shown: `dev up` that created the account, `dev status --credentials`. */
  secretKey?: string;
  /** This start created the account (first start, or it had been removed from the file). */
  created: boolean;
  accountsFile: string;
}

/** The Super user of an --auth cluster (5.x users and ACLs), as `dev up` and `dev status` show it. */
export interface DevAuthInfo {
  /** Its username, what clients send as access key. */
  accessKey: string;
  /** Its password (the secret key); only where a secret may be shown, as for --acl. */
  secretKey?: string;
  /** This start created the user (first start, or it had been removed from the users file). */
  created: boolean;
  usersFile: string;
  aclsFile: string;
}

/** What a client of the dev cluster needs from dev.json: its admin account and CA (MQAdmin options). */
type DevClientOptions = ReturnType<typeof devClientOptions>;

export interface DevDownResult {
  status: 'stopped' | 'not-running';
  dataDir: string;
  pid: number | null;
  /** SIGKILL was needed after the grace period. */
  forced: boolean;
  /** A dev.json left by a process that had died was removed. */
  staleStateRemoved: boolean;
}

export interface DevBrokerStatus extends DevBrokerInfo {
  registered: boolean;
  serving: boolean;
  version: string | null;
  error?: string;
}

export interface DevStatus {
  dataDir: string;
  logFile: string;
  state: 'running' | 'starting' | 'stopped';
  pid: number | null;
  startedAt: string | null;
  uptimeMs: number | null;
  options: DevOptions | null;
  namesrvAddr: string | null;
  brokers: DevBrokerStatus[];
  /** Every topic the NameServer knows, sorted. */
  topics: string[];
  /** Subscription groups of every broker, sorted; null when no broker could say. */
  groups: string[] | null;
  diskBytes: number;
  staleStateRemoved: boolean;
  failures: TargetFailure[];
  /** The admin account of a running --acl cluster; its secret only with `--credentials`. */
  acl?: DevAclInfo;
  /** The Super user of a running --auth cluster; its password only with `--credentials`. */
  auth?: DevAuthInfo;
  /** The CA of a running --tls cluster. */
  tls?: DevTlsInfo;
}

export interface DevResetPlan {
  dataDir: string;
  paths: string[];
  bytes: number;
}

export interface DevResetResult {
  dataDir: string;
  /** Names deleted inside the data directory. */
  removed: string[];
  freedBytes: number;
}

export interface DevLogResult {
  file: string;
  lines: string[];
  /** Bytes in the file when read: where `--follow` goes on from. */
  size: number;
}

// ---------------------------------------------------------------------------------------------
// Options

export function resolveOptions(request: DevUpRequest): DevOptions {
  const options: DevOptions = {
    brokers: request.brokers ?? DEV_DEFAULTS.brokers,
    namesrvPort: request.namesrvPort ?? DEV_DEFAULTS.namesrvPort,
    brokerPort: request.brokerPort ?? DEV_DEFAULTS.brokerPort,
    flush: request.flush ?? DEV_DEFAULTS.flush,
    acl: request.acl ?? DEV_DEFAULTS.acl,
    auth: request.auth ?? DEV_DEFAULTS.auth,
    tls: request.tls ?? DEV_DEFAULTS.tls,
  };
  if (options.acl && options.auth) {
    throw new CliError(
      '--auth and --acl cannot be used together: --acl plays a 4.9 broker with plain ACL (ACL 1.0), --auth a 5.x broker with users and ACLs (authentication 2.0)',
      ExitCode.USAGE,
      'pick one of them',
    );
  }
  const invalid = validateClusterOptions(options);
  if (invalid) throw new CliError(invalid, ExitCode.USAGE);
  return options;
}

/** The flags given that differ from those of the running cluster, as `--flag asked (running: x)`. */
export function optionConflicts(request: DevUpRequest, running: DevOptions): string[] {
  const pairs: Array<[string, number | string | boolean | undefined, number | string | boolean]> = [
    ['--brokers', request.brokers, running.brokers],
    ['--namesrv-port', request.namesrvPort, running.namesrvPort],
    ['--broker-port', request.brokerPort, running.brokerPort],
    ['--flush', request.flush, running.flush],
    ['--acl', request.acl, running.acl],
    ['--auth', request.auth, running.auth],
    ['--tls', request.tls, running.tls],
  ];
  const show = (flag: string, value: number | string | boolean): string =>
    typeof value === 'boolean' ? (value ? flag : flag.replace(/^--/, '--no-')) : `${flag} ${value}`;
  return pairs
    .filter(([, asked, actual]) => asked !== undefined && asked !== actual)
    .map(([flag, asked, actual]) => `${show(flag, asked!)} (running: ${typeof actual === 'boolean' ? (actual ? 'on' : 'off') : actual})`);
}

function ensureWritable(dataDir: string): void {
  const reason = checkWritableDir(dataDir);
  if (reason) {
    throw new CliError(`data directory ${dataDir} is not writable: ${reason}`, ExitCode.USAGE, 'pass another one with --data-dir (or MQADMIN_DEV_HOME)');
  }
}

/**
 * Fails fast, in the calling process, when a port is taken. The cluster process checks again
 * when it listens; this only spares a spawn and a wait for the common case.
 */
export async function ensurePortsFree(options: DevOptions): Promise<void> {
  for (const planned of plannedPorts(options)) {
    if (planned.port === 0) continue;
    const verdict = await probePort(planned.port);
    if (verdict !== 'free') throw portError(new DevPortError(planned.port, planned.role, verdict));
  }
}

export function probePort(port: number, host = DEV_HOST): Promise<'free' | 'in-use' | 'denied'> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') resolve('in-use');
      else if (err.code === 'EACCES') resolve('denied');
      else reject(err);
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

function portError(err: DevPortError): CliError {
  const flag = err.role === 'NameServer' ? '--namesrv-port' : '--broker-port';
  const remedy = err.reason === 'in-use' ? `stop what listens there, or pick another port with ${flag}` : `pick a port above 1023 with ${flag}`;
  return new CliError(err.message, ExitCode.UNREACHABLE, remedy);
}

// ---------------------------------------------------------------------------------------------
// dev up

/**
 * The cluster already running in the data directory, if any, as a `dev up` result; a usage
 * error when it runs with other options than those asked. A stale dev.json is removed.
 */
async function existingCluster(request: DevUpRequest, self?: number): Promise<DevUpResult | undefined> {
  const { live, stale } = inspectState(request.dataDir);
  if (stale) removeState(request.dataDir, stale.pid);
  if (!live || live.pid === self) return undefined;
  const conflicts = optionConflicts(request, live.options);
  if (conflicts.length > 0) {
    throw new CliError(
      `the dev cluster in ${request.dataDir} is already up with other options: ${conflicts.join(', ')}`,
      ExitCode.USAGE,
      'run `mqadmin dev down` first to change them, or use another --data-dir',
    );
  }
  let state = live;
  if (state.status === 'starting') {
    // Another `dev up` is on its way: report once it is ready, as if this one had started it.
    const deadline = Date.now() + (request.timeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    state = await pollUntil(deadline, () => {
      const current = readState(request.dataDir);
      if (!current || current.pid !== live.pid || !isProcessAlive(live.pid)) {
        throw new CliError(`the dev cluster that was starting in ${request.dataDir} (pid ${live.pid}) stopped before it was ready`, ExitCode.UNREACHABLE, 'see `mqadmin dev logs`');
      }
      return current.status === 'running' ? current : undefined;
    }, () => new CliError(`the dev cluster in ${request.dataDir} (pid ${live.pid}) is still starting`, ExitCode.UNREACHABLE, 'see `mqadmin dev logs`'));
  }
  return summary(state, 'already-up');
}

/** `dev up`: starts the cluster in a detached process and waits until it serves. */
export async function startInBackground(request: DevUpRequest): Promise<DevUpResult> {
  const { dataDir } = request;
  const timeoutMs = request.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const options = resolveOptions(request);
  const existing = await existingCluster(request);
  if (existing) return existing;
  ensureWritable(dataDir);
  await ensurePortsFree(options);

  const logFile = logPath(dataDir);
  const logStart = fileSize(logFile);
  const child = spawnForeground(dataDir, options, timeoutMs, logFile);
  const pid = child.pid;
  if (pid === undefined) {
    // spawn() reports why on 'error', on the next tick.
    const reason = await new Promise<string>((r) => child.once('error', (err) => r(err.message)));
    throw new CliError(`cannot start the dev cluster process: ${reason}`, ExitCode.UNEXPECTED);
  }
  let exited: string | undefined;
  let exitCode: number | null = null;
  child.once('exit', (code, signal) => {
    exitCode = code;
    exited = signal ? `killed by ${signal}` : `exit code ${code}`;
  });
  child.unref();
  writeState(dataDir, { version: 1, pid, status: 'starting', startedAt: new Date().toISOString(), dataDir, options });

  const interrupt = onSignals(['SIGINT', 'SIGTERM', 'SIGHUP']);
  const check = (): void => {
    if (exited !== undefined) throw new ChildExited(exited, exitCode);
    if (interrupt.received) throw new CliError('interrupted: the dev cluster was not started', ExitCode.CANCELLED);
  };
  const deadline = Date.now() + timeoutMs;
  try {
    const state = await pollUntil(deadline, () => {
      check();
      const current = readState(dataDir);
      return current?.pid === pid && current.status === 'running' ? current : undefined;
    }, () => new NotReady('the cluster process did not report that it was ready'));
    await waitUntilReady({ namesrvAddr: state.namesrvAddr!, brokers: state.brokers ?? [], deadline, check, client: devClientOptions(state) });
    return summary(state, 'started');
  } catch (err) {
    await terminate(pid, 5000);
    removeState(dataDir, pid);
    throw explainStartFailure(err, timeoutMs, logFile, logStart);
  } finally {
    interrupt.dispose();
  }
}

function spawnForeground(dataDir: string, options: DevOptions, timeoutMs: number, logFile: string): ChildProcess {
  const args = [
    runJsPath(), 'dev:up', '--foreground', '--detached',
    '--data-dir', dataDir,
    '--brokers', String(options.brokers),
    '--namesrv-port', String(options.namesrvPort),
    '--broker-port', String(options.brokerPort),
    '--flush', options.flush,
    ...(options.acl ? ['--acl'] : []),
    ...(options.auth ? ['--auth'] : []),
    ...(options.tls ? ['--tls'] : []),
    '--timeout', String(timeoutMs),
  ];
  // The log is a file: no colour codes in it.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const fd = openSync(logFile, 'a');
  try {
    writeSync(fd, `\n=== mqadmin dev up at ${new Date().toISOString()} ===\n`);
    // cwd: the data directory, so the long-lived process never pins the caller's directory.
    return spawn(process.execPath, args, { detached: true, stdio: ['ignore', fd, fd], cwd: dataDir, env });
  } finally {
    closeSync(fd);
  }
}

/** bin/run.js of this package, from src/dev (tests) or dist/dev (the CLI) alike. */
export function runJsPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mqadmin') return join(dir, 'bin', 'run.js');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the mqadmin package root (bin/run.js)');
    dir = parent;
  }
}

class ChildExited extends Error {
  constructor(readonly how: string, readonly code: number | null) {
    super(`the dev cluster process ended during start-up (${how})`);
  }
}

class NotReady extends Error {}

function explainStartFailure(err: unknown, timeoutMs: number, logFile: string, logStart: number): Error {
  const lines = readBytes(logFile, logStart, fileSize(logFile)).toString('utf8').split('\n').filter((l) => l.trim() !== '');
  const tail = lines.length > 0 ? `last lines of ${logFile}:\n${lines.slice(-10).map((l) => `    ${l}`).join('\n')}` : `see ${logFile}`;
  if (err instanceof ChildExited) {
    // The process reported its own error (port taken, ...) the way every command does.
    const at = lines.map((l) => l.startsWith('error: ')).lastIndexOf(true);
    const known: readonly number[] = [ExitCode.USAGE, ExitCode.SERVER_ERROR, ExitCode.NOT_FOUND, ExitCode.UNREACHABLE];
    const code = (err.code !== null && known.includes(err.code) ? err.code : ExitCode.UNEXPECTED) as ExitCodeValue;
    if (at >= 0) {
      const remedy = lines[at + 1]?.startsWith('  ') ? lines[at + 1]!.trim() : undefined;
      return new CliError(lines[at]!.slice('error: '.length), code, remedy);
    }
    return new CliError(err.message, code, tail);
  }
  if (err instanceof NotReady) {
    return new CliError(`the dev cluster did not become ready within ${Math.round(timeoutMs / 1000)} s: ${err.message}`, ExitCode.UNREACHABLE, tail);
  }
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Polls the NameServer until every broker is registered at its address and answers
 * GET_BROKER_RUNTIME_INFO; NotReady with the last reason at the deadline. `check` runs before
 * each attempt and may throw to give up early.
 */
export async function waitUntilReady(o: { namesrvAddr: string; brokers: DevBrokerInfo[]; deadline: number; check?: () => void; client?: DevClientOptions }): Promise<void> {
  const admin = new MQAdmin({ namesrvAddr: o.namesrvAddr, timeoutMs: 1000, ...o.client });
  try {
    let reason = 'the NameServer did not answer';
    for (;;) {
      o.check?.();
      const notReady = await readiness(admin, o.brokers).catch((err: Error) => err.message);
      if (notReady === undefined) return;
      reason = notReady;
      if (Date.now() >= o.deadline) throw new NotReady(reason);
      await sleep(POLL_MS);
    }
  } finally {
    await admin.close();
  }
}

async function readiness(admin: MQAdmin, brokers: DevBrokerInfo[]): Promise<string | undefined> {
  const info = await admin.examineClusterInfo();
  const members = info.clusterAddrTable[CLUSTER_NAME] ?? [];
  for (const b of brokers) {
    const addr = info.brokerAddrTable[b.name]?.brokerAddrs['0'];
    if (!members.includes(b.name) || addr === undefined) return `${b.name} is not registered with the NameServer`;
    if (addr !== b.addr) return `${b.name} is registered at ${addr}, not ${b.addr}`;
  }
  for (const b of brokers) {
    try {
      await admin.fetchBrokerRuntimeStats(b.addr);
    } catch (err) {
      return `${b.name} (${b.addr}) does not answer: ${(err as Error).message}`;
    }
  }
  return undefined;
}

/**
 * `dev up --foreground`: runs the cluster in this process until SIGINT, SIGTERM or SIGHUP, then
 * stops it cleanly. `onReady` is called once every broker serves.
 */
export async function runForeground(
  request: DevUpRequest,
  io: { log: (line: string) => void; onReady?: (result: DevUpResult) => void },
): Promise<DevUpResult> {
  const { dataDir } = request;
  const options = resolveOptions(request);
  const existing = await existingCluster(request, process.pid);
  if (existing) return existing;
  ensureWritable(dataDir);

  const log = (line: string): void => io.log(`${new Date().toISOString()} ${line}`);
  let state: DevState = { version: 1, pid: process.pid, status: 'starting', startedAt: new Date().toISOString(), dataDir, options };
  writeState(dataDir, state);
  const stop = onSignals(['SIGINT', 'SIGTERM', 'SIGHUP'], (signal, count) => {
    // A second Ctrl-C while stopping: leave now (the next `dev up` replaces the stale dev.json).
    if (count > 1) process.exit(ExitCode.CANCELLED);
    log(`${signal} received: stopping`);
  });
  let cluster: DevCluster | undefined;
  try {
    log(`starting the dev cluster in ${dataDir} (pid ${process.pid}): ${options.brokers} broker(s), flush ${options.flush}`);
    try {
      cluster = await startDevCluster({ dataDir, ...options, log });
    } catch (err) {
      if (err instanceof DevPortError) throw portError(err);
      // Most often damaged data (an unreadable config file), which is not a bug of ours.
      throw new CliError(`cannot start the dev cluster: ${(err as Error).message}`, ExitCode.UNEXPECTED, `\`mqadmin dev reset\` deletes the data in ${dataDir} if it is damaged`);
    }
    const brokers = cluster.brokers.map((b) => ({ name: b.name, addr: b.addr }));
    if (cluster.acl) {
      // The admin account goes into dev.json (mode 0600) so that the other commands can sign.
      const { accessKey, secretKey, created } = cluster.acl;
      state = { ...state, security: { ...state.security, acl: { accessKey, secretKey, created } } };
    }
    if (cluster.auth) {
      // The Super user goes there too, in the same shape: username as access key, password as secret key.
      const { accessKey, secretKey, created } = cluster.auth;
      state = { ...state, security: { ...state.security, acl: { accessKey, secretKey, created } } };
    }
    if (cluster.tls) {
      // The CA goes into dev.json so that every client of the cluster (this process's own
      // readiness check included) trusts it.
      state = { ...state, security: { ...state.security, tls: { caFile: cluster.tls.caFile } } };
    }
    await waitUntilReady({
      namesrvAddr: cluster.namesrvAddr,
      brokers,
      client: devClientOptions(state),
      deadline: Date.now() + (request.timeoutMs ?? DEFAULT_START_TIMEOUT_MS),
      check: () => {
        if (stop.received) throw new StopRequested();
      },
    }).catch((err: unknown) => {
      if (err instanceof NotReady) throw new CliError(`the dev cluster did not become ready: ${err.message}`, ExitCode.UNREACHABLE);
      throw err;
    });
    state = { ...state, status: 'running', namesrvAddr: cluster.namesrvAddr, brokers };
    writeState(dataDir, state);
    log(`ready: NameServer ${cluster.namesrvAddr}, ${brokers.map((b) => `${b.name} ${b.addr}`).join(', ')}`);
    io.onReady?.(summary(state, 'started'));
    await stop.promise;
  } catch (err) {
    if (!(err instanceof StopRequested)) throw err;
  } finally {
    await cluster?.close();
    removeState(dataDir, process.pid);
    stop.dispose();
  }
  log('stopped');
  return summary(state, 'stopped');
}

class StopRequested extends Error {}

function summary(state: DevState, status: DevUpResult['status']): DevUpResult {
  return {
    status,
    dataDir: state.dataDir,
    pid: state.pid,
    startedAt: state.startedAt,
    namesrvAddr: state.namesrvAddr ?? `${DEV_HOST}:${state.options.namesrvPort}`,
    brokers: state.brokers ?? Array.from({ length: state.options.brokers }, (_, i) => ({ name: brokerName(i), addr: '' })),
    options: state.options,
    logFile: logPath(state.dataDir),
    ...securityInfo(state, status === 'started' && state.security?.acl?.created === true),
    ...(state.security?.tls ? { tls: { mode: 'enforcing' as const, caFile: state.security.tls.caFile } } : {}),
  };
}

/** The admin account (--acl) or the Super user (--auth) as shown; the secret only when `withSecret`. */
function securityInfo(state: DevState, withSecret: boolean, created = withSecret): { acl?: DevAclInfo; auth?: DevAuthInfo } {
  if (!state.security?.acl) return {};
  return state.options.auth ? { auth: authInfo(state, withSecret, created) } : { acl: aclInfo(state, withSecret, created) };
}

function authInfo(state: DevState, withSecret: boolean, created: boolean): DevAuthInfo {
  const user = state.security!.acl!;
  const files = authFiles(brokerAuthDir(state.dataDir, brokerName(0)));
  return { accessKey: user.accessKey, ...(withSecret ? { secretKey: user.secretKey } : {}), created, usersFile: files.users, aclsFile: files.acls };
}

/** The admin account as shown; the secret only when `withSecret`. */
function aclInfo(state: DevState, withSecret: boolean, created = withSecret): DevAclInfo {
  const acl = state.security!.acl!;
  return { accessKey: acl.accessKey, ...(withSecret ? { secretKey: acl.secretKey } : {}), created, accountsFile: aclFilePath(state.dataDir) };
}

// ---------------------------------------------------------------------------------------------
// dev down

export async function stopDevCluster(dataDir: string, graceMs = DEFAULT_STOP_GRACE_MS): Promise<DevDownResult> {
  const { live, stale } = inspectState(dataDir);
  if (stale) removeState(dataDir, stale.pid);
  if (!live) return { status: 'not-running', dataDir, pid: null, forced: false, staleStateRemoved: stale !== undefined };
  const forced = await terminate(live.pid, graceMs);
  // The process removes dev.json when it stops cleanly; not after a SIGKILL.
  removeState(dataDir, live.pid);
  return { status: 'stopped', dataDir, pid: live.pid, forced, staleStateRemoved: false };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. True if SIGKILL was needed. */
export async function terminate(pid: number, graceMs: number): Promise<boolean> {
  if (!signal(pid, 'SIGTERM')) return false;
  if (await waitForExit(pid, graceMs)) return false;
  signal(pid, 'SIGKILL');
  if (!(await waitForExit(pid, 5000))) throw new CliError(`process ${pid} is still alive after SIGKILL`, ExitCode.UNEXPECTED);
  return true;
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// dev status

/** GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201): the body is a SubscriptionGroupWrapper; only its names are needed here. */
const getSubscriptionGroupNames = defineRequest<void, string[]>({
  code: RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
  decode: (res) => Object.keys(optionalRecord(asRecord(jsonBody(res), 'SubscriptionGroupWrapper').subscriptionGroupTable, 'subscriptionGroupTable')),
});

export async function devStatus(dataDir: string, timeoutMs = 3000, now = Date.now(), options: { credentials?: boolean } = {}): Promise<DevStatus> {
  const { live, stale } = inspectState(dataDir);
  if (stale) removeState(dataDir, stale.pid);
  const base: DevStatus = {
    dataDir,
    logFile: logPath(dataDir),
    state: live ? live.status : 'stopped',
    pid: live?.pid ?? null,
    startedAt: live?.startedAt ?? null,
    uptimeMs: live ? Math.max(0, now - Date.parse(live.startedAt)) : null,
    options: live?.options ?? null,
    namesrvAddr: live?.namesrvAddr ?? null,
    brokers: [],
    topics: [],
    groups: null,
    diskBytes: diskUsage(dataDir),
    staleStateRemoved: stale !== undefined,
    failures: [],
    ...(live ? securityInfo(live, options.credentials === true, false) : {}),
    ...(live?.security?.tls ? { tls: { mode: 'enforcing' as const, caFile: live.security.tls.caFile } } : {}),
  };
  if (!live || live.status !== 'running' || !live.namesrvAddr) return base;

  const admin = new MQAdmin({ namesrvAddr: live.namesrvAddr, timeoutMs, ...devClientOptions(live) });
  try {
    const [info, topics] = await Promise.allSettled([admin.examineClusterInfo(), admin.fetchAllTopicList()]);
    if (info.status === 'rejected') base.failures.push(toTargetFailure(live.namesrvAddr, info.reason));
    const registered = info.status === 'fulfilled' ? info.value.brokerAddrTable : {};
    base.topics = topics.status === 'fulfilled' ? [...topics.value].sort() : [];
    const groups = new Set<string>();
    let groupsKnown = false;
    base.brokers = await Promise.all(
      (live.brokers ?? []).map(async (b): Promise<DevBrokerStatus> => {
        const status: DevBrokerStatus = { ...b, registered: registered[b.name]?.brokerAddrs['0'] === b.addr, serving: false, version: null };
        try {
          const stats = await admin.fetchBrokerRuntimeStats(b.addr);
          status.serving = true;
          status.version = stats.brokerVersionDesc ?? null;
        } catch (err) {
          status.error = (err as Error).message;
          base.failures.push(toTargetFailure(b.addr, err));
          return status;
        }
        try {
          for (const g of await admin.call(b.addr, getSubscriptionGroupNames, undefined)) groups.add(g);
          groupsKnown = true;
        } catch {
          // A broker that cannot list its groups still serves; the groups are then unknown.
        }
        return status;
      }),
    );
    base.groups = groupsKnown ? [...groups].sort() : null;
  } finally {
    await admin.close();
  }
  return base;
}

// ---------------------------------------------------------------------------------------------
// dev logs

export function readLog(dataDir: string, lines: number): DevLogResult {
  const file = logPath(dataDir);
  if (!existsSync(file)) {
    throw new CliError(`no dev cluster log in ${dataDir}`, ExitCode.NOT_FOUND, 'start the cluster with `mqadmin dev up` (or pass the --data-dir it uses)');
  }
  const size = fileSize(file);
  return { file, lines: tailLines(file, lines), size };
}

/**
 * Prints the complete lines appended to `file` after byte `from`, until `until` settles. A file
 * that shrinks (a `dev reset`) is read again from its start.
 */
export async function followLog(file: string, from: number, onLine: (line: string) => void, until: Promise<unknown>): Promise<void> {
  let done = false;
  const finish = (): void => {
    done = true;
  };
  until.then(finish, finish);
  let position = from;
  while (!done) {
    const size = fileSize(file);
    if (size < position) position = 0;
    if (size > position) {
      const chunk = readBytes(file, position, size);
      const end = chunk.lastIndexOf(0x0a);
      if (end >= 0) {
        for (const line of chunk.subarray(0, end).toString('utf8').split('\n')) onLine(line);
        position += end + 1;
      }
    }
    await Promise.race([sleep(200), until]);
  }
}

// ---------------------------------------------------------------------------------------------
// dev reset

export function planReset(dataDir: string): DevResetPlan {
  refuseWhileRunning(dataDir);
  const paths = resetTargets(dataDir);
  return { dataDir, paths, bytes: paths.reduce((sum, p) => sum + diskUsage(p), 0) };
}

export function applyReset(plan: DevResetPlan): DevResetResult {
  // Checked again: the cluster may have been started while the user read the prompt.
  refuseWhileRunning(plan.dataDir);
  removePaths(plan.paths);
  return { dataDir: plan.dataDir, removed: plan.paths.map((p) => p.slice(plan.dataDir.length + 1)), freedBytes: plan.bytes };
}

function refuseWhileRunning(dataDir: string): void {
  const { live } = inspectState(dataDir);
  if (live) {
    throw new CliError(`the dev cluster in ${dataDir} is running (pid ${live.pid}); it must be stopped before its data is deleted`, ExitCode.USAGE, 'run `mqadmin dev down` first');
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

export interface SignalWatch {
  /** The first signal received, if any. */
  readonly received: NodeJS.Signals | undefined;
  /** Resolves with the first signal received. */
  readonly promise: Promise<NodeJS.Signals>;
  dispose(): void;
}

/**
 * Listens for `signals` instead of letting them kill the process, so the caller can clean up.
 * `onSignal` sees every signal with how many have arrived so far.
 */
export function onSignals(signals: NodeJS.Signals[], onSignal?: (signal: NodeJS.Signals, count: number) => void): SignalWatch {
  let received: NodeJS.Signals | undefined;
  let count = 0;
  let resolve!: (s: NodeJS.Signals) => void;
  const promise = new Promise<NodeJS.Signals>((r) => (resolve = r));
  const handler = (s: NodeJS.Signals): void => {
    count++;
    received ??= s;
    onSignal?.(s, count);
    resolve(s);
  };
  for (const s of signals) process.on(s, handler);
  return {
    get received() {
      return received;
    },
    promise,
    dispose: () => {
      for (const s of signals) process.off(s, handler);
    },
  };
}

async function pollUntil<T>(deadline: number, probe: () => T | undefined, onTimeout: () => Error): Promise<T> {
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw onTimeout();
    await sleep(POLL_MS);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
