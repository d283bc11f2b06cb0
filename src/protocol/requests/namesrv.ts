// NameServer requests (messages.md B.1).

import { RequestCode } from '../codes.js';
import { decodeClusterInfo, type ClusterInfo } from '../bodies/cluster.js';
import { decodeTopicRouteData, type TopicRouteData } from '../bodies/route.js';
import { decodeTopicList, type TopicList } from '../bodies/simple.js';
import { defineRequest, jsonBody } from './define.js';

/** GET_ROUTEINFO_BY_TOPIC (105): header `topic`; body TopicRouteData. TOPIC_NOT_EXIST (17) when unknown. */
export const getRouteInfoByTopic = defineRequest<{ topic: string }, TopicRouteData>({
  code: RequestCode.GET_ROUTEINFO_BY_TOPIC,
  header: ({ topic }) => ({ topic }),
  decode: (res) => decodeTopicRouteData(jsonBody(res)),
});

/** GET_BROKER_CLUSTER_INFO (106): no header; body ClusterInfo. */
export const getBrokerClusterInfo = defineRequest<void, ClusterInfo>({
  code: RequestCode.GET_BROKER_CLUSTER_INFO,
  decode: (res) => decodeClusterInfo(jsonBody(res)),
});

/** GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206): no header; body TopicList. */
export const getAllTopicListFromNameServer = defineRequest<void, TopicList>({
  code: RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
  decode: (res) => decodeTopicList(jsonBody(res)),
});

/** GET_TOPICS_BY_CLUSTER (224): header `cluster`; body TopicList (empty for an unknown cluster). */
export const getTopicsByCluster = defineRequest<{ cluster: string }, TopicList>({
  code: RequestCode.GET_TOPICS_BY_CLUSTER,
  header: ({ cluster }) => ({ cluster }),
  decode: (res) => decodeTopicList(jsonBody(res)),
});
