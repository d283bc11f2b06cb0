// QueryConsumeQueueResponseBody (QUERY_CONSUME_QUEUE 321, messages.md A.24): consume-queue
// entries of one queue, its index range, and the group's subscription and filter when asked.

import { asBoolean, asNumber, asRecord, optionalArray, optionalString } from './fields.js';

/** One consume-queue entry (Java ConsumeQueueData). */
export interface ConsumeQueueEntry {
  /** Commit-log offset of the message. */
  physicOffset: number;
  physicSize: number;
  /** The tag's hash code (0 for no tag), or the CQ extension address. */
  tagsCode: number;
  extendDataJson: string | null;
  bitMap: string | null;
  /** Whether the group's filter lets the message through (only evaluated with a group). */
  eval: boolean;
  msg: string | null;
}

export interface ConsumeQueueBody {
  maxQueueIndex: number;
  minQueueIndex: number;
  entries: ConsumeQueueEntry[];
  /** The group's subscription, as the broker sent it (only with a group). */
  subscriptionData: unknown;
  /** The filter the broker found, or why it found none ("G@T is not online!"). */
  filterData: string | null;
}

const orNull = (v: unknown, path: string): string | null => optionalString(v ?? undefined, path) ?? null;

export function decodeConsumeQueueBody(value: unknown): ConsumeQueueBody {
  const r = asRecord(value, 'QueryConsumeQueueResponseBody');
  return {
    maxQueueIndex: asNumber(r.maxQueueIndex, 'maxQueueIndex', 0),
    minQueueIndex: asNumber(r.minQueueIndex, 'minQueueIndex', 0),
    entries: optionalArray(r.queueData, 'queueData').map((e, i) => {
      const q = asRecord(e, `queueData[${i}]`);
      return {
        physicOffset: asNumber(q.physicOffset, `queueData[${i}].physicOffset`),
        physicSize: asNumber(q.physicSize, `queueData[${i}].physicSize`),
        tagsCode: asNumber(q.tagsCode, `queueData[${i}].tagsCode`, 0),
        extendDataJson: orNull(q.extendDataJson, `queueData[${i}].extendDataJson`),
        bitMap: orNull(q.bitMap, `queueData[${i}].bitMap`),
        eval: asBoolean(q.eval, `queueData[${i}].eval`, false),
        msg: orNull(q.msg, `queueData[${i}].msg`),
      };
    }),
    subscriptionData: r.subscriptionData ?? null,
    filterData: orNull(r.filterData, 'filterData'),
  };
}
