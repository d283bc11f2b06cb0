// The maintenance commands end to end: bin/run.js against replayed real answers of RocketMQ
// 4.9.8 and 5.3.3 (the facts of the Java transcripts), and against the dev cluster.

import { afterEach, describe, expect, it } from 'vitest';
import { ResponseCode } from '../../src/protocol/codes.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { runCli } from '../helpers/cli.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';
import { transcript } from '../helpers/fixtures.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

const V4 = 'rocketmq-4.9.8-more';
const V5 = 'rocketmq-5.3.3-more';
const P5 = { namesrvPort: 9877, brokerPort: 10951 };
const lines = (text: string) => text.trimEnd().split('\n');
const cells = (line: string) => line.trim().split(/\s{2,}/);

/** The ConsumeQueueData lines of a Java queryCq transcript: [index, physicOffset, physicSize, tagsCode]. */
function javaCq(scenario: string): string[][] {
  return [...transcript(scenario).matchAll(/idx: (\d+)\nConsumeQueueData\{physicOffset=(\d+), physicSize=(\d+), tagsCode=(-?\d+)/g)].map((m) => [m[1]!, m[2]!, m[3]!, m[4]!]);
}

/** The table rows of our queryCq output: [INDEX, COMMITLOG OFFSET, SIZE, TAGS CODE]. */
function ourCq(stdout: string): string[][] {
  const out = lines(stdout);
  const head = out.findIndex((l) => l.startsWith('INDEX'));
  return out.slice(head + 1).map((l) => cells(l).slice(0, 4));
}

/** What a broker that does not know a request code answers (as the captured 902/903 refusals). */
const notSupported = (code: number): RemotingCommand => ({
  code: ResponseCode.REQUEST_CODE_NOT_SUPPORTED, language: 'JAVA', version: 409, opaque: 0, flag: 1, remark: ` request type ${code} not supported`, extFields: null, body: null, serializeType: 'JSON',
});

describe('against replayed 4.9.8 and 5.3.3 answers', () => {
  let replay: ReplayCluster | undefined;
  afterEach(async () => {
    await replay?.close();
    replay = undefined;
  });

  it('queryCq -g (4.9.8): the entries, index range and filter the Java tool printed', async () => {
    replay = await startReplayCluster([`${V4}/queryCq`]);
    const r = await runCli(['queryCq', '-n', replay.namesrvAddr, '-t', 'FxTopic2', '-q', '0', '-i', '0', '-c', '4', '-g', 'FxGroup2']);
    expect(r.code).toBe(0);
    expect(ourCq(r.stdout)).toEqual(javaCq(`${V4}/queryCq`).map((x) => x));
    expect(r.stdout).toMatch(/^Indexes\s+min 0, max 2$/m);
    expect(r.stdout).toMatch(/^Filter\s+FxGroup2@FxTopic2 is not online!$/m);
    expect(r.stdout).toMatch(/^Queue\s+FxTopic2 queue 0 on broker-a 127\.0\.0\.1:\d+$/m);
    // The replay has no VIEW_MESSAGE_BY_ID answer: the store times are missing, and a warning says why.
    expect(r.stderr).toMatch(/store times not read/);
    const q = replay.received.find((x) => x.request.code === 321)!.request.extFields!;
    expect([q.topic, q.queueId, q.index, q.count, q.consumerGroup]).toEqual(['FxTopic2', '0', '0', '4', 'FxGroup2']);
  });

  it('queryCq -b a slave (4.9.8) and on 5.3.3, --json and --no-store-time', async () => {
    replay = await startReplayCluster([`${V4}/queryCq-slave`], { brokerPort: 10921 });
    const r = await runCli(['queryCq', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-t', 'FxTopic2', '-q', '0', '-i', '0', '-c', '4', '--no-store-time']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(ourCq(r.stdout)).toEqual(javaCq(`${V4}/queryCq-slave`));
    expect(replay.received.filter((x) => x.request.code === 33)).toHaveLength(0);
    await replay.close();

    replay = await startReplayCluster([`${V5}/queryCq`], P5);
    const j = await runCli(['queryCq', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-t', 'FxTopic2', '-q', '0', '-i', '0', '-c', '4', '--json', '--no-store-time']);
    expect(j.code).toBe(0);
    const json = JSON.parse(j.stdout);
    expect([json.maxQueueIndex, json.minQueueIndex]).toEqual([7, 0]);
    expect(json.entries.map((e: { index: number; physicOffset: number; physicSize: number; tagsCode: number }) => [e.index, e.physicOffset, e.physicSize, e.tagsCode].map(String))).toEqual(javaCq(`${V5}/queryCq`));
  });

  it('queryCq: an unknown queue is exit 4; a bad queue id exit 2', async () => {
    replay = await startReplayCluster([`${V5}/queryCq`], {
      ...P5,
      respond: (role, req) => (role === 'broker' && req.code === 321 ? { code: 1, language: 'JAVA', version: 475, opaque: 0, flag: 1, remark: '9@FxTopic2 is not exist!', extFields: null, body: null, serializeType: 'JSON' } : undefined),
    });
    const r = await runCli(['queryCq', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-t', 'FxTopic2', '-q', '9', '-i', '0']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/queue 9 of topic "FxTopic2" not found/);
    const bad = await runCli(['queryCq', '-n', replay.namesrvAddr, '-t', 'FxTopic2', '-q', '-1', '-i', '0']);
    expect(bad.code).toBe(2);
  });

  for (const [name, code] of [['cleanExpiredCQ', 306], ['cleanUnusedTopic', 316], ['deleteExpiredCommitLog', 329]] as const) {
    it(`${name} -c (4.9.8): every broker of the cluster asked, per-broker result; --yes needed without a terminal`, async () => {
      replay = await startReplayCluster([`${V4}/${name}`]);
      const refused = await runCli([name, '-n', replay.namesrvAddr, '-c', 'DefaultCluster']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/--yes/);
      expect(replay.received.filter((x) => x.request.code === code)).toHaveLength(0);

      const dry = await runCli([name, '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/dry run: nothing was sent/);
      expect(replay.received.filter((x) => x.request.code === code)).toHaveLength(0);

      const r = await runCli([name, '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '--yes']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // Java: success
      expect(transcript(`${V4}/${name}`)).toMatch(/^success/m);
      expect(r.stdout).toMatch(new RegExp(`^${name} on every broker of cluster DefaultCluster$`, 'm'));
      expect(r.stdout).toMatch(/^broker-a\s+master\s+127\.0\.0\.1:\d+\s+done$/m);
      expect(replay.received.filter((x) => x.request.code === code)).toHaveLength(1);

      const unknown = await runCli([name, '-n', replay.namesrvAddr, '-c', 'NoSuchCluster', '--yes']);
      expect(unknown.code).toBe(4);
    });

    it(`${name} -b (5.3.3) --json`, async () => {
      replay = await startReplayCluster([`${V5}/${name}`], P5);
      const r = await runCli([name, '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '--yes', '--json']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.brokers.map((b: { addr: string; done: boolean }) => [b.addr, b.done])).toEqual([[replay.brokerAddr, true]]);
      expect(json.failures).toEqual([]);
    });
  }

  it('cleanExpiredCQ: a broker that refuses is named, the others still done, exit 3', async () => {
    replay = await startReplayCluster([`${V4}/cleanExpiredCQ`], {
      respond: (role, req) => (role === 'broker' && req.code === 306 ? { code: 1, language: 'JAVA', version: 409, opaque: 0, flag: 1, remark: 'disk full', extFields: null, body: null, serializeType: 'JSON' } : undefined),
    });
    const r = await runCli(['cleanExpiredCQ', '-n', replay.namesrvAddr, '-c', 'DefaultCluster', '--yes']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^broker-a\s+master\s+127\.0\.0\.1:\d+\s+failed$/m);
    expect(r.stderr).toMatch(/disk full/);
  });

  it('resetMasterFlushOffset to the slave (5.3.3), as the Java tool did; a master is refused with nothing sent', async () => {
    replay = await startReplayCluster([`${V5}/resetMasterFlushOffset`], { namesrvPort: 9877, brokerPort: 10961 });
    const r = await runCli(['resetMasterFlushOffset', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-o', '712889', '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Java: reset master flush offset to 712889 success
    expect(transcript(`${V5}/resetMasterFlushOffset`)).toContain('712889 success');
    expect(r.stdout).toMatch(/Master flush offset of 127\.0\.0\.1:\d+ .*set to 712889\./);
    expect(replay.received.find((x) => x.request.code === 908)!.request.extFields!.masterFlushOffset).toBe('712889');
    const bad = await runCli(['resetMasterFlushOffset', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-o', 'x', '--yes']);
    expect(bad.code).toBe(2);
    const noYes = await runCli(['resetMasterFlushOffset', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-o', '1']);
    expect(noYes.code).toBe(2);
    await replay.close();

    // The master (10951) of the same capture's cluster table.
    replay = await startReplayCluster([`${V5}/resetMasterFlushOffset`], P5);
    const master = await runCli(['resetMasterFlushOffset', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-o', '712889', '--yes']);
    expect(master.code).toBe(3);
    expect(master.stderr).toMatch(/is a master: it ignores RESET_MASTER_FLUSH_OFFSET/);
    expect(replay.received.filter((x) => x.request.code === 908)).toHaveLength(0);
  });

  it('setCommitLogReadAheadMode -b (5.3.3): what the broker answered; a bad mode is exit 2; a 4.x broker exit 3', async () => {
    replay = await startReplayCluster([`${V5}/setCommitLogReadAheadMode`], P5);
    const r = await runCli(['setCommitLogReadAheadMode', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-m', '0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Java: commitLog set readAhead mode rstStrset commitlog readahead mode success, mode: 0
    expect(r.stdout).toMatch(/^broker-a5\s+master\s+127\.0\.0\.1:\d+\s+-\s+done\s+set commitlog readahead mode success, mode: 0$/m);
    expect(replay.received.find((x) => x.request.code === 2004)!.request.extFields!.READ_AHEAD_MODE).toBe('0');
    const bad = await runCli(['setCommitLogReadAheadMode', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-m', '2']);
    expect(bad.code).toBe(2);
    await replay.close();

    replay = await startReplayCluster([`${V5}/setCommitLogReadAheadMode`], { ...P5, respond: (role, req) => (role === 'broker' && req.code === 2004 ? notSupported(2004) : undefined) });
    const old = await runCli(['setCommitLogReadAheadMode', '-n', replay.namesrvAddr, '-b', replay.brokerAddr, '-m', '1']);
    expect(old.code).toBe(3);
    expect(old.stderr).toMatch(/cannot set the commit-log read-ahead mode.*REQUEST_CODE_NOT_SUPPORTED/);
  });

  it('addBroker / removeBroker to a plain broker (5.3.3): "not a broker container", exit 3', async () => {
    replay = await startReplayCluster([`${V5}/addBroker`], P5);
    const add = await runCli(['addBroker', '-n', replay.namesrvAddr, '-c', replay.brokerAddr, '-b', '/tmp/fx-inputs-533/no-such-broker.conf']);
    expect(add.code).toBe(3);
    expect(add.stderr).toMatch(/is not a broker container: it answered ADD_BROKER with REQUEST_CODE_NOT_SUPPORTED \("request type 902 not supported"\)/);
    expect(replay.received.find((x) => x.request.code === 902)!.request.extFields!.configPath).toBe('/tmp/fx-inputs-533/no-such-broker.conf');
    await replay.close();

    replay = await startReplayCluster([`${V5}/removeBroker`], P5);
    const dry = await runCli(['removeBroker', '-n', replay.namesrvAddr, '-c', replay.brokerAddr, '-b', 'DefaultCluster:broker-x5:1', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run: nothing was sent/);
    const noYes = await runCli(['removeBroker', '-n', replay.namesrvAddr, '-c', replay.brokerAddr, '-b', 'DefaultCluster:broker-x5:1']);
    expect(noYes.code).toBe(2);
    const bad = await runCli(['removeBroker', '-n', replay.namesrvAddr, '-c', replay.brokerAddr, '-b', 'DefaultCluster:broker-x5', '--yes']);
    expect(bad.code).toBe(2);
    expect(replay.received.filter((x) => x.request.code === 903)).toHaveLength(0);
    const rm = await runCli(['removeBroker', '-n', replay.namesrvAddr, '-c', replay.brokerAddr, '-b', 'DefaultCluster:broker-x5:1', '--yes', '--json']);
    expect(rm.code).toBe(3);
    expect(JSON.parse(rm.stdout).error.message).toMatch(/is not a broker container.*request type 903 not supported/);
    const f = replay.received.find((x) => x.request.code === 903)!.request.extFields!;
    expect([f.brokerClusterName, f.brokerName, f.brokerId]).toEqual(['DefaultCluster', 'broker-x5', '1']);
  });
});

describe('against the dev cluster', () => {
  let cluster: EmbeddedCluster | undefined;
  afterEach(async () => {
    await cluster?.destroy();
    cluster = undefined;
  });

  it('queryCq reads the real consume queue with store times; the housekeeping commands answer; read-ahead mode', async () => {
    cluster = await startEmbedded();
    const n = cluster.namesrvAddr;
    expect((await runCli(['updateTopic', '-n', n, '-c', 'DefaultCluster', '-t', 'CqT', '-r', '1', '-w', '1'])).code).toBe(0);
    for (const tag of ['TagA', 'TagB', 'TagA']) expect((await runCli(['sendMessage', '-n', n, '-t', 'CqT', '-p', `body-${tag}`, '-c', tag])).code).toBe(0);
    const before = Date.now();
    const r = await runCli(['queryCq', '-n', n, '-t', 'CqT', '-q', '0', '-i', '1', '-c', '5', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect([json.minQueueIndex, json.maxQueueIndex]).toEqual([0, 3]);
    expect(json.entries.map((e: { index: number }) => e.index)).toEqual([1, 2]);
    expect(json.entries[0].tagsCode).not.toBe(json.entries[1].tagsCode);
    expect(json.entries[1].physicOffset).toBeGreaterThan(json.entries[0].physicOffset);
    for (const e of json.entries) {
      expect(e.physicSize).toBeGreaterThan(0);
      expect(e.storeTimestamp).toBeGreaterThan(before - 120_000);
    }
    expect(json.storeTimeError).toBeNull();
    const text = await runCli(['queryCq', '-n', n, '-t', 'CqT', '-q', '0', '-i', '0', '-g', 'NoOneGroup']);
    expect(text.stderr).toBe('');
    expect(text.stdout).toMatch(/^Filter\s+NoOneGroup@CqT is not online!$/m);
    expect(ourCq(text.stdout)).toHaveLength(3);
    const past = await runCli(['queryCq', '-n', n, '-t', 'CqT', '-q', '0', '-i', '9']);
    expect(past.code).toBe(0);
    expect(past.stdout).toMatch(/Index 9 of 0@CqT is not exist!/);
    const noQueue = await runCli(['queryCq', '-n', n, '-t', 'CqT', '-q', '5', '-i', '0']);
    expect(noQueue.code).toBe(4);

    for (const name of ['cleanExpiredCQ', 'cleanUnusedTopic', 'deleteExpiredCommitLog']) {
      const h = await runCli([name, '-n', n, '--yes']);
      expect(h.stderr).toBe('');
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(/^broker-a\s+master\s+127\.0\.0\.1:\d+\s+done$/m);
    }
    // The topic is still in the config: its queue stays.
    expect(ourCq((await runCli(['queryCq', '-n', n, '-t', 'CqT', '-q', '0', '-i', '0', '--no-store-time'])).stdout)).toHaveLength(3);

    const ra = await runCli(['setCommitLogReadAheadMode', '-n', n, '-c', 'DefaultCluster', '-m', '1']);
    expect(ra.code).toBe(0);
    expect(ra.stdout).toMatch(/^broker-a\s+master\s+127\.0\.0\.1:\d+\s+-\s+done\s+set commitlog readahead mode success, mode: 1$/m);

    const addr = cluster.brokers[0]!.address;
    const master = await runCli(['resetMasterFlushOffset', '-n', n, '-b', addr, '-o', '100', '--yes']);
    expect(master.code).toBe(3);
    expect(master.stderr).toMatch(/is a master/);
    const container = await runCli(['addBroker', '-n', n, '-c', addr, '-b', '/tmp/x.conf']);
    expect(container.code).toBe(3);
    expect(container.stderr).toMatch(/is not a broker container/);
  });
});
