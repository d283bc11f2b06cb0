// `mqadmin dev up --acl` end to end: bin/run.js starts a detached cluster with plain ACL in a
// temporary data directory on ephemeral ports; the admin account is printed once and kept in
// dev.json; commands signed with it work, a wrong secret is refused (exit 6); `dev status
// --credentials` and `dev acl list|set|delete` manage the accounts. Everything started is stopped.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
  security?: { acl?: { accessKey: string; secretKey: string; created?: boolean } };
}
const devJson = (): DevJson => JSON.parse(readFileSync(join(dir, 'dev.json'), 'utf8')) as DevJson;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-acl-e2e-'));
  // The default data directory for commands given no --data-dir; nothing from the caller's environment.
  env = { MQADMIN_DEV_HOME: dir, NAMESRV_ADDR: undefined, MQADMIN_ACCESS_KEY: undefined, MQADMIN_SECRET_KEY: undefined, MQADMIN_PROFILE: undefined, XDG_CONFIG_HOME: dir, CI: '1' };
});

afterEach(async () => {
  await runCli(['dev', 'down', '--grace', '2000'], { env });
  for (const pid of processesUsing(dir)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('mqadmin dev up --acl', () => {
  it('prints the admin account once, signs with it, refuses a wrong secret, manages accounts', async () => {
    const up = await runCli(['dev', 'up', '--acl', '--namesrv-port', '0', '--broker-port', '0'], { env, timeoutMs: 40_000 });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const state = devJson();
    const acl = state.security!.acl!;
    expect(acl).toMatchObject({ accessKey: 'mqadmin-admin', created: true });
    expect(statSync(join(dir, 'dev.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'acl', 'plain_acl.yml')).mode & 0o777).toBe(0o600);
    expect(up.stdout).toMatch(/^ACL is on: every broker request must be signed\. Admin account created \(mqadmin dev status --credentials shows it again\):$/m);
    expect(up.stdout).toMatch(new RegExp(`^\\s+access key\\s+mqadmin-admin$`, 'm'));
    expect(up.stdout).toContain(acl.secretKey);
    // The log of the cluster process names the account, never its secret.
    expect(readFileSync(join(dir, 'dev.log'), 'utf8')).toMatch(/ACL on: accounts in .*plain_acl\.yml, admin account mqadmin-admin \(created now\)/);
    expect(readFileSync(join(dir, 'dev.log'), 'utf8')).not.toContain(acl.secretKey);

    // Already up: no secret again, and --json never carries it.
    const again = await runCli(['dev', 'up', '--acl', '--json'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain(acl.secretKey);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'already-up', acl: { accessKey: 'mqadmin-admin', created: false } });

    // dev status: the access key; the secret only with --credentials.
    const status = await runCli(['dev', 'status'], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^ACL\s+on, accounts in .*plain_acl\.yml$/m);
    expect(status.stdout).toMatch(/^Access key\s+mqadmin-admin$/m);
    expect(status.stdout).not.toContain(acl.secretKey);
    expect(status.stdout).toMatch(/^broker-a\s+\S+\s+yes\s+serving\s/m);
    const statusJson = JSON.parse((await runCli(['dev', 'status', '--json'], { env })).stdout);
    expect(statusJson.acl).toEqual({ accessKey: 'mqadmin-admin', created: false, accountsFile: join(dir, 'acl', 'plain_acl.yml') });
    expect(statusJson.failures).toEqual([]);
    const credentials = await runCli(['dev', 'status', '--credentials'], { env });
    expect(credentials.stdout).toMatch(new RegExp(`^Secret key\\s+${acl.secretKey.replace(/[-]/g, '\\-')}$`, 'm'));
    expect(JSON.parse((await runCli(['dev', 'status', '--credentials', '--json'], { env })).stdout).acl.secretKey).toBe(acl.secretKey);

    // Other commands with the credentials of dev.json.
    const signed = ['-n', state.namesrvAddr, '--access-key', acl.accessKey, '--secret-key', acl.secretKey];
    const topics = await runCli(['topicList', ...signed], { env });
    expect(topics.code).toBe(0);
    expect(topics.stdout).toMatch(/^TBW102$/m);
    const update = await runCli(['updateTopic', '-c', 'DefaultCluster', '-t', 'AclE2ETopic', ...signed], { env });
    expect(update.stderr).toBe('');
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/^broker-a\s+\S+\s+created\s/m);
    const send = await runCli(['sendMessage', '-t', 'AclE2ETopic', '-p', 'hello', ...signed], { env });
    expect(send.code).toBe(0);

    // Given no -n, a command uses the dev cluster of the default data directory and its account.
    const byItself = await runCli(['updateTopic', '-c', 'DefaultCluster', '-t', 'AclE2EDefault'], { env });
    expect(byItself.stderr).toBe('');
    expect(byItself.code).toBe(0);

    // A wrong secret: access denied, exit 6, one error line (and its remedy), the secret not echoed.
    const wrong = ['-n', state.namesrvAddr, '--access-key', acl.accessKey, '--secret-key', 'wrong-secret-9'];
    const denied = await runCli(['sendMessage', '-t', 'AclE2ETopic', '-p', 'nope', ...wrong], { env });
    expect(denied.code).toBe(6);
    expect(denied.stdout).toBe('');
    const lines = denied.stderr.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('error: '))).toEqual([
      `error: access denied by ${state.brokers[0]!.addr} for SEND_MESSAGE_V2: Check signature failed for accessKey=mqadmin-admin`,
    ]);
    expect(denied.stderr).not.toContain('wrong-secret-9');
    // The same for a command that asks every broker: each refusal named, exit 6 (not 3).
    const fanOut = await runCli(['clusterList', ...wrong], { env });
    expect(fanOut.code).toBe(6);
    expect(fanOut.stderr).toContain(`warning: ${state.brokers[0]!.addr}: access denied for GET_BROKER_RUNTIME_INFO: Check signature failed for accessKey=mqadmin-admin`);
    expect(fanOut.stderr).toContain('the secret key does not match this access key');

    // Accounts: set, list (masked), use, delete; the admin account is protected.
    const set = await runCli(['dev', 'acl', 'set', 'reader01', '--secret-key', 'reader-secret-1', '--default-topic-perm', 'SUB', '--default-group-perm', 'SUB', '--topic-perm', 'AclE2ETopic=SUB'], { env });
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('Created or updated the account reader01 on broker-a.\n');
    const list = JSON.parse((await runCli(['dev', 'acl', 'list', '--json'], { env })).stdout);
    expect(list.enforced).toBe(true);
    expect(list.accounts).toEqual([
      expect.objectContaining({ accessKey: 'mqadmin-admin', secretKey: '******', admin: true, devAdmin: true }),
      expect.objectContaining({ accessKey: 'reader01', secretKey: '******', admin: false, defaultTopicPerm: 'SUB', topicPerms: ['AclE2ETopic=SUB'] }),
    ]);
    const listText = await runCli(['dev', 'acl', 'list'], { env });
    expect(listText.stdout).not.toContain('reader-secret-1');
    expect(listText.stdout).not.toContain(acl.secretKey);
    const reader = ['-n', state.namesrvAddr, '--access-key', 'reader01', '--secret-key', 'reader-secret-1'];
    const readerSend = await runCli(['sendMessage', '-t', 'AclE2ETopic', '-p', 'nope', ...reader], { env });
    expect(readerSend.code).toBe(6);
    expect(readerSend.stderr).toMatch(/^error: access denied by \S+ for SEND_MESSAGE_V2: No default permission for topic:AclE2ETopic$/m);
    const readerTopic = await runCli(['updateTopic', '-b', state.brokers[0]!.addr, '-t', 'ReaderTopic', ...reader], { env });
    expect(readerTopic.code).toBe(6);
    expect(readerTopic.stderr).toMatch(/Need admin permission for request code=17, but accessKey=reader01 is not/);

    const protectedAdmin = await runCli(['dev', 'acl', 'delete', 'mqadmin-admin'], { env });
    expect(protectedAdmin.code).toBe(2);
    expect(protectedAdmin.stderr).toMatch(/^error: mqadmin-admin is the dev cluster's own admin account/);
    expect((await runCli(['dev', 'acl', 'delete', 'nobody-here'], { env })).code).toBe(4);
    const short = await runCli(['dev', 'acl', 'set', 'tiny', '--secret-key', 'tiny-secret'], { env });
    expect(short.code).toBe(2);
    const del = await runCli(['dev', 'acl', 'delete', 'reader01'], { env });
    expect(del.code).toBe(0);
    expect(del.stdout).toBe('Deleted the account reader01 on broker-a.\n');
    const gone = await runCli(['sendMessage', '-t', 'AclE2ETopic', '-p', 'nope', ...reader], { env });
    expect(gone.code).toBe(6);
    expect(gone.stderr).toMatch(/No acl config for reader01/);

    // Restart: same account, not printed again.
    expect((await runCli(['dev', 'down'], { env })).code).toBe(0);
    const restart = await runCli(['dev', 'up', '--acl', '--namesrv-port', '0', '--broker-port', '0'], { env, timeoutMs: 40_000 });
    expect(restart.code).toBe(0);
    expect(restart.stdout).not.toContain(acl.secretKey);
    expect(restart.stdout).toMatch(/^ACL is on: admin account mqadmin-admin \(mqadmin dev status --credentials shows its secret\); accounts in .*plain_acl\.yml\.$/m);
    expect(devJson().security!.acl).toEqual({ accessKey: 'mqadmin-admin', secretKey: acl.secretKey, created: false });
  }, 120_000);
});
