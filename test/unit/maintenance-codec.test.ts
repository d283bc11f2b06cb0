// The maintenance commands against the frames the Java mqadmin 4.9.8 and 5.3.3 really sent and
// received (test/fixtures/rocketmq-*-more): every captured request and response of these
// scenarios decodes; our requests carry the Java tool's extFields; the captured answers decode to
// what the Java tool printed (transcript.txt).

import { describe, expect, it } from 'vitest';
import { parseBrokerIdentity } from '../../src/admin/maintenance.js';
import { InvalidArgumentError } from '../../src/admin/errors.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { RequestCode, ResponseCode } from '../../src/protocol/codes.js';
import { ResponseError } from '../../src/protocol/errors.js';
import { buildRequest, readResponse, type RequestDefinition } from '../../src/protocol/requests/define.js';
import {
  addBroker,
  cleanExpiredConsumeQueue,
  cleanUnusedTopic,
  deleteExpiredCommitLog,
  queryConsumeQueue,
  removeBroker,
  resetMasterFlushOffset,
  setCommitLogReadMode,
} from '../../src/protocol/requests/maintenance.js';
import { scenarioExchanges, scenarioFrames, transcript, type ScenarioExchange } from '../helpers/fixtures.js';

const V4 = 'rocketmq-4.9.8-more';
const V5 = 'rocketmq-5.3.3-more';
const SCENARIOS = [
  ...['cleanExpiredCQ', 'cleanUnusedTopic', 'deleteExpiredCommitLog', 'queryCq', 'queryCq-slave'].map((s) => `${V4}/${s}`),
  ...['cleanExpiredCQ', 'cleanUnusedTopic', 'deleteExpiredCommitLog', 'queryCq', 'resetMasterFlushOffset', 'setCommitLogReadAheadMode', 'addBroker', 'removeBroker'].map((s) => `${V5}/${s}`),
];

type Exchange = ScenarioExchange;
const exchanges = scenarioExchanges;

function only(scenario: string, code: number): Exchange {
  const found = exchanges(scenario).filter((e) => e.request.code === code);
  expect(found, `${scenario}: one request ${code}`).toHaveLength(1);
  return found[0]!;
}

const SIGNING = new Set(['Signature', 'AccessKey']);
const javaFields = (r: RemotingCommand) => Object.fromEntries(Object.entries(r.extFields ?? {}).filter(([k]) => !SIGNING.has(k)));

