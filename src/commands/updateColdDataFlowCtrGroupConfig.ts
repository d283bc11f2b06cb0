import * as Flags from '@oclif/core/flags';
import { updateColdDataFlowCtrGroupConfig, type ColdGroupChangeResult } from '../admin/coldData.js';
import { authTargetFlags } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { renderColdGroupChange } from '../render/views/coldData.js';

export default class UpdateColdDataFlowCtrGroupConfig extends AdminCommand<typeof UpdateColdDataFlowCtrGroupConfig> {
  static override summary = "Set a consumer group's cold read threshold (5.x), in bytes.";
  static override description =
    'Sends UPDATE_COLD_DATA_FLOW_CTR_CONFIG (`<group>=<threshold>`) to one broker (-b) or every master of a cluster (-c). The broker throttles the group once its cold reads pass the threshold, when cold data flow control is on (coldDataFlowControlEnable). A 4.x broker cannot do it (exit 3).';
  static override examples = ['<%= config.bin %> updateColdDataFlowCtrGroupConfig -c DefaultCluster -g GroupA -v 1048576'];

  static override flags = {
    ...authTargetFlags(false),
    consumerGroup: Flags.string({ char: 'g', description: 'Consumer group.', required: true }),
    threshold: Flags.integer({ char: 'v', description: 'Threshold in bytes.', required: true }),
  };

  async run(): Promise<ColdGroupChangeResult> {
    const f = this.flags;
    const result = await this.spin(
      'Setting the threshold',
      updateColdDataFlowCtrGroupConfig(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, group: f.consumerGroup, threshold: f.threshold }),
    );
    this.print(await renderColdGroupChange(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
