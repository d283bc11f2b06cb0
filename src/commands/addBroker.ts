import * as Flags from '@oclif/core/flags';
import { addBrokerToContainer, type AddBrokerResult } from '../admin/maintenance.js';
import { AdminCommand } from '../cli/base.js';
import { renderAddBroker } from '../render/views/maintenance.js';

export default class AddBroker extends AdminCommand<typeof AddBroker> {
  static override summary = 'Start a broker in a broker container (5.x).';
  static override description =
    "Sends ADD_BROKER to a broker container (-c, mqbrokercontainer): it starts a broker from the properties file -b on the container's host. A plain broker or a NameServer is not a container (exit 3); the container's refusal (no such file, a bad config, a failed start) is exit 3 with its reason. Starting a broker can take longer than the default 5 s: the Java tool waits 20 s (--timeout 20000).";
  static override examples = ['<%= config.bin %> addBroker -c 127.0.0.1:10811 -b /opt/rocketmq/conf/broker-b.conf'];

  static override flags = {
    brokerContainerAddr: Flags.string({ char: 'c', description: 'Broker container address, host:port.', required: true }),
    brokerConfigPath: Flags.string({ char: 'b', description: "The broker's properties file, on the container's host.", required: true }),
  };

  async run(): Promise<AddBrokerResult> {
    const result = await this.spin('Asking the container', addBrokerToContainer(this.admin, this.flags.brokerContainerAddr, this.flags.brokerConfigPath));
    this.print(renderAddBroker(result));
    return result;
  }
}
