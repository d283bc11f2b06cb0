// The authorization contexts of a remoting request, as 5.3.3's
// `DefaultAuthorizationContextBuilder.build(ctx, request)` derives them (auth.md §2.5): for each,
// the resource and the actions asked (any one of them suffices). The codes it names get their
// own rules; every other code gets those of the `@RocketMQAction` / `@RocketMQResource`
// annotations of its request header class (the table below, read off the 5.3.3 sources). A code
// with no context is allowed for every authenticated user. Pure.

import type { RemotingCommand } from '../../../remoting/command.js';
import { RequestCode } from '../../../protocol/codes.js';
import { parseFastJson } from '../../../protocol/fastjson.js';
import { clusterResource, groupResource, isRetryTopic, topicResource, type Action, type Resource } from './model.js';

export interface AuthzContext {
  /** The `AccessKey` of the request (the subject is `User:<it>`); null when unsigned. */
  username: string | null;
  resource: Resource;
  actions: Action[];
  sourceIp: string;
}

/** A request whose contexts cannot be derived (an unreadable body): refused with this message. */
export class ContextError extends Error {
  constructor() {
    super('parse authorization context error.');
    this.name = 'ContextError';
  }
}

interface AnnotatedField {
  type: 'Topic' | 'Group' | 'Cluster';
  field: string;
  /** Java `StringUtils.split(value, splitter)`: any of its characters separates, empty parts dropped. */
  splitter?: string;
}

interface Annotation {
  actions: Action[];
  /** `resource = ResourceType.CLUSTER`: `Cluster:<this broker's cluster>` when no field gives a resource. */
  cluster?: true;
  /** The header fields marked `@RocketMQResource`, in declaration order. */
  fields: AnnotatedField[];
}

/**
 * `@RocketMQAction` of the 5.3.3 request header classes (RequestHeaderRegistry): code -> actions,
 * CLUSTER resource, resource fields. Codes without an entry produce no context.
 */
