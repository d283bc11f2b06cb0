// Subscription-group requests to brokers (messages.md B.2): create or update, delete, read one or all.

import { RequestCode } from '../codes.js';
import { decodeSubscriptionGroupConfig, decodeSubscriptionGroupTable, type SubscriptionGroupConfig } from '../bodies/topicAdmin.js';
import { stringifyFastJson } from '../fastjson.js';
import { defineRequest, jsonBody } from './define.js';

// ---------------------------------------------------------------------------------------------
// Broker: subscription groups

/** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200): no header; body SubscriptionGroupConfig. */
export const updateAndCreateSubscriptionGroup = defineRequest<{ config: SubscriptionGroupConfig }, void>({
  code: RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
  body: ({ config }) => stringifyFastJson(sortKeys(config)),
  decode: () => undefined,
});

/** DELETE_SUBSCRIPTIONGROUP (207): both the 5.x (`cleanOffset`) and 4.9.x (`removeOffset`) names. */
export const deleteSubscriptionGroup = defineRequest<{ groupName: string; cleanOffset: boolean }, void>({
  code: RequestCode.DELETE_SUBSCRIPTIONGROUP,
  header: ({ groupName, cleanOffset }) => ({ groupName, cleanOffset, removeOffset: cleanOffset }),
  decode: () => undefined,
});

/** GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201): body A.10. */
export const getAllSubscriptionGroupConfig = defineRequest<void, Record<string, SubscriptionGroupConfig>>({
  code: RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
  decode: (res) => decodeSubscriptionGroupTable(jsonBody(res)),
});

/** GET_SUBSCRIPTIONGROUP_CONFIG (352, 5.x only): header `group`. */
export const getSubscriptionGroupConfig = defineRequest<{ group: string }, SubscriptionGroupConfig>({
  code: RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG,
  header: ({ group }) => ({ group }),
  decode: (res) => decodeSubscriptionGroupConfig(jsonBody(res)),
});

/** fastjson writes bean properties in alphabetical order (messages.md conventions). */
function sortKeys(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(record).sort()) out[k] = record[k];
  return out;
}
