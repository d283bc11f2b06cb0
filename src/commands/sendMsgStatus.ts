import * as Flags from '@oclif/core/flags';
import { sendMsgStatus, type SendStatusResult } from '../admin/sendTest.js';
import { AdminCommand } from '../cli/base.js';
import { renderSendStatus } from '../render/views/stats.js';

export default class SendMsgStatus extends AdminCommand<typeof SendMsgStatus> {
  static override summary = 'Send test messages to one broker and show each send and its round trip.';
  static override description = [
    'Sends to the topic named after the broker (every broker creates it at start while brokerTopicEnable is on): one warm-up message of 16 bytes, not listed, then -c messages of -s bytes (hello jodie repeated and cut to the size; the Java tool rounds the size up to a multiple of 11), one at a time, as a Java producer sends them (group PID_SMSC).',
    'Per send: the result, the round trip in ms, the queue and queue offset, both message ids; then min, median, p99, max and average. An unknown broker name is exit 4; a failed send makes the exit code 3.',
  ].join('\n\n');
  static override examples = ['<%= config.bin %> sendMsgStatus -b broker-a', '<%= config.bin %> sendMsgStatus -b broker-a -c 10 -s 1024 --json'];

  static override flags = {
    brokerName: Flags.string({ char: 'b', description: 'Broker name (not address).', required: true }),
    messageSize: Flags.integer({ char: 's', description: 'Body size in bytes.', default: 128, min: 0 }),
    count: Flags.integer({ char: 'c', description: 'Messages to send.', default: 50, min: 1 }),
  };

  async run(): Promise<SendStatusResult> {
    const f = this.flags;
    const result = await this.spin(`Sending ${f.count} messages to ${f.brokerName}`, sendMsgStatus(this.admin, { brokerName: f.brokerName, count: f.count, size: f.messageSize }));
    this.print(await renderSendStatus(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
