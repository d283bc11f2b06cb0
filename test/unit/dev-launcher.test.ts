// The dev cluster's bookkeeping without a cluster: where the data goes, the state file, how a
// stale or reused pid is told from a live cluster, stopping, ports, reset, logs, and the dev
// cluster as the third source of the NameServer address. Processes here are stand-ins: node
// one-liners whose command line looks (or not) like `mqadmin dev:up --foreground`.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyProfileFile } from '../../src/cli/profiles.js';
import { adminOptions, resolveSettings, runningDevClusterSettings } from '../../src/cli/settings.js';
import { CliError } from '../../src/cli/exitCodes.js';
import { plannedPorts, validateClusterOptions } from '../../src/dev/cluster.js';
import {
  applyReset,
  ensurePortsFree,
  followLog,
  optionConflicts,
  planReset,
  readLog,
  resolveOptions,
  runJsPath,
  startInBackground,
  stopDevCluster,
} from '../../src/dev/launcher.js';
import { formatBytes, formatDuration, renderDevDown, renderDevStatus, renderDevUp } from '../../src/render/views/dev.js';
import { makeStyle } from '../../src/render/style.js';
import type { DevStatus, DevUpResult } from '../../src/dev/launcher.js';
import {
  brokerName,
  DEV_DEFAULTS,
  inspectState,
  isDevProcess,
  isDevUpArgs,
  isProcessAlive,
  readState,
  removeState,
  resolveDevHome,
  runningDevNamesrv,
  STATE_FILE,
  tailLines,
  writeState,
  type DevState,
} from '../../src/dev/state.js';

let dir: string;
const children: ChildProcess[] = [];
const servers: Server[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-unit-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
  }
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** A long-lived process; with `asDev`, its argv is that of the cluster process. */
async function standIn(options: { asDev: boolean; ignoreTerm?: boolean }): Promise<number> {
  const script = `${options.ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} setInterval(() => {}, 1000); console.log('ready');`;
  const args = ['-e', script, ...(options.asDev ? ['dev:up', '--foreground', '--data-dir', dir] : ['something', 'else'])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return child.pid!;
}

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

function state(pid: number, extra: Partial<DevState> = {}): DevState {
  return { version: 1, pid, status: 'running', startedAt: new Date().toISOString(), dataDir: dir, options: { ...DEV_DEFAULTS }, namesrvAddr: '127.0.0.1:19876', brokers: [{ name: 'broker-a', addr: '127.0.0.1:20911' }], ...extra };
}

async function occupy(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as { port: number }).port;
}

describe('data directory', () => {
  it('is --data-dir, else MQADMIN_DEV_HOME, else $XDG_DATA_HOME/mqadmin/dev, else ~/.local/share/mqadmin/dev', () => {
    const env = { MQADMIN_DEV_HOME: '/srv/mq', XDG_DATA_HOME: '/xdg' };
    expect(resolveDevHome({ dataDir: '/flag', env, home: '/home/u' })).toBe('/flag');
    expect(resolveDevHome({ env, home: '/home/u' })).toBe('/srv/mq');
    expect(resolveDevHome({ env: { XDG_DATA_HOME: '/xdg' }, home: '/home/u' })).toBe('/xdg/mqadmin/dev');
    expect(resolveDevHome({ env: {}, home: '/home/u' })).toBe('/home/u/.local/share/mqadmin/dev');
  });

  it('ignores a relative XDG_DATA_HOME (the XDG spec) and resolves a relative --data-dir against the cwd', () => {
    expect(resolveDevHome({ env: { XDG_DATA_HOME: 'rel/data' }, home: '/home/u' })).toBe('/home/u/.local/share/mqadmin/dev');
    expect(resolveDevHome({ dataDir: 'mq', env: {}, cwd: '/srv/project' })).toBe('/srv/project/mq');
    expect(resolveDevHome({ dataDir: '  ', env: { MQADMIN_DEV_HOME: '/srv/mq' } })).toBe('/srv/mq');
  });

  it('never defaults to the working tree', () => {
    expect(resolveDevHome({ env: {}, cwd: '/repo', home: '/home/u' }).startsWith('/repo')).toBe(false);
  });
});

