// Broker administration requests (messages.md B.2).

import { RequestCode } from '../codes.js';
import { decodeGroupList, decodeKVTable } from '../bodies/simple.js';
import { defineRequest, jsonBody } from './define.js';

/** GET_BROKER_RUNTIME_INFO (28): no header; body KVTable of runtime statistics. */
export const getBrokerRuntimeInfo = defineRequest<void, Record<string, string>>({
  code: RequestCode.GET_BROKER_RUNTIME_INFO,
  decode: (res) => decodeKVTable(jsonBody(res)),
});

/** QUERY_TOPIC_CONSUME_BY_WHO (300): header `topic`; body GroupList of consumer groups. */
export const queryTopicConsumeByWho = defineRequest<{ topic: string }, string[]>({
  code: RequestCode.QUERY_TOPIC_CONSUME_BY_WHO,
  header: ({ topic }) => ({ topic }),
  decode: (res) => decodeGroupList(jsonBody(res)),
});
