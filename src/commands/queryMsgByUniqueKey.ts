import * as Flags from '@oclif/core/flags';
import { messageTracks, queryMessagesByIndex } from '../admin/messages.js';
import { AdminCommand } from '../cli/base.js';
import { parseTime } from '../cli/time.js';
import { messageJson, renderMessages, saveBodies, withTrack } from '../render/views/message.js';

export default class QueryMsgByUniqueKey extends AdminCommand<typeof QueryMsgByUniqueKey> {
  static override summary = 'Show a message by its unique key (UNIQ_KEY, the msgId of Java producers).';
  static override description =
    'Asks every broker of the topic for the unique key in its index (all time unless -b/-e), keeps the messages whose id is exactly the key, and shows the first (all of them with -a), with its body and whether each consumer group has consumed it. Not found: exit 4.';
  static override examples = [
    '<%= config.bin %> queryMsgByUniqueKey -t TopicTest -i C0000202293E5FFD2B276CB338820003',
    '<%= config.bin %> queryMsgByUniqueKey -t TopicTest -i C0000202293E5FFD2B276CB338820003 -a --json',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    msgId: Flags.string({ char: 'i', description: 'Unique key (UNIQ_KEY).', required: true }),
    showAll: Flags.boolean({ char: 'a', description: 'Show every message with this key (a message sent again keeps its key).' }),
    consumerGroup: Flags.string({ char: 'g', description: 'Track this consumer group only (default: every group of the topic).' }),
    beginTimestamp: Flags.string({ char: 'b', description: 'Start of the store-time window (epoch ms, ISO 8601, -1h, ...). Default: all time.' }),
    endTimestamp: Flags.string({ char: 'e', description: 'End of the store-time window. Default: no end.' }),
    track: Flags.boolean({ description: 'Show whether the consumer groups have consumed the message.', default: true, allowNo: true }),
    'full-body': Flags.boolean({ description: 'Show the whole body on a terminal (it is cut there otherwise).' }),
    'body-file': Flags.string({ description: 'Also save the body to this file (several messages: FILE.1, FILE.2, ...).' }),
  };

  async run() {
    const f = this.flags;
    const now = Date.now();
    const result = await this.spin(
      'Asking the brokers of the topic',
      queryMessagesByIndex(this.admin, {
        topic: f.topic,
        key: f.msgId.trim(),
        unique: true,
        begin: f.beginTimestamp !== undefined ? parseTime(f.beginTimestamp, now) : undefined,
        end: f.endTimestamp !== undefined ? parseTime(f.endTimestamp, now) : undefined,
      }),
    );
    const shown = f.showAll ? result.messages : result.messages.slice(0, 1);
    const { tracks, failures: trackFailures } = f.track ? await messageTracks(this.admin, shown, f.consumerGroup) : { tracks: undefined, failures: [] };
    let text = await renderMessages(shown, this.style, { cut: process.stdout.isTTY === true && !f['full-body'] }, tracks);
    if (shown.length < result.messages.length) text += `\n\n${this.style.dim(`${result.messages.length - shown.length} more message(s) with this key: -a shows all`)}`;
    this.print(text);
    if (f['body-file'] && shown.length > 0) {
      const paths = saveBodies(f['body-file'], shown);
      if (!this.jsonEnabled()) process.stderr.write(`body saved to ${paths.join(', ')}\n`);
    }
    this.reportFailures([...result.failures, ...trackFailures]);
    return { ...result, messages: shown.map((m, i) => withTrack(messageJson(m), tracks?.[i])), total: result.messages.length };
  }
}