export const ANNOTATIONS: ReadonlyMap<number, Annotation> = new Map<number, Annotation>([
  [10, { actions: ['Pub'], fields: [{ type: 'Topic', field: 'topic' }] }], // SEND_MESSAGE (SendMessageRequestHeader)
  [11, { actions: ['Sub'], fields: [{ type: 'Group', field: 'consumerGroup' }, { type: 'Topic', field: 'topic' }] }], // PULL_MESSAGE (PullMessageRequestHeader)
  [12, { actions: ['Sub', 'Get'], fields: [{ type: 'Topic', field: 'topic' }] }], // QUERY_MESSAGE (QueryMessageRequestHeader)
  [14, { actions: ['Get'], fields: [{ type: 'Group', field: 'consumerGroup' }, { type: 'Topic', field: 'topic' }] }], // QUERY_CONSUMER_OFFSET (QueryConsumerOffsetRequestHeader)
  [15, { actions: ['Sub'], fields: [{ type: 'Group', field: 'consumerGroup' }, { type: 'Topic', field: 'topic' }] }], // UPDATE_CONSUMER_OFFSET (UpdateConsumerOffsetRequestHeader)
  [17, { actions: ['Create'], fields: [{ type: 'Topic', field: 'topic' }] }], // UPDATE_AND_CREATE_TOPIC (CreateTopicRequestHeader)
  [18, { actions: ['Create'], fields: [] }], // UPDATE_AND_CREATE_TOPIC_LIST (CreateTopicListRequestHeader)
  [21, { actions: ['List'], fields: [] }], // GET_ALL_TOPIC_CONFIG (GetAllTopicConfigResponseHeader)
  [29, { actions: ['Get'], fields: [{ type: 'Topic', field: 'topic' }] }], // SEARCH_OFFSET_BY_TIMESTAMP (SearchOffsetRequestHeader)
  [30, { actions: ['Get'], fields: [{ type: 'Topic', field: 'topic' }] }], // GET_MAX_OFFSET (GetMaxOffsetRequestHeader)
  [31, { actions: ['Get'], fields: [{ type: 'Topic', field: 'topic' }] }], // GET_MIN_OFFSET (GetMinOffsetRequestHeader)
  [32, { actions: ['Get'], fields: [{ type: 'Topic', field: 'topic' }] }], // GET_EARLIEST_MSG_STORETIME (GetEarliestMsgStoretimeRequestHeader)
  [33, { actions: ['Get'], fields: [{ type: 'Topic', field: 'topic' }] }], // VIEW_MESSAGE_BY_ID (ViewMessageRequestHeader)
  [34, { actions: ['Pub', 'Sub'], fields: [] }], // HEART_BEAT (HeartbeatRequestHeader)
  [35, { actions: ['Pub', 'Sub'], fields: [{ type: 'Group', field: 'consumerGroup' }] }], // UNREGISTER_CLIENT (UnregisterClientRequestHeader)
  [36, { actions: ['Sub'], fields: [{ type: 'Group', field: 'group' }, { type: 'Topic', field: 'originTopic' }] }], // CONSUMER_SEND_MSG_BACK (ConsumerSendMsgBackRequestHeader)
  [37, { actions: ['Pub'], fields: [{ type: 'Topic', field: 'topic' }] }], // END_TRANSACTION (EndTransactionRequestHeader)
  [38, { actions: ['Sub'], fields: [{ type: 'Group', field: 'consumerGroup' }] }], // GET_CONSUMER_LIST_BY_GROUP (GetConsumerListByGroupRequestHeader)
  [39, { actions: ['Pub'], fields: [{ type: 'Topic', field: 'topic' }] }], // CHECK_TRANSACTION_STATE (CheckTransactionStateRequestHeader)
  [40, { actions: ['Sub'], fields: [{ type: 'Group', field: 'consumerGroup' }] }], // NOTIFY_CONSUMER_IDS_CHANGED (NotifyConsumerIdsChangedRequestHeader)
  [41, { actions: ['Sub'], fields: [] }], // LOCK_BATCH_MQ (LockBatchMqRequestHeader)
  [42, { actions: ['Sub'], fields: [] }], // UNLOCK_BATCH_MQ (UnlockBatchMqRequestHeader)
  [100, { actions: ['Update'], cluster: true, fields: [] }], // PUT_KV_CONFIG (PutKVConfigRequestHeader)
  [101, { actions: ['Get'], cluster: true, fields: [] }], // GET_KV_CONFIG (GetKVConfigRequestHeader)
  [102, { actions: ['Update'], cluster: true, fields: [] }], // DELETE_KV_CONFIG (DeleteKVConfigRequestHeader)
  [103, { actions: ['Update'], cluster: true, fields: [{ type: 'Cluster', field: 'clusterName' }] }], // REGISTER_BROKER (RegisterBrokerRequestHeader)
  [104, { actions: ['Update'], cluster: true, fields: [{ type: 'Cluster', field: 'clusterName' }] }], // UNREGISTER_BROKER (UnRegisterBrokerRequestHeader)
  [105, { actions: ['Get'], cluster: true, fields: [] }], // GET_ROUTEINFO_BY_TOPIC (GetRouteInfoRequestHeader)
  [202, { actions: ['Get'], fields: [{ type: 'Topic', field: 'topic' }] }], // GET_TOPIC_STATS_INFO (GetTopicStatsInfoRequestHeader)
  [203, { actions: ['Get'], fields: [{ type: 'Group', field: 'consumerGroup' }] }], // GET_CONSUMER_CONNECTION_LIST (GetConsumerConnectionListRequestHeader)
  [204, { actions: ['Get'], cluster: true, fields: [] }], // GET_PRODUCER_CONNECTION_LIST (GetProducerConnectionListRequestHeader)
  [205, { actions: ['Update'], cluster: true, fields: [] }], // WIPE_WRITE_PERM_OF_BROKER (WipeWritePermOfBrokerRequestHeader)
  [207, { actions: ['Delete'], fields: [{ type: 'Group', field: 'groupName' }] }], // DELETE_SUBSCRIPTIONGROUP (DeleteSubscriptionGroupRequestHeader)
  [208, { actions: ['Get'], fields: [{ type: 'Group', field: 'consumerGroup' }, { type: 'Topic', field: 'topic' }, { type: 'Topic', field: 'topicList', splitter: ';' }] }], // GET_CONSUME_STATS (GetConsumeStatsRequestHeader)
  [215, { actions: ['Delete'], fields: [{ type: 'Topic', field: 'topic' }] }], // DELETE_TOPIC_IN_BROKER (DeleteTopicRequestHeader)
  [216, { actions: ['Update'], cluster: true, fields: [{ type: 'Cluster', field: 'clusterName' }] }], // DELETE_TOPIC_IN_NAMESRV (DeleteTopicFromNamesrvRequestHeader)
  [217, { actions: ['Update'], cluster: true, fields: [] }], // REGISTER_TOPIC_IN_NAMESRV (RegisterTopicRequestHeader)
  [219, { actions: ['Get'], cluster: true, fields: [] }], // GET_KVLIST_BY_NAMESPACE (GetKVListByNamespaceRequestHeader)
  [222, { actions: ['Update'], fields: [{ type: 'Group', field: 'group' }, { type: 'Topic', field: 'topic' }] }], // INVOKE_BROKER_TO_RESET_OFFSET (ResetOffsetRequestHeader)
  [223, { actions: ['Get'], fields: [{ type: 'Topic', field: 'topic' }, { type: 'Group', field: 'group' }] }], // INVOKE_BROKER_TO_GET_CONSUMER_STATUS (GetConsumerStatusRequestHeader)
  [224, { actions: ['List'], fields: [] }], // GET_TOPICS_BY_CLUSTER (GetTopicsByClusterRequestHeader)
  [300, { actions: ['Get'], fields: [{ type: 'Topic', field: 'topic' }] }], // QUERY_TOPIC_CONSUME_BY_WHO (QueryTopicConsumeByWhoRequestHeader)
  [303, { actions: ['Get'], fields: [{ type: 'Topic', field: 'topic' }, { type: 'Group', field: 'group' }] }], // QUERY_CONSUME_TIME_SPAN (QueryConsumeTimeSpanRequestHeader)
  [307, { actions: ['Get'], fields: [{ type: 'Group', field: 'consumerGroup' }] }], // GET_CONSUMER_RUNNING_INFO (GetConsumerRunningInfoRequestHeader)
  [308, { actions: ['Get'], fields: [{ type: 'Group', field: 'filterGroups', splitter: ',' }, { type: 'Group', field: 'compareGroup' }, { type: 'Topic', field: 'topic' }] }], // QUERY_CORRECTION_OFFSET (QueryCorrectionOffsetHeader)
  [309, { actions: ['Sub'], fields: [{ type: 'Group', field: 'consumerGroup' }, { type: 'Topic', field: 'topic' }] }], // CONSUME_MESSAGE_DIRECTLY (ConsumeMessageDirectlyResultRequestHeader)
  [310, { actions: ['Pub'], fields: [{ type: 'Topic', field: 'b' }] }], // SEND_MESSAGE_V2 (SendMessageRequestHeaderV2)
  [314, { actions: ['Update'], fields: [{ type: 'Group', field: 'destGroup' }, { type: 'Topic', field: 'topic' }] }], // CLONE_GROUP_OFFSET (CloneGroupOffsetRequestHeader)
  [315, { actions: ['Get'], cluster: true, fields: [] }], // VIEW_BROKER_STATS_DATA (ViewBrokerStatsDataRequestHeader)
  [317, { actions: ['Get'], cluster: true, fields: [] }], // GET_BROKER_CONSUME_STATS (GetConsumeStatsInBrokerHeader)
  [321, { actions: ['Get'], fields: [{ type: 'Topic', field: 'topic' }, { type: 'Group', field: 'consumerGroup' }] }], // QUERY_CONSUME_QUEUE (QueryConsumeQueueRequestHeader)
  [322, { actions: ['Get'], cluster: true, fields: [{ type: 'Cluster', field: 'clusterName' }] }], // QUERY_DATA_VERSION (QueryDataVersionRequestHeader)
  [323, { actions: ['Update'], fields: [{ type: 'Topic', field: 'topic' }] }], // RESUME_CHECK_HALF_MESSAGE (ResumeCheckHalfMessageRequestHeader)
  [326, { actions: ['Sub'], fields: [{ type: 'Group', field: 'producerGroup' }, { type: 'Topic', field: 'topic' }] }], // PUSH_REPLY_MESSAGE_TO_CLIENT (ReplyMessageRequestHeader)
  [327, { actions: ['Update'], cluster: true, fields: [] }], // ADD_WRITE_PERM_OF_BROKER (AddWritePermOfBrokerRequestHeader)
  [328, { actions: ['Get'], cluster: true, fields: [] }], // GET_ALL_PRODUCER_INFO (GetAllProducerInfoRequestHeader)
  [343, { actions: ['Get'], fields: [{ type: 'Group', field: 'group' }] }], // QUERY_TOPICS_BY_CONSUMER (QueryTopicsByConsumerRequestHeader)
  [345, { actions: ['Get'], fields: [{ type: 'Group', field: 'group' }, { type: 'Topic', field: 'topic' }] }], // QUERY_SUBSCRIPTION_BY_CONSUMER (QuerySubscriptionByConsumerRequestHeader)
  [351, { actions: ['Get'], fields: [{ type: 'Topic', field: 'topic' }] }], // GET_TOPIC_CONFIG (GetTopicConfigRequestHeader)
  [352, { actions: ['Get'], fields: [{ type: 'Group', field: 'group' }] }], // GET_SUBSCRIPTIONGROUP_CONFIG (GetSubscriptionGroupConfigRequestHeader)
  [353, { actions: ['Update'], fields: [{ type: 'Group', field: 'group' }, { type: 'Topic', field: 'topic' }] }], // UPDATE_AND_GET_GROUP_FORBIDDEN (UpdateGroupForbiddenRequestHeader)
  [354, { actions: ['Get'], fields: [{ type: 'Topic', field: 'topic' }] }], // CHECK_ROCKSDB_CQ_WRITE_PROGRESS (CheckRocksdbCqWriteProgressRequestHeader)
  [355, { actions: ['Get'], cluster: true, fields: [] }], // EXPORT_ROCKSDB_CONFIG_TO_JSON (ExportRocksDBConfigToJsonRequestHeader)
  [370, { actions: ['Pub'], fields: [{ type: 'Topic', field: 'topic' }] }], // RECALL_MESSAGE (RecallMessageRequestHeader)
  [901, { actions: ['Get'], fields: [{ type: 'Cluster', field: 'clusterName' }] }], // GET_BROKER_MEMBER_GROUP (GetBrokerMemberGroupRequestHeader)
  [902, { actions: ['Update'], cluster: true, fields: [] }], // ADD_BROKER (AddBrokerRequestHeader)
  [903, { actions: ['Update'], cluster: true, fields: [{ type: 'Cluster', field: 'brokerClusterName' }] }], // REMOVE_BROKER (RemoveBrokerRequestHeader)
  [904, { actions: ['Update'], cluster: true, fields: [{ type: 'Cluster', field: 'clusterName' }] }], // BROKER_HEARTBEAT (BrokerHeartbeatRequestHeader)
  [905, { actions: ['Update'], cluster: true, fields: [] }], // NOTIFY_MIN_BROKER_ID_CHANGE (NotifyMinBrokerIdChangeRequestHeader)
  [906, { actions: ['Update'], cluster: true, fields: [] }], // EXCHANGE_BROKER_HA_INFO (ExchangeHAInfoRequestHeader)
  [908, { actions: ['Update'], cluster: true, fields: [] }], // RESET_MASTER_FLUSH_OFFSET (ResetMasterFlushOffsetHeader)
  [1001, { actions: ['Update'], cluster: true, fields: [] }], // CONTROLLER_ALTER_SYNC_STATE_SET (AlterSyncStateSetRequestHeader)
  [1002, { actions: ['Update'], cluster: true, fields: [{ type: 'Cluster', field: 'clusterName' }] }], // CONTROLLER_ELECT_MASTER (ElectMasterRequestHeader)
  [1003, { actions: ['Update'], cluster: true, fields: [{ type: 'Cluster', field: 'clusterName' }] }], // CONTROLLER_REGISTER_BROKER (RegisterBrokerToControllerRequestHeader)
  [1004, { actions: ['Get'], cluster: true, fields: [] }], // CONTROLLER_GET_REPLICA_INFO (GetReplicaInfoRequestHeader)
  [1008, { actions: ['Update'], cluster: true, fields: [] }], // NOTIFY_BROKER_ROLE_CHANGED (NotifyBrokerRoleChangedRequestHeader)
  [1011, { actions: ['Update'], cluster: true, fields: [{ type: 'Cluster', field: 'clusterName' }] }], // CLEAN_BROKER_DATA (CleanControllerBrokerDataRequestHeader)
  [1012, { actions: ['Get'], cluster: true, fields: [{ type: 'Cluster', field: 'clusterName' }] }], // CONTROLLER_GET_NEXT_BROKER_ID (GetNextBrokerIdRequestHeader)
  [1013, { actions: ['Update'], cluster: true, fields: [{ type: 'Cluster', field: 'clusterName' }] }], // CONTROLLER_APPLY_BROKER_ID (ApplyBrokerIdRequestHeader)
  [3001, { actions: ['Update'], cluster: true, fields: [] }], // AUTH_CREATE_USER (CreateUserRequestHeader)
  [3002, { actions: ['Update'], cluster: true, fields: [] }], // AUTH_UPDATE_USER (UpdateUserRequestHeader)
  [3003, { actions: ['Update'], cluster: true, fields: [] }], // AUTH_DELETE_USER (DeleteUserRequestHeader)
  [3004, { actions: ['Get'], cluster: true, fields: [] }], // AUTH_GET_USER (GetUserRequestHeader)
  [3005, { actions: ['Get'], cluster: true, fields: [] }], // AUTH_LIST_USER (ListUsersRequestHeader)
  [3006, { actions: ['Update'], cluster: true, fields: [] }], // AUTH_CREATE_ACL (CreateAclRequestHeader)
  [3007, { actions: ['Update'], cluster: true, fields: [] }], // AUTH_UPDATE_ACL (UpdateAclRequestHeader)
  [3008, { actions: ['Update'], cluster: true, fields: [] }], // AUTH_DELETE_ACL (DeleteAclRequestHeader)
  [3009, { actions: ['Get'], cluster: true, fields: [] }], // AUTH_GET_ACL (GetAclRequestHeader)
  [3010, { actions: ['Get'], cluster: true, fields: [] }], // AUTH_LIST_ACL (ListAclsRequestHeader)
  [200050, { actions: ['Sub'], fields: [{ type: 'Group', field: 'consumerGroup' }, { type: 'Topic', field: 'topic' }] }], // POP_MESSAGE (PopMessageRequestHeader)
  [200051, { actions: ['Sub'], fields: [{ type: 'Group', field: 'consumerGroup' }, { type: 'Topic', field: 'topic' }] }], // ACK_MESSAGE (AckMessageRequestHeader)
  [200052, { actions: ['Sub'], fields: [{ type: 'Topic', field: 'topic' }, { type: 'Group', field: 'consumerGroup' }] }], // PEEK_MESSAGE (PeekMessageRequestHeader)
  [200053, { actions: ['Sub'], fields: [{ type: 'Group', field: 'consumerGroup' }, { type: 'Topic', field: 'topic' }] }], // CHANGE_MESSAGE_INVISIBLETIME (ChangeInvisibleTimeRequestHeader)
  [200054, { actions: ['Sub'], fields: [{ type: 'Group', field: 'consumerGroup' }, { type: 'Topic', field: 'topic' }] }], // NOTIFICATION (NotificationRequestHeader)
  [200055, { actions: ['Get'], fields: [{ type: 'Group', field: 'consumerGroup' }, { type: 'Topic', field: 'topic' }] }], // POLLING_INFO (PollingInfoRequestHeader)
]);

