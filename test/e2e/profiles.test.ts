// Credentials, TLS flags and profiles end to end: bin/run.js with MQADMIN_CONFIG in a temp
// directory, against a fake NameServer that records what arrives, so the signature is checked
// on the wire; and secrets never in the output.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeSignature, signedContent } from '../../src/protocol/acl.js';
import { createResponse, type RemotingCommand } from '../../src/remoting/command.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { FakeServer } from '../helpers/fakeServer.js';

const GET_BROKER_CLUSTER_INFO = 106;
const SECRET = '12345678';

let dir: string;
let config: string;
let env: Record<string, string | undefined>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-e2e-profiles-'));
  config = join(dir, 'conf', 'config.yaml');
  env = {
    MQADMIN_CONFIG: config,
    // Never the dev cluster someone may be running on this machine.
    MQADMIN_DEV_HOME: join(dir, 'dev'),
    MQADMIN_PROFILE: undefined,
    MQADMIN_ACCESS_KEY: undefined,
    MQADMIN_SECRET_KEY: undefined,
    MQADMIN_SECURITY_TOKEN: undefined,
    MQADMIN_TLS: undefined,
    MQADMIN_TLS_CA: undefined,
    MQADMIN_TLS_CERT: undefined,
    MQADMIN_TLS_KEY: undefined,
    MQADMIN_TLS_INSECURE: undefined,
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], extra: Record<string, string | undefined> = {}): Promise<CliResult> => runCli(args, { env: { ...env, ...extra } });

/** A fake NameServer answering GET_BROKER_CLUSTER_INFO with an empty cluster. */
async function fakeNamesrv(): Promise<FakeServer> {
  const fake = await FakeServer.start();
  fake.respond = (req: RemotingCommand) =>
    req.code === GET_BROKER_CLUSTER_INFO
      ? createResponse(req, 0, { body: JSON.stringify({ brokerAddrTable: {}, clusterAddrTable: {} }) })
      : createResponse(req, 1, { remark: 'not in this test' });
  return fake;
}

/** The request arrived signed with accessKey and secretKey: AccessKey present, Signature recomputed. */
function expectSigned(cmd: RemotingCommand, accessKey: string, secretKey: string, securityToken?: string): void {
  const ext = cmd.extFields ?? {};
  expect(ext.AccessKey).toBe(accessKey);
  expect(ext.SecurityToken).toBe(securityToken);
  expect(ext.Signature).toBe(computeSignature(secretKey, signedContent(ext, cmd.body)));
}

function expectNoSecret(r: CliResult, ...secrets: string[]): void {
  for (const s of secrets) {
    expect(r.stdout).not.toContain(s);
    expect(r.stderr).not.toContain(s);
  }
}

describe('signed requests on the wire', () => {
  let fake: FakeServer;
  beforeAll(async () => {
    fake = await fakeNamesrv();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.received.length = 0;
  });

  it('--access-key RocketMQ --secret-key 12345678 signs the request', async () => {
    const r = await cli(['clusterList', '-n', fake.address, '--access-key', 'RocketMQ', '--secret-key', SECRET]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fake.received).toHaveLength(1);
    expect(fake.received[0]!.cmd.code).toBe(GET_BROKER_CLUSTER_INFO);
    expectSigned(fake.received[0]!.cmd, 'RocketMQ', SECRET);
    expectNoSecret(r, SECRET);
  });

  it('the MQADMIN_* environment signs the request, the security token too', async () => {
    const r = await cli(['clusterList', '-n', fake.address], { MQADMIN_ACCESS_KEY: 'RocketMQ', MQADMIN_SECRET_KEY: SECRET, MQADMIN_SECURITY_TOKEN: 'tok-1' });
    expect(r.code).toBe(0);
    expectSigned(fake.received[0]!.cmd, 'RocketMQ', SECRET, 'tok-1');
  });

  it('a profile (literal secret, or env:VAR) gives the NameServer and signs the request', async () => {
    expect((await cli(['profile', 'create', 'lit', '-n', fake.address, '--access-key', 'RocketMQ', '--secret-key', SECRET])).code).toBe(0);
    expect((await cli(['profile', 'create', 'ref', '-n', fake.address, '--access-key', 'refAK', '--secret-key', 'env:REF_SK'])).code).toBe(0);
    expect(readFileSync(config, 'utf8')).toContain('secretKey: env:REF_SK');

    const r1 = await cli(['clusterList', '--profile', 'lit']);
    expect(r1.code).toBe(0);
    expectSigned(fake.received.at(-1)!.cmd, 'RocketMQ', SECRET);

    const r2 = await cli(['clusterList'], { MQADMIN_PROFILE: 'ref', REF_SK: 'fromEnvSecret' });
    expect(r2.code).toBe(0);
    expectSigned(fake.received.at(-1)!.cmd, 'refAK', 'fromEnvSecret');

    // An unset variable: exit 2 naming it, nothing sent.
    const before = fake.received.length;
    const r3 = await cli(['clusterList', '--profile', 'ref']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('error: the secret key of profile ref is env:REF_SK, and REF_SK is not set');
    expect(fake.received.length).toBe(before);

    // The current profile, with a flag over one of its settings.
    expect((await cli(['profile', 'use', 'lit'])).code).toBe(0);
    const r4 = await cli(['clusterList', '--secret-key', 'flagSecret']);
    expect(r4.code).toBe(0);
    expectSigned(fake.received.at(-1)!.cmd, 'RocketMQ', 'flagSecret');
  });

  it('no credentials: nothing signed', async () => {
    const r = await cli(['clusterList', '-n', fake.address]);
    expect(r.code).toBe(0);
    const ext = fake.received[0]!.cmd.extFields ?? {};
    expect(ext.AccessKey).toBeUndefined();
    expect(ext.Signature).toBeUndefined();
  });

  it('half a key pair is exit 2 naming what is missing, and nothing is sent', async () => {
    const r = await cli(['clusterList', '-n', fake.address, '--access-key', 'RocketMQ']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: an access key is given (flag --access-key) but no secret key');
    const j = await cli(['clusterList', '-n', fake.address, '--json'], { MQADMIN_SECRET_KEY: SECRET });
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).error).toMatchObject({ exitCode: 2, kind: 'usage', message: 'a secret key is given (env MQADMIN_SECRET_KEY) but no access key' });
    expectNoSecret(j, SECRET);
    expect(fake.received).toHaveLength(0);
  });
});

