// bin/run.js end to end for updateStaticTopic: against replayed answers of the real 5.3.3 broker
// (the Java transcripts' facts: a new static topic of 4 logic queues on broker-a5, then the same
// update again doing nothing) and against the dev cluster, which has no static topics.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseFastJson } from '../../src/protocol/fastjson.js';
import { runCli } from '../helpers/cli.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

const V5 = 'rocketmq-5.3.3-more';
const P5 = { namesrvPort: 9877, brokerPort: 10951 };
const TOPIC = 'FxStaticTopic2-035757';
const dir = mkdtempSync(join(tmpdir(), 'mqadmin-static-'));
const env = { TMPDIR: dir };

let replay: ReplayCluster | undefined;
let cluster: EmbeddedCluster | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
  await cluster?.destroy();
  cluster = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('updateStaticTopic against replayed 5.3.3 answers', () => {
  it('a new static topic: the plan, then 513 with the mapping the Java tool sent, and the .after file', async () => {
    replay = await startReplayCluster([`${V5}/updateStaticTopic`], P5);
    const dry = await runCli(['updateStaticTopic', '-n', replay.namesrvAddr, '-t', TOPIC, '--qn', '4', '-b', 'broker-a5', '--dry-run'], { env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`^Static topic ${TOPIC}: 0 -> 4 logic queues, epoch - -> \\d+ \\(dry run: nothing was changed\\)`));
    expect(dry.stdout).toMatch(/broker-a5\s+\S+\s+create\s+- -> 4\/4\s+- -> 0-3\s+0-3/);
    expect(replay.received.filter((x) => x.request.code === 513)).toHaveLength(0);

    const r = await runCli(['updateStaticTopic', '-n', replay.namesrvAddr, '-t', TOPIC, '--qn', '4', '-b', 'broker-a5'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/broker-a5\s+\S+\s+create\s+- -> 4\/4\s+- -> 0-3\s+0-3\s+ok/);
    const sent = replay.received.filter((x) => x.request.code === 513).map((x) => x.request);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.extFields).toMatchObject({ topic: TOPIC, readQueueNums: '4', writeQueueNums: '4', perm: '6', defaultTopic: 'TBW102', force: 'false' });
    // The Java tool's body but for the epoch (now).
    const java = '{"bname":"broker-a5","currIdMap":{},"dirty":false,"epoch":1796356680221,"hostedQueues":{0:[{"bname":"broker-a5","endOffset":-1,"gen":0,"logicOffset":0,"queueId":0,"startOffset":0,"timeOfEnd":-1,"timeOfStart":-1}],1:[{"bname":"broker-a5","endOffset":-1,"gen":0,"logicOffset":0,"queueId":1,"startOffset":0,"timeOfEnd":-1,"timeOfStart":-1}],2:[{"bname":"broker-a5","endOffset":-1,"gen":0,"logicOffset":0,"queueId":2,"startOffset":0,"timeOfEnd":-1,"timeOfStart":-1}],3:[{"bname":"broker-a5","endOffset":-1,"gen":0,"logicOffset":0,"queueId":3,"startOffset":0,"timeOfEnd":-1,"timeOfStart":-1}]},"scope":"__global__","topic":"FxStaticTopic2-035757","totalQueues":4}';
    expect(sent[0]!.body!.toString().replace(/"epoch":\d+/, '"epoch":1796356680221')).toBe(java);
    const after = readdirSync(dir).filter((f) => f.startsWith(TOPIC) && f.endsWith('.after'));
    expect(after).toHaveLength(1);
    const file = parseFastJson(readFileSync(join(dir, after[0]!))) as Record<string, any>;
    expect(file.type).toBe('CREATE_OR_UPDATE');
    expect(Object.keys(file.brokerConfigMap['broker-a5'].mappingDetail.hostedQueues)).toEqual(['0', '1', '2', '3']);
    expect(file.brokerConfigMap['broker-a5']).toMatchObject({ topicName: TOPIC, readQueueNums: 4, writeQueueNums: 4 });
  });

  it('the same total again does nothing (the Java tool fails); a smaller one is exit 2', async () => {
    replay = await startReplayCluster([`${V5}/error-updateStaticTopic-unchanged`], P5);
    const same = await runCli(['updateStaticTopic', '-n', replay.namesrvAddr, '-t', TOPIC, '--qn', '4', '-b', 'broker-a5'], { env });
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(new RegExp(`^Static topic ${TOPIC} already has 4 logic queues: nothing to do\\nThe old mapping is in .*${TOPIC}-1796356685109\\.before`));
    const smaller = await runCli(['updateStaticTopic', '-n', replay.namesrvAddr, '-t', TOPIC, '--qn', '2', '-b', 'broker-a5'], { env });
    expect(smaller.code).toBe(2);
    expect(smaller.stderr).toMatch(/cannot decrease .* 2 < 4/);
    const grow = await runCli(['updateStaticTopic', '-n', replay.namesrvAddr, '-t', TOPIC, '--qn', '6', '-b', 'broker-a5', '--dry-run', '--json'], { env });
    expect(grow.code).toBe(0);
    const plan = JSON.parse(grow.stdout);
    expect(plan.brokers[0]).toMatchObject({ action: 'update', added: [4, 5], after: { readQueueNums: 6, writeQueueNums: 6, logicQueues: [0, 1, 2, 3, 4, 5] } });
    expect(plan.brokers[0].mapping.hostedQueues['5']).toEqual([{ gen: 0, queueId: 5, bname: 'broker-a5', logicOffset: 0, startOffset: 0, endOffset: -1, timeOfStart: -1, timeOfEnd: -1 }]);
    expect(plan.epoch).toBeGreaterThanOrEqual(1796356685109 + 1000);
    const unknown = await runCli(['updateStaticTopic', '-n', replay.namesrvAddr, '-t', TOPIC, '--qn', '6', '-b', 'broker-zz'], { env });
    expect(unknown.code).toBe(4);
  });
});

