// Consumer-group commands end to end: bin/run.js against replayed RocketMQ 4.9.8 answers.
// Figures must agree with what the Java tool printed (test/fixtures/*/transcript.txt).

import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

const S = 'rocketmq-4.9.8';
let cluster: ReplayCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});
const lines = (text: string) => text.trimEnd().split('\n');
const sent = (c: ReplayCluster) => c.received.map((x) => `${x.role}:${x.request.code}`);

describe('consumerProgress', () => {
  it('-g prints the Java figures per queue, retry queues apart, TPS and total lag', async () => {
    cluster = await startReplayCluster([`${S}/consumerProgress`, `${S}/consumerConnection`]);
    const r = await runCli(['consumerProgress', '-n', cluster.namesrvAddr, '-g', 'FxGroup']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/^TOPIC\s+BROKER\s+QID\s+BROKER OFFSET\s+CONSUMER OFFSET\s+LAG\s+LAST CONSUMED$/);
    // Java: FxTopic broker-a queues 0..3 with broker/consumer offsets 2/2, 2/2, 2/2, 1/1.
    expect(out.slice(1, 5).map((l) => l.split(/\s{2,}/).slice(0, 6))).toEqual([
      ['FxTopic', 'broker-a', '0', '2', '2', '0'],
      ['FxTopic', 'broker-a', '1', '2', '2', '0'],
      ['FxTopic', 'broker-a', '2', '2', '2', '0'],
      ['FxTopic', 'broker-a', '3', '1', '1', '0'],
    ]);
    const retryAt = out.indexOf('Retry queues');
    expect(retryAt).toBeGreaterThan(4);
    expect(out[retryAt + 2]!.split(/\s{2,}/).slice(0, 6)).toEqual(['%RETRY%FxGroup', 'broker-a', '0', '0', '0', '0']);
    expect(r.stdout).toMatch(/Consume TPS\s+0\.18/);
    expect(r.stdout).toMatch(/Lag\s+0 \(topics 0, retry 0\)/);
    expect(r.stdout).toMatch(/Clients online\s+1/);
    // route(%RETRY%G), then 208 to its broker, then 203 for who is online.
    expect(sent(cluster)).toEqual(['namesrv:105', 'broker:208', 'broker:203']);
    expect(cluster.received[0]!.request.extFields).toMatchObject({ topic: '%RETRY%FxGroup' });
  });

  it('--json gives every number', async () => {
    cluster = await startReplayCluster([`${S}/consumerProgress`]);
    const r = await runCli(['consumerProgress', '-n', cluster.namesrvAddr, '-g', 'FxGroup', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.consumeTps).toBeCloseTo(0.175);
    expect(json.totalLag).toBe(0);
    expect(json.queues).toHaveLength(5);
    expect(json.queues[0]).toMatchObject({ topic: 'FxTopic', brokerName: 'broker-a', queueId: 0, brokerOffset: 2, consumerOffset: 2, lag: 0, lastTimestamp: 1795314884748, retry: false });
    expect(json.queues[4]).toMatchObject({ topic: '%RETRY%FxGroup', lastTimestamp: null, retry: true });
    expect(json.failures).toEqual([]);
  });

  it('an unknown group is one line and exit 4', async () => {
    cluster = await startReplayCluster([`${S}/error-consumerProgress-missing`]);
    const r = await runCli(['consumerProgress', '-n', cluster.namesrvAddr, '-g', 'NoSuchGroup']);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)[0]).toBe('error: consumer group "NoSuchGroup" not found: the NameServer has no route for %RETRY%NoSuchGroup');
    const j = await runCli(['consumerProgress', '-n', cluster.namesrvAddr, '-g', 'NoSuchGroup', '--json']);
    expect(j.code).toBe(4);
    expect(JSON.parse(j.stdout).error.kind).toBe('not_found');
  });

  it('a broker that does not answer: warning naming it, exit 3', async () => {
    cluster = await startReplayCluster([`${S}/consumerProgress`], { brokerDown: true });
    const r = await runCli(['consumerProgress', '-n', cluster.namesrvAddr, '-g', 'FxGroup', '--timeout', '1000']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`warning: ${cluster.brokerAddr}:`);
  });
});

describe('consumerConnection', () => {
  it('prints the client, the subscriptions and the consume settings', async () => {
    cluster = await startReplayCluster([`${S}/consumerConnection`]);
    const r = await runCli(['consumerConnection', '-n', cluster.namesrvAddr, '-g', 'FxGroup']);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/^CLIENT ID\s+ADDRESS\s+LANGUAGE\s+VERSION$/);
    expect(out[1]!.split(/\s{2,}/)).toEqual(['192.0.2.2@11842#1841494405201', '127.0.0.1:58918', 'JAVA', 'V4_9_8']);
    expect(r.stdout).toMatch(/FxTopic\s+\*\s+TAG/);
    expect(r.stdout).toMatch(/%RETRY%FxGroup\s+\*\s+TAG/);
    expect(r.stdout).toMatch(/Consume type\s+CONSUME_PASSIVELY/);
    expect(r.stdout).toMatch(/Message model\s+CLUSTERING/);
    expect(r.stdout).toMatch(/Consume from\s+CONSUME_FROM_FIRST_OFFSET/);
    expect(sent(cluster)).toEqual(['namesrv:105', 'broker:203']);
  });
});

