// The first commands end to end: bin/run.js as a subprocess against a replay of real
// RocketMQ 4.9.8 answers (JSON and binary headers). Exit codes, tables and --json.

import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scenarioIndex, transcript } from '../helpers/fixtures.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

/** The runtime table the captured broker answered with (GET_BROKER_RUNTIME_INFO, code 28). */
function capturedRuntimeTable(scenario: string): Record<string, string> {
  const index = scenarioIndex(scenario);
  const request = index.find((e) => e.kind === 'request' && e.header.code === 28)!;
  const [client, server] = request.connection.split('>');
  const response = index.find((e) => e.kind === 'response' && e.connection === `${server}>${client}` && e.header.opaque === request.header.opaque)!;
  return (JSON.parse(response.bodyText!) as { table: Record<string, string> }).table;
}

/** What the Java tool printed, without the trailing `[exit N]` line and the command line. */
function javaOutput(scenario: string): string[] {
  return transcript(scenario).trimEnd().split('\n').slice(1, -1);
}

let cluster: ReplayCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const lines = (text: string) => text.trimEnd().split('\n');

for (const set of ['rocketmq-4.9.8', 'rocketmq-4.9.8-binary']) {
  describe(`against replayed ${set} answers`, () => {
    it('clusterList prints one row per broker with the Java figures', async () => {
      cluster = await startReplayCluster([`${set}/clusterList`]);
      const r = await runCli(['clusterList', '-n', cluster.namesrvAddr]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = lines(r.stdout);
      expect(out[0]).toMatch(/^CLUSTER\s+BROKER\s+BID\s+ADDRESS\s+VERSION\s+IN TPS \(LOAD\)\s+OUT TPS \(LOAD\)\s+PCWAIT\(ms\)\s+HOURS\s+DISK$/);
      expect(out).toHaveLength(2);
      expect(out[1]).toMatch(new RegExp(`^DefaultCluster\\s+broker-a\\s+0\\s+${cluster.brokerAddr.replaceAll('.', '\\.')}\\s+V4_9_8\\s+0\\.00 \\(0, 0ms\\)\\s+0\\.00 \\(0, 0ms\\)\\s+0\\s+\\S+\\s+23\\.0%$`));
      // 106 to the NameServer, then 28 to the broker the cluster table names.
      expect(cluster.received.map((x) => `${x.role}:${x.request.code}`)).toEqual(['namesrv:106', 'broker:28']);
    });

    it('clusterList --json gives the whole result', async () => {
      cluster = await startReplayCluster([`${set}/clusterList`]);
      const r = await runCli(['clusterList', '-n', cluster.namesrvAddr, '--json']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.clusters).toEqual({ DefaultCluster: ['broker-a'] });
      expect(json.failures).toEqual([]);
      expect(json.brokers).toHaveLength(1);
      const stats = capturedRuntimeTable(`${set}/clusterList`);
      expect(json.brokers[0]).toMatchObject({
        cluster: 'DefaultCluster',
        brokerName: 'broker-a',
        brokerId: 0,
        addr: cluster.brokerAddr,
        version: 'V4_9_8',
        inTps: 0,
        outTps: 0,
        diskRatio: 0.23,
        pageCacheLockTimeMs: 0,
        // earliestMessageTimeStamp is -1 (no message on disk): no age, where Java prints ~500000 h.
        earliestMessageTime: null,
        messageHours: null,
        inTotalToday: Number(stats.msgPutTotalTodayNow) - Number(stats.msgPutTotalTodayMorning),
      });
    });

    it('topicList prints the NameServer topics sorted, one per line', async () => {
      cluster = await startReplayCluster([`${set}/topicList`]);
      const r = await runCli(['topicList', '-n', cluster.namesrvAddr]);
      expect(r.code).toBe(0);
      // The same topics the Java tool printed, sorted.
      expect(lines(r.stdout)).toEqual(javaOutput(`${set}/topicList`).sort());
      expect(lines(r.stdout)).toContain('FxTopic');
    });

    it('topicList -c adds cluster and consumer groups', async () => {
      cluster = await startReplayCluster([`${set}/topicList-cluster`]);
      const r = await runCli(['topicList', '-c', '-n', cluster.namesrvAddr, '--json']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      // The Java tool's rows (cluster, topic, group when any); retry/DLQ topics left out.
      const expected = new Map<string, { topic: string; clusters: string[]; groups: string[] }>();
      for (const row of javaOutput(`${set}/topicList-cluster`).slice(1)) {
        const [clusterName, topic, group] = row.trim().split(/\s+/) as [string, string, string | undefined];
        const d = expected.get(topic) ?? { topic, clusters: [clusterName], groups: [] };
        if (group) d.groups.push(group);
        expected.set(topic, d);
      }
      expect(json.details).toEqual([...expected.values()].sort((a, b) => (a.topic < b.topic ? -1 : 1)));
      const table = await runCli(['topicList', '-c', '-n', cluster.namesrvAddr]);
      expect(lines(table.stdout)[0]).toMatch(/^CLUSTER\s+TOPIC\s+CONSUMER GROUP$/);
      expect(table.stdout).toMatch(/^DefaultCluster\s+FxOrderTopic\s+-$/m);
    });

    it('topicRoute -t shows brokers and queues; --json is the route', async () => {
      cluster = await startReplayCluster([`${set}/topicRoute`]);
      const r = await runCli(['topicRoute', '-t', 'FxTopic', '-n', cluster.namesrvAddr]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/broker-a\s+DefaultCluster\s+0\s+127\.0\.0\.1:\d+/);
      expect(r.stdout).toMatch(/broker-a\s+4\s+4\s+RW- \(6\)\s+0/);
      const j = await runCli(['topicRoute', '-t', 'FxTopic', '-n', cluster.namesrvAddr, '--json']);
      expect(JSON.parse(j.stdout)).toEqual({
        brokerDatas: [{ brokerAddrs: { 0: cluster.brokerAddr }, brokerName: 'broker-a', cluster: 'DefaultCluster' }],
        filterServerTable: {},
        queueDatas: [{ brokerName: 'broker-a', perm: 6, readQueueNums: 4, topicSysFlag: 0, writeQueueNums: 4 }],
      });
      expect(cluster.received[0]!.request.extFields).toEqual({ topic: 'FxTopic' });
    });

    it('topicRoute of a missing topic: one line, exit 4', async () => {
      cluster = await startReplayCluster([`${set}/error-topicRoute-missing`]);
      const r = await runCli(['topicRoute', '-t', 'NoSuchTopic', '-n', cluster.namesrvAddr]);
      expect(r.code).toBe(4);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: topic "NoSuchTopic" not found: the NameServer has no route for it\n/);
      expect(r.stderr).not.toMatch(/\bat \S+\.js/);
      const j = await runCli(['topicRoute', '-t', 'NoSuchTopic', '-n', cluster.namesrvAddr, '--json']);
      expect(j.code).toBe(4);
      expect(JSON.parse(j.stdout).error).toMatchObject({ exitCode: 4, kind: 'not_found' });
    });

    it('brokerStatus -b prints the runtime table sorted by key', async () => {
      cluster = await startReplayCluster([`${set}/brokerStatus`]);
      const r = await runCli(['brokerStatus', '-b', cluster.brokerAddr, '-n', cluster.namesrvAddr]);
      expect(r.code).toBe(0);
      const out = lines(r.stdout);
      expect(out.length).toBe(Object.keys(capturedRuntimeTable(`${set}/brokerStatus`)).length);
      expect(out).toContain(out.find((l) => /^brokerVersionDesc\s+V4_9_8$/.test(l)));
      const keys = out.map((l) => l.split(/\s+/)[0]!);
      expect(keys).toEqual([...keys].sort());
      const j = JSON.parse((await runCli(['brokerStatus', '-b', cluster.brokerAddr, '-n', cluster.namesrvAddr, '--json'])).stdout);
      expect(j.brokers[0].stats).toEqual(Object.fromEntries(Object.entries(capturedRuntimeTable(`${set}/brokerStatus`)).sort(([a], [b]) => (a < b ? -1 : 1))));
      expect(j.brokers[0].stats.brokerVersion).toBe('409');
    });

    it('brokerStatus -c asks every broker of the cluster', async () => {
      cluster = await startReplayCluster([`${set}/clusterList`, `${set}/brokerStatus`]);
      const r = await runCli(['brokerStatus', '-c', 'DefaultCluster', '-n', cluster.namesrvAddr, '--json']);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.brokers).toHaveLength(1);
      expect(j.brokers[0]).toMatchObject({ cluster: 'DefaultCluster', brokerName: 'broker-a', brokerId: 0, addr: cluster.brokerAddr });
      const missing = await runCli(['brokerStatus', '-c', 'NoCluster', '-n', cluster.namesrvAddr]);
      expect(missing.code).toBe(4);
      expect(missing.stderr).toMatch(/cluster "NoCluster" not found/);
      expect(missing.stderr).toMatch(/known clusters: DefaultCluster/);
    });
  });
}

