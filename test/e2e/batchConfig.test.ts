// bin/run.js end to end for updateTopicList, updateSubGroupList, setConsumeMode and the cold
// data flow control commands: against replayed answers of the real 5.3.3 broker (the Java
// transcripts' facts) and against an in-process dev cluster where it can answer.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createResponse } from '../../src/remoting/command.js';
import { runCli } from '../helpers/cli.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

const V5 = 'rocketmq-5.3.3-more';
const P5 = { namesrvPort: 9877, brokerPort: 10951 };
const dir = mkdtempSync(join(tmpdir(), 'mqadmin-batch-'));
const file = (name: string, value: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};
const lines = (s: string) => s.trimEnd().split('\n');

let replay: ReplayCluster | undefined;
let cluster: EmbeddedCluster | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
  await cluster?.destroy();
  cluster = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOPICS = [
  { topicName: 'FxListTopicA2', readQueueNums: 4, writeQueueNums: 4, perm: 6 },
  { topicName: 'FxListTopicB2', readQueueNums: 2, writeQueueNums: 2, perm: 6 },
];
const GROUPS = [
  { groupName: 'FxListGroupA2', consumeBroadcastEnable: true, consumeFromMinEnable: true, retryMaxTimes: 16 },
  { groupName: 'FxListGroupB2', consumeFromMinEnable: true, retryMaxTimes: 3 },
];
const emptyTables = (role: string, req: { code: number }) => {
  if (role !== 'broker') return undefined;
  if (req.code === 21) return createResponse(req as never, 0, { body: '{"topicConfigTable":{}}' });
  if (req.code === 201) return createResponse(req as never, 0, { body: '{"subscriptionGroupTable":{}}' });
  return undefined;
};

