// The requests of the export commands (admin-commands.md §6) that need the broker's answer as it
// was sent: the whole TopicConfigSerializeWrapper and SubscriptionGroupWrapper (every field,
// dataVersion and the 5.x mapping tables included), and the broker's list of system topics.

import { RequestCode } from '../codes.js';
import { ProtocolError } from '../errors.js';
import { isFastJsonObject, type FastJsonObject } from '../fastjson.js';
import { defineRequest, jsonBody } from './define.js';
import type { RemotingCommand } from '../../remoting/command.js';

function wrapper(res: RemotingCommand, what: string, table: string): FastJsonObject {
  const body = jsonBody(res);
  if (!isFastJsonObject(body)) throw new ProtocolError(`the ${what} body is not a JSON object`);
  const t = body[table];
  if (t !== undefined && t !== null && !isFastJsonObject(t)) throw new ProtocolError(`${what}.${table} is not a JSON object`);
  return body;
}

/** GET_ALL_TOPIC_CONFIG (21): no header; the TopicConfigSerializeWrapper (A.8) as sent. */
export const getAllTopicConfigWrapper = defineRequest<void, FastJsonObject>({
  code: RequestCode.GET_ALL_TOPIC_CONFIG,
  decode: (res) => wrapper(res, 'TopicConfigSerializeWrapper', 'topicConfigTable'),
});

/** GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201): no header; the SubscriptionGroupWrapper (A.10) as sent. */
export const getAllSubscriptionGroupWrapper = defineRequest<void, FastJsonObject>({
  code: RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
  decode: (res) => wrapper(res, 'SubscriptionGroupWrapper', 'subscriptionGroupTable'),
});

/** GET_SYSTEM_TOPIC_LIST_FROM_BROKER (305): no header; body TopicList `{"topicList":[...]}`. */
export const getSystemTopicListFromBroker = defineRequest<void, string[]>({
  code: RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER,
  decode: (res) => {
    if (!res.body || res.body.length === 0) return [];
    const body = jsonBody(res);
    const list = isFastJsonObject(body) ? body.topicList : undefined;
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) throw new ProtocolError('TopicList.topicList is not an array');
    return list.map((t) => String(t));
  },
});

/**
 * POP_ROLLBACK (200056, 5.x): no header, no body. A broker with the RocksDB-backed POP store moves
 * its POP records back to the file store (revive topic); SUCCESS otherwise too.
 */
export const popRollback = defineRequest<void, void>({
  code: RequestCode.POP_ROLLBACK,
  decode: () => undefined,
});
