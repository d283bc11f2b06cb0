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

export interface TopicConfigArgs {
  topic: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicFilterType?: 'SINGLE_TAG' | 'MULTI_TAG';
  topicSysFlag?: number;
  order?: boolean;
  /** 5.x attribute edits, `+k=v,-k`; Java sends "" when none. */
  attributes?: string;
}

/** UPDATE_AND_CREATE_TOPIC (17): the whole config in the header (messages.md B.2); no body. */
export const updateAndCreateTopic = defineRequest<TopicConfigArgs, void>({
  code: RequestCode.UPDATE_AND_CREATE_TOPIC,
  header: (a) => ({
    topic: a.topic,
    defaultTopic: 'TBW102',
    readQueueNums: a.readQueueNums,
    writeQueueNums: a.writeQueueNums,
    perm: a.perm,
    topicFilterType: a.topicFilterType ?? 'SINGLE_TAG',
    topicSysFlag: a.topicSysFlag ?? 0,
    order: a.order ?? false,
    attributes: a.attributes ?? '',
  }),
  decode: () => undefined,
});
