// Statistics codes (messages.md B.2): VIEW_BROKER_STATS_DATA (one statistics item over the last
// minute, hour and day), GET_BROKER_CONSUME_STATS (every group's consume stats on this broker)
// and GET_ALL_PRODUCER_INFO (the producer table learned from heartbeats).

import { RequestCode, ResponseCode } from '../../../protocol/codes.js';
import { javaDouble, stringifyFastJson } from '../../../protocol/fastjson.js';
import type { BrokerContext, Processor } from '../context.js';
import type { StatsWindowSnapshot } from '../stats.js';
import { boolField, fail, ok } from './util.js';

/** A MessageQueue as fastjson writes it: properties in alphabetical order (messages.md A.1). */
const mq = (topic: string, brokerName: string, queueId: number) => ({ brokerName, queueId, topic });

const window = (w: StatsWindowSnapshot) => ({ avgpt: javaDouble(w.avgpt), sum: w.sum, tps: javaDouble(w.tps) });

export function statsProcessors(ctx: BrokerContext): Map<number, Processor> {
  const p = new Map<number, Processor>();

  p.set(RequestCode.VIEW_BROKER_STATS_DATA, (request) => {
    const statsName = request.extFields?.statsName ?? '';
    const statsKey = request.extFields?.statsKey ?? '';
    const item = ctx.stats.item(statsName, statsKey);
    if (!item) return fail(request, ResponseCode.SYSTEM_ERROR, `The stats <${statsName}> <${statsKey}> not exist`);
    return ok(request, { body: stringifyFastJson({ statsDay: window(item.statsDay), statsHour: window(item.statsHour), statsMinute: window(item.statsMinute) }) });
  });

  // Every subscription group, and per topic it has offsets of, every write queue's broker and
  // consumer offsets (Java AdminBrokerProcessor.fetchAllConsumeStatsInBroker).
  p.set(RequestCode.GET_BROKER_CONSUME_STATS, (request) => {
    const isOrder = boolField(request.extFields?.isOrder);
    const list: Array<Record<string, unknown>> = [];
    let totalDiff = 0;
    let totalInflightDiff = 0;
    for (const group of [...ctx.groups.table.keys()].sort()) {
      const live = ctx.clients.consumers.get(group);
      const perTopic: unknown[] = [];
      for (const topic of ctx.offsets.topicsOfGroup(group).sort()) {
        const t = ctx.topics.get(topic);
        if (!t || (isOrder && !t.order)) continue;
        // A group with live subscriptions counts only the topics it subscribes to.
        if (live && live.subscriptionTable.size > 0 && !live.subscriptionTable.has(topic)) continue;
        const offsetTable = new Map<unknown, unknown>();
        for (let q = 0; q < t.writeQueueNums; q++) {
          const brokerOffset = Math.max(0, ctx.store.getMaxOffsetInQueue(topic, q));
          const consumerOffset = Math.max(0, ctx.offsets.queryOffset(group, topic, q));
          const pullOffset = Math.max(consumerOffset, ctx.offsets.queryPullOffset(group, topic, q));
          const lastTimestamp = consumerOffset > 0 ? Math.max(0, ctx.store.getMessageStoreTimestamp(topic, q, consumerOffset - 1)) : 0;
          totalDiff += brokerOffset - consumerOffset;
          totalInflightDiff += pullOffset - consumerOffset;
          offsetTable.set(mq(topic, ctx.brokerName, q), { brokerOffset, consumerOffset, lastTimestamp, pullOffset });
        }
        perTopic.push({ consumeTps: javaDouble(ctx.stats.groupGetTps(group, topic)), offsetTable });
      }
      list.push({ [group]: perTopic });
    }
    return ok(request, { body: stringifyFastJson({ brokerAddr: ctx.brokerAddr, consumeStatsList: list, totalDiff, totalInflightDiff }) });
  });

  p.set(RequestCode.GET_ALL_PRODUCER_INFO, (request) => {
    const data: Record<string, unknown[]> = {};
    for (const group of [...ctx.clients.producers.keys()].sort()) {
      data[group] = [...ctx.clients.producers.get(group)!.values()]
        .sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0))
        .map((c) => ({
          clientId: c.clientId,
          language: c.language,
          lastUpdateTimestamp: c.lastUpdateTimestamp,
          // Java writes the channel's address as Netty prints it.
          remoteIP: `/${c.connection.remoteAddress}`,
          version: c.version,
        }));
    }
    return ok(request, { body: stringifyFastJson({ data }) });
  });

  return p;
}
