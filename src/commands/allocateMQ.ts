import * as Flags from '@oclif/core/flags';
import { consumerConnection } from '../admin/consumer.js';
import { InvalidArgumentError, NotFoundError } from '../admin/errors.js';
import { allocateMQ, type AllocationResult } from '../admin/stats.js';
import { AdminCommand } from '../cli/base.js';
import { renderAllocation } from '../render/views/stats.js';

/** `-i a,b,c`: client ids split on commas, blanks trimmed; an empty one is a usage error. */
export function parseClientIds(text: string): string[] {
  const ids = text.split(',').map((s) => s.trim());
  if (ids.some((s) => s === '')) throw new InvalidArgumentError(`-i: empty client id in "${text}"`, 'give the ids separated by commas, e.g. -i 10.0.0.1@1234,10.0.0.2@1234');
  return ids;
}

export default class AllocateMQ extends AdminCommand<typeof AllocateMQ> {
  static override summary = "Which queues of a topic each client gets under the averaging strategy.";
  static override description = [
    "Reads the topic's route (its readable queues) and allocates them to the clients given with -i, or to the clients of -g online now, as AllocateMessageQueueAveragely does: each client gets queues/clients queues and the first ones one more, in consecutive blocks.",
    "By default queues and client ids are sorted first, as the consumers do when they rebalance, so the answer is what the group really gets. The Java tool allocates over an unsorted set instead, so its answer can differ from what the consumers do; --java-order reproduces it (--json then has the Java tool's `result` exactly).",
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> allocateMQ -t TopicTest -i 10.0.0.1@1234,10.0.0.2@1234',
    '<%= config.bin %> allocateMQ -t TopicTest -g MyGroup',
    '<%= config.bin %> allocateMQ -t TopicTest -i 127.0.0.1,127.0.0.2 --java-order --json',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    ipList: Flags.string({ char: 'i', description: 'Client ids, comma-separated (as the Java -i).', exactlyOne: ['ipList', 'group'] }),
    group: Flags.string({ char: 'g', description: 'Use the client ids of this consumer group online now.', exactlyOne: ['ipList', 'group'] }),
    'java-order': Flags.boolean({ description: "Allocate in the Java tool's order (unsorted queues, client ids as given)." }),
  };

  async run(): Promise<AllocationResult> {
    const f = this.flags;
    let clientIds: string[];
    if (f.ipList !== undefined) clientIds = parseClientIds(f.ipList);
    else {
      const conn = await consumerConnection(this.admin, f.group!);
      if (!conn.online) throw new NotFoundError(`no consumer of group ${f.group} is online`, 'give the client ids with -i');
      clientIds = conn.connections.map((c) => c.clientId);
    }
    const result = await allocateMQ(this.admin, { topic: f.topic, clientIds, javaOrder: f['java-order'] });
    this.print(await renderAllocation(result, this.style));
    return result;
  }
}
