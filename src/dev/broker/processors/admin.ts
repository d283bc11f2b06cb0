// Broker administration codes used by mqadmin (messages.md B.2): topics, configs, runtime
// info, statistics, key queries, connections, offset resets and subscription groups.

import { statfsSync } from 'node:fs';
import { createRequest, type RemotingCommand } from '../../../remoting/command.js';
import { RequestCode, ResponseCode } from '../../../protocol/codes.js';
import { javaDouble, parseFastJson, stringifyFastJson } from '../../../protocol/fastjson.js';
import { decodeMessageId } from '../../../protocol/messageId.js';
import { PERM_READ, PERM_WRITE } from '../../../protocol/perm.js';
import type { BrokerContext, Processor } from '../context.js';
import { applyAttributeEdits } from '../../../protocol/bodies/topicAdmin.js';
import { readGroupConfig } from '../subscriptionGroupManager.js';
import { validateTopicName, writeTopicConfig, type TopicConfig } from '../topicConfigManager.js';
import { statsProcessors } from './stats.js';
import { batchConfigProcessors } from './batchConfig.js';
import { maintenanceProcessors } from './maintenance.js';
import { boolField, fail, intField, ok } from './util.js';

type JsonRecord = Record<string, unknown>;

/** A MessageQueue as fastjson writes it: properties in alphabetical order (messages.md A.1). */
const mq = (topic: string, brokerName: string, queueId: number) => ({ brokerName, queueId, topic });

const FORWARD_TIMEOUT_MS = 10_000;

