import * as Flags from '@oclif/core/flags';
import { updateBrokerConfigChecked, type UpdateBrokerConfigResult } from '../admin/brokerConfig.js';
import { AdminCommand } from '../cli/base.js';
import { renderUpdateBrokerConfig } from '../render/views/topicAdmin.js';

export default class UpdateBrokerConfig extends AdminCommand<typeof UpdateBrokerConfig> {
  static override summary = "Change a broker setting, checked and read back.";
  static override description =
    "Checks the key against the broker's current configuration (an unknown key is refused with the closest names; --force sends it anyway) and the value against the current value's type (true/false for a boolean, an integer for a number), writes it (UPDATE_BROKER_CONFIG), reads it back, and prints per broker before -> after. A broker that did not take the value makes the exit code 3. With -c: every master of the cluster, slaves too with -a.";
  static override examples = [
    '<%= config.bin %> updateBrokerConfig -b 127.0.0.1:10911 -k autoCreateTopicEnable -v false',
    '<%= config.bin %> updateBrokerConfig -c DefaultCluster -k maxMessageSize -v 8388608',
  ];

  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master of it.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    key: Flags.string({ char: 'k', description: 'Setting name.', required: true }),
    value: Flags.string({ char: 'v', description: 'New value.', required: true }),
    updateAllBroker: Flags.boolean({ char: 'a', description: 'With -c: slaves too.' }),
    force: Flags.boolean({ description: 'Send a key the broker does not list.' }),
  };

  async run(): Promise<UpdateBrokerConfigResult> {
    const f = this.flags;
    const result = await this.spin(
      'Updating the brokers',
      updateBrokerConfigChecked(this.admin, { brokerAddr: f.brokerAddr, cluster: f.clusterName, key: f.key, value: f.value, includeSlaves: f.updateAllBroker, force: f.force }),
    );
    this.print(await renderUpdateBrokerConfig(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
