// Static topic requests (351 with lo=true, 513) against the frames the Java 5.3.3 mqadmin sent and
// received (test/fixtures/rocketmq-5.3.3-more/updateStaticTopic, error-updateStaticTopic-unchanged),
// and the mapping plan computed from them.

import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { buildRequest, readResponse } from '../../src/protocol/requests/define.js';
import { decodeMappingDetail, encodeMappingDetail, getPhysicalTopicStats, getTopicConfigAndMapping, updateAndCreateStaticTopic } from '../../src/protocol/requests/staticTopic.js';
import { parseFastJson } from '../../src/protocol/fastjson.js';
import { scenarioFrames } from '../helpers/fixtures.js';

const SET = 'rocketmq-5.3.3-more';
const TOPIC = 'FxStaticTopic2-035757';

function exchange(scenario: string, code: number): { request: RemotingCommand; response: RemotingCommand } {
  const frames = scenarioFrames(`${SET}/${scenario}`);
  const i = frames.findIndex((f) => f.kind === 'req' && f.code === code && f.serverPort === 10951);
  const request = decodeFrame(frames[i]!.bytes);
  const resp = frames.slice(i + 1).find((f) => f.kind === 'resp' && f.serverPort === 10951 && decodeFrame(f.bytes).opaque === request.opaque)!;
  return { request, response: decodeFrame(resp.bytes) };
}

describe('GET_TOPIC_CONFIG (351) with lo=true', () => {
  it('our request carries the Java fields; TOPIC_NOT_EXIST is "no config"', () => {
    const { request, response } = exchange('updateStaticTopic', 351);
    expect(request.extFields).toEqual({ lo: 'true', topic: TOPIC });
    const ours = buildRequest(getTopicConfigAndMapping, { topic: TOPIC });
    expect(Object.fromEntries(Object.entries(ours.extFields ?? {}).map(([k, v]) => [k, String(v)]))).toEqual({ lo: 'true', topic: TOPIC });
    expect(response.code).toBe(17);
    expect(readResponse(getTopicConfigAndMapping, response, { topic: TOPIC }, 'b')).toBeNull();
  });

  it('decodes a static topic config and its mapping', () => {
    const { response } = exchange('error-updateStaticTopic-unchanged', 351);
    const r = readResponse(getTopicConfigAndMapping, response, { topic: TOPIC }, 'b')!;
    expect(r.config).toMatchObject({ topicName: TOPIC, readQueueNums: 4, writeQueueNums: 4, perm: 6 });
    expect(r.mapping).toMatchObject({ bname: 'broker-a5', epoch: 1796356685109, totalQueues: 4, scope: '__global__', currIdMap: {} });
    expect(Object.keys(r.mapping!.hostedQueues)).toEqual(['0', '1', '2', '3']);
    expect(r.mapping!.hostedQueues[2]).toEqual([{ bname: 'broker-a5', endOffset: -1, gen: 0, logicOffset: 0, queueId: 2, startOffset: 0, timeOfEnd: -1, timeOfStart: -1 }]);
  });
});

describe('UPDATE_AND_CREATE_STATIC_TOPIC (513)', () => {
  it('decodes the captured request; ours has the same header and body bytes', () => {
    const { request, response } = exchange('updateStaticTopic', 513);
    expect(request.extFields).toEqual({
      topic: TOPIC, defaultTopic: 'TBW102', readQueueNums: '4', writeQueueNums: '4', perm: '6', topicFilterType: 'SINGLE_TAG', topicSysFlag: '0', order: 'false', force: 'false',
    });
    const mapping = decodeMappingDetail(parseFastJson(request.body!));
    expect(mapping.epoch).toBe(1796356680221);
    expect(encodeMappingDetail(mapping)).toBe(request.body!.toString());
    const ours = buildRequest(updateAndCreateStaticTopic, {
      config: { topicName: TOPIC, readQueueNums: 4, writeQueueNums: 4, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false, attributes: {} },
      mapping,
    });
    expect(Object.fromEntries(Object.entries(ours.extFields ?? {}).map(([k, v]) => [k, String(v)]))).toEqual(request.extFields);
    expect(ours.body!.toString()).toBe(request.body!.toString());
    expect(response.code).toBe(0);
  });
});

describe('GET_TOPIC_STATS_INFO (202) with lo=false', () => {
  it('asks for the physical queues, as the Java remapping does', () => {
    const ours = buildRequest(getPhysicalTopicStats, { topic: TOPIC });
    expect(ours.code).toBe(202);
    expect(Object.fromEntries(Object.entries(ours.extFields ?? {}).map(([k, v]) => [k, String(v)]))).toEqual({ topic: TOPIC, lo: 'false' });
  });

  it('the remapping capture: 513 with the same header fields as updateStaticTopic, the new epoch', () => {
    const { request } = exchange('remappingStaticTopic', 513);
    const mapping = decodeMappingDetail(parseFastJson(request.body!));
    expect(mapping.epoch).toBe(1796356685109);
    expect(encodeMappingDetail(mapping)).toBe(request.body!.toString());
    expect(request.extFields).toMatchObject({ topic: TOPIC, readQueueNums: '4', writeQueueNums: '4', force: 'false' });
  });
});
