import * as Flags from '@oclif/core/flags';
import { planRemoveBroker, removeBrokerFromContainer, type RemoveBrokerPlan } from '../admin/maintenance.js';
import { confirmDestructive, dryRunFlag, yesFlag } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { removeBrokerQuestion, renderRemoveBroker } from '../render/views/maintenance.js';

export default class RemoveBroker extends AdminCommand<typeof RemoveBroker> {
  static override summary = 'Stop and remove a broker from a broker container (5.x).';
  static override description =
    'Sends REMOVE_BROKER to a broker container (-c) for the broker -b clusterName:brokerName:brokerId. A malformed identity or a negative id is exit 2; a broker the container does not have is exit 4; a plain broker or a NameServer is not a container (exit 3). Asks on a terminal; elsewhere --yes is needed (exit 2 without it); --dry-run sends nothing.';
  static override examples = ['<%= config.bin %> removeBroker -c 127.0.0.1:10811 -b DefaultCluster:broker-b:0', '<%= config.bin %> removeBroker -c 127.0.0.1:10811 -b DefaultCluster:broker-b:1 --yes'];

  static override flags = {
    brokerContainerAddr: Flags.string({ char: 'c', description: 'Broker container address, host:port.', required: true }),
    brokerIdentity: Flags.string({ char: 'b', description: 'The broker: clusterName:brokerName:brokerId.', required: true }),
    yes: yesFlag,
    'dry-run': dryRunFlag,
  };

  async run(): Promise<RemoveBrokerPlan> {
    const f = this.flags;
    const plan = planRemoveBroker(f.brokerContainerAddr, f.brokerIdentity);
    if (f['dry-run']) {
      this.print(renderRemoveBroker(plan, true));
      return plan;
    }
    await confirmDestructive(removeBrokerQuestion(plan), { yes: f.yes, json: this.jsonEnabled(), what: `removing broker ${f.brokerIdentity}` });
    const result = await this.spin('Asking the container', removeBrokerFromContainer(this.admin, plan));
    this.print(renderRemoveBroker(result));
    return result;
  }
}
