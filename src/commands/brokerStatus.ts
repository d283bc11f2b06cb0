import * as Flags from '@oclif/core/flags';
import { brokerStatus, type BrokerStatusResult } from '../admin/cluster.js';
import { AdminCommand } from '../cli/base.js';
import { renderBrokerStatus } from '../render/views/cluster.js';

export default class BrokerStatus extends AdminCommand<typeof BrokerStatus> {
  static override summary = "Show a broker's runtime statistics.";
  static override description =
    'Prints the runtime statistics (GET_BROKER_RUNTIME_INFO) of one broker, or of every broker of a cluster, sorted by key.';
  static override examples = [
    '<%= config.bin %> brokerStatus -b 127.0.0.1:10911',
    '<%= config.bin %> brokerStatus -c DefaultCluster --json',
  ];

  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every broker of it.', exactlyOne: ['brokerAddr', 'clusterName'] }),
  };

  async run(): Promise<BrokerStatusResult> {
    const result = await this.spin('Asking the brokers', brokerStatus(this.admin, { brokerAddr: this.flags.brokerAddr, cluster: this.flags.clusterName }));
    this.print(renderBrokerStatus(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
