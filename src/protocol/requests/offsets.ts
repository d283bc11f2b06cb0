// Queue offsets (messages.md B.2/B.3): GET_MAX_OFFSET (30), GET_MIN_OFFSET (31),
// SEARCH_OFFSET_BY_TIMESTAMP (29) and a group's committed offset, QUERY_CONSUMER_OFFSET (14).
// Java 4.9.8 and 5.x send `bname` (the broker name) on these queue requests.

import type { RemotingCommand } from '../../remoting/command.js';
import { RequestCode, ResponseCode } from '../codes.js';
import { ProtocolError } from '../errors.js';
import { defineRequest } from './define.js';

export interface QueueArgs {
  topic: string;
  queueId: number;
  brokerName?: string;
}

/** A Long header field of the answer (`offset`, `timestamp`, ...). */
export function longHeader(res: RemotingCommand, key = 'offset'): number {
  const text = res.extFields?.[key];
  const n = text === undefined ? NaN : Number(text);
  if (!Number.isFinite(n)) throw new ProtocolError(`the header field "${key}" is missing or not a number`);
  return n;
}

/** GET_MAX_OFFSET (30): the offset the next message of the queue will get. */
export const getMaxOffset = defineRequest<QueueArgs, number>({
  code: RequestCode.GET_MAX_OFFSET,
  header: (a) => ({ topic: a.topic, queueId: a.queueId, bname: a.brokerName }),
  decode: (res) => longHeader(res),
});

/** GET_MIN_OFFSET (31): the first offset whose message is still held. */
export const getMinOffset = defineRequest<QueueArgs, number>({
  code: RequestCode.GET_MIN_OFFSET,
  header: (a) => ({ topic: a.topic, queueId: a.queueId, bname: a.brokerName }),
  decode: (res) => longHeader(res),
});

export interface SearchOffsetArgs extends QueueArgs {
  timestamp: number;
  /** 5.x: LOWER (default) or UPPER; 4.9.8 ignores it and answers the nearest entry. */
  boundaryType?: 'LOWER' | 'UPPER';
}

/** SEARCH_OFFSET_BY_TIMESTAMP (29): the queue offset for a store time (store.md §3.2). */
export const searchOffsetByTimestamp = defineRequest<SearchOffsetArgs, number>({
  code: RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
  header: (a) => ({ topic: a.topic, queueId: a.queueId, timestamp: a.timestamp, boundaryType: a.boundaryType, bname: a.brokerName }),
  decode: (res) => longHeader(res),
});

/** QUERY_CONSUMER_OFFSET (14): the group's committed offset; null when it has none (QUERY_NOT_FOUND). */
export const queryConsumerOffset = defineRequest<QueueArgs & { consumerGroup: string }, number | null>({
  code: RequestCode.QUERY_CONSUMER_OFFSET,
  header: (a) => ({ consumerGroup: a.consumerGroup, topic: a.topic, queueId: a.queueId, bname: a.brokerName }),
  answerCodes: [ResponseCode.QUERY_NOT_FOUND],
  decode: (res) => (res.code === ResponseCode.QUERY_NOT_FOUND ? null : longHeader(res)),
});
