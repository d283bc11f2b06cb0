// A user and ACL life cycle against `mqadmin dev up --auth` (5.x authentication and
// authorization 2.0), all through bin/run.js: a Normal user without an ACL is refused a send
// (exit 6), createAcl lets it send, deleteAcl refuses it again; the Super-user rule; the user
// deleted at the end. No output ever shows a password. Everything started is stopped.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, RUN_JS, type CliResult } from '../helpers/cli.js';
import { processesUsing } from '../helpers/processes.js';

let dir: string;
let env: Record<string, string | undefined>;
let superSecret: string;
const APP_PASSWORD = 'app-password-1';
const all: CliResult[] = [];

const run = async (args: string[], extra: Record<string, string | undefined> = {}): Promise<CliResult> => {
  const r = await runCli(args, { env: { ...env, ...extra }, timeoutMs: 30_000 });
  all.push(r);
  return r;
};
/** Signed as the Normal user `app` (the other commands sign with the dev cluster's Super user). */
const asApp = (args: string[]) => run([...args, '--access-key', 'app', '--secret-key', APP_PASSWORD]);
const lines = (text: string) => text.trimEnd().split('\n');
const cells = (line: string) => line.trim().split(/\s{2,}/);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-auth-users-'));
  env = { MQADMIN_DEV_HOME: dir, NAMESRV_ADDR: undefined, MQADMIN_ACCESS_KEY: undefined, MQADMIN_SECRET_KEY: undefined, MQADMIN_PROFILE: undefined, XDG_CONFIG_HOME: dir, CI: '1' };
  const up = await runCli(['dev', 'up', '--auth', '--namesrv-port', '0', '--broker-port', '0'], { env, timeoutMs: 40_000 });
  expect(up.code, up.stderr).toBe(0);
  const state = JSON.parse(readFileSync(join(dir, 'dev.json'), 'utf8')) as { security: { acl: { accessKey: string; secretKey: string } } };
  superSecret = state.security.acl.secretKey;
}, 60_000);

