import * as Flags from '@oclif/core/flags';
import { brokerProducers, type ProducersResult } from '../admin/stats.js';
import { AdminCommand } from '../cli/base.js';
import { renderProducers } from '../render/views/stats.js';

export default class Producer extends AdminCommand<typeof Producer> {
  static override summary = 'The producer groups connected to a broker and their clients.';
  static override description =
    "Asks the broker for its producer table (GET_ALL_PRODUCER_INFO), learned from the clients' heartbeats: per group each client's id, address, language, version and last heartbeat. Every client also registers under CLIENT_INNER_PRODUCER, as in Java. A broker address the cluster table does not know and that does not answer is exit 4; a known broker that does not answer is exit 5.";
  static override examples = ['<%= config.bin %> producer -b 127.0.0.1:10911', '<%= config.bin %> producer -b 127.0.0.1:10911 --json'];

  static override flags = {
    broker: Flags.string({ char: 'b', description: 'Broker address, host:port.', required: true }),
  };

  async run(): Promise<ProducersResult> {
    const result = await this.spin('Asking the broker', brokerProducers(this.admin, this.flags.broker));
    this.print(await renderProducers(result, this.style));
    return result;
  }
}