describe('the dev cluster', () => {
  let fake: FakeServer;
  let other: FakeServer;
  let holder: ChildProcess;

  beforeAll(async () => {
    fake = await fakeNamesrv();
    other = await fakeNamesrv();
    // A live process whose command line is that of `dev up --foreground`, standing in for it.
    holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'dev', 'up', '--foreground'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    holder.kill('SIGKILL');
    await fake.close();
    await other.close();
  });

  function writeDevState(devHome: string): void {
    mkdirSync(devHome, { recursive: true });
    writeFileSync(join(devHome, 'dev.json'), JSON.stringify({
      version: 1,
      pid: holder.pid,
      status: 'running',
      startedAt: new Date().toISOString(),
      dataDir: devHome,
      options: { brokers: 1, namesrvPort: fake.port, brokerPort: 0, flush: 'async', acl: true, tls: false },
      namesrvAddr: fake.address,
      brokers: [],
      security: { acl: { accessKey: 'devAdmin', secretKey: 'devAdminSecret' } },
    }));
  }

  it('its admin account signs requests to its NameServer, never to another one', async () => {
    writeDevState(env.MQADMIN_DEV_HOME!);
    const r = await cli(['clusterList']);
    expect(r.code).toBe(0);
    expectSigned(fake.received.at(-1)!.cmd, 'devAdmin', 'devAdminSecret');

    const same = await cli(['clusterList', '-n', fake.address]);
    expect(same.code).toBe(0);
    expectSigned(fake.received.at(-1)!.cmd, 'devAdmin', 'devAdminSecret');

    const elsewhere = await cli(['clusterList', '-n', other.address]);
    expect(elsewhere.code).toBe(0);
    expect(other.received.at(-1)!.cmd.extFields?.AccessKey).toBeUndefined();

    const show = await cli(['profile', 'show', '--json']);
    expect(show.code).toBe(0);
    const view = JSON.parse(show.stdout);
    expect(view.settings.namesrvAddr).toEqual({ value: fake.address, source: 'dev cluster' });
    expect(view.settings.accessKey).toEqual({ value: 'devAdmin', source: 'dev cluster' });
    expect(view.settings.secretKey).toEqual({ value: '******', source: 'dev cluster' });
    expectNoSecret(show, 'devAdminSecret');

    // A profile wins over it.
    await cli(['profile', 'create', 'p', '-n', other.address, '--access-key', 'pAK', '--secret-key', 'pSK']);
    await cli(['profile', 'use', 'p']);
    expect((await cli(['clusterList'])).code).toBe(0);
    expectSigned(other.received.at(-1)!.cmd, 'pAK', 'pSK');
  });
});

