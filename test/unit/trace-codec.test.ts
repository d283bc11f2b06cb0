// The Java trace format (TraceDataEncoder) against real trace messages: the bodies of the trace
// messages in the captured QUERY_MESSAGE answers of queryMsgTraceById (4.9.8 and 5.3.3) and the
// trace sends of the real Java trace producer and push consumer (5.3.3). Every record decodes;
// encoding the decoded records gives the same bytes back; the KEYS of each trace message are the
// ids and keys of its records.

import { describe, expect, it } from 'vitest';
import { traceRecordsOf, traceTimeline } from '../../src/admin/trace.js';
import type { LocatedMessage } from '../../src/admin/messages.js';
import { decodeMessages } from '../../src/protocol/message.js';
import { decodeMessageProperties } from '../../src/protocol/properties.js';
import {
  consumeReturnTypeName,
  decodeTraceData,
  encodeTraceData,
  encodeTraceRecord,
  messageTypeName,
  traceMessageKeys,
  type PubRecord,
  type SubAfterRecord,
  type SubBeforeRecord,
  type TraceRecord,
} from '../../src/protocol/trace.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import { scenarioFrames } from '../helpers/fixtures.js';

const OLD = 'rocketmq-4.9.8-more/queryMsgTraceById';
const NEW = 'rocketmq-5.3.3-more/queryMsgTraceById';

/** The trace messages in the scenario's captured QUERY_MESSAGE answer. */
function queryAnswerMessages(scenario: string): LocatedMessage[] {
  const frames = scenarioFrames(scenario);
  const query = frames.find((f) => f.dir === 'c2s' && f.code === 12)!;
  const opaque = decodeFrame(query.bytes).opaque;
  const answer = frames.map((f) => ({ f, cmd: decodeFrame(f.bytes) })).find(({ f, cmd }) => f.dir === 's2c' && f.kind === 'resp' && cmd.opaque === opaque)!;
  return decodeMessages(answer.cmd.body!).map((m) => ({ ...m, brokerName: 'broker-a', brokerAddr: '127.0.0.1:10911' }));
}

/** The SEND_MESSAGE_V2 requests to RMQ_SYS_TRACE_TOPIC of a Java client capture: body and KEYS. */
function traceSends(scenario: string): Array<{ body: string; keys: string }> {
  return scenarioFrames(scenario)
    .filter((f) => f.dir === 'c2s' && f.code === 310)
    .map((f) => decodeFrame(f.bytes))
    .filter((c) => c.extFields?.b === 'RMQ_SYS_TRACE_TOPIC')
    .map((c) => ({ body: c.body!.toString('utf8'), keys: decodeMessageProperties(c.extFields!.i!).KEYS! }));
}

function expectRoundTrip(body: string): TraceRecord[] {
  const decoded = decodeTraceData(body);
  expect(decoded.malformed).toEqual([]);
  expect(encodeTraceData(decoded.records)).toBe(body);
  return decoded.records;
}

