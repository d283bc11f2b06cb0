import * as Flags from '@oclif/core/flags';
import { getBrokerConfigs, type BrokerConfigResult } from '../admin/brokerConfig.js';
import { AdminCommand } from '../cli/base.js';
import { renderBrokerConfigs } from '../render/views/topicAdmin.js';

export default class GetBrokerConfig extends AdminCommand<typeof GetBrokerConfig> {
  static override summary = "Show a broker's configuration, sorted by key.";
  static override description =
    'Prints every setting (GET_BROKER_CONFIG) of one broker, or of every broker (masters and slaves) of a cluster. -k keeps the keys that contain the text given (any case).';
  static override examples = [
    '<%= config.bin %> getBrokerConfig -b 127.0.0.1:10911',
    '<%= config.bin %> getBrokerConfig -c DefaultCluster -k autoCreate',
    '<%= config.bin %> getBrokerConfig -b 127.0.0.1:10911 --json',
  ];

  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every broker of it.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    key: Flags.string({ char: 'k', description: 'Only keys containing this text.' }),
  };

  async run(): Promise<BrokerConfigResult> {
    const result = await this.spin('Asking the brokers', getBrokerConfigs(this.admin, { brokerAddr: this.flags.brokerAddr, cluster: this.flags.clusterName, key: this.flags.key }));
    this.print(renderBrokerConfigs(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
