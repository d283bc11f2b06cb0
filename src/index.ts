// mqadmin as a library: the remoting transport, the protocol codecs and the admin API that
// the CLI is built on.

export * from './remoting/command.js';
export { encodeFrame, decodeFrame, decodeFrameContent, FrameDecoder, DEFAULT_MAX_FRAME_SIZE } from './remoting/codec.js';
export * from './remoting/errors.js';
export { RemotingClient } from './remoting/client.js';
export type { ClientTlsOptions, RemotingClientOptions } from './remoting/client.js';
export { RemotingServer } from './remoting/server.js';
export type { RemotingServerOptions, ServerTlsOptions } from './remoting/server.js';
export { Connection } from './remoting/connection.js';

export { RequestCode, ResponseCode, requestCodeName, responseCodeName } from './protocol/codes.js';
export { ResponseError, ProtocolError } from './protocol/errors.js';
export { parseFastJson, stringifyFastJson } from './protocol/fastjson.js';
export { decodeMessages, encodeMessage } from './protocol/message.js';
export type { MessageExt } from './protocol/message.js';
export { decodeMessageId, createOffsetMessageId } from './protocol/messageId.js';
export { permToString } from './protocol/perm.js';
export type { TopicRouteData, BrokerData, QueueData } from './protocol/bodies/route.js';
export type { ClusterInfo } from './protocol/bodies/cluster.js';
export { defineRequest, buildRequest, readResponse } from './protocol/requests/define.js';
export type { RequestDefinition } from './protocol/requests/define.js';

export { MQAdmin, DEFAULT_TIMEOUT_MS } from './admin/MQAdmin.js';
export type { MQAdminOptions } from './admin/MQAdmin.js';
export { clusterOverview, brokerStatus, listBrokerAddresses } from './admin/cluster.js';
export type { ClusterOverview, BrokerOverview, BrokerStatusResult } from './admin/cluster.js';
export { topicList } from './admin/topics.js';
export type { TopicListResult, TopicDetail } from './admin/topics.js';
export { NotFoundError, InvalidArgumentError, UnavailableOnServerError } from './admin/errors.js';
export type { TargetFailure } from './admin/errors.js';
export { ExitCode, classifyError } from './cli/exitCodes.js';
export { planUpdateTopic, applyUpdateTopic, planDeleteTopic, applyDeleteTopic, topicStatus, topicClusterList } from './admin/topics.js';
export { getBrokerConfigs, updateBrokerConfigChecked, autoCreateTopic } from './admin/brokerConfig.js';
export { updateSubGroup, planDeleteSubGroup, applyDeleteSubGroup, getConsumerConfig } from './admin/groups.js';
export { queryMessagesByIndex, queryMessagesById, queryMessageByOffset, printMessages, consumeMessages, messageTracks, sendMessage } from './admin/messages.js';
export { queryMessageTrace } from './admin/trace.js';
export { decodeTraceData, encodeTraceData, traceMessageKeys, DEFAULT_TRACE_TOPIC } from './protocol/trace.js';
export type { TraceRecord } from './protocol/trace.js';
export {
  consumerProgress, consumerProgressAll, consumerConnection, producerConnection, consumerStatus, planReset,
  executeReset, cloneGroupOffset,
} from './admin/consumer.js';
export { statsAll, brokerConsumeStats, brokerProducers, allocateMQ } from './admin/stats.js';
export type { StatsAllResult, StatsAllRow, BrokerConsumeStatsResult, ProducersResult, AllocationResult } from './admin/stats.js';
export { exportMetadata, exportConfigs, exportMetrics, exportPopRecord, prettyFastJson } from './admin/export.js';
export type { ExportResult, ExportedFile, ExportMetadataOptions, ExportPopRecordResult } from './admin/export.js';
export { checkRocksdbCqWriteProgress, rocksDBConfigToJson } from './admin/rocksdb.js';
export type { CheckRocksdbResult, RocksDBConfigToJsonResult } from './admin/rocksdb.js';
export { dumpCompactionLog, javaMessageExtString } from './admin/compactionLog.js';
export type { DumpCompactionLogResult } from './admin/compactionLog.js';
export { checkMsgSendRT, clusterRTRound, sendMsgStatus, summarizeRt } from './admin/sendTest.js';
export type { CheckSendRtResult, ClusterRtRound, SendStatusResult, RtSummary } from './admin/sendTest.js';
export { monitorRound, monitorChanges } from './admin/monitor.js';
export type { MonitorRound, MonitorChange } from './admin/monitor.js';
export {
  planUpdateAclConfig, applyUpdateAclConfig, planDeleteAclConfig, applyDeleteAclConfig, planUpdateGlobalWhiteAddr,
  applyUpdateGlobalWhiteAddr, aclConfigVersions, getAclConfig,
} from './admin/acl.js';
export type { AclAccountView, AclConfigResult, AclVersionsResult, UpdateAclPlan, UpdateAclResult, DeleteAclResult, WhiteAddrResult } from './admin/acl.js';
export {
  listUsers, getUser, createUser, planUpdateUser, applyUpdateUser, planDeleteUser, applyDeleteUser, planCopyUsers,
  applyCopyUsers, getAcl, listAcls, planPutAcl, applyPutAcl, planDeleteAcl, applyDeleteAcl, planCopyAcls, applyCopyAcls,
} from './admin/auth.js';
export type { UserView, AclEntryView, ListUsersResult, GetUserResult, GetAclResult, ListAclsResult } from './admin/auth.js';
export * as authRequests from './protocol/requests/auth.js';
export type { UserInfo, AclInfo, PolicyInfo, PolicyEntryInfo } from './protocol/bodies/auth.js';
export { encodeUserInfo, decodeUserInfo, encodeAclInfo, decodeAclInfo } from './protocol/bodies/auth.js';
export { planUpdateTopicList, applyUpdateTopicList, planUpdateSubGroupList, applyUpdateSubGroupList, parseTopicList, parseSubGroupList } from './admin/batchConfig.js';
export type { UpdateTopicListPlan, UpdateTopicListResult, UpdateSubGroupListPlan, UpdateSubGroupListResult } from './admin/batchConfig.js';
export { planApplyMetadata, applyApplyMetadata, readMetadataFile, readClusterMetadata } from './admin/applyMetadata.js';
export type { ApplyMetadataPlan, ApplyMetadataResult, SourceMetadata } from './admin/applyMetadata.js';
export { setConsumeMode } from './admin/consumeMode.js';
export type { SetConsumeModeResult } from './admin/consumeMode.js';
export { coldDataFlowCtrInfo, updateColdDataFlowCtrGroupConfig, planRemoveColdDataFlowCtrGroupConfig, applyRemoveColdDataFlowCtrGroupConfig } from './admin/coldData.js';
export type { ColdDataFlowCtrInfoResult, ColdGroupChangeResult, RemoveColdGroupPlan } from './admin/coldData.js';
export * as batchConfigRequests from './protocol/requests/batchConfig.js';
export { planUpdateStaticTopic, applyUpdateStaticTopic } from './admin/staticTopic.js';
export type { UpdateStaticTopicPlan, UpdateStaticTopicResult } from './admin/staticTopic.js';
export * as staticTopicRequests from './protocol/requests/staticTopic.js';
export { planRemappingStaticTopic, applyRemappingStaticTopic, blockSeqRoundUp } from './admin/remapStaticTopic.js';
export type { RemapStaticTopicPlan, RemapStaticTopicResult, LogicQueueMove } from './admin/remapStaticTopic.js';
