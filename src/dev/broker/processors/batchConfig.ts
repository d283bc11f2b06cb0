// The 5.x codes of the batch, consume-mode and cold-data commands (admin-commands.md §1, §8):
// UPDATE_AND_CREATE_TOPIC_LIST (18) and UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST (225) as the
// 5.3.3 broker applies them; SET_MESSAGE_REQUEST_MODE (401) checked as 5.3.3 checks it and kept
// in memory (the dev broker has no POP, so consumers never read it back); the cold data flow
// control codes 2001-2003 answered as a 5.3.3 broker with coldDataFlowControlEnable=false does:
// a per-group threshold table that is stored and reported, no accounting (runtimeTable empty).

import type { RemotingCommand } from '../../../remoting/command.js';
import { RequestCode, ResponseCode } from '../../../protocol/codes.js';
import { parseFastJson, stringifyFastJson } from '../../../protocol/fastjson.js';
import { applyAttributeEdits } from '../../../protocol/bodies/topicAdmin.js';
import { parseJavaProperties } from '../../../protocol/properties.js';
import type { BrokerContext, Processor } from '../context.js';
import { readGroupConfig } from '../subscriptionGroupManager.js';
import { readTopicConfig, validateTopicName, type TopicConfig } from '../topicConfigManager.js';
import { fail, ok } from './util.js';

type JsonRecord = Record<string, unknown>;

const COLD_CG_THRESHOLD = 3 * 1024 * 1024;
const COLD_GLOBAL_THRESHOLD = 100 * 1024 * 1024;

function jsonOf(request: RemotingCommand): JsonRecord {
  if (!request.body || request.body.length === 0) return {};
  const v = parseFastJson(request.body);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonRecord) : {};
}

/** `{"+a":"1","-b":""}` as the `+a=1,-b` edits of UPDATE_AND_CREATE_TOPIC. */
function editsText(attrs: unknown): string {
  if (attrs === null || typeof attrs !== 'object') return '';
  return Object.entries(attrs as JsonRecord)
    .map(([k, v]) => (k.startsWith('-') ? k : `${k}=${String(v ?? '')}`))
    .join(',');
}

export function batchConfigProcessors(ctx: BrokerContext): Map<number, Processor> {
  const p = new Map<number, Processor>();
  const requestModes = new Map<string, JsonRecord>();
  const coldThresholds = new Map<string, number>();

  p.set(RequestCode.UPDATE_AND_CREATE_TOPIC_LIST, async (request) => {
    let list: unknown[];
    try {
      list = (jsonOf(request).topicConfigList as unknown[] | undefined) ?? [];
    } catch (err) {
      return fail(request, ResponseCode.SYSTEM_ERROR, (err as Error).message);
    }
    const configs: TopicConfig[] = [];
    for (const raw of list) {
      const r = (raw ?? {}) as JsonRecord;
      const topic = typeof r.topicName === 'string' ? r.topicName : '';
      const invalid = validateTopicName(topic);
      if (invalid) return fail(request, ResponseCode.INVALID_PARAMETER, invalid);
      if (ctx.topics.systemTopics.has(topic) && topic !== 'TBW102' && topic !== ctx.clusterName && topic !== ctx.brokerName) return fail(request, ResponseCode.INVALID_PARAMETER, `The topic[${topic}] is conflict with system topic.`);
      const existing = ctx.topics.get(topic);
      const config = readTopicConfig(topic, { ...r, attributes: {} });
      config.attributes = applyAttributeEdits(existing?.attributes ?? {}, editsText(r.attributes));
      // 5.3.3: a config equal to the current one ends the request with SUCCESS, nothing applied.
      if (existing && JSON.stringify(existing) === JSON.stringify(config)) return ok(request);
      configs.push(config);
    }
    for (const c of configs) ctx.topics.put(c);
    if (configs.length > 0) await ctx.registerBrokerAll(configs).catch((err: Error) => ctx.log(`register failed: ${err.message}`));
    return ok(request);
  });

  p.set(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST, (request) => {
    try {
      const list = (jsonOf(request).groupConfigList as unknown[] | undefined) ?? [];
      for (const raw of list) {
        const r = (raw ?? {}) as JsonRecord;
        const name = String(r.groupName ?? '');
        if (name) ctx.groups.put(readGroupConfig(name, r));
      }
      return ok(request);
    } catch (err) {
      return fail(request, ResponseCode.SYSTEM_ERROR, (err as Error).message);
    }
  });

  p.set(RequestCode.SET_MESSAGE_REQUEST_MODE, (request) => {
    const b = jsonOf(request);
    const topic = String(b.topic ?? '');
    const group = String(b.consumerGroup ?? '');
    if (topic.startsWith('%RETRY%')) return fail(request, ResponseCode.NO_PERMISSION, 'retry topic is not allowed to set mode');
    if (!ctx.topics.get(topic)) return fail(request, ResponseCode.TOPIC_NOT_EXIST, `topic[${topic}] not exist`);
    if (!ctx.groups.table.has(group)) return fail(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, 'subscription group does not exist');
    requestModes.set(`${topic}\u0000${group}`, b);
    return ok(request);
  });

  p.set(RequestCode.GET_ALL_MESSAGE_REQUEST_MODE, (request) => {
    const map: Record<string, Record<string, JsonRecord>> = {};
    for (const [k, v] of requestModes) {
      const [topic, group] = k.split('\u0000') as [string, string];
      (map[topic] ??= {})[group] = v;
    }
    return ok(request, { body: stringifyFastJson({ messageRequestModeMap: map }) });
  });

  p.set(RequestCode.UPDATE_COLD_DATA_FLOW_CTR_CONFIG, (request) => {
    let props: Record<string, string>;
    try {
      props = parseJavaProperties(request.body ?? Buffer.alloc(0));
    } catch {
      return fail(request, ResponseCode.SYSTEM_ERROR, 'string2Properties error');
    }
    for (const [g, v] of Object.entries(props)) {
      const n = Number(v.trim());
      if (Number.isInteger(n)) coldThresholds.set(g, n);
    }
    return ok(request);
  });

  p.set(RequestCode.REMOVE_COLD_DATA_FLOW_CTR_CONFIG, (request) => {
    coldThresholds.delete((request.body ?? Buffer.alloc(0)).toString('utf8').trim());
    return ok(request);
  });

  p.set(RequestCode.GET_COLD_DATA_FLOW_CTR_INFO, (request) => {
    const configTable: Record<string, number> = {};
    for (const [g, v] of coldThresholds) configTable[g] = v;
    // The 5.3.3 broker writes this object with its own key order (not alphabetical).
    const body = JSON.stringify({ runtimeTable: {}, configTable, cgColdReadThreshold: COLD_CG_THRESHOLD, globalColdReadThreshold: COLD_GLOBAL_THRESHOLD, globalAcc: 0 });
    return ok(request, { body });
  });

  return p;
}
