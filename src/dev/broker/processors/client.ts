// Client management and consumer offsets on the data path (messages.md B.3, behaviours.md §3):
// HEART_BEAT, UNREGISTER_CLIENT, GET_CONSUMER_LIST_BY_GROUP, QUERY/UPDATE_CONSUMER_OFFSET,
// GET_MAX/MIN_OFFSET, SEARCH_OFFSET_BY_TIMESTAMP, GET_EARLIEST_MSG_STORETIME, LOCK/UNLOCK_BATCH_MQ,
// CHECK_CLIENT_CONFIG, CONSUMER_SEND_MSG_BACK and END_TRANSACTION.

import { createResponse, type RemotingCommand } from '../../../remoting/command.js';
import type { Connection } from '../../../remoting/connection.js';
import { RequestCode, ResponseCode } from '../../../protocol/codes.js';
import { parseFastJson, stringifyFastJson } from '../../../protocol/fastjson.js';
import { decodeMessage } from '../../../protocol/message.js';
import { createOffsetMessageId } from '../../../protocol/messageId.js';
import { PERM_WRITE } from '../../../protocol/perm.js';
import type { TimeBoundary } from '../../store/types.js';
import type { ConsumerRegistration, SubscriptionData } from '../clientManager.js';
import type { BrokerContext, Processor } from '../context.js';
import { applyDelayLevel, restoreAs } from '../schedule.js';
import { DLQ_GROUP_TOPIC_PREFIX, RETRY_GROUP_TOPIC_PREFIX } from '../topicConfigManager.js';
import { buildSubscriptionData } from './pull.js';
import { FAQ_SUFFIX, boolField, ext, fail, intField, ok, randomInt } from './util.js';

type JsonRecord = Record<string, unknown>;
const rec = (v: unknown): JsonRecord => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonRecord) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, d = ''): string => (v === undefined || v === null ? d : String(v));

function jsonBody(request: RemotingCommand): JsonRecord {
  return request.body && request.body.length > 0 ? rec(parseFastJson(request.body)) : {};
}

/** Queue locks for orderly consumers (behaviours.md §3.8): (group, queue) -> holder. */
class RebalanceLockManager {
  private readonly locks = new Map<string, { clientId: string; lastUpdate: number }>();
  constructor(private readonly maxLiveMs = 60_000) {}

  tryLock(group: string, mqKey: string, clientId: string, now = Date.now()): boolean {
    const k = `${group}|${mqKey}`;
    const held = this.locks.get(k);
    if (!held || held.clientId === clientId || now - held.lastUpdate > this.maxLiveMs) {
      this.locks.set(k, { clientId, lastUpdate: now });
      return true;
    }
    return false;
  }

  unlock(group: string, mqKey: string, clientId: string): void {
    const k = `${group}|${mqKey}`;
    if (this.locks.get(k)?.clientId === clientId) this.locks.delete(k);
  }
}

function readSubscription(raw: unknown): SubscriptionData {
  const r = rec(raw);
  const topic = str(r.topic);
  const expressionType = str(r.expressionType, 'TAG');
  // Use the client's tag set and codes when sent; rebuild them from the expression otherwise.
  const built = buildSubscriptionData(topic, str(r.subString, '*'), expressionType, Number(r.subVersion ?? Date.now()));
  const tags = arr(r.tagsSet).map((t) => str(t));
  const codes = arr(r.codeSet).map((c) => Number(c));
  return { ...built, tagsSet: tags.length ? tags : built.tagsSet, codeSet: codes.length ? codes : built.codeSet, classFilterMode: r.classFilterMode === true };
}

