// Flags and the run of printMsg and printMsgByQueue, which differ only in naming one queue.

import * as Flags from '@oclif/core/flags';
import { printMessages, type PrintResult } from '../admin/messages.js';
import type { MQAdmin } from '../admin/MQAdmin.js';
import { javaBooleanFlag } from './javaFlags.js';
import { parseTime } from './time.js';

export const printWindowFlags = {
  topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
  beginTimestamp: Flags.string({ char: 'b', description: 'Start of the store-time window (epoch ms, ISO 8601, -1h, ...). Default: the oldest message.' }),
  endTimestamp: Flags.string({ char: 'e', description: 'End of the window. Default: the newest message.' }),
  subExpression: Flags.string({ char: 's', description: 'Tag expression, e.g. "TagA || TagB". Default: all.' }),
  printBody: javaBooleanFlag({ char: 'd', name: 'printBody', description: 'Print every message in full, with its body (default false: one row per message)' }),
  maxNum: Flags.integer({ char: 'm', description: 'Stop after this many messages.', min: 1 }),
  'full-body': Flags.boolean({ description: 'With -d: show whole bodies on a terminal.' }),
};

export interface PrintWindowValues {
  topic: string;
  beginTimestamp?: string;
  endTimestamp?: string;
  subExpression?: string;
  maxNum?: number;
}

/** Pulls the window's messages, of every queue of the topic or of the one given. */
export function printWindow(admin: MQAdmin, f: PrintWindowValues, queue: { brokerName?: string; queueId?: number } = {}): Promise<PrintResult> {
  const now = Date.now();
  return printMessages(admin, {
    topic: f.topic,
    ...queue,
    begin: f.beginTimestamp !== undefined ? parseTime(f.beginTimestamp, now) : undefined,
    end: f.endTimestamp !== undefined ? parseTime(f.endTimestamp, now) : undefined,
    subExpression: f.subExpression,
    maxNum: f.maxNum,
  });
}
