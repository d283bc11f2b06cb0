import { javaBooleanFlag } from '../cli/javaFlags.js';
import * as Flags from '@oclif/core/flags';
import { printMessages } from '../admin/messages.js';
import { AdminCommand } from '../cli/base.js';
import { parseTime } from '../cli/time.js';
import { printResultJson, renderPrintResult } from '../render/views/message.js';

export default class PrintMsg extends AdminCommand<typeof PrintMsg> {
  static override summary = 'Print the messages of a topic stored in a time window.';
  static override description =
    'For every readable queue of the topic: the offsets of the window (SEARCH_OFFSET_BY_TIMESTAMP, else the queue bounds), then PULL_MESSAGE in batches as TOOLS_CONSUMER (nothing committed). One row per message, or every message in full with -d. Tags (-s) are filtered by the broker by hash and here by name.';
  static override examples = [
    '<%= config.bin %> printMsg -t TopicTest -b -1h',
    '<%= config.bin %> printMsg -t TopicTest -b 2026-11-22T10:00:00Z -e 2026-11-22T11:00:00Z -s "TagA || TagB" -d',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    beginTimestamp: Flags.string({ char: 'b', description: 'Start of the store-time window (epoch ms, ISO 8601, -1h, ...). Default: the oldest message.' }),
    endTimestamp: Flags.string({ char: 'e', description: 'End of the window. Default: the newest message.' }),
    subExpression: Flags.string({ char: 's', description: 'Tag expression, e.g. "TagA || TagB". Default: all.' }),
    printBody: javaBooleanFlag({ char: 'd', name: 'printBody', description: 'Print every message in full, with its body (default false: one row per message)' }),
    maxNum: Flags.integer({ char: 'm', description: 'Stop after this many messages.', min: 1 }),
    'full-body': Flags.boolean({ description: 'With -d: show whole bodies on a terminal.' }),
  };

  async run() {
    const f = this.flags;
    const now = Date.now();
    const result = await this.spin(
      'Pulling the messages',
      printMessages(this.admin, {
        topic: f.topic,
        begin: f.beginTimestamp !== undefined ? parseTime(f.beginTimestamp, now) : undefined,
        end: f.endTimestamp !== undefined ? parseTime(f.endTimestamp, now) : undefined,
        subExpression: f.subExpression,
        maxNum: f.maxNum,
      }),
    );
    this.print(await renderPrintResult(result, this.style, f.printBody ?? false, { cut: process.stdout.isTTY === true && !f['full-body'] }));
    this.reportFailures(result.failures);
    return printResultJson(result);
  }
}