export function adminProcessors(ctx: BrokerContext): Map<number, Processor> {
  const p = new Map<number, Processor>();

  p.set(RequestCode.GET_BROKER_RUNTIME_INFO, (request) => ok(request, { body: stringifyFastJson({ table: runtimeInfo(ctx) }) }));

  p.set(RequestCode.GET_BROKER_CONFIG, (request) =>
    ok(request, { extFields: { version: ctx.config.versionJson() }, body: ctx.config.toText() }),
  );

  p.set(RequestCode.UPDATE_BROKER_CONFIG, async (request) => {
    const result = ctx.config.update(request.body ?? Buffer.alloc(0));
    if ('error' in result) return fail(request, ResponseCode.NO_PERMISSION, result.error);
    if (result.changed.includes('brokerPermission')) await ctx.registerBrokerAll().catch(() => undefined);
    return ok(request);
  });

  p.set(RequestCode.UPDATE_AND_CREATE_TOPIC, async (request) => {
    const f = request.extFields ?? {};
    const topic = f.topic ?? '';
    const invalid = validateTopicName(topic);
    if (invalid) return fail(request, ResponseCode.INVALID_PARAMETER, invalid);
    if (ctx.topics.systemTopics.has(topic) && topic !== 'TBW102' && topic !== ctx.clusterName && topic !== ctx.brokerName) {
      return fail(request, ResponseCode.INVALID_PARAMETER, `The topic[${topic}] is conflict with system topic.`);
    }
    const read = intField(f.readQueueNums, 16);
    const write = intField(f.writeQueueNums, 16);
    const perm = intField(f.perm, 6);
    if (read < 0 || write < 0 || read > 65535 || write > 65535) return fail(request, ResponseCode.INVALID_PARAMETER, `invalid queue numbers read=${read} write=${write}`);
    if (perm < 0 || perm >= 8) return fail(request, ResponseCode.INVALID_PARAMETER, `invalid perm ${perm}`);
    const existing = ctx.topics.get(topic);
    const config: TopicConfig = {
      topicName: topic,
      readQueueNums: read,
      writeQueueNums: write,
      perm,
      topicFilterType: f.topicFilterType === 'MULTI_TAG' ? 'MULTI_TAG' : 'SINGLE_TAG',
      topicSysFlag: intField(f.topicSysFlag, 0),
      order: boolField(f.order),
      attributes: applyAttributeEdits(existing?.attributes ?? {}, f.attributes ?? ''),
    };
    ctx.topics.put(config);
    await ctx.registerBrokerAll([config]).catch((err: Error) => ctx.log(`register ${topic} failed: ${err.message}`));
    return ok(request);
  });

  p.set(RequestCode.DELETE_TOPIC_IN_BROKER, (request) => {
    const topic = request.extFields?.topic ?? '';
    if (ctx.topics.systemTopics.has(topic)) return fail(request, ResponseCode.INVALID_PARAMETER, `The topic[${topic}] is conflict with system topic.`);
    ctx.topics.delete(topic);
    ctx.offsets.removeTopic(topic);
    ctx.store.deleteTopic(topic);
    return ok(request);
  });

  p.set(RequestCode.GET_ALL_TOPIC_CONFIG, (request) => ok(request, { body: stringifyFastJson(ctx.topics.serializeWrapper()) }));

  p.set(RequestCode.GET_TOPIC_CONFIG, (request) => {
    const t = ctx.topics.get(request.extFields?.topic ?? '');
    if (!t) return fail(request, ResponseCode.TOPIC_NOT_EXIST, `No topic in this broker. topic: ${request.extFields?.topic ?? ''}`);
    return ok(request, { body: stringifyFastJson(writeTopicConfig(t)) });
  });

  p.set(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER, (request) =>
    ok(request, { body: stringifyFastJson({ topicList: [...ctx.topics.systemTopics].sort() }) }),
  );

  p.set(RequestCode.GET_TOPIC_STATS_INFO, (request) => {
    const topic = request.extFields?.topic ?? '';
    const t = ctx.topics.get(topic);
    if (!t) return fail(request, ResponseCode.TOPIC_NOT_EXIST, `topic[${topic}] not exist`);
    const entries = new Map<unknown, unknown>();
    for (let q = 0; q < Math.max(t.readQueueNums, t.writeQueueNums); q++) {
      const max = Math.max(0, ctx.store.getMaxOffsetInQueue(topic, q));
      const min = Math.max(0, ctx.store.getMinOffsetInQueue(topic, q));
      const last = max > 0 ? ctx.store.getMessageStoreTimestamp(topic, q, max - 1) : 0;
      entries.set(mq(topic, ctx.brokerName, q), { lastUpdateTimestamp: Math.max(0, last), maxOffset: max, minOffset: min });
    }
    return ok(request, { body: stringifyFastJson({ offsetTable: entries, topicPutTps: javaDouble(0) }) });
  });

  p.set(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, (request) => {
    const topic = request.extFields?.topic ?? '';
    const groups = new Set([...ctx.clients.groupsSubscribing(topic), ...ctx.offsets.groupsOfTopic(topic)]);
    return ok(request, { body: stringifyFastJson({ groupList: [...groups].sort() }) });
  });

  p.set(RequestCode.QUERY_TOPICS_BY_CONSUMER, (request) => {
    const topics = ctx.offsets.topicsOfGroup(request.extFields?.group ?? '');
    return ok(request, { body: stringifyFastJson({ brokerAddr: ctx.brokerAddr, topicList: topics.sort() }) });
  });

  // Key and unique-key queries go to the index; the caller re-checks keys (store.md §4).
  p.set(RequestCode.QUERY_MESSAGE, (request) => {
    const f = request.extFields ?? {};
    const unique = boolField(f._UNIQUE_KEY_QUERY);
    const maxNum = unique ? ctx.config.num('defaultQueryMaxNum') : intField(f.maxNum, 32);
    const result = ctx.store.queryMessage(f.topic ?? '', f.key ?? '', maxNum, intField(f.beginTimestamp, 0), intField(f.endTimestamp, Number.MAX_SAFE_INTEGER));
    const header = { indexLastUpdateTimestamp: result.indexLastUpdateTimestamp, indexLastUpdatePhyoffset: result.indexLastUpdatePhyoffset };
    if (result.records.length === 0) {
      return { ...fail(request, ResponseCode.QUERY_NOT_FOUND, 'can not find message, maybe time range not correct'), extFields: Object.fromEntries(Object.entries(header).map(([k, v]) => [k, String(v)])) };
    }
    return ok(request, { extFields: header, body: Buffer.concat(result.records) });
  });

  p.set(RequestCode.VIEW_MESSAGE_BY_ID, (request) => {
    const offset = intField(request.extFields?.offset, -1);
    const record = offset >= 0 ? ctx.store.lookMessageByOffset(offset) : null;
    if (!record) return fail(request, ResponseCode.SYSTEM_ERROR, `can not find message by the offset, ${offset}`);
    return ok(request, { body: record });
  });

  p.set(RequestCode.GET_CONSUME_STATS, (request) => {
    const f = request.extFields ?? {};
    const group = f.consumerGroup ?? '';
    let topics: string[];
    if (f.topicList) topics = f.topicList.split(';').filter(Boolean);
    else if (f.topic) topics = [f.topic];
    else topics = ctx.offsets.topicsOfGroup(group);
    const info = ctx.clients.consumers.get(group);
    const entries = new Map<unknown, unknown>();
    for (const topic of topics) {
      const t = ctx.topics.get(topic);
      if (!t) continue;
      // Topics the group does not subscribe to are skipped while it has live subscriptions.
      if (!f.topicList && info && info.subscriptionTable.size > 0 && !info.subscriptionTable.has(topic)) continue;
      for (let q = 0; q < t.readQueueNums; q++) {
        const brokerOffset = Math.max(0, ctx.store.getMaxOffsetInQueue(topic, q));
        const committed = Math.max(0, ctx.offsets.queryOffset(group, topic, q));
        const pulled = ctx.offsets.queryPullOffset(group, topic, q);
        const lastTimestamp = committed > 0 ? Math.max(0, ctx.store.getMessageStoreTimestamp(topic, q, committed - 1)) : 0;
        entries.set(mq(topic, ctx.brokerName, q), { brokerOffset, consumerOffset: committed, lastTimestamp, pullOffset: Math.max(committed, pulled) });
      }
    }
    return ok(request, { body: stringifyFastJson({ consumeTps: javaDouble(ctx.offsets.consumeTps(group)), offsetTable: entries }) });
  });

  p.set(RequestCode.GET_CONSUMER_CONNECTION_LIST, (request) => {
    const group = request.extFields?.consumerGroup ?? '';
    const info = ctx.clients.consumers.get(group);
    if (!info || info.channels.size === 0) return fail(request, ResponseCode.CONSUMER_NOT_ONLINE, `the consumer group[${group}] not online`);
    const subscriptionTable: JsonRecord = {};
    for (const [topic, s] of info.subscriptionTable) {
      subscriptionTable[topic] = { classFilterMode: s.classFilterMode, codeSet: s.codeSet, expressionType: s.expressionType, subString: s.subString, subVersion: s.subVersion, tagsSet: s.tagsSet, topic };
    }
    return ok(request, {
      body: stringifyFastJson({
        connectionSet: [...info.channels.values()].map((c) => ({ clientAddr: c.connection.remoteAddress, clientId: c.clientId, language: c.language, version: c.version })),
        consumeFromWhere: info.consumeFromWhere,
        consumeType: info.consumeType,
        messageModel: info.messageModel,
        subscriptionTable,
      }),
    });
  });

  p.set(RequestCode.GET_PRODUCER_CONNECTION_LIST, (request) => {
    const group = request.extFields?.producerGroup ?? '';
    const m = ctx.clients.producers.get(group);
    if (!m || m.size === 0) return fail(request, ResponseCode.SYSTEM_ERROR, `the producer group[${group}] not exist`);
    return ok(request, { body: stringifyFastJson({ connectionSet: [...m.values()].map((c) => ({ clientAddr: c.connection.remoteAddress, clientId: c.clientId, language: c.language, version: c.version })) }) });
  });

  // 5.x server-side reset (behaviours.md §5.2): commit the target offsets and tell each queue's
  // next pull to move there, so any client (even one that answers no broker request) follows.
  p.set(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, (request) => {
    const f = request.extFields ?? {};
    const topic = f.topic ?? '';
    const group = f.group ?? '';
    const t = ctx.topics.get(topic);
    if (!t) return fail(request, ResponseCode.TOPIC_NOT_EXIST, `[reset-offset] reset offset failed, no topic in this broker. topic=${topic}`);
    if (!ctx.groups.find(group)) return fail(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `[reset-offset] reset offset failed, no group in this broker. group=${group}`);
    const timestamp = intField(f.timestamp, -1);
    const isForce = f.isForce === undefined ? true : boolField(f.isForce);
    const onlyQueue = intField(f.queueId, -1);
    const explicit = f.offset === undefined ? -1 : intField(f.offset, -1);
    const table = new Map<unknown, unknown>();
    for (let q = 0; q < t.readQueueNums; q++) {
      if (onlyQueue >= 0 && q !== onlyQueue) continue;
      const max = ctx.store.getMaxOffsetInQueue(topic, q);
      const min = ctx.store.getMinOffsetInQueue(topic, q);
      let target: number;
      if (onlyQueue >= 0 && explicit >= 0) {
        if (explicit < min || explicit > max) return fail(request, ResponseCode.SYSTEM_ERROR, `Target offset ${explicit} not in consume queue range [${min}-${max}]`);
        target = explicit;
      } else {
        target = timestamp < 0 ? max : ctx.store.getOffsetInQueueByTime(topic, q, timestamp, 'LOWER');
      }
      const current = ctx.offsets.queryOffset(group, topic, q);
      if (!isForce && current >= 0 && target > current) target = current;
      ctx.offsets.assignResetOffset(group, topic, q, target);
      table.set(mq(topic, ctx.brokerName, q), target);
    }
    ctx.offsets.persist(true);
    // Parked pulls of the group re-run now and carry the new offset (PULL_OFFSET_MOVED).
    for (let q = 0; q < t.readQueueNums; q++) ctx.pullHold.wakeQueue(topic, q);
    return ok(request, { body: stringifyFastJson({ offsetTable: table }) });
  });

  p.set(RequestCode.CLONE_GROUP_OFFSET, (request) => {
    const f = request.extFields ?? {};
    const topic = f.topic ?? '';
    if (topic) for (const [q, off] of ctx.offsets.queryOffsets(f.srcGroup ?? '', topic)) ctx.offsets.commitOffset(f.destGroup ?? '', topic, q, off);
    return ok(request);
  });

  p.set(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, (request) => {
    const body = request.body && request.body.length > 0 ? (parseFastJson(request.body) as JsonRecord) : {};
    const name = String(body.groupName ?? '');
    if (!name) return fail(request, ResponseCode.SYSTEM_ERROR, 'the group name is empty');
    ctx.groups.put(readGroupConfig(name, body));
    return ok(request);
  });

  p.set(RequestCode.DELETE_SUBSCRIPTIONGROUP, (request) => {
    const f = request.extFields ?? {};
    const group = f.groupName ?? '';
    ctx.groups.delete(group);
    if (boolField(f.cleanOffset) || boolField(f.removeOffset)) ctx.offsets.removeGroup(group);
    return ok(request);
  });

  p.set(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, (request) => ok(request, { body: stringifyFastJson(ctx.groups.serialize()) }));

  p.set(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, (request) => {
    const g = ctx.groups.find(request.extFields?.group ?? '');
    if (!g) return fail(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `No subscription group in this broker. group: ${request.extFields?.group ?? ''}`);
    return ok(request, { body: stringifyFastJson(g) });
  });

  p.set(RequestCode.GET_ALL_CONSUMER_OFFSET, (request) => ok(request, { body: stringifyFastJson(ctx.offsets.serialize()) }));

  // Forwarded to one consumer over its own connection (behaviours.md §3.10).
  const forward = (code: number) => async (request: RemotingCommand) => {
    const f = request.extFields ?? {};
    const channel = ctx.clients.findConsumerChannel(f.consumerGroup ?? '', f.clientId ?? '');
    if (!channel) return fail(request, ResponseCode.SYSTEM_ERROR, `The Consumer <${f.consumerGroup ?? ''}> <${f.clientId ?? ''}> not online`);
    if (channel.version < 62) return fail(request, ResponseCode.SYSTEM_ERROR, `The Consumer <${f.consumerGroup ?? ''}> Version <${channel.version}> too low to finish, please upgrade it to V3_1_8_SNAPSHOT`);
    const extFields = { ...f };
    let body = request.body;
    if (code === RequestCode.CONSUME_MESSAGE_DIRECTLY) {
      extFields.brokerName = ctx.brokerName;
      try {
        const id = decodeMessageId(f.msgId ?? '');
        const record = id.kind === 'offset' ? ctx.store.lookMessageByOffset(Number(id.commitLogOffset)) : null;
        if (!record) return fail(request, ResponseCode.SYSTEM_ERROR, `can not find message by the offset id ${f.msgId ?? ''}`);
        body = record;
      } catch {
        return fail(request, ResponseCode.SYSTEM_ERROR, `bad message id ${f.msgId ?? ''}`);
      }
    }
    try {
      const answer = await channel.connection.invoke(createRequest(code, { extFields, body, version: ctx.version }), FORWARD_TIMEOUT_MS);
      return { ...answer, opaque: request.opaque, flag: 1, serializeType: request.serializeType };
    } catch (err) {
      return fail(request, ResponseCode.CONSUME_MSG_TIMEOUT, `consumer ${f.clientId ?? ''} did not answer: ${(err as Error).message}`);
    }
  };
  p.set(RequestCode.GET_CONSUMER_RUNNING_INFO, forward(RequestCode.GET_CONSUMER_RUNNING_INFO));
  p.set(RequestCode.CONSUME_MESSAGE_DIRECTLY, forward(RequestCode.CONSUME_MESSAGE_DIRECTLY));

  // VIEW_BROKER_STATS_DATA, GET_BROKER_CONSUME_STATS, GET_ALL_PRODUCER_INFO.
  for (const [code, fn] of statsProcessors(ctx)) p.set(code, fn);

  // HA (ha.md §9): a master without an HA service of slaves; not in controller mode (no epochs).
  p.set(RequestCode.GET_BROKER_HA_STATUS, (request) =>
    ok(request, {
      body: stringifyFastJson({
        haClientRuntimeInfo: { lastReadTimestamp: 0, lastWriteTimestamp: 0, masterFlushOffset: 0, maxOffset: 0, transferredByteInSecond: 0 },
        haConnectionInfo: [],
        inSyncSlaveNums: 0,
        master: true,
        masterCommitLogMaxOffset: ctx.store.stats().commitLogMaxOffset,
      }),
    }),
  );
  p.set(RequestCode.GET_BROKER_EPOCH_CACHE, (request) => fail(request, ResponseCode.SYSTEM_ERROR, 'this request only for controllerMode '));
  // 18, 225, 401/402, 2001-2003 (5.x).
  for (const [code, fn] of batchConfigProcessors(ctx)) p.set(code, fn);
  // 321, 306, 329, 316, 908, 2004 (admin-commands.md §4).
  for (const [code, fn] of maintenanceProcessors(ctx)) p.set(code, fn);

  return p;
}