describe('profile commands', () => {
  it('create, list, show, use, rename, delete', async () => {
    const created = await cli(['profile', 'create', 'prod', '-n', '10.0.0.1:9876;10.0.0.2:9876', '--access-key', 'ops', '--secret-key', 'opsSecret', '--timeout', '8000']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`Profile prod created in ${config}`);
    expect(created.stdout).toContain('mqadmin profile use prod');
    expectNoSecret(created, 'opsSecret');
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'conf')).mode & 0o777).toBe(0o700);

    // An existing name: exit 2 unless --force.
    const again = await cli(['profile', 'create', 'prod', '-n', '10.9.9.9:9876']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('profile "prod" already exists');
    expect(readFileSync(config, 'utf8')).toContain('10.0.0.1:9876;10.0.0.2:9876');
    const staging = await cli(['profile', 'create', 'staging', '-n', '10.1.0.1:9876', '--tls-insecure', '--json']);
    expect(staging.code).toBe(0);
    expect(JSON.parse(staging.stdout)).toMatchObject({ configFile: config, replaced: false, profile: { name: 'staging', tls: { enabled: true, insecure: true } } });

    const list = await cli(['profile', 'list']);
    expect(list.code).toBe(0);
    const rows = list.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^CURRENT\s+NAME\s+NAMESERVERS\s+ACCESS KEY\s+TLS\s+TIMEOUT$/);
    expect(rows[1]).toMatch(/^\s+prod\s+10\.0\.0\.1:9876;10\.0\.0\.2:9876\s+ops\s+off\s+8000$/);
    expect(rows[2]).toMatch(/^\s+staging\s+10\.1\.0\.1:9876\s+-\s+on, insecure\s+-$/);

    expect((await cli(['profile', 'use', 'prod'])).stdout).toContain('Profile prod is current now.');
    const listJson = JSON.parse((await cli(['profile', 'list', '--json'])).stdout);
    expect(listJson.current).toBe('prod');
    expect(listJson.profiles.map((p: { name: string; current: boolean; secretKey: string | null }) => [p.name, p.current, p.secretKey])).toEqual([
      ['prod', true, '******'],
      ['staging', false, null],
    ]);

    const showProd = await cli(['profile', 'show', 'prod']);
    expect(showProd.code).toBe(0);
    expect(showProd.stdout).toMatch(/Profile prod \(current\)/);
    expect(showProd.stdout).toMatch(/secretKey\s+\*{6}/);
    expectNoSecret(showProd, 'opsSecret');

    // The effective settings, each with its source.
    const eff = await cli(['profile', 'show', '--timeout', '300'], { NAMESRV_ADDR: '10.5.5.5:9876' });
    expect(eff.code).toBe(0);
    expect(eff.stdout).toMatch(new RegExp(`profile\\s+prod \\(current in ${config.replaceAll('.', '\\.')}\\)`));
    expect(eff.stdout).toMatch(/namesrvAddr\s+10\.5\.5\.5:9876\s+env NAMESRV_ADDR/);
    expect(eff.stdout).toMatch(/timeout\s+300\s+flag --timeout/);
    expect(eff.stdout).toMatch(/accessKey\s+ops\s+profile prod/);
    expect(eff.stdout).toMatch(/secretKey\s+\*{6}\s+profile prod/);
    expect(eff.stdout).toMatch(/tls\s+off\s+default/);
    expectNoSecret(eff, 'opsSecret');
    const effJson = JSON.parse((await cli(['profile', 'show', '--profile', 'staging', '--json'], { MQADMIN_SECRET_KEY: 'envSecret', MQADMIN_ACCESS_KEY: 'envAK' })).stdout);
    expect(effJson.profile).toEqual({ name: 'staging', source: 'flag --profile' });
    expect(effJson.settings.secretKey).toEqual({ value: '******', source: 'env MQADMIN_SECRET_KEY' });
    expect(effJson.settings['tls.insecure']).toEqual({ value: true, source: 'profile staging' });

    const renamed = await cli(['profile', 'rename', 'prod', 'production']);
    expect(renamed.code).toBe(0);
    expect(renamed.stdout).toContain('Profile prod renamed to production. It is still the current one.');
    expect(JSON.parse((await cli(['profile', 'list', '--json'])).stdout).current).toBe('production');
    expect((await cli(['profile', 'rename', 'production', 'staging'])).code).toBe(2);
    expect((await cli(['profile', 'rename', 'nope', 'x'])).stderr).toContain('unknown profile "nope": known profiles: production, staging');

    // delete: no terminal here, so --yes is needed.
    const refused = await cli(['profile', 'delete', 'production']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect(JSON.parse((await cli(['profile', 'list', '--json'])).stdout).profiles).toHaveLength(2);
    const deleted = await cli(['profile', 'delete', 'production', '--yes', '--json']);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ configFile: config, deleted: 'production', wasCurrent: true });
    const after = JSON.parse((await cli(['profile', 'list', '--json'])).stdout);
    expect(after.current).toBeNull();
    expect(after.profiles.map((p: { name: string }) => p.name)).toEqual(['staging']);
    expect(statSync(config).mode & 0o777).toBe(0o600);
  });

  it('an unknown --profile or MQADMIN_PROFILE is exit 2 listing the known ones', async () => {
    await cli(['profile', 'create', 'a', '-n', '10.0.0.1:9876']);
    await cli(['profile', 'create', 'b', '-n', '10.0.0.2:9876']);
    const r = await cli(['topicList', '--profile', 'c']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: unknown profile "c" (from flag --profile): known profiles: a, b');
    const e = await cli(['topicList', '--json'], { MQADMIN_PROFILE: 'z' });
    expect(e.code).toBe(2);
    expect(JSON.parse(e.stdout).error.message).toBe('unknown profile "z" (from env MQADMIN_PROFILE): known profiles: a, b');
  });

  it('a damaged file is one clear error, for every command, and is never overwritten', async () => {
    mkdirSync(join(dir, 'conf'));
    const damaged = 'profiles:\n  prod: { secretKey: hidden-value: x }\n';
    writeFileSync(config, damaged);
    for (const args of [['clusterList', '-n', '127.0.0.1:9876'], ['profile', 'list'], ['profile', 'create', 'x', '-n', '10.0.0.1:9876'], ['profile', 'use', 'prod']]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: cannot read ${config.replaceAll('.', '\\.')}: not valid YAML: .*\\n  fix the file or move it away`));
      expect(r.stderr).not.toContain('hidden-value');
    }
    expect(readFileSync(config, 'utf8')).toBe(damaged);
  });

  it('bad TLS files are exit 2 with the path and the reason', async () => {
    const missing = join(dir, 'missing-ca.pem');
    const r = await cli(['clusterList', '-n', '127.0.0.1:9876', '--tls-ca', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: cannot read the CA file ${missing} (flag --tls-ca): ENOENT: no such file or directory`);
    const c = await cli(['profile', 'create', 'x', '-n', '127.0.0.1:9876', '--tls-cert', missing, '--tls-key', missing]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain(`cannot read the client certificate ${missing}`);
    const e = await cli(['clusterList', '-n', '127.0.0.1:9876'], { MQADMIN_TLS_CA: missing });
    expect(e.stderr).toContain(`(env MQADMIN_TLS_CA)`);
  });
});

