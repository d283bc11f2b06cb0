import * as Flags from '@oclif/core/flags';
import { DEFAULT_QUERY_MAX, queryMessagesByIndex } from '../admin/messages.js';
import { AdminCommand } from '../cli/base.js';
import { parseTime } from '../cli/time.js';
import { colorEnabled, makeStyle } from '../render/style.js';
import { indexQueryJson, renderIndexQuery } from '../render/views/message.js';

export default class QueryMsgByKey extends AdminCommand<typeof QueryMsgByKey> {
  static override summary = 'Find the messages of a topic by key.';
  static override description =
    'Asks every broker of the topic in parallel (the master; a slave when the master is unreachable) for the messages whose KEYS contain the key, keeps only exact matches of the key and topic (the index matches hashes, so other keys come back too), and sorts them by store time. When a broker has more hits than were read, a note on stderr says so and how to narrow the window. No message: exit 4.';
  static override examples = [
    '<%= config.bin %> queryMsgByKey -t TopicTest -k order-42',
    '<%= config.bin %> queryMsgByKey -t TopicTest -k order-42 -b -2h -e -1h',
    '<%= config.bin %> queryMsgByKey -t TopicTest -k order-42 -b 2026-11-22T10:00:00Z --json',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    msgKey: Flags.string({ char: 'k', description: 'Message key (one token of KEYS).', required: true }),
    beginTimestamp: Flags.string({ char: 'b', description: 'Start of the store-time window: epoch ms, ISO 8601, yyyy-MM-dd#HH:mm:ss:SSS, or relative (-1h, 2d). Default: all time.' }),
    endTimestamp: Flags.string({ char: 'e', description: 'End of the store-time window, same forms. Default: now and later.' }),
    maxNum: Flags.integer({ char: 'm', description: `At most this many messages (the newest). Default ${DEFAULT_QUERY_MAX}.`, min: 1 }),
    clusterName: Flags.string({ char: 'c', description: 'Only the brokers of this cluster.' }),
  };

  async run() {
    const f = this.flags;
    const now = Date.now();
    const result = await this.spin(
      'Asking the brokers of the topic',
      queryMessagesByIndex(this.admin, {
        topic: f.topic,
        key: f.msgKey,
        begin: f.beginTimestamp !== undefined ? parseTime(f.beginTimestamp, now) : undefined,
        end: f.endTimestamp !== undefined ? parseTime(f.endTimestamp, now) : undefined,
        maxNum: f.maxNum,
        cluster: f.clusterName,
      }),
    );
    this.print(await renderIndexQuery(result, this.style));
    if (result.hint && !this.jsonEnabled()) process.stderr.write(`${makeStyle(colorEnabled(process.stderr)).yellow('note:')} ${result.hint}\n`);
    this.reportFailures(result.failures);
    return indexQueryJson(result);
  }
}
