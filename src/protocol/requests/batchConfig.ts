// 5.x broker requests of the batch, consume-mode and cold-data commands (admin-commands.md §1,
// §8): UPDATE_AND_CREATE_TOPIC_LIST (18), UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST (225),
// SET_MESSAGE_REQUEST_MODE (401), and the cold data flow control codes 2001-2003. None has
// header fields; everything is in the body, as the Java tool sends it.

import { RequestCode } from '../codes.js';
import { ProtocolError } from '../errors.js';
import { parseFastJson, stringifyFastJson } from '../fastjson.js';
import type { SubscriptionGroupConfig, TopicConfig } from '../bodies/topicAdmin.js';
import { defineRequest } from './define.js';

/** fastjson writes bean properties in alphabetical order. */
function sorted(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(record).sort()) out[k] = record[k];
  return out;
}

/**
 * A TopicConfig of the batch body. `attributes` carries the edits the broker applies, keys
 * written `+name` (set) or `-name` (delete), as for UPDATE_AND_CREATE_TOPIC.
 */
export type BatchTopicConfig = Omit<TopicConfig, 'attributes'> & { attributes: Record<string, string> };

/** UPDATE_AND_CREATE_TOPIC_LIST (18): body CreateTopicListRequestBody `{"topicConfigList":[...]}`. */
export const updateAndCreateTopicList = defineRequest<{ topics: BatchTopicConfig[] }, void>({
  code: RequestCode.UPDATE_AND_CREATE_TOPIC_LIST,
  body: ({ topics }) => stringifyFastJson({ topicConfigList: topics.map((t) => sorted({ ...t, attributes: sorted(t.attributes) })) }),
  decode: () => undefined,
});

/** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST (225): body SubscriptionGroupList `{"groupConfigList":[...]}`. */
export const updateAndCreateSubscriptionGroupList = defineRequest<{ groups: SubscriptionGroupConfig[] }, void>({
  code: RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST,
  body: ({ groups }) => stringifyFastJson({ groupConfigList: groups.map((g) => sorted(g)) }),
  decode: () => undefined,
});

export type MessageRequestMode = 'PULL' | 'POP';

export interface SetMessageRequestModeBody {
  topic: string;
  consumerGroup: string;
  mode: MessageRequestMode;
  popShareQueueNum: number;
}

/** SET_MESSAGE_REQUEST_MODE (401): body SetMessageRequestModeRequestBody, alphabetical. */
export const setMessageRequestMode = defineRequest<SetMessageRequestModeBody, void>({
  code: RequestCode.SET_MESSAGE_REQUEST_MODE,
  body: (b) => stringifyFastJson({ consumerGroup: b.consumerGroup, mode: b.mode, popShareQueueNum: b.popShareQueueNum, topic: b.topic }),
  decode: () => undefined,
});

/** One consumer group's cold-read accounting (the broker's runtimeTable entry). */
export interface ColdReadRuntime {
  coldAcc: number;
  createTimeMills?: number;
  lastColdReadTimeMills?: number;
  [key: string]: unknown;
}

export interface ColdDataFlowCtrInfo {
  runtimeTable: Record<string, ColdReadRuntime>;
  /** Group -> threshold in bytes. */
  configTable: Record<string, number>;
  cgColdReadThreshold?: number;
  globalColdReadThreshold?: number;
  globalAcc?: number;
  [key: string]: unknown;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function rec(v: unknown, what: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new ProtocolError(`${what} is not an object`);
  return v as Record<string, unknown>;
}

/** The body of GET_COLD_DATA_FLOW_CTR_INFO; null when the broker sent none. */
export function decodeColdDataFlowCtrInfo(body: Buffer | null): ColdDataFlowCtrInfo | null {
  if (!body || body.length === 0 || body.toString('utf8').trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = parseFastJson(body);
  } catch (err) {
    throw new ProtocolError(`the body is not readable JSON: ${(err as Error).message}`);
  }
  const r = rec(parsed, 'the cold data flow control info');
  const runtimeTable: Record<string, ColdReadRuntime> = {};
  for (const [g, v] of Object.entries(rec(r.runtimeTable, 'runtimeTable'))) {
    const e = rec(v, `runtimeTable.${g}`);
    const entry: ColdReadRuntime = { coldAcc: num(e.coldAcc) ?? 0 };
    for (const [k, x] of Object.entries(e)) if (k !== 'coldAcc') entry[k] = num(x) ?? x;
    runtimeTable[g] = entry;
  }
  const configTable: Record<string, number> = {};
  for (const [g, v] of Object.entries(rec(r.configTable, 'configTable'))) configTable[g] = num(v) ?? 0;
  const out: ColdDataFlowCtrInfo = { runtimeTable, configTable };
  for (const k of ['cgColdReadThreshold', 'globalColdReadThreshold', 'globalAcc'] as const) {
    const n = num(r[k]);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/** GET_COLD_DATA_FLOW_CTR_INFO (2003): no header; body JSON text, possibly absent. */
export const getColdDataFlowCtrInfo = defineRequest<void, ColdDataFlowCtrInfo | null>({
  code: RequestCode.GET_COLD_DATA_FLOW_CTR_INFO,
  decode: (res) => decodeColdDataFlowCtrInfo(res.body),
});

/** UPDATE_COLD_DATA_FLOW_CTR_CONFIG (2001): body properties text `<group>=<threshold>\n`. */
export const updateColdDataFlowCtrConfig = defineRequest<{ group: string; threshold: number }, void>({
  code: RequestCode.UPDATE_COLD_DATA_FLOW_CTR_CONFIG,
  body: ({ group, threshold }) => `${group}=${threshold}\n`,
  decode: () => undefined,
});

/** REMOVE_COLD_DATA_FLOW_CTR_CONFIG (2002): body the raw group name (not properties text). */
export const removeColdDataFlowCtrConfig = defineRequest<{ group: string }, void>({
  code: RequestCode.REMOVE_COLD_DATA_FLOW_CTR_CONFIG,
  body: ({ group }) => group,
  decode: () => undefined,
});
