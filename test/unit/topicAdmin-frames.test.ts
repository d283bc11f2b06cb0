// Request building and answer decoding of the topic/config/group requests against the frames
// the Java mqadmin 4.9.8 really sent and received (test/fixtures): same extFields (Signature and
// AccessKey aside) and same bodies; the captured answers decode to what the Java tool printed.

import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { buildRequest, readResponse, type RequestDefinition } from '../../src/protocol/requests/define.js';
import { updateAndCreateTopic } from '../../src/protocol/requests/broker.js';
import { deleteKvConfig, deleteTopicInNamesrv, getKvConfig, getNamesrvConfig, putKvConfig } from '../../src/protocol/requests/namesrv.js';
import { deleteSubscriptionGroup, updateAndCreateSubscriptionGroup } from '../../src/protocol/requests/groups.js';
import { deleteTopicInBroker, getTopicStatsInfo } from '../../src/protocol/requests/topics.js';
import { getBrokerConfig, updateBrokerConfig } from '../../src/protocol/requests/brokerConfig.js';
import { defaultSubscriptionGroup } from '../../src/protocol/bodies/topicAdmin.js';
import { checkConfigValue, closestKeys } from '../../src/admin/brokerConfig.js';
import { mergeOrderConf, validateTopicName } from '../../src/admin/topics.js';
import { scenarioFrames, scenarioIndex, transcript } from '../helpers/fixtures.js';

const SETS = ['rocketmq-4.9.8', 'rocketmq-4.9.8-binary'];
const VOLATILE = new Set(['Signature', 'AccessKey']);

/** The n-th captured request with `code` in a scenario, decoded. */
function capturedRequest(scenario: string, code: number, n = 0): RemotingCommand {
  const frames = scenarioFrames(scenario).filter((f) => f.dir === 'c2s' && f.kind === 'req' && f.code === code);
  if (!frames[n]) throw new Error(`no request ${code} in ${scenario}`);
  return decodeFrame(frames[n].bytes);
}

/** The captured answer to that request (same connection, same opaque). */
function capturedResponse(scenario: string, request: RemotingCommand, code: number): RemotingCommand {
  const index = scenarioIndex(scenario);
  const reqFile = scenarioFrames(scenario).find((f) => f.dir === 'c2s' && f.code === code && decodeFrame(f.bytes).opaque === request.opaque)!.file;
  const [client, server] = index.find((e) => e.file === reqFile)!.connection.split('>');
  const entry = index.find((e) => e.kind === 'response' && e.connection === `${server}>${client}` && e.header.opaque === request.opaque)!;
  return decodeFrame(scenarioFrames(scenario).find((f) => f.file === entry.file)!.bytes);
}

function javaFields(cmd: RemotingCommand): Record<string, string> {
  return Object.fromEntries(Object.entries(cmd.extFields ?? {}).filter(([k]) => !VOLATILE.has(k)));
}

