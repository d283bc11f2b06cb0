// The statistics and monitoring commands end to end: bin/run.js against replayed real answers of
// RocketMQ 4.9.8 and 5.3.3 (figures must agree with the Java transcripts), and against the dev
// cluster with ali-ons clients, where the statistics must move as messages are sent and consumed.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { consumerConnection } from '../../src/admin/consumer.js';
import { runCli } from '../helpers/cli.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';
import { transcript } from '../helpers/fixtures.js';
import { ons, onsConsumer, onsProducer, waitFor, type OnsConsumer, type OnsProducer } from '../helpers/ons.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

const V4 = 'rocketmq-4.9.8-more';
const V5 = 'rocketmq-5.3.3-more';
const P5 = { namesrvPort: 9877, brokerPort: 10951 };
const lines = (text: string) => text.trimEnd().split('\n');
const cells = (line: string) => line.trim().split(/\s{2,}/);
/** Several JSON documents printed one after the other (one per round). */
const documents = (text: string): unknown[] => text.trim().split(/\n(?=\{)/).map((d) => JSON.parse(d));

describe('against replayed 4.9.8 and 5.3.3 answers', () => {
  let replay: ReplayCluster | undefined;
  afterEach(async () => {
    await replay?.close();
    replay = undefined;
  });

  it('statsAll -t prints the rows the Java tool printed (4.9.8)', async () => {
    replay = await startReplayCluster([`${V4}/statsAll`]);
    const r = await runCli(['statsAll', '-n', replay.namesrvAddr, '-t', 'FxTopic2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/^TOPIC\s+CONSUMER GROUP\s+ACCUMULATION\s+IN TPS\s+OUT TPS\s+IN 24H\s+OUT 24H$/);
    // Java: FxTopic2  FxGroup2  0  0.07  0.07  4  4
    expect(cells(out[1]!)).toEqual(transcript(`${V4}/statsAll`).split('\n')[2]!.trim().split(/\s+/));
    expect(out).toHaveLength(2);
    const codes = replay.received.map((x) => `${x.role}:${x.request.code}`);
    expect(codes.slice(0, 2)).toEqual(['namesrv:206', 'namesrv:105']);
    expect(codes.filter((c) => c === 'broker:315')).toHaveLength(2);
  });

  it('statsAll -t: the four groups of 5.3.3, an item the broker does not have read as zeros', async () => {
    replay = await startReplayCluster([`${V5}/statsAll`], P5);
    const r = await runCli(['statsAll', '-n', replay.namesrvAddr, '-t', 'FxTopic2', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const java = transcript(`${V5}/statsAll`).split('\n').slice(2, 6).map((l) => l.trim().split(/\s+/));
    expect(json.rows).toHaveLength(4);
    for (const j of java) {
      const row = json.rows.find((x: { group: string }) => x.group === j[1]);
      expect([row.topic, row.group, String(row.accumulation), row.inTps.toFixed(2), row.outTps.toFixed(2), String(row.in24h), String(row.out24h)]).toEqual(j);
    }
    expect(json.failures).toEqual([]);
    // Sorted by group by default; --sort accumulation puts the largest lag first.
    const sorted = await runCli(['statsAll', '-n', replay.namesrvAddr, '-t', 'FxTopic2', '--sort', 'accumulation']);
    expect(lines(sorted.stdout).slice(1).map((l) => cells(l).slice(1, 3))).toEqual([
      ['FxTopic2', '23'],
      ['FxTraceGroup2', '9'],
      ['FxPopGroup2', '5'],
      ['FxGroup2', '0'],
    ]);
  });

  it("brokerConsumeStats: the Java tool's rows, and the never-consumed lag it counts but does not show", async () => {
    replay = await startReplayCluster([`${V4}/brokerConsumeStats`]);
    const r = await runCli(['brokerConsumeStats', '-n', replay.namesrvAddr, '-b', replay.brokerAddr]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/^TOPIC\s+GROUP\s+BROKER\s+QID\s+BROKER OFFSET\s+CONSUMER OFFSET\s+LAG\s+LAST CONSUMED$/);
    const ours = out.slice(1).filter((l) => /^\S/.test(l) && !/^(Diff|Groups|Not shown|In flight)/.test(l)).map((l) => cells(l).slice(0, 7).join(' '));
    const java = transcript(`${V4}/brokerConsumeStats`).split('\n').slice(2).filter((l) => /^\S+\s+\S+\s+broker-a/.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 7).join(' '));
    expect(java).toHaveLength(26);
    for (const row of java) expect(ours).toContain(row);
    // BarT6 of BarG626388: 3 messages on each of 2 queues, never consumed.
    expect(ours).toContain('BarT6 BarG626388 broker-a 0 3 0 3');
    expect(ours).toContain('BarT6 BarG626388 broker-a 1 3 0 3');
    expect(r.stdout).toMatch(/^Diff total\s+6$/m);
    expect(replay.received.map((x) => x.request.code)).toEqual([317]);
    expect(replay.received[0]!.request.extFields).toEqual({ isOrder: 'false' });

    const l3 = await runCli(['brokerConsumeStats', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-l', '1', '-o', 'false', '--json']);
    expect(l3.code).toBe(0);
    const json = JSON.parse(l3.stdout);
    expect(json.rows.map((x: { topic: string; queueId: number; lag: number }) => `${x.topic}:${x.queueId}:${x.lag}`)).toEqual(['BarT6:0:3', 'BarT6:1:3']);
    expect(json.totalDiff).toBe(6);
    expect(json.totalInflightDiff).toBeNull();
  });

  it('brokerConsumeStats (5.3.3): Diff total 30 as printed', async () => {
    replay = await startReplayCluster([`${V5}/brokerConsumeStats`], P5);
    const r = await runCli(['brokerConsumeStats', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.totalDiff).toBe(30);
    const pop = json.rows.filter((x: { group: string }) => x.group === 'FxPopGroup2').map((x: { queueId: number; lag: number }) => [x.queueId, x.lag]);
    // Java: FxPopGroup2 queues 0..3 with diffs 2, 1, 2, 0.
    expect(pop).toEqual([[0, 2], [1, 1], [2, 2], [3, 0]]);
  });

  it('producer: every instance the Java tool printed (4.9.8 and 5.3.3)', async () => {
    for (const [set, ports] of [[V4, {}], [V5, P5]] as const) {
      replay = await startReplayCluster([`${set}/producer`], ports);
      const r = await runCli(['producer', '-n', replay.namesrvAddr, '-b', replay.brokerAddr]);
      expect(r.code).toBe(0);
      const out = lines(r.stdout);
      expect(out[0]).toMatch(/^GROUP\s+CLIENT ID\s+ADDRESS\s+LANGUAGE\s+VERSION\s+LAST HEARTBEAT$/);
      const java = transcript(`${set}/producer`).split('\n').filter((l) => l.startsWith('producer group'));
      expect(out).toHaveLength(java.length + 1);
      for (const line of java) {
        const [, group, javaId, remote] = /^producer group \((.+)\) instance : clientId=(.+),remoteIP=\/(\S+),/.exec(line)!;
        // The replay rewrites the captured NameServer address, also inside a client id.
        const clientId = javaId!.replace('127.0.0.1:9877', replay.namesrvAddr);
        expect(out.some((o) => { const c = cells(o); return c[0] === group && c[1] === clientId && c[2] === remote && c[3] === 'JAVA'; })).toBe(true);
      }
      await replay.close();
      replay = undefined;
    }
  });

  it("allocateMQ: --java-order --json has the Java tool's result; by default what the consumers get", async () => {
    replay = await startReplayCluster([`${V4}/allocateMQ`]);
    const j = await runCli(['allocateMQ', '-n', replay.namesrvAddr, '-t', 'FxTopic2', '-i', '127.0.0.1,127.0.0.2', '--java-order', '--json']);
    expect(j.code).toBe(0);
    expect(JSON.stringify({ result: JSON.parse(j.stdout).result })).toBe(transcript(`${V4}/allocateMQ`).split('\n')[1]);
    const r = await runCli(['allocateMQ', '-n', replay.namesrvAddr, '-t', 'FxTopic2', '-i', '127.0.0.2,127.0.0.1']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).slice(0, 3).map(cells)).toEqual([
      ['CLIENT ID', 'QUEUES', 'ASSIGNED'],
      ['127.0.0.1', '2', 'broker-a: 0 1'],
      ['127.0.0.2', '2', 'broker-a: 2 3'],
    ]);
    expect(replay.received.map((x) => x.request.code)).toEqual([105, 105]);
  });

  it('a known broker that does not answer is exit 5; an address that is no broker of the cluster is exit 4', async () => {
    replay = await startReplayCluster(['rocketmq-4.9.8/clusterList'], { brokerDown: true });
    const down = await runCli(['brokerConsumeStats', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '--timeout', '1000']);
    expect(down.code).toBe(5);
    expect(down.stdout).toBe('');
    const unknown = await runCli(['producer', '-n', replay.namesrvAddr, '-b', '127.0.0.1:1', '--json']);
    expect(unknown.code).toBe(4);
    const err = JSON.parse(unknown.stdout).error;
    expect(err.kind).toBe('not_found');
    expect(err.message).toBe('broker 127.0.0.1:1 is not in the cluster table and does not answer');
    expect(err.remedy).toContain(replay.brokerAddr);
  });
});

describe('on the dev cluster with ali-ons clients', () => {
  let cluster: EmbeddedCluster;
  let admin: MQAdmin;
  let n: string;
  let brokerAddr: string;
  const cleanups: Array<() => Promise<void>> = [];
  const TOPIC = 'StatsTopic';
  const GROUP = 'StatsGroup';

  beforeAll(async () => {
    cluster = await startEmbedded();
    n = cluster.namesrvAddr;
    admin = new MQAdmin({ namesrvAddr: n });
    brokerAddr = cluster.brokers[0]!.address;
    await admin.createAndUpdateTopicConfig(brokerAddr, { topic: TOPIC, readQueueNums: 4, writeQueueNums: 4, perm: 6 });
  });
  afterAll(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
    await admin?.close();
    await cluster?.destroy();
  });

  async function producer(): Promise<OnsProducer> {
    // Heartbeats go to the brokers the client knows; it learns them from its first send.
    const p = onsProducer(n, 'StatsProducer', { heartbeatBrokerInterval: 300 });
    cleanups.push(() => p.close());
    await p.ready();
    return p;
  }
  async function send(p: OnsProducer, count: number): Promise<void> {
    for (let i = 0; i < count; i++) expect((await p.send(new ons.Message(TOPIC, 'TagA', `m-${i}`))).sendStatus).toBe('SEND_OK');
  }
  const statsRow = async (): Promise<Record<string, unknown>> => {
    const r = await runCli(['statsAll', '-n', n, '-t', TOPIC, '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).rows;
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  it('statistics move as messages are sent and consumed; lag once the consumer is gone', async () => {
    const p = await producer();
    await send(p, 10);
    // Sent, nobody consumes: one NO_CONSUMER row with the messages in.
    let row = await statsRow();
    expect(row).toMatchObject({ topic: TOPIC, group: null, in24h: 10, outTps: null, out24h: null, accumulation: 0 });
    expect(row.inTps as number).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 600));
    const prod = await runCli(['producer', '-n', n, '-b', brokerAddr, '--json']);
    expect(prod.code).toBe(0);
    const groups = JSON.parse(prod.stdout).groups;
    const mineP = groups.find((g: { group: string }) => g.group === 'StatsProducer').producers;
    expect(mineP).toHaveLength(1);
    expect(mineP[0]).toMatchObject({ language: 'JAVA', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect(mineP[0].lastUpdateTimestamp).toBeGreaterThan(Date.now() - 60_000);

    // A consumer takes them all: the group's row has them out, no lag.
    const c: OnsConsumer = onsConsumer(n, GROUP);
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await c.close();
    });
    const got: string[] = [];
    c.subscribe(TOPIC, '*', async (msg) => {
      got.push(msg.body.toString());
    });
    await c.ready();
    await waitFor(() => got.length >= 10, 15_000, 'the consumer to get 10 messages');
    const conn = await consumerConnection(admin, GROUP);
    await new Promise((r) => setTimeout(r, 1000)); // the committed offsets reach the broker
    row = await statsRow();
    expect(row).toMatchObject({ topic: TOPIC, group: GROUP, in24h: 10, out24h: 10, accumulation: 0 });
    expect(row.outTps as number).toBeGreaterThan(0);
    const table = await runCli(['statsAll', '-n', n, '-t', TOPIC]);
    expect(cells(lines(table.stdout)[1]!)).toEqual([TOPIC, GROUP, '0', expect.stringMatching(/^\d+\.\d\d$/), expect.stringMatching(/^\d+\.\d\d$/), '10', '10']);

    // brokerConsumeStats: the group's four queues, offsets summing to what was sent, no lag.
    const bcs = await runCli(['brokerConsumeStats', '-n', n, '-b', brokerAddr, '--json']);
    expect(bcs.code).toBe(0);
    let json = JSON.parse(bcs.stdout);
    let mine = json.rows.filter((x: { topic: string; group: string }) => x.topic === TOPIC && x.group === GROUP);
    expect(mine.reduce((s: number, x: { brokerOffset: number }) => s + x.brokerOffset, 0)).toBe(10);
    expect(mine.every((x: { lag: number; lastTimestamp: number | null }) => x.lag === 0)).toBe(true);
    expect(json.groups.find((g: { group: string }) => g.group === GROUP).consumeTps).toBeGreaterThan(0);

    // allocateMQ -g: the one client online holds every queue.
    const alloc = await runCli(['allocateMQ', '-n', n, '-t', TOPIC, '-g', GROUP, '--json']);
    expect(alloc.code).toBe(0);
    expect(JSON.parse(alloc.stdout).clients).toEqual([{ clientId: conn.connections[0]!.clientId, queues: [0, 1, 2, 3].map((q) => ({ topic: TOPIC, brokerName: 'broker-a', queueId: q })) }]);

    // The consumer leaves; 5 more are sent: they are the lag everywhere.
    await c.close();
    closed = true;
    // Until the broker has seen it go, a pull it left parked could still take a new message.
    const offline = async () => !(await consumerConnection(admin, GROUP)).online;
    for (let i = 0; i < 50 && !(await offline()); i++) await new Promise((r) => setTimeout(r, 100));
    await send(p, 5);
    row = await statsRow();
    expect(row).toMatchObject({ group: GROUP, in24h: 15, out24h: 10, accumulation: 5 });
    const lagging = await runCli(['brokerConsumeStats', '-n', n, '-b', brokerAddr, '-l', '1', '--json']);
    json = JSON.parse(lagging.stdout);
    mine = json.rows.filter((x: { group: string }) => x.group === GROUP);
    expect(mine.reduce((s: number, x: { lag: number }) => s + x.lag, 0)).toBe(5);
    expect(mine.every((x: { lag: number }) => x.lag >= 1)).toBe(true);
    const ordered = await runCli(['brokerConsumeStats', '-n', n, '-b', brokerAddr, '-o', 'true', '--json']);
    expect(JSON.parse(ordered.stdout).rows).toEqual([]);

    // startMonitoring: one round as JSON, then two as text (the second: no change).
    const mon = await runCli(['startMonitoring', '-n', n, '--rounds', '1', '--json']);
    expect(mon.code).toBe(0);
    const [round] = documents(mon.stdout) as Array<{ round: number; groups: Array<{ group: string; clients: number; topics: Array<{ topic: string; lag: number; maxQueueLag: number; delayMs: number | null }> }>; changes: unknown[] }>;
    const g = round!.groups.find((x) => x.group === GROUP)!;
    expect(g.clients).toBe(0);
    const t = g.topics.find((x) => x.topic === TOPIC)!;
    expect(t.lag).toBe(5);
    expect(t.maxQueueLag).toBeGreaterThanOrEqual(2);
    expect(t.delayMs).toBeGreaterThanOrEqual(0);
    expect(round!.changes).toEqual([]);
    const text = await runCli(['startMonitoring', '-n', n, '--rounds', '2', '-i', '1']);
    expect(text.code).toBe(0);
    const out = lines(text.stdout);
    expect(out.find((l) => l.startsWith('GROUP'))).toMatch(/^GROUP\s+TOPIC\s+CLIENTS\s+LAG\s+MAX QUEUE LAG\s+BEHIND\s+EXPIRED$/);
    expect(out.some((l) => { const x = cells(l); return x[0] === GROUP && x[1] === TOPIC && x[2] === '0' && x[3] === '5'; })).toBe(true);
    expect(out[out.length - 1]).toMatch(/round 2: no change \(\d+ groups?, lag \d+\)$/);
  }, 90_000);

  it('test sends: checkMsgSendRT, sendMsgStatus and clusterRT count, time and show in the statistics', async () => {
    const check = await runCli(['checkMsgSendRT', '-n', n, '-t', TOPIC, '-a', '8', '-s', '64', '--json']);
    expect(check.code).toBe(0);
    const c = JSON.parse(check.stdout);
    expect(c.brokers).toHaveLength(1);
    expect(c.brokers[0]).toMatchObject({ brokerName: 'broker-a', sent: 8, ok: 8, failed: 0 });
    expect(c.brokers[0].rt.count).toBe(7);
    expect(c.sends.map((s: { queueId: number }) => s.queueId)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    const text = await runCli(['checkMsgSendRT', '-n', n, '-t', TOPIC, '-a', '4', '--each']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^#\s+BROKER\s+QID\s+RESULT\s+RT \(ms\)\s+QUEUE OFFSET\s+MSG ID\s+OFFSET MSG ID$/m);
    expect(text.stdout).toMatch(/^BROKER\s+ADDRESS\s+SENT\s+OK\s+FAILED\s+MIN\s+MEDIAN\s+P99\s+MAX\s+AVG$/m);

    const status = await runCli(['sendMsgStatus', '-n', n, '-b', 'broker-a', '-c', '3', '-s', '64', '--json']);
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout);
    expect(s.topic).toBe('broker-a');
    expect(s.sends).toHaveLength(3);
    const offsets = s.sends.map((x: { queueOffset: number }) => x.queueOffset);
    expect(offsets).toEqual([offsets[0], offsets[0] + 1, offsets[0] + 2]);
    expect(s.sends.every((x: { status: string; msgId: string; offsetMsgId: string }) => x.status === 'SEND_OK' && /^[0-9A-F]{32}$/.test(x.msgId) && /^[0-9A-F]{32}$/.test(x.offsetMsgId))).toBe(true);
    expect(s.rt.count).toBe(3);

    const rt = await runCli(['clusterRT', '-n', n, '-a', '4', '-s', '64', '--rounds', '2', '-i', '0', '--json']);
    expect(rt.code).toBe(0);
    const rounds = documents(rt.stdout) as Array<{ round: number; brokers: Array<Record<string, unknown>> }>;
    expect(rounds.map((r) => r.round)).toEqual([1, 2]);
    for (const r of rounds) expect(r.brokers).toEqual([expect.objectContaining({ cluster: 'DefaultCluster', brokerName: 'broker-a', sent: 4, ok: 4, failed: 0 })]);
    const log = await runCli(['clusterRT', '-n', n, '-a', '2', '-p', 'true', '-m', 'room-1']);
    expect(lines(log.stdout)).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\|room-1\|DefaultCluster\|broker-a\|\d+\.\d\d$/)]);
    const table = await runCli(['clusterRT', '-n', n, '-a', '3', '-c', 'DefaultCluster']);
    expect(lines(table.stdout).map(cells).map((x) => x.slice(0, 5))).toEqual([
      ['CLUSTER', 'BROKER', 'SENT', 'OK', 'FAILED'],
      ['DefaultCluster', 'broker-a', '3', '3', '0'],
    ]);

    // Every one of them went to the topic named after the broker: 1 warm-up + 3, then 4 + 4 + 2 + 3.
    const stats = await runCli(['statsAll', '-n', n, '-t', 'broker-a', '--json']);
    expect(JSON.parse(stats.stdout).rows[0]).toMatchObject({ topic: 'broker-a', group: null, in24h: 17 });
  }, 60_000);

  it('bad input is exit 2; unknown brokers, clusters and topics are exit 4', async () => {
    for (const args of [
      ['brokerConsumeStats', '-b', 'nonsense'],
      ['brokerConsumeStats', '-b', brokerAddr, '-l', '-1'],
      ['brokerConsumeStats', '-b', brokerAddr, '-o', 'maybe'],
      ['allocateMQ', '-t', TOPIC, '-i', 'a,,b'],
      ['allocateMQ', '-t', TOPIC],
      ['clusterRT', '-p', 'maybe'],
      ['sendMsgStatus', '-b', 'broker-a', '-c', '0'],
      ['checkMsgSendRT', '-t', TOPIC, '-a', 'x'],
      ['statsAll', '--sort', 'size'],
    ]) {
      const r = await runCli([...args, '-n', n]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    for (const [args, message] of [
      [['sendMsgStatus', '-b', 'no-such-broker'], 'broker "no-such-broker" not found'],
      [['statsAll', '-t', 'NoSuchTopic'], 'topic "NoSuchTopic" not found: the NameServer does not list it'],
      [['clusterRT', '-c', 'NoSuchCluster'], 'cluster "NoSuchCluster" not found'],
      [['brokerConsumeStats', '-b', '127.0.0.1:1'], 'broker 127.0.0.1:1 is not in the cluster table and does not answer'],
      [['allocateMQ', '-t', 'NoSuchTopic', '-i', 'a'], 'topic "NoSuchTopic" not found: the NameServer has no route for it'],
      [['checkMsgSendRT', '-t', 'NoSuchTopic', '-a', '1'], 'topic "NoSuchTopic" not found: the NameServer has no route for it'],
    ] as const) {
      const r = await runCli([...args, '-n', n]);
      expect(r.code, args.join(' ')).toBe(4);
      expect(lines(r.stderr)[0]).toBe(`error: ${message}`);
    }
  }, 60_000);
});
