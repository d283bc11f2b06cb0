// PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361): messages.md B.3 and the broker side of
// behaviours.md §3.5 — checks, subscription from the request or the heartbeat, 5.x pending
// server-side resets, the store read, offset commit, and long polling.

import { createResponse, type RemotingCommand } from '../../../remoting/command.js';
import type { Connection } from '../../../remoting/connection.js';
import { ResponseCode } from '../../../protocol/codes.js';
import { javaStringHashCode } from '../../../protocol/javaHash.js';
import { PERM_READ } from '../../../protocol/perm.js';
import type { GetMessageResult } from '../../store/types.js';
import type { SubscriptionData } from '../clientManager.js';
import type { BrokerContext } from '../context.js';
import { FAQ_SUFFIX, boolField, ext, fail, intField } from './util.js';

/** PullSysFlag bits (messages.md B.3). */
const FLAG_COMMIT_OFFSET = 0x1;
const FLAG_SUSPEND = 0x2;
const FLAG_SUBSCRIPTION = 0x4;

/** A TAG subscription as the broker builds it from an expression (messages.md A.11). */
export function buildSubscriptionData(topic: string, subString: string | undefined, expressionType = 'TAG', subVersion = Date.now()): SubscriptionData {
  const expr = (subString ?? '').trim();
  const all = expr === '' || expr === '*';
  const tagsSet = all ? [] : expr.split('||').map((t) => t.trim()).filter((t) => t.length > 0);
  return {
    topic,
    subString: all ? '*' : expr,
    tagsSet,
    codeSet: tagsSet.map((t) => javaStringHashCode(t)),
    subVersion,
    expressionType: expressionType || 'TAG',
    classFilterMode: false,
  };
}

/** The broker filters by tag hash only; clients re-check the tag text (behaviours.md §3.5). */
export function tagFilter(sub: SubscriptionData): (tagsCode: number) => boolean {
  if (sub.expressionType !== 'TAG' || sub.subString === '*' || sub.codeSet.length === 0) return () => true;
  const codes = new Set(sub.codeSet);
  return (tagsCode) => codes.has(tagsCode) || codes.has(Number(BigInt.asIntN(32, BigInt(Math.trunc(tagsCode)))));
}

interface PullHeader {
  consumerGroup: string;
  topic: string;
  queueId: number;
  queueOffset: number;
  maxMsgNums: number;
  sysFlag: number;
  commitOffset: number;
  suspendTimeoutMillis: number;
  subscription: string | undefined;
  subVersion: number;
  expressionType: string;
}

function readPullHeader(request: RemotingCommand): PullHeader {
  const f = request.extFields ?? {};
  return {
    consumerGroup: f.consumerGroup ?? '',
    topic: f.topic ?? '',
    queueId: intField(f.queueId, -1),
    queueOffset: intField(f.queueOffset, 0),
    maxMsgNums: intField(f.maxMsgNums, 32),
    sysFlag: intField(f.sysFlag, 0),
    commitOffset: intField(f.commitOffset, 0),
    suspendTimeoutMillis: intField(f.suspendTimeoutMillis, 15000),
    subscription: f.subscription,
    subVersion: intField(f.subVersion, 0),
    expressionType: f.expressionType ?? 'TAG',
  };
}

