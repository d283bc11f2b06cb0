import { javaBooleanFlag } from '../cli/javaFlags.js';
import * as Flags from '@oclif/core/flags';
import { printMessages } from '../admin/messages.js';
import { AdminCommand } from '../cli/base.js';
import { parseTime } from '../cli/time.js';
import { printResultJson, renderPrintResult } from '../render/views/message.js';

export default class PrintMsgByQueue extends AdminCommand<typeof PrintMsgByQueue> {
  static override summary = 'Print the messages of one queue stored in a time window.';
  static override description = 'As printMsg, for one queue (topic, broker name -a, queue id -i).';
  static override examples = ['<%= config.bin %> printMsgByQueue -t TopicTest -a broker-a -i 0 -b -1h -d'];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    brokerName: Flags.string({ char: 'a', description: 'Broker name.', required: true }),
    queueId: Flags.integer({ char: 'i', description: 'Queue id.', required: true, min: 0 }),
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
        brokerName: f.brokerName,
        queueId: f.queueId,
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
