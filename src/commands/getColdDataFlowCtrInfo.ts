import { coldDataFlowCtrInfo, type ColdDataFlowCtrInfoResult } from '../admin/coldData.js';
import { authTargetFlags } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { renderColdDataFlowCtrInfo } from '../render/views/coldData.js';

export default class GetColdDataFlowCtrInfo extends AdminCommand<typeof GetColdDataFlowCtrInfo> {
  static override summary = 'Show the cold data flow control of a broker (5.x): thresholds and cold reads per group.';
  static override description =
    'Sends GET_COLD_DATA_FLOW_CTR_INFO to one broker (-b) or every broker of a cluster (-c, masters and slaves) and prints the default and global thresholds, the global cold-read total, and per group its threshold and cold reads. A 4.x broker cannot do it (exit 3).';
  static override examples = ['<%= config.bin %> getColdDataFlowCtrInfo -b 127.0.0.1:10911', '<%= config.bin %> getColdDataFlowCtrInfo -c DefaultCluster --json'];

  static override flags = { ...authTargetFlags(true) };

  async run(): Promise<ColdDataFlowCtrInfoResult> {
    const f = this.flags;
    const result = await this.spin('Reading the cold data flow control', coldDataFlowCtrInfo(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr }));
    this.print(await renderColdDataFlowCtrInfo(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
