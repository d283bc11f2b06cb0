import * as Flags from '@oclif/core/flags';
import { changeWritePerm, checkBrokerName, type WritePermResult } from '../admin/namesrvConfig.js';
import { AdminCommand } from '../cli/base.js';
import { confirmOrCancel } from '../cli/confirm.js';
import { renderWritePerm, wipeWritePermQuestion } from '../render/views/topicAdmin.js';

export default class WipeWritePerm extends AdminCommand<typeof WipeWritePerm> {
  static override summary = "Remove a broker's write permission on every NameServer.";
  static override description =
    "WIPE_WRITE_PERM_OF_BROKER on every NameServer of -n: the broker's queues of every topic lose the write bit in the routes, so producers stop sending to it (used before taking a broker down). Prints how many topics each NameServer changed. The broker name must be in the cluster table (exit 4 otherwise). Asks on a terminal (--yes skips it). addWritePerm undoes it.";
  static override examples = ['<%= config.bin %> wipeWritePerm -b broker-a', '<%= config.bin %> wipeWritePerm -b broker-a --yes --json'];

  static override flags = {
    brokerName: Flags.string({ char: 'b', description: 'Broker name (not its address).', required: true }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<WritePermResult> {
    const brokerName = this.flags.brokerName;
    await checkBrokerName(this.admin, brokerName);
    await confirmOrCancel(wipeWritePermQuestion(brokerName, this.admin.namesrvAddrs), { yes: this.flags.yes, json: this.jsonEnabled() });
    const result = await this.spin('Updating the NameServers', changeWritePerm(this.admin, brokerName, 'wipe'));
    this.print(await renderWritePerm(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
