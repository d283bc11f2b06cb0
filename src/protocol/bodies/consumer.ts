// Consumer-group bodies: ConsumeStats (A.14), ConsumerConnection / ProducerConnection (A.13),
// ResetOffsetBody (A.16), SubscriptionGroupWrapper (A.10), ConsumerRunningInfo (A.25).
// MessageQueue-keyed maps arrive as a JS Map from parseFastJson (framing.md §10.5).

import * as fj from '../fastjson.js';
import { ProtocolError } from '../errors.js';
import { asBoolean, asNumber, asRecord, asString, optionalArray, optionalRecord, optionalString, type JsonRecord } from './fields.js';

export interface MessageQueue {
  topic: string;
  brokerName: string;
  queueId: number;
}

export function decodeMessageQueue(value: unknown, path: string): MessageQueue {
  const r = asRecord(value, path);
  return { topic: asString(r.topic, `${path}.topic`), brokerName: asString(r.brokerName, `${path}.brokerName`), queueId: asNumber(r.queueId, `${path}.queueId`) };
}

/** Java's MessageQueue order: topic, then broker name, then queue id. */
export function compareMessageQueues(a: MessageQueue, b: MessageQueue): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.brokerName !== b.brokerName) return a.brokerName < b.brokerName ? -1 : 1;
  return a.queueId - b.queueId;
}

export const mqKey = (mq: MessageQueue): string => `${mq.topic}\u0000${mq.brokerName}\u0000${mq.queueId}`;

/** The entries of a MessageQueue-keyed map (a Map, or an empty plain object). */
function mqEntries(value: unknown, path: string): Array<[MessageQueue, unknown]> {
  if (value === undefined || value === null) return [];
  if (!(value instanceof Map) && !fj.asObject(value)) throw new ProtocolError(`${path}: expected a MessageQueue-keyed map`);
  return fj.entriesOf(value).map(([k, v], i) => [decodeMessageQueue(k, `${path}[${i}].key`), v]);
}

export interface OffsetWrapper {
  brokerOffset: number;
  consumerOffset: number;
  /** 5.x only: max(committed, last pulled next-offset). */
  pullOffset?: number;
  lastTimestamp: number;
}

export interface ConsumeStats {
  consumeTps: number;
  offsetTable: Array<{ mq: MessageQueue; offset: OffsetWrapper }>;
}

export function decodeConsumeStats(value: unknown): ConsumeStats {
  const r = asRecord(value, 'ConsumeStats');
  const offsetTable = mqEntries(r.offsetTable, 'offsetTable').map(([mq, v], i) => {
    const o = asRecord(v, `offsetTable[${i}]`);
    const offset: OffsetWrapper = {
      brokerOffset: asNumber(o.brokerOffset, `offsetTable[${i}].brokerOffset`, 0),
      consumerOffset: asNumber(o.consumerOffset, `offsetTable[${i}].consumerOffset`, 0),
      lastTimestamp: asNumber(o.lastTimestamp, `offsetTable[${i}].lastTimestamp`, 0),
    };
    if (o.pullOffset !== undefined && o.pullOffset !== null) offset.pullOffset = asNumber(o.pullOffset, `offsetTable[${i}].pullOffset`);
    return { mq, offset };
  });
  return { consumeTps: asNumber(r.consumeTps, 'consumeTps', 0), offsetTable };
}

export interface Connection {
  clientId: string;
  clientAddr: string;
  language: string;
  /** The client's protocol version number (409 = V4_9_8). */
  version: number;
}

export interface SubscriptionData {
  topic: string;
  subString: string;
  expressionType: string;
  subVersion: number;
  tagsSet: string[];
}

export interface ConsumerConnection {
  connections: Connection[];
  /** topic -> subscription. */
  subscriptions: SubscriptionData[];
  consumeType: string | null;
  messageModel: string | null;
  consumeFromWhere: string | null;
}

function decodeConnection(value: unknown, path: string): Connection {
  const c = asRecord(value, path);
  return {
    clientId: asString(c.clientId, `${path}.clientId`),
    clientAddr: optionalString(c.clientAddr, `${path}.clientAddr`) ?? '',
    language: optionalString(c.language, `${path}.language`) ?? 'JAVA',
    version: asNumber(c.version, `${path}.version`, 0),
  };
}

export function decodeSubscriptionData(value: unknown, path: string): SubscriptionData {
  const s = asRecord(value, path);
  return {
    topic: asString(s.topic, `${path}.topic`),
    subString: optionalString(s.subString, `${path}.subString`) ?? '*',
    expressionType: optionalString(s.expressionType, `${path}.expressionType`) ?? 'TAG',
    subVersion: asNumber(s.subVersion, `${path}.subVersion`, 0),
    tagsSet: optionalArray(s.tagsSet, `${path}.tagsSet`).map((t, i) => asString(t, `${path}.tagsSet[${i}]`)),
  };
}