/** Our request's extFields as the transport writes them (every value a string). */
function ourFields<A>(def: RequestDefinition<A, unknown>, args: A): Record<string, string> {
  const built = buildRequest(def, args);
  return Object.fromEntries(Object.entries(built.extFields ?? {}).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
}

function ourBody<A>(def: RequestDefinition<A, unknown>, args: A): string {
  const body = buildRequest(def, args).body;
  return body === null || body === undefined ? '' : Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
}

for (const set of SETS) {
  describe(`requests as the Java tool sent them (${set})`, () => {
    it('UPDATE_AND_CREATE_TOPIC (updateTopic -r 4 -w 4)', () => {
      const java = capturedRequest(`${set}/updateTopic`, 17);
      const ours = ourFields(updateAndCreateTopic, { topic: 'FxTopic', readQueueNums: 4, writeQueueNums: 4, perm: 6 });
      // 5.x's `attributes` is the only extra field, and empty: a 4.9.8 broker ignores it.
      const { attributes, ...rest } = ours;
      expect(attributes).toBe('');
      expect(rest).toEqual(javaFields(java));
    });

    it('UPDATE_AND_CREATE_TOPIC with order (updateTopic -o true) and with a new perm (updateTopicPerm -p 4)', () => {
      const { attributes: _a, ...order } = ourFields(updateAndCreateTopic, { topic: 'FxOrderTopic', readQueueNums: 2, writeQueueNums: 2, perm: 6, order: true });
      expect(order).toEqual(javaFields(capturedRequest(`${set}/updateTopic-order`, 17)));
      const { attributes: _b, ...perm } = ourFields(updateAndCreateTopic, { topic: 'FxOrderTopic', readQueueNums: 2, writeQueueNums: 2, perm: 4 });
      expect(perm).toEqual(javaFields(capturedRequest(`${set}/updateTopicPerm`, 17)));
    });

    it('GET_KV_CONFIG / PUT_KV_CONFIG of the order configuration, and its not-found answer', () => {
      const get = capturedRequest(`${set}/updateTopic-order`, 101);
      expect(ourFields(getKvConfig, { namespace: 'ORDER_TOPIC_CONFIG', key: 'FxOrderTopic' })).toEqual(javaFields(get));
      expect(ourFields(putKvConfig, { namespace: 'ORDER_TOPIC_CONFIG', key: 'FxOrderTopic', value: 'broker-a:2' })).toEqual(
        javaFields(capturedRequest(`${set}/updateTopic-order`, 100)),
      );
      // The first capture found no entry (QUERY_NOT_FOUND), the binary one found the earlier one.
      const answer = capturedResponse(`${set}/updateTopic-order`, get, 101);
      const value = readResponse(getKvConfig, answer, { namespace: 'ORDER_TOPIC_CONFIG', key: 'FxOrderTopic' }, 'ns');
      if (answer.code === 22) expect(value).toBeNull();
      else expect(value).toBe(answer.extFields!.value);
      expect(set === 'rocketmq-4.9.8' ? answer.code : value).toBe(set === 'rocketmq-4.9.8' ? 22 : 'broker-a:2');
    });

    it('DELETE_TOPIC_IN_BROKER and DELETE_TOPIC_IN_NAMESRV (deleteTopic -c)', () => {
      expect(ourFields(deleteTopicInBroker, { topic: 'FxOrderTopic' })).toEqual(javaFields(capturedRequest(`${set}/deleteTopic`, 215)));
      expect(ourFields(deleteTopicInNamesrv, { topic: 'FxOrderTopic', clusterName: 'DefaultCluster' })).toEqual(
        javaFields(capturedRequest(`${set}/deleteTopic`, 216)),
      );
    });

    it('UPDATE_AND_CREATE_SUBSCRIPTIONGROUP: the Java defaults, byte for byte', () => {
      const java = capturedRequest(`${set}/updateSubGroup`, 200);
      expect(javaFields(java)).toEqual({});
      expect(ourBody(updateAndCreateSubscriptionGroup, { config: defaultSubscriptionGroup('FxGroup') })).toBe(java.body!.toString('utf8'));
    });

    it('UPDATE_BROKER_CONFIG: one `key=value` line, as for -v true and -v false', () => {
      for (const [scenario, value] of [['updateBrokerConfig-on', 'true'], ['updateBrokerConfig-off', 'false']] as const) {
        const java = capturedRequest(`${set}/${scenario}`, 25);
        expect(javaFields(java)).toEqual({});
        expect(ourBody(updateBrokerConfig, { properties: { autoCreateTopicEnable: value } })).toBe(java.body!.toString('utf8'));
      }
    });

    it('GET_BROKER_CONFIG: no fields; the answer decodes to the settings the Java tool printed', () => {
      const java = capturedRequest(`${set}/getBrokerConfig`, 26);
      expect(javaFields(java)).toEqual(ourFields(getBrokerConfig, undefined));
      const config = readResponse(getBrokerConfig, capturedResponse(`${set}/getBrokerConfig`, java, 26), undefined, 'b');
      const printed = transcript(`${set}/getBrokerConfig`).split('\n').filter((l) => /^\S+\s+=\s/.test(l));
      expect(Object.keys(config)).toHaveLength(printed.length);
      for (const line of printed) {
        const [, key, value] = /^(\S+)\s+=\s{2}(.*)$/.exec(line)!;
        expect(config[key!], key).toBe(value);
      }
      expect(config.autoCreateTopicEnable).toBe('true');
    });

    it('GET_NAMESRV_CONFIG: the answer decodes to what the Java tool printed', () => {
      const java = capturedRequest(`${set}/getNamesrvConfig`, 319);
      expect(javaFields(java)).toEqual({});
      const config = readResponse(getNamesrvConfig, capturedResponse(`${set}/getNamesrvConfig`, java, 319), undefined, 'ns');
      expect(config).toMatchObject({ listenPort: '9876', orderMessageEnable: 'false', configBlackList: 'configBlackList;configStorePath;kvConfigPath' });
      expect(Object.keys(config)).toHaveLength(transcript(`${set}/getNamesrvConfig`).split('\n').filter((l) => /^\S+\s+=\s/.test(l)).length);
    });

    it('GET_TOPIC_STATS_INFO: header `topic`; the MQ-keyed answer decodes to the queues the Java tool printed', () => {
      const java = capturedRequest(`${set}/topicStatus`, 202);
      expect(ourFields(getTopicStatsInfo, { topic: 'FxTopic' })).toEqual(javaFields(java));
      const queues = readResponse(getTopicStatsInfo, capturedResponse(`${set}/topicStatus`, java, 202), { topic: 'FxTopic' }, 'b');
      // `broker-a  0  0  2  2026-11-22 02:34:44,748` (the timestamp in the capture machine's zone).
      const printed = transcript(`${set}/topicStatus`).split('\n').filter((l) => /^broker-/.test(l)).map((l) => l.trim().split(/\s+/));
      expect(queues.map((q) => [q.brokerName, String(q.queueId), String(q.minOffset), String(q.maxOffset)])).toEqual(printed.map((p) => p.slice(0, 4)));
      for (const [i, q] of queues.entries()) {
        const stamp = printed[i]![5];
        if (stamp === undefined) expect(q.lastUpdateTimestamp).toBe(0);
        else expect(String(q.lastUpdateTimestamp).slice(-3)).toBe(stamp.split(',')[1]);
      }
    });
  });
}

describe('request shapes without a capture', () => {
  it('DELETE_SUBSCRIPTIONGROUP sends both the 5.x and the 4.9.x name of the offset switch', () => {
    expect(ourFields(deleteSubscriptionGroup, { groupName: 'G', cleanOffset: true })).toEqual({ groupName: 'G', cleanOffset: 'true', removeOffset: 'true' });
  });

  it('DELETE_KV_CONFIG and DELETE_TOPIC_IN_NAMESRV without a cluster', () => {
    expect(ourFields(deleteKvConfig, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T' })).toEqual({ namespace: 'ORDER_TOPIC_CONFIG', key: 'T' });
    expect(ourFields(deleteTopicInNamesrv, { topic: 'T' })).toEqual({ topic: 'T' });
  });
});

describe('checks made before anything is sent', () => {
  it('topic names follow RocketMQ rules', () => {
    expect(validateTopicName('%RETRY%G|a-b_1')).toBe('%RETRY%G|a-b_1');
    expect(() => validateTopicName('')).toThrow(/blank/);
    expect(() => validateTopicName('a b')).toThrow(/invalid topic name/);
    expect(() => validateTopicName('x'.repeat(128))).toThrow(/at most 127/);
    expect(validateTopicName('x'.repeat(127))).toHaveLength(127);
  });

  it('config values must fit the current value type', () => {
    expect(checkConfigValue('k', 'TRUE', 'false')).toBe('true');
    expect(() => checkConfigValue('k', 'yes', 'false')).toThrow(/boolean setting/);
    expect(checkConfigValue('k', ' 12 ', '4')).toBe('12');
    expect(() => checkConfigValue('k', '1.5', '4')).toThrow(/integer setting/);
    expect(checkConfigValue('k', 'anything', 'ASYNC_MASTER')).toBe('anything');
  });

  it('suggests the closest known keys', () => {
    const keys = ['autoCreateTopicEnable', 'autoCreateSubscriptionGroup', 'maxMessageSize', 'brokerTopicEnable'];
    expect(closestKeys('autoCreateTopicEnabled', keys)[0]).toBe('autoCreateTopicEnable');
    expect(closestKeys('maxMesageSize', keys)[0]).toBe('maxMessageSize');
  });

  it('merges order configurations like the Java tool with -b', () => {
    expect(mergeOrderConf(null, 'broker-a:2')).toBe('broker-a:2');
    expect(mergeOrderConf('broker-a:4;broker-b:8', 'broker-a:2')).toBe('broker-a:2;broker-b:8');
  });
});
