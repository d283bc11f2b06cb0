// The export commands end to end: bin/run.js against replayed real answers of RocketMQ 4.9.8 and
// 5.3.3 (the files written must be the Java tool's exported files: same keys, structure, order
// and values; 5.3.3's capture has no files, so there the facts of the capture are checked), and
// against the dev cluster, whose exports must list the topics and groups created first.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '../../src/dev/cluster.js';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { consumerConnection } from '../../src/admin/consumer.js';
import { runCli } from '../helpers/cli.js';
import { onsConsumer, type OnsConsumer } from '../helpers/ons.js';
import { EXPORTED_BROKER_CONFIG_KEYS } from '../../src/admin/export.js';
import { parseJavaProperties } from '../../src/protocol/properties.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import { FIXTURES_DIR, scenarioFrames, transcript } from '../helpers/fixtures.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

const V4 = 'rocketmq-4.9.8-more';
const V5 = 'rocketmq-5.3.3-more';
const P5 = { namesrvPort: 9877, brokerPort: 10951 };
const javaFile = (scenario: string, file: string) => readFileSync(join(FIXTURES_DIR, scenario, 'exported', file), 'utf8');

async function waitForAsync(check: () => Promise<boolean>, ms: number): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error('timed out waiting for the consumer to be online');
    await new Promise((r) => setTimeout(r, 200));
  }
}

let dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'mqadmin-export-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('against replayed 4.9.8 and 5.3.3 answers', () => {
  let replay: ReplayCluster | undefined;
  afterEach(async () => {
    await replay?.close();
    replay = undefined;
  });

  it('exportMetadata -c writes the Java tool\'s metadata.json (4.9.8): same keys, structure, values and topic order', async () => {
    replay = await startReplayCluster([`${V4}/exportMetadata`]);
    const dir = tempDir();
    const r = await runCli(['exportMetadata', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`export ${dir}/metadata.json success`);
    expect(transcript(`${V4}/exportMetadata`)).toContain('export ./exported/metadata/metadata.json success');
    const ours = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
    const java = JSON.parse(javaFile(`${V4}/exportMetadata`, 'metadata.json'));
    expect({ ...ours, exportTime: 0 }).toEqual({ ...java, exportTime: 0 });
    // The same order too: the document's keys and the topics (HashMap order); groups may differ
    // (the Java tool's map is filled from a ConcurrentHashMap whose resizes reorder buckets).
    expect(Object.keys(ours)).toEqual(Object.keys(java));
    expect(Object.keys(ours.topicConfigTable)).toEqual(Object.keys(java.topicConfigTable));
    expect(ours.exportTime).toBeGreaterThan(1_700_000_000_000);
    expect(readdirSync(dir)).toEqual(['metadata.json']);
    expect(replay.received.filter((x) => x.role === 'broker').map((x) => x.request.code).sort()).toEqual([201, 21, 305]);
  });

  it('exportMetadata -t / -g / -s and --json (4.9.8)', async () => {
    replay = await startReplayCluster([`${V4}/exportMetadata`]);
    const java = JSON.parse(javaFile(`${V4}/exportMetadata`, 'metadata.json'));
    const dir = tempDir();
    const t = await runCli(['exportMetadata', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', dir, '-t', '--json']);
    expect(t.code).toBe(0);
    const json = JSON.parse(t.stdout);
    expect(json.files).toHaveLength(1);
    expect(json.files[0].path).toBe(`${dir}/topic.json`);
    const topicFile = JSON.parse(readFileSync(join(dir, 'topic.json'), 'utf8'));
    expect(Object.keys(topicFile).sort()).toEqual(['exportTime', 'topicConfigTable']);
    expect(topicFile.topicConfigTable).toEqual(java.topicConfigTable);
    expect(json.files[0].document.topicConfigTable).toEqual(java.topicConfigTable);
    const tg = await runCli(['exportMetadata', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', dir, '-t', '-g', '--json']);
    expect(JSON.parse(tg.stdout).files.map((f: { path: string }) => f.path)).toEqual([`${dir}/topic.json`]);
    const g = await runCli(['exportMetadata', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', dir, '-g']);
    expect(g.code).toBe(0);
    const groupFile = JSON.parse(readFileSync(join(dir, 'subscriptionGroup.json'), 'utf8'));
    expect(Object.keys(groupFile).sort()).toEqual(['exportTime', 'subscriptionGroupTable']);
    expect(groupFile.subscriptionGroupTable).toEqual(java.subscriptionGroupTable);
    // -s keeps the retry and DLQ topics the broker has.
    const s = await runCli(['exportMetadata', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', dir, '-t', '-s', '--json']);
    const special = Object.keys(JSON.parse(s.stdout).files[0].document.topicConfigTable);
    expect(special.some((n) => n.startsWith('%RETRY%'))).toBe(true);
    expect(special.filter((n) => !n.startsWith('%')).sort()).toEqual(Object.keys(java.topicConfigTable).sort());
  });

  it('exportMetadata -b -t, -b -g write the broker\'s wrappers, dataVersion kept; -t wins over -g (4.9.8)', async () => {
    replay = await startReplayCluster([`${V4}/exportMetadata`]);
    const java = JSON.parse(javaFile(`${V4}/exportMetadata`, 'metadata.json'));
    const dir = tempDir();
    const both = await runCli(['exportMetadata', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-t', '-g', '-f', dir]);
    expect(both.code).toBe(0);
    expect(both.stdout.trim()).toBe(`export ${dir}/topic.json success`);
    expect(readdirSync(dir)).toEqual(['topic.json']);
    const r = await runCli(['exportMetadata', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-g', '-f', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`export ${dir}/subscriptionGroup.json success`);
    const topic = JSON.parse(readFileSync(join(dir, 'topic.json'), 'utf8'));
    expect(Object.keys(topic).sort()).toEqual(['dataVersion', 'topicConfigTable']);
    expect(topic.dataVersion.counter).toBe(26);
    expect(topic.topicConfigTable).toEqual(java.topicConfigTable);
    const group = JSON.parse(readFileSync(join(dir, 'subscriptionGroup.json'), 'utf8'));
    expect(group.dataVersion.counter).toBe(104);
    expect(group.subscriptionGroupTable).toEqual(java.subscriptionGroupTable);
    // -b alone: the Java tool does nothing; we say what is missing.
    const none = await runCli(['exportMetadata', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-f', dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/-t .* or -g/);
  });

  it('exportMetadata -c on 5.3.3: the user topics and groups of the capture, 5.x fields kept', async () => {
    replay = await startReplayCluster([`${V5}/exportMetadata`], P5);
    const dir = tempDir();
    const r = await runCli(['exportMetadata', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`export ${dir}/metadata.json success`);
    const doc = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
    const topics = Object.keys(doc.topicConfigTable);
    expect(topics).toContain('FxTopic2');
    for (const sys of ['SCHEDULE_TOPIC_XXXX', 'SELF_TEST_TOPIC', 'rmq_sys_wheel_timer', 'broker-a5', 'TBW102']) expect(topics).not.toContain(sys);
    expect(topics.some((t) => t.startsWith('%'))).toBe(false);
    expect(doc.topicConfigTable.FxTopic2).toEqual({ attributes: {}, order: false, perm: 6, readQueueNums: 4, topicFilterType: 'SINGLE_TAG', topicName: 'FxTopic2', topicSysFlag: 0, writeQueueNums: 4 });
    const groups = Object.keys(doc.subscriptionGroupTable);
    expect(groups).toContain('FxGroup2');
    for (const sys of ['SELF_TEST_C_GROUP', 'CID_ONSAPI_OWNER']) expect(groups).not.toContain(sys);
    expect(doc.subscriptionGroupTable.FxGroup2.groupRetryPolicy).toEqual({ type: 'CUSTOMIZED' });
    expect(doc.subscriptionGroupTable.FxGroup2.consumeTimeoutMinute).toBe(15);
  });

  it('exportConfigs writes the Java tool\'s configs.json (4.9.8) byte for byte', async () => {
    replay = await startReplayCluster([`${V4}/exportConfigs`]);
    const dir = tempDir();
    const r = await runCli(['exportConfigs', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`export ${dir}/configs.json success`);
    expect(readFileSync(join(dir, 'configs.json'), 'utf8')).toBe(javaFile(`${V4}/exportConfigs`, 'configs.json'));
  });

  it('exportConfigs on 5.3.3: the master\'s settings, its slave counted', async () => {
    replay = await startReplayCluster([`${V5}/exportConfigs`], P5);
    const dir = tempDir();
    const r = await runCli(['exportConfigs', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', dir, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'configs.json'), 'utf8'));
    expect(JSON.parse(r.stdout).files[0].document).toEqual(doc);
    expect(doc.clusterScale).toEqual({ namesrvSize: 1, masterBrokerSize: 1, slaveBrokerSize: 1 });
    const b = doc.brokerConfigs['broker-a5'];
    // 5.3.3 skips a key its broker does not have; the others hold the broker's values.
    const frame = scenarioFrames(`${V5}/exportConfigs`).find((f) => f.kind === 'resp' && f.serverPort === 10951 && f.file.startsWith('005'))!;
    const config = parseJavaProperties(decodeFrame(frame.bytes).body!);
    const kept = EXPORTED_BROKER_CONFIG_KEYS.filter((k) => config[k] !== undefined);
    expect(Object.keys(b).sort()).toEqual([...kept].sort());
    for (const k of kept) expect(b[k]).toBe(config[k]);
    expect(b).toMatchObject({ brokerClusterName: 'DefaultCluster', brokerName: 'broker-a5', brokerId: '0' });
    expect(Object.values(b).every((v) => typeof v === 'string')).toBe(true);
  });

  it('exportMetrics writes the Java tool\'s metrics.json (4.9.8), the tool\'s own version aside', async () => {
    replay = await startReplayCluster([`${V4}/exportMetrics`]);
    const dir = tempDir();
    const r = await runCli(['exportMetrics', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`export ${dir}/metrics.json success`);
    const ours = readFileSync(join(dir, 'metrics.json'), 'utf8');
    expect(ours.replace('"rocketmqVersion":"V5_3_3"', '"rocketmqVersion":"V4_9_8"')).toBe(javaFile(`${V4}/exportMetrics`, 'metrics.json'));
  });

  it('exportMetrics on 5.3.3: the figures of the capture', async () => {
    replay = await startReplayCluster([`${V5}/exportMetrics`], P5);
    const dir = tempDir();
    const r = await runCli(['exportMetrics', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', dir]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'metrics.json'), 'utf8');
    const doc = JSON.parse(text);
    const b = doc.evaluateReport['broker-a5'];
    expect(b.runtimeQuota.messageAverageSize).toBe('399.6666666666667');
    expect(b.runtimeQuota.tps.normalOutTps).toBe(1.79838145668898);
    expect(b.runtimeQuota.tps.normalInTps).toBe(0);
    expect(text).toContain('"normalInTps":0.0');
    expect(b.runtimeQuota.diskRatio).toEqual({ commitLogDiskRatio: '0.23', consumeQueueDiskRatio: '0.23' });
    expect(b.runtimeVersion).toEqual({ rocketmqVersion: 'V5_3_3', clientInfo: [] });
    expect(doc.totalData.totalTps.totalNormalOutTps).toBe(1.79838145668898);
    expect(Object.keys(doc.totalData.totalOneDayNum).sort()).toEqual(['normalOneDayInNum', 'normalOneDayOutNum', 'scheduleOneDayInNum', 'transOneDayInNum']);
  });

  it('an unknown cluster is exit 4; a broker that does not answer is exit 5, and no file is left', async () => {
    replay = await startReplayCluster([`${V4}/exportConfigs`], { brokerDown: true });
    const dir = tempDir();
    const unknown = await runCli(['exportConfigs', '-n', replay.namesrvAddr, '-c', 'NoSuchCluster', '-f', dir]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('DefaultCluster');
    const down = await runCli(['exportConfigs', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', dir, '--timeout', '1500']);
    expect(down.code).toBe(5);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('exportPopRecord -b prints the Java tool\'s line (5.3.3); -d false and --dry-run send no POP_ROLLBACK', async () => {
    replay = await startReplayCluster([`${V5}/exportPopRecord`], P5);
    const r = await runCli(['exportPopRecord', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-d', 'true']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const java = transcript(`${V5}/exportPopRecord`).split('\n')[1]!;
    expect(r.stdout.trim()).toBe(java.replace('127.0.0.1:10951', replay.brokerAddr));
    expect(replay.received.filter((x) => x.role === 'broker').map((x) => x.request.code)).toEqual([26, 200056]);
    for (const dry of [['-d', 'false'], ['--dry-run']]) {
      replay.received.length = 0;
      const d = await runCli(['exportPopRecord', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, ...dry, '--json']);
      expect(d.code).toBe(0);
      expect(JSON.parse(d.stdout).brokers).toEqual([{ brokerName: 'broker-a5', addr: replay.brokerAddr, dryRun: true, ok: true }]);
      expect(replay.received.map((x) => x.request.code)).toEqual([26]);
    }
    // -c: every address of the cluster's brokers, the slave too (a dry run: nothing sent).
    const c = await runCli(['exportPopRecord', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-d', 'FALSE']);
    expect(c.code).toBe(0);
    expect(c.stdout.trim().split('\n')).toEqual([
      `Export broker records, brokerName=broker-a5, brokerAddr=${replay.brokerAddr}, dryRun=true`,
      'Export broker records, brokerName=broker-a5, brokerAddr=127.0.0.1:10961, dryRun=true',
    ]);
    const unknown = await runCli(['exportPopRecord', '-n', replay.namesrvAddr, '-c', 'Nope']);
    expect(unknown.code).toBe(4);
  });

  it('a path that cannot be written is exit 2 with the reason, and no half-written file', async () => {
    replay = await startReplayCluster([`${V4}/exportMetadata`]);
    const dir = tempDir();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = await runCli(['exportMetadata', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', join(file, 'sub')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot create the output directory .*a-file\/sub: (ENOTDIR|EEXIST)/);
    // The target exists as a directory: rename fails, nothing is left behind.
    const blocked = tempDir();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(blocked, 'metadata.json', 'inside'), { recursive: true });
    const r2 = await runCli(['exportMetadata', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '-f', blocked]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(`cannot write ${blocked}/metadata.json`);
    expect(readdirSync(blocked)).toEqual(['metadata.json']);
    const bad = await runCli(['exportMetadata', '-n', replay.namesrvAddr, '-f', dir]);
    expect(bad.code).toBe(2);
  });
});

describe('against the dev cluster', () => {
  let cluster: DevCluster;
  let dataDir: string;
  let n: string[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mqadmin-export-dev-'));
    cluster = await startDevCluster({ dataDir, namesrvPort: 0, brokerPort: 0, brokers: 2 });
    n = ['-n', cluster.namesrvAddr];
    for (const args of [
      ['updateTopic', '-c', 'DefaultCluster', '-t', 'ExportTopicA', '-r', '3', '-w', '3'],
      ['updateTopic', '-b', cluster.brokers[0]!.addr, '-t', 'ExportTopicB', '-r', '2', '-w', '2', '-p', '4'],
      ['updateSubGroup', '-c', 'DefaultCluster', '-g', 'ExportGroupA', '-r', '5'],
    ]) {
      const r = await runCli([...args, ...n]);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exportMetadata -c lists the topics and groups created, merged over both masters', async () => {
    const dir = tempDir();
    const r = await runCli(['exportMetadata', ...n, '-c', 'DefaultCluster', '-f', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
    expect(doc.topicConfigTable.ExportTopicA).toMatchObject({ topicName: 'ExportTopicA', readQueueNums: 6, writeQueueNums: 6, perm: 6 });
    expect(doc.topicConfigTable.ExportTopicB).toMatchObject({ readQueueNums: 2, writeQueueNums: 2, perm: 4 });
    expect(doc.subscriptionGroupTable.ExportGroupA).toMatchObject({ groupName: 'ExportGroupA', retryMaxTimes: 5, retryQueueNums: 2 });
    expect(Object.keys(doc.topicConfigTable)).not.toContain('TBW102');
    expect(Object.keys(doc.subscriptionGroupTable)).not.toContain('TOOLS_CONSUMER');
  });

  it('exportMetadata -b -t: the one broker\'s topics', async () => {
    const dir = tempDir();
    const r = await runCli(['exportMetadata', ...n, '-b', cluster.brokers[1]!.addr, '-t', '-f', dir]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'topic.json'), 'utf8'));
    expect(doc.topicConfigTable.ExportTopicA).toMatchObject({ readQueueNums: 3 });
    expect(doc.topicConfigTable.ExportTopicB).toBeUndefined();
    expect(existsSync(join(dir, 'subscriptionGroup.json'))).toBe(false);
  });

  it('exportPopRecord -c: a broker that does not know POP_ROLLBACK is printed with the reason, exit 3', async () => {
    const r = await runCli(['exportPopRecord', ...n, '-c', 'DefaultCluster']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    // The embedded broker is a 4.9.8 one here: it does not know code 200056.
    for (const l of lines) expect(l).toMatch(/^Export broker records error, brokerName=broker-[ab], brokerAddr=127\.0\.0\.1:\d+, dryRun=false: .*REQUEST_CODE_NOT_SUPPORTED/);
    expect(r.code).toBe(3);
  });

  it('exportConfigs and exportMetrics name both masters; a consumer online is in clientInfo', async () => {
    const dir = tempDir();
    const c = await runCli(['exportConfigs', ...n, '-c', 'DefaultCluster', '-f', dir]);
    expect(c.code, c.stderr).toBe(0);
    const configs = JSON.parse(readFileSync(join(dir, 'configs.json'), 'utf8'));
    expect(Object.keys(configs.brokerConfigs).sort()).toEqual(cluster.brokers.map((b) => b.name).sort());
    expect(configs.clusterScale).toEqual({ namesrvSize: 1, masterBrokerSize: 2, slaveBrokerSize: 0 });
    const m = await runCli(['exportMetrics', ...n, '-c', 'DefaultCluster', '-f', dir]);
    expect(m.code, m.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    const first = metrics.evaluateReport[cluster.brokers[0]!.name];
    expect(first.runtimeQuota.topicSize).toBeGreaterThanOrEqual(2);
    expect(first.runtimeQuota.groupSize).toBeGreaterThanOrEqual(1);
    expect(Number(first.runtimeEnv.cpuNum)).toBeGreaterThan(0);
    // A consumer online: its language%version is in clientInfo.
    const consumer: OnsConsumer = onsConsumer(cluster.namesrvAddr, 'ExportGroupA');
    try {
      consumer.subscribe('ExportTopicA', '*', async () => undefined);
      await consumer.ready();
      const admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr });
      try {
        await waitForAsync(async () => (await consumerConnection(admin, 'ExportGroupA').catch(() => null))?.online === true, 15_000);
      } finally {
        await admin.close();
      }
      const again = await runCli(['exportMetrics', ...n, '-c', 'DefaultCluster', '-f', dir, '--json']);
      expect(again.code, again.stderr).toBe(0);
      const infos = Object.values(JSON.parse(again.stdout).files[0].document.evaluateReport).flatMap((b) => (b as { runtimeVersion: { clientInfo: string[] } }).runtimeVersion.clientInfo);
      expect(infos.length).toBeGreaterThan(0);
      // ali-ons says JAVA and version 121 (a 3.x number, which versionDesc leaves as a number).
      expect(infos).toContain('JAVA%121');
    } finally {
      await consumer.close();
    }
    expect(Object.keys(first.runtimeQuota.diskRatio).sort()).toEqual(['commitLogDiskRatio', 'consumeQueueDiskRatio']);
  });
});