describe('updateStaticTopic against the dev cluster', () => {
  it('the dev broker has no static topics: one line, exit 3', async () => {
    cluster = await startEmbedded();
    const r = await runCli(['updateStaticTopic', '-n', cluster.namesrvAddr, '-t', 'StaticT', '--qn', '2', '-c', 'DefaultCluster'], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/does not support static topics/);
  });
});

describe('remappingStaticTopic against replayed 5.3.3 answers', () => {
  it('onto the broker that has it all: no move, the new epoch in one 513 with the Java mapping', async () => {
    replay = await startReplayCluster([`${V5}/remappingStaticTopic`], P5);
    const dry = await runCli(['remappingStaticTopic', '-n', replay.namesrvAddr, '-t', TOPIC, '-b', 'broker-a5', '--dry-run'], { env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`^Static topic ${TOPIC}: 4 logic queues, 0 to move, epoch 1796356680221 -> \\d+ \\(dry run`));
    expect(dry.stdout).toMatch(/broker-a5\s+4 -> 4\s+epoch/);
    expect(dry.stdout).toMatch(/balanced already/);
    expect(replay.received.filter((x) => x.request.code === 513)).toHaveLength(0);

    const r = await runCli(['remappingStaticTopic', '-n', replay.namesrvAddr, '-t', TOPIC, '-b', 'broker-a5'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/update the epoch on the other brokers\s+broker-a5\s+done/);
    expect(r.stdout).toMatch(new RegExp(`The old mapping is in .*${TOPIC}-1796356680221\\.before`));
    const sent = replay.received.filter((x) => x.role === 'broker' && x.request.code === 513).map((x) => x.request);
    expect(sent).toHaveLength(1);
    const captured = '{"bname":"broker-a5","currIdMap":{},"dirty":false,"epoch":1796356685109,"hostedQueues":{0:[{"bname":"broker-a5","endOffset":-1,"gen":0,"logicOffset":0,"queueId":0,"startOffset":0,"timeOfEnd":-1,"timeOfStart":-1}],1:[{"bname":"broker-a5","endOffset":-1,"gen":0,"logicOffset":0,"queueId":1,"startOffset":0,"timeOfEnd":-1,"timeOfStart":-1}],2:[{"bname":"broker-a5","endOffset":-1,"gen":0,"logicOffset":0,"queueId":2,"startOffset":0,"timeOfEnd":-1,"timeOfStart":-1}],3:[{"bname":"broker-a5","endOffset":-1,"gen":0,"logicOffset":0,"queueId":3,"startOffset":0,"timeOfEnd":-1,"timeOfStart":-1}]},"scope":"__global__","topic":"FxStaticTopic2-035757","totalQueues":4}';
    expect(sent[0]!.body!.toString().replace(/"epoch":\d+/, '"epoch":1796356685109')).toBe(captured);
    const epoch = Number(/"epoch":(\d+)/.exec(sent[0]!.body!.toString())![1]);
    expect(epoch).toBeGreaterThanOrEqual(1796356680221 + 1000);
  });

  it('a topic no broker has is exit 4', async () => {
    replay = await startReplayCluster([`${V5}/updateStaticTopic`], P5);
    const r = await runCli(['remappingStaticTopic', '-n', replay.namesrvAddr, '-t', TOPIC, '-b', 'broker-a5'], { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/on no broker/);
  });
});
