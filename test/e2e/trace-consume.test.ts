// queryMsgTraceById and consumeMessage end to end: bin/run.js against replayed real 4.9.8 and
// 5.3.3 answers (the facts of the Java tool's transcripts) and against the embedded cluster
// (trace messages written in the Java format by a test client; pulls that commit nothing).

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { sendMessage, type SendResult } from '../../src/admin/messages.js';
import { updateConsumerOffset } from '../../src/protocol/requests/consumer.js';
import { queryConsumerOffset } from '../../src/protocol/requests/message.js';
import { encodeTraceData, traceMessageKeys, type TraceRecord } from '../../src/protocol/trace.js';
import { RUN_JS, runCli } from '../helpers/cli.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';
import { transcript } from '../helpers/fixtures.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

const OLD = 'rocketmq-4.9.8-more';
const NEW = 'rocketmq-5.3.3-more';
const UTC = { env: { TZ: 'UTC' } };
let replay: ReplayCluster | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});

/** `MSGID: <id> ... BODY: <body>` lines of a Java consumeMessage transcript. */
function javaConsumed(scenario: string): Array<[string, string]> {
  return [...transcript(scenario).matchAll(/^MSGID: (\S+) .* BODY: (.*)$/gm)].map((m) => [m[1]!, m[2]!]);
}

/** The rows of a rendered table, split on runs of two or more spaces. */
function rows(text: string, header: RegExp): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => header.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const out: string[][] = [];
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === '') break;
    out.push(l.trim().split(/ {2,}/));
  }
  return out;
}

