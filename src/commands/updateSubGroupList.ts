import * as Flags from '@oclif/core/flags';
import { applyUpdateSubGroupList, parseSubGroupList, planUpdateSubGroupList, readJsonArrayFile, type UpdateSubGroupListPlan, type UpdateSubGroupListResult } from '../admin/batchConfig.js';
import { AdminCommand } from '../cli/base.js';
import { canAsk, confirmOrCancel } from '../cli/confirm.js';
import { CliError, ExitCode } from '../cli/exitCodes.js';
import { renderUpdateSubGroupList, renderUpdateSubGroupListPlan, subGroupListLossyQuestion } from '../render/views/batchConfig.js';

export default class UpdateSubGroupList extends AdminCommand<typeof UpdateSubGroupList> {
  static override summary = 'Create or patch many subscription groups from a JSON file of SubscriptionGroupConfig.';
  static override description =
    "The file is the Java tool's: a JSON array of SubscriptionGroupConfig objects. Each broker's groups are read once; an existing group keeps every field the file does not give, a new one gets the Java defaults. Changed groups go to each broker in one UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST (5.x); a 4.9.x broker gets one UPDATE_AND_CREATE_SUBSCRIPTIONGROUP per group. Switching consumption off (consumeEnable false) asks on a terminal and needs --yes elsewhere.";
  static override examples = [
    '<%= config.bin %> updateSubGroupList -c DefaultCluster -f groups.json',
    '<%= config.bin %> updateSubGroupList -b 127.0.0.1:10911 -f groups.json --dry-run',
  ];

  static override flags = {
    filename: Flags.string({ char: 'f', description: 'JSON file: an array of SubscriptionGroupConfig.', required: true }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master of it.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask before switching consumption off.' }),
    'dry-run': Flags.boolean({ description: 'Show what would change, change nothing.' }),
  };

  async run(): Promise<UpdateSubGroupListPlan | UpdateSubGroupListResult> {
    const f = this.flags;
    const entries = parseSubGroupList(readJsonArrayFile(f.filename, 'subscription group configs'));
    const plan = await this.spin(
      'Reading the current group configs',
      planUpdateSubGroupList(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, file: f.filename, entries }),
    );
    if (f['dry-run']) {
      this.print(await renderUpdateSubGroupListPlan(plan, this.style));
      this.reportFailures(plan.failures);
      return plan;
    }
    if (plan.lossy && !f.yes) {
      if (!canAsk({ json: this.jsonEnabled() })) {
        throw new CliError(`${subGroupListLossyQuestion(plan).replace(/\. Go ahead\?$/, '')}: pass --yes to do it`, ExitCode.USAGE, 'there is no terminal to ask on; --dry-run shows the whole plan');
      }
      await confirmOrCancel(subGroupListLossyQuestion(plan), { yes: false, json: this.jsonEnabled() });
    }
    const result = await this.spin('Updating the groups', applyUpdateSubGroupList(this.admin, plan));
    this.print(await renderUpdateSubGroupList(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
