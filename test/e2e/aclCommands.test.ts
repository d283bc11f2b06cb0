// The ACL 1.0 commands end to end (bin/run.js as a user runs it): updateAclConfig,
// deleteAclConfig, updateGlobalWhiteAddr, clusterAclConfigVersion, getAclConfig
// - against the real answers of a 4.9.8 ACL broker (test/fixtures/rocketmq-4.9.8-more/acl-*,
//   NameServer 9896, broker-acl 10981), checking the facts the Java transcripts show and that
//   the broker got the requests the Java tool sent;
// - against the embedded cluster with --acl (in process): an account created, used (a send
//   works or is refused as its permissions say), changed, deleted (then refused), the global
//   white list; exit codes 2, 4, 6;
// - against brokers that cannot do it: the embedded cluster without --acl (a 4.9.8 broker with
//   aclEnable=false), a 5.x broker (REQUEST_CODE_NOT_SUPPORTED), and a 4.9.7 one that still
//   serves its accounts (code 54) so that the accounts are shown and an update shows before -> after.
// Secrets are never printed. Every server listens on an ephemeral 127.0.0.1 port and is stopped.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startDevCluster, type DevCluster } from '../../src/dev/cluster.js';
import { createResponse, type RemotingCommand } from '../../src/remoting/command.js';
import { RemotingServer } from '../../src/remoting/server.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { scenarioFrames, transcript } from '../helpers/fixtures.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

const SET = 'rocketmq-4.9.8-more';
const ACL_PORTS = { namesrvPort: 9896, brokerPort: 10981 };
const ACL_FILE = '/opt/rmq0/rocketmq-4.9.8/conf/aclcluster/plain_acl.yml';
// No dev.json in the default data directory, no profile: only the flags count. UTC like the captures.
const env = { MQADMIN_DEV_HOME: join(tmpdir(), 'mqadmin-acl-e2e-none'), NO_COLOR: '1', TZ: 'UTC', CI: '1' };
const cli = (args: string[], timeoutMs = 30_000): Promise<CliResult> => runCli(args, { env, timeoutMs });
const lines = (text: string) => text.trimEnd().split('\n');
const cells = (line: string) => line.trim().split(/\s{2,}/);
const errorLines = (r: CliResult) => lines(r.stderr).filter((l) => l.startsWith('error: '));

/** The first captured request with `code` in a scenario, its fields without the signature. */
function javaRequestFields(scenario: string, code: number): Record<string, string> {
  const frame = scenarioFrames(`${SET}/${scenario}`).find((f) => f.dir === 'c2s' && f.kind === 'req' && f.code === code)!;
  const { Signature: _s, AccessKey: _a, ...fields } = decodeFrame(frame.bytes).extFields ?? {};
  return fields;
}
const fieldsOf = (r: RemotingCommand): Record<string, string> => {
  const { Signature: _s, AccessKey: _a, ...fields } = r.extFields ?? {};
  return fields;
};

