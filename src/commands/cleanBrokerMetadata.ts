import * as Flags from '@oclif/core/flags';
import { applyCleanBrokerMetadata, planCleanBrokerMetadata, type CleanBrokerMetadataPlan } from '../admin/ha.js';
import { confirmDestructive, dryRunFlag, yesFlag } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { controllerFlag, rewriteBn } from '../cli/controllerFlags.js';
import { cleanBrokerMetadataQuestion, renderCleanBrokerMetadata } from '../render/views/ha.js';

export default class CleanBrokerMetadata extends AdminCommand<typeof CleanBrokerMetadata> {
  static override summary = 'Remove broker ids of a broker name from the controller\'s metadata (5.x controller mode).';
  static override description = [
    'Finds the controller leader, reads the broker\'s replicas (shown with --dry-run), then sends CLEAN_BROKER_DATA (the ids of -b, "1;2;3", or every id; -l also living brokers, as the Java tool). The Java -bn is accepted (as --brokerName). -c is required unless -l; ids must be numbers (exit 2 otherwise).',
    'Asks on a terminal; elsewhere --yes is needed (exit 2 without it). A refusal of the controller (e.g. a living broker without -l) is one line and exit 3.',
  ].join('\n\n');
  static override examples = ['<%= config.bin %> cleanBrokerMetadata -a 127.0.0.1:9878 -c DefaultCluster -bn broker-a -b 2 --yes', '<%= config.bin %> cleanBrokerMetadata -c DefaultCluster -bn broker-a --dry-run'];

  static override flags = {
    controllerAddress: controllerFlag,
    brokerControllerIdsToClean: Flags.string({ char: 'b', description: 'Broker ids to clean, "1;2;3" (default: every id).' }),
    brokerName: Flags.string({ aliases: ['bn'], description: 'Broker name (the Java -bn).', required: true }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name (required unless -l).' }),
    cleanLivingBroker: Flags.boolean({ char: 'l', description: 'Clean living brokers too.' }),
    yes: yesFlag,
    'dry-run': dryRunFlag,
  };

  override async init(): Promise<void> {
    this.argv = rewriteBn(this.argv);
    await super.init();
  }

  async run(): Promise<CleanBrokerMetadataPlan> {
    const f = this.flags;
    const plan = await this.spin('Asking the controller', planCleanBrokerMetadata(this.admin, {
      ...(f.controllerAddress !== undefined ? { controller: f.controllerAddress } : {}),
      ...(f.clusterName !== undefined ? { clusterName: f.clusterName } : {}),
      brokerName: f.brokerName,
      ...(f.brokerControllerIdsToClean !== undefined ? { brokerIds: f.brokerControllerIdsToClean } : {}),
      cleanLivingBroker: f.cleanLivingBroker === true,
    }));
    if (f['dry-run']) {
      this.print(await renderCleanBrokerMetadata(plan, this.style, true));
      return plan;
    }
    await confirmDestructive(cleanBrokerMetadataQuestion(plan), { yes: f.yes, json: this.jsonEnabled(), what: `cleaning the controller metadata of ${plan.brokerName}` });
    const result = await this.spin('Cleaning', applyCleanBrokerMetadata(this.admin, plan));
    this.print(await renderCleanBrokerMetadata(result, this.style));
    return result;
  }
}
