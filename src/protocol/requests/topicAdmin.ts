// Topic, subscription-group and configuration requests (messages.md B.1, B.2). Topic creation
// itself is `updateAndCreateTopic` in broker.ts.

import { RequestCode, ResponseCode } from '../codes.js';
import { ProtocolError } from '../errors.js';
import { formatJavaProperties, parseJavaProperties } from '../properties.js';
import {
  decodeSubscriptionGroupConfig,
  decodeSubscriptionGroupTable,
  decodeTopicConfigTable,
  decodeTopicStatsTable,
  type SubscriptionGroupConfig,
  type TopicConfig,
  type TopicQueueOffset,
} from '../bodies/topicAdmin.js';
import { stringifyFastJson } from '../fastjson.js';
import { defineRequest, jsonBody } from './define.js';
import type { RemotingCommand } from '../../remoting/command.js';

function propertiesBody(res: RemotingCommand): Record<string, string> {
  if (!res.body) return {};
  try {
    return { ...parseJavaProperties(res.body) };
  } catch (err) {
    throw new ProtocolError(`the body is not readable properties text: ${(err as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Broker: topics

/** GET_ALL_TOPIC_CONFIG (21): no header; body A.8. Both 4.9.x and 5.x (351 is 5.x only). */
export const getAllTopicConfig = defineRequest<void, Record<string, TopicConfig>>({
  code: RequestCode.GET_ALL_TOPIC_CONFIG,
  decode: (res) => decodeTopicConfigTable(jsonBody(res)),
});

/** DELETE_TOPIC_IN_BROKER (215): header `topic`. */
export const deleteTopicInBroker = defineRequest<{ topic: string }, void>({
  code: RequestCode.DELETE_TOPIC_IN_BROKER,
  header: ({ topic }) => ({ topic }),
  decode: () => undefined,
});

/** GET_TOPIC_STATS_INFO (202): header `topic`; body TopicStatsTable (MQ-keyed). */
export const getTopicStatsInfo = defineRequest<{ topic: string }, TopicQueueOffset[]>({
  code: RequestCode.GET_TOPIC_STATS_INFO,
  header: ({ topic }) => ({ topic }),
  decode: (res) => decodeTopicStatsTable(jsonBody(res)),
});

// ---------------------------------------------------------------------------------------------
// Broker: configuration

/** GET_BROKER_CONFIG (26): no header; body properties text of every setting. */
export const getBrokerConfig = defineRequest<void, Record<string, string>>({
  code: RequestCode.GET_BROKER_CONFIG,
  decode: (res) => propertiesBody(res),
});

/** UPDATE_BROKER_CONFIG (25): body `key=value\n` lines, exactly as `MixAll.properties2String`. */
export const updateBrokerConfig = defineRequest<{ properties: Record<string, string> }, void>({
  code: RequestCode.UPDATE_BROKER_CONFIG,
  body: ({ properties }) => formatJavaProperties(properties),
  decode: () => undefined,
});

// ---------------------------------------------------------------------------------------------
// Broker: subscription groups

/** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200): no header; body SubscriptionGroupConfig. */
export const updateAndCreateSubscriptionGroup = defineRequest<{ config: SubscriptionGroupConfig }, void>({
  code: RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
  body: ({ config }) => stringifyFastJson(sortKeys(config)),
  decode: () => undefined,
});

/** DELETE_SUBSCRIPTIONGROUP (207): both the 5.x (`cleanOffset`) and 4.9.x (`removeOffset`) names. */
export const deleteSubscriptionGroup = defineRequest<{ groupName: string; cleanOffset: boolean }, void>({
  code: RequestCode.DELETE_SUBSCRIPTIONGROUP,
  header: ({ groupName, cleanOffset }) => ({ groupName, cleanOffset, removeOffset: cleanOffset }),
  decode: () => undefined,
});

/** GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201): body A.10. */
export const getAllSubscriptionGroupConfig = defineRequest<void, Record<string, SubscriptionGroupConfig>>({
  code: RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
  decode: (res) => decodeSubscriptionGroupTable(jsonBody(res)),
});

/** GET_SUBSCRIPTIONGROUP_CONFIG (352, 5.x only): header `group`. */
export const getSubscriptionGroupConfig = defineRequest<{ group: string }, SubscriptionGroupConfig>({
  code: RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG,
  header: ({ group }) => ({ group }),
  decode: (res) => decodeSubscriptionGroupConfig(jsonBody(res)),
});

// ---------------------------------------------------------------------------------------------
// NameServer

/** DELETE_TOPIC_IN_NAMESRV (216): `topic`, and `clusterName` to limit it to one cluster. */
export const deleteTopicInNamesrv = defineRequest<{ topic: string; clusterName?: string }, void>({
  code: RequestCode.DELETE_TOPIC_IN_NAMESRV,
  header: ({ topic, clusterName }) => (clusterName === undefined ? { topic } : { topic, clusterName }),
  decode: () => undefined,
});

/** PUT_KV_CONFIG (100). */
export const putKvConfig = defineRequest<{ namespace: string; key: string; value: string }, void>({
  code: RequestCode.PUT_KV_CONFIG,
  header: ({ namespace, key, value }) => ({ namespace, key, value }),
  decode: () => undefined,
});

/** GET_KV_CONFIG (101): the value from the response header; null when absent (QUERY_NOT_FOUND). */
export const getKvConfig = defineRequest<{ namespace: string; key: string }, string | null>({
  code: RequestCode.GET_KV_CONFIG,
  header: ({ namespace, key }) => ({ namespace, key }),
  answerCodes: [ResponseCode.QUERY_NOT_FOUND],
  decode: (res) => (res.code === ResponseCode.QUERY_NOT_FOUND ? null : (res.extFields?.value ?? null)),
});

/** DELETE_KV_CONFIG (102): SUCCESS also when absent. */
export const deleteKvConfig = defineRequest<{ namespace: string; key: string }, void>({
  code: RequestCode.DELETE_KV_CONFIG,
  header: ({ namespace, key }) => ({ namespace, key }),
  decode: () => undefined,
});

/** GET_NAMESRV_CONFIG (319): body properties text. */
export const getNamesrvConfig = defineRequest<void, Record<string, string>>({
  code: RequestCode.GET_NAMESRV_CONFIG,
  decode: (res) => propertiesBody(res),
});

/** UPDATE_NAMESRV_CONFIG (318): body properties text. */
export const updateNamesrvConfig = defineRequest<{ properties: Record<string, string> }, void>({
  code: RequestCode.UPDATE_NAMESRV_CONFIG,
  body: ({ properties }) => formatJavaProperties(properties),
  decode: () => undefined,
});

/** WIPE_WRITE_PERM_OF_BROKER (205): response header `wipeTopicCount`. */
export const wipeWritePermOfBroker = defineRequest<{ brokerName: string }, number>({
  code: RequestCode.WIPE_WRITE_PERM_OF_BROKER,
  header: ({ brokerName }) => ({ brokerName }),
  decode: (res) => Number(res.extFields?.wipeTopicCount ?? 0),
});

/** ADD_WRITE_PERM_OF_BROKER (327): response header `addTopicCount`. */
export const addWritePermOfBroker = defineRequest<{ brokerName: string }, number>({
  code: RequestCode.ADD_WRITE_PERM_OF_BROKER,
  header: ({ brokerName }) => ({ brokerName }),
  decode: (res) => Number(res.extFields?.addTopicCount ?? 0),
});

/** fastjson writes bean properties in alphabetical order (messages.md conventions). */
function sortKeys(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(record).sort()) out[k] = record[k];
  return out;
}