export function pullProcessor(ctx: BrokerContext) {
  const process = (request: RemotingCommand, connection: Connection, firstTime: boolean): RemotingCommand | Promise<RemotingCommand | null> => {
    const h = readPullHeader(request);
    if ((ctx.config.num('brokerPermission') & PERM_READ) === 0) {
      return fail(request, ResponseCode.NO_PERMISSION, `the broker[${ctx.brokerAddr}] pulling message is forbidden`);
    }
    const group = ctx.groups.find(h.consumerGroup);
    if (!group) return fail(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group [${h.consumerGroup}] does not exist, ${FAQ_SUFFIX.trim()}`);
    if (!group.consumeEnable) return fail(request, ResponseCode.NO_PERMISSION, `subscription group no permission, ${h.consumerGroup}`);
    const topicConfig = ctx.topics.get(h.topic);
    if (!topicConfig) return fail(request, ResponseCode.TOPIC_NOT_EXIST, `topic[${h.topic}] not exist, apply first please!${FAQ_SUFFIX}`);
    if ((topicConfig.perm & PERM_READ) === 0) return fail(request, ResponseCode.NO_PERMISSION, `the topic[${h.topic}] pulling message is forbidden`);
    if (h.queueId < 0 || h.queueId >= topicConfig.readQueueNums) {
      return fail(request, ResponseCode.INVALID_PARAMETER, `queueId[${h.queueId}] is illegal, topic:[${h.topic}] topicConfig.readQueueNums:[${topicConfig.readQueueNums}] consumer:[${connection.remoteAddress}]`);
    }

    // The subscription: from the request when it carries one, else from the group's heartbeat.
    let sub: SubscriptionData;
    if (h.sysFlag & FLAG_SUBSCRIPTION) {
      sub = buildSubscriptionData(h.topic, h.subscription, h.expressionType, h.subVersion);
    } else {
      const info = ctx.clients.consumers.get(h.consumerGroup);
      if (!info) return fail(request, ResponseCode.SUBSCRIPTION_NOT_EXIST, `the consumer's group info not exist${FAQ_SUFFIX}`);
      const registered = info.subscriptionTable.get(h.topic);
      if (!registered) return fail(request, ResponseCode.SUBSCRIPTION_NOT_EXIST, `the consumer's subscription not exist${FAQ_SUFFIX}`);
      if (registered.subVersion < h.subVersion) return fail(request, ResponseCode.SUBSCRIPTION_NOT_LATEST, `the consumer's subscription not latest`);
      sub = registered;
    }
    if (sub.expressionType !== 'TAG') {
      return fail(request, ResponseCode.SYSTEM_ERROR, `The broker does not support consumer to filter message by ${sub.expressionType}`);
    }

    const header = (r: GetMessageResult, next: number) =>
      ext({ suggestWhichBrokerId: 0, nextBeginOffset: next, minOffset: r.minOffset, maxOffset: r.maxOffset, topicSysFlag: topicConfig.topicSysFlag, groupSysFlag: group.groupSysFlag });

    // 5.x server-side reset (behaviours.md §5.2): the next pull learns the new offset.
    const reset = ctx.offsets.takeResetOffset(h.consumerGroup, h.topic, h.queueId);
    if (reset !== undefined) {
      const min = ctx.store.getMinOffsetInQueue(h.topic, h.queueId);
      const max = ctx.store.getMaxOffsetInQueue(h.topic, h.queueId);
      return createResponse(request, ResponseCode.PULL_OFFSET_MOVED, {
        remark: 'OFFSET_RESET',
        extFields: header({ status: 'OFFSET_TOO_SMALL', nextBeginOffset: reset, minOffset: min, maxOffset: max, records: [], queueOffsets: [] }, reset),
      });
    }

    const matches = tagFilter(sub);
    const result = ctx.store.getMessage(h.topic, h.queueId, h.queueOffset, Math.max(1, h.maxMsgNums), matches);

    // Offset commit rides on the pull, whatever its result (behaviours.md §3.5 step 4).
    if (firstTime && h.sysFlag & FLAG_COMMIT_OFFSET) ctx.offsets.commitOffset(h.consumerGroup, h.topic, h.queueId, h.commitOffset);

    let code: number;
    let next = result.nextBeginOffset;
    switch (result.status) {
      case 'FOUND':
        code = ResponseCode.SUCCESS;
        break;
      case 'NO_MATCHED_MESSAGE':
      case 'MESSAGE_WAS_REMOVING':
        code = ResponseCode.PULL_RETRY_IMMEDIATELY;
        break;
      case 'OFFSET_OVERFLOW_ONE':
      case 'OFFSET_FOUND_NULL':
        code = ResponseCode.PULL_NOT_FOUND;
        break;
      case 'NO_MESSAGE_IN_QUEUE':
      case 'NO_MATCHED_LOGIC_QUEUE':
        code = h.queueOffset === 0 ? ResponseCode.PULL_NOT_FOUND : ResponseCode.PULL_OFFSET_MOVED;
        if (code === ResponseCode.PULL_NOT_FOUND) next = 0;
        break;
      default:
        code = ResponseCode.PULL_OFFSET_MOVED;
    }

    if (code === ResponseCode.SUCCESS) {
      // GROUP_GET_NUMS/SIZE under topic@group (statsAll's OUT figures, brokerConsumeStats' TPS).
      ctx.stats.recordGet(result.records.length, h.consumerGroup, h.topic, result.records.reduce((n, r) => n + r.length, 0));
      ctx.offsets.commitPullOffset(h.consumerGroup, h.topic, h.queueId, next);
      return createResponse(request, code, { remark: result.status, extFields: header(result, next), body: Buffer.concat(result.records) });
    }

    if (code === ResponseCode.PULL_NOT_FOUND && firstTime && h.sysFlag & FLAG_SUSPEND) {
      const suspendMs = boolField(ctx.config.get('longPollingEnable'), true) ? h.suspendTimeoutMillis : ctx.config.num('shortPollingTimeMills');
      return ctx.pullHold.hold(h.topic, h.queueId, h.queueOffset, matches, suspendMs, connection, () => process(request, connection, false) as RemotingCommand);
    }
    return createResponse(request, code, { remark: result.status, extFields: header(result, next) });
  };

  return (request: RemotingCommand, connection: Connection) => process(request, connection, true);
}
