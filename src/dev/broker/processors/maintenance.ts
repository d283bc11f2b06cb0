// Maintenance codes (admin-commands.md §4) as a Java broker answers them: the consume queue of
// one queue (QUERY_CONSUME_QUEUE), the store housekeeping triggers (CLEAN_EXPIRED_CONSUMEQUEUE,
// DELETE_EXPIRED_COMMITLOG, CLEAN_UNUSED_TOPIC), RESET_MASTER_FLUSH_OFFSET and
// SET_COMMITLOG_READ_MODE. The dev store keeps every commit-log file (no retention), so there is
// never an expired file to delete nor a queue whose messages have all gone; the answers are the
// Java ones all the same.

import { RequestCode, ResponseCode } from '../../../protocol/codes.js';
import { stringifyFastJson } from '../../../protocol/fastjson.js';
import type { BrokerContext, Processor } from '../context.js';
import { fail, intField, ok } from './util.js';

const isLmq = (topic: string) => topic.startsWith('%LMQ%');

export function maintenanceProcessors(ctx: BrokerContext): Map<number, Processor> {
  const p = new Map<number, Processor>();

  // Java AdminBrokerProcessor.queryConsumeQueue.
  p.set(RequestCode.QUERY_CONSUME_QUEUE, (request) => {
    const f = request.extFields ?? {};
    const topic = f.topic ?? '';
    const queueId = intField(f.queueId, 0);
    const index = intField(f.index, 0);
    const count = intField(f.count, 10);
    const cq = ctx.store.consumeQueueUnits(topic, queueId, index, count);
    if (!cq) return fail(request, ResponseCode.SYSTEM_ERROR, `${queueId}@${topic} is not exist!`);
    const body: Record<string, unknown> = { maxQueueIndex: cq.maxOffset, minQueueIndex: cq.minOffset };
    let matches: ((tagsCode: number) => boolean) | undefined;
    const group = f.consumerGroup?.trim();
    if (group) {
      const sub = ctx.clients.consumers.get(group)?.subscriptionTable.get(topic);
      if (sub) {
        body.subscriptionData = sub;
        const all = sub.subString === '*' || sub.subString === '' || sub.codeSet.length === 0;
        matches = (code) => all || sub.codeSet.includes(code);
      } else {
        body.filterData = `${group}@${topic} is not online!`;
      }
    }
    if (index >= cq.maxOffset || cq.units.length === 0) return ok(request, { remark: `Index ${index} of ${queueId}@${topic} is not exist!` });
    body.queueData = cq.units.map((u) => ({ eval: matches ? matches(u.tagsCode) : false, physicOffset: u.commitLogOffset, physicSize: u.size, tagsCode: u.tagsCode }));
    return ok(request, { body: stringifyFastJson(body) });
  });

  p.set(RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, (request) => {
    try {
      const cleaned = ctx.store.cleanExpiredConsumeQueues((t) => ctx.topics.systemTopics.has(t));
      if (cleaned.length > 0) ctx.log(`cleanExpiredCQ: destroyed ${cleaned.join(', ')}`);
      return ok(request);
    } catch (err) {
      return fail(request, ResponseCode.SYSTEM_ERROR, (err as Error).message);
    }
  });

  // The dev store keeps every commit-log file: nothing is past a retention time.
  p.set(RequestCode.DELETE_EXPIRED_COMMITLOG, (request) => ok(request));

  p.set(RequestCode.CLEAN_UNUSED_TOPIC, (request) => {
    const unused = ctx.store.topicsInStore().filter((t) => !ctx.topics.get(t) && !ctx.topics.systemTopics.has(t) && !isLmq(t));
    for (const topic of unused) ctx.store.deleteTopic(topic);
    if (unused.length > 0) ctx.log(`cleanUnusedTopic: deleted the consume queues of ${unused.join(', ')}`);
    return ok(request);
  });

  // Only a slave applies it; the dev brokers are masters, which ignore it (always SUCCESS).
  p.set(RequestCode.RESET_MASTER_FLUSH_OFFSET, (request) => ok(request));

  // Java AdminBrokerProcessor.setCommitLogReadaheadMode; there is no madvise here, the mode is only checked.
  p.set(RequestCode.SET_COMMITLOG_READ_MODE, (request) => {
    const f = request.extFields;
    if (!f || Object.keys(f).length === 0) return fail(request, ResponseCode.SYSTEM_ERROR, 'set commitlog readahead mode param error');
    const mode = f.READ_AHEAD_MODE;
    if (mode === undefined || !/^-?\d+$/.test(mode.trim())) return fail(request, ResponseCode.SYSTEM_ERROR, 'set commitlog readahead mode failed');
    const m = Number(mode.trim());
    if (m !== 0 && m !== 1) return fail(request, ResponseCode.INVALID_PARAMETER, 'set commitlog readahead mode param value error');
    return ok(request, { remark: `set commitlog readahead mode success, mode: ${m}` });
  });

  return p;
}