describe('against the real answers of a 4.9.8 ACL broker', () => {
  let replay: ReplayCluster | undefined;
  afterEach(async () => {
    await replay?.close();
    replay = undefined;
  });
  const brokerRequests = (code: number) => replay!.received.filter((x) => x.role === 'broker' && x.request.code === code).map((x) => x.request);
  const java = ['--access-key', 'rocketmq2', '--secret-key', '12345678'];

  it('updateAclConfig -c: what the Java tool sent, per broker created or updated, the secret never printed', async () => {
    replay = await startReplayCluster([`${SET}/acl-updateAclConfig`], ACL_PORTS);
    const r = await cli(['updateAclConfig', '-n', replay.namesrvAddr, ...java, '-c', 'AclCluster', '-a', 'fxuser01', '-s', 'fxsecret01', '-i', 'SUB', '-u', 'SUB', '-t', 'SecureTopic=PUB|SUB', '-g', 'FxAclGroup=SUB', '-m', 'false']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Java: "create or update plain access config to 127.0.0.1:10981 success."
    expect(transcript(`${SET}/acl-updateAclConfig`)).toContain('create or update plain access config to 127.0.0.1:10981 success.');
    const out = lines(r.stdout);
    expect(out[0]).toBe('Account fxuser01');
    const row = out.find((l) => l.startsWith('AclCluster'))!;
    expect(cells(row)).toEqual(['AclCluster', 'broker-acl', '0', replay.brokerAddr, 'created or updated', 'the broker does not show its accounts']);
    expect(out.find((l) => l.startsWith('topicPerms'))).toMatch(/^topicPerms\s+SecureTopic=PUB\|SUB\s+\(replaces the stored list\)$/);
    expect(out.find((l) => l.startsWith('whiteRemoteAddress'))).toMatch(/not given: kept as stored$/);
    expect(r.stdout + r.stderr).not.toContain('fxsecret01');
    expect(r.stdout).toMatch(/^secretKey\s+\*{6}$/m);
    const sent = brokerRequests(50);
    expect(sent).toHaveLength(1);
    expect(fieldsOf(sent[0]!)).toEqual(javaRequestFields('acl-updateAclConfig', 50));
    // --json: the same facts, the secret masked.
    replay.received.length = 0;
    const json = await cli(['updateAclConfig', '-n', replay.namesrvAddr, ...java, '-c', 'AclCluster', '-a', 'fxuser01', '-s', 'fxsecret01', '-i', 'SUB', '--json']);
    expect(json.code).toBe(0);
    expect(json.stdout).not.toContain('fxsecret01');
    const doc = JSON.parse(json.stdout);
    expect(doc.brokers).toEqual([expect.objectContaining({ brokerName: 'broker-acl', addr: replay.brokerAddr, result: 'created or updated', admin: false })]);
    expect(doc.fields.find((f: { field: string }) => f.field === 'secretKey')).toEqual({ field: 'secretKey', effect: 'set', value: '******', note: null });
    expect(doc.fields.find((f: { field: string }) => f.field === "admin").note).toMatch(/4\.9\.8 always writes it, so an admin account needs -m true/);
    expect(doc.fields.find((f: { field: string }) => f.field === 'topicPerms')).toMatchObject({ effect: 'kept' });
    expect(fieldsOf(brokerRequests(50)[0]!)).toEqual({ accessKey: 'fxuser01', secretKey: 'fxsecret01', defaultTopicPerm: 'SUB', admin: 'false' });
    // --dry-run sends nothing to change.
    replay.received.length = 0;
    const dry = await cli(['updateAclConfig', '-n', replay.namesrvAddr, ...java, '-c', 'AclCluster', '-a', 'fxuser01', '-s', 'fxsecret01', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Account fxuser01 \(dry run: nothing was changed\)$/m);
    expect(brokerRequests(50)).toHaveLength(0);
  });

  it('deleteAclConfig -c: --yes needed without a terminal (exit 2, nothing sent); then deleted', async () => {
    replay = await startReplayCluster([`${SET}/acl-deleteAclConfig`], ACL_PORTS);
    const args = ['deleteAclConfig', '-n', replay.namesrvAddr, ...java, '-c', 'AclCluster', '-a', 'fxuser01'];
    const refused = await cli(args);
    expect(refused.code).toBe(2);
    expect(errorLines(refused)).toEqual(['error: deleteAclConfig deletes the account fxuser01 from 1 broker(s): pass --yes to do it']);
    const dry = await cli([...args, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(cells(lines(dry.stdout).find((l) => l.startsWith('AclCluster'))!)).toEqual(['AclCluster', 'broker-acl', '0', replay.brokerAddr, 'delete']);
    expect(brokerRequests(51)).toHaveLength(0);
    const r = await cli([...args, '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Java: "delete plain access config account from 127.0.0.1:10981 success." / "account's accesskey is:fxuser01"
    expect(transcript(`${SET}/acl-deleteAclConfig`)).toContain("account's accesskey is:fxuser01");
    expect(lines(r.stdout)[0]).toBe('Account fxuser01');
    expect(cells(lines(r.stdout).find((l) => l.startsWith('AclCluster'))!)).toEqual(['AclCluster', 'broker-acl', '0', replay.brokerAddr, 'deleted']);
    expect(brokerRequests(51).map(fieldsOf)).toEqual([javaRequestFields('acl-deleteAclConfig', 51)]);
    const json = JSON.parse((await cli([...args, '--yes', '--json'])).stdout);
    expect(json).toEqual({ accessKey: 'fxuser01', brokers: [{ cluster: 'AclCluster', brokerName: 'broker-acl', brokerId: 0, addr: replay.brokerAddr, result: 'deleted' }], failures: [] });
  });

  it('clusterAclConfigVersion -c and -b: the file, its version and update time as the Java tool printed them', async () => {
    replay = await startReplayCluster([`${SET}/acl-clusterAclConfigVersion`], ACL_PORTS);
    const r = await cli(['clusterAclConfigVersion', '-n', replay.namesrvAddr, ...java, '-c', 'AclCluster']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(cells(out[0]!)).toEqual(['CLUSTER', 'BROKER', 'BID', 'ADDRESS', 'ACL FILE', 'VERSION', 'UPDATED']);
    // Java: AclCluster  broker-acl  127.0.0.1:10981  /opt/.../plain_acl.yml  1  2026-12-04 03:32:53
    const javaRow = transcript(`${SET}/acl-clusterAclConfigVersion`).split('\n')[2]!.trim().split(/\s{2,}/);
    const row = cells(out[1]!);
    expect([row[0], row[1], row[4], row[5]]).toEqual([javaRow[0], javaRow[1], javaRow[3], javaRow[4]]);
    expect(row[6]!.startsWith(javaRow[5]!)).toBe(true);
    expect(row[3]).toBe(replay.brokerAddr);
    expect(out).toHaveLength(2);
    await replay.close();

    replay = await startReplayCluster([`${SET}/acl-clusterAclConfigVersion-after`, `${SET}/acl-clusterAclConfigVersion`], ACL_PORTS);
    const b = await cli(['clusterAclConfigVersion', '-n', replay.namesrvAddr, ...java, '-b', replay.brokerAddr, '--json']);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual({
      brokers: [
        {
          cluster: 'AclCluster', brokerName: 'broker-acl', brokerId: 0, addr: replay.brokerAddr,
          versions: { version: { counter: 4, timestamp: 1796355196328 }, files: [{ file: ACL_FILE, counter: 4, timestamp: 1796355196328 }], brokerName: 'broker-acl', brokerAddr: '127.0.0.1:10981', clusterName: 'AclCluster' },
        },
      ],
      failures: [],
    });
    expect(transcript(`${SET}/acl-clusterAclConfigVersion-after`)).toMatch(/plain_acl\.yml\s+4\s+2026-12-04 03:33:16/);
  });

  it('updateGlobalWhiteAddr -c, and -b with -p: the list and the file the Java tool sent', async () => {
    replay = await startReplayCluster([`${SET}/acl-updateGlobalWhiteAddr`, `${SET}/acl-updateGlobalWhiteAddr-path`], ACL_PORTS);
    const r = await cli(['updateGlobalWhiteAddr', '-n', replay.namesrvAddr, ...java, '-c', 'AclCluster', '-g', '10.10.103.*,192.168.0.*']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(transcript(`${SET}/acl-updateGlobalWhiteAddr`)).toContain('update global white remote addresses to 127.0.0.1:10981 success.');
    expect(r.stdout).toMatch(/^Global white list\s+10\.10\.103\.\*, 192\.168\.0\.\*$/m);
    expect(cells(lines(r.stdout).find((l) => l.startsWith('AclCluster'))!)).toEqual(['AclCluster', 'broker-acl', '0', replay.brokerAddr, 'updated']);
    const p = await cli(['updateGlobalWhiteAddr', '-n', replay.namesrvAddr, ...java, '-b', replay.brokerAddr, '-g', '10.10.104.*', '-p', ACL_FILE]);
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(new RegExp(`^ACL file\\s+${ACL_FILE.replace(/[.]/g, '\\.')}$`, 'm'));
    expect(brokerRequests(53).map(fieldsOf)).toEqual([javaRequestFields('acl-updateGlobalWhiteAddr', 53), javaRequestFields('acl-updateGlobalWhiteAddr-path', 53)]);
  });

  it('bad input is exit 2 and an unknown cluster or broker exit 4, before anything is sent to a broker', async () => {
    replay = await startReplayCluster([`${SET}/acl-updateAclConfig`], ACL_PORTS);
    const n = ['-n', replay.namesrvAddr, ...java];
    const cases: Array<[string[], number, RegExp]> = [
      [['updateAclConfig', ...n, '-c', 'AclCluster', '-a', 'fxuser01', '-s', 'short'], 2, /^error: the access key and the secret key must be longer than 6 characters \(access key fxuser01: 8, secret key: 5\)$/],
      [['updateAclConfig', ...n, '-c', 'AclCluster', '-a', 'fxuser01', '-s', 'fxsecret01', '-i', 'ALL'], 2, /^error: invalid defaultTopicPerm "ALL": expected DENY, PUB, SUB, PUB\|SUB, SUB\|PUB/],
      [['updateAclConfig', ...n, '-c', 'AclCluster', '-a', 'fxuser01', '-s', 'fxsecret01', '-t', 'T=ANY'], 2, /^error: Parse resource permission error for T=ANY\.$/],
      [['updateAclConfig', ...n, '-c', 'AclCluster', '-a', 'fxuser01', '-s', 'fxsecret01', '-w', '10.1'], 2, /^error: Netaddress examine Exception netaddress is 10\.1$/],
      [['updateAclConfig', ...n, '-c', 'AclCluster', '-a', 'fxuser01', '-s', 'fxsecret01', '-m', 'yes'], 2, /--admin takes true or false, not "yes"/],
      [['updateAclConfig', ...n, '-c', 'AclCluster', '-b', replay.brokerAddr, '-a', 'fxuser01', '-s', 'fxsecret01'], 2, /--brokerAddr cannot also be provided when using --clusterName/],
      [['updateAclConfig', ...n, '-c', 'AclCluster', '-s', 'fxsecret01'], 2, /Missing required flag accessKey/],
      // The secret of -s is masked even in a parse error that would echo it.
      [['updateAclConfig', ...n, '-c', 'AclCluster', '-a', 'fxuser01', '-s', 'fxsecret01', '--nope=fxsecret01'], 2, /^error: Nonexistent flag: --nope=\*{6}$/],
      [['updateGlobalWhiteAddr', ...n, '-c', 'AclCluster', '-g', '10.10.103.*,1.2.3.400'], 2, /^error: invalid address expression "1\.2\.3\.400"/],
      [['updateGlobalWhiteAddr', ...n, '-c', 'AclCluster', '-g', '10.1.1.1', '-p', '/etc/passwd'], 2, /^error: -p \/etc\/passwd is not an ACL file/],
      [['updateAclConfig', ...n, '-c', 'NoSuchCluster', '-a', 'fxuser01', '-s', 'fxsecret01'], 4, /^error: cluster "NoSuchCluster" not found$/],
      [['deleteAclConfig', ...n, '-b', '127.0.0.1:1', '-a', 'fxuser01', '--yes'], 4, /^error: broker 127\.0\.0\.1:1 is not in the cluster table of the NameServer$/],
      [['clusterAclConfigVersion', ...n], 2, /Exactly one of the following must be provided: --brokerAddr, --clusterName/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(code);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message.source.startsWith('^') ? new RegExp(message.source, 'm') : message);
      expect(r.stderr).not.toContain('fxsecret01');
    }
    expect(replay.received.filter((x) => x.role === 'broker' && [50, 51, 53].includes(x.request.code))).toHaveLength(0);
  });
});

describe('against the embedded cluster with --acl', () => {
  let dir: string;
  let cluster: DevCluster;
  let admin: string[];
  let broker: string;
  const readerSecret = 'reader-secret-91';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mqadmin-acl-cmds-'));
    cluster = await startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0, acl: true });
    broker = cluster.brokers[0]!.addr;
    admin = ['-n', cluster.namesrvAddr, '--access-key', cluster.acl!.accessKey, '--secret-key', cluster.acl!.secretKey];
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const reader = () => ['-n', cluster.namesrvAddr, '--access-key', 'reader91', '--secret-key', readerSecret];
  const stored = () => (parse(readFileSync(cluster.acl!.file, 'utf8')) as { accounts: Array<Record<string, unknown>>; globalWhiteRemoteAddresses?: string[] });
  const version = async (): Promise<number> => JSON.parse((await cli(['clusterAclConfigVersion', '-c', 'DefaultCluster', '--json', ...admin])).stdout).brokers[0].versions.files[0].counter;
  const noSecrets = (r: CliResult) => {
    expect(r.stdout + r.stderr).not.toContain(readerSecret);
    expect(r.stdout + r.stderr).not.toContain(cluster.acl!.secretKey);
  };

  it('an account is created, used as its permissions say, changed, deleted; the global white list', async () => {
    const topic = await cli(['updateTopic', '-c', 'DefaultCluster', '-t', 'AclCmdOrders', ...admin]);
    expect(topic.code, topic.stderr).toBe(0);
    const v0 = await version();

    // Create: a reader of AclCmdOrders.
    const create = await cli(['updateAclConfig', '-c', 'DefaultCluster', '-a', 'reader91', '-s', readerSecret, '-i', 'DENY', '-u', 'SUB', '-t', 'AclCmdOrders=SUB', ...admin]);
    expect(create.stderr).toBe('');
    expect(create.code).toBe(0);
    noSecrets(create);
    expect(cells(lines(create.stdout).find((l) => l.startsWith('DefaultCluster'))!)).toEqual(['DefaultCluster', 'broker-a', '0', broker, 'created or updated', 'the broker does not show its accounts']);
    expect(stored().accounts.find((a) => a.accessKey === 'reader91')).toEqual({ accessKey: 'reader91', secretKey: readerSecret, admin: false, defaultTopicPerm: 'DENY', defaultGroupPerm: 'SUB', topicPerms: ['AclCmdOrders=SUB'] });
    expect(await version()).toBe(v0 + 1);

    // Use it: sending is refused (SUB only), exit 6, one line.
    const refused = await cli(['sendMessage', '-t', 'AclCmdOrders', '-p', 'nope', ...reader()]);
    expect(refused.code).toBe(6);
    expect(errorLines(refused)).toEqual([`error: access denied by ${broker} for SEND_MESSAGE_V2: No default permission for topic:AclCmdOrders`]);
    noSecrets(refused);

    // Change it (only -t given: the rest is kept): now it may send.
    const change = await cli(['updateAclConfig', '-b', broker, '-a', 'reader91', '-s', readerSecret, '-t', 'AclCmdOrders=PUB|SUB', ...admin]);
    expect(change.code, change.stderr).toBe(0);
    expect(stored().accounts.find((a) => a.accessKey === 'reader91')).toMatchObject({ defaultTopicPerm: 'DENY', defaultGroupPerm: 'SUB', topicPerms: ['AclCmdOrders=PUB|SUB'] });
    const sent = await cli(['sendMessage', '-t', 'AclCmdOrders', '-p', 'allowed now', ...reader()]);
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    // Still no admin: creating a topic is refused.
    const notAdmin = await cli(['updateTopic', '-b', broker, '-t', 'ReaderOwnTopic', ...reader()]);
    expect(notAdmin.code).toBe(6);
    expect(notAdmin.stderr).toMatch(/Need admin permission for request code=17, but accessKey=reader91 is not/);

    // getAclConfig: a 4.9.8-like broker does not serve its accounts (54 not supported); the versions are shown, exit 0.
    const get = await cli(['getAclConfig', '-c', 'DefaultCluster', ...admin]);
    expect(get.stderr).toBe('');
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^Accounts not served by this broker: GET_BROKER_CLUSTER_ACL_CONFIG \(54\), the request that returns them, was removed in RocketMQ 4\.9\.8/m);
    expect(get.stdout).toContain(cluster.acl!.file);
    const getJson = JSON.parse((await cli(['getAclConfig', '-b', broker, '--json', ...admin])).stdout);
    expect(getJson.brokers[0]).toMatchObject({ addr: broker, accountsServed: false, accounts: null, files: [{ file: cluster.acl!.file, counter: v0 + 2 }] });

    // Delete it: asked for --yes without a terminal; then its requests are refused.
    expect((await cli(['deleteAclConfig', '-c', 'DefaultCluster', '-a', 'reader91', ...admin])).code).toBe(2);
    expect(stored().accounts.some((a) => a.accessKey === 'reader91')).toBe(true);
    const del = await cli(['deleteAclConfig', '-c', 'DefaultCluster', '-a', 'reader91', '--yes', ...admin]);
    expect(del.stderr).toBe('');
    expect(del.code).toBe(0);
    expect(cells(lines(del.stdout).find((l) => l.startsWith('DefaultCluster'))!)).toEqual(['DefaultCluster', 'broker-a', '0', broker, 'deleted']);
    expect(stored().accounts.some((a) => a.accessKey === 'reader91')).toBe(false);
    const gone = await cli(['sendMessage', '-t', 'AclCmdOrders', '-p', 'nope', ...reader()]);
    expect(gone.code).toBe(6);
    expect(errorLines(gone)).toEqual([`error: access denied by ${broker} for SEND_MESSAGE_V2: No acl config for reader91`]);
    // Again: no such account anywhere, exit 4.
    const again = await cli(['deleteAclConfig', '-c', 'DefaultCluster', '-a', 'reader91', '--yes', ...admin]);
    expect(again.code).toBe(4);
    expect(errorLines(again)).toEqual([`error: no account reader91 on ${broker}: nothing was deleted`]);

    // The global white list: unsigned requests from 127.0.0.1 are let in, until the list is cleared.
    const unsigned = ['-n', cluster.namesrvAddr];
    expect((await cli(['sendMessage', '-t', 'AclCmdOrders', '-p', 'unsigned', ...unsigned])).code).toBe(6);
    const white = await cli(['updateGlobalWhiteAddr', '-c', 'DefaultCluster', '-g', '127.0.0.1', ...admin]);
    expect(white.stderr).toBe('');
    expect(white.code).toBe(0);
    expect(stored().globalWhiteRemoteAddresses).toEqual(['127.0.0.1']);
    const open = await cli(['sendMessage', '-t', 'AclCmdOrders', '-p', 'unsigned', ...unsigned]);
    expect(open.stderr).toBe('');
    expect(open.code).toBe(0);
    const cleared = await cli(['updateGlobalWhiteAddr', '-c', 'DefaultCluster', '-g', '', ...admin]);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toMatch(/^Global white list\s+empty \(the list is cleared\)$/m);
    expect((await cli(['sendMessage', '-t', 'AclCmdOrders', '-p', 'unsigned', ...unsigned])).code).toBe(6);
    // A file that is not the broker's: refused with the files it has.
    const wrongFile = await cli(['updateGlobalWhiteAddr', '-b', broker, '-g', '10.0.0.1', '-p', '/tmp/other.yml', ...admin]);
    expect(wrongFile.code).toBe(3);
    expect(errorLines(wrongFile)).toEqual([
      `error: UPDATE_GLOBAL_WHITE_ADDRS_CONFIG refused by ${broker}: UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED (211): The globalWhiteAddresses[10.0.0.1] has been updated failed. (/tmp/other.yml is not one of its ACL files: ${cluster.acl!.file})`,
    ]);
    // '*' opens everything: said on stderr.
    const star = await cli(['updateGlobalWhiteAddr', '-c', 'DefaultCluster', '-g', '*', '--dry-run', ...admin]);
    expect(star.code).toBe(0);
    expect(star.stderr).toBe('warning: * lets every address in without any check: ACL 1.0 then protects nothing on these brokers\n');
    expect(stored().globalWhiteRemoteAddresses).toEqual(['']);
  }, 120_000);

  it('a refused signature or account is exit 6, for every command', async () => {
    const wrong = ['-n', cluster.namesrvAddr, '--access-key', cluster.acl!.accessKey, '--secret-key', 'not-the-secret-1'];
    const commands = [
      ['updateAclConfig', '-c', 'DefaultCluster', '-a', 'someone91', '-s', 'someone-secret'],
      ['deleteAclConfig', '-c', 'DefaultCluster', '-a', 'someone91', '--yes'],
      ['updateGlobalWhiteAddr', '-c', 'DefaultCluster', '-g', '10.0.0.1'],
      ['clusterAclConfigVersion', '-c', 'DefaultCluster'],
      ['getAclConfig', '-c', 'DefaultCluster'],
    ];
    for (const args of commands) {
      const r = await cli([...args, ...wrong]);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(6);
      expect(errorLines(r)).toHaveLength(1);
      expect(errorLines(r)[0]).toMatch(new RegExp(`^error: access denied by ${broker} for \\w+: Check signature failed for accessKey=mqadmin-admin$`));
      expect(r.stdout + r.stderr).not.toContain('someone-secret');
      expect(r.stdout + r.stderr).not.toContain('not-the-secret-1');
    }
    const unknown = await cli(['clusterAclConfigVersion', '-b', broker, '-n', cluster.namesrvAddr, '--access-key', 'nobody-here', '--secret-key', 'whatever-123']);
    expect(unknown.code).toBe(6);
    expect(unknown.stderr).toMatch(/No acl config for nobody-here/);
  }, 60_000);
});

describe('brokers that cannot do it', () => {
  it('a 4.9.8 broker with aclEnable=false (the embedded cluster without --acl): said so, exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqadmin-acl-off-'));
    const cluster = await startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0 });
    try {
      const n = ['-n', cluster.namesrvAddr, '--timeout', '1500'];
      const broker = cluster.brokers[0]!.addr;
      for (const [args, code, name] of [
        [['updateAclConfig', '-c', 'DefaultCluster', '-a', 'someone91', '-s', 'someone-secret'], 'UPDATE_AND_CREATE_ACL_CONFIG', 'UPDATE_AND_CREATE_ACL_CONFIG_FAILED (209)'],
        [['deleteAclConfig', '-c', 'DefaultCluster', '-a', 'someone91', '--yes'], 'DELETE_ACL_CONFIG', 'DELETE_ACL_CONFIG_FAILED (210)'],
        [['updateGlobalWhiteAddr', '-c', 'DefaultCluster', '-g', '10.0.0.1'], 'UPDATE_GLOBAL_WHITE_ADDRS_CONFIG', 'UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED (211)'],
      ] as const) {
        const r = await cli([...args, ...n]);
        expect(r.code, r.stderr).toBe(3);
        expect(errorLines(r)).toEqual([`error: ACL 1.0 is off on ${broker} (aclEnable=false): it answered ${code} with ${name} and no reason, as a 4.9.x broker with ACL off does`]);
        expect(r.stderr).toContain('set aclEnable=true in the broker configuration and restart the broker');
        expect(r.stdout + r.stderr).not.toContain('someone-secret');
      }
      // 52 gets no answer: after the timeout, "probably off" (this broker's config has no aclEnable to be sure).
      for (const command of ['clusterAclConfigVersion', 'getAclConfig']) {
        const r = await cli([command, '-c', 'DefaultCluster', ...n]);
        expect(r.code, r.stderr).toBe(3);
        expect(errorLines(r)).toEqual([`error: ${broker} did not answer GET_BROKER_CLUSTER_ACL_INFO within 1500 ms: ACL 1.0 is probably off on this broker (a 4.9.x broker with aclEnable=false never answers it)`]);
        expect(r.stderr).toContain(`mqadmin getBrokerConfig -b ${broker} -k aclEnable`);
        expect(r.ms).toBeLessThan(10_000);
      }
    } finally {
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  /** A NameServer naming one broker of `cluster`, and that broker, both answering as `handlers` say (else code 3, as 5.x). */
  async function fakeCluster(version: number, handlers: Record<number, (r: RemotingCommand) => RemotingCommand | null>, cluster = 'SecureCluster5', name = 'broker-s5') {
    const broker = new RemotingServer({ port: 0, version });
    const received: RemotingCommand[] = [];
    const brokerPort = (await broker.listen()).port;
    broker.setBeforeRequest((request) => {
      received.push(request);
      return undefined;
    });
    for (const [code, fn] of Object.entries(handlers)) broker.registerProcessor(Number(code), fn);
    const namesrv = new RemotingServer({ port: 0, version });
    namesrv.registerProcessor(106, (request) =>
      createResponse(request, 0, {
        version,
        body: `{"brokerAddrTable":{"${name}":{"brokerAddrs":{0:"127.0.0.1:${brokerPort}"},"brokerName":"${name}","cluster":"${cluster}"}},"clusterAddrTable":{"${cluster}":["${name}"]}}`,
      }),
    );
    const namesrvPort = (await namesrv.listen()).port;
    return {
      namesrvAddr: `127.0.0.1:${namesrvPort}`,
      brokerAddr: `127.0.0.1:${brokerPort}`,
      received,
      close: async () => {
        await broker.close();
        await namesrv.close();
      },
    };
  }

  it('a 5.x broker (REQUEST_CODE_NOT_SUPPORTED): one line naming it 5.x and the ACL 2.0 commands, exit 3', async () => {
    const fake = await fakeCluster(479, {});
    try {
      const n = ['-n', fake.namesrvAddr, '--access-key', 'rocketmq', '--secret-key', '12345678'];
      for (const [args, request, use] of [
        [['updateAclConfig', '-c', 'SecureCluster5', '-a', 'someone91', '-s', 'someone-secret'], 'UPDATE_AND_CREATE_ACL_CONFIG', 'createUser or updateUser for the account, createAcl or updateAcl for its permissions'],
        [['deleteAclConfig', '-c', 'SecureCluster5', '-a', 'someone91', '--yes'], 'DELETE_ACL_CONFIG', 'deleteUser (and deleteAcl for its permissions)'],
        [['updateGlobalWhiteAddr', '-c', 'SecureCluster5', '-g', '10.0.0.1'], 'UPDATE_GLOBAL_WHITE_ADDRS_CONFIG', 'createAcl or updateAcl with source IPs'],
        [['clusterAclConfigVersion', '-c', 'SecureCluster5'], 'GET_BROKER_CLUSTER_ACL_INFO', 'listUser and listAcl'],
        [['getAclConfig', '-c', 'SecureCluster5'], 'GET_BROKER_CLUSTER_ACL_CONFIG', 'listUser and listAcl'],
      ] as const) {
        const r = await cli([...args, ...n]);
        expect(r.code, r.stderr).toBe(3);
        expect(r.stdout).toBe('');
        expect(errorLines(r)).toEqual([`error: ${fake.brokerAddr} is a RocketMQ 5.x broker (V5_3_3), which has no ACL 1.0 (it answered ${request} with REQUEST_CODE_NOT_SUPPORTED): use the ACL 2.0 commands, ${use}`]);
        const json = JSON.parse((await cli([...args, ...n, '--json'])).stdout);
        expect(json.error).toMatchObject({ exitCode: 3, kind: 'server_error' });
      }
    } finally {
      await fake.close();
    }
  }, 60_000);

  it('a broker whose configuration says aclEnable=false and that answers neither 54 nor 52 (4.9.7 with ACL off): ACL off for sure, exit 3', async () => {
    const fake = await fakeCluster(
      407,
      {
        54: () => null,
        52: () => null,
        26: (r) => createResponse(r, 0, { version: 407, body: 'brokerName=broker-a\naclEnable=false\nlistenPort=10911\n' }),
      },
      'DefaultCluster',
      'broker-a',
    );
    try {
      const n = ['-n', fake.namesrvAddr, '--timeout', '1000'];
      for (const [command, request] of [['getAclConfig', 'GET_BROKER_CLUSTER_ACL_CONFIG'], ['clusterAclConfigVersion', 'GET_BROKER_CLUSTER_ACL_INFO']] as const) {
        const r = await cli([command, '-c', 'DefaultCluster', ...n]);
        expect(r.code, r.stderr).toBe(3);
        expect(errorLines(r)).toEqual([`error: ACL 1.0 is off on ${fake.brokerAddr} (aclEnable=false in its configuration): it did not answer ${request} within 1000 ms, as a 4.9.x broker with ACL off never does`]);
        // One timeout only: getAclConfig does not wait for 52 as well once 54 went unanswered.
        expect(r.ms).toBeLessThan(2900);
      }
      expect(fake.received.filter((r) => r.code === 52)).toHaveLength(1);
    } finally {
      await fake.close();
    }
  }, 60_000);

  it('a 4.9.7 broker serving its accounts (54): shown masked; an update shows before -> after and keeps the admin flag', async () => {
    const accounts = [
      { accessKey: 'RocketMQ', secretKey: 'clear-secret-1', admin: false, defaultTopicPerm: 'DENY', defaultGroupPerm: 'SUB', topicPerms: ['topicA=DENY', 'topicB=PUB|SUB'], groupPerms: ['groupA=DENY'], whiteRemoteAddress: '192.168.0.*' },
      { accessKey: 'rocketmq2', secretKey: 'clear-secret-2', admin: true },
    ];
    const fake = await fakeCluster(
      407,
      {
        54: (r) => createResponse(r, 0, { version: 407, body: JSON.stringify({ globalWhiteAddrs: ['10.10.103.*'], plainAccessConfigs: accounts }) }),
        50: (r) => createResponse(r, 0, { version: 407 }),
      },
      'DefaultCluster',
      'broker-a',
    );
    try {
      const n = ['-n', fake.namesrvAddr, '--access-key', 'rocketmq2', '--secret-key', 'clear-secret-2'];
      const get = await cli(['getAclConfig', '-c', 'DefaultCluster', ...n]);
      expect(get.stderr).toBe('');
      expect(get.code).toBe(0);
      const out = lines(get.stdout);
      expect(out[0]).toBe(`broker-a ${fake.brokerAddr} (DefaultCluster, master)`);
      expect(out).toContain('Global white list  10.10.103.*');
      expect(cells(out.find((l) => l.startsWith('RocketMQ'))!)).toEqual(['RocketMQ', '******', 'no', 'DENY', 'SUB', 'topicA=DENY, topicB=PUB|SUB', 'groupA=DENY', '192.168.0.*']);
      expect(cells(out.find((l) => l.startsWith('rocketmq2'))!)).toEqual(['rocketmq2', '******', 'yes', 'DENY', 'DENY', '-', '-', '-']);
      const json = await cli(['getAclConfig', '-b', fake.brokerAddr, '--json', ...n]);
      expect(JSON.parse(json.stdout).brokers[0]).toMatchObject({ accountsServed: true, globalWhiteRemoteAddresses: ['10.10.103.*'], accounts: [{ accessKey: 'RocketMQ', secretKey: '******' }, { accessKey: 'rocketmq2', secretKey: '******', admin: true }] });
      for (const r of [get, json]) expect(r.stdout + r.stderr).not.toMatch(/clear-secret/);

      // An update of the admin account without -m keeps it admin; the change is shown, the secrets are not.
      const update = await cli(['updateAclConfig', '-b', fake.brokerAddr, '-a', 'rocketmq2', '-s', 'clear-secret-2', '-i', 'PUB', ...n]);
      expect(update.stderr).toBe('');
      expect(update.code).toBe(0);
      expect(cells(lines(update.stdout).find((l) => l.startsWith('DefaultCluster'))!)).toEqual(['DefaultCluster', 'broker-a', '0', fake.brokerAddr, 'updated', 'defaultTopicPerm - -> PUB']);
      const sent = fake.received.filter((r) => r.code === 50);
      expect(sent.map(fieldsOf)).toEqual([{ accessKey: 'rocketmq2', secretKey: 'clear-secret-2', admin: 'true', defaultTopicPerm: 'PUB' }]);
      // A new account: created; nothing to change: not sent at all.
      const created = await cli(['updateAclConfig', '-b', fake.brokerAddr, '-a', 'newuser01', '-s', 'new-secret-01', ...n]);
      expect(cells(lines(created.stdout).find((l) => l.startsWith('DefaultCluster'))!).slice(4)).toEqual(['created', 'new account']);
      const same = await cli(['updateAclConfig', '-b', fake.brokerAddr, '-a', 'RocketMQ', '-s', 'clear-secret-1', '-i', 'DENY', '--json', ...n]);
      expect(JSON.parse(same.stdout).brokers[0]).toMatchObject({ action: 'unchanged', result: 'unchanged', changes: [] });
      const changedSecret = await cli(['updateAclConfig', '-b', fake.brokerAddr, '-a', 'RocketMQ', '-s', 'other-secret-1', ...n]);
      expect(cells(lines(changedSecret.stdout).find((l) => l.startsWith('DefaultCluster'))!).slice(4)).toEqual(['updated', 'secretKey ****** -> ******']);
      expect(fake.received.filter((r) => r.code === 50)).toHaveLength(3);
      for (const r of [update, created, same, changedSecret]) expect(r.stdout + r.stderr).not.toMatch(/clear-secret|new-secret-01|other-secret-1/);
    } finally {
      await fake.close();
    }
  }, 60_000);
});