/** Java `StringUtils.split(s, separatorChars)`. */
function splitAny(s: string, separators: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of s) {
    if (separators.includes(ch)) {
      if (current !== '') out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

const isBlank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

/** A JSON body as the Java decoders read it; anything unreadable is a ContextError. */
function jsonObject(body: Buffer | null): Record<string, unknown> {
  // `RemotingSerializable.decode(null)` is null, and the builder then dereferences it.
  if (!body || body.length === 0) throw new ContextError();
  let parsed: unknown;
  try {
    parsed = parseFastJson(body);
  } catch {
    throw new ContextError();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ContextError();
  return parsed as Record<string, unknown>;
}

const records = (v: unknown): Array<Record<string, unknown>> =>
  Array.isArray(v) ? v.map((x) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {})) : [];
const text = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : String(v));

/**
 * The contexts of `request` from `sourceIp` on a broker of cluster `clusterName`, in the order
 * Java builds them (the first refused one names the refusal). Throws ContextError when a body
 * the rules need cannot be read.
 */
export function authorizationContexts(request: RemotingCommand, sourceIp: string, clusterName: string): AuthzContext[] {
  const f = request.extFields;
  if (!f || Object.keys(f).length === 0) return [];
  const username = f.AccessKey ?? null;
  const out: AuthzContext[] = [];
  const add = (resource: Resource, actions: Action[]): void => {
    out.push({ username, resource, actions, sourceIp });
  };
  switch (request.code) {
    case RequestCode.GET_ROUTEINFO_BY_TOPIC:
      if (isRetryTopic(f.topic)) add(groupResource(f.topic), ['Sub', 'Get']);
      else add(topicResource(f.topic), ['Pub', 'Sub', 'Get']);
      break;
    case RequestCode.SEND_MESSAGE:
      if (isRetryTopic(f.topic)) add(groupResource(isBlank(f.group) ? f.topic : f.group), ['Sub']);
      else add(topicResource(f.topic), ['Pub']);
      break;
    case RequestCode.SEND_MESSAGE_V2:
    case RequestCode.SEND_BATCH_MESSAGE:
      if (isRetryTopic(f.b)) add(groupResource(isBlank(f.a) ? f.b : f.a), ['Sub']);
      else add(topicResource(f.b), ['Pub']);
      break;
    case RequestCode.RECALL_MESSAGE:
      add(topicResource(f.topic), ['Pub']);
      break;
    case RequestCode.END_TRANSACTION:
      if (!isBlank(f.topic)) add(topicResource(f.topic), ['Pub']);
      break;
    case RequestCode.CONSUMER_SEND_MSG_BACK:
      add(groupResource(f.group), ['Sub']);
      break;
    case RequestCode.PULL_MESSAGE:
      if (!isRetryTopic(f.topic)) add(topicResource(f.topic), ['Sub']);
      add(groupResource(f.consumerGroup), ['Sub']);
      break;
    case RequestCode.QUERY_MESSAGE:
      add(topicResource(f.topic), ['Sub', 'Get']);
      break;
    case RequestCode.HEART_BEAT: {
      const data = jsonObject(request.body);
      for (const consumer of records(data.consumerDataSet)) {
        add(groupResource(text(consumer.groupName)), ['Sub']);
        for (const sub of records(consumer.subscriptionDataSet)) {
          const topic = text(sub.topic);
          if (isRetryTopic(topic)) continue;
          add(topicResource(topic), ['Sub']);
        }
      }
      break;
    }
    case RequestCode.UNREGISTER_CLIENT:
      if (!isBlank(f.consumerGroup)) add(groupResource(f.consumerGroup), ['Sub']);
      break;
    case RequestCode.GET_CONSUMER_LIST_BY_GROUP:
      add(groupResource(f.consumerGroup), ['Sub', 'Get']);
      break;
    case RequestCode.QUERY_CONSUMER_OFFSET:
      if (!isRetryTopic(f.topic)) add(topicResource(f.topic), ['Sub', 'Get']);
      add(groupResource(f.consumerGroup), ['Sub', 'Get']);
      break;
    case RequestCode.UPDATE_CONSUMER_OFFSET:
      if (!isRetryTopic(f.topic)) add(topicResource(f.topic), ['Sub', 'Update']);
      add(groupResource(f.consumerGroup), ['Sub', 'Update']);
      break;
    case RequestCode.LOCK_BATCH_MQ:
    case RequestCode.UNLOCK_BATCH_MQ: {
      const data = jsonObject(request.body);
      add(groupResource(text(data.consumerGroup)), ['Sub']);
      for (const mq of records(data.mqSet)) {
        const topic = text(mq.topic);
        if (isRetryTopic(topic)) continue;
        add(topicResource(topic), ['Sub']);
      }
      break;
    }
    default:
      return byAnnotation(request.code, f, username, sourceIp, clusterName);
  }
  return out;
}

function byAnnotation(code: number, f: Record<string, string>, username: string | null, sourceIp: string, clusterName: string): AuthzContext[] {
  const annotation = ANNOTATIONS.get(code);
  if (!annotation) return [];
  const out: AuthzContext[] = [];
  for (const field of annotation.fields) {
    const value = f[field.field];
    if (value === undefined || value === null) continue;
    const values = field.splitter !== undefined && field.splitter.trim() !== '' ? splitAny(value, field.splitter) : [value];
    for (const v of values) {
      const resource =
        field.type === 'Topic' && isRetryTopic(v) ? groupResource(v) : { type: field.type, name: v, pattern: 'LITERAL' as const };
      out.push({ username, resource, actions: [...annotation.actions], sourceIp });
    }
  }
  if (out.length === 0 && annotation.cluster) out.push({ username, resource: clusterResource(clusterName), actions: [...annotation.actions], sourceIp });
  return out;
}