describe('trace records of the captured QUERY_MESSAGE answers', () => {
  it('4.9.8: the Pub and SubBefore/SubAfter records the Java tool printed', () => {
    const messages = queryAnswerMessages(OLD);
    expect(messages.map((m) => m.topic)).toEqual(['RMQ_SYS_TRACE_TOPIC', 'RMQ_SYS_TRACE_TOPIC']);
    const [producerBatch, consumerBatch] = messages.map((m) => expectRoundTrip(m.body.toString('utf8')));
    expect(producerBatch!.map((r) => r.type)).toEqual(['Pub', 'Pub']);
    expect(consumerBatch!.map((r) => r.type)).toEqual(['SubBefore', 'SubBefore', 'SubAfter', 'SubAfter']);
    expect(producerBatch![0]).toEqual<PubRecord>({
      type: 'Pub', timestamp: 1796354711933, regionId: 'DefaultRegion', groupName: 'RefTraceProducerGroup', topic: 'FxTraceTopic',
      msgId: 'C00002026EE05FFD2B27102EF17B0000', tags: 'TagA', keys: 'fxtrace-0', storeHost: '127.0.0.1:10911', bodyLength: 9,
      costTime: 212, msgType: 0, offsetMsgId: '7F00000100002A9F00000000034F5390', success: true,
    });
    // 4.9.8 consumers write the region as the string "null" (no MSG_REGION on the message).
    expect(consumerBatch![0]).toEqual<SubBeforeRecord>({
      type: 'SubBefore', timestamp: 1796354716522, regionId: null, groupName: 'FxTraceGroup', requestId: 'C00002026F425FFD2B27102F03690000',
      msgId: 'C00002026EE05FFD2B27102EF17B0000', retryTimes: 0, keys: 'fxtrace-0',
    });
    expect(consumerBatch![3]).toEqual<SubAfterRecord>({
      type: 'SubAfter', requestId: 'C00002026F425FFD2B27102F03690000', msgId: 'C00002026EE05FFD2B27102EF17B0000', costTime: 7,
      success: true, keys: 'fxtrace-0', contextCode: 0, timestamp: 1796354716529, groupName: 'FxTraceGroup',
    });
    // Each trace message's KEYS: the ids and keys of its records (a HashSet in Java: any order).
    for (const m of messages) {
      const records = decodeTraceData(m.body).records;
      expect(new Set(traceMessageKeys(records).split(' '))).toEqual(new Set(m.keys));
    }
  });

  it('4.9.8: the records of the queried id, the timeline and the facts of the Java transcript', () => {
    const { records, malformed } = traceRecordsOf('C00002026EE05FFD2B27102EF17B0000', queryAnswerMessages(OLD));
    expect(malformed).toBe(0);
    expect(records.map((r) => [r.type, r.clientHost])).toEqual([['Pub', '127.0.0.1'], ['SubBefore', '127.0.0.1'], ['SubAfter', '127.0.0.1']]);
    const { events, consumers } = traceTimeline(records);
    // Java: `Pub RefTraceProducerGroup 127.0.0.1 2026-12-04 03:25:11 212ms success` and
    //       `Sub FxTraceGroup 127.0.0.1 2026-12-04 03:25:16 7ms success`.
    expect(events.map((e) => e.kind)).toEqual(['sent', 'stored', 'consumed']);
    expect(events[0]).toMatchObject({ time: 1796354711933, group: 'RefTraceProducerGroup', clientHost: '127.0.0.1', costMs: 212, success: true, msgType: 'Normal_Msg' });
    expect(events[1]).toMatchObject({ time: 1796354711933 + 212, storeHost: '127.0.0.1:10911', offsetMsgId: '7F00000100002A9F00000000034F5390' });
    expect(events[2]).toMatchObject({ time: 1796354716522, endTime: 1796354716529, group: 'FxTraceGroup', costMs: 7, success: true, reconsumeTimes: 0, result: 'SUCCESS' });
    expect(consumers).toEqual([{ group: 'FxTraceGroup', attempts: 1, retries: 0, status: 'consumed', lastTime: 1796354716529, clients: ['127.0.0.1'] }]);
  });

  it('5.3.3: a consumer batch of several messages; only the queried id is kept', () => {
    const messages = queryAnswerMessages(NEW);
    const batches = messages.map((m) => expectRoundTrip(m.body.toString('utf8')));
    expect(batches[1]!.filter((r) => r.type === 'SubBefore')).toHaveLength(6);
    // A message without keys: its records carry the string "null".
    expect(batches[1]!.find((r) => r.msgId === 'FD000000000000000000000000000002613C4E0E2F2A1048A3200000' && r.type === 'SubBefore')).toMatchObject({ keys: null });
    const id = 'FD00000000000000000000000000000272135FFD2B27104B33800000';
    const { records } = traceRecordsOf(id, messages);
    expect(records.map((r) => r.type)).toEqual(['Pub', 'SubBefore', 'SubAfter']);
    const { events, consumers } = traceTimeline(records);
    // Java: `Pub RefTraceProducerGroup 127.0.0.1 2026-12-04 03:56:03 18ms success`,
    //       `Sub FxTraceGroup2 127.0.0.1 2026-12-04 03:56:09 11ms success`.
    expect(events[0]).toMatchObject({ kind: 'sent', time: 1796356563841, group: 'RefTraceProducerGroup', costMs: 18, success: true });
    expect(new Date(events[0]!.time!).toISOString()).toMatch(/^2026-12-04T03:56:03/);
    expect(events[2]).toMatchObject({ kind: 'consumed', group: 'FxTraceGroup2', costMs: 11, success: true, endTime: 1796356569765 });
    expect(new Date((events[2] as { endTime: number }).endTime).toISOString()).toMatch(/^2026-12-04T03:56:09/);
    expect(consumers.map((c) => [c.group, c.status])).toEqual([['FxTraceGroup2', 'consumed']]);
  });
});

