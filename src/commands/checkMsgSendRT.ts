import * as Flags from '@oclif/core/flags';
import { checkMsgSendRT, type CheckSendRtResult } from '../admin/sendTest.js';
import { AdminCommand } from '../cli/base.js';
import { renderCheckSendRt } from '../render/views/stats.js';

export default class CheckMsgSendRT extends AdminCommand<typeof CheckMsgSendRT> {
  static override summary = 'Send test messages to a topic and show the send round trips per broker.';
  static override description = [
    "Sends -a messages of -s bytes (the letter a repeated, as the Java tool) to the topic's writable queues in turn, one at a time, each as a Java producer sends it (SEND_MESSAGE_V2), and times each request alone (the route is read once before). Per broker: messages sent, succeeded and failed, and the round trip in ms: min, median, p99, max, average. The first send to each broker (it opens the connection) is not in the figures, as the Java tool leaves its first send out of its average.",
    '--each also lists every send (broker, queue, result, RT), as the Java tool prints them. A failed send makes the exit code 3.',
  ].join('\n\n');
  static override examples = ['<%= config.bin %> checkMsgSendRT -t TopicTest', '<%= config.bin %> checkMsgSendRT -t TopicTest -a 1000 -s 1024 --each'];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic to send to.', required: true }),
    amount: Flags.integer({ char: 'a', description: 'Messages to send.', default: 100, min: 1 }),
    size: Flags.integer({ char: 's', description: 'Body size in bytes.', default: 128, min: 0 }),
    each: Flags.boolean({ description: 'Also list every send.' }),
  };

  async run(): Promise<CheckSendRtResult> {
    const f = this.flags;
    const result = await this.spin(`Sending ${f.amount} messages`, checkMsgSendRT(this.admin, { topic: f.topic, amount: f.amount, size: f.size }));
    this.print(await renderCheckSendRt(result, this.style, f.each));
    this.reportFailures(result.failures);
    return result;
  }
}
