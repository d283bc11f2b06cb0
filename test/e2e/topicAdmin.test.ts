// bin/run.js end to end for the topic and configuration commands: against replayed 4.9.8
// answers for the read commands, and against an in-process dev cluster for the ones that
// change state. Exit codes, tables, --json, and what was sent.

import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

let replay: ReplayCluster | undefined;
let cluster: EmbeddedCluster | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
  await cluster?.destroy();
  cluster = undefined;
});

describe('read commands against replayed 4.9.8 answers', () => {
  it('topicStatus prints the queues and totals with the Java requests', async () => {
    replay = await startReplayCluster(['rocketmq-4.9.8-binary/topicStatus']);
    const r = await runCli(['topicStatus', '-n', replay.namesrvAddr, '-t', 'FxTopic']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^BROKER\s+QID\s+MIN OFFSET\s+MAX OFFSET\s+LAST UPDATED$/);
    expect(lines[1]).toMatch(/^broker-a\s+0\s+0\s+2\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.748$/);
    expect(lines.at(-1)).toMatch(/^Total 4 queues, 7 messages stored, 7 written, last at /);
    expect(replay.received.map((x) => `${x.role}:${x.request.code}`)).toEqual(['namesrv:105', 'broker:202']);

    const json = JSON.parse((await runCli(['topicStatus', '-n', replay.namesrvAddr, '-t', 'FxTopic', '--json'])).stdout);
    expect(json.queues.map((q: { maxOffset: number }) => q.maxOffset)).toEqual([2, 2, 2, 1]);
    expect(json).toMatchObject({ topic: 'FxTopic', totalMessages: 7, failures: [] });
  });

  it('topicClusterList prints what the Java tool printed', async () => {
    replay = await startReplayCluster(['rocketmq-4.9.8/topicClusterList']);
    const r = await runCli(['topicClusterList', '-n', replay.namesrvAddr, '-t', 'FxTopic']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('DefaultCluster\n');
    expect(replay.received.map((x) => `${x.role}:${x.request.code}`).sort()).toEqual(['namesrv:105', 'namesrv:106']);
    expect(JSON.parse((await runCli(['topicClusterList', '-n', replay.namesrvAddr, '-t', 'FxTopic', '--json'])).stdout)).toEqual({ topic: 'FxTopic', clusters: ['DefaultCluster'] });
  });

  it('topicStatus of a topic without a route is exit 4', async () => {
    replay = await startReplayCluster(['rocketmq-4.9.8/error-topicRoute-missing']);
    const r = await runCli(['topicStatus', '-n', replay.namesrvAddr, '-t', 'NoSuchTopic', '--json']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).error.kind).toBe('not_found');
  });

  it('getBrokerConfig -b prints the sorted settings, filtered with -k', async () => {
    replay = await startReplayCluster(['rocketmq-4.9.8/getBrokerConfig', 'rocketmq-4.9.8/clusterList']);
    const r = await runCli(['getBrokerConfig', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-k', 'AUTOCREATE']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      `broker-a ${replay.brokerAddr} id 0`,
      '  autoCreateSubscriptionGroup  true',
      '  autoCreateTopicEnable        true',
    ]);
    const json = JSON.parse((await runCli(['getBrokerConfig', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '--json'])).stdout);
    const keys = Object.keys(json.brokers[0].config);
    expect(keys).toEqual([...keys].sort());
    expect(keys.length).toBeGreaterThan(100);
  });
});

