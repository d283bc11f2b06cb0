import * as Flags from '@oclif/core/flags';
import { consumerStatus, type ConsumerStatusResult } from '../admin/consumer.js';
import { AdminCommand } from '../cli/base.js';
import { renderConsumerStatus } from '../render/views/consumer.js';

export default class ConsumerStatus extends AdminCommand<typeof ConsumerStatus> {
  static override summary = "Ask a group's clients, through their broker, for their running state.";
  static override description =
    'Sends GET_CONSUMER_RUNNING_INFO for every online client (or -i) through a broker of the group, which forwards it: queues held, messages cached, consume TPS; then whether every client subscribes the same and no queue is held twice. A client that cannot answer is shown as such, and the others are still printed. --json has each client\'s whole running info.';
  static override examples = ['<%= config.bin %> consumerStatus -g MyGroup', '<%= config.bin %> consumerStatus -g MyGroup -i 10.0.0.1@1234 --json'];

  static override flags = {
    consumerGroup: Flags.string({ char: 'g', description: 'Consumer group.', required: true }),
    clientId: Flags.string({ char: 'i', description: 'Only this client.' }),
  };

  async run(): Promise<ConsumerStatusResult> {
    const result = await this.spin('Asking the clients', consumerStatus(this.admin, this.flags.consumerGroup, this.flags.clientId));
    this.print(await renderConsumerStatus(result, this.style));
    return result;
  }
}