describe('state file', () => {
  it('round-trips, and an unreadable or foreign file reads as none', () => {
    expect(readState(dir)).toBeUndefined();
    writeState(dir, state(1234));
    expect(readState(dir)).toEqual(state(1234, { startedAt: readState(dir)!.startedAt }));
    expect(JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')).pid).toBe(1234);
    writeFileSync(join(dir, STATE_FILE), '{"pid": 12');
    expect(readState(dir)).toBeUndefined();
    writeFileSync(join(dir, STATE_FILE), '{"hello": "world"}');
    expect(readState(dir)).toBeUndefined();
  });

  it('is removed only by the process it names', () => {
    writeState(dir, state(1234));
    removeState(dir, 999);
    expect(readState(dir)?.pid).toBe(1234);
    removeState(dir, 1234);
    expect(existsSync(join(dir, STATE_FILE))).toBe(false);
  });
});

describe('stale pids', () => {
  it('tells a live cluster process from a dead pid and from a pid reused by another program', async () => {
    const dead = await deadPid();
    expect(isProcessAlive(dead)).toBe(false);
    writeState(dir, state(dead));
    expect(inspectState(dir)).toEqual({ stale: expect.objectContaining({ pid: dead }) });

    const other = await standIn({ asDev: false });
    expect(isProcessAlive(other)).toBe(true);
    expect(isDevProcess(other)).toBe(false);
    writeState(dir, state(other));
    expect(inspectState(dir).stale?.pid).toBe(other);

    const dev = await standIn({ asDev: true });
    expect(isDevProcess(dev)).toBe(true);
    writeState(dir, state(dev));
    expect(inspectState(dir).live?.pid).toBe(dev);
  });

  it('recognises the argv of the cluster process only', () => {
    expect(isDevUpArgs(['node', '/x/bin/run.js', 'dev:up', '--foreground', '--data-dir', '/d'])).toBe(true);
    expect(isDevUpArgs(['node', '/x/bin/run.js', 'dev', 'up', '--foreground'])).toBe(true);
    expect(isDevUpArgs(['node', '/x/bin/run.js', 'dev:up'])).toBe(false);
    expect(isDevUpArgs(['vim', '--foreground'])).toBe(false);
  });

  it('a stale state file is not a NameServer, and `dev down` just removes it', async () => {
    writeState(dir, state(await deadPid()));
    expect(runningDevNamesrv({}, dir)).toBeUndefined();
    const result = await stopDevCluster(dir, 1000);
    expect(result).toMatchObject({ status: 'not-running', staleStateRemoved: true, pid: null });
    expect(existsSync(join(dir, STATE_FILE))).toBe(false);
  });
});

/** The NameServers a command would use, given -n (or not) and this environment, no profile file. */
function resolveNamesrvAddrs(flag: string | undefined, env: NodeJS.ProcessEnv): string[] {
  const settings = resolveSettings({ flags: { namesrvAddr: flag }, env, file: emptyProfileFile('/nonexistent/config.yaml'), dev: () => runningDevClusterSettings(env) });
  return adminOptions(settings).namesrvAddr;
}

describe('NameServer resolution with a dev cluster', () => {
  it('uses -n, then NAMESRV_ADDR, then the running dev cluster in the default data dir', async () => {
    const env = { MQADMIN_DEV_HOME: dir };
    expect(() => resolveNamesrvAddrs(undefined, env)).toThrow(/no NameServer address given/);
    writeState(dir, state(await standIn({ asDev: true })));
    expect(resolveNamesrvAddrs(undefined, env)).toEqual(['127.0.0.1:19876']);
    expect(resolveNamesrvAddrs(undefined, { ...env, NAMESRV_ADDR: '10.0.0.1:9876' })).toEqual(['10.0.0.1:9876']);
    expect(resolveNamesrvAddrs('10.0.0.2:9876;10.0.0.3:9876', { ...env, NAMESRV_ADDR: '10.0.0.1:9876' })).toEqual(['10.0.0.2:9876', '10.0.0.3:9876']);
  });

  it('ignores a cluster still starting or one whose process is gone', async () => {
    const env = { MQADMIN_DEV_HOME: dir };
    writeState(dir, state(await standIn({ asDev: true }), { status: 'starting', namesrvAddr: undefined }));
    expect(() => resolveNamesrvAddrs(undefined, env)).toThrow(CliError);
    writeState(dir, state(await deadPid()));
    const err = (() => {
      try {
        resolveNamesrvAddrs(undefined, env);
      } catch (e) {
        return e as CliError;
      }
    })();
    expect(err?.exitCode).toBe(2);
    expect(err?.remedy).toMatch(/mqadmin dev up/);
  });
});

describe('options', () => {
  it('defaults what was not given and rejects impossible combinations as usage errors', () => {
    expect(resolveOptions({ dataDir: dir })).toEqual({ brokers: 1, namesrvPort: 9876, brokerPort: 10911, flush: 'async', acl: false, auth: false, tls: false });
    expect(resolveOptions({ dataDir: dir, acl: true, tls: true })).toMatchObject({ acl: true, tls: true });
    expect(resolveOptions({ dataDir: dir, auth: true, tls: true })).toMatchObject({ acl: false, auth: true, tls: true });
    expect(() => resolveOptions({ dataDir: dir, acl: true, auth: true })).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/^--auth and --acl cannot be used together/) }));
    expect(plannedPorts({ brokers: 3, namesrvPort: 9876, brokerPort: 10911 }).map((p) => p.port)).toEqual([9876, 10911, 10921, 10931]);
    expect(plannedPorts({ brokers: 2, namesrvPort: 0, brokerPort: 0 }).map((p) => p.port)).toEqual([0, 0, 0]);
    expect(validateClusterOptions({ brokers: 3, namesrvPort: 10921, brokerPort: 10911 })).toMatch(/NameServer port 10921 is also a broker port/);
    expect(validateClusterOptions({ brokers: 2, namesrvPort: 9876, brokerPort: 65530 })).toMatch(/beyond 65535/);
    expect(() => resolveOptions({ dataDir: dir, brokers: 27 })).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(brokerName(0)).toBe('broker-a');
    expect(brokerName(25)).toBe('broker-z');
  });

  it('a second `dev up` conflicts only on the flags it was given', () => {
    const running = { brokers: 2, namesrvPort: 9876, brokerPort: 10911, flush: 'async' as const, acl: true, auth: false, tls: false };
    expect(optionConflicts({ dataDir: dir }, running)).toEqual([]);
    expect(optionConflicts({ dataDir: dir, brokers: 2, namesrvPort: 9876, acl: true, tls: false }, running)).toEqual([]);
    expect(optionConflicts({ dataDir: dir, brokers: 1, flush: 'sync' }, running)).toEqual(['--brokers 1 (running: 2)', '--flush sync (running: async)']);
    expect(optionConflicts({ dataDir: dir, acl: false, tls: true }, running)).toEqual(['--no-acl (running: on)', '--tls (running: off)']);
    expect(optionConflicts({ dataDir: dir, auth: true }, running)).toEqual(['--auth (running: off)']);
  });
});

