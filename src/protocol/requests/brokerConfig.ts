// A broker's configuration as properties text (messages.md B.2): read and update.

import { RequestCode } from '../codes.js';
import { formatJavaProperties } from '../properties.js';
import { defineRequest, propertiesBody } from './define.js';

// ---------------------------------------------------------------------------------------------
// Broker: configuration

/** GET_BROKER_CONFIG (26): no header; body properties text of every setting. */
export const getBrokerConfig = defineRequest<void, Record<string, string>>({
  code: RequestCode.GET_BROKER_CONFIG,
  decode: (res) => propertiesBody(res),
});

/** UPDATE_BROKER_CONFIG (25): body `key=value\n` lines, exactly as `MixAll.properties2String`. */
export const updateBrokerConfig = defineRequest<{ properties: Record<string, string> }, void>({
  code: RequestCode.UPDATE_BROKER_CONFIG,
  body: ({ properties }) => formatJavaProperties(properties),
  decode: () => undefined,
});
