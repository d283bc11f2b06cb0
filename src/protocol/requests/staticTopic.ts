// Static topics (admin-commands.md §7, 5.x only): GET_TOPIC_CONFIG (351) with `lo=true`, whose
// answer is TopicConfigAndQueueMapping (a TopicConfig plus its mappingDetail), and
// UPDATE_AND_CREATE_STATIC_TOPIC (513): CreateTopicRequestHeader fields plus `force`, body the
// TopicQueueMappingDetail with bare numeric keys, as fastjson writes an Integer-keyed map.

import { RequestCode, ResponseCode } from '../codes.js';
import { ProtocolError } from '../errors.js';
import { stringifyFastJson } from '../fastjson.js';
import { decodeTopicConfig, decodeTopicStatsTable, type TopicConfig, type TopicQueueOffset } from '../bodies/topicAdmin.js';
import { defineRequest, jsonBody } from './define.js';

export const GLOBAL_SCOPE = '__global__';

export interface LogicQueueMappingItem {
  gen: number;
  queueId: number;
  bname: string;
  logicOffset: number;
  startOffset: number;
  endOffset: number;
  timeOfStart: number;
  timeOfEnd: number;
}

export interface TopicQueueMappingDetail {
  topic: string;
  scope: string;
  totalQueues: number;
  bname: string;
  epoch: number;
  dirty: boolean;
  /** logic queue id -> physical queue id, for the logic queues this broker leads. */
  currIdMap: Record<number, number>;
  /** logic queue id -> items, oldest first (the last is the leader). */
  hostedQueues: Record<number, LogicQueueMappingItem[]>;
}

export interface TopicConfigAndMapping {
  config: TopicConfig;
  /** null: a plain topic (no mapping). */
  mapping: TopicQueueMappingDetail | null;
}

const n = (v: unknown, what: string): number => {
  const x = typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : v;
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new ProtocolError(`${what} is not a number`);
  return x;
};

function rec(v: unknown, what: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new ProtocolError(`${what} is not an object`);
  return v as Record<string, unknown>;
}

function decodeItem(v: unknown, what: string): LogicQueueMappingItem {
  const r = rec(v, what);
  return {
    gen: n(r.gen ?? 0, `${what}.gen`),
    queueId: n(r.queueId, `${what}.queueId`),
    bname: String(r.bname ?? ''),
    logicOffset: n(r.logicOffset ?? -1, `${what}.logicOffset`),
    startOffset: n(r.startOffset ?? 0, `${what}.startOffset`),
    endOffset: n(r.endOffset ?? -1, `${what}.endOffset`),
    timeOfStart: n(r.timeOfStart ?? -1, `${what}.timeOfStart`),
    timeOfEnd: n(r.timeOfEnd ?? -1, `${what}.timeOfEnd`),
  };
}

export function decodeMappingDetail(v: unknown): TopicQueueMappingDetail {
  const r = rec(v, 'mappingDetail');
  const currIdMap: Record<number, number> = {};
  for (const [k, x] of Object.entries(rec(r.currIdMap, 'currIdMap'))) currIdMap[Number(k)] = n(x, `currIdMap.${k}`);
  const hostedQueues: Record<number, LogicQueueMappingItem[]> = {};
  for (const [k, x] of Object.entries(rec(r.hostedQueues, 'hostedQueues'))) {
    if (!Array.isArray(x)) throw new ProtocolError(`hostedQueues.${k} is not a list`);
    hostedQueues[Number(k)] = x.map((it, i) => decodeItem(it, `hostedQueues.${k}[${i}]`));
  }
  return {
    topic: String(r.topic ?? ''),
    scope: String(r.scope ?? GLOBAL_SCOPE),
    totalQueues: n(r.totalQueues ?? 0, 'totalQueues'),
    bname: String(r.bname ?? ''),
    epoch: n(r.epoch ?? 0, 'epoch'),
    dirty: r.dirty === true,
    currIdMap,
    hostedQueues,
  };
}

/** The detail as the Java tool writes it: alphabetical properties, Integer keys bare. */
export function encodeMappingDetail(d: TopicQueueMappingDetail): string {
  const intMap = <T>(m: Record<number, T>, f: (x: T) => unknown) => new Map(Object.keys(m).map(Number).sort((a, b) => a - b).map((k) => [k, f(m[k]!)]));
  const item = (i: LogicQueueMappingItem) => ({
    bname: i.bname,
    endOffset: i.endOffset,
    gen: i.gen,
    logicOffset: i.logicOffset,
    queueId: i.queueId,
    startOffset: i.startOffset,
    timeOfEnd: i.timeOfEnd,
    timeOfStart: i.timeOfStart,
  });
  return stringifyFastJson({
    bname: d.bname,
    currIdMap: intMap(d.currIdMap, (x) => x),
    dirty: d.dirty,
    epoch: d.epoch,
    hostedQueues: intMap(d.hostedQueues, (items) => items.map(item)),
    scope: d.scope,
    topic: d.topic,
    totalQueues: d.totalQueues,
  });
}

/** GET_TOPIC_CONFIG (351) `topic`, `lo=true`: the config and its mapping; null on TOPIC_NOT_EXIST. */
export const getTopicConfigAndMapping = defineRequest<{ topic: string }, TopicConfigAndMapping | null>({
  code: RequestCode.GET_TOPIC_CONFIG,
  header: ({ topic }) => ({ topic, lo: true }),
  answerCodes: [ResponseCode.TOPIC_NOT_EXIST],
  decode: (res) => {
    if (res.code === ResponseCode.TOPIC_NOT_EXIST) return null;
    const body = rec(jsonBody(res), 'TopicConfigAndQueueMapping');
    return { config: decodeTopicConfig(body), mapping: body.mappingDetail ? decodeMappingDetail(body.mappingDetail) : null };
  },
});

/** UPDATE_AND_CREATE_STATIC_TOPIC (513): the topic's config in the header, the mapping as the body. */
export const updateAndCreateStaticTopic = defineRequest<{ config: TopicConfig; mapping: TopicQueueMappingDetail; force?: boolean }, void>({
  code: RequestCode.UPDATE_AND_CREATE_STATIC_TOPIC,
  header: ({ config, force }) => ({
    topic: config.topicName,
    defaultTopic: 'TBW102',
    readQueueNums: config.readQueueNums,
    writeQueueNums: config.writeQueueNums,
    perm: config.perm,
    topicFilterType: config.topicFilterType,
    topicSysFlag: config.topicSysFlag,
    order: config.order,
    force: force ?? false,
  }),
  body: ({ mapping }) => encodeMappingDetail(mapping),
  decode: () => undefined,
});

/** GET_TOPIC_STATS_INFO (202) with `lo=false`: the physical queues' offsets, never remapped. */
export const getPhysicalTopicStats = defineRequest<{ topic: string }, TopicQueueOffset[]>({
  code: RequestCode.GET_TOPIC_STATS_INFO,
  header: ({ topic }) => ({ topic, lo: false }),
  decode: (res) => decodeTopicStatsTable(jsonBody(res)),
});
