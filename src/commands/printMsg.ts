import { AdminCommand } from '../cli/base.js';
import { printWindow, printWindowFlags } from '../cli/printFlags.js';
import { printResultJson, renderPrintResult } from '../render/views/message.js';

export default class PrintMsg extends AdminCommand<typeof PrintMsg> {
  static override summary = 'Print the messages of a topic stored in a time window.';
  static override description =
    'For every readable queue of the topic: the offsets of the window (SEARCH_OFFSET_BY_TIMESTAMP, else the queue bounds), then PULL_MESSAGE in batches as TOOLS_CONSUMER (nothing committed). One row per message, or every message in full with -d. Tags (-s) are filtered by the broker by hash and here by name.';
  static override examples = [
    '<%= config.bin %> printMsg -t TopicTest -b -1h',
    '<%= config.bin %> printMsg -t TopicTest -b 2026-11-22T10:00:00Z -e 2026-11-22T11:00:00Z -s "TagA || TagB" -d true',
  ];

  static override flags = {
    ...printWindowFlags,
  };

  async run() {
    const f = this.flags;
    const result = await this.spin('Pulling the messages', printWindow(this.admin, f));
    this.print(await renderPrintResult(result, this.style, f.printBody ?? false, { cut: process.stdout.isTTY === true && !f['full-body'] }));
    this.reportFailures(result.failures);
    return printResultJson(result);
  }
}
