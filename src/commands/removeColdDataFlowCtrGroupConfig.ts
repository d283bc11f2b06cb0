import * as Flags from '@oclif/core/flags';
import { applyRemoveColdDataFlowCtrGroupConfig, planRemoveColdDataFlowCtrGroupConfig, type ColdGroupChangeResult, type RemoveColdGroupPlan } from '../admin/coldData.js';
import { authTargetFlags, confirmDestructive, dryRunFlag, yesFlag } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { removeColdGroupQuestion, renderColdGroupChange, renderRemoveColdGroupPlan } from '../render/views/coldData.js';

export default class RemoveColdDataFlowCtrGroupConfig extends AdminCommand<typeof RemoveColdDataFlowCtrGroupConfig> {
  static override summary = "Remove a consumer group's cold read threshold (5.x); the broker default applies again.";
  static override description =
    'Reads the current thresholds (shown with --dry-run), then sends REMOVE_COLD_DATA_FLOW_CTR_CONFIG to one broker (-b) or every master of a cluster (-c). Asks on a terminal; elsewhere --yes is needed (exit 2 without it). A 4.x broker cannot do it (exit 3).';
  static override examples = [
    '<%= config.bin %> removeColdDataFlowCtrGroupConfig -c DefaultCluster -g GroupA --yes',
    '<%= config.bin %> removeColdDataFlowCtrGroupConfig -b 127.0.0.1:10911 -g GroupA --dry-run',
  ];

  static override flags = {
    ...authTargetFlags(false),
    consumerGroup: Flags.string({ char: 'g', description: 'Consumer group.', required: true }),
    yes: yesFlag,
    'dry-run': dryRunFlag,
  };

  async run(): Promise<RemoveColdGroupPlan | ColdGroupChangeResult> {
    const f = this.flags;
    const plan = await this.spin('Reading the thresholds', planRemoveColdDataFlowCtrGroupConfig(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, group: f.consumerGroup }));
    if (f['dry-run']) {
      this.print(await renderRemoveColdGroupPlan(plan, this.style));
      return plan;
    }
    await confirmDestructive(removeColdGroupQuestion(plan), { yes: f.yes, json: this.jsonEnabled(), what: `removing the cold read threshold of ${plan.group}` });
    const result = await this.spin('Removing the threshold', applyRemoveColdDataFlowCtrGroupConfig(this.admin, plan));
    this.print(await renderColdGroupChange(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
