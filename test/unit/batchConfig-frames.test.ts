// The batch, consume-mode and cold-data requests (18, 225, 401, 2001-2003) against the frames the
// Java 5.3.3 mqadmin really sent and received (test/fixtures/rocketmq-5.3.3-more/): every
// captured request and answer of these codes decodes, and our requests carry the same header
// fields (none) and body as the Java tool's.

import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { buildRequest, readResponse } from '../../src/protocol/requests/define.js';
import {
  getColdDataFlowCtrInfo,
  removeColdDataFlowCtrConfig,
  setMessageRequestMode,
  updateAndCreateSubscriptionGroupList,
  updateAndCreateTopicList,
  updateColdDataFlowCtrConfig,
  type BatchTopicConfig,
} from '../../src/protocol/requests/batchConfig.js';
import { parseFastJson } from '../../src/protocol/fastjson.js';
import type { SubscriptionGroupConfig } from '../../src/protocol/bodies/topicAdmin.js';
import { attributeEdits, parseJsonArray, parseSubGroupList, parseTopicList } from '../../src/admin/batchConfig.js';
import { scenarioFrames } from '../helpers/fixtures.js';

const SET = 'rocketmq-5.3.3-more';

function exchange(scenario: string, code: number): { request: RemotingCommand; response: RemotingCommand } {
  const frames = scenarioFrames(`${SET}/${scenario}`);
  const i = frames.findIndex((f) => f.kind === 'req' && f.code === code);
  expect(i).toBeGreaterThanOrEqual(0);
  const request = decodeFrame(frames[i]!.bytes);
  const resp = frames.slice(i + 1).find((f) => f.kind === 'resp' && f.serverPort === frames[i]!.serverPort && decodeFrame(f.bytes).opaque === request.opaque)!;
  return { request, response: decodeFrame(resp.bytes) };
}

const fields = (c: RemotingCommand) => c.extFields ?? {};

describe('UPDATE_AND_CREATE_TOPIC_LIST (18)', () => {
  it('decodes the captured request and answer, and ours has the same body', () => {
    const { request, response } = exchange('updateTopicList', 18);
    expect(request.code).toBe(18);
    expect(fields(request)).toEqual({});
    const body = parseFastJson(request.body!) as { topicConfigList: BatchTopicConfig[] };
    expect(body.topicConfigList.map((t) => [t.topicName, t.readQueueNums, t.writeQueueNums, t.perm])).toEqual([
      ['FxListTopicA2', 4, 4, 6],
      ['FxListTopicB2', 2, 2, 6],
    ]);
    const ours = buildRequest(updateAndCreateTopicList, { topics: body.topicConfigList });
    expect(fields(ours)).toEqual({});
    expect(ours.body!.toString()).toBe(request.body!.toString());
    expect(response.code).toBe(0);
    expect(readResponse(updateAndCreateTopicList, response, { topics: [] }, '127.0.0.1:10951')).toBeUndefined();
  });

  it('reads the Java tool file entries: only given fields, attribute edits as +k=v', () => {
    const entries = parseTopicList(parseJsonArray([{ topicName: 'A', readQueueNums: 4, attributes: { '+message.type': 'FIFO', '-x': '' } }, { topicName: 'B', unknown: 1 }], 'f', 'topic configs'));
    expect(entries).toEqual([{ topicName: 'A', readQueueNums: 4, attributes: { '+message.type': 'FIFO', '-x': '' } }, { topicName: 'B' }]);
    expect(attributeEdits(entries[0]!.attributes!)).toBe('+message.type=FIFO,-x');
    expect(() => parseTopicList([{ topicName: 'bad name' }])).toThrow(/invalid topic name/);
    expect(() => parseTopicList([{ topicName: 'A' }, { topicName: 'A' }])).toThrow(/twice/);
    expect(() => parseTopicList([{ topicName: 'A', perm: '6' }])).toThrow(/integer/);
    expect(() => parseJsonArray({}, 'f', 'topic configs')).toThrow(/JSON array/);
  });
});

describe('UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST (225)', () => {
  it('decodes the captured request and answer, and ours has the same body', () => {
    const { request, response } = exchange('updateSubGroupList', 225);
    expect(fields(request)).toEqual({});
    const body = parseFastJson(request.body!) as { groupConfigList: SubscriptionGroupConfig[] };
    expect(body.groupConfigList.map((g) => [g.groupName, g.consumeBroadcastEnable, g.retryMaxTimes])).toEqual([
      ['FxListGroupA2', true, 16],
      ['FxListGroupB2', false, 3],
    ]);
    const ours = buildRequest(updateAndCreateSubscriptionGroupList, { groups: parseSubGroupList(body.groupConfigList as unknown as Record<string, unknown>[]) });
    expect(ours.body!.toString()).toBe(request.body!.toString());
    expect(response.code).toBe(0);
  });
});

describe('SET_MESSAGE_REQUEST_MODE (401)', () => {
  it('decodes the captured request and answer, and ours has the same body', () => {
    const { request, response } = exchange('setConsumeMode', 401);
    expect(fields(request)).toEqual({});
    expect(request.body!.toString()).toBe('{"consumerGroup":"FxPopGroup2","mode":"POP","popShareQueueNum":0,"topic":"FxTopic2"}');
    const ours = buildRequest(setMessageRequestMode, { topic: 'FxTopic2', consumerGroup: 'FxPopGroup2', mode: 'POP', popShareQueueNum: 0 });
    expect(fields(ours)).toEqual({});
    expect(ours.body!.toString()).toBe(request.body!.toString());
    expect(response.code).toBe(0);
  });
});

describe('cold data flow control (2001-2003)', () => {
  it('GET_COLD_DATA_FLOW_CTR_INFO: the captured answer decodes', () => {
    const { request, response } = exchange('getColdDataFlowCtrInfo', 2003);
    expect(fields(request)).toEqual({});
    expect(request.body).toBeNull();
    expect(buildRequest(getColdDataFlowCtrInfo, undefined).body).toBeNull();
    expect(readResponse(getColdDataFlowCtrInfo, response, undefined, 'b')).toEqual({
      runtimeTable: {},
      configTable: {},
      cgColdReadThreshold: 3145728,
      globalColdReadThreshold: 104857600,
      globalAcc: 0,
    });
    expect(readResponse(getColdDataFlowCtrInfo, { ...response, body: null }, undefined, 'b')).toBeNull();
  });

  it('UPDATE_COLD_DATA_FLOW_CTR_CONFIG: properties text body as the Java tool sends it', () => {
    const { request, response } = exchange('updateColdDataFlowCtrGroupConfig', 2001);
    expect(fields(request)).toEqual({});
    expect(request.body!.toString()).toBe('FxGroup2=1048576\n');
    expect(buildRequest(updateColdDataFlowCtrConfig, { group: 'FxGroup2', threshold: 1048576 }).body!.toString()).toBe(request.body!.toString());
    expect(response.code).toBe(0);
  });

  it('REMOVE_COLD_DATA_FLOW_CTR_CONFIG: the raw group name as body', () => {
    const { request, response } = exchange('removeColdDataFlowCtrGroupConfig', 2002);
    expect(fields(request)).toEqual({});
    expect(request.body!.toString()).toBe('FxGroup2');
    expect(buildRequest(removeColdDataFlowCtrConfig, { group: 'FxGroup2' }).body!.toString()).toBe('FxGroup2');
    expect(response.code).toBe(0);
  });
});