describe('dev up failures leave nothing behind', () => {
  it('a port in use: exit 5 naming the port, no process, no state file', async () => {
    const port = await occupy();
    const err = await startInBackground({ dataDir: dir, namesrvPort: port, brokerPort: 0 }).catch((e: unknown) => e as CliError);
    expect(err).toBeInstanceOf(CliError);
    expect(err).toMatchObject({ exitCode: 5, message: `port ${port} (NameServer) is already in use on 127.0.0.1` });
    expect(existsSync(join(dir, STATE_FILE))).toBe(false);
    expect(existsSync(join(dir, 'dev.log'))).toBe(false);

    const brokerPort = await occupy();
    await expect(ensurePortsFree({ brokers: 1, namesrvPort: 0, brokerPort, flush: 'async', acl: false, auth: false, tls: false })).rejects.toMatchObject({
      exitCode: 5,
      message: `port ${brokerPort} (broker broker-a) is already in use on 127.0.0.1`,
      remedy: expect.stringMatching(/--broker-port/),
    });
  });

  it('a data directory that cannot be written: exit 2', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    const err = await startInBackground({ dataDir: join(dir, 'a-file', 'dev'), namesrvPort: 0, brokerPort: 0 }).catch((e: unknown) => e as CliError);
    expect(err).toMatchObject({ exitCode: 2, message: expect.stringMatching(/^data directory .*a-file\/dev is not writable: ENOTDIR/) });
  });

  it('a cluster up with other options: exit 2, and it is left running', async () => {
    const pid = await standIn({ asDev: true });
    writeState(dir, state(pid));
    await expect(startInBackground({ dataDir: dir, brokers: 3 })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/already up with other options: --brokers 3 \(running: 1\)/) });
    const same = await startInBackground({ dataDir: dir, brokers: 1 });
    expect(same).toMatchObject({ status: 'already-up', pid, namesrvAddr: '127.0.0.1:19876' });
    expect(isProcessAlive(pid)).toBe(true);
  });
});