describe('against replayed 5.3.3 answers', () => {
  it('updateTopicList -c sends the Java body in one UPDATE_AND_CREATE_TOPIC_LIST to the master', async () => {
    replay = await startReplayCluster([`${V5}/updateTopicList`], { ...P5, respond: emptyTables });
    const r = await runCli(['updateTopicList', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', file('topics.json', TOPICS)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[2]).toMatch(/^TOPIC\s+BROKER\s+ADDRESS\s+RESULT\s+SENT AS\s+CHANGES$/);
    expect(out[3]).toMatch(new RegExp(`^FxListTopicA2\\s+broker-a5\\s+${replay.brokerAddr}\\s+created\\s+list \\(18\\)\\s+read 4, write 4, perm 6 \\(RW-\\)$`));
    expect(out[4]).toMatch(/^FxListTopicB2\s+broker-a5\s+\S+\s+created\s+list \(18\)\s+read 2, write 2, perm 6/);
    const batches = replay.received.filter((x) => x.role === 'broker' && x.request.code === 18);
    expect(batches).toHaveLength(1);
    // Byte for byte the body the Java tool sent (test/unit/batchConfig-frames.test.ts decodes it).
    expect(batches[0]!.request.body!.toString()).toBe(
      '{"topicConfigList":[{"attributes":{},"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"FxListTopicA2","topicSysFlag":0,"writeQueueNums":4},{"attributes":{},"order":false,"perm":6,"readQueueNums":2,"topicFilterType":"SINGLE_TAG","topicName":"FxListTopicB2","topicSysFlag":0,"writeQueueNums":2}]}',
    );
  });

  it('updateTopicList on a broker without code 18 (4.9.x) falls back to one UPDATE_AND_CREATE_TOPIC per topic', async () => {
    replay = await startReplayCluster([`${V5}/updateTopicList`], {
      ...P5,
      respond: (role, req) => {
        if (role === 'broker' && req.code === 18) return createResponse(req, 3, { remark: ' request type 18 not supported' });
        if (role === 'broker' && req.code === 17) return createResponse(req, 0);
        return emptyTables(role, req);
      },
    });
    const r = await runCli(['updateTopicList', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-f', file('topics2.json', TOPICS), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.rows.map((x: { topic: string; outcome: string; via: string }) => [x.topic, x.outcome, x.via])).toEqual([
      ['FxListTopicA2', 'created', 'single'],
      ['FxListTopicB2', 'created', 'single'],
    ]);
    const singles = replay.received.filter((x) => x.role === 'broker' && x.request.code === 17).map((x) => x.request.extFields);
    expect(singles.map((f) => [f?.topic, f?.readQueueNums, f?.writeQueueNums])).toEqual([
      ['FxListTopicA2', '4', '4'],
      ['FxListTopicB2', '2', '2'],
    ]);
  });

  it('updateSubGroupList -c sends the groups in one UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST', async () => {
    replay = await startReplayCluster([`${V5}/updateSubGroupList`], { ...P5, respond: emptyTables });
    const r = await runCli(['updateSubGroupList', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', file('groups.json', GROUPS)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[3]).toMatch(/^FxListGroupA2\s+broker-a5\s+\S+\s+created\s+list \(225\)\s+consumeBroadcastEnable true, consumeFromMinEnable true, retryMaxTimes 16$/);
    expect(out[4]).toMatch(/^FxListGroupB2\s+broker-a5\s+\S+\s+created\s+list \(225\)\s+consumeFromMinEnable true, retryMaxTimes 3$/);
    const sent = replay.received.filter((x) => x.role === 'broker' && x.request.code === 225);
    expect(sent).toHaveLength(1);
    const body = JSON.parse(sent[0]!.request.body!.toString());
    expect(body.groupConfigList.map((g: Record<string, unknown>) => [g.groupName, g.consumeBroadcastEnable, g.consumeFromMinEnable, g.retryMaxTimes, g.retryQueueNums])).toEqual([
      ['FxListGroupA2', true, true, 16, 1],
      ['FxListGroupB2', false, true, 3, 1],
    ]);
  });

  it('bad files are exit 2 and nothing is sent', async () => {
    replay = await startReplayCluster([`${V5}/updateTopicList`], { ...P5, respond: emptyTables });
    const missing = await runCli(['updateTopicList', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
    const notArray = await runCli(['updateTopicList', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', file('obj.json', { topicName: 'X' })]);
    expect(notArray.code).toBe(2);
    const badName = await runCli(['updateSubGroupList', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', file('g.json', [{ groupName: 'a b' }])]);
    expect(badName.code).toBe(2);
    expect(replay.received).toHaveLength(0);
  });
});

describe('setConsumeMode and cold data flow control against replayed 5.3.3 answers', () => {
  const notSupported = (role: string, req: { code: number }) =>
    role === 'broker' && [401, 2001, 2002, 2003].includes(req.code) ? createResponse(req as never, 3, { remark: ` request type ${req.code} not supported` }) : undefined;

  it('setConsumeMode -c sends the Java body to the master and prints the mode', async () => {
    replay = await startReplayCluster([`${V5}/setConsumeMode`], P5);
    const r = await runCli(['setConsumeMode', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-t', 'FxTopic2', '-g', 'FxPopGroup2', '-m', 'POP', '-q', '0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe('Topic FxTopic2  group FxPopGroup2  consume mode POP  popShareQueueNum 0');
    expect(out[3]).toMatch(new RegExp(`^broker-a5\\s+${replay.brokerAddr}\\s+ok$`));
    const sent = replay.received.filter((x) => x.role === 'broker').map((x) => x.request);
    expect(sent.map((x) => x.code)).toEqual([401]);
    expect(sent[0]!.body!.toString()).toBe('{"consumerGroup":"FxPopGroup2","mode":"POP","popShareQueueNum":0,"topic":"FxTopic2"}');
    const bad = await runCli(['setConsumeMode', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-t', 'FxTopic2', '-g', 'FxPopGroup2', '-m', 'pop']);
    expect(bad.code).toBe(2);
  });

  it('getColdDataFlowCtrInfo -b prints the thresholds of the Java transcript', async () => {
    replay = await startReplayCluster([`${V5}/getColdDataFlowCtrInfo`], P5);
    const r = await runCli(['getColdDataFlowCtrInfo', '-n', replay.namesrvAddr, '-b', replay.brokerAddr]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      `broker-a5 ${replay.brokerAddr}`,
      '  group threshold (default)  3,145,728 B',
      '  global threshold           104,857,600 B',
      '  global cold reads          0 B',
      '  no group has a threshold or cold reads',
    ]);
    const json = JSON.parse((await runCli(['getColdDataFlowCtrInfo', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '--json'])).stdout);
    expect(json.brokers[0].info).toEqual({ runtimeTable: {}, configTable: {}, cgColdReadThreshold: 3145728, globalColdReadThreshold: 104857600, globalAcc: 0 });
  });

  it('updateColdDataFlowCtrGroupConfig and removeColdDataFlowCtrGroupConfig send the Java bodies', async () => {
    replay = await startReplayCluster([`${V5}/updateColdDataFlowCtrGroupConfig`, `${V5}/removeColdDataFlowCtrGroupConfig`, `${V5}/getColdDataFlowCtrInfo`], P5);
    const u = await runCli(['updateColdDataFlowCtrGroupConfig', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-g', 'FxGroup2', '-v', '1048576']);
    expect(u.code).toBe(0);
    expect(lines(u.stdout)[0]).toBe('Cold read threshold of FxGroup2 set to 1,048,576 B');
    expect(lines(u.stdout)[3]).toMatch(/^broker-a5\s+\S+\s+ok$/);
    const refused = await runCli(['removeColdDataFlowCtrGroupConfig', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-g', 'FxGroup2']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    const rm = await runCli(['removeColdDataFlowCtrGroupConfig', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-g', 'FxGroup2', '--yes']);
    expect(rm.code).toBe(0);
    expect(lines(rm.stdout)[0]).toBe('Cold read threshold of FxGroup2 removed (the broker default applies)');
    const bodies = replay.received.filter((x) => x.role === 'broker' && [2001, 2002].includes(x.request.code)).map((x) => [x.request.code, x.request.body!.toString()]);
    expect(bodies).toEqual([
      [2001, 'FxGroup2=1048576\n'],
      [2002, 'FxGroup2'],
    ]);
  });

  it('a broker without these codes (4.x) is one line, exit 3', async () => {
    replay = await startReplayCluster([`${V5}/setConsumeMode`], { ...P5, respond: notSupported });
    for (const args of [
      ['setConsumeMode', '-c', 'DefaultCluster', '-t', 'FxTopic2', '-g', 'FxPopGroup2', '-m', 'POP'],
      ['getColdDataFlowCtrInfo', '-b', replay.brokerAddr],
      ['updateColdDataFlowCtrGroupConfig', '-b', replay.brokerAddr, '-g', 'G', '-v', '1'],
      ['removeColdDataFlowCtrGroupConfig', '-b', replay.brokerAddr, '-g', 'G'],
    ]) {
      const r = await runCli([...args, '-n', replay.namesrvAddr]);
      expect(r.code, args[0]).toBe(3);
      expect(r.stderr).toMatch(/does not support .*REQUEST_CODE_NOT_SUPPORTED \(a 4\.x broker; it needs RocketMQ 5\.x\)/);
      expect(r.stdout).toBe('');
    }
  });
});

describe('against the dev cluster', () => {
  it('updateTopicList creates, then patches only the fields given, asks before removing queues', async () => {
    cluster = await startEmbedded();
    const n = cluster.namesrvAddr;
    const created = await runCli(['updateTopicList', '-n', n, '-c', 'DefaultCluster', '-f', file('t1.json', [{ topicName: 'ListA', readQueueNums: 8, writeQueueNums: 8 }, { topicName: 'ListB' }]), '--json']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).rows.map((x: { topic: string; outcome: string; after: { readQueueNums: number } }) => [x.topic, x.outcome, x.after.readQueueNums])).toEqual([
      ['ListA', 'created', 8],
      ['ListB', 'created', 16],
    ]);
    const route = JSON.parse((await runCli(['topicRoute', '-n', n, '-t', 'ListB', '--json'])).stdout);
    expect(route.queueDatas[0].writeQueueNums).toBe(16);

    const again = await runCli(['updateTopicList', '-n', n, '-c', 'DefaultCluster', '-f', file('t1.json', [{ topicName: 'ListA', readQueueNums: 8 }, { topicName: 'ListB' }])]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/ListA\s+broker-a\s+\S+\s+unchanged\s+-\s+no change/);

    const shrink = file('t2.json', [{ topicName: 'ListA', writeQueueNums: 4 }, { topicName: 'ListB', perm: 4 }]);
    const dry = await runCli(['updateTopicList', '-n', n, '-c', 'DefaultCluster', '-f', shrink, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run: nothing was changed/);
    expect(dry.stdout).toMatch(/ListA\s+broker-a\s+\S+\s+update\s+write queues 8 -> 4/);
    expect(dry.stdout).toMatch(/ListB\s+broker-a\s+\S+\s+update\s+perm 6 \(RW-\) -> 4 \(R--\)/);
    const refused = await runCli(['updateTopicList', '-n', n, '-c', 'DefaultCluster', '-f', shrink]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/ListA, ListB.*--yes/);
    const done = await runCli(['updateTopicList', '-n', n, '-c', 'DefaultCluster', '-f', shrink, '--yes', '--json']);
    expect(done.code).toBe(0);
    const after = JSON.parse((await runCli(['topicRoute', '-n', n, '-t', 'ListA', '--json'])).stdout);
    expect([after.queueDatas[0].readQueueNums, after.queueDatas[0].writeQueueNums]).toEqual([8, 4]);
  });

  it('updateSubGroupList creates and patches groups, keeping the fields the file does not give', async () => {
    cluster = await startEmbedded();
    const n = cluster.namesrvAddr;
    const r = await runCli(['updateSubGroupList', '-n', n, '-c', 'DefaultCluster', '-f', file('g1.json', [{ groupName: 'GA', retryMaxTimes: 3 }, { groupName: 'GB' }])]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/GA\s+broker-a\s+\S+\s+created\s+list \(225\)\s+retryMaxTimes 3/);
    expect(r.stdout).toMatch(/GB\s+broker-a\s+\S+\s+created\s+list \(225\)\s+Java defaults/);
    const off = file('g2.json', [{ groupName: 'GA', consumeEnable: false }]);
    const refused = await runCli(['updateSubGroupList', '-n', n, '-c', 'DefaultCluster', '-f', off]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/stops consumption.*GA.*--yes/);
    const done = await runCli(['updateSubGroupList', '-n', n, '-c', 'DefaultCluster', '-f', off, '--yes']);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/GA\s+broker-a\s+\S+\s+updated\s+list \(225\)\s+consumeEnable true -> false/);
    const cfg = JSON.parse((await runCli(['getConsumerConfig', '-n', n, '-g', 'GA', '--json'])).stdout);
    expect(JSON.stringify(cfg)).toMatch(/"retryMaxTimes":3/);
    expect(JSON.stringify(cfg)).toMatch(/"consumeEnable":false/);
  });

  it('setConsumeMode: the dev broker checks the topic and group as 5.3.3 does and keeps the mode', async () => {
    cluster = await startEmbedded();
    const n = cluster.namesrvAddr;
    const noTopic = await runCli(['setConsumeMode', '-n', n, '-c', 'DefaultCluster', '-t', 'NoSuchTopic', '-g', 'G', '-m', 'POP']);
    expect(noTopic.code).toBe(4);
    expect(noTopic.stderr).toMatch(/topic\[NoSuchTopic\] not exist/);
    expect((await runCli(['updateTopic', '-n', n, '-c', 'DefaultCluster', '-t', 'PopTopic'])).code).toBe(0);
    const noGroup = await runCli(['setConsumeMode', '-n', n, '-c', 'DefaultCluster', '-t', 'PopTopic', '-g', 'PopGroup', '-m', 'POP']);
    expect(noGroup.code).toBe(4);
    expect(noGroup.stderr).toMatch(/subscription group does not exist/);
    expect((await runCli(['updateSubGroup', '-n', n, '-c', 'DefaultCluster', '-g', 'PopGroup'])).code).toBe(0);
    const ok = await runCli(['setConsumeMode', '-n', n, '-c', 'DefaultCluster', '-t', 'PopTopic', '-g', 'PopGroup', '-m', 'POP', '-q', '2', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ topic: 'PopTopic', group: 'PopGroup', mode: 'POP', popShareQueueNum: 2, failures: [] });
  });

  it('cold data flow control: thresholds set, shown and removed on the dev broker', async () => {
    cluster = await startEmbedded();
    const n = cluster.namesrvAddr;
    expect((await runCli(['updateColdDataFlowCtrGroupConfig', '-n', n, '-c', 'DefaultCluster', '-g', 'G1', '-v', '5242880'])).code).toBe(0);
    const info = await runCli(['getColdDataFlowCtrInfo', '-n', n, '-c', 'DefaultCluster']);
    expect(info.code).toBe(0);
    expect(info.stdout).toMatch(/GROUP\s+THRESHOLD\s+COLD READS\s+SINCE\s+LAST COLD READ\n\s+G1\s+5,242,880 B\s+-\s+-\s+-/);
    const dry = await runCli(['removeColdDataFlowCtrGroupConfig', '-n', n, '-c', 'DefaultCluster', '-g', 'G1', '--dry-run']);
    expect(dry.stdout).toMatch(/broker-a\s+\S+\s+5,242,880 B/);
    expect((await runCli(['removeColdDataFlowCtrGroupConfig', '-n', n, '-c', 'DefaultCluster', '-g', 'G1', '--yes'])).code).toBe(0);
    const json = JSON.parse((await runCli(['getColdDataFlowCtrInfo', '-n', n, '-c', 'DefaultCluster', '--json'])).stdout);
    expect(json.brokers[0].info.configTable).toEqual({});
    const bad = await runCli(['updateColdDataFlowCtrGroupConfig', '-n', n, '-c', 'DefaultCluster', '-g', 'G1', '-v', '-5']);
    expect(bad.code).toBe(2);
  });
});