describe('trace sends of the real Java clients (5.3.3)', () => {
  it('the trace producer: one trace message with both Pub records, KEYS = ids and keys', () => {
    const sends = traceSends('rocketmq-5.3.3-more/trace-producer-java');
    expect(sends).toHaveLength(1);
    const records = expectRoundTrip(sends[0]!.body);
    expect(records.map((r) => [r.type, r.msgId, r.type === 'Pub' ? r.keys : null])).toEqual([
      ['Pub', 'FD00000000000000000000000000000272135FFD2B27104B33800000', 'fx2trace-0'],
      ['Pub', 'FD00000000000000000000000000000272135FFD2B27104B339D0002', 'fx2trace-1'],
    ]);
    expect(new Set(sends[0]!.keys.split(' '))).toEqual(new Set(traceMessageKeys(records).split(' ')));
  });

  it('the trace push consumer: three trace messages, SubBefore and SubAfter of every message', () => {
    const sends = traceSends('rocketmq-5.3.3-more/trace-consumer-java');
    expect(sends).toHaveLength(3);
    let before = 0;
    let after = 0;
    for (const s of sends) {
      const records = expectRoundTrip(s.body);
      before += records.filter((r) => r.type === 'SubBefore').length;
      after += records.filter((r) => r.type === 'SubAfter').length;
      expect(new Set(s.keys.split(' '))).toEqual(new Set(traceMessageKeys(records).split(' ')));
      for (const r of records) if (r.type === 'SubAfter') expect(r.groupName).toBe('FxTraceGroup2');
    }
    // The transcript: 11 messages consumed.
    expect([before, after]).toEqual([11, 11]);
  });
});

