// `mqadmin dev ...` end to end: bin/run.js as a subprocess starts a real detached cluster in a
// temporary data directory on free ports; the other commands find it without -n. Every test
// stops what it started, and checks that nothing is left running or listening.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestCode } from '../../src/protocol/codes.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { runCli, RUN_JS } from '../helpers/cli.js';
import { processesUsing } from '../helpers/processes.js';

let dir: string;
let env: Record<string, string | undefined>;
const servers: Server[] = [];

/** A port that was free a moment ago (the small race with other processes is accepted). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

async function occupy(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as { port: number }).port;
}

function dial(port: number): Promise<'open' | 'refused'> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('error', () => resolve('refused'));
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !existsSync(`/proc/${pid}/stat`) || readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
};

const statePid = (): number => (JSON.parse(readFileSync(join(dir, 'dev.json'), 'utf8')) as { pid: number }).pid;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-e2e-'));
  // MQADMIN_DEV_HOME makes this directory the default one, for the commands given no --data-dir.
  env = { MQADMIN_DEV_HOME: dir, NAMESRV_ADDR: undefined, CI: '1' };
});

afterEach(async () => {
  await runCli(['dev', 'down', '--grace', '2000'], { env });
  for (const pid of processesUsing(dir)) process.kill(pid, 'SIGKILL');
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

// The long tests run a CLI process per step; their timeouts leave room for a busy machine.
describe('mqadmin dev', () => {
  it('up, use it without -n, status, already up, other options, logs, down, status', async () => {
    const namesrvPort = await freePort();
    const brokerPort = await freePort();
    const up = await runCli(['dev', 'up', '--data-dir', dir, '--namesrv-port', String(namesrvPort), '--broker-port', String(brokerPort)], { env });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(new RegExp(`^NAMESRV_ADDR=127\\.0\\.0\\.1:${namesrvPort}$`, 'm'));
    expect(up.stdout).toMatch(/^The dev cluster is up: a NameServer and 1 broker on 127\.0\.0\.1 \(pid \d+\)\.$/m);
    expect(up.stdout).toMatch(/mqadmin clusterList/);
    const pid = statePid();
    expect(alive(pid)).toBe(true);
    expect(processesUsing(dir)).toEqual([pid]);
    expect(await dial(namesrvPort)).toBe('open');
    expect(await dial(brokerPort)).toBe('open');

    // Found through the state file of the default data directory: no -n, no NAMESRV_ADDR.
    const list = await runCli(['clusterList'], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^DefaultCluster\\s+broker-a\\s+0\\s+127\\.0\\.0\\.1:${brokerPort}\\s+V5_3_3\\s`, 'm'));

    const status = await runCli(['dev', 'status', '--json'], { env });
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout);
    expect(s).toMatchObject({
      dataDir: dir,
      state: 'running',
      pid,
      namesrvAddr: `127.0.0.1:${namesrvPort}`,
      options: { brokers: 1, namesrvPort, brokerPort, flush: 'async' },
      brokers: [{ name: 'broker-a', addr: `127.0.0.1:${brokerPort}`, registered: true, serving: true, version: 'V5_3_3' }],
      failures: [],
    });
    expect(s.topics).toEqual(expect.arrayContaining(['TBW102', 'broker-a']));
    expect(s.groups).toEqual(expect.any(Array));
    expect(s.diskBytes).toBeGreaterThan(0);
    const table = await runCli(['dev', 'status'], { env });
    expect(table.stdout).toMatch(/^Dev cluster\s+running$/m);
    expect(table.stdout).toMatch(new RegExp(`^broker-a\\s+127\\.0\\.0\\.1:${brokerPort}\\s+yes\\s+serving\\s+V5_3_3$`, 'm'));

    const again = await runCli(['dev', 'up'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^The dev cluster is already up \\(pid ${pid}, since .*\\); nothing changed\\.$`, 'm'));
    expect(again.stdout).toMatch(new RegExp(`^NAMESRV_ADDR=127\\.0\\.0\\.1:${namesrvPort}$`, 'm'));
    const json = JSON.parse((await runCli(['dev', 'up', '--json', '--namesrv-port', String(namesrvPort)], { env })).stdout);
    expect(json).toMatchObject({ status: 'already-up', pid });

    const other = await runCli(['dev', 'up', '--brokers', '2'], { env });
    expect(other.code).toBe(2);
    expect(other.stdout).toBe('');
    expect(other.stderr).toMatch(/^error: the dev cluster in .* is already up with other options: --brokers 2 \(running: 1\)\n/);
    expect(statePid()).toBe(pid);
    expect(alive(pid)).toBe(true);

    const logs = await runCli(['dev', 'logs'], { env });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/ ready: NameServer 127\.0\.0\.1:\d+, broker-a 127\.0\.0\.1:\d+$/m);

    const refused = await runCli(['dev', 'reset', '--yes'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: the dev cluster in .* is running \(pid \d+\)/);
    expect(existsSync(join(dir, 'broker-a'))).toBe(true);

    const down = await runCli(['dev', 'down'], { env });
    expect(down.code).toBe(0);
    expect(down.stdout).toBe(`Stopped the dev cluster (pid ${pid}). Data kept in ${dir}.\n`);
    expect(alive(pid)).toBe(false);
    expect(processesUsing(dir)).toEqual([]);
    expect(existsSync(join(dir, 'dev.json'))).toBe(false);
    expect(await dial(namesrvPort)).toBe('refused');
    expect(await dial(brokerPort)).toBe('refused');
    expect(readFileSync(join(dir, 'dev.log'), 'utf8')).toMatch(/SIGTERM received: stopping\n(.*\n)*\S+ stopped\n$/);

    const after = await runCli(['dev', 'status', '--json'], { env });
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ state: 'stopped', pid: null, brokers: [], dataDir: dir });
    expect((await runCli(['dev', 'status'], { env })).stdout).toMatch(/^Dev cluster\s+stopped$/m);
    const downAgain = await runCli(['dev', 'down'], { env });
    expect(downAgain).toMatchObject({ code: 0, stdout: 'The dev cluster is not running.\n' });

    const noCluster = await runCli(['clusterList'], { env });
    expect(noCluster.code).toBe(2);
    expect(noCluster.stderr).toMatch(/^error: no NameServer address given\n.*mqadmin dev up/);
  }, 90_000);

  it('keeps the data across down and up; reset needs --yes without a terminal, then wipes it', async () => {
    const ports = ['--namesrv-port', String(await freePort()), '--broker-port', String(await freePort())];
    expect((await runCli(['dev', 'up', ...ports], { env })).code).toBe(0);
    const brokerAddr = (JSON.parse(readFileSync(join(dir, 'dev.json'), 'utf8')) as { brokers: Array<{ addr: string }> }).brokers[0]!.addr;
    const client = new RemotingClient({ requestTimeoutMs: 3000 });
    try {
      const created = await client.invoke(brokerAddr, createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, {
        extFields: { topic: 'SurvivesRestart', defaultTopic: 'TBW102', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false },
      }));
      expect(created.code).toBe(0);
    } finally {
      await client.close();
    }
    expect((await runCli(['dev', 'down'], { env })).code).toBe(0);
    expect((await runCli(['dev', 'up', ...ports], { env })).code).toBe(0);
    expect((await runCli(['topicList'], { env })).stdout).toMatch(/^SurvivesRestart$/m);
    const status = JSON.parse((await runCli(['dev', 'status', '--json'], { env })).stdout);
    expect(status.topics).toContain('SurvivesRestart');
    expect((await runCli(['dev', 'status'], { env })).stdout).toMatch(/^Topics\s+\d+: SurvivesRestart \(\+\d+ system\)$/m);
    expect((await runCli(['dev', 'down'], { env })).code).toBe(0);

    const unconfirmed = await runCli(['dev', 'reset'], { env });
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/^error: dev reset deletes data and needs a confirmation: pass --yes\n/);
    expect(existsSync(join(dir, 'broker-a'))).toBe(true);

    writeFileSync(join(dir, 'keep-me.txt'), 'not the cluster\'s');
    const reset = await runCli(['dev', 'reset', '--yes', '--json'], { env });
    expect(reset.code).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ dataDir: dir, removed: ['broker-a', 'dev.log', 'namesrv'] });
    expect(readdirSync(dir)).toEqual(['keep-me.txt']);
    expect((await runCli(['dev', 'reset', '--yes'], { env })).stdout).toBe(`Nothing to delete in ${dir}.\n`);

    expect((await runCli(['dev', 'up', ...ports], { env })).code).toBe(0);
    expect((await runCli(['topicList'], { env })).stdout).not.toMatch(/^SurvivesRestart$/m);
  }, 90_000);

  it('a port in use: one line, exit 5, no process and no state file left', async () => {
    const taken = await occupy();
    const r = await runCli(['dev', 'up', '--namesrv-port', String(taken), '--broker-port', String(await freePort())], { env });
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`error: port ${taken} (NameServer) is already in use on 127.0.0.1`);
    expect(existsSync(join(dir, 'dev.json'))).toBe(false);
    expect(processesUsing(dir)).toEqual([]);

    const brokerTaken = await occupy();
    const b = await runCli(['dev', 'up', '--namesrv-port', String(await freePort()), '--broker-port', String(brokerTaken), '--json'], { env });
    expect(b.code).toBe(5);
    expect(JSON.parse(b.stdout).error).toMatchObject({ exitCode: 5, kind: 'unreachable', message: `port ${brokerTaken} (broker broker-a) is already in use on 127.0.0.1` });
    expect(processesUsing(dir)).toEqual([]);
  });

  it('the cluster process itself reports a port taken after the check (foreground): exit 5, state removed', async () => {
    const taken = await occupy();
    const r = await runCli(['dev', 'up', '--foreground', '--namesrv-port', '0', '--broker-port', String(taken)], { env });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(new RegExp(`^error: port ${taken} \\(broker broker-a\\) is already in use on 127\\.0\\.0\\.1\\n`));
    expect(existsSync(join(dir, 'dev.json'))).toBe(false);
    expect(processesUsing(dir)).toEqual([]);
  });

  it('a failure only the cluster process sees: its error, its exit code, nothing left behind', async () => {
    mkdirSync(join(dir, 'namesrv'));
    writeFileSync(join(dir, 'namesrv', 'kvConfig.json'), '{"configTable": {');
    const r = await runCli(['dev', 'up', '--namesrv-port', '0', '--broker-port', '0'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot start the dev cluster: cannot read KV config .*kvConfig\.json: .*\n  `mqadmin dev reset` deletes the data/);
    expect(existsSync(join(dir, 'dev.json'))).toBe(false);
    expect(processesUsing(dir)).toEqual([]);
    expect(readFileSync(join(dir, 'dev.log'), 'utf8')).toMatch(/^error: cannot start the dev cluster/m);
  });

  it('a data directory that cannot be written: exit 2', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    const r = await runCli(['dev', 'up', '--data-dir', join(dir, 'a-file', 'dev'), '--namesrv-port', '0', '--broker-port', '0'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: data directory .*a-file\/dev is not writable: ENOTDIR/);
    expect(processesUsing(join(dir, 'a-file', 'dev'))).toEqual([]);
  });

  it('--foreground: logs on stdout, NAMESRV_ADDR once ready, SIGINT stops it cleanly (exit 0)', async () => {
    const child = spawn(process.execPath, [RUN_JS, 'dev', 'up', '--foreground', '--brokers', '2', '--namesrv-port', '0', '--broker-port', '0'], {
      env: { ...process.env, ...env, NAMESRV_ADDR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await expect.poll(() => out, { timeout: 15_000 }).toMatch(/^NAMESRV_ADDR=127\.0\.0\.1:\d+$/m);
      expect(out).toMatch(/^\S+ broker broker-b serving at 127\.0\.0\.1:\d+/m);
      expect(out).toMatch(/^  Ctrl-C\s+stop it/m);
      const state = JSON.parse(readFileSync(join(dir, 'dev.json'), 'utf8'));
      expect(state).toMatchObject({ pid: child.pid, status: 'running' });
      const ports = [state.namesrvAddr, ...state.brokers.map((b: { addr: string }) => b.addr)].map((a: string) => Number(a.split(':')[1]));
      expect((await runCli(['clusterList', '--json'], { env })).stdout).toMatch(/"broker-b"/);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out).toMatch(/SIGINT received: stopping\n(.*\n)*.* stopped\n/);
      expect(existsSync(join(dir, 'dev.json'))).toBe(false);
      for (const port of ports) expect(await dial(port)).toBe('refused');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('logs -f prints what is appended until Ctrl-C', async () => {
    writeFileSync(join(dir, 'dev.log'), 'old line\n');
    const child = spawn(process.execPath, [RUN_JS, 'dev', 'logs', '-f'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await expect.poll(() => out, { timeout: 10_000 }).toBe('old line\n');
      appendFileSync(join(dir, 'dev.log'), 'new line\n');
      await expect.poll(() => out, { timeout: 10_000 }).toBe('old line\nnew line\n');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
