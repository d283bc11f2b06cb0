import * as Flags from '@oclif/core/flags';
import { queryCq, type QueryCqResult } from '../admin/maintenance.js';
import { AdminCommand } from '../cli/base.js';
import { renderQueryCq } from '../render/views/maintenance.js';

export default class QueryCq extends AdminCommand<typeof QueryCq> {
  static override summary = "Show a queue's consume-queue entries: commit-log offset, size, tag code, store time.";
  static override description =
    'Reads -c entries of the consume queue of one queue from index -i (QUERY_CONSUME_QUEUE), from -b or else the master of the first broker of the topic\'s route, with the queue\'s index range and, with -g, the group\'s subscription and filter. Each entry\'s store time is read from the commit log (VIEW_MESSAGE_BY_ID; --no-store-time skips it; when it cannot be read it shows as - and a warning says why). An unknown topic or queue is exit 4.';
  static override examples = [
    '<%= config.bin %> queryCq -t TopicTest -q 0 -i 0',
    '<%= config.bin %> queryCq -t TopicTest -q 0 -i 100 -c 20 -b 127.0.0.1:10911 -g GroupA --json',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    queue: Flags.integer({ char: 'q', description: 'Queue id.', required: true, min: 0 }),
    index: Flags.integer({ char: 'i', description: 'First consume-queue index.', required: true, min: 0 }),
    count: Flags.integer({ char: 'c', description: 'Number of entries.', default: 10, min: 1 }),
    broker: Flags.string({ char: 'b', description: 'Broker address, host:port (default: the master of the first broker of the route).' }),
    consumer: Flags.string({ char: 'g', description: 'Consumer group: also show its subscription and filter.' }),
    'store-time': Flags.boolean({ description: "Read each entry's store time from the commit log.", default: true, allowNo: true }),
  };

  async run(): Promise<QueryCqResult> {
    const f = this.flags;
    const result = await this.spin(
      'Reading the consume queue',
      queryCq(this.admin, { topic: f.topic, queueId: f.queue, index: f.index, count: f.count, brokerAddr: f.broker, consumerGroup: f.consumer, storeTime: f['store-time'] }),
    );
    this.print(await renderQueryCq(result, this.style));
    if (result.storeTimeError !== null && !this.jsonEnabled()) process.stderr.write(`warning: store times not read: ${result.storeTimeError}\n`);
    return result;
  }
}
