import * as Flags from '@oclif/core/flags';
import { clusterOverview, type ClusterOverview } from '../admin/cluster.js';
import { AdminCommand } from '../cli/base.js';
import { renderClusterOverview } from '../render/views/cluster.js';

export default class ClusterList extends AdminCommand<typeof ClusterList> {
  static override summary = 'List the clusters and their brokers, with load figures.';
  static override description =
    'Asks the NameServer for the cluster table, then every broker (masters and slaves) for its runtime statistics, in parallel. A broker that does not answer is shown as unreachable, named on stderr, and the exit code is 3.';
  static override examples = [
    '<%= config.bin %> clusterList -n 127.0.0.1:9876',
    '<%= config.bin %> clusterList -m',
    '<%= config.bin %> clusterList --json',
  ];

  static override flags = {
    moreStats: Flags.boolean({ char: 'm', description: 'Show message totals for yesterday and today instead of TPS.' }),
  };

  async run(): Promise<ClusterOverview> {
    const result = await this.spin('Asking every broker for its statistics', clusterOverview(this.admin));
    this.print(await renderClusterOverview(result, this.style, this.flags.moreStats));
    this.reportFailures(result.failures);
    return result;
  }
}