afterAll(async () => {
  await runCli(['dev', 'down', '--grace', '2000'], { env });
  for (const pid of processesUsing(dir)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('users and ACLs on dev up --auth', () => {
  it('a Normal user is refused a send without an ACL, allowed with one, refused again after deleteAcl', async () => {
    const before = await run(['listUser', '-c', 'DefaultCluster']);
    expect(before.code, before.stderr).toBe(0);
    expect(lines(before.stdout).slice(3).map(cells)).toEqual([['mqadmin-admin', '******', 'Super', 'enable']]);

    const created = await run(['createUser', '-c', 'DefaultCluster', '-u', 'app', '-p', APP_PASSWORD]);
    expect(created.code, created.stderr).toBe(0);
    expect(cells(lines(created.stdout)[3]!)).toEqual(['broker-a', expect.stringMatching(/^127\.0\.0\.1:\d+$/), 'created']);
    const user = await run(['getUser', '-c', 'DefaultCluster', '-u', 'app', '--json']);
    expect(JSON.parse(user.stdout).brokers[0].user).toEqual({ username: 'app', password: '******', userType: 'Normal', userStatus: 'enable' });

    expect((await run(['updateTopic', '-c', 'DefaultCluster', '-t', 'Orders'])).code).toBe(0);

    const refused = await asApp(['sendMessage', '-t', 'Orders', '-p', 'hello']);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('User:app has no permission to access Topic:Orders');

    const acl = await run(['createAcl', '-c', 'DefaultCluster', '-s', 'User:app', '-r', 'Topic:Orders', '-a', 'Pub', '-d', 'Allow']);
    expect(acl.code, acl.stderr).toBe(0);
    expect(cells(lines(acl.stdout)[3]!).slice(2)).toEqual(['created', '+ Topic:Orders Pub Allow']);
    const got = await run(['getAcl', '-c', 'DefaultCluster', '-s', 'User:app']);
    expect(lines(got.stdout).slice(3).map(cells)).toEqual([['User:app', 'Custom', 'Topic:Orders', 'Pub', 'any', 'Allow']]);

    const sent = await asApp(['sendMessage', '-t', 'Orders', '-p', 'hello']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain('SEND_OK');

    // Patch: a second resource is added, the first stays.
    const upd = await run(['updateAcl', '-c', 'DefaultCluster', '-s', 'User:app', '-r', 'Group:AppGroup', '-a', 'Sub', '-d', 'Allow']);
    expect(cells(lines(upd.stdout)[3]!).slice(2)).toEqual(['updated', '+ Group:AppGroup Sub Allow']);
    const listed = await run(['listAcl', '-c', 'DefaultCluster', '--json']);
    expect(JSON.parse(listed.stdout).brokers[0].acls[0].entries.map((e: { resource: string }) => e.resource)).toEqual(['Topic:Orders', 'Group:AppGroup']);

    expect((await run(['deleteAcl', '-c', 'DefaultCluster', '-s', 'User:app'])).code).toBe(2);
    const del = await run(['deleteAcl', '-c', 'DefaultCluster', '-s', 'User:app', '--yes']);
    expect(del.code, del.stderr).toBe(0);
    expect(cells(lines(del.stdout)[3]!).slice(2)).toEqual(['deleted', 'whole ACL (2 entries)']);

    const again = await asApp(['sendMessage', '-t', 'Orders', '-p', 'hello']);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain('no matched policies');
    expect((await run(['getAcl', '-c', 'DefaultCluster', '-s', 'User:app'])).code).toBe(4);
  });

  it('only a Super user may create or change a Super user; a disabled user is refused', async () => {
    // app may administer the cluster, but is not a Super user.
    expect((await run(['createAcl', '-c', 'DefaultCluster', '-s', 'User:app', '-r', 'Cluster:DefaultCluster', '-a', 'All', '-d', 'Allow'])).code).toBe(0);
    const normal = await asApp(['createUser', '-c', 'DefaultCluster', '-u', 'worker', '-p', 'worker-password']);
    expect(normal.code, normal.stderr).toBe(0);
    const boss = await asApp(['createUser', '-c', 'DefaultCluster', '-u', 'boss', '-p', 'boss-password', '-t', 'Super']);
    expect(boss.code).toBe(6);
    expect(boss.stderr).toContain('only a Super user may create a Super user');
    const promote = await asApp(['updateUser', '-c', 'DefaultCluster', '-u', 'worker', '-t', 'Super']);
    expect(promote.code).toBe(6);
    // The Super user of the dev cluster may.
    const ok = await run(['updateUser', '-c', 'DefaultCluster', '-u', 'worker', '-t', 'Super']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(cells(lines(ok.stdout)[3]!).slice(2)).toEqual(['updated', 'userType Normal -> Super']);

    expect((await run(['updateUser', '-c', 'DefaultCluster', '-u', 'app', '-s', 'disable'])).code).toBe(0);
    const disabled = await asApp(['listUser', '-c', 'DefaultCluster']);
    expect(disabled.code).toBe(6);
    expect(disabled.stderr).toContain('User:app is disabled.');
  });

  it('deleteUser removes the user and its ACL; then it is not found', async () => {
    const dry = await run(['deleteUser', '-c', 'DefaultCluster', '-u', 'app', '--dry-run']);
    expect(cells(lines(dry.stdout)[3]!).slice(2)).toEqual(['delete', 'Normal', 'its ACL (1 entry) too']);
    const del = await run(['deleteUser', '-c', 'DefaultCluster', '-u', 'app', '--yes']);
    expect(del.code, del.stderr).toBe(0);
    expect((await run(['getUser', '-c', 'DefaultCluster', '-u', 'app'])).code).toBe(4);
    expect((await run(['deleteUser', '-c', 'DefaultCluster', '-u', 'app', '--yes'])).code).toBe(4);
    expect(JSON.parse((await run(['listAcl', '-c', 'DefaultCluster', '-s', 'User:app', '--json'])).stdout).brokers[0].acls).toEqual([]);
  });

  it.skipIf(spawnSync('script', ['--version']).status !== 0)('createUser without -p on a terminal asks twice, without echo', async () => {
    // util-linux `script` runs the command on a pseudo-terminal; the password is typed twice.
    const cmd = [process.execPath, RUN_JS, 'createUser', '-c', 'DefaultCluster', '-u', 'typed'].map((a) => `'${a}'`).join(' ');
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...process.env, ...env, MQADMIN_CONFIG: '/nonexistent/config.yaml', CI: '', TERM: 'xterm' } as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(text));
      setTimeout(() => child.stdin.write('typed-password-1\r'), 1500);
      setTimeout(() => child.stdin.write('typed-password-1\r'), 2500);
      setTimeout(() => child.stdin.end(), 6000);
    });
    expect(out).toContain('Password for typed');
    expect(out).toContain('Repeat the password');
    expect(out).toMatch(/User.* typed \(Normal, enable, password \*{6}\)/);
    expect(out).not.toContain('typed-password-1');
    // The password typed is the one the broker keeps: the user can sign with it.
    const asTyped = await run(['getBrokerConfig', '-b', JSON.parse(readFileSync(join(dir, 'dev.json'), 'utf8')).brokers[0].addr, '--access-key', 'typed', '--secret-key', 'typed-password-1']);
    expect(asTyped.code, asTyped.stderr).toBe(0);
  }, 30_000);

  it('no output showed a password', () => {
    for (const r of all) {
      for (const secret of [APP_PASSWORD, superSecret, 'worker-password', 'boss-password']) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stderr).not.toContain(secret);
      }
    }
  });
});
