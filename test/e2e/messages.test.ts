// The message commands end to end: bin/run.js against replayed real 4.9.8 answers (ids and
// offsets must agree with the Java tool's transcript) and against the embedded cluster.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { createOffsetMessageId } from '../../src/protocol/messageId.js';
import { runCli } from '../helpers/cli.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';
import { transcript } from '../helpers/fixtures.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

const SET = 'rocketmq-4.9.8';
let replay: ReplayCluster | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});

/** `Name:   value` lines of a Java transcript. */
function javaField(scenario: string, name: string): string {
  return new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(transcript(`${SET}/${scenario}`))![1]!.trim();
}

describe('against replayed 4.9.8 answers', () => {
  it('queryMsgByKey prints the row the Java tool printed', async () => {
    replay = await startReplayCluster([`${SET}/queryMsgByKey`]);
    const r = await runCli(['queryMsgByKey', '-n', replay.namesrvAddr, '-t', 'FxTopic', '-k', 'fxkey-3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^MSG ID\s+OFFSET MSG ID\s+BROKER\s+QID\s+OFFSET\s+STORE TIME\s+TAGS\s+KEYS\s+BODY$/);
    expect(lines).toHaveLength(2);
    // Java: `C0000202293E5FFD2B276CB338820003  3  0`
    const [id, qid, offset] = transcript(`${SET}/queryMsgByKey`).split('\n')[2]!.trim().split(/\s+/);
    expect(lines[1]).toMatch(new RegExp(`^${id}\\s+7F00000100002A9F000000000000024F\\s+broker-a\\s+${qid}\\s+${offset}\\s+\\S+ \\S+\\s+TagA\\s+fxkey-3\\s+12 B$`));
    const sent = replay.received.filter((x) => x.role === 'broker').map((x) => x.request);
    expect(sent.map((x) => x.code)).toEqual([12]);
    expect(sent[0]!.extFields).toMatchObject({ topic: 'FxTopic', key: 'fxkey-3', maxNum: '64', beginTimestamp: '0', endTimestamp: '9223372036854775807', _UNIQUE_KEY_QUERY: 'false' });
  });

  it('queryMsgByKey --json; a key with no message is exit 4, one line', async () => {
    replay = await startReplayCluster([`${SET}/queryMsgByKey`]);
    const j = await runCli(['queryMsgByKey', '-n', replay.namesrvAddr, '-t', 'FxTopic', '-k', 'fxkey-3', '--json']);
    expect(j.code).toBe(0);
    const json = JSON.parse(j.stdout);
    expect(json).toMatchObject({ topic: 'FxTopic', key: 'fxkey-3', truncated: false, failures: [], brokers: ['broker-a'] });
    expect(json.messages).toHaveLength(1);
    expect(json.messages[0]).toMatchObject({
      msgId: 'C0000202293E5FFD2B276CB338820003', offsetMsgId: '7F00000100002A9F000000000000024F', queueId: 3, queueOffset: 0,
      commitLogOffset: 591, keys: ['fxkey-3'], tags: 'TagA', body: 'body fxkey-3', bodyEncoding: 'utf8',
    });
    await replay.close();

    replay = await startReplayCluster([`${SET}/error-queryMsgByKey-none`]);
    const none = await runCli(['queryMsgByKey', '-n', replay.namesrvAddr, '-t', 'FxTopic', '-k', 'no-such-key']);
    expect(none.code).toBe(4);
    expect(none.stdout).toBe('');
    expect(none.stderr.split('\n')[0]).toBe('error: no message with key "no-such-key" in topic "FxTopic"');
    const noneJson = await runCli(['queryMsgByKey', '-n', replay.namesrvAddr, '-t', 'FxTopic', '-k', 'no-such-key', '--json']);
    expect(noneJson.code).toBe(4);
    expect(JSON.parse(noneJson.stdout).error).toMatchObject({ exitCode: 4, kind: 'not_found' });
  });

  it('queryMsgById reads an offset id at its address and shows what the Java tool showed', async () => {
    replay = await startReplayCluster([`${SET}/queryMsgById`]);
    // The captured id names 127.0.0.1:10911; the replay broker listens elsewhere.
    const id = createOffsetMessageId(replay.brokerAddr, 591);
    const r = await runCli(['queryMsgById', '-n', replay.namesrvAddr, '-i', id, '-t', 'FxTopic']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${id}: offset id (broker ${replay.brokerAddr}, commit-log offset 591)`);
    const field = (name: string) => new RegExp(`^${name}\\s+(.*)$`, 'm').exec(r.stdout)?.[1]?.trim();
    expect(field('Offset Msg ID')).toBe(javaField('queryMsgById', 'OffsetID'));
    expect(field('Msg ID')).toBe('C0000202293E5FFD2B276CB338820003');
    expect(field('Topic')).toBe(javaField('queryMsgById', 'Topic'));
    expect(`[${field('Tags')}]`).toBe(javaField('queryMsgById', 'Tags'));
    expect(`[${field('Keys')}]`).toBe(javaField('queryMsgById', 'Keys'));
    expect(field('Queue ID')).toBe(javaField('queryMsgById', 'Queue ID'));
    expect(field('Queue Offset')).toBe(javaField('queryMsgById', 'Queue Offset'));
    expect(field('CommitLog Offset')).toBe(javaField('queryMsgById', 'CommitLog Offset'));
    expect(field('Store Host')).toBe(javaField('queryMsgById', 'Store Host'));
    expect(r.stdout).toMatch(/^body fxkey-3$/m);
    // The track: the broker knows no consumer group of the topic.
    expect(r.stdout).toContain('No consumer group consumes this topic.');
    expect(replay.received.filter((x) => x.role === 'broker').map((x) => [x.request.code, x.request.extFields?.offset])).toEqual([[33, '591'], [300, undefined]]);
  });

  it('queryMsgById: malformed ids exit 2, a unique id without a topic exits 2', async () => {
    replay = await startReplayCluster([`${SET}/queryMsgById`]);
    const bad = await runCli(['queryMsgById', '-n', replay.namesrvAddr, '-i', 'nothex']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: malformed message id "nothex"/);
    const noTopic = await runCli(['queryMsgById', '-n', replay.namesrvAddr, '-i', 'C0000202293E5FFD2B276CB338820003', '--json']);
    expect(noTopic.code).toBe(2);
    expect(JSON.parse(noTopic.stdout).error.message).toMatch(/unique \(client\) message id/);
    expect(replay.received).toEqual([]);
  });

  it('queryMsgByUniqueKey finds the message the Java tool found', async () => {
    replay = await startReplayCluster([`${SET}/queryMsgByUniqueKey`]);
    const r = await runCli(['queryMsgByUniqueKey', '-n', replay.namesrvAddr, '-t', 'FxTopic', '-i', 'C0000202293E5FFD2B276CB338820003', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.total).toBe(1);
    expect(json.messages[0]).toMatchObject({
      msgId: 'C0000202293E5FFD2B276CB338820003',
      queueId: Number(javaField('queryMsgByUniqueKey', 'Queue ID')),
      commitLogOffset: Number(javaField('queryMsgByUniqueKey', 'CommitLog Offset')),
      track: [],
    });
    const q = replay.received.find((x) => x.request.code === 12)!.request;
    expect(q.extFields).toMatchObject({ _UNIQUE_KEY_QUERY: 'true', maxNum: '32', key: 'C0000202293E5FFD2B276CB338820003' });
  });

  it('queryMsgByOffset pulls the message the Java tool pulled', async () => {
    replay = await startReplayCluster([`${SET}/queryMsgByOffset`]);
    const r = await runCli(['queryMsgByOffset', '-n', replay.namesrvAddr, '-t', 'FxTopic', '-b', 'broker-a', '-i', '0', '-o', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Offset Msg ID\\s+${javaField('queryMsgByOffset', 'OffsetID')}$`, 'm'));
    expect(r.stdout).toMatch(/^Properties\s+\{MIN_OFFSET=0, MAX_OFFSET=2, KEYS=fxkey-0, UNIQ_KEY=C0000202293E5FFD2B276CB3381A0000, CLUSTER=DefaultCluster, TAGS=TagA\}$/m);
    const pull = replay.received.find((x) => x.request.code === 11)!.request;
    expect(pull.extFields).toMatchObject({ consumerGroup: 'TOOLS_CONSUMER', sysFlag: '4', maxMsgNums: '1', subscription: '*', queueId: '0', queueOffset: '0' });
  });

  it('sendMessage sends the Java header and prints the broker\'s answer', async () => {
    replay = await startReplayCluster([`${SET}/sendMessage`]);
    const r = await runCli(['sendMessage', '-n', replay.namesrvAddr, '-t', 'FxTopic', '-p', 'hello from mqadmin', '-k', 'fxsend-1', '-c', 'TagA', '-b', 'broker-a', '-i', '2', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    // The captured answer: queue 2, offset 1, the broker's offset id.
    expect(json).toMatchObject({ status: 'SEND_OK', brokerName: 'broker-a', queueId: 2, queueOffset: 1, offsetMsgId: '7F00000100002A9F000000000000049E' });
    const send = replay.received.find((x) => x.request.code === 310)!.request;
    expect(send.body!.toString()).toBe('hello from mqadmin');
    const h = send.extFields!;
    expect(h).toMatchObject({ b: 'FxTopic', c: 'TBW102', d: '4', e: '2', f: '0', h: '0', j: '0', k: 'false', m: 'false', n: 'broker-a' });
    expect(h.i).toBe(`KEYS\u0001fxsend-1\u0002UNIQ_KEY\u0001${json.msgId}\u0002WAIT\u0001true\u0002TAGS\u0001TagA`);
    expect(Object.keys(h).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n']);
    const table = await runCli(['sendMessage', '-n', replay.namesrvAddr, '-t', 'FxTopic', '-p', 'x']);
    expect(table.stdout).toMatch(/^BROKER\s+QID\s+QUEUE OFFSET\s+STATUS\s+MSG ID\s+OFFSET MSG ID\nbroker-a\s+2\s+1\s+SEND_OK\s+[0-9A-F]{32}\s+7F00000100002A9F000000000000049E\n$/);
  });
});

describe('against the embedded cluster', () => {
  let cluster: EmbeddedCluster;
  let dir: string;
  beforeAll(async () => {
    cluster = await startEmbedded();
    dir = mkdtempSync(join(tmpdir(), 'mqadmin-msg-e2e-'));
    const admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr });
    try {
      await admin.createAndUpdateTopicConfig(cluster.brokers[0]!.address, { topic: 'CliTopic', readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    } finally {
      await admin.close();
    }
  }, 30_000);
  afterAll(async () => {
    await cluster?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sendMessage, then every query finds it; --body-file saves the body', async () => {
    const n = ['-n', cluster.namesrvAddr];
    const sent = await runCli(['sendMessage', ...n, '-t', 'CliTopic', '-p', 'hello cli', '-k', 'cli-key', '-c', 'TagC', '--json']);
    expect(sent.code).toBe(0);
    const s = JSON.parse(sent.stdout);
    expect(s.status).toBe('SEND_OK');

    const byKey = JSON.parse((await runCli(['queryMsgByKey', ...n, '-t', 'CliTopic', '-k', 'cli-key', '--json'])).stdout);
    expect(byKey.messages.map((m: { msgId: string; offsetMsgId: string }) => [m.msgId, m.offsetMsgId])).toEqual([[s.msgId, s.offsetMsgId]]);

    const byIds = await runCli(['queryMsgById', ...n, '-i', `${s.offsetMsgId},${s.msgId}`, '-t', 'CliTopic', '--json']);
    expect(byIds.code).toBe(0);
    const ids = JSON.parse(byIds.stdout);
    expect(ids.results.map((x: { kind: string; via: string; messages: Array<{ body: string }> }) => [x.kind, x.via, x.messages[0]!.body])).toEqual([
      ['offset', 'view', 'hello cli'],
      ['unique', 'index', 'hello cli'],
    ]);

    const file = join(dir, 'body.bin');
    const byUnique = await runCli(['queryMsgByUniqueKey', ...n, '-t', 'CliTopic', '-i', s.msgId, '--body-file', file]);
    expect(byUnique.code).toBe(0);
    expect(byUnique.stdout).toMatch(/^hello cli$/m);
    expect(readFileSync(file, 'utf8')).toBe('hello cli');

    const byOffset = await runCli(['queryMsgByOffset', ...n, '-t', 'CliTopic', '-b', s.brokerName, '-i', String(s.queueId), '-o', String(s.queueOffset)]);
    expect(byOffset.code).toBe(0);
    expect(byOffset.stdout).toMatch(new RegExp(`^Msg ID\\s+${s.msgId}$`, 'm'));

    const printed = await runCli(['printMsg', ...n, '-t', 'CliTopic', '-b', '-1h', '--json']);
    expect(JSON.parse(printed.stdout).messages.map((m: { msgId: string }) => m.msgId)).toEqual([s.msgId]);
  }, 60_000);

  it('absent messages exit 4, with one line on stderr', async () => {
    const n = ['-n', cluster.namesrvAddr];
    const key = await runCli(['queryMsgByKey', ...n, '-t', 'CliTopic', '-k', 'absent']);
    expect([key.code, key.stdout]).toEqual([4, '']);
    const offset = await runCli(['queryMsgByOffset', ...n, '-t', 'CliTopic', '-b', 'broker-a', '-i', '0', '-o', '999']);
    expect(offset.code).toBe(4);
    expect(offset.stderr).toMatch(/^error: no message at offset 999 of CliTopic queue broker-a:0\n/);
    const id = createOffsetMessageId(cluster.brokers[0]!.address, 99_999_999);
    const byId = await runCli(['queryMsgById', ...n, '-i', id]);
    expect(byId.code).toBe(4);
    expect(byId.stderr).toMatch(/not found: no message at commit-log offset 99999999/);
  }, 30_000);
});