/** Our request for `args` carries exactly the Java tool's fields (the signature aside). */
function expectSameFields<A>(def: RequestDefinition<A, unknown>, args: A, java: RemotingCommand) {
  const ours = buildRequest(def, args);
  expect(ours.code).toBe(java.code);
  const mine = Object.fromEntries(Object.entries(ours.extFields ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  expect(mine).toEqual(javaFields(java));
  expect(java.body === null || java.body.length === 0).toBe(true);
}

describe('every captured frame of the maintenance scenarios decodes', () => {
  for (const s of SCENARIOS) {
    it(s, () => {
      const frames = scenarioFrames(s);
      expect(frames.length).toBeGreaterThan(0);
      for (const f of frames) expect(() => decodeFrame(f.bytes)).not.toThrow();
      for (const e of exchanges(s)) expect(e.response, `${s}: answer to ${e.request.code}`).toBeDefined();
    });
  }
});

describe('housekeeping: no header, no body, SUCCESS', () => {
  const cases: Array<[string, number, RequestDefinition<void, void>]> = [
    ['cleanExpiredCQ', RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, cleanExpiredConsumeQueue],
    ['cleanUnusedTopic', RequestCode.CLEAN_UNUSED_TOPIC, cleanUnusedTopic],
    ['deleteExpiredCommitLog', RequestCode.DELETE_EXPIRED_COMMITLOG, deleteExpiredCommitLog],
  ];
  for (const [name, code, def] of cases) {
    for (const set of [V4, V5]) {
      it(`${set}/${name}`, () => {
        const e = only(`${set}/${name}`, code);
        expectSameFields(def, undefined, e.request);
        expect(e.response!.code).toBe(ResponseCode.SUCCESS);
        expect(() => readResponse(def, e.response!, undefined, 'b')).not.toThrow();
        // The Java tool printed the last broker's `success`.
        expect(transcript(`${set}/${name}`)).toMatch(/^success\[exit 0\]$/m);
      });
    }
  }
});

describe('queryCq (QUERY_CONSUME_QUEUE 321)', () => {
  const javaEntries = (s: string) => [...transcript(s).matchAll(/physicOffset=(\d+), physicSize=(\d+), tagsCode=(-?\d+)/g)].map((m) => ({ physicOffset: Number(m[1]), physicSize: Number(m[2]), tagsCode: Number(m[3]) }));
  const javaRange = (s: string) => /max: (\d+), min: (\d+)/.exec(transcript(s))!.slice(1).map(Number);

  for (const s of [`${V4}/queryCq`, `${V4}/queryCq-slave`, `${V5}/queryCq`]) {
    it(`${s}: our header is the Java one; the answer decodes to the printed entries`, () => {
      const e = only(s, RequestCode.QUERY_CONSUME_QUEUE);
      const args = { topic: 'FxTopic2', queueId: 0, index: 0, count: 4, consumerGroup: s === `${V4}/queryCq` ? 'FxGroup2' : undefined };
      expectSameFields(queryConsumeQueue, args, e.request);
      const answer = readResponse(queryConsumeQueue, e.response!, args, 'b');
      expect(answer.body).not.toBeNull();
      const [max, min] = javaRange(s);
      expect([answer.body!.maxQueueIndex, answer.body!.minQueueIndex]).toEqual([max, min]);
      expect(answer.body!.entries.map((x) => ({ physicOffset: x.physicOffset, physicSize: x.physicSize, tagsCode: x.tagsCode }))).toEqual(javaEntries(s));
      expect(answer.body!.entries.every((x) => x.eval === false && x.msg === null && x.bitMap === null && x.extendDataJson === null)).toBe(true);
    });
  }

  it('the filter text of a group that is not online (4.9.8)', () => {
    const e = only(`${V4}/queryCq`, RequestCode.QUERY_CONSUME_QUEUE);
    const answer = readResponse(queryConsumeQueue, e.response!, { topic: 'FxTopic2', queueId: 0, index: 0, count: 4 }, 'b');
    expect(answer.body!.filterData).toBe('FxGroup2@FxTopic2 is not online!');
    expect(transcript(`${V4}/queryCq`)).toContain('FxGroup2@FxTopic2 is not online!');
  });
});

describe('5.x-only requests', () => {
  it('resetMasterFlushOffset: masterFlushOffset, SUCCESS from the slave', () => {
    const e = only(`${V5}/resetMasterFlushOffset`, RequestCode.RESET_MASTER_FLUSH_OFFSET);
    expectSameFields(resetMasterFlushOffset, { masterFlushOffset: 712889n }, e.request);
    expect(e.response!.code).toBe(ResponseCode.SUCCESS);
    expect(transcript(`${V5}/resetMasterFlushOffset`)).toContain('reset master flush offset to 712889 success');
  });

  it('setCommitLogReadAheadMode: the READ_AHEAD_MODE ext field; the remark is the answer', () => {
    const e = only(`${V5}/setCommitLogReadAheadMode`, RequestCode.SET_COMMITLOG_READ_MODE);
    expect(e.request.code).toBe(2004);
    expectSameFields(setCommitLogReadMode, { mode: '0' }, e.request);
    const remark = readResponse(setCommitLogReadMode, e.response!, { mode: '0' }, 'b');
    expect(remark).toBe('set commitlog readahead mode success, mode: 0');
    expect(transcript(`${V5}/setCommitLogReadAheadMode`)).toContain(`rstStr${remark}`);
  });

  it('addBroker: configPath; a plain broker answers REQUEST_CODE_NOT_SUPPORTED', () => {
    const e = only(`${V5}/addBroker`, RequestCode.ADD_BROKER);
    expect(e.request.code).toBe(902);
    expectSameFields(addBroker, { configPath: '/tmp/fx-inputs-533/no-such-broker.conf' }, e.request);
    expect(e.response!.code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    expect(() => readResponse(addBroker, e.response!, { configPath: 'x' }, 'b')).toThrow(ResponseError);
    expect(e.response!.remark).toContain('request type 902 not supported');
  });

  it('removeBroker: brokerClusterName, brokerName, brokerId from the identity; REQUEST_CODE_NOT_SUPPORTED', () => {
    const e = only(`${V5}/removeBroker`, RequestCode.REMOVE_BROKER);
    expect(e.request.code).toBe(903);
    expectSameFields(removeBroker, parseBrokerIdentity('DefaultCluster:broker-x5:1'), e.request);
    expect(e.response!.code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    expect(e.response!.remark).toContain('request type 903 not supported');
  });

  it('a malformed or negative broker identity is bad input', () => {
    for (const bad of ['DefaultCluster:broker-a', 'a:b:c:d', 'a::0', 'a:b:x', 'a:b:-1']) expect(() => parseBrokerIdentity(bad)).toThrow(InvalidArgumentError);
    expect(parseBrokerIdentity('C:b:2')).toEqual({ brokerClusterName: 'C', brokerName: 'b', brokerId: 2 });
  });
});