export function clientProcessors(ctx: BrokerContext): Map<number, Processor> {
  const processors = new Map<number, Processor>();
  const locks = new RebalanceLockManager();
  const notifyEnabled = (group: string) => ctx.config.bool('notifyConsumerIdsChangedEnable') && (ctx.groups.table.get(group)?.notifyConsumerIdsChangedEnable ?? true);

  processors.set(RequestCode.HEART_BEAT, (request, connection) => {
    const body = jsonBody(request);
    const clientId = str(body.clientID);
    const channel = { connection, clientId, language: request.language, version: request.version, lastUpdateTimestamp: Date.now() };
    for (const raw of arr(body.consumerDataSet)) {
      const data = rec(raw);
      const groupName = str(data.groupName);
      const group = ctx.groups.find(groupName);
      // Unknown group with auto-creation off: skipped silently, as Java does (behaviours.md §3.2).
      if (!group) continue;
      const retryTopic = RETRY_GROUP_TOPIC_PREFIX + groupName;
      if (!ctx.topics.get(retryTopic)) {
        const created = ctx.topics.createTopicIfAbsent(retryTopic, Math.max(1, group.retryQueueNums));
        void ctx.registerBrokerAll([created]).catch((err: Error) => ctx.log(`register ${retryTopic} failed: ${err.message}`));
      }
      const reg: ConsumerRegistration = {
        groupName,
        consumeType: str(data.consumeType, 'CONSUME_PASSIVELY'),
        messageModel: str(data.messageModel, 'CLUSTERING'),
        consumeFromWhere: str(data.consumeFromWhere, 'CONSUME_FROM_LAST_OFFSET'),
        subscriptions: arr(data.subscriptionDataSet).map(readSubscription),
      };
      ctx.clients.registerConsumer(reg, channel, notifyEnabled(groupName));
    }
    for (const raw of arr(body.producerDataSet)) {
      const groupName = str(rec(raw).groupName);
      if (groupName) ctx.clients.registerProducer(groupName, channel);
    }
    return ok(request, { extFields: { IS_SUPPORT_HEART_BEAT_V2: 'true', IS_SUB_CHANGE: 'true' } });
  });

  processors.set(RequestCode.UNREGISTER_CLIENT, (request, connection) => {
    const f = request.extFields ?? {};
    if (f.producerGroup) ctx.clients.unregisterProducer(f.producerGroup, connection);
    if (f.consumerGroup) ctx.clients.unregisterConsumer(f.consumerGroup, connection, notifyEnabled(f.consumerGroup));
    return ok(request);
  });

  processors.set(RequestCode.GET_CONSUMER_LIST_BY_GROUP, (request) => {
    const group = request.extFields?.consumerGroup ?? '';
    const ids = ctx.clients.consumerIds(group);
    if (ids.length === 0) return fail(request, ResponseCode.SYSTEM_ERROR, `no consumer for this group, ${group}`);
    return ok(request, { body: stringifyFastJson({ consumerIdList: ids }) });
  });

  processors.set(RequestCode.QUERY_CONSUMER_OFFSET, (request) => {
    const f = request.extFields ?? {};
    const topic = f.topic ?? '';
    const queueId = intField(f.queueId, 0);
    const offset = ctx.offsets.queryOffset(f.consumerGroup ?? '', topic, queueId);
    if (offset >= 0) return ok(request, { extFields: { offset } });
    // No committed offset: 0 while message 0 of the queue is still held (a young queue), so a
    // new group with CONSUME_FROM_LAST_OFFSET starts at the beginning (messages.md B.3).
    const setZero = f.setZeroIfNotFound === undefined || boolField(f.setZeroIfNotFound, true);
    if (setZero && ctx.store.getMinOffsetInQueue(topic, queueId) <= 0 && ctx.store.getMaxOffsetInQueue(topic, queueId) > 0) {
      return ok(request, { extFields: { offset: 0 } });
    }
    return fail(request, ResponseCode.QUERY_NOT_FOUND, 'Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first');
  });

  processors.set(RequestCode.UPDATE_CONSUMER_OFFSET, (request) => {
    const f = request.extFields ?? {};
    const group = f.consumerGroup ?? '';
    const topic = f.topic ?? '';
    const queueId = intField(f.queueId, 0);
    if (ctx.offsets.hasPendingReset(group, topic, queueId)) return ok(request, { remark: 'Offset has been previously reset' });
    ctx.offsets.commitOffset(group, topic, queueId, intField(f.commitOffset, -1));
    return ok(request);
  });

  processors.set(RequestCode.GET_MAX_OFFSET, (request) => {
    const f = request.extFields ?? {};
    return ok(request, { extFields: { offset: ctx.store.getMaxOffsetInQueue(f.topic ?? '', intField(f.queueId, 0)) } });
  });

  processors.set(RequestCode.GET_MIN_OFFSET, (request) => {
    const f = request.extFields ?? {};
    return ok(request, { extFields: { offset: ctx.store.getMinOffsetInQueue(f.topic ?? '', intField(f.queueId, 0)) } });
  });

  processors.set(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, (request) => {
    const f = request.extFields ?? {};
    const boundary: TimeBoundary = f.boundaryType === 'UPPER' ? 'UPPER' : 'LOWER';
    const offset = ctx.store.getOffsetInQueueByTime(f.topic ?? '', intField(f.queueId, 0), intField(f.timestamp, 0), boundary);
    return ok(request, { extFields: { offset } });
  });

  processors.set(RequestCode.GET_EARLIEST_MSG_STORETIME, (request) => {
    const f = request.extFields ?? {};
    return ok(request, { extFields: { timestamp: ctx.store.getEarliestMessageTime(f.topic ?? '', intField(f.queueId, 0)) } });
  });

  const mqKey = (mq: JsonRecord) => `${str(mq.topic)}|${str(mq.brokerName)}|${str(mq.queueId)}`;
  const writeMq = (mq: JsonRecord) => ({ brokerName: str(mq.brokerName), queueId: Number(mq.queueId ?? 0), topic: str(mq.topic) });

  processors.set(RequestCode.LOCK_BATCH_MQ, (request) => {
    const body = jsonBody(request);
    const group = str(body.consumerGroup);
    const clientId = str(body.clientId);
    const locked = arr(body.mqSet).map(rec).filter((mq) => locks.tryLock(group, mqKey(mq), clientId));
    return ok(request, { body: stringifyFastJson({ lockOKMQSet: locked.map(writeMq) }) });
  });

  processors.set(RequestCode.UNLOCK_BATCH_MQ, (request) => {
    const body = jsonBody(request);
    for (const mq of arr(body.mqSet).map(rec)) locks.unlock(str(body.consumerGroup), mqKey(mq), str(body.clientId));
    return ok(request);
  });

  processors.set(RequestCode.CHECK_CLIENT_CONFIG, (request) => {
    const body = jsonBody(request);
    const type = str(rec(body.subscriptionData).expressionType, 'TAG');
    if (type !== 'TAG') return fail(request, ResponseCode.SYSTEM_ERROR, `The broker does not support consumer to filter message by ${type}`);
    return ok(request);
  });

  processors.set(RequestCode.CONSUMER_SEND_MSG_BACK, (request, connection) => consumerSendMsgBack(ctx, request, connection));

  // Transactions are refused at send time, so there is no half message to end: answer like a
  // broker that cannot find it (the request is oneway, so this reply is normally not sent).
  processors.set(RequestCode.END_TRANSACTION, (request) =>
    fail(request, ResponseCode.SYSTEM_ERROR, 'transactional messages are not supported by the mqadmin dev broker'),
  );

  return processors;
}