/** Fraction of the store's file system in use, as the broker reports `commitLogDiskRatio`. */
function diskRatio(path: string): string {
  try {
    const fs = statfsSync(path);
    return fs.blocks > 0 ? (1 - fs.bavail / fs.blocks).toFixed(4) : '0.0';
  } catch {
    return '0.0';
  }
}

/** The GET_BROKER_RUNTIME_INFO table (messages.md B.2): every key mqadmin reads. */
function runtimeInfo(ctx: BrokerContext): Record<string, string> {
  const s = ctx.store.stats();
  const runtimeMs = Date.now() - ctx.bootTimestamp;
  const secs = Math.floor(runtimeMs / 1000);
  const perm = ctx.config.num('brokerPermission');
  return {
    brokerVersionDesc: 'V5_3_3',
    brokerVersion: String(ctx.version),
    brokerActive: 'true',
    brokerPermission: String(perm),
    brokerReadable: String((perm & PERM_READ) !== 0),
    brokerWritable: String((perm & PERM_WRITE) !== 0),
    putTps: ctx.stats.tps(0),
    getTransferredTps: ctx.stats.tps(1),
    getFoundTps: ctx.stats.tps(1),
    getMissTps: '0.00 0.00 0.00',
    getTotalTps: ctx.stats.tps(1),
    ...ctx.stats.totals(),
    commitLogDiskRatio: diskRatio(ctx.config.get('storePathRootDir') ?? '.'),
    // The consume queues live under the same store root (exportMetrics reads both).
    consumeQueueDiskRatio: diskRatio(ctx.config.get('storePathRootDir') ?? '.'),
    commitLogMinOffset: String(s.commitLogMinOffset),
    commitLogMaxOffset: String(s.commitLogMaxOffset),
    earliestMessageTimeStamp: String(ctx.store.getEarliestMessageTimeOfStore()),
    pageCacheLockTimeMills: '0',
    dispatchBehindBytes: '0',
    sendThreadPoolQueueSize: '0',
    sendThreadPoolQueueCapacity: '10000',
    sendThreadPoolQueueHeadWaitTimeMills: '0',
    pullThreadPoolQueueSize: '0',
    pullThreadPoolQueueCapacity: '100000',
    pullThreadPoolQueueHeadWaitTimeMills: '0',
    queryThreadPoolQueueSize: '0',
    ackThreadPoolQueueSize: '0',
    timerReadBehind: '0',
    timerOffsetBehind: '0',
    timerCongestNum: '0',
    timerEnqueueTps: '0.0',
    timerDequeueTps: '0.0',
    bootTimestamp: String(ctx.bootTimestamp),
    runtime: `[ ${Math.floor(secs / 86400)} days, ${Math.floor(secs / 3600) % 24} hours, ${Math.floor(secs / 60) % 60} minutes, ${secs % 60} seconds ]`,
    putMessageTimesTotal: String(s.putMessageTimesTotal),
    putMessageSizeTotal: String(s.putMessageSizeTotal),
    putMessageAverageSize: s.putMessageTimesTotal > 0 ? (s.putMessageSizeTotal / s.putMessageTimesTotal).toFixed(1) : '0.0',
    remainHowManyDataToFlush: '0 B',
    pullHoldRequests: String(ctx.pullHold.size),
  };
}
