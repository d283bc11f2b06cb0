// mqadmin as a library: the remoting transport, the protocol codecs and the admin API that
// the CLI is built on.

export * from './remoting/command.js';
export { encodeFrame, decodeFrame, decodeFrameContent, FrameDecoder, DEFAULT_MAX_FRAME_SIZE } from './remoting/codec.js';
export * from './remoting/errors.js';
export { RemotingClient } from './remoting/client.js';
export { RemotingServer } from './remoting/server.js';
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
export { NotFoundError, InvalidArgumentError } from './admin/errors.js';
export type { TargetFailure } from './admin/errors.js';
export { ExitCode, classifyError } from './cli/exitCodes.js';
export {
  planUpdateTopic, applyUpdateTopic, planDeleteTopic, applyDeleteTopic, topicStatus, topicClusterList,
  getBrokerConfigs, updateBrokerConfigChecked, autoCreateTopic, updateSubGroup, planDeleteSubGroup,
  applyDeleteSubGroup, getConsumerConfig,
} from './admin/topicAdmin.js';
export { queryMessagesByIndex, queryMessagesById, queryMessageByOffset, printMessages, messageTracks, sendMessage } from './admin/messages.js';
export {
  consumerProgress, consumerProgressAll, consumerConnection, producerConnection, consumerStatus, planReset,
  executeReset, cloneGroupOffset,
} from './admin/consumer.js';