describe('queryMsgTraceById against replayed answers', () => {
  it('4.9.8: the send and the consumption the Java tool printed', async () => {
    replay = await startReplayCluster([`${OLD}/queryMsgTraceById`]);
    const id = 'C00002026EE05FFD2B27102EF17B0000';
    const r = await runCli(['queryMsgTraceById', '-n', replay.namesrvAddr, '-i', id], UTC);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Msg ID\\s+${id}$`, 'm'));
    expect(r.stdout).toMatch(/^Topic\s+FxTraceTopic$/m);
    expect(r.stdout).toMatch(/^Keys\s+fxtrace-0$/m);
    const timeline = rows(r.stdout, /^TIME\s+EVENT\s+GROUP\s+HOST\s+COST\s+STATUS\s+DETAIL$/);
    // Java: `Pub RefTraceProducerGroup 127.0.0.1 2026-12-04 03:25:11 212ms success`
    //       `Sub FxTraceGroup 127.0.0.1 2026-12-04 03:25:16 7ms success`
    expect(transcript(`${OLD}/queryMsgTraceById`)).toMatch(/^Pub\s+RefTraceProducerGroup\s+127\.0\.0\.1\s+2026-12-04 03:25:11\s+212ms\s+success/m);
    expect(timeline).toEqual([
      ['2026-12-04 03:25:11.933', 'sent', 'RefTraceProducerGroup', '127.0.0.1', '212 ms', 'success', 'normal message, body 9 B'],
      // (The replay rewrites the captured broker address in every body, trace records included.)
      ['2026-12-04 03:25:12.145', 'stored', '-', replay.brokerAddr, '-', '-', 'offset msg id 7F00000100002A9F00000000034F5390 (the time the send was acknowledged)'],
      ['2026-12-04 03:25:16.522', 'consumed', 'FxTraceGroup', '127.0.0.1', '7 ms', 'success', 'first delivery'],
    ]);
    expect(rows(r.stdout, /^CONSUMER GROUP\s+STATUS/)).toEqual([['FxTraceGroup', 'consumed', '1', '0', '2026-12-04 03:25:16.529', '127.0.0.1']]);
    const sent = replay.received.filter((x) => x.role === 'broker').map((x) => x.request);
    expect(sent.map((x) => x.code)).toEqual([12]);
    expect(sent[0]!.extFields).toMatchObject({ topic: 'RMQ_SYS_TRACE_TOPIC', key: id, maxNum: '64', beginTimestamp: '0', _UNIQUE_KEY_QUERY: 'false' });
  });

  it('5.3.3: the id among a consumer batch of many messages; --json', async () => {
    replay = await startReplayCluster([`${NEW}/queryMsgTraceById`], { namesrvPort: 9877, brokerPort: 10951 });
    const id = 'FD00000000000000000000000000000272135FFD2B27104B33800000';
    const r = await runCli(['queryMsgTraceById', '-n', replay.namesrvAddr, '-i', id, '--json'], UTC);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ msgId: id, traceTopic: 'RMQ_SYS_TRACE_TOPIC', traceMessages: 2, malformed: 0, failures: [], message: { topic: 'FxTopic2', tags: 'TagA', keys: 'fx2trace-0' } });
    expect(j.events.map((e: { kind: string }) => e.kind)).toEqual(['sent', 'stored', 'consumed']);
    // Java: `Pub RefTraceProducerGroup 127.0.0.1 2026-12-04 03:56:03 18ms success`, `Sub FxTraceGroup2 127.0.0.1 2026-12-04 03:56:09 11ms success`
    expect(j.events[0]).toMatchObject({ group: 'RefTraceProducerGroup', clientHost: '127.0.0.1', costMs: 18, success: true });
    expect(new Date(j.events[0].time).toISOString()).toMatch(/^2026-12-04T03:56:03/);
    expect(j.events[2]).toMatchObject({ group: 'FxTraceGroup2', clientHost: '127.0.0.1', costMs: 11, success: true, reconsumeTimes: 0 });
    expect(new Date(j.events[2].endTime).toISOString()).toMatch(/^2026-12-04T03:56:09/);
    expect(j.consumers).toEqual([{ group: 'FxTraceGroup2', attempts: 1, retries: 0, status: 'consumed', lastTime: j.events[2].endTime, clients: ['127.0.0.1'] }]);
  });
});

describe('consumeMessage against replayed answers', () => {
  it('4.9.8 -b broker-a -i 1 -o 0 -c 2: the messages the Java tool printed', async () => {
    replay = await startReplayCluster([`${OLD}/consumeMessage-byOffset`]);
    const args = ['consumeMessage', '-n', replay.namesrvAddr, '-t', 'FxTopic2', '-b', 'broker-a', '-i', '1', '-o', '0', '-c', '2'];
    const j = await runCli([...args, '--json']);
    expect(j.code).toBe(0);
    const lines = j.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((m) => [m.msgId, m.body])).toEqual(javaConsumed(`${OLD}/consumeMessage-byOffset`));
    expect(lines.map((m) => [m.brokerName, m.queueId, m.queueOffset, m.bodyEncoding])).toEqual([['broker-a', 1, 0, 'utf8'], ['broker-a', 1, 1, 'utf8']]);
    const pulls = replay.received.filter((x) => x.request.code === 11).map((x) => x.request.extFields!);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ consumerGroup: 'TOOLS_CONSUMER', sysFlag: '4', commitOffset: '0', queueId: '1', queueOffset: '0', maxMsgNums: '2' });
    // Nothing else than reading: no heartbeat, no offset update.
    expect(new Set(replay.received.map((x) => x.request.code))).toEqual(new Set([105, 31, 30, 11]));

    const t = await runCli(args);
    expect(t.code).toBe(0);
    const table = rows(t.stdout, /^MSG ID\s+OFFSET MSG ID\s+BROKER\s+QID\s+OFFSET\s+STORE TIME\s+TAGS\s+KEYS\s+SIZE\s+BODY$/);
    expect(table.map((r) => [r[0], r[2], r[3], r[4], r[9]])).toEqual([
      ['C00002026CE45FFD2B27102EAB390003', 'broker-a', '1', '0', 'fx2key-3'],
      ['C00002026CE45FFD2B27102EAB450007', 'broker-a', '1', '1', 'fx2key-7'],
    ]);
    expect(t.stdout.trimEnd().split('\n').at(-1)).toBe('2 messages, 1 queue read as TOOLS_CONSUMER (nothing committed)');
  });

  it('4.9.8 default mode, -c 1: the oldest message of the first queue; the rest is said to be left', async () => {
    replay = await startReplayCluster([`${OLD}/consumeMessage`]);
    const r = await runCli(['consumeMessage', '-n', replay.namesrvAddr, '-t', 'FxTopic2', '-c', '1', '-d', 'true']);
    expect(r.code).toBe(0);
    // Java read queue 0 from its first offset: `MSGID: C00002026CE45FFD2B27102EAB340002 ... BODY: fx2key-2`.
    const [id, body] = javaConsumed(`${OLD}/consumeMessage`).find(([, b]) => b === 'fx2key-2')!;
    expect(r.stdout).toMatch(new RegExp(`^Msg ID\\s+${id}$`, 'm'));
    expect(r.stdout).toMatch(/^Queue ID\s+0$/m);
    expect(r.stdout).toMatch(new RegExp(`^${body}$`, 'm'));
    expect(r.stdout).toMatch(/^Properties\s+\{MIN_OFFSET=0, MAX_OFFSET=2, KEYS=fx2key-2, /m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      '1 message, 1 queue read as TOOLS_CONSUMER (nothing committed); stopped at the count (-c 1), more in broker-a:0 from offset 1; not read: broker-a:1, broker-a:2, broker-a:3',
    );
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('on a terminal, a spinner counts the messages while the pulls run', async () => {
    // Every broker answer 300 ms late, so the spinner (shown after 200 ms) has time to appear.
    replay = await startReplayCluster([`${OLD}/consumeMessage-byOffset`], { brokerDelayMs: 300 });
    const cmd = [process.execPath, RUN_JS, 'consumeMessage', '-n', replay.namesrvAddr, '-t', 'FxTopic2', '-b', 'broker-a', '-i', '1', '-o', '0', '-c', '2'];
    // util-linux `script` runs the command on a pseudo-terminal.
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qfec', cmd.map((a) => `'${a}'`).join(' '), '/dev/null'], { env: { ...process.env, MQADMIN_CONFIG: '/nonexistent/config.yaml', CI: '', TERM: 'xterm' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    expect(out).toContain('Pulling the messages of FxTopic2: 0/2');
    expect(out).toContain('fx2key-7');
    expect(out).toContain('2 messages, 1 queue read as TOOLS_CONSUMER (nothing committed)');
  });

  it('5.3.3 -g FxCmGroup2: pulls as the group', async () => {
    replay = await startReplayCluster([`${NEW}/consumeMessage`], { namesrvPort: 9877, brokerPort: 10951 });
    const r = await runCli(['consumeMessage', '-n', replay.namesrvAddr, '-t', 'FxTopic2', '-b', 'broker-a5', '-i', '0', '-o', '0', '-c', '2', '-g', 'FxCmGroup2', '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((m) => [m.msgId, m.body])).toEqual(javaConsumed(`${NEW}/consumeMessage`));
    expect(lines[0].properties).toMatchObject({ TRACE_ON: 'true', KEYS: 'fx2key-2' });
    expect(replay.received.find((x) => x.request.code === 11)!.request.extFields).toMatchObject({ consumerGroup: 'FxCmGroup2', maxMsgNums: '2' });
  });
});

describe('against the embedded cluster', () => {
  let cluster: EmbeddedCluster;
  let admin: MQAdmin;
  let n: string[];
  let broker: string;
  let traced: SendResult;
  const sentToQueue: SendResult[][] = [[], []];
  let secondBatchFrom = 0;

  beforeAll(async () => {
    cluster = await startEmbedded();
    n = ['-n', cluster.namesrvAddr];
    broker = cluster.brokers[0]!.address;
    admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr });
    await admin.createAndUpdateTopicConfig(broker, { topic: 'ConsTopic', readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    await admin.createAndUpdateTopicConfig(broker, { topic: 'OrderTopic', readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    // Three messages per queue, then three more per queue later.
    for (let round = 0; round < 2; round++) {
      if (round === 1) {
        await new Promise((r) => setTimeout(r, 30));
        secondBatchFrom = Date.now();
        await new Promise((r) => setTimeout(r, 5));
      }
      for (let i = 0; i < 3; i++) {
        for (const q of [0, 1]) {
          const k = `c${round}-${q}-${i}`;
          sentToQueue[q]!.push(await sendMessage(admin, { topic: 'ConsTopic', body: `body ${k}`, keys: k, tags: 'TagC', brokerName: 'broker-a', queueId: q }));
        }
      }
    }
    // A group with committed offsets (1 on queue 0, 2 on queue 1).
    await admin.call(broker, updateConsumerOffset, { consumerGroup: 'ConsGroup', topic: 'ConsTopic', queueId: 0, brokerName: 'broker-a', commitOffset: 1 });
    await admin.call(broker, updateConsumerOffset, { consumerGroup: 'ConsGroup', topic: 'ConsTopic', queueId: 1, brokerName: 'broker-a', commitOffset: 2 });

    // A traced message: the message itself, then its trace records written as a Java client
    // with message trace on writes them (RMQ_SYS_TRACE_TOPIC, created by the first send through
    // TBW102; KEYS = the ids and keys of the records).
    traced = await sendMessage(admin, { topic: 'OrderTopic', body: 'order 42', keys: 'order-42', tags: 'TagO' });
    const other = await sendMessage(admin, { topic: 'OrderTopic', body: 'order 43', keys: 'order-43', tags: 'TagO' });
    const t0 = Date.now() - 60_000;
    const pub = (msgId: string, keys: string, offsetMsgId: string, ts: number, cost: number): TraceRecord => ({
      type: 'Pub', timestamp: ts, regionId: 'DefaultRegion', groupName: 'OrderProducer', topic: 'OrderTopic', msgId, tags: 'TagO', keys,
      storeHost: broker, bodyLength: 8, costTime: cost, msgType: 0, offsetMsgId, success: true,
    });
    const before = (msgId: string, group: string, req: string, ts: number, retry: number): TraceRecord => ({ type: 'SubBefore', timestamp: ts, regionId: 'DefaultRegion', groupName: group, requestId: req, msgId, retryTimes: retry, keys: 'order-42' });
    const after = (msgId: string, group: string, req: string, ts: number, cost: number, ok: boolean, code: number): TraceRecord => ({ type: 'SubAfter', requestId: req, msgId, costTime: cost, success: ok, keys: 'order-42', contextCode: code, timestamp: ts, groupName: group });
    const traceBatches: TraceRecord[][] = [
      [pub(traced.msgId, 'order-42', traced.offsetMsgId, t0, 3), pub(other.msgId, 'order-43', other.offsetMsgId, t0 + 1, 2)],
      [before(traced.msgId, 'OrderConsumer', 'REQ1', t0 + 1000, 0), before(other.msgId, 'OrderConsumer', 'REQ2', t0 + 1000, 0), after(other.msgId, 'OrderConsumer', 'REQ2', t0 + 1004, 4, true, 0), after(traced.msgId, 'OrderConsumer', 'REQ1', t0 + 1009, 9, false, 2)],
      [before(traced.msgId, 'OrderConsumer', 'REQ3', t0 + 11_000, 1), after(traced.msgId, 'OrderConsumer', 'REQ3', t0 + 11_005, 5, true, 0)],
      [before(traced.msgId, 'AuditConsumer', 'REQ4', t0 + 2000, 0), after(traced.msgId, 'AuditConsumer', 'REQ4', t0 + 2001, 1, true, 0)],
    ];
    for (const records of traceBatches) {
      await sendMessage(admin, { topic: 'RMQ_SYS_TRACE_TOPIC', body: encodeTraceData(records), keys: traceMessageKeys(records), producerGroup: '_INNER_TRACE_PRODUCER-OrderProducer-PRODUCE-1' });
    }
  }, 30_000);
  afterAll(async () => {
    await admin?.close();
    await cluster?.destroy();
  });

  it('the trace messages are indexed by the message id: the key query finds them', async () => {
    const r = await runCli(['queryMsgByKey', ...n, '-t', 'RMQ_SYS_TRACE_TOPIC', '-k', traced.msgId, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).messages).toHaveLength(4);
  });

  it('queryMsgTraceById: the timeline of a traced message, a failed attempt and its retry', async () => {
    const r = await runCli(['queryMsgTraceById', ...n, '-i', traced.msgId]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Topic\s+OrderTopic$/m);
    expect(r.stdout).toMatch(/^Keys\s+order-42$/m);
    expect(r.stdout).toMatch(/^Trace\s+7 records in 4 trace messages of RMQ_SYS_TRACE_TOPIC$/m);
    const timeline = rows(r.stdout, /^TIME\s+EVENT/).map((row) => row.slice(1));
    expect(timeline).toEqual([
      ['sent', 'OrderProducer', '127.0.0.1', '3 ms', 'success', 'normal message, body 8 B'],
      ['stored', '-', broker, '-', '-', `offset msg id ${traced.offsetMsgId} (the time the send was acknowledged)`],
      ['consume failed', 'OrderConsumer', '127.0.0.1', '9 ms', 'failed', 'first delivery, EXCEPTION'],
      ['consumed', 'AuditConsumer', '127.0.0.1', '1 ms', 'success', 'first delivery'],
      ['consumed', 'OrderConsumer', '127.0.0.1', '5 ms', 'success', 'retry 1'],
    ]);
    const groups = rows(r.stdout, /^CONSUMER GROUP\s+STATUS\s+ATTEMPTS\s+RETRIES\s+LAST\s+CLIENTS$/);
    expect(groups.map((g) => [g[0], g[1], g[2], g[3], g[5]])).toEqual([
      ['AuditConsumer', 'consumed', '1', '0', '127.0.0.1'],
      ['OrderConsumer', 'consumed', '2', '1', '127.0.0.1'],
    ]);
  });

  it('queryMsgTraceById --json; an offset id is resolved to the unique id', async () => {
    const r = await runCli(['queryMsgTraceById', ...n, '-i', traced.offsetMsgId, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ msgId: traced.msgId, resolvedFrom: traced.offsetMsgId, traceMessages: 4 });
    expect(j.events.map((e: { kind: string; group?: string; success?: boolean }) => [e.kind, e.group ?? null, e.success ?? null])).toEqual([
      ['sent', 'OrderProducer', true],
      ['stored', null, null],
      ['consumed', 'OrderConsumer', false],
      ['consumed', 'AuditConsumer', true],
      ['consumed', 'OrderConsumer', true],
    ]);
    expect(j.events[2]).toMatchObject({ result: 'EXCEPTION', reconsumeTimes: 0, costMs: 9 });
    expect(j.records).toHaveLength(7);
  });

  it('queryMsgTraceById: no trace, unknown trace topic (exit 4); a malformed id (exit 2)', async () => {
    const untraced = await sendMessage(admin, { topic: 'OrderTopic', body: 'x' });
    const none = await runCli(['queryMsgTraceById', ...n, '-i', untraced.msgId]);
    expect([none.code, none.stdout]).toEqual([4, '']);
    expect(none.stderr.split('\n')[0]).toBe(`error: no trace of message ${untraced.msgId} in RMQ_SYS_TRACE_TOPIC`);
    const topic = await runCli(['queryMsgTraceById', ...n, '-i', traced.msgId, '-t', 'NoSuchTraceTopic', '--json']);
    expect(topic.code).toBe(4);
    expect(JSON.parse(topic.stdout).error).toMatchObject({ kind: 'not_found', message: 'trace topic "NoSuchTraceTopic" not found: the NameServer has no route for it' });
    const bad = await runCli(['queryMsgTraceById', ...n, '-i', 'not-an-id']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: malformed message id "NOT-AN-ID"|^error: malformed message id "not-an-id"/);
  });

  it('consumeMessage reads every queue in order, as JSON lines, and commits nothing', async () => {
    const offsets = async (group: string) =>
      Promise.all([0, 1].map((q) => admin.call(broker, queryConsumerOffset, { consumerGroup: group, topic: 'ConsTopic', queueId: q, brokerName: 'broker-a' })));
    expect(await offsets('ConsGroup')).toEqual([1, 2]);
    const r = await runCli(['consumeMessage', ...n, '-t', 'ConsTopic', '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((m) => [m.queueId, m.queueOffset, m.msgId])).toEqual([
      ...sentToQueue[0]!.map((s, i) => [0, i, s.msgId]),
      ...sentToQueue[1]!.map((s, i) => [1, i, s.msgId]),
    ]);
    expect(lines[0]).toMatchObject({ body: 'body c0-0-0', bodyEncoding: 'utf8', keys: ['c0-0-0'], tags: 'TagC', topic: 'ConsTopic' });
    const asGroup = await runCli(['consumeMessage', ...n, '-t', 'ConsTopic', '-g', 'ConsGroup', '--json']);
    expect(asGroup.stdout.trimEnd().split('\n')).toHaveLength(12);
    // Committed offsets unchanged. The tool's group has none: the broker answers 0 for a queue
    // that starts at 0 (as a Java broker does); a commit would have made it 6.
    expect(await offsets('ConsGroup')).toEqual([1, 2]);
    expect(await offsets('TOOLS_CONSUMER')).toEqual([0, 0]);
  });

  it('consumeMessage -c: stops at the count and says what is left', async () => {
    const r = await runCli(['consumeMessage', ...n, '-t', 'ConsTopic', '-c', '8']);
    expect(r.code).toBe(0);
    const table = rows(r.stdout, /^MSG ID\s+OFFSET MSG ID/);
    expect(table.map((row) => [row[3], row[4], row[9]])).toEqual([
      ...[0, 1, 2, 3, 4, 5].map((i) => ['0', String(i), `body c${Math.floor(i / 3)}-0-${i % 3}`]),
      ['1', '0', 'body c0-1-0'],
      ['1', '1', 'body c0-1-1'],
    ]);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('8 messages, 2 queues read as TOOLS_CONSUMER (nothing committed); stopped at the count (-c 8), more in broker-a:1 from offset 2');
  });

  it('consumeMessage over a time window, and from an offset of one queue', async () => {
    const w = await runCli(['consumeMessage', ...n, '-t', 'ConsTopic', '-s', String(secondBatchFrom), '-e', 'now', '--json']);
    expect(w.code).toBe(0);
    const inWindow = w.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(inWindow.map((m) => m.keys[0])).toEqual(['c1-0-0', 'c1-0-1', 'c1-0-2', 'c1-1-0', 'c1-1-1', 'c1-1-2']);
    for (const m of inWindow) expect(m.storeTimestamp).toBeGreaterThanOrEqual(secondBatchFrom);
    const early = await runCli(['consumeMessage', ...n, '-t', 'ConsTopic', '-e', String(secondBatchFrom), '--json']);
    expect(early.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).keys[0])).toEqual(['c0-0-0', 'c0-0-1', 'c0-0-2', 'c0-1-0', 'c0-1-1', 'c0-1-2']);

    const o = await runCli(['consumeMessage', ...n, '-t', 'ConsTopic', '-b', 'broker-a', '-i', '1', '-o', '4', '--json']);
    expect(o.code).toBe(0);
    expect(o.stdout.trimEnd().split('\n').map((l) => [JSON.parse(l).queueOffset, JSON.parse(l).msgId])).toEqual([
      [4, sentToQueue[1]![4]!.msgId],
      [5, sentToQueue[1]![5]!.msgId],
    ]);
    const one = await runCli(['consumeMessage', ...n, '-t', 'ConsTopic', '-b', 'broker-a', '-i', '0', '-c', '1', '-d', 'true']);
    expect(one.stdout).toMatch(new RegExp(`^Msg ID\\s+${sentToQueue[0]![0]!.msgId}$`, 'm'));
    expect(one.stdout).toMatch(/^body c0-0-0$/m);
  });

  it('consumeMessage: bad input is exit 2 before anything is sent; an absent topic, broker or offset is exit 4', async () => {
    const usage = [
      ['-i', '0'],
      ['-b', 'broker-a', '-o', '1'],
      ['-c', '0'],
      ['-s', '+1h'],
      ['-e', '+1h'],
      ['-s', '-1h', '-e', '-2h'],
      ['-s', 'yesterday'],
    ];
    for (const extra of usage) {
      const r = await runCli(['consumeMessage', ...n, '-t', 'ConsTopic', ...extra]);
      expect([extra, r.code, r.stdout]).toEqual([extra, 2, '']);
      expect(r.stderr).toMatch(/^error: /);
    }
    const noTopic = await runCli(['consumeMessage', ...n, '-t', 'NoSuchTopic', '--json']);
    expect(noTopic.code).toBe(4);
    expect(JSON.parse(noTopic.stdout).error.kind).toBe('not_found');
    const noBroker = await runCli(['consumeMessage', ...n, '-t', 'ConsTopic', '-b', 'broker-x']);
    expect(noBroker.code).toBe(4);
    expect(noBroker.stderr).toMatch(/^error: topic "ConsTopic" has no broker named "broker-x"\n/);
    const pastEnd = await runCli(['consumeMessage', ...n, '-t', 'ConsTopic', '-b', 'broker-a', '-i', '0', '-o', '99']);
    expect(pastEnd.code).toBe(4);
    expect(pastEnd.stderr).toMatch(/^error: no message at offset 99 of ConsTopic queue broker-a:0\n {2}the queue holds offsets 0\.\.5\n$/);
  }, 60_000);
});