describe('dev down', () => {
  it('stops the process with SIGTERM and removes its state file', async () => {
    const pid = await standIn({ asDev: true });
    writeState(dir, state(pid));
    const result = await stopDevCluster(dir, 5000);
    expect(result).toEqual({ status: 'stopped', dataDir: dir, pid, forced: false, staleStateRemoved: false });
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(join(dir, STATE_FILE))).toBe(false);
  });

  it('kills a process that ignores SIGTERM after the grace period', async () => {
    const pid = await standIn({ asDev: true, ignoreTerm: true });
    writeState(dir, state(pid));
    const started = Date.now();
    const result = await stopDevCluster(dir, 300);
    expect(result).toMatchObject({ status: 'stopped', forced: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('never signals a process that merely reuses the pid', async () => {
    const pid = await standIn({ asDev: false });
    writeState(dir, state(pid));
    expect(await stopDevCluster(dir, 300)).toMatchObject({ status: 'not-running', staleStateRemoved: true });
    expect(isProcessAlive(pid)).toBe(true);
  });
});

describe('dev reset', () => {
  it('deletes only what the cluster writes, and refuses while it runs', async () => {
    for (const d of ['namesrv', 'broker-a/store', 'broker-b']) mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(join(dir, 'broker-a/store/commitlog'), Buffer.alloc(8192, 1));
    writeFileSync(join(dir, 'dev.log'), 'log\n');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    mkdirSync(join(dir, 'broker-data-of-mine'));

    writeState(dir, state(await standIn({ asDev: true })));
    expect(() => planReset(dir)).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/is running \(pid \d+\)/) }));
    removeState(dir);

    const plan = planReset(dir);
    expect(plan.paths.map((p) => p.slice(dir.length + 1))).toEqual(['broker-a', 'broker-b', 'dev.log', 'namesrv']);
    expect(plan.bytes).toBeGreaterThanOrEqual(8192);
    const result = applyReset(plan);
    expect(result.removed).toEqual(['broker-a', 'broker-b', 'dev.log', 'namesrv']);
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
    expect(existsSync(join(dir, 'broker-data-of-mine'))).toBe(true);
    expect(existsSync(join(dir, 'broker-a'))).toBe(false);
    expect(planReset(join(dir, 'missing')).paths).toEqual([]);
  });
});

describe('dev logs', () => {
  it('prints the last lines, and follows what is appended', async () => {
    expect(() => readLog(dir, 10)).toThrow(expect.objectContaining({ exitCode: 4 }));
    const file = join(dir, 'dev.log');
    writeFileSync(file, Array.from({ length: 300 }, (_, i) => `line ${i}`).join('\n') + '\n');
    expect(readLog(dir, 3).lines).toEqual(['line 297', 'line 298', 'line 299']);
    expect(tailLines(file, 0)).toHaveLength(300);

    const { size } = readLog(dir, 1);
    const seen: string[] = [];
    let stop!: () => void;
    const until = new Promise<void>((r) => (stop = r));
    const following = followLog(file, size, (line) => seen.push(line), until);
    appendFileSync(file, 'new 1\nnew 2\npart');
    await expect.poll(() => seen).toEqual(['new 1', 'new 2']);
    appendFileSync(file, 'ial\n');
    await expect.poll(() => seen).toEqual(['new 1', 'new 2', 'partial']);
    stop();
    await following;
  });
});

it('finds bin/run.js from the package root', () => {
  expect(runJsPath()).toMatch(/\/bin\/run\.js$/);
  expect(existsSync(runJsPath())).toBe(true);
});

