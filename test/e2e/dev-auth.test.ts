// `mqadmin dev up --auth` end to end: bin/run.js starts a detached cluster playing a 5.3.3 broker
// with authentication and authorization on, in a temporary data directory on ephemeral ports;
// the Super user is printed once and kept in dev.json; commands signed with it work (given the
// credentials, or by themselves without -n), a wrong secret is refused (exit 6); `dev status
// --credentials` shows the password; --auth with --acl is a usage error. Everything started is stopped.

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { processesUsing } from '../helpers/processes.js';

let dir: string;
let env: Record<string, string | undefined>;

interface DevJson {
  namesrvAddr: string;
  brokers: Array<{ name: string; addr: string }>;
  options: { auth: boolean; acl: boolean };
  security?: { acl?: { accessKey: string; secretKey: string; created?: boolean } };
}
const devJson = (): DevJson => JSON.parse(readFileSync(join(dir, 'dev.json'), 'utf8')) as DevJson;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-auth-e2e-'));
  env = { MQADMIN_DEV_HOME: dir, NAMESRV_ADDR: undefined, MQADMIN_ACCESS_KEY: undefined, MQADMIN_SECRET_KEY: undefined, MQADMIN_PROFILE: undefined, XDG_CONFIG_HOME: dir, CI: '1' };
});

