import * as Flags from '@oclif/core/flags';
import { AdminCommand } from '../cli/base.js';
import { printWindow, printWindowFlags } from '../cli/printFlags.js';
import { printResultJson, renderPrintResult } from '../render/views/message.js';

export default class PrintMsgByQueue extends AdminCommand<typeof PrintMsgByQueue> {
  static override summary = 'Print the messages of one queue stored in a time window.';
  static override description = 'As printMsg, for one queue (topic, broker name -a, queue id -i).';
  static override examples = ['<%= config.bin %> printMsgByQueue -t TopicTest -a broker-a -i 0 -b -1h -d true'];

  static override flags = {
    ...printWindowFlags,
    brokerName: Flags.string({ char: 'a', description: 'Broker name.', required: true }),
    queueId: Flags.integer({ char: 'i', description: 'Queue id.', required: true, min: 0 }),
  };

  async run() {
    const f = this.flags;
    const result = await this.spin('Pulling the messages', printWindow(this.admin, f, { brokerName: f.brokerName, queueId: f.queueId }));
    this.print(await renderPrintResult(result, this.style, f.printBody ?? false, { cut: process.stdout.isTTY === true && !f['full-body'] }));
    this.reportFailures(result.failures);
    return printResultJson(result);
  }
}
