// Consumer-group requests and bodies against the real frames of the Java tool (RocketMQ 4.9.8):
// our builders send the Java tool's extFields, and the captured answers decode to the figures
// the Java tool printed.

import { describe, expect, it } from 'vitest';
import { buildRequest, readResponse, type RequestDefinition } from '../../src/protocol/requests/define.js';
import {
  getConsumeStats,
  getConsumerConnectionList,
  getConsumerRunningInfo,
  getMaxOffset,
  invokeBrokerToResetOffset,
  searchOffsetByTimestamp,
  updateConsumerOffset,
} from '../../src/protocol/requests/consumer.js';
import { versionDesc } from '../../src/protocol/bodies/consumer.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { scenarioFrames, transcript } from '../helpers/fixtures.js';

/** The client id and address the Java consumerConnection printed for this capture set. */
function javaClient(set: string): { clientId: string; clientAddr: string } {
  const m = /^(\S+@\S+)\s+(\S+)\s+JAVA\s+V4_9_8$/m.exec(transcript(`${set}/consumerConnection`))!;
  return { clientId: m[1]!, clientAddr: m[2]! };
}
import { parseResetTime } from '../../src/commands/resetOffsetByTime.js';
import { groupMatcher, sortGroups } from '../../src/commands/consumerProgress.js';
import { formatTps } from '../../src/render/views/consumer.js';
import { ResponseError } from '../../src/protocol/errors.js';

const SETS = ['rocketmq-4.9.8', 'rocketmq-4.9.8-binary'];

function frames(scenario: string, dir: 'c2s' | 's2c', kind: 'req' | 'resp', code: number): RemotingCommand[] {
  return scenarioFrames(scenario)
    .filter((f) => f.dir === dir && f.kind === kind && f.code === code)
    .map((f) => decodeFrame(f.bytes));
}

/** The captured request's fields, without the ACL signature. */
function javaFields(cmd: RemotingCommand): Record<string, string> {
  const { Signature: _s, AccessKey: _a, ...rest } = cmd.extFields ?? {};
  return rest;
}

/** Our request's fields as they go on the wire (strings). */
function ourFields<A>(def: RequestDefinition<A, unknown>, args: A): Record<string, string> {
  return Object.fromEntries(Object.entries(buildRequest(def, args).extFields ?? {}).map(([k, v]) => [k, String(v)]));
}

/** The response to the request at `reqFile` (same connection, same opaque). */
function answerTo(scenario: string, code: number): RemotingCommand {
  const all = scenarioFrames(scenario);
  const req = all.find((f) => f.dir === 'c2s' && f.kind === 'req' && f.code === code && f.serverPort === 10911)!;
  const opaque = decodeFrame(req.bytes).opaque;
  const resp = all.filter((f) => f.dir === 's2c' && f.kind === 'resp' && f.serverPort === 10911).map((f) => decodeFrame(f.bytes)).find((c) => c.opaque === opaque);
  if (!resp) throw new Error(`no answer to ${code} in ${scenario}`);
  return resp;
}

