// `mqadmin dev up --tls` end to end: bin/run.js starts a detached cluster serving TLS only on
// ephemeral ports in a temporary data directory; it prints the CA to trust and keeps it in
// dev.json; commands given no -n use it by themselves; with -n, --tls --tls-ca works, and each
// mismatch (plaintext to TLS, TLS to plaintext, an untrusted certificate) exits 5 within
// --timeout with the likely cause and the flag to try. --tls with --acl works. Everything
// started is stopped.

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
  security?: { tls?: { caFile: string }; acl?: { accessKey: string; secretKey: string } };
}
const devJson = (): DevJson => JSON.parse(readFileSync(join(dir, 'dev.json'), 'utf8')) as DevJson;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-tls-e2e-'));
  env = {
    MQADMIN_DEV_HOME: dir,
    NAMESRV_ADDR: undefined,
    MQADMIN_TLS: undefined,
    MQADMIN_TLS_CA: undefined,
    MQADMIN_TLS_CERT: undefined,
    MQADMIN_TLS_KEY: undefined,
    MQADMIN_TLS_INSECURE: undefined,
    MQADMIN_ACCESS_KEY: undefined,
    MQADMIN_SECRET_KEY: undefined,
    MQADMIN_PROFILE: undefined,
    XDG_CONFIG_HOME: dir,
    CI: '1',
  };
});

afterEach(async () => {
  await runCli(['dev', 'down', '--grace', '2000'], { env });
  for (const pid of processesUsing(dir)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** The same commands from somewhere that does not know the dev cluster: another default data directory. */
const elsewhere = (): Record<string, string | undefined> => ({ ...env, MQADMIN_DEV_HOME: join(dir, 'not-here'), XDG_CONFIG_HOME: join(dir, 'not-here') });

describe('mqadmin dev up --tls', () => {
  it('prints the CA, keeps it in dev.json, serves TLS only; mismatches exit 5 with the likely cause', async () => {
    const up = await runCli(['dev', 'up', '--tls', '--namesrv-port', '0', '--broker-port', '0'], { env, timeoutMs: 40_000 });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const caFile = join(dir, 'tls', 'ca.pem');
    expect(up.stdout).toContain(`TLS: on, every port, plaintext refused (trust ${caFile}: --tls --tls-ca ${caFile})`);
    const state = devJson();
    expect(state.security?.tls).toEqual({ caFile });
    expect(statSync(join(dir, 'tls', 'server-key.pem')).mode & 0o777).toBe(0o600);
    const ns = state.namesrvAddr;
    const broker = state.brokers[0]!.addr;

    // No -n: the dev cluster's NameServer and CA.
    const list = await runCli(['clusterList'], { env });
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^DefaultCluster\\s+broker-a\\s+0\\s+${broker.replaceAll('.', '\\.')}\\s`, 'm'));
    expect((await runCli(['updateTopic', '-t', 'TlsE2E', '-b', broker], { env })).code).toBe(0);
    const send = await runCli(['sendMessage', '-t', 'TlsE2E', '-p', 'hello over TLS'], { env });
    expect(send.code).toBe(0);

    // dev status, text and JSON.
    const status = await runCli(['dev', 'status'], { env });
    expect(status.stdout).toMatch(new RegExp(`^TLS\\s+on, every port, plaintext refused \\(trust ${caFile.replaceAll('.', '\\.')}: --tls --tls-ca `, 'm'));
    const json = JSON.parse((await runCli(['dev', 'status', '--json'], { env })).stdout);
    expect(json).toMatchObject({ state: 'running', options: { tls: true }, tls: { mode: 'enforcing', caFile }, failures: [] });
    expect(json.brokers).toEqual([expect.objectContaining({ registered: true, serving: true })]);

    // From elsewhere: -n plus --tls --tls-ca.
    const out = elsewhere();
    const ok = await runCli(['clusterList', '-n', ns, '--tls', '--tls-ca', caFile], { env: out });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^DefaultCluster\s+broker-a/m);
    const insecure = await runCli(['topicList', '-n', ns, '--tls-insecure'], { env: out });
    expect(insecure.code).toBe(0);
    expect(insecure.stdout).toMatch(/^TlsE2E$/m);

    // Plaintext to the TLS cluster: refused at once, exit 5, "try --tls".
    const plain = await runCli(['clusterList', '-n', ns, '--timeout', '3000'], { env: out });
    expect(plain.code).toBe(5);
    expect(plain.ms).toBeLessThan(3000 + 2500);
    expect(plain.stderr).toMatch(/^error: connection to .* closed before the response to request code 106: .*the server may require TLS\n  the server may require TLS; try --tls/);

    // TLS with the system's CAs: the dev CA is not among them.
    const untrusted = await runCli(['clusterList', '-n', ns, '--tls', '--timeout', '3000'], { env: out });
    expect(untrusted.code).toBe(5);
    expect(untrusted.stderr).toMatch(/^error: cannot connect to .*: the server's certificate cannot be verified \(.*\)\n  trust the CA that signed the server certificate with --tls-ca FILE, or skip verification with --tls-insecure\n/);
    const asJson = JSON.parse((await runCli(['clusterList', '-n', ns, '--tls', '--json'], { env: out })).stdout);
    expect(asJson.error).toMatchObject({ exitCode: 5, kind: 'unreachable', remedy: expect.stringContaining('--tls-ca FILE') });

    // Restart: the same CA.
    const ca = readFileSync(caFile, 'utf8');
    expect((await runCli(['dev', 'down'], { env })).code).toBe(0);
    expect((await runCli(['dev', 'up', '--tls', '--namesrv-port', '0', '--broker-port', '0'], { env, timeoutMs: 40_000 })).code).toBe(0);
    expect(readFileSync(caFile, 'utf8')).toBe(ca);
  }, 120_000);

  it('TLS to a plaintext cluster exits 5 at once with "try without --tls"; --tls with --acl works', async () => {
    expect((await runCli(['dev', 'up', '--namesrv-port', '0', '--broker-port', '0'], { env, timeoutMs: 40_000 })).code).toBe(0);
    const ns = devJson().namesrvAddr;
    const tls = await runCli(['clusterList', '-n', ns, '--tls-insecure', '--timeout', '3000'], { env: elsewhere() });
    expect(tls.code).toBe(5);
    expect(tls.ms).toBeLessThan(3000 + 2500);
    expect(tls.stderr).toMatch(/^(warning: .*\n)?error: cannot connect to .*: TLS handshake failed \(.*\): the server may not speak TLS\n  the server may not speak TLS; try without --tls\n/);
    expect((await runCli(['dev', 'down'], { env })).code).toBe(0);

    const up = await runCli(['dev', 'up', '--tls', '--acl', '--namesrv-port', '0', '--broker-port', '0'], { env, timeoutMs: 40_000 });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^TLS: on, every port/m);
    expect(up.stdout).toMatch(/ACL is on/);
    const state = devJson();
    expect(state.security?.tls?.caFile).toBe(join(dir, 'tls', 'ca.pem'));
    expect(state.security?.acl?.accessKey).toBeDefined();
    const broker = state.brokers[0]!.addr;
    expect((await runCli(['updateTopic', '-t', 'Both', '-b', broker], { env })).code).toBe(0);
    const status = JSON.parse((await runCli(['dev', 'status', '--json'], { env })).stdout);
    expect(status).toMatchObject({ options: { tls: true, acl: true }, tls: { caFile: join(dir, 'tls', 'ca.pem') }, failures: [] });
  }, 120_000);
});