describe('the record forms Java tolerates', () => {
  it('Pub with 13 fields (no offset id) and with a 15th (client host)', () => {
    const old = 'Pub\u00011\u0001r\u0001G\u0001T\u0001ID\u0001tag\u0001k\u0001h:1\u00015\u00016\u00013\u0001false\u0002';
    expect(decodeTraceData(old).records[0]).toMatchObject({ msgType: 3, offsetMsgId: null, success: false });
    expect(messageTypeName(3)).toBe('Delay_Msg');
    const withHost = 'Pub\u00011\u0001r\u0001G\u0001T\u0001ID\u0001tag\u0001k\u0001h:1\u00015\u00016\u00014\u0001OFF\u0001true\u000110.0.0.9\u0002';
    const [r] = decodeTraceData(withHost).records;
    expect(r).toMatchObject({ offsetMsgId: 'OFF', success: true, clientHost: '10.0.0.9', msgType: 4 });
    expect(encodeTraceRecord(r!)).toBe(withHost);
  });

  it('SubAfter in the CLOUD forms: 5.x ends with an empty field, 4.9.8 glues the next record on', () => {
    const cloud5 = 'SubAfter\u0001REQ\u0001ID\u00013\u0001false\u0001k\u00011\u0001\u0002';
    const [r] = decodeTraceData(cloud5).records;
    expect(r).toEqual({ type: 'SubAfter', requestId: 'REQ', msgId: 'ID', costTime: 3, success: false, keys: 'k', contextCode: 1, timestamp: null, groupName: null });
    expect(consumeReturnTypeName(1)).toBe('TIME_OUT');
    expect(encodeTraceRecord(r!)).toBe(cloud5);
    const glued = 'SubAfter\u0001REQ\u0001ID\u00013\u0001true\u0001k\u00010SubBefore\u00011\u0001r\u0001G\u0001REQ2\u0001ID2\u00012\u0001k2\u0002';
    const d = decodeTraceData(glued);
    expect(d.malformed).toEqual([]);
    expect(d.records.map((x) => [x.type, x.msgId])).toEqual([['SubAfter', 'ID'], ['SubBefore', 'ID2']]);
    expect(d.records[0]).toMatchObject({ contextCode: 0, timestamp: null });
    expect(d.records[1]).toMatchObject({ retryTimes: 2, groupName: 'G' });
  });

  it('EndTransaction and Recall records round-trip; a broken record is set apart, the others kept', () => {
    const records: TraceRecord[] = [
      { type: 'EndTransaction', timestamp: 5, regionId: 'R', groupName: 'P', topic: 'T', msgId: 'ID', tags: null, keys: 'a b', storeHost: 'h:1', msgType: 1, transactionId: 'TX', transactionState: 'COMMIT_MESSAGE', fromTransactionCheck: true },
      { type: 'Recall', timestamp: 6, regionId: 'R', groupName: 'P', topic: 'T', msgId: 'ID', success: true },
    ];
    const text = encodeTraceData(records);
    expect(decodeTraceData(text).records).toEqual(records);
    expect(traceMessageKeys(records)).toBe('ID a b');
    const broken = decodeTraceData(`Pub\u0001notanumber\u0002Nonsense\u00011\u0002${text}`);
    expect(broken.records).toEqual(records);
    expect(broken.malformed.map((m) => m.reason)).toEqual(['field 1 is not a number: "notanumber"', 'unknown record type "Nonsense"']);
  });
});

describe('the timeline', () => {
  const at = (r: TraceRecord, clientHost = '10.0.0.1'): TraceRecord & { clientHost: string; traceMsgId: string; brokerName: string } => ({ ...r, clientHost, traceMsgId: 'T', brokerName: 'b' });

  it('a failed attempt, a retry that succeeds, and a group whose attempt has no result', () => {
    const before = (ts: number, req: string, retry: number, group = 'G'): SubBeforeRecord => ({ type: 'SubBefore', timestamp: ts, regionId: 'R', groupName: group, requestId: req, msgId: 'ID', retryTimes: retry, keys: null });
    const after = (ts: number, req: string, ok: boolean, code: number): SubAfterRecord => ({ type: 'SubAfter', requestId: req, msgId: 'ID', costTime: 4, success: ok, keys: null, contextCode: code, timestamp: ts, groupName: 'G' });
    const { events, consumers } = traceTimeline([
      at(after(2004, 'r1', false, 2)),
      at(before(2000, 'r1', 0)),
      at(before(12_000, 'r2', 1), '10.0.0.2'),
      at(after(12_004, 'r2', true, 0), '10.0.0.2'),
      at(before(3000, 'r3', 0, 'H')),
    ]);
    expect(events.map((e) => [e.kind, e.time, e.kind === 'consumed' ? e.success : undefined])).toEqual([
      ['consumed', 2000, false],
      ['consumed', 3000, null],
      ['consumed', 12_000, true],
    ]);
    expect(events[0]).toMatchObject({ result: 'EXCEPTION', reconsumeTimes: 0 });
    expect(consumers).toEqual([
      { group: 'G', attempts: 2, retries: 1, status: 'consumed', lastTime: 12_004, clients: ['10.0.0.1', '10.0.0.2'] },
      { group: 'H', attempts: 1, retries: 0, status: 'no result', lastTime: 3000, clients: ['10.0.0.1'] },
    ]);
  });
});
