// Broker maintenance requests (admin-commands.md §4): store housekeeping triggers, the consume
// queue of one queue, the slave's master flush offset, the commit log's read-ahead mode, and a
// broker container's add/remove broker.

import { RequestCode } from '../codes.js';
import { decodeConsumeQueueBody, type ConsumeQueueBody } from '../bodies/consumeQueue.js';
import { defineRequest, jsonBody } from './define.js';

/** CLEAN_EXPIRED_CONSUMEQUEUE (306): no header, no body; SUCCESS or SYSTEM_ERROR. */
export const cleanExpiredConsumeQueue = defineRequest<void, void>({
  code: RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE,
  decode: () => undefined,
});

/** DELETE_EXPIRED_COMMITLOG (329): no header, no body; the broker starts a manual deletion. */
export const deleteExpiredCommitLog = defineRequest<void, void>({
  code: RequestCode.DELETE_EXPIRED_COMMITLOG,
  decode: () => undefined,
});

/** CLEAN_UNUSED_TOPIC (316): no header, no body; consume queues of topics it has no config for go. */
export const cleanUnusedTopic = defineRequest<void, void>({
  code: RequestCode.CLEAN_UNUSED_TOPIC,
  decode: () => undefined,
});

export interface QueryConsumeQueueArgs {
  topic: string;
  queueId: number;
  /** First logical offset (consume-queue index). */
  index: number;
  count: number;
  consumerGroup?: string;
}

/**
 * The answer of QUERY_CONSUME_QUEUE: the body, or none with a remark when the index is past the
 * end ("Index <i> of <q>@<t> is not exist!", still SUCCESS).
 */
export interface ConsumeQueueAnswer {
  body: ConsumeQueueBody | null;
  remark: string | null;
}

/** QUERY_CONSUME_QUEUE (321): `topic`, `queueId`, `index`, `count`, `consumerGroup` (optional). */
export const queryConsumeQueue = defineRequest<QueryConsumeQueueArgs, ConsumeQueueAnswer>({
  code: RequestCode.QUERY_CONSUME_QUEUE,
  header: (a) => ({ topic: a.topic, queueId: a.queueId, index: a.index, count: a.count, consumerGroup: a.consumerGroup }),
  decode: (res) => ({
    body: res.body && res.body.length > 0 ? decodeConsumeQueueBody(jsonBody(res)) : null,
    remark: res.remark ?? null,
  }),
});

/** RESET_MASTER_FLUSH_OFFSET (908, 5.x): `masterFlushOffset`; only a slave applies it. */
export const resetMasterFlushOffset = defineRequest<{ masterFlushOffset: number | bigint }, void>({
  code: RequestCode.RESET_MASTER_FLUSH_OFFSET,
  header: (a) => ({ masterFlushOffset: a.masterFlushOffset }),
  decode: () => undefined,
});

/** The ext field SET_COMMITLOG_READ_MODE carries its value in (no header class). */
export const READ_AHEAD_MODE_FIELD = 'READ_AHEAD_MODE';

/** SET_COMMITLOG_READ_MODE (2004, 5.x): ext field `READ_AHEAD_MODE` = "0" (normal) or "1" (random); answers a remark. */
export const setCommitLogReadMode = defineRequest<{ mode: '0' | '1' }, string | null>({
  code: RequestCode.SET_COMMITLOG_READ_MODE,
  header: (a) => ({ [READ_AHEAD_MODE_FIELD]: a.mode }),
  decode: (res) => res.remark ?? null,
});

/** ADD_BROKER (902, a broker container): `configPath`, a properties file on the container's host. */
export const addBroker = defineRequest<{ configPath: string }, void>({
  code: RequestCode.ADD_BROKER,
  header: (a) => ({ configPath: a.configPath }),
  decode: () => undefined,
});

export interface BrokerIdentity {
  brokerClusterName: string;
  brokerName: string;
  brokerId: number;
}

/** REMOVE_BROKER (903, a broker container): `brokerClusterName`, `brokerName`, `brokerId`. */
export const removeBroker = defineRequest<BrokerIdentity, void>({
  code: RequestCode.REMOVE_BROKER,
  header: (a) => ({ brokerClusterName: a.brokerClusterName, brokerName: a.brokerName, brokerId: a.brokerId }),
  decode: () => undefined,
});
