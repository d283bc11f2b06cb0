import * as Flags from '@oclif/core/flags';
import { producerConnection, type ProducerConnectionResult } from '../admin/consumer.js';
import { AdminCommand } from '../cli/base.js';
import { renderProducerConnection } from '../render/views/consumer.js';

export default class ProducerConnection extends AdminCommand<typeof ProducerConnection> {
  static override summary = "List a producer group's connected clients.";
  static override description = 'Asks a broker of the topic for the producers of the group connected to it. None is said so (exit 0).';
  static override examples = ['<%= config.bin %> producerConnection -g MyProducerGroup -t MyTopic'];

  static override flags = {
    producerGroup: Flags.string({ char: 'g', description: 'Producer group.', required: true }),
    topic: Flags.string({ char: 't', description: 'A topic the group produces to.', required: true }),
  };

  async run(): Promise<ProducerConnectionResult> {
    const result = await this.spin('Asking the broker', producerConnection(this.admin, this.flags.producerGroup, this.flags.topic));
    this.print(await renderProducerConnection(result, this.style));
    return result;
  }
}
