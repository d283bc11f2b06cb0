// queryMsgTraceById and consumeMessage against the frames the Java mqadmin 4.9.8 and 5.3.3
// really sent and received (test/fixtures/*-more): every frame decodes; our requests carry the
// extFields the Java tool sent (signature fields aside; the differences named); the captured
// answers decode to what the Java tool printed.

import { describe, expect, it } from 'vitest';
import { buildRequest, readResponse, type RequestDefinition } from '../../src/protocol/requests/define.js';
import { getMaxOffset, getMinOffset, LONG_MAX, pullMessage, queryMessage, TOOLS_CONSUMER_GROUP } from '../../src/protocol/requests/message.js';
import { getRouteInfoByTopic } from '../../src/protocol/requests/namesrv.js';
import { DEFAULT_TRACE_TOPIC } from '../../src/protocol/trace.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { scenarioFrames, scenarioIndex, transcript, type ScenarioExchange, scenarioExchanges } from '../helpers/fixtures.js';

const SCENARIOS = [
  'rocketmq-4.9.8-more/queryMsgTraceById',
  'rocketmq-4.9.8-more/consumeMessage',
  'rocketmq-4.9.8-more/consumeMessage-byOffset',
  'rocketmq-5.3.3-more/queryMsgTraceById',
  'rocketmq-5.3.3-more/consumeMessage',
];
/** Signature fields, and the capture client's `ReqT` marker. */
const VOLATILE = new Set(['Signature', 'AccessKey', 'ReqT']);

type Exchange = ScenarioExchange & { response: RemotingCommand };
/** The requests to the servers whose answers were captured. */
const exchanges = (scenario: string): Exchange[] =>
  scenarioExchanges(scenario).filter((x): x is Exchange => x.dir === 'c2s' && x.response !== undefined);

function javaFields(cmd: RemotingCommand): Record<string, string> {
  return Object.fromEntries(Object.entries(cmd.extFields ?? {}).filter(([k]) => !VOLATILE.has(k)));
}