for (const set of SETS) {
  describe(`requests as the Java tool sends them (${set})`, () => {
    it('GET_CONSUME_STATS (208)', () => {
      const [java] = frames(`${set}/consumerProgress`, 'c2s', 'req', 208);
      expect(ourFields(getConsumeStats, { consumerGroup: 'FxGroup' })).toEqual(javaFields(java!));
      expect(buildRequest(getConsumeStats, { consumerGroup: 'FxGroup' }).code).toBe(java!.code);
    });

    it('GET_CONSUMER_CONNECTION_LIST (203)', () => {
      const [java] = frames(`${set}/consumerConnection`, 'c2s', 'req', 203);
      expect(ourFields(getConsumerConnectionList, { consumerGroup: 'FxGroup' })).toEqual(javaFields(java!));
    });

    it('GET_CONSUMER_RUNNING_INFO (307)', () => {
      const [java] = frames(`${set}/consumerStatus`, 'c2s', 'req', 307);
      expect(ourFields(getConsumerRunningInfo, { consumerGroup: 'FxGroup', clientId: javaFields(java!).clientId! })).toEqual(javaFields(java!));
      expect(javaFields(java!).clientId).toBe(javaClient(set).clientId);
    });

    it('INVOKE_BROKER_TO_RESET_OFFSET (222): the 4.9.8 fields plus the 5.x queueId/offset (-1), never as CPP', () => {
      for (const [scenario, timestamp] of [['resetOffsetByTime-offline', -1], ['resetOffsetByTime-online', 0]] as const) {
        const [java] = frames(`${set}/${scenario}`, 'c2s', 'req', 222);
        const ours = buildRequest(invokeBrokerToResetOffset, { topic: 'FxTopic', group: 'FxGroup', timestamp, isForce: true });
        expect(ourFields(invokeBrokerToResetOffset, { topic: 'FxTopic', group: 'FxGroup', timestamp, isForce: true })).toEqual({ ...javaFields(java!), queueId: '-1', offset: '-1' });
        expect(ours.language).toBe('JAVA');
        expect(java!.language).toBe('JAVA');
      }
    });

    it('UPDATE_CONSUMER_OFFSET (15) and GET_MAX_OFFSET (30) of the old reset method', () => {
      const updates = frames(`${set}/resetOffsetByTime-offline`, 'c2s', 'req', 15);
      expect(updates).toHaveLength(4);
      for (const java of updates) {
        const f = javaFields(java);
        expect(ourFields(updateConsumerOffset, { consumerGroup: f.consumerGroup!, topic: f.topic!, queueId: Number(f.queueId), brokerName: f.bname!, commitOffset: Number(f.commitOffset) })).toEqual(f);
      }
      for (const java of frames(`${set}/resetOffsetByTime-offline`, 'c2s', 'req', 30)) {
        const f = javaFields(java);
        expect(ourFields(getMaxOffset, { topic: f.topic!, queueId: Number(f.queueId), brokerName: f.bname! })).toEqual(f);
      }
      expect(ourFields(searchOffsetByTimestamp, { topic: 'T', queueId: 1, brokerName: 'broker-a', timestamp: 5 })).toEqual({ topic: 'T', queueId: '1', timestamp: '5', bname: 'broker-a' });
    });
  });

  describe(`answers decode to the Java figures (${set})`, () => {
    it('ConsumeStats: the offsets and the TPS consumerProgress printed', () => {
      const stats = readResponse(getConsumeStats, answerTo(`${set}/consumerProgress`, 208), { consumerGroup: 'FxGroup' }, 'b');
      const byQueue = Object.fromEntries(stats.offsetTable.map((r) => [`${r.mq.topic}:${r.mq.queueId}`, [r.offset.brokerOffset, r.offset.consumerOffset]]));
      // Transcript: FxTopic 0..3 -> 2/2, 2/2, 2/2, 1/1; %RETRY%FxGroup 0 -> 0/0; Diff Total 0.
      expect(byQueue).toEqual({ 'FxTopic:0': [2, 2], 'FxTopic:1': [2, 2], 'FxTopic:2': [2, 2], 'FxTopic:3': [1, 1], '%RETRY%FxGroup:0': [0, 0] });
      expect(stats.serverVersion).toBe(409);
      if (set === 'rocketmq-4.9.8') expect(formatTps(stats.consumeTps)).toBe('0.18');
      expect(stats.offsetTable.every((r) => r.offset.pullOffset === undefined)).toBe(true);
    });

    it('ConsumerConnection: the client and subscriptions consumerConnection printed', () => {
      const c = readResponse(getConsumerConnectionList, answerTo(`${set}/consumerConnection`, 203), { consumerGroup: 'FxGroup' }, 'b')!;
      expect(c.connections).toEqual([{ ...javaClient(set), language: 'JAVA', version: 409 }]);
      expect(versionDesc(c.connections[0]!.version)).toBe('V4_9_8');
      expect(c.subscriptions.map((s) => [s.topic, s.subString]).sort()).toEqual([['%RETRY%FxGroup', '*'], ['FxTopic', '*']]);
      expect([c.consumeType, c.messageModel, c.consumeFromWhere]).toEqual(['CONSUME_PASSIVELY', 'CLUSTERING', 'CONSUME_FROM_FIRST_OFFSET']);
    });

    it('ResetOffsetBody of the online reset; CONSUMER_NOT_ONLINE of the offline one is an answer', () => {
      const online = readResponse(invokeBrokerToResetOffset, answerTo(`${set}/resetOffsetByTime-online`, 222), { topic: 'FxTopic', group: 'FxGroup', timestamp: 0, isForce: true }, 'b');
      expect(online.kind).toBe('reset');
      if (online.kind === 'reset') expect(online.offsets.map((o) => [o.mq.queueId, o.offset]).sort()).toEqual([[0, 0], [1, 0], [2, 0], [3, 0]]);
      expect(online.serverVersion).toBeLessThan(413);
      const offline = readResponse(invokeBrokerToResetOffset, answerTo(`${set}/resetOffsetByTime-offline`, 222), { topic: 'FxTopic', group: 'FxGroup', timestamp: -1, isForce: true }, 'b');
      expect(offline.kind).toBe('not-online');
      const missing = answerTo(`${set}/error-resetOffset-missing`, 222);
      expect(() => readResponse(invokeBrokerToResetOffset, missing, { topic: 'FxTopic', group: 'NoSuchGroup', timestamp: -1, isForce: true }, 'b')).toThrow(ResponseError);
    });

    it('GET_MAX_OFFSET answers: the offsets the Java tool rolled back to', () => {
      const all = scenarioFrames(`${set}/resetOffsetByTime-offline`).map((f) => ({ f, c: decodeFrame(f.bytes) }));
      const got: Array<[string, number]> = [];
      for (const { f, c } of all) {
        if (f.kind !== 'req' || f.code !== 30) continue;
        const answer = all.find((x) => x.f.kind === 'resp' && x.c.opaque === c.opaque)!.c;
        got.push([c.extFields!.queueId!, readResponse(getMaxOffset, answer, { topic: 'FxTopic', queueId: 0, brokerName: 'broker-a' }, 'b')]);
      }
      // Transcript: queue 2 -> 2, 3 -> 1, 0 -> 2, 1 -> 2.
      expect(got).toEqual([['2', 2], ['3', 1], ['0', 2], ['1', 2]]);
    });

    it('ConsumerRunningInfo from the client', () => {
      const info = readResponse(getConsumerRunningInfo, answerTo(`${set}/consumerStatus`, 307), { consumerGroup: 'FxGroup', clientId: 'x' }, 'b');
      expect(info.queues.map((q) => `${q.mq.topic}:${q.mq.queueId}:${q.commitOffset}`)).toEqual(['%RETRY%FxGroup:0:0', 'FxTopic:0:2', 'FxTopic:1:2', 'FxTopic:2:2', 'FxTopic:3:1']);
      expect(info.subscriptions.map((s) => s.topic).sort()).toEqual(['%RETRY%FxGroup', 'FxTopic']);
      expect(info.properties.PROP_CONSUME_TYPE).toBe('CONSUME_PASSIVELY');
    });
  });
}

