// Statistics requests (messages.md B.2): one statistics item of a broker, the consume stats of
// every group on a broker, and a broker's producer table.

import { RequestCode } from '../codes.js';
import {
  decodeBrokerStatsData,
  decodeConsumeStatsList,
  decodeProducerTableInfo,
  type BrokerStatsData,
  type ConsumeStatsList,
  type ProducerGroupInfo,
} from '../bodies/stats.js';
import { defineRequest, jsonBody } from './define.js';

/** The names of the broker's statistics items (Java BrokerStatsManager) that mqadmin reads. */
export const StatsName = {
  /** Messages put, key `<topic>`. */
  TOPIC_PUT_NUMS: 'TOPIC_PUT_NUMS',
  /** Bytes put, key `<topic>`. */
  TOPIC_PUT_SIZE: 'TOPIC_PUT_SIZE',
  /** Messages handed to a group by pulls, key `<topic>@<group>`. */
  GROUP_GET_NUMS: 'GROUP_GET_NUMS',
  GROUP_GET_SIZE: 'GROUP_GET_SIZE',
  /** Messages a group sent back for a retry, key `<topic>@<group>`. */
  SNDBCK_PUT_NUMS: 'SNDBCK_PUT_NUMS',
  /** Messages put on the whole broker, key `<cluster name>`. */
  BROKER_PUT_NUMS: 'BROKER_PUT_NUMS',
  BROKER_GET_NUMS: 'BROKER_GET_NUMS',
} as const;

export const groupStatsKey = (topic: string, group: string): string => `${topic}@${group}`;

/**
 * VIEW_BROKER_STATS_DATA (315): `statsName`, `statsKey`; body BrokerStatsData. A key the broker
 * has no item for (nothing happened yet) is SYSTEM_ERROR "The stats <n> <k> not exist".
 */
export const viewBrokerStatsData = defineRequest<{ statsName: string; statsKey: string }, BrokerStatsData>({
  code: RequestCode.VIEW_BROKER_STATS_DATA,
  header: ({ statsName, statsKey }) => ({ statsName, statsKey }),
  decode: (res) => decodeBrokerStatsData(jsonBody(res)),
});

/** The remark of a VIEW_BROKER_STATS_DATA answer for an item that does not exist. */
export const STATS_NOT_EXIST = /^The stats <[^>]*> <.*> not exist/;

/** GET_BROKER_CONSUME_STATS (317): `isOrder` (only order topics); body ConsumeStatsList. */
export const getBrokerConsumeStats = defineRequest<{ isOrder: boolean }, ConsumeStatsList>({
  code: RequestCode.GET_BROKER_CONSUME_STATS,
  header: ({ isOrder }) => ({ isOrder }),
  decode: (res) => decodeConsumeStatsList(jsonBody(res)),
});

/** GET_ALL_PRODUCER_INFO (328): no header; body ProducerTableInfo, group -> producers. */
export const getAllProducerInfo = defineRequest<void, ProducerGroupInfo[]>({
  code: RequestCode.GET_ALL_PRODUCER_INFO,
  decode: (res) => decodeProducerTableInfo(jsonBody(res)),
});