function ourFields<A>(def: RequestDefinition<A, unknown>, args: A): Record<string, string> {
  const built = buildRequest(def, args);
  return Object.fromEntries(Object.entries(built.extFields ?? {}).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
}

function ofCode(scenario: string, code: number): Exchange[] {
  return exchanges(scenario).filter((e) => e.request.code === code);
}

const decode = <A, R>(def: RequestDefinition<A, R>, res: RemotingCommand, args: A): R => readResponse(def, res, args, '127.0.0.1:10911');

describe('every captured frame decodes', () => {
  it.each(SCENARIOS)('%s', (scenario) => {
    const index = scenarioIndex(scenario);
    const frames = scenarioFrames(scenario);
    expect(frames.length).toBe(index.length);
    for (const f of frames) {
      const cmd = decodeFrame(f.bytes);
      const entry = index.find((e) => e.file === f.file)!;
      expect(cmd.code).toBe(entry.header.code);
      expect(cmd.opaque).toBe(entry.header.opaque);
      expect(cmd.body?.length ?? 0).toBe(entry.bodyLen);
    }
  });
});

describe('queryMsgTraceById: a key query of the trace topic', () => {
  it.each([
    ['rocketmq-4.9.8-more/queryMsgTraceById', 'C00002026EE05FFD2B27102EF17B0000', 2],
    ['rocketmq-5.3.3-more/queryMsgTraceById', 'FD00000000000000000000000000000272135FFD2B27104B33800000', 2],
  ])('%s: the route, then QUERY_MESSAGE with the id as key', (scenario, id, hits) => {
    const [route] = ofCode(scenario, 105).filter((e) => e.request.extFields?.topic === DEFAULT_TRACE_TOPIC);
    expect(ourFields(getRouteInfoByTopic, { topic: DEFAULT_TRACE_TOPIC })).toEqual(javaFields(route!.request));
    expect(decode(getRouteInfoByTopic, route!.response, { topic: DEFAULT_TRACE_TOPIC }).queueDatas[0]!.readQueueNums).toBe(4);

    const [q] = ofCode(scenario, 12);
    const sent = javaFields(q!.request);
    const args = { topic: DEFAULT_TRACE_TOPIC, key: id, maxNum: 64, beginTimestamp: 0, endTimestamp: LONG_MAX, uniqueKey: false };
    const ours = ourFields(queryMessage, args);
    // 4.9.8 ends the window at the current time, 5.3.3 (and we) at Long.MAX_VALUE.
    if (scenario.includes('4.9.8')) {
      expect(Number(sent.endTimestamp)).toBeGreaterThan(1796354711933);
      expect({ ...ours, endTimestamp: sent.endTimestamp }).toEqual(sent);
    } else {
      expect(ours).toEqual(sent);
    }
    const answer = decode(queryMessage, q!.response, args);
    expect(answer.messages).toHaveLength(hits);
    for (const m of answer.messages) {
      expect(m.topic).toBe(DEFAULT_TRACE_TOPIC);
      expect(m.keys).toContain(id);
    }
    // The Java tool printed the producer group and the consumer group of those records.
    const t = transcript(scenario);
    const bodies = answer.messages.map((m) => m.body.toString('utf8')).join('');
    for (const group of [...t.matchAll(/^(?:Pub|Sub)\s+(\S+)/gm)].map((m) => m[1]!)) expect(bodies).toContain(`\u0001${group}\u0001`);
  });
});

describe('consumeMessage: min and max offsets, then pulls with sysFlag 4 (nothing committed)', () => {
  it('4.9.8 -b broker-a -i 1 -o 0 -c 2: the requests and what they answered', () => {
    const scenario = 'rocketmq-4.9.8-more/consumeMessage-byOffset';
    const q = { topic: 'FxTopic2', queueId: 1, brokerName: 'broker-a' };
    const [min] = ofCode(scenario, 31);
    const [max] = ofCode(scenario, 30);
    expect(ourFields(getMinOffset, q)).toEqual(javaFields(min!.request));
    expect(ourFields(getMaxOffset, q)).toEqual(javaFields(max!.request));
    expect(decode(getMinOffset, min!.response, q)).toBe(0);
    expect(decode(getMaxOffset, max!.response, q)).toBe(2);

    const pulls = ofCode(scenario, 11);
    expect(pulls).toHaveLength(2);
    // Java asks for max - offset + 1 messages (3); the broker caps it.
    const args = { ...q, queueOffset: 0, maxMsgNums: 3 };
    expect(ourFields(pullMessage, args)).toEqual(javaFields(pulls[0]!.request));
    expect(javaFields(pulls[0]!.request)).toMatchObject({ consumerGroup: TOOLS_CONSUMER_GROUP, sysFlag: '4', commitOffset: '0' });
    const found = decode(pullMessage, pulls[0]!.response, args);
    expect(found.status).toBe('FOUND');
    const printed = [...transcript(scenario).matchAll(/^MSGID: (\S+) .*queueOffset=(\d+).* BODY: (.*)$/gm)].map((m) => [m[1], Number(m[2]), m[3]]);
    expect(found.messages.map((m) => [m.msgId, m.queueOffset, m.body.toString('utf8')])).toEqual(printed);
    // `toString()=Message{... properties={MIN_OFFSET=0, MAX_OFFSET=2, KEYS=fx2key-3, ...`
    expect(Object.keys(found.messages[0]!.properties).slice(0, 2)).toEqual(['MIN_OFFSET', 'MAX_OFFSET']);
    // The second pull, at the end: `print msg finished. status=NO_NEW_MSG, offset=2`.
    const end = decode(pullMessage, pulls[1]!.response, { ...q, queueOffset: 2, maxMsgNums: 1 });
    expect([end.status, end.nextBeginOffset]).toEqual(['NO_NEW_MSG', 2]);
    expect(transcript(scenario)).toContain(`status=${end.status}, offset=${end.nextBeginOffset}`);
  });

  it('4.9.8 default mode: every pull was of the queue it names, and the queues add up to what was printed', () => {
    const scenario = 'rocketmq-4.9.8-more/consumeMessage';
    let printed = 0;
    for (const p of ofCode(scenario, 11)) {
      const h = p.request.extFields!;
      const args = { topic: h.topic!, queueId: Number(h.queueId), brokerName: h.bname!, queueOffset: Number(h.queueOffset), maxMsgNums: Number(h.maxMsgNums) };
      expect(ourFields(pullMessage, args)).toEqual(javaFields(p.request));
      const r = decode(pullMessage, p.response, args);
      for (const m of r.messages) expect([m.queueId, m.topic]).toEqual([args.queueId, 'FxTopic2']);
      printed += r.messages.length;
    }
    // The Java tool printed 3 messages for -c 4 (its count is off by one per queue; ours is exact).
    expect([...transcript(scenario).matchAll(/^MSGID: /gm)]).toHaveLength(printed);
    expect(printed).toBe(3);
  });

  it('5.3.3 -g FxCmGroup2: the same requests, plus the 5.x fields', () => {
    const scenario = 'rocketmq-5.3.3-more/consumeMessage';
    const q = { topic: 'FxTopic2', queueId: 0, brokerName: 'broker-a5' };
    expect(ourFields(getMinOffset, q)).toEqual(javaFields(ofCode(scenario, 31)[0]!.request));
    // 5.x asks for the committed max offset.
    expect({ ...ourFields(getMaxOffset, q), committed: 'true' }).toEqual(javaFields(ofCode(scenario, 30)[0]!.request));
    const [pull] = ofCode(scenario, 11);
    const args = { ...q, queueOffset: 0, maxMsgNums: 2, consumerGroup: 'FxCmGroup2' };
    // 5.x adds maxMsgBytes (no limit).
    expect({ ...ourFields(pullMessage, args), maxMsgBytes: '2147483647' }).toEqual(javaFields(pull!.request));
    const r = decode(pullMessage, pull!.response, args);
    const printed = [...transcript(scenario).matchAll(/^MSGID: (\S+) .*queueOffset=(\d+).* BODY: (.*)$/gm)].map((m) => [m[1], Number(m[2]), m[3]]);
    expect(r.messages.map((m) => [m.msgId, m.queueOffset, m.body.toString('utf8')])).toEqual(printed);
    expect(r.messages[0]!.properties).toMatchObject({ TRACE_ON: 'true', MSG_REGION: 'DefaultRegion', KEYS: 'fx2key-2' });
  });
});