describe('helpers', () => {
  it('versionDesc follows MQVersion numbering', () => {
    expect(versionDesc(409)).toBe('V4_9_8');
    expect(versionDesc(413)).toBe('V5_0_0');
    expect(versionDesc(479)).toBe('V5_3_3');
    expect(versionDesc(213)).toBe('V4_0_0');
    expect(versionDesc(408)).toBe('V4_9_8_SNAPSHOT');
    expect(versionDesc(100)).toBe('100');
  });

  it('reset times: Java forms, ISO, relative, earliest/latest', () => {
    const now = Date.UTC(2026, 10, 22, 10, 0, 0);
    expect(parseResetTime('now', now)).toEqual({ kind: 'latest' });
    expect(parseResetTime('latest', now)).toEqual({ kind: 'latest' });
    expect(parseResetTime('earliest', now)).toEqual({ kind: 'earliest' });
    expect(parseResetTime('0', now)).toEqual({ kind: 'time', ms: 0 });
    expect(parseResetTime('1700000000000', now)).toEqual({ kind: 'time', ms: 1700000000000 });
    expect(parseResetTime('-1h', now)).toEqual({ kind: 'time', ms: now - 3_600_000 });
    expect(parseResetTime('2026-11-22T09:00:00Z', now)).toEqual({ kind: 'time', ms: Date.UTC(2026, 10, 22, 9) });
    expect(parseResetTime('2026-11-22#09:00:00:000', now)).toEqual({ kind: 'time', ms: new Date(2026, 10, 22, 9).getTime() });
    expect(() => parseResetTime('soon', now)).toThrow(/cannot read the time/);
  });

  it('TPS rounds like Java, filters and sorts groups', () => {
    expect(formatTps(0.175)).toBe('0.18');
    expect(formatTps(0.11666666666666667)).toBe('0.12');
    expect(formatTps(0)).toBe('0.00');
    expect(groupMatcher('order-*')('order-eu')).toBe(true);
    expect(groupMatcher('order-*')('my-order-eu')).toBe(false);
    expect(groupMatcher('der')('my-order-eu')).toBe(true);
    const g = (group: string, totalLag: number) => ({ group, clients: 0, version: null, consumeType: null, messageModel: null, consumeTps: 0, totalLag });
    expect(sortGroups([g('a', 1), g('b', 5), g('c', 3)], 'lag').map((x) => x.group)).toEqual(['b', 'c', 'a']);
  });
});
