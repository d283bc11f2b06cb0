import * as Flags from '@oclif/core/flags';
import { autoCreateTopic, type AutoCreateResult } from '../admin/brokerConfig.js';
import { AdminCommand } from '../cli/base.js';
import { renderAutoCreate } from '../render/views/topicAdmin.js';

export default class AutoCreateTopic extends AdminCommand<typeof AutoCreateTopic> {
  static override summary = 'Show or change automatic topic creation (autoCreateTopicEnable and TBW102) per broker.';
  static override description =
    "Without --enable or --disable, shows per master whether auto-creation works: the autoCreateTopicEnable setting, the TBW102 template topic on the broker and its route on the NameServer. --enable turns the setting on and, where TBW102 is missing or lost its permissions (a broker started with the setting off, or a send while it was off), recreates it with perm 7 and the broker's default queue number; then it checks the TBW102 route. --disable turns it off. Default target: every master of every cluster.";
  static override examples = [
    '<%= config.bin %> autoCreateTopic',
    '<%= config.bin %> autoCreateTopic --enable -c DefaultCluster',
    '<%= config.bin %> autoCreateTopic --disable -b 127.0.0.1:10911',
  ];

  static override flags = {
    enable: Flags.boolean({ description: 'Turn auto-creation on (and repair TBW102).', exclusive: ['disable'] }),
    disable: Flags.boolean({ description: 'Turn auto-creation off.', exclusive: ['enable'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exclusive: ['clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master of it.', exclusive: ['brokerAddr'] }),
  };

  async run(): Promise<AutoCreateResult> {
    const f = this.flags;
    const enable = f.enable ? true : f.disable ? false : undefined;
    const result = await this.spin('Asking the brokers', autoCreateTopic(this.admin, { brokerAddr: f.brokerAddr, cluster: f.clusterName, enable }));
    this.print(await renderAutoCreate(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