describe('secrets never in the output', () => {
  it('a failing command with --debug and --json, the secret from a flag, the environment or a profile', async () => {
    const fake = await FakeServer.start();
    // Every request refused, with an error that names nothing secret.
    fake.respond = (req) => createResponse(req, 1, { remark: 'boom' });
    try {
      await cli(['profile', 'create', 'p', '-n', fake.address, '--access-key', 'ak', '--secret-key', 'profileSecret9']);
      const runs = await Promise.all([
        cli(['clusterList', '-n', fake.address, '--access-key', 'ak', '--secret-key', 'flagSecret9', '--debug']),
        cli(['clusterList', '-n', fake.address, '--access-key', 'ak', '--secret-key', 'flagSecret9', '--debug', '--json']),
        cli(['clusterList', '-n', fake.address, '--debug', '--json'], { MQADMIN_ACCESS_KEY: 'ak', MQADMIN_SECRET_KEY: 'envSecret9' }),
        cli(['clusterList', '--profile', 'p', '--debug', '--json']),
        cli(['clusterList', '--profile', 'p', '--debug']),
      ]);
      for (const r of runs) {
        expect(r.code).toBe(3);
        expectNoSecret(r, 'flagSecret9', 'envSecret9', 'profileSecret9');
      }
      expect(runs[0]!.stderr).toMatch(/^error: .*boom/);
      expect(runs[1]!.stdout).toContain('"exitCode": 3');
    } finally {
      await fake.close();
    }
  });

  it('oclif parse errors that would echo a secret are masked', async () => {
    const runs = await Promise.all([
      cli(['clusterList', '-n', '127.0.0.1:9876', '--secret-keys=typoSecret9', '--debug']),
      cli(['clusterList', '-n', '127.0.0.1:9876', '--secret-keys=typoSecret9', '--json']),
      cli(['profile', 'list', '--secret-key=typoSecret9', '--debug']),
      cli(['clusterList', '-n', '127.0.0.1:9876', '--secret-key', 'typoSecret9', '--secret-key', 'typoSecret9', '--debug']),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(2);
      expectNoSecret(r, 'typoSecret9');
    }
    expect(runs[0]!.stderr).toContain('Nonexistent flag: --secret-keys=******');
  });

  it('--tls-insecure warns once on stderr', async () => {
    const r = await cli(['clusterList', '-n', '127.0.0.1:1', '--tls-insecure', '--timeout', '500']);
    expect(r.stderr.match(/warning: TLS certificate verification is off \(--tls-insecure\)/g)).toHaveLength(1);
  });
});
