// Bodies of the topic, subscription-group and configuration requests: TopicConfig (A.3) inside
// TopicConfigSerializeWrapper (A.8), TopicStatsTable (A.15, MQ-keyed), SubscriptionGroupConfig
// (A.9) inside SubscriptionGroupWrapper (A.10).

import { entriesOf } from '../fastjson.js';
import { asBoolean, asNumber, asRecord, asString, optionalRecord, optionalString } from './fields.js';

export interface TopicConfig {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicFilterType: 'SINGLE_TAG' | 'MULTI_TAG';
  topicSysFlag: number;
  order: boolean;
  /** 5.x only; `{}` from a 4.9.x broker. */
  attributes: Record<string, string>;
}

/**
 * Applies 5.x topic attribute edits, `+key=value` to add or change and `-key` to delete,
 * comma separated (messages.md B.2 UPDATE_AND_CREATE_TOPIC `attributes`).
 */
export function applyAttributeEdits(current: Record<string, string>, edits: string): Record<string, string> {
  const out = { ...current };
  for (const item of edits.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (item.startsWith('-')) delete out[item.slice(1)];
    else if (item.startsWith('+')) {
      const [k, ...v] = item.slice(1).split('=');
      if (k) out[k] = v.join('=');
    }
  }
  return out;
}

export function decodeTopicConfig(value: unknown, path = 'topicConfig'): TopicConfig {
  const r = asRecord(value, path);
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(optionalRecord(r.attributes, `${path}.attributes`))) attributes[k] = asString(v, `${path}.attributes.${k}`);
  return {
    topicName: asString(r.topicName, `${path}.topicName`),
    readQueueNums: asNumber(r.readQueueNums, `${path}.readQueueNums`, 16),
    writeQueueNums: asNumber(r.writeQueueNums, `${path}.writeQueueNums`, 16),
    perm: asNumber(r.perm, `${path}.perm`, 6),
    topicFilterType: optionalString(r.topicFilterType, `${path}.topicFilterType`) === 'MULTI_TAG' ? 'MULTI_TAG' : 'SINGLE_TAG',
    topicSysFlag: asNumber(r.topicSysFlag, `${path}.topicSysFlag`, 0),
    order: asBoolean(r.order, `${path}.order`, false),
    attributes,
  };
}

/** GET_ALL_TOPIC_CONFIG: topic name -> config (the 4.9.x plain wrapper and the 5.x AndMapping one). */
export function decodeTopicConfigTable(value: unknown): Record<string, TopicConfig> {
  const r = asRecord(value, 'TopicConfigSerializeWrapper');
  const out: Record<string, TopicConfig> = {};
  for (const [name, config] of Object.entries(optionalRecord(r.topicConfigTable, 'topicConfigTable'))) {
    out[name] = decodeTopicConfig(config, `topicConfigTable.${name}`);
  }
  return out;
}

export interface TopicQueueOffset {
  brokerName: string;
  queueId: number;
  minOffset: number;
  maxOffset: number;
  /** Store time of the last message; 0 when the queue is empty. */
  lastUpdateTimestamp: number;
}

/** GET_TOPIC_STATS_INFO: `offsetTable` keyed by MessageQueue objects. */
export function decodeTopicStatsTable(value: unknown): TopicQueueOffset[] {
  const r = asRecord(value, 'TopicStatsTable');
  const out: TopicQueueOffset[] = [];
  for (const [key, offsets] of entriesOf(r.offsetTable)) {
    const mq = asRecord(key, 'offsetTable key');
    const o = asRecord(offsets, 'offsetTable value');
    out.push({
      brokerName: asString(mq.brokerName, 'offsetTable key.brokerName'),
      queueId: asNumber(mq.queueId, 'offsetTable key.queueId'),
      minOffset: asNumber(o.minOffset, 'minOffset', 0),
      maxOffset: asNumber(o.maxOffset, 'maxOffset', 0),
      lastUpdateTimestamp: asNumber(o.lastUpdateTimestamp, 'lastUpdateTimestamp', 0),
    });
  }
  return out.sort((a, b) => a.brokerName.localeCompare(b.brokerName) || a.queueId - b.queueId);
}

/**
 * SubscriptionGroupConfig as a plain record: the 4.9.x fields always, the 5.x ones when the
 * broker sent them. Kept as received so that an update sends back what it read.
 */
export type SubscriptionGroupConfig = Record<string, unknown> & { groupName: string };

/** The Java defaults of a new group (SubscriptionGroupConfig's field initialisers, 4.9.x fields). */
export function defaultSubscriptionGroup(groupName: string): SubscriptionGroupConfig {
  return {
    brokerId: 0,
    consumeBroadcastEnable: false,
    consumeEnable: true,
    consumeFromMinEnable: false,
    groupName,
    notifyConsumerIdsChangedEnable: true,
    retryMaxTimes: 16,
    retryQueueNums: 1,
    whichBrokerWhenConsumeSlowly: 1,
  };
}

export function decodeSubscriptionGroupConfig(value: unknown, path = 'subscriptionGroupConfig'): SubscriptionGroupConfig {
  const r = asRecord(value, path);
  return { ...r, groupName: asString(r.groupName, `${path}.groupName`) } as SubscriptionGroupConfig;
}

/** GET_ALL_SUBSCRIPTIONGROUP_CONFIG: group name -> config. */
export function decodeSubscriptionGroupTable(value: unknown): Record<string, SubscriptionGroupConfig> {
  const r = asRecord(value, 'SubscriptionGroupWrapper');
  const out: Record<string, SubscriptionGroupConfig> = {};
  for (const [name, config] of Object.entries(optionalRecord(r.subscriptionGroupTable, 'subscriptionGroupTable'))) {
    out[name] = decodeSubscriptionGroupConfig(config, `subscriptionGroupTable.${name}`);
  }
  return out;
}
