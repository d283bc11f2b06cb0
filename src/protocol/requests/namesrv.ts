// NameServer requests (messages.md B.1).

import { RequestCode, ResponseCode } from '../codes.js';
import { decodeClusterInfo, type ClusterInfo } from '../bodies/cluster.js';
import { decodeTopicRouteData, type TopicRouteData } from '../bodies/route.js';
import { decodeTopicList, type TopicList } from '../bodies/simple.js';
import { formatJavaProperties } from '../properties.js';
import { defineRequest, jsonBody, propertiesBody } from './define.js';

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