describe('changing commands against the dev cluster', () => {
  it('updateTopic: create, shrink refused without --yes, --dry-run, --yes, bad input', async () => {
    cluster = await startEmbedded();
    const n = ['-n', cluster.namesrvAddr];
    const created = await runCli(['updateTopic', ...n, '-c', 'DefaultCluster', '-t', 'E2E', '-r', '16', '-w', '16', '--json']);
    expect(created.code).toBe(0);
    const json = JSON.parse(created.stdout);
    expect(json.brokers).toMatchObject([{ brokerName: 'broker-a', outcome: 'created', after: { readQueueNums: 16, writeQueueNums: 16, perm: 6 } }]);
    expect(json.failures).toEqual([]);

    // No terminal: a shrink is refused (exit 2) and changes nothing.
    const refused = await runCli(['updateTopic', ...n, '-c', 'DefaultCluster', '-t', 'E2E', '-w', '4']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/write queues 16 -> 4.*pass --yes/);
    const dry = await runCli(['updateTopic', ...n, '-c', 'DefaultCluster', '-t', 'E2E', '-w', '4', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/broker-a\s+\S+\s+update\s+write queues 16 -> 4/);
    const route1 = JSON.parse((await runCli(['topicRoute', ...n, '-t', 'E2E', '--json'])).stdout);
    expect(route1.queueDatas[0].writeQueueNums).toBe(16);

    const shrunk = await runCli(['updateTopic', ...n, '-c', 'DefaultCluster', '-t', 'E2E', '-w', '4', '--yes']);
    expect(shrunk.code).toBe(0);
    expect(shrunk.stdout).toMatch(/broker-a\s+\S+\s+updated\s+write queues 16 -> 4/);
    const route2 = JSON.parse((await runCli(['topicRoute', ...n, '-t', 'E2E', '--json'])).stdout);
    expect(route2.queueDatas[0]).toMatchObject({ readQueueNums: 16, writeQueueNums: 4 });

    // Java's value switches: -o true works, -o yes is a usage error.
    expect((await runCli(['updateTopic', ...n, '-c', 'DefaultCluster', '-t', 'E2E', '-o', 'true'])).code).toBe(0);
    const badBool = await runCli(['updateTopic', ...n, '-c', 'DefaultCluster', '-t', 'E2E', '-o', 'yes']);
    expect(badBool.code).toBe(2);
    expect(badBool.stderr).toMatch(/--order takes true or false, not "yes"/);
    expect((await runCli(['updateTopic', ...n, '-c', 'DefaultCluster', '-t', 'E2E', '-p', '3'])).code).toBe(2);
    expect((await runCli(['updateTopic', ...n, '-c', 'DefaultCluster', '-t', 'bad name'])).code).toBe(2);
    const unknown = await runCli(['updateTopic', ...n, '-c', 'Nope', '-t', 'E2E', '--json']);
    expect(unknown.code).toBe(4);
    expect(JSON.parse(unknown.stdout).error).toMatchObject({ kind: 'not_found', remedy: 'known clusters: DefaultCluster' });
  });

  it('deleteTopic: --yes deletes and the route is gone; an unknown cluster is exit 4', async () => {
    cluster = await startEmbedded();
    const n = ['-n', cluster.namesrvAddr];
    expect((await runCli(['updateTopic', ...n, '-c', 'DefaultCluster', '-t', 'Gone'])).code).toBe(0);
    expect((await runCli(['deleteTopic', ...n, '-c', 'Nope', '-t', 'Gone'])).code).toBe(4);
    const r = await runCli(['deleteTopic', ...n, '-c', 'DefaultCluster', '-t', 'Gone', '--yes', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ topic: 'Gone', routeRemoved: true, failures: [] });
    expect((await runCli(['topicRoute', ...n, '-t', 'Gone'])).code).toBe(4);
    expect((await runCli(['deleteTopic', ...n, '-c', 'DefaultCluster', '-t', 'Gone', '--yes'])).code).toBe(4);
  });

  it('updateBrokerConfig: before -> after; unknown key exit 2 with suggestions; a key not taken exit 3', async () => {
    cluster = await startEmbedded();
    const n = ['-n', cluster.namesrvAddr];
    const addr = cluster.brokers[0]!.address;
    const ok = await runCli(['updateBrokerConfig', ...n, '-b', addr, '-k', 'autoCreateTopicEnable', '-v', 'false']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/broker-a\s+\S+\s+autoCreateTopicEnable\s+true\s+false\s+changed/);

    const typo = await runCli(['updateBrokerConfig', ...n, '-c', 'DefaultCluster', '-k', 'autoCreateTopicEnabled', '-v', 'true', '--json']);
    expect(typo.code).toBe(2);
    expect(JSON.parse(typo.stdout).error.remedy).toMatch(/did you mean autoCreateTopicEnable/);

    const forced = await runCli(['updateBrokerConfig', ...n, '-b', addr, '-k', 'noSuchSetting', '-v', '1', '--force']);
    expect(forced.code).toBe(3);
    expect(forced.stderr).toMatch(/could not read noSuchSetting back/);

    const shown = await runCli(['autoCreateTopic', ...n, '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout).brokers[0]).toMatchObject({ enabled: false, effective: false });
    const on = await runCli(['autoCreateTopic', ...n, '--enable', '-c', 'DefaultCluster']);
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(/broker-a\s+\S+\s+on\s+perm 7 \(RWX\), 8 queues\s+perm 7\s+yes/);
    expect(on.stdout).toMatch(/broker-a: set autoCreateTopicEnable=true/);
  });

  it('updateSubGroup, getConsumerConfig, deleteSubGroup: Java value switches, --json, exit 4 once gone', async () => {
    cluster = await startEmbedded();
    const n = ['-n', cluster.namesrvAddr];
    const created = await runCli(['updateSubGroup', ...n, '-c', 'DefaultCluster', '-g', 'CliGroup', '-s', 'false', '-r', '3']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/broker-a\s+\S+\s+created\s+consumeEnable - -> false, retryMaxTimes - -> 3/);
    expect((await runCli(['updateSubGroup', ...n, '-c', 'DefaultCluster', '-g', 'CliGroup', '-s', 'nope'])).code).toBe(2);
    const read = await runCli(['getConsumerConfig', ...n, '-g', 'CliGroup', '--json']);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).brokers[0].config).toMatchObject({ groupName: 'CliGroup', consumeEnable: false, retryMaxTimes: 3, retryQueueNums: 1 });
    const del = await runCli(['deleteSubGroup', ...n, '-c', 'DefaultCluster', '-g', 'CliGroup', '-r', 'true', '--yes']);
    expect(del.code).toBe(0);
    expect(del.stdout).toMatch(/^Deleted subscription group CliGroup from 1 of 1 broker/);
    expect((await runCli(['getConsumerConfig', ...n, '-g', 'CliGroup'])).code).toBe(4);
  });
});