/** CONSUMER_SEND_MSG_BACK (behaviours.md §3.6): retry with a delay level, or the DLQ. */
async function consumerSendMsgBack(ctx: BrokerContext, request: RemotingCommand, connection: Connection): Promise<RemotingCommand> {
  const f = request.extFields ?? {};
  const groupName = f.group ?? '';
  const group = ctx.groups.find(groupName);
  if (!group) return fail(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group not exist, ${groupName}${FAQ_SUFFIX}`);
  if ((ctx.config.num('brokerPermission') & PERM_WRITE) === 0) return fail(request, ResponseCode.NO_PERMISSION, `the broker[${ctx.brokerAddr}] sending message is forbidden`);
  if (group.retryQueueNums <= 0) return ok(request);

  const retryTopic = RETRY_GROUP_TOPIC_PREFIX + groupName;
  let topicConfig = ctx.topics.get(retryTopic);
  if (!topicConfig) {
    topicConfig = ctx.topics.createTopicIfAbsent(retryTopic, group.retryQueueNums);
    void ctx.registerBrokerAll([topicConfig]).catch(() => undefined);
  }
  const offset = intField(f.offset, -1);
  const record = offset >= 0 ? ctx.store.lookMessageByOffset(offset) : null;
  if (!record) return fail(request, ResponseCode.SYSTEM_ERROR, `look message by offset failed, ${offset}`);
  const msg = decodeMessage(record, { decompress: false });
  const props = { ...msg.properties };
  if (!props.RETRY_TOPIC) props.RETRY_TOPIC = msg.topic;
  props.ORIGIN_MESSAGE_ID = props.ORIGIN_MESSAGE_ID ?? createOffsetMessageId(msg.storeHost, msg.commitLogOffset);

  const maxReconsume = request.version >= 121 && f.maxReconsumeTimes !== undefined ? intField(f.maxReconsumeTimes, group.retryMaxTimes) : group.retryMaxTimes;
  let delayLevel = intField(f.delayLevel, 0);
  let topic = retryTopic;
  let queueId = randomInt(Math.max(1, topicConfig.writeQueueNums));
  if (msg.reconsumeTimes >= maxReconsume || delayLevel < 0) {
    topic = DLQ_GROUP_TOPIC_PREFIX + groupName;
    const dlq = ctx.topics.createTopicIfAbsent(topic, 1);
    void ctx.registerBrokerAll([dlq]).catch(() => undefined);
    queueId = 0;
    delete props.DELAY;
  } else {
    if (delayLevel === 0) delayLevel = 3 + msg.reconsumeTimes;
    props.DELAY = String(delayLevel);
  }
  const input = restoreAs(msg, { topic, queueId, properties: props, reconsumeTimes: msg.reconsumeTimes + 1, preparedTransactionOffset: 0 });
  applyDelayLevel(input, ctx);
  const result = await ctx.store.putMessage(input);
  if (result.status !== 'PUT_OK' && result.status !== 'FLUSH_DISK_TIMEOUT') {
    return fail(request, ResponseCode.SYSTEM_ERROR, result.remark ?? result.status);
  }
  void connection;
  // SNDBCK_PUT_NUMS under the message's own topic, as the Java broker counts it.
  ctx.stats.recordSendBack(groupName, msg.properties.RETRY_TOPIC ?? msg.topic);
  return createResponse(request, ResponseCode.SUCCESS, { extFields: ext({}) });
}
