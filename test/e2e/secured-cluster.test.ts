// Every command family against a cluster with ACL and TLS at once (the embedded cluster with
// --acl and --tls, in process), as a user would run them: bin/run.js with the account and the
// CA given by flags. Right credentials work; a wrong secret, no credentials, a reader account
// and a missing --tls each fail with their own exit code and one line.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { startDevCluster, type DevCluster } from '../../src/dev/cluster.js';
import { updateAndCreateAclConfig } from '../../src/protocol/requests/acl.js';
import { runCli, type CliResult } from '../helpers/cli.js';

let dir: string;
let cluster: DevCluster;
let admin: string[];
let ca: string;
let broker: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-secured-'));
  cluster = await startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0, acl: true, tls: true });
  ca = join(dir, 'tls', 'ca.pem');
  broker = cluster.brokers[0]!.addr;
  admin = ['-n', cluster.namesrvAddr, '--tls-ca', ca, '--access-key', cluster.acl!.accessKey, '--secret-key', cluster.acl!.secretKey];
}, 60_000);

afterAll(async () => {
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

// No dev.json in the default data directory and no profile: only the flags count.
const env = { MQADMIN_DEV_HOME: join(tmpdir(), 'mqadmin-secured-none'), NO_COLOR: '1' };
const cli = (args: string[]): Promise<CliResult> => runCli(args, { env, timeoutMs: 30_000 });
const ok = async (args: string[]): Promise<CliResult> => {
  const r = await cli(args);
  expect(r.stderr, `${args[0]}: ${r.stderr}`).toBe('');
  expect(r.code, `${args[0]} exit code`).toBe(0);
  return r;
};

describe('ACL and TLS together, the admin account', () => {
  it('cluster, topics, groups, messages, offsets, configs and statistics all work', async () => {
    expect((await ok(['clusterList', ...admin])).stdout).toContain(broker);
    await ok(['updateTopic', '-c', 'DefaultCluster', '-t', 'SecureOrders', '-r', '4', '-w', '4', ...admin]);
    expect((await ok(['topicList', ...admin])).stdout.split('\n')).toContain('SecureOrders');
    expect((await ok(['topicRoute', '-t', 'SecureOrders', ...admin])).stdout).toContain(broker);
    await ok(['topicStatus', '-t', 'SecureOrders', ...admin]);

    const sent = JSON.parse((await ok(['sendMessage', '-t', 'SecureOrders', '-p', 'hello secured', '-k', 'sec-key-1', '--json', ...admin])).stdout);
    const byKey = await ok(['queryMsgByKey', '-t', 'SecureOrders', '-k', 'sec-key-1', ...admin]);
    expect(byKey.stdout).toContain('sec-key-1');
    const uniqueId = JSON.stringify(sent).match(/"(?:msgId|uniqueId|uniqKey)":"([0-9A-F]{32})"/)?.[1];
    expect(uniqueId, JSON.stringify(sent)).toBeDefined();
    // A query by unique key: signed so that a 4.9.8 ACL broker accepts it (the Java tool's is refused).
    expect((await ok(['queryMsgByUniqueKey', '-t', 'SecureOrders', '-i', uniqueId!, ...admin])).stdout).toContain('hello secured');
    expect((await ok(['printMsg', '-t', 'SecureOrders', ...admin])).stdout).toContain('sec-key-1');
    expect((await ok(['consumeMessage', '-t', 'SecureOrders', '-c', '1', ...admin])).stdout).toContain('hello secured');

    await ok(['updateSubGroup', '-c', 'DefaultCluster', '-g', 'SecureGroup', ...admin]);
    await ok(['getConsumerConfig', '-g', 'SecureGroup', ...admin]);
    await ok(['resetOffsetByTime', '-g', 'SecureGroup', '-t', 'SecureOrders', '-s', '0', '--yes', ...admin]);
    await ok(['consumerProgress', ...admin]);

    expect((await ok(['getBrokerConfig', '-b', broker, ...admin])).stdout).toContain('brokerName');
    await ok(['updateBrokerConfig', '-b', broker, '-k', 'autoCreateTopicEnable', '-v', 'true', ...admin]);
    await ok(['getNamesrvConfig', ...admin]);
    await ok(['brokerStatus', '-b', broker, ...admin]);
    await ok(['statsAll', ...admin]);
    await ok(['deleteTopic', '-c', 'DefaultCluster', '-t', 'SecureOrders', '--yes', ...admin]);
  }, 120_000);
});

describe('ACL and TLS together, what is refused', () => {
  const base = () => ['-n', cluster.namesrvAddr, '--tls-ca', ca];

  it('a wrong secret: exit 6, one error line with its remedy, the secret never shown', async () => {
    const r = await cli(['sendMessage', '-t', 'TBW102', '-p', 'x', ...base(), '--access-key', cluster.acl!.accessKey, '--secret-key', 'not-the-secret-1']);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/^error: access denied by \S+ for SEND_MESSAGE_V2: Check signature failed for accessKey=mqadmin-admin\n  the secret key does not match/);
    expect(r.stderr + r.stdout).not.toContain('not-the-secret-1');
    const json = await cli(['getBrokerConfig', '-b', broker, '--json', ...base(), '--access-key', cluster.acl!.accessKey, '--secret-key', 'not-the-secret-1']);
    expect(json.code).toBe(6);
    // A fan-out over brokers: each refusal is kept apart in the result.
    expect(JSON.parse(json.stdout).failures).toEqual([
      expect.objectContaining({ target: broker, kind: 'access_denied', accessDenied: 'Check signature failed for accessKey=mqadmin-admin' }),
    ]);
    const single = await cli(['topicStatus', '-t', 'TBW102', '--json', ...base(), '--access-key', 'nobody-at-all', '--secret-key', 'not-the-secret-1']);
    expect(single.code).toBe(6);
    expect(single.stderr + single.stdout).not.toContain('not-the-secret-1');
  });

  it('no credentials: exit 6 saying the cluster requires them', async () => {
    const r = await cli(['getBrokerConfig', '-b', broker, ...base()]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/No accessKey is configured\n  this cluster requires credentials: pass --access-key and --secret-key/);
  });

  it('a reader account: reads work, writes are refused with exit 6', async () => {
    await ok(['updateTopic', '-c', 'DefaultCluster', '-t', 'ReadOnlyTopic', ...admin]);
    // The account is made through the broker's ACL admin code, as updateAclConfig would.
    const a = new MQAdmin({ namesrvAddr: cluster.namesrvAddr, credentials: cluster.acl!, tls: { ca: readFileSync(ca) } });
    try {
      await a.call(broker, updateAndCreateAclConfig, { accessKey: 'reader77', secretKey: 'reader-secret-77', defaultTopicPerm: 'SUB', defaultGroupPerm: 'SUB', admin: false });
    } finally {
      await a.close();
    }
    const reader = [...base(), '--access-key', 'reader77', '--secret-key', 'reader-secret-77'];
    await ok(['topicRoute', '-t', 'ReadOnlyTopic', ...reader]);
    await ok(['getBrokerConfig', '-b', broker, ...reader]);
    const send = await cli(['sendMessage', '-t', 'ReadOnlyTopic', '-p', 'x', ...reader]);
    expect(send.code).toBe(6);
    expect(send.stderr).toMatch(/^error: access denied by \S+ for SEND_MESSAGE_V2: No default permission for topic:ReadOnlyTopic$/m);
    const create = await cli(['updateTopic', '-b', broker, '-t', 'ReaderMade', ...reader]);
    expect(create.code).toBe(6);
    expect(create.stderr).toMatch(/Need admin permission for request code=17, but accessKey=reader77 is not/);
  }, 60_000);

  it('without --tls: exit 5 within the timeout, saying the server may require TLS', async () => {
    const r = await cli(['clusterList', '-n', cluster.namesrvAddr, '--access-key', cluster.acl!.accessKey, '--secret-key', cluster.acl!.secretKey, '--timeout', '2000']);
    expect(r.code).toBe(5);
    expect(r.ms).toBeLessThan(2000 + 3000);
    expect(r.stderr).toMatch(/may require TLS/);
    expect(r.stderr).toMatch(/try --tls/);
  });
});
