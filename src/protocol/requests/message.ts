// Requests that find, read and send messages (messages.md B.3, message-format.md §4/§5):
// QUERY_MESSAGE, VIEW_MESSAGE_BY_ID, PULL_MESSAGE, SEND_MESSAGE_V2 and the queue-offset lookups.
// Headers are built field for field as the Java tools and producers send them.

import type { RemotingCommand } from '../../remoting/command.js';
import { RequestCode, ResponseCode } from '../codes.js';
import { ProtocolError } from '../errors.js';
import { javaStringHashCode } from '../javaHash.js';
import { decodeMessage, decodeMessagesDetailed, MessageDecodeError, type MessageExt } from '../message.js';
import { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from '../properties.js';
import { defineRequest } from './define.js';

/** Java `Long.MAX_VALUE`: the open end of a time window. */
export const LONG_MAX = 9223372036854775807n;
/** `MessageStoreConfig.maxMsgsNumBatch`: a broker never returns more hits than this per query. */
export const MAX_QUERY_HITS = 64;
/** `defaultQueryMaxNum`: what a broker uses instead of `maxNum` for a unique-key query. */
export const MAX_UNIQUE_QUERY_HITS = 32;

function number(res: RemotingCommand, key: string): number {
  const text = res.extFields?.[key];
  const n = text === undefined ? NaN : Number(text);
  if (!Number.isFinite(n)) throw new ProtocolError(`the header field "${key}" is missing or not a number`);
  return n;
}

function optionalNumber(res: RemotingCommand, key: string): number | undefined {
  const text = res.extFields?.[key];
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
}

// ---------------------------------------------------------------------------------------------
// QUERY_MESSAGE (12)

export interface QueryMessageArgs {
  topic: string;
  /** A KEYS token, or a UNIQ_KEY when `uniqueKey`. */
  key: string;
  maxNum: number;
  beginTimestamp: number | bigint;
  endTimestamp: number | bigint;
  uniqueKey: boolean;
}

export interface QueryMessageAnswer {
  /** The records whose index hash matched: the caller must re-check key and topic. */
  messages: MessageExt[];
  indexLastUpdateTimestamp?: number;
  indexLastUpdatePhyoffset?: number;
}

/**
 * QUERY_MESSAGE: header `topic`, `key`, `maxNum`, `beginTimestamp`, `endTimestamp`,
 * `_UNIQUE_KEY_QUERY` (as the Java tool sends them). QUERY_NOT_FOUND is an answer: no hits.
 */
export const queryMessage = defineRequest<QueryMessageArgs, QueryMessageAnswer>({
  code: RequestCode.QUERY_MESSAGE,
  header: (a) => ({
    topic: a.topic,
    key: a.key,
    maxNum: a.maxNum,
    beginTimestamp: a.beginTimestamp,
    endTimestamp: a.endTimestamp,
    _UNIQUE_KEY_QUERY: a.uniqueKey,
  }),
  answerCodes: [ResponseCode.QUERY_NOT_FOUND],
  decode: (res) => {
    const out: QueryMessageAnswer = { messages: [] };
    const ts = optionalNumber(res, 'indexLastUpdateTimestamp');
    const phy = optionalNumber(res, 'indexLastUpdatePhyoffset');
    if (ts !== undefined) out.indexLastUpdateTimestamp = ts;
    if (phy !== undefined) out.indexLastUpdatePhyoffset = phy;
    if (res.code === ResponseCode.QUERY_NOT_FOUND || !res.body) return out;
    const decoded = decodeMessagesDetailed(res.body);
    if (decoded.error && decoded.messages.length === 0) throw new ProtocolError(`the message records cannot be read: ${decoded.error}`);
    out.messages = decoded.messages;
    return out;
  },
});

// ---------------------------------------------------------------------------------------------
// VIEW_MESSAGE_BY_ID (33)

export interface ViewMessageArgs {
  /** Commit-log offset (from an offset message id). */
  offset: bigint | number;
  /** 5.x sends the topic for authorization; the Java 4.9.8 tool does not. */
  topic?: string;
}

/** VIEW_MESSAGE_BY_ID: header `offset`; body exactly one record. Not found is SYSTEM_ERROR. */
export const viewMessageById = defineRequest<ViewMessageArgs, MessageExt>({
  code: RequestCode.VIEW_MESSAGE_BY_ID,
  header: (a) => ({ offset: a.offset, topic: a.topic }),
  decode: (res) => {
    if (!res.body) throw new ProtocolError('the response has no body');
    try {
      return decodeMessage(res.body);
    } catch (err) {
      if (err instanceof MessageDecodeError) throw new ProtocolError(err.message);
      throw err;
    }
  },
});

// ---------------------------------------------------------------------------------------------
// PULL_MESSAGE (11)

/** The group the Java admin tool pulls as (`MixAll.TOOLS_CONSUMER_GROUP`). */
export const TOOLS_CONSUMER_GROUP = 'TOOLS_CONSUMER';
/** PullSysFlag bit 2: the subscription travels in the request. */
export const PULL_SYSFLAG_SUBSCRIPTION = 0x4;

export interface PullMessageArgs {
  topic: string;
  queueId: number;
  queueOffset: number;
  maxMsgNums: number;
  /** Default TOOLS_CONSUMER. */
  consumerGroup?: string;
  /** Default `*`. */
  subscription?: string;
  /** Default 20000, as the Java tool's pull consumer. */
  suspendTimeoutMillis?: number;
  brokerName?: string;
}

export type PullStatus = 'FOUND' | 'NO_NEW_MSG' | 'NO_MATCHED_MSG' | 'OFFSET_ILLEGAL';

export interface PullAnswer {
  status: PullStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  /** Each with `MIN_OFFSET`/`MAX_OFFSET` properties added, as a Java consumer does. */
  messages: MessageExt[];
}

/**
 * PULL_MESSAGE as the Java tool's pull consumer sends it for `queryMsgByOffset`/`printMsg`:
 * group TOOLS_CONSUMER, sysFlag 4 (subscription only: no commit, no suspend), subscription `*`,
 * subVersion 0, expressionType TAG.
 */
export const pullMessage = defineRequest<PullMessageArgs, PullAnswer>({
  code: RequestCode.PULL_MESSAGE,
  header: (a) => ({
    consumerGroup: a.consumerGroup ?? TOOLS_CONSUMER_GROUP,
    topic: a.topic,
    queueId: a.queueId,
    queueOffset: a.queueOffset,
    maxMsgNums: a.maxMsgNums,
    sysFlag: PULL_SYSFLAG_SUBSCRIPTION,
    commitOffset: 0,
    suspendTimeoutMillis: a.suspendTimeoutMillis ?? 20000,
    subscription: a.subscription ?? '*',
    subVersion: 0,
    expressionType: 'TAG',
    bname: a.brokerName,
  }),
  answerCodes: [ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY, ResponseCode.PULL_OFFSET_MOVED],
  decode: (res) => {
    const status: PullStatus =
      res.code === ResponseCode.SUCCESS ? 'FOUND'
        : res.code === ResponseCode.PULL_NOT_FOUND ? 'NO_NEW_MSG'
          : res.code === ResponseCode.PULL_RETRY_IMMEDIATELY ? 'NO_MATCHED_MSG'
            : 'OFFSET_ILLEGAL';
    const minOffset = number(res, 'minOffset');
    const maxOffset = number(res, 'maxOffset');
    const answer: PullAnswer = { status, nextBeginOffset: number(res, 'nextBeginOffset'), minOffset, maxOffset, messages: [] };
    if (status === 'FOUND' && res.body) {
      const decoded = decodeMessagesDetailed(res.body);
      if (decoded.error && decoded.messages.length === 0) throw new ProtocolError(`the message records cannot be read: ${decoded.error}`);
      for (const m of decoded.messages) {
        // Java `PullAPIWrapper.processPullResult` puts these first (they show first in the tool's output).
        m.properties = Object.assign(Object.create(null) as Record<string, string>, { MIN_OFFSET: String(minOffset), MAX_OFFSET: String(maxOffset) }, m.properties);
      }
      answer.messages = decoded.messages;
    }
    return answer;
  },
});

// ---------------------------------------------------------------------------------------------
// SEND_MESSAGE_V2 (310)

export interface SendMessageArgs {
  producerGroup: string;
  topic: string;
  queueId: number;
  sysFlag: number;
  bornTimestamp: number;
  flag: number;
  /** Encoded properties (see {@link encodeProducerProperties}). */
  properties: string;
  brokerName: string;
  body: Buffer;
}

export type SendStatus = 'SEND_OK' | 'FLUSH_DISK_TIMEOUT' | 'FLUSH_SLAVE_TIMEOUT' | 'SLAVE_NOT_AVAILABLE';

export interface SendAnswer {
  status: SendStatus;
  /** The broker's offset message id. */
  offsetMsgId: string;
  queueId: number;
  queueOffset: number;
  /** 5.x: the stored UNIQ_KEY. */
  transactionId?: string;
  regionId?: string;
}

const SEND_STATUS: Record<number, SendStatus> = {
  [ResponseCode.SUCCESS]: 'SEND_OK',
  [ResponseCode.FLUSH_DISK_TIMEOUT]: 'FLUSH_DISK_TIMEOUT',
  [ResponseCode.FLUSH_SLAVE_TIMEOUT]: 'FLUSH_SLAVE_TIMEOUT',
  [ResponseCode.SLAVE_NOT_AVAILABLE]: 'SLAVE_NOT_AVAILABLE',
};

/** SEND_MESSAGE_V2 with the one-letter header of a 4.9.8 Java producer (`a`..`n`, no `l`). */
export const sendMessageV2 = defineRequest<SendMessageArgs, SendAnswer>({
  code: RequestCode.SEND_MESSAGE_V2,
  header: (a) => ({
    a: a.producerGroup,
    b: a.topic,
    c: 'TBW102',
    d: 4,
    e: a.queueId,
    f: a.sysFlag,
    g: a.bornTimestamp,
    h: a.flag,
    i: a.properties,
    j: 0,
    k: false,
    m: false,
    n: a.brokerName,
  }),
  body: (a) => a.body,
  answerCodes: [ResponseCode.FLUSH_DISK_TIMEOUT, ResponseCode.FLUSH_SLAVE_TIMEOUT, ResponseCode.SLAVE_NOT_AVAILABLE],
  decode: (res) => {
    const offsetMsgId = res.extFields?.msgId;
    if (!offsetMsgId) throw new ProtocolError('the send response has no msgId');
    const out: SendAnswer = {
      status: SEND_STATUS[res.code] ?? 'SEND_OK',
      offsetMsgId,
      queueId: number(res, 'queueId'),
      queueOffset: number(res, 'queueOffset'),
    };
    if (res.extFields?.transactionId) out.transactionId = res.extFields.transactionId;
    if (res.extFields?.MSG_REGION) out.regionId = res.extFields.MSG_REGION;
    return out;
  },
});

/**
 * Message properties as a Java 4.9.8 producer puts them in header `i`: the iteration order of
 * the message's `java.util.HashMap` (bucket `(h ^ h>>>16) & (capacity-1)`, insertion order within
 * a bucket; capacity 16 doubling past 0.75 load), pairs joined by `\u0002` without a trailing one.
 */
export function encodeProducerProperties(props: ReadonlyArray<readonly [string, string]>): string {
  let capacity = 16;
  while (props.length > capacity * 0.75) capacity *= 2;
  const bucketOf = (key: string) => {
    const h = javaStringHashCode(key);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  const seen = new Map<string, string>();
  for (const [k, v] of props) seen.set(k, v);
  const ordered = [...seen.entries()].map(([k, v], i) => ({ k, v, i, b: bucketOf(k) })).sort((x, y) => x.b - y.b || x.i - y.i);
  return ordered.map(({ k, v }) => k + NAME_VALUE_SEPARATOR + v).join(PROPERTY_SEPARATOR);
}

export { getMaxOffset, getMinOffset, queryConsumerOffset, searchOffsetByTimestamp, type QueueArgs, type SearchOffsetArgs } from './offsets.js';