afterEach(async () => {
  await runCli(['dev', 'down', '--grace', '2000'], { env });
  for (const pid of processesUsing(dir)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('mqadmin dev up --auth', () => {
  it('prints the Super user once, signs with it, refuses a wrong secret (exit 6), shows it with --credentials', async () => {
    const both = await runCli(['dev', 'up', '--auth', '--acl', '--namesrv-port', '0', '--broker-port', '0'], { env });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^error: --auth and --acl cannot be used together/m);
    expect(existsSync(join(dir, 'dev.json'))).toBe(false);

    const up = await runCli(['dev', 'up', '--auth', '--namesrv-port', '0', '--broker-port', '0'], { env, timeoutMs: 40_000 });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const state = devJson();
    expect(state.options).toMatchObject({ auth: true, acl: false });
    const user = state.security!.acl!;
    expect(user).toMatchObject({ accessKey: 'mqadmin-admin', created: true });
    expect(statSync(join(dir, 'dev.json')).mode & 0o777).toBe(0o600);
    for (const file of ['users.json', 'acls.json']) expect(statSync(join(dir, 'broker-a', 'config', 'auth', file)).mode & 0o777).toBe(0o600);
    expect(up.stdout).toMatch(/^Authentication is on \(5\.x users and ACLs\): every broker request must be signed\. Super user created \(mqadmin dev status --credentials shows it again\):$/m);
    expect(up.stdout).toMatch(/^\s+access key\s+mqadmin-admin$/m);
    expect(up.stdout).toContain(user.secretKey);
    const log = readFileSync(join(dir, 'dev.log'), 'utf8');
    expect(log).toMatch(/authentication and authorization on broker-a: users in .*users\.json, ACLs in .*acls\.json, Super user mqadmin-admin \(created now\)/);
    expect(log).not.toContain(user.secretKey);

    const again = await runCli(['dev', 'up', '--auth', '--json'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain(user.secretKey);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'already-up', auth: { accessKey: 'mqadmin-admin', created: false } });
    expect(JSON.parse(again.stdout).acl).toBeUndefined();
    const conflict = await runCli(['dev', 'up', '--no-auth'], { env });
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toMatch(/--no-auth \(running: on\)/);

    const status = await runCli(['dev', 'status'], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^Auth\s+on \(5\.x users and ACLs\), users in .*users\.json, ACLs in .*acls\.json$/m);
    expect(status.stdout).toMatch(/^Access key\s+mqadmin-admin$/m);
    expect(status.stdout).not.toContain(user.secretKey);
    expect(status.stdout).toMatch(/^broker-a\s+\S+\s+yes\s+serving\s/m);
    const statusJson = JSON.parse((await runCli(['dev', 'status', '--json'], { env })).stdout);
    expect(statusJson.auth).toEqual({ accessKey: 'mqadmin-admin', created: false, usersFile: join(dir, 'broker-a', 'config', 'auth', 'users.json'), aclsFile: join(dir, 'broker-a', 'config', 'auth', 'acls.json') });
    expect(statusJson.failures).toEqual([]);
    const credentials = await runCli(['dev', 'status', '--credentials'], { env });
    expect(credentials.stdout).toMatch(new RegExp(`^Secret key\\s+${user.secretKey.replace(/[-]/g, '\\-')}$`, 'm'));
    expect(JSON.parse((await runCli(['dev', 'status', '--credentials', '--json'], { env })).stdout).auth.secretKey).toBe(user.secretKey);

    // Commands with the credentials of dev.json.
    const signed = ['-n', state.namesrvAddr, '--access-key', user.accessKey, '--secret-key', user.secretKey];
    const update = await runCli(['updateTopic', '-c', 'DefaultCluster', '-t', 'AuthE2ETopic', ...signed], { env });
    expect(update.stderr).toBe('');
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/^broker-a\s+\S+\s+created\s/m);
    const send = await runCli(['sendMessage', '-t', 'AuthE2ETopic', '-p', 'hello', '-k', 'e2e-key', ...signed], { env });
    expect(send.code).toBe(0);
    const byKey = await runCli(['queryMsgByKey', '-t', 'AuthE2ETopic', '-k', 'e2e-key', ...signed], { env });
    expect(byKey.code).toBe(0);
    expect(byKey.stdout).toContain('e2e-key');
    // Given no -n, a command uses the dev cluster of the default data directory and its Super user.
    const byItself = await runCli(['clusterList'], { env });
    expect(byItself.stderr).toBe('');
    expect(byItself.code).toBe(0);

    // A wrong secret: access denied, exit 6, the broker's remark, the secret not echoed.
    const wrong = ['-n', state.namesrvAddr, '--access-key', user.accessKey, '--secret-key', 'wrong-secret-9'];
    const denied = await runCli(['sendMessage', '-t', 'AuthE2ETopic', '-p', 'nope', ...wrong], { env });
    expect(denied.code).toBe(6);
    expect(denied.stdout).toBe('');
    expect(denied.stderr.split('\n').filter((l) => l.startsWith('error: '))).toEqual([
      `error: access denied by ${state.brokers[0]!.addr} for SEND_MESSAGE_V2: check signature failed.`,
    ]);
    expect(denied.stderr).toContain('the secret key does not match this access key');
    expect(denied.stderr).not.toContain('wrong-secret-9');
    const unknown = await runCli(['brokerStatus', '-b', state.brokers[0]!.addr, '-n', state.namesrvAddr, '--access-key', 'nobody', '--secret-key', 'x'], { env });
    expect(unknown.code).toBe(6);
    expect(unknown.stderr).toMatch(/^warning: \S+: access denied for GET_BROKER_RUNTIME_INFO: User:nobody is not found\.$/m);

    // Restart: same user, its password not printed again.
    expect((await runCli(['dev', 'down'], { env })).code).toBe(0);
    const restart = await runCli(['dev', 'up', '--auth', '--namesrv-port', '0', '--broker-port', '0'], { env, timeoutMs: 40_000 });
    expect(restart.code).toBe(0);
    expect(restart.stdout).not.toContain(user.secretKey);
    expect(restart.stdout).toMatch(/^Authentication is on \(5\.x users and ACLs\): Super user mqadmin-admin \(mqadmin dev status --credentials shows its password\); users in .*users\.json\.$/m);
    expect(devJson().security!.acl).toEqual({ accessKey: 'mqadmin-admin', secretKey: user.secretKey, created: false });
  }, 120_000);
});
