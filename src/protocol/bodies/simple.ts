// Small bodies: TopicList (A.6), KVTable (A.7), GroupList (A.19).

import { asRecord, asString, optionalArray, optionalRecord, optionalString } from './fields.js';

export interface TopicList {
  topicList: string[];
  brokerAddr?: string;
}

export function decodeTopicList(value: unknown): TopicList {
  const r = asRecord(value, 'TopicList');
  const out: TopicList = { topicList: optionalArray(r.topicList, 'topicList').map((t, i) => asString(t, `topicList[${i}]`)) };
  const brokerAddr = optionalString(r.brokerAddr, 'brokerAddr');
  if (brokerAddr !== undefined) out.brokerAddr = brokerAddr;
  return out;
}

/** KVTable: a string -> string map under `table`. */
export function decodeKVTable(value: unknown): Record<string, string> {
  const table = optionalRecord(asRecord(value, 'KVTable').table, 'table');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(table)) out[k] = v === null || v === undefined ? '' : asString(v, `table.${k}`);
  return out;
}

export function decodeGroupList(value: unknown): string[] {
  return optionalArray(asRecord(value, 'GroupList').groupList, 'groupList').map((g, i) => asString(g, `groupList[${i}]`));
}
