// Consumer-group requests (messages.md B.2, B.3): consume stats, connections, offsets, resets.
// Header fields are those the Java tools send (test/fixtures/rocketmq-4.9.8), 5.x additions noted.

import type { RemotingCommand } from '../../remoting/command.js';
import { RequestCode, ResponseCode } from '../codes.js';
import { ProtocolError } from '../errors.js';
import {
  decodeConsumeStats,
  decodeConsumerConnection,
  decodeConsumerRunningInfo,
  decodeProducerConnection,
  decodeResetOffsetBody,
  type Connection,
  type ConsumeStats,
  type ConsumerConnection,
  type ConsumerRunningInfo,
  type MessageQueue,
} from '../bodies/consumer.js';
import { defineRequest, jsonBody } from './define.js';

/** The version number the answering server put in its response (409 = V4_9_8, >= 413 = 5.x). */
export interface Versioned {
  serverVersion: number;
}

/** 5.0.0 in MQVersion numbering; brokers from here on reset offsets on the server side. */
export const V5_0_0 = 413;

/** GET_CONSUME_STATS (208): header `consumerGroup` (+ `topic`); body ConsumeStats. */
export const getConsumeStats = defineRequest<{ consumerGroup: string; topic?: string }, ConsumeStats & Versioned>({
  code: RequestCode.GET_CONSUME_STATS,
  header: ({ consumerGroup, topic }) => (topic ? { consumerGroup, topic } : { consumerGroup }),
  decode: (res) => ({ ...decodeConsumeStats(jsonBody(res)), serverVersion: res.version }),
});

/**
 * GET_CONSUMER_CONNECTION_LIST (203): header `consumerGroup`. CONSUMER_NOT_ONLINE (206) is an
 * answer here: null.
 */
export const getConsumerConnectionList = defineRequest<{ consumerGroup: string }, ConsumerConnection | null>({
  code: RequestCode.GET_CONSUMER_CONNECTION_LIST,
  header: ({ consumerGroup }) => ({ consumerGroup }),
  answerCodes: [ResponseCode.CONSUMER_NOT_ONLINE],
  decode: (res) => (res.code === ResponseCode.CONSUMER_NOT_ONLINE ? null : decodeConsumerConnection(jsonBody(res))),
});

/**
 * GET_PRODUCER_CONNECTION_LIST (204): header `producerGroup`. A group with no producer is
 * SYSTEM_ERROR "the producer group[g] not exist"; that is an answer: null.
 */
export const getProducerConnectionList = defineRequest<{ producerGroup: string }, Connection[] | null>({
  code: RequestCode.GET_PRODUCER_CONNECTION_LIST,
  header: ({ producerGroup }) => ({ producerGroup }),
  answerCodes: [ResponseCode.SYSTEM_ERROR],
  decode: (res) => {
    if (res.code === ResponseCode.SYSTEM_ERROR) {
      if (/not exist/i.test(res.remark ?? '')) return null;
      throw new ProtocolError(`SYSTEM_ERROR: ${res.remark ?? ''}`);
    }
    return decodeProducerConnection(jsonBody(res));
  },
});

export interface ResetOffsetArgs {
  topic: string;
  group: string;
  /** ms; -1 = the queue's max offset. */
  timestamp: number;
  isForce: boolean;
  /** 5.x: -1 = every queue. */
  queueId?: number;
  /** 5.x: explicit offset for `queueId >= 0`; -1 = none. */
  offset?: number;
}

export type ResetOffsetAnswer =
  | ({ kind: 'reset'; offsets: Array<{ mq: MessageQueue; offset: number }> } & Versioned)
  | ({ kind: 'not-online'; remark: string } & Versioned);

/**
 * INVOKE_BROKER_TO_RESET_OFFSET (222): `topic`, `group`, `timestamp`, `isForce` (4.9.8), and
 * the 5.x `queueId` (-1 = all) and `offset` (-1 = none). Never sent as a CPP client.
 * CONSUMER_NOT_ONLINE (206) is an answer: a 4.x broker had nobody to push the offsets to.
 */
export const invokeBrokerToResetOffset = defineRequest<ResetOffsetArgs, ResetOffsetAnswer>({
  code: RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
  header: (a) => ({
    topic: a.topic,
    group: a.group,
    timestamp: a.timestamp,
    isForce: a.isForce,
    queueId: a.queueId ?? -1,
    offset: a.offset ?? -1,
  }),
  answerCodes: [ResponseCode.CONSUMER_NOT_ONLINE],
  decode: (res) =>
    res.code === ResponseCode.CONSUMER_NOT_ONLINE
      ? { kind: 'not-online', remark: res.remark ?? '', serverVersion: res.version }
      : { kind: 'reset', offsets: res.body && res.body.length > 0 ? decodeResetOffsetBody(jsonBody(res)) : [], serverVersion: res.version },
});

interface QueueArgs {
  topic: string;
  queueId: number;
  /** `bname`: Java 4.9.8 and 5.x send the broker name on queue requests. */
  brokerName: string;
}

/** UPDATE_CONSUMER_OFFSET (15), sent sync as mqadmin does: `consumerGroup`, `topic`, `queueId`, `commitOffset`, `bname`. */
export const updateConsumerOffset = defineRequest<QueueArgs & { consumerGroup: string; commitOffset: number }, void>({
  code: RequestCode.UPDATE_CONSUMER_OFFSET,
  header: (a) => ({ consumerGroup: a.consumerGroup, topic: a.topic, queueId: a.queueId, commitOffset: a.commitOffset, bname: a.brokerName }),
  decode: () => undefined,
});

export { getMaxOffset, getMinOffset, queryConsumerOffset, searchOffsetByTimestamp } from './offsets.js';

/** GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201): one definition, with the topic and group admin requests. */
export { getAllSubscriptionGroupConfig } from './groups.js';

/** GET_CONSUMER_RUNNING_INFO (307): `consumerGroup`, `clientId`, `jstackEnable`; forwarded to the client. */
export const getConsumerRunningInfo = defineRequest<{ consumerGroup: string; clientId: string; jstackEnable?: boolean }, ConsumerRunningInfo>({
  code: RequestCode.GET_CONSUMER_RUNNING_INFO,
  header: (a) => ({ consumerGroup: a.consumerGroup, clientId: a.clientId, jstackEnable: a.jstackEnable ?? false }),
  decode: (res) => decodeConsumerRunningInfo(jsonBody(res)),
});

function offsetHeader(res: RemotingCommand): number {
  const raw = res.extFields?.offset;
  const n = raw === undefined ? NaN : Number(raw);
  if (!Number.isFinite(n)) throw new ProtocolError('the answer has no offset header');
  return n;
}
