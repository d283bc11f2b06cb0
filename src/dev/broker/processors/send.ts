// SEND_MESSAGE (10), SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320): messages.md B.3 and the
// broker side of a send, behaviours.md §2.5, in Java's order of checks.

import { createResponse, type RemotingCommand } from '../../../remoting/command.js';
import type { Connection } from '../../../remoting/connection.js';
import { RequestCode, ResponseCode } from '../../../protocol/codes.js';
import { decodeBatchBody, MessageSysFlag } from '../../../protocol/message.js';
import { decodeMessageProperties } from '../../../protocol/properties.js';
import { PERM_WRITE } from '../../../protocol/perm.js';
import { UniqueIdGenerator } from '../../../protocol/messageId.js';
import type { PutMessageInput, PutMessageResult } from '../../store/types.js';
import type { BrokerContext } from '../context.js';
import {
  DLQ_GROUP_TOPIC_PREFIX,
  NOT_ALLOWED_SEND_TOPICS,
  RETRY_GROUP_TOPIC_PREFIX,
  validateTopicName,
  type TopicConfig,
} from '../topicConfigManager.js';
import { applyDelayLevel } from '../schedule.js';
import { FAQ_SUFFIX, ext, fail, intField, randomInt } from './util.js';

/** SEND_MESSAGE_V2 one-letter keys -> SendMessageRequestHeader names (messages.md B.3). */
const V2_NAMES: Record<string, string> = {
  a: 'producerGroup', b: 'topic', c: 'defaultTopic', d: 'defaultTopicQueueNums', e: 'queueId', f: 'sysFlag',
  g: 'bornTimestamp', h: 'flag', i: 'properties', j: 'reconsumeTimes', k: 'unitMode', l: 'maxReconsumeTimes',
  m: 'batch', n: 'brokerName',
};

export interface SendHeader {
  producerGroup: string;
  topic: string;
  defaultTopic: string;
  defaultTopicQueueNums: number;
  queueId: number;
  sysFlag: number;
  bornTimestamp: number;
  flag: number;
  properties: string;
  reconsumeTimes: number;
  maxReconsumeTimes: number | undefined;
  batch: boolean;
}

export function readSendHeader(request: RemotingCommand): SendHeader {
  const raw = request.extFields ?? {};
  const f: Record<string, string> = {};
  if (request.code === RequestCode.SEND_MESSAGE) Object.assign(f, raw);
  else for (const [k, v] of Object.entries(raw)) f[V2_NAMES[k] ?? k] = v;
  return {
    producerGroup: f.producerGroup ?? '',
    topic: f.topic ?? '',
    defaultTopic: f.defaultTopic ?? 'TBW102',
    defaultTopicQueueNums: intField(f.defaultTopicQueueNums, 4),
    queueId: intField(f.queueId, -1),
    sysFlag: intField(f.sysFlag, 0),
    bornTimestamp: intField(f.bornTimestamp, Date.now()),
    flag: intField(f.flag, 0),
    properties: f.properties ?? '',
    reconsumeTimes: intField(f.reconsumeTimes, 0),
    maxReconsumeTimes: f.maxReconsumeTimes === undefined ? undefined : intField(f.maxReconsumeTimes, 16),
    batch: (f.batch ?? '').toLowerCase() === 'true' || request.code === RequestCode.SEND_BATCH_MESSAGE,
  };
}

