// Topic requests to brokers (messages.md B.2): every topic config, deleting a topic, its queue
// offsets. Creating one is `updateAndCreateTopic` in broker.ts; the NameServer side is namesrv.ts.

import { RequestCode } from '../codes.js';
import { decodeTopicConfigTable, decodeTopicStatsTable, type TopicConfig, type TopicQueueOffset } from '../bodies/topicAdmin.js';
import { defineRequest, jsonBody } from './define.js';

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