describe('failures', () => {
  it('an unreachable NameServer: one line, exit 5, within the timeout', async () => {
    cluster = await startReplayCluster(['rocketmq-4.9.8/clusterList'], { brokerDown: true });
    const r = await runCli(['clusterList', '-n', cluster.brokerAddr, '--timeout', '1000']);
    expect(r.code).toBe(5);
    expect(lines(r.stderr)[0]).toMatch(/^error: cannot connect to 127\.0\.0\.1:\d+: /);
    expect(r.stdout).toBe('');
  });

  it('a broker that does not answer: the other rows, a warning, exit 3', async () => {
    cluster = await startReplayCluster(['rocketmq-4.9.8/clusterList'], { brokerDelayMs: 3000 });
    const r = await runCli(['clusterList', '-n', cluster.namesrvAddr, '--timeout', '300']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/broker-a\s+0\s+127\.0\.0\.1:\d+\s+unreachable/);
    expect(r.stderr).toMatch(/^warning: 127\.0\.0\.1:\d+: no response from 127\.0\.0\.1:\d+ within 300 ms/);
    expect(r.ms).toBeLessThan(2500);
  });

  it('a NameServer that does not answer in time: exit 5', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    try {
      const r = await runCli(['topicList', '-n', `127.0.0.1:${port}`, '--timeout', '300']);
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/^error: no response from 127\.0\.0\.1:\d+ within 300 ms/);
    } finally {
      silent.close();
    }
  });

  it('NAMESRV_ADDR is honoured, and its absence is a usage error', async () => {
    cluster = await startReplayCluster(['rocketmq-4.9.8/topicList']);
    const viaEnv = await runCli(['topicList'], { env: { NAMESRV_ADDR: cluster.namesrvAddr } });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stdout).toMatch(/^BenchmarkTest$/m);
    const none = await runCli(['topicList']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: no NameServer address given\n\s+pass -n host:port/);
  });

  it('a malformed address and a missing flag are usage errors', async () => {
    const bad = await runCli(['topicList', '-n', 'localhost']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid NameServer address "localhost"/);
    const missing = await runCli(['topicRoute', '-n', '127.0.0.1:9876']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/topic/);
    const both = await runCli(['brokerStatus', '-n', '127.0.0.1:9876']);
    expect(both.code).toBe(2);
  });
});