describe('views', () => {
  const plain = makeStyle(false);
  const up: DevUpResult = {
    status: 'started', dataDir: '/data/dev', pid: 42, startedAt: '2026-01-01T00:00:00.000Z', namesrvAddr: '127.0.0.1:9876',
    brokers: [{ name: 'broker-a', addr: '127.0.0.1:10911' }], options: { ...DEV_DEFAULTS }, logFile: '/data/dev/dev.log',
  };

  it('dev up: NAMESRV_ADDR on a line of its own and the next commands, with -n/--data-dir only when needed', () => {
    const text = renderDevUp(up, plain, '/data/dev');
    expect(text.split('\n')[0]).toBe('The dev cluster is up: a NameServer and 1 broker on 127.0.0.1 (pid 42).');
    expect(text).toMatch(/^NAMESRV_ADDR=127\.0\.0\.1:9876$/m);
    expect(text).toMatch(/^  mqadmin clusterList\s+the brokers/m);
    expect(text).toMatch(/^  mqadmin dev down\s+stop it/m);
    const elsewhere = renderDevUp(up, plain, '/home/u/.local/share/mqadmin/dev');
    expect(elsewhere).toMatch(/^  mqadmin clusterList -n 127\.0\.0\.1:9876\s/m);
    expect(elsewhere).toMatch(/^  mqadmin dev down --data-dir \/data\/dev\s/m);
    expect(renderDevUp(up, plain, '/data/dev', true)).toMatch(/^  Ctrl-C\s+stop it/m);
    expect(renderDevUp({ ...up, status: 'already-up' }, plain, '/data/dev')).toMatch(/^The dev cluster is already up \(pid 42, since .*\); nothing changed\.$/m);
  });

  it('dev status lists your topics and groups and counts the system ones', async () => {
    const status: DevStatus = {
      dataDir: '/data/dev', logFile: '/data/dev/dev.log', state: 'running', pid: 42, startedAt: '2026-01-01T00:00:00.000Z', uptimeMs: 3_723_000,
      options: { ...DEV_DEFAULTS }, namesrvAddr: '127.0.0.1:9876',
      brokers: [{ name: 'broker-a', addr: '127.0.0.1:10911', registered: true, serving: true, version: 'V5_3_3' }],
      topics: ['BenchmarkTest', 'Orders', 'TBW102', 'broker-a', 'rmq_sys_REVIVE_LOG_DefaultCluster', '%RETRY%g1'],
      groups: ['CID_RMQ_SYS_TRANS', 'TOOLS_CONSUMER', 'g1'],
      diskBytes: 3 * 1024 * 1024, staleStateRemoved: false, failures: [],
    };
    const text = await renderDevStatus(status, plain);
    expect(text).toMatch(/^Process\s+pid 42, up 1h 2m \(since /m);
    expect(text).toMatch(/^Data\s+\/data\/dev \(3\.0 MiB on disk\)$/m);
    expect(text).toMatch(/^Topics\s+6: Orders \(\+5 system\)$/m);
    expect(text).toMatch(/^Groups\s+3: g1 \(\+2 system\)$/m);
    expect(text).toMatch(/^broker-a\s+127\.0\.0\.1:10911\s+yes\s+serving\s+V5_3_3$/m);
    const stopped = await renderDevStatus({ ...status, state: 'stopped', pid: null, brokers: [], topics: [], groups: null, namesrvAddr: null }, plain);
    expect(stopped).toMatch(/^Dev cluster\s+stopped$/m);
    expect(stopped).not.toMatch(/Topics|BROKER/);
  });

  it('formats sizes, durations and dev down', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(5 * 1024 ** 3)]).toEqual(['512 B', '1.5 KiB', '5.0 GiB']);
    expect([formatDuration(5_000), formatDuration(65_000), formatDuration(90_061_000)]).toEqual(['5s', '1m 5s', '1d 1h']);
    expect(renderDevDown({ status: 'stopped', dataDir: '/d', pid: 7, forced: true, staleStateRemoved: false }, plain)).toBe('Stopped the dev cluster (pid 7, killed after it did not stop in time). Data kept in /d.');
    expect(renderDevDown({ status: 'not-running', dataDir: '/d', pid: null, forced: false, staleStateRemoved: false }, plain)).toBe('The dev cluster is not running.');
  });
});