describe('consumerStatus', () => {
  it('asks the client through the broker and checks subscriptions and rebalance', async () => {
    cluster = await startReplayCluster([`${S}/consumerStatus`]);
    const r = await runCli(['consumerStatus', '-n', cluster.namesrvAddr, '-g', 'FxGroup', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.clients).toHaveLength(1);
    expect(json.clients[0]).toMatchObject({ clientId: '192.0.2.2@11842#1841494405201', version: 'V4_9_8' });
    expect(json.clients[0].info.queues).toHaveLength(5);
    expect(json.sameSubscription).toBe(true);
    expect(json.rebalanceOk).toBe(true);
    const req = cluster.received.find((x) => x.request.code === 307)!.request;
    expect(req.extFields).toMatchObject({ consumerGroup: 'FxGroup', clientId: '192.0.2.2@11842#1841494405201', jstackEnable: 'false' });
  });
});

describe('resetOffsetByTime', () => {
  it('4.9.8 with no consumer online: CONSUMER_NOT_ONLINE, then offsets written directly', async () => {
    cluster = await startReplayCluster([`${S}/resetOffsetByTime-offline`]);
    const r = await runCli(['resetOffsetByTime', '-n', cluster.namesrvAddr, '-g', 'FxGroup', '-t', 'FxTopic', '-s', 'now', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.result.brokers).toEqual([{ brokerName: 'broker-a', addr: cluster.brokerAddr, path: 'direct' }]);
    // The Java tool's figures: queue 0..3 rolled to 2, 2, 2, 1 from 0.
    expect(json.result.queues.map((q: { queueId: number; before: number; target: number }) => [q.queueId, q.before, q.target])).toEqual([
      [0, 0, 2],
      [1, 0, 2],
      [2, 0, 2],
      [3, 0, 1],
    ]);
    const writes = cluster.received.filter((x) => x.request.code === 15).map((x) => x.request.extFields);
    expect(writes).toHaveLength(4);
    expect(writes).toContainEqual({ consumerGroup: 'FxGroup', topic: 'FxTopic', queueId: '3', commitOffset: '1', bname: 'broker-a' });
    const reset = cluster.received.find((x) => x.request.code === 222)!.request;
    expect(reset.language).toBe('JAVA');
    expect(reset.extFields).toEqual({ topic: 'FxTopic', group: 'FxGroup', timestamp: '-1', isForce: 'true', queueId: '-1', offset: '-1' });
  });

  it('prints before, target, after and the path taken', async () => {
    cluster = await startReplayCluster([`${S}/resetOffsetByTime-offline`]);
    const r = await runCli(['resetOffsetByTime', '-n', cluster.namesrvAddr, '-g', 'FxGroup', '-t', 'FxTopic', '-s', 'now']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/BROKER\s+QID\s+BEFORE\s+TARGET\s+AFTER/);
    expect(r.stdout).toMatch(/broker-a\s+3\s+0\s+1\s+0/);
    expect(r.stdout).toContain('no consumer online: offsets written directly');
  });

  it('--dry-run prints the plan and sends nothing that changes offsets', async () => {
    cluster = await startReplayCluster([`${S}/resetOffsetByTime-offline`]);
    const r = await runCli(['resetOffsetByTime', '-n', cluster.namesrvAddr, '-g', 'FxGroup', '-t', 'FxTopic', '-s', 'now', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/broker-a\s+3\s+1\s+0\s+1\s+\+1/);
    expect(cluster.received.some((x) => x.request.code === 222 || x.request.code === 15)).toBe(false);
  });

  it('an unknown group is exit 4 and nothing is written', async () => {
    cluster = await startReplayCluster([`${S}/error-resetOffset-missing`, `${S}/resetOffsetByTime-offline`]);
    const r = await runCli(['resetOffsetByTime', '-n', cluster.namesrvAddr, '-g', 'NoSuchGroup', '-t', 'FxTopic', '-s', 'now']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('NoSuchGroup');
    expect(cluster.received.some((x) => x.request.code === 15)).toBe(false);
  });

  it('bad time is a usage error', async () => {
    cluster = await startReplayCluster([`${S}/resetOffsetByTime-offline`]);
    const r = await runCli(['resetOffsetByTime', '-n', cluster.namesrvAddr, '-g', 'FxGroup', '-t', 'FxTopic', '-s', 'yesterday-ish']);
    expect(r.code).toBe(2);
  });
});

describe('consumerProgress --watch', () => {
  it('redraws with how each lag moved, until stopped', async () => {
    const { spawn } = await import('node:child_process');
    const { RUN_JS } = await import('../helpers/cli.js');
    cluster = await startReplayCluster([`${S}/consumerProgress`]);
    const child = spawn(process.execPath, [RUN_JS, 'consumerProgress', '-n', cluster.namesrvAddr, '-g', 'FxGroup', '--watch', '1'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const started = Date.now();
    while ((out.match(/every 1s/g) ?? []).length < 2 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
    const frames = out.split(/every 1s/).slice(1);
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(frames[0]).not.toContain('MOVED');
    // The second frame shows the movement since the first: none here.
    expect(frames[1]).toMatch(/LAG\s+MOVED/);
    expect(frames[1]).toMatch(/FxTopic\s+broker-a\s+0\s+2\s+2\s+0\s+0/);
  });
});