export function decodeConsumerConnection(value: unknown): ConsumerConnection {
  const r = asRecord(value, 'ConsumerConnection');
  const subs = optionalRecord(r.subscriptionTable, 'subscriptionTable');
  return {
    connections: optionalArray(r.connectionSet, 'connectionSet').map((c, i) => decodeConnection(c, `connectionSet[${i}]`)),
    subscriptions: Object.keys(subs).map((topic) => decodeSubscriptionData(subs[topic], `subscriptionTable.${topic}`)),
    consumeType: optionalString(r.consumeType, 'consumeType') ?? null,
    messageModel: optionalString(r.messageModel, 'messageModel') ?? null,
    consumeFromWhere: optionalString(r.consumeFromWhere, 'consumeFromWhere') ?? null,
  };
}

export function decodeProducerConnection(value: unknown): Connection[] {
  return optionalArray(asRecord(value, 'ProducerConnection').connectionSet, 'connectionSet').map((c, i) => decodeConnection(c, `connectionSet[${i}]`));
}

/** ResetOffsetBody: the new offset of every queue of the answering broker. */
export function decodeResetOffsetBody(value: unknown): Array<{ mq: MessageQueue; offset: number }> {
  const r = asRecord(value, 'ResetOffsetBody');
  return mqEntries(r.offsetTable, 'offsetTable').map(([mq, v], i) => ({ mq, offset: asNumber(v, `offsetTable[${i}]`) }));
}


export interface ProcessQueueInfo {
  mq: MessageQueue;
  commitOffset: number;
  cachedMsgCount: number;
  lastPullTimestamp: number;
  lastConsumeTimestamp: number;
  locked: boolean;
  dropped: boolean;
}

export interface ConsumerRunningInfo {
  properties: Record<string, string>;
  subscriptions: SubscriptionData[];
  queues: ProcessQueueInfo[];
  /** topic -> figures (pullTPS, consumeOKTPS, consumeFailedTPS, consumeRT, pullRT, consumeFailedMsgs). */
  status: Record<string, Record<string, number>>;
}

/** ConsumerRunningInfo as a client answers GET_CONSUMER_RUNNING_INFO (A.25). */
export function decodeConsumerRunningInfo(value: unknown): ConsumerRunningInfo {
  const r = asRecord(value, 'ConsumerRunningInfo');
  const props = optionalRecord(r.properties, 'properties');
  const properties: Record<string, string> = {};
  for (const k of Object.keys(props).sort()) properties[k] = props[k] === null || props[k] === undefined ? '' : asString(props[k], `properties.${k}`);
  const queues = mqEntries(r.mqTable, 'mqTable').map(([mq, v], i) => {
    const q = optionalRecord(v, `mqTable[${i}]`);
    return {
      mq,
      commitOffset: asNumber(q.commitOffset, `mqTable[${i}].commitOffset`, -1),
      cachedMsgCount: asNumber(q.cachedMsgCount, `mqTable[${i}].cachedMsgCount`, 0),
      lastPullTimestamp: asNumber(q.lastPullTimestamp, `mqTable[${i}].lastPullTimestamp`, 0),
      lastConsumeTimestamp: asNumber(q.lastConsumeTimestamp, `mqTable[${i}].lastConsumeTimestamp`, 0),
      locked: asBoolean(q.locked, `mqTable[${i}].locked`, false),
      dropped: asBoolean(q.droped ?? q.dropped, `mqTable[${i}].droped`, false),
    };
  });
  queues.sort((a, b) => compareMessageQueues(a.mq, b.mq));
  const statusTable = optionalRecord(r.statusTable, 'statusTable');
  const status: Record<string, Record<string, number>> = {};
  for (const topic of Object.keys(statusTable).sort()) {
    const s = optionalRecord(statusTable[topic], `statusTable.${topic}`);
    status[topic] = {};
    for (const k of Object.keys(s)) {
      const n = fj.asNumber(s[k]);
      if (n !== undefined) status[topic]![k] = n;
    }
  }
  return {
    properties,
    subscriptions: optionalArray(r.subscriptionSet, 'subscriptionSet').map((s, i) => decodeSubscriptionData(s, `subscriptionSet[${i}]`)),
    queues,
    status,
  };
}

/**
 * Java's MQVersion.getVersionDesc from 4.0.0 on: the enum holds a SNAPSHOT and a release for
 * every x.y.z, so V4_0_0 = 213, V4_9_8 = 409, V5_0_0 = 413, V5_3_3 = 479. Older: the number.
 */
export function versionDesc(version: number): string {
  if (!Number.isInteger(version) || version < 212) return String(version);
  const index = Math.floor((version - 212) / 2);
  const name = `V${4 + Math.floor(index / 100)}_${Math.floor(index / 10) % 10}_${index % 10}`;
  return version % 2 === 0 ? `${name}_SNAPSHOT` : name;
}