export function sendProcessor(ctx: BrokerContext) {
  const uniqIds = new UniqueIdGenerator({ ip: ctx.brokerAddr.split(':')[0] });

  return async (request: RemotingCommand, connection: Connection): Promise<RemotingCommand> => {
    const h = readSendHeader(request);
    const brokerPerm = ctx.config.num('brokerPermission');
    if ((brokerPerm & PERM_WRITE) === 0) {
      return fail(request, ResponseCode.NO_PERMISSION, `the broker[${ctx.brokerAddr}] sending message is forbidden`);
    }
    const invalid = validateTopicName(h.topic);
    if (invalid) return fail(request, ResponseCode.INVALID_PARAMETER, invalid);
    if (NOT_ALLOWED_SEND_TOPICS.has(h.topic)) return fail(request, ResponseCode.NO_PERMISSION, `Sending message to topic[${h.topic}] is forbidden.`);

    // Topic lookup, then auto-creation (store.md §7): retry topics always, others from the
    // default topic when it inherits.
    let topicConfig = ctx.topics.get(h.topic);
    if (!topicConfig) {
      if (h.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) {
        const group = ctx.groups.find(h.topic.slice(RETRY_GROUP_TOPIC_PREFIX.length));
        if (group) topicConfig = ctx.topics.createTopicIfAbsent(h.topic, group.retryQueueNums);
      } else {
        const unitFlags = 0;
        topicConfig = ctx.topics.createTopicInSendMessageMethod(h.topic, h.defaultTopic, h.defaultTopicQueueNums, unitFlags);
      }
      if (topicConfig) void ctx.registerBrokerAll([topicConfig]).catch((err: Error) => ctx.log(`register after auto-create failed: ${err.message}`));
    }
    if (!topicConfig) {
      return fail(request, ResponseCode.TOPIC_NOT_EXIST, `topic[${h.topic}] not exist, apply first please!${FAQ_SUFFIX}`);
    }
    let queueId = h.queueId;
    const maxQueues = Math.max(topicConfig.readQueueNums, topicConfig.writeQueueNums);
    if (queueId >= maxQueues) {
      return fail(request, ResponseCode.INVALID_PARAMETER, `request queueId[${queueId}] is illegal, topic:[${h.topic}] topicConfig.writeQueueNums:[${topicConfig.writeQueueNums}] topicConfig.readQueueNums:[${topicConfig.readQueueNums}] producer:[${connection.remoteAddress}]`);
    }
    if (queueId < 0) queueId = randomInt(Math.max(1, topicConfig.writeQueueNums));
    if ((topicConfig.perm & PERM_WRITE) === 0) {
      return fail(request, ResponseCode.NO_PERMISSION, `the topic[${h.topic}] sending message is forbidden`);
    }

    const props = decodeMessageProperties(h.properties);
    const txType = h.sysFlag & MessageSysFlag.TRANSACTION_MASK;
    if (txType === MessageSysFlag.TRANSACTION_PREPARED || props.TRAN_MSG === 'true') {
      // Transactions are not implemented by the dev broker: refuse them the way a Java broker
      // with rejectTransactionMessage=true does, so a producer gets a clear error at once.
      return fail(request, ResponseCode.NO_PERMISSION, `the broker[${ctx.brokerName}] sending transaction message is forbidden`);
    }

    // Retry topics: the group must exist; past the maximum reconsume times the message goes to
    // the group's dead-letter topic (behaviours.md §2.5 step 5).
    let topic = h.topic;
    if (topic.startsWith(RETRY_GROUP_TOPIC_PREFIX) && !h.batch) {
      const groupName = topic.slice(RETRY_GROUP_TOPIC_PREFIX.length);
      const group = ctx.groups.find(groupName);
      if (!group) return fail(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group not exist, ${groupName}${FAQ_SUFFIX}`);
      const maxReconsume = request.version >= 121 && h.maxReconsumeTimes !== undefined ? h.maxReconsumeTimes : group.retryMaxTimes;
      if (h.reconsumeTimes >= maxReconsume) {
        topic = DLQ_GROUP_TOPIC_PREFIX + groupName;
        const dlq = ctx.topics.createTopicIfAbsent(topic, 1);
        void ctx.registerBrokerAll([dlq]).catch(() => undefined);
        queueId = 0;
      }
    }

    const bornHost = connection.remoteAddress;
    let result: PutMessageResult;
    let uniqKey: string | undefined;
    if (request.code === RequestCode.SEND_BATCH_MESSAGE) {
      if (topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) return fail(request, ResponseCode.MESSAGE_ILLEGAL, 'Retry Group is not supported for batching');
      if (!request.body) return fail(request, ResponseCode.MESSAGE_ILLEGAL, 'the batch body is empty');
      let inner;
      try {
        inner = decodeBatchBody(request.body);
      } catch (err) {
        return fail(request, ResponseCode.MESSAGE_ILLEGAL, `the batch body is malformed: ${(err as Error).message}`);
      }
      const batchProps = withBrokerProperties(ctx, props);
      const inputs: PutMessageInput[] = inner.map((m) => {
        const merged = withBrokerProperties(ctx, { ...m.properties, ...batchProps });
        if (!merged.UNIQ_KEY) merged.UNIQ_KEY = uniqIds.next();
        return { topic, queueId, flag: m.flag, sysFlag: h.sysFlag, bornTimestamp: h.bornTimestamp, bornHost, reconsumeTimes: h.reconsumeTimes, preparedTransactionOffset: 0, body: m.body, properties: merged };
      });
      if (inputs.some((m) => Number((m.properties as Record<string, string>).DELAY ?? 0) > 0)) {
        return fail(request, ResponseCode.MESSAGE_ILLEGAL, 'Batch message does not support delay message');
      }
      result = await ctx.store.putMessages(inputs);
      uniqKey = inputs.map((m) => (m.properties as Record<string, string>).UNIQ_KEY).join(',');
    } else {
      const stored = withBrokerProperties(ctx, props);
      if (!stored.UNIQ_KEY) stored.UNIQ_KEY = uniqIds.next();
      uniqKey = stored.UNIQ_KEY;
      const input: PutMessageInput = {
        topic, queueId, flag: h.flag, sysFlag: h.sysFlag, bornTimestamp: h.bornTimestamp, bornHost,
        reconsumeTimes: h.reconsumeTimes, preparedTransactionOffset: 0, body: request.body ?? Buffer.alloc(0), properties: stored,
      };
      applyDelayLevel(input, ctx);
      result = await ctx.store.putMessage(input);
    }
    return sendResponse(ctx, request, result, queueId, uniqKey, topicConfig);
  };
}

/**
 * What the broker adds to a stored message: the cluster name. `WAIT` is the producer's flag
 * for the broker and is not stored (the captured records of a real broker carry no `WAIT`).
 */
function withBrokerProperties(ctx: BrokerContext, props: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...props };
  delete out.WAIT;
  out.CLUSTER = ctx.clusterName;
  return out;
}

function sendResponse(ctx: BrokerContext, request: RemotingCommand, result: PutMessageResult, queueId: number, uniqKey: string | undefined, topic: TopicConfig): RemotingCommand {
  switch (result.status) {
    case 'PUT_OK':
    case 'FLUSH_DISK_TIMEOUT': {
      const count = result.msgIds.length;
      // TOPIC_PUT_NUMS counts under the topic the producer sent to (statsAll's IN figures).
      ctx.stats.recordPut(count, result.wroteBytes, topic.topicName);
      return createResponse(request, result.status === 'PUT_OK' ? ResponseCode.SUCCESS : ResponseCode.FLUSH_DISK_TIMEOUT, {
        // Java clients read MSG_REGION and TRACE_ON without a null check (messages.md B.3).
        extFields: ext({
          msgId: result.msgIds.join(','),
          queueId,
          queueOffset: result.queueOffset,
          transactionId: uniqKey,
          MSG_REGION: ctx.config.get('regionId') ?? 'DefaultRegion',
          TRACE_ON: ctx.config.get('traceOn') ?? 'true',
        }),
      });
    }
    case 'MESSAGE_ILLEGAL':
    case 'PROPERTIES_SIZE_EXCEEDED':
      return fail(request, ResponseCode.MESSAGE_ILLEGAL, result.remark ?? 'the message is illegal, maybe msg body or properties length not matched');
    case 'SERVICE_NOT_AVAILABLE':
      return fail(request, ResponseCode.SERVICE_NOT_AVAILABLE, result.remark ?? 'service not available now');
    default:
      return fail(request, ResponseCode.SYSTEM_ERROR, result.remark ?? `UNKNOWN_ERROR ${String(result.status)}`);
  }
}
