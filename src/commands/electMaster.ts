import * as Flags from '@oclif/core/flags';
import { applyElectMaster, planElectMaster, type ElectMasterOutcome, type ElectMasterPlan } from '../admin/ha.js';
import { confirmDestructive, dryRunFlag, yesFlag } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { controllerFlag, rewriteBn } from '../cli/controllerFlags.js';
import { electMasterQuestion, renderElectMaster, renderElectMasterPlan } from '../render/views/ha.js';

export default class ElectMaster extends AdminCommand<typeof ElectMaster> {
  static override summary = 'Make a replica the master of its broker name: the controller elects the given broker id (5.x controller mode).';
  static override description = [
    'Finds the controller leader (CONTROLLER_GET_METADATA_INFO), reads the broker\'s sync-state set (to say who is master now), then sends CONTROLLER_ELECT_MASTER with designateElect=true for that broker id, as the Java tool, and prints the new master, its epochs and the broker\'s members. The Java -bn is accepted (as --brokerName).',
    'Asks on a terminal; elsewhere --yes is needed (exit 2 without it); --dry-run shows the current master and changes nothing. A refusal of the controller (the master is still alive, the broker is not alive, the election failed) is one line and exit 3; a broker the controller does not know is exit 4.',
  ].join('\n\n');
  static override examples = ['<%= config.bin %> electMaster -a 127.0.0.1:9878 -c DefaultCluster -bn broker-a -b 2 --yes', '<%= config.bin %> electMaster -c DefaultCluster -bn broker-a -b 2 --dry-run'];

  static override flags = {
    controllerAddress: controllerFlag,
    brokerId: Flags.integer({ char: 'b', description: 'The broker id to elect (controller-mode ids start at 1).', required: true, min: 0 }),
    brokerName: Flags.string({ aliases: ['bn'], description: 'Broker name (the Java -bn).', required: true }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name.', required: true }),
    yes: yesFlag,
    'dry-run': dryRunFlag,
  };

  override async init(): Promise<void> {
    this.argv = rewriteBn(this.argv);
    await super.init();
  }

  async run(): Promise<ElectMasterPlan | ElectMasterOutcome> {
    const f = this.flags;
    const plan = await this.spin('Asking the controller', planElectMaster(this.admin, { ...(f.controllerAddress !== undefined ? { controller: f.controllerAddress } : {}), clusterName: f.clusterName, brokerName: f.brokerName, brokerId: f.brokerId }));
    if (f['dry-run']) {
      this.print(await renderElectMasterPlan(plan, this.style));
      return plan;
    }
    await confirmDestructive(electMasterQuestion(plan), { yes: f.yes, json: this.jsonEnabled(), what: `electing a new master of ${plan.brokerName}` });
    const result = await this.spin('Electing', applyElectMaster(this.admin, plan));
    this.print(await renderElectMaster(result, this.style));
    return result;
  }
}
