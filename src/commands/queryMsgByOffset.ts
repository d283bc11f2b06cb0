import * as Flags from '@oclif/core/flags';
import { messageTracks, queryMessageByOffset } from '../admin/messages.js';
import { AdminCommand } from '../cli/base.js';
import { messageJson, renderMessages, saveBodies, withTrack } from '../render/views/message.js';

export default class QueryMsgByOffset extends AdminCommand<typeof QueryMsgByOffset> {
  static override summary = 'Show the message at a queue offset.';
  static override description =
    'Pulls the one message at the offset of a queue (topic, broker name, queue id) from the master, as the Java tool does (group TOOLS_CONSUMER, nothing committed), and shows it with its body and whether each consumer group has consumed it. No message there: exit 4, with the offsets the queue holds.';
  static override examples = ['<%= config.bin %> queryMsgByOffset -t TopicTest -b broker-a -i 0 -o 42'];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    brokerName: Flags.string({ char: 'b', description: 'Broker name.', required: true }),
    queueId: Flags.integer({ char: 'i', description: 'Queue id.', required: true, min: 0 }),
    offset: Flags.integer({ char: 'o', description: 'Queue offset.', required: true, min: 0 }),
    consumerGroup: Flags.string({ char: 'g', description: 'Track this consumer group only (default: every group of the topic).' }),
    track: Flags.boolean({ description: 'Show whether the consumer groups have consumed the message.', default: true, allowNo: true }),
    'full-body': Flags.boolean({ description: 'Show the whole body on a terminal (it is cut there otherwise).' }),
    'body-file': Flags.string({ description: 'Also save the body to this file.' }),
  };

  async run() {
    const f = this.flags;
    const msg = await queryMessageByOffset(this.admin, { topic: f.topic, brokerName: f.brokerName, queueId: f.queueId, offset: f.offset });
    const { tracks, failures } = f.track ? await messageTracks(this.admin, [msg], f.consumerGroup) : { tracks: undefined, failures: [] };
    this.print(await renderMessages([msg], this.style, { cut: process.stdout.isTTY === true && !f['full-body'] }, tracks));
    if (f['body-file']) {
      saveBodies(f['body-file'], [msg]);
      if (!this.jsonEnabled()) process.stderr.write(`body saved to ${f['body-file']}\n`);
    }
    this.reportFailures(failures);
    return withTrack(messageJson(msg), tracks?.[0]);
  }
}
