import * as Flags from '@oclif/core/flags';
import { consumerConnection, type ConsumerConnectionResult } from '../admin/consumer.js';
import { AdminCommand } from '../cli/base.js';
import { renderConsumerConnection } from '../render/views/consumer.js';

export default class ConsumerConnection extends AdminCommand<typeof ConsumerConnection> {
  static override summary = "List a consumer group's online clients and subscriptions.";
  static override description =
    'Asks a broker of the group (or -b) for its connection list: each client\'s id, address, language and version, the subscriptions, and the consume type, message model and where a new consumer starts. A group with no client online is said so (exit 0; `online: false` in --json).';
  static override examples = ['<%= config.bin %> consumerConnection -g MyGroup', '<%= config.bin %> consumerConnection -g MyGroup -b 127.0.0.1:10911 --json'];

  static override flags = {
    consumerGroup: Flags.string({ char: 'g', description: 'Consumer group.', required: true }),
    brokerAddr: Flags.string({ char: 'b', description: 'Ask this broker.' }),
  };

  async run(): Promise<ConsumerConnectionResult> {
    const result = await this.spin('Asking the broker', consumerConnection(this.admin, this.flags.consumerGroup, this.flags.brokerAddr));
    this.print(await renderConsumerConnection(result, this.style));
    return result;
  }
}
