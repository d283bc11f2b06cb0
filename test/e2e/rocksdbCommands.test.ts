// checkRocksdbCqWriteProgress, rocksDBConfigToJson, exportMetadataInRocksDB and dumpCompactionLog
// end to end: bin/run.js against a replayed 5.3.3 cluster table whose broker answers 354/355 as
// admin-commands.md §4.6 / §6.6 describe (no capture of these codes exists) or does not know them,
// against the dev cluster (whose broker does not know them: REQUEST_CODE_NOT_SUPPORTED, exit 3),
// the local-file refusals, and dumpCompactionLog on a commit-log segment of the dev store.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseCode } from '../../src/protocol/codes.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { runCli } from '../helpers/cli.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

const V5 = 'rocketmq-5.3.3-more';
const P5 = { namesrvPort: 9877, brokerPort: 10951 };

const reply = (code: number, remark: string | null, body: string | null = null): RemotingCommand => ({
  code, language: 'JAVA', version: 479, opaque: 0, flag: 1, remark, extFields: null, body: body === null ? null : Buffer.from(body), serializeType: 'JSON',
});
const notSupported = (code: number) => reply(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, ` request type ${code} not supported`);

describe('against a replayed 5.3.3 cluster table', () => {
  let replay: ReplayCluster | undefined;
  afterEach(async () => {
    await replay?.close();
    replay = undefined;
  });

  it('checkRocksdbCqWriteProgress -c: the master asked with topic and checkStoreTime, its status per broker', async () => {
    replay = await startReplayCluster([`${V5}/exportConfigs`], { ...P5, respond: (role, req) => (role === 'broker' && req.code === 354 ? reply(0, null, '{"checkResult":"","checkStatus":2}') : undefined) });
    const r = await runCli(['checkRocksdbCqWriteProgress', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-t', 'FxTopic2', '-cf', '1700000000000']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^broker-a5\s+127\.0\.0\.1:\d+\s+CHECK_IN_PROGRESS\s+-$/m);
    expect(r.stdout).toMatch(/result goes to the broker log/);
    const sent = replay.received.filter((x) => x.request.code === 354);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.request.extFields).toMatchObject({ topic: 'FxTopic2', checkStoreTime: '1700000000000' });

    const j = await runCli(['checkRocksdbCqWriteProgress', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '--json']);
    expect(j.code).toBe(0);
    const json = JSON.parse(j.stdout);
    expect(json.brokers.map((b: { brokerName: string; status: string; checkStatus: number }) => [b.brokerName, b.status, b.checkStatus])).toEqual([['broker-a5', 'CHECK_IN_PROGRESS', 2]]);
    expect(json.topic).toBe('');
    // Default -cf: 30 days ago.
    expect(Math.abs(json.checkStoreTime - (Date.now() - 30 * 86_400_000))).toBeLessThan(120_000);

    const unknown = await runCli(['checkRocksdbCqWriteProgress', '-n', replay.namesrvAddr, '-c', 'NoSuchCluster']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toMatch(/cluster "NoSuchCluster" not found/);
    const bad = await runCli(['checkRocksdbCqWriteProgress', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-cf', 'yesterday']);
    expect(bad.code).toBe(2);
    const noC = await runCli(['checkRocksdbCqWriteProgress', '-n', replay.namesrvAddr]);
    expect(noC.code).toBe(2);
  });

  it('checkRocksdbCqWriteProgress: CHECK_ERROR is shown with what the broker said, exit 0; a broker that does not know 354: one line, exit 3', async () => {
    replay = await startReplayCluster([`${V5}/exportConfigs`], { ...P5, respond: (role, req) => (role === 'broker' && req.code === 354 ? reply(0, null, '{"checkResult":"rocksdb mismatch","checkStatus":3}') : undefined) });
    const r = await runCli(['checkRocksdbCqWriteProgress', '-n', replay.namesrvAddr, '-c', 'DefaultCluster']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^broker-a5\s+127\.0\.0\.1:\d+\s+CHECK_ERROR\s+rocksdb mismatch$/m);
    await replay.close();

    replay = await startReplayCluster([`${V5}/exportConfigs`], { ...P5, respond: (role, req) => (role === 'broker' && req.code === 354 ? notSupported(354) : undefined) });
    const old = await runCli(['checkRocksdbCqWriteProgress', '-n', replay.namesrvAddr, '-c', 'DefaultCluster']);
    expect(old.code).toBe(3);
    expect(old.stdout).toBe('');
    expect(old.stderr).toMatch(/^error: 127\.0\.0\.1:\d+ cannot check its RocksDB consume queues: it answered CHECK_ROCKSDB_CQ_WRITE_PROGRESS with REQUEST_CODE_NOT_SUPPORTED \("request type 354 not supported"\)\n/);
    const j = await runCli(['checkRocksdbCqWriteProgress', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '--json']);
    expect(j.code).toBe(3);
    expect(JSON.parse(j.stdout).error.kind).toBe('server_error');
  });

  it('rocksDBConfigToJson -b / -c: configType as the Java tool sends it, the broker\'s "export done."; not known: exit 3', async () => {
    replay = await startReplayCluster([`${V5}/exportConfigs`], { ...P5, respond: (role, req) => (role === 'broker' && req.code === 355 ? reply(0, 'export done.') : undefined) });
    const r = await runCli(['rocksDBConfigToJson', '-n', replay.namesrvAddr, '-b', replay.brokerAddr]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^broker-a5\s+127\.0\.0\.1:\d+\s+done\s+export done\.$/m);
    expect(r.stdout).toMatch(/topics\.json, subscriptionGroup\.json, consumerOffset\.json/);
    expect(replay.received.find((x) => x.request.code === 355)!.request.extFields!.configType).toBe('topics;subscriptionGroups;consumerOffsets;');

    const c = await runCli(['rocksDBConfigToJson', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-t', 'Topics;consumerOffsets', '--json']);
    expect(c.code).toBe(0);
    const json = JSON.parse(c.stdout);
    expect([json.mode, json.configTypes, json.brokers[0].remark]).toEqual(['cluster', ['topics', 'consumerOffsets'], 'export done.']);
    expect(replay.received.filter((x) => x.request.code === 355).at(-1)!.request.extFields!.configType).toBe('topics;consumerOffsets;');

    const bad = await runCli(['rocksDBConfigToJson', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-t', 'brokers']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Invalid configType: brokers/);
    const none = await runCli(['rocksDBConfigToJson', '-n', replay.namesrvAddr]);
    expect(none.code).toBe(2);
    const both = await runCli(['rocksDBConfigToJson', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-c', 'DefaultCluster']);
    expect(both.code).toBe(2);
    await replay.close();

    replay = await startReplayCluster([`${V5}/exportConfigs`], { ...P5, respond: (role, req) => (role === 'broker' && req.code === 355 ? notSupported(355) : undefined) });
    const old = await runCli(['rocksDBConfigToJson', '-n', replay.namesrvAddr, '-c', 'DefaultCluster']);
    expect(old.code).toBe(3);
    expect(old.stderr).toMatch(/^error: 127\.0\.0\.1:\d+ cannot export its RocksDB config to JSON: it answered EXPORT_ROCKSDB_CONFIG_TO_JSON with REQUEST_CODE_NOT_SUPPORTED/);
  });
});

describe('local RocksDB directories: refused, exit 2', () => {
  it('rocksDBConfigToJson -p and exportMetadataInRocksDB say they cannot read RocksDB and what to use instead', async () => {
    const r = await runCli(['rocksDBConfigToJson', '-p', '/tmp/store/config', '-t', 'topics']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read the RocksDB directory \/tmp\/store\/config: local RocksDB files are not supported/);
    expect(r.stderr).toMatch(/use RPC mode: `mqadmin rocksDBConfigToJson -b <broker>/);
    const e = await runCli(['exportMetadataInRocksDB', '-p', '/tmp/store/config', '-t', 'topics', '--json']);
    expect(e.code).toBe(2);
    const json = JSON.parse(e.stdout);
    expect(json.error.kind).toBe('usage');
    expect(json.error.message).toMatch(/exportMetadataInRocksDB cannot read the RocksDB directory \/tmp\/store\/config\/topics/);
    expect(json.error.remedy).toMatch(/mqadmin exportMetadata -b <broker>/);
    const t = await runCli(['exportMetadataInRocksDB', '-p', '/tmp/store/config', '-t', 'offsets']);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/Invalid config type=offsets, Options: topics,subscriptionGroups/);
    expect((await runCli(['exportMetadataInRocksDB', '-t', 'topics'])).code).toBe(2);
  });
});

describe('against the dev cluster', () => {
  let cluster: EmbeddedCluster | undefined;
  afterEach(async () => {
    await cluster?.destroy();
    cluster = undefined;
  });

  it('354 and 355 are not known to the dev broker (exit 3); dumpCompactionLog reads its commit-log segment', async () => {
    cluster = await startEmbedded();
    const n = cluster.namesrvAddr;
    const check = await runCli(['checkRocksdbCqWriteProgress', '-n', n, '-c', 'DefaultCluster']);
    expect(check.code).toBe(3);
    expect(check.stderr).toMatch(/REQUEST_CODE_NOT_SUPPORTED/);
    const exp = await runCli(['rocksDBConfigToJson', '-n', n, '-b', cluster.brokers[0]!.address]);
    expect(exp.code).toBe(3);
    expect(exp.stderr).toMatch(/cannot export its RocksDB config to JSON.*REQUEST_CODE_NOT_SUPPORTED/);

    expect((await runCli(['updateTopic', '-n', n, '-c', 'DefaultCluster', '-t', 'DumpT', '-r', '1', '-w', '1'])).code).toBe(0);
    for (const k of ['k1', 'k2', 'k3']) expect((await runCli(['sendMessage', '-n', n, '-t', 'DumpT', '-p', `body-${k}`, '-k', k, '-c', 'TagA'])).code).toBe(0);
    const dir = join(cluster.dataDir, 'broker-a', 'store', 'commitlog');
    const segment = join(dir, readdirSync(dir).sort()[0]!);
    const text = await runCli(['dumpCompactionLog', '-f', segment]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n').filter((l) => l.includes("topic='DumpT'"));
    expect(lines).toHaveLength(3);
    for (const [i, l] of lines.entries()) {
      expect(l).toMatch(new RegExp(`^MessageExt \\[brokerName=null, queueId=0, storeSize=\\d+, queueOffset=${i}, .*storeHost=/127\\.0\\.0\\.1:\\d+, msgId=[0-9A-F]{32}, .*KEYS=k${i + 1}.*, body=null, transactionId='null'\\}\\]$`));
    }
    const json = JSON.parse((await runCli(['dumpCompactionLog', '-f', segment, '--json'])).stdout);
    expect(json.fileSize).toBe(statSync(segment).size);
    const mine = json.messages.filter((m: { topic: string }) => m.topic === 'DumpT');
    expect(mine.map((m: { keys: string[]; bodyLength: number }) => [m.keys, m.bodyLength])).toEqual([[['k1'], 7], [['k2'], 7], [['k3'], 7]]);
    expect(json.messages.every((m: { body?: unknown }) => m.body === undefined)).toBe(true);

    const missing = await runCli(['dumpCompactionLog', '-f', join(dir, 'nope')]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/file .*nope not exist\./);
    const isDir = await runCli(['dumpCompactionLog', '-f', dir]);
    expect(isDir.code).toBe(2);
    expect((await runCli(['dumpCompactionLog'])).code).toBe(2);
  });
});
