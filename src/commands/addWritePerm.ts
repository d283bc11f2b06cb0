import * as Flags from '@oclif/core/flags';
import { changeWritePerm, checkBrokerName, type WritePermResult } from '../admin/namesrvConfig.js';
import { AdminCommand } from '../cli/base.js';
import { renderWritePerm } from '../render/views/topicAdmin.js';

export default class AddWritePerm extends AdminCommand<typeof AddWritePerm> {
  static override summary = "Restore a broker's write permission on every NameServer.";
  static override description =
    "ADD_WRITE_PERM_OF_BROKER on every NameServer of -n: the broker's queues of every topic get perm 6 (read and write) in the routes again. Prints how many topics each NameServer changed. The broker name must be in the cluster table (exit 4 otherwise).";
  static override examples = ['<%= config.bin %> addWritePerm -b broker-a'];

  static override flags = {
    brokerName: Flags.string({ char: 'b', description: 'Broker name (not its address).', required: true }),
  };

  async run(): Promise<WritePermResult> {
    await checkBrokerName(this.admin, this.flags.brokerName);
    const result = await this.spin('Updating the NameServers', changeWritePerm(this.admin, this.flags.brokerName, 'add'));
    this.print(await renderWritePerm(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
