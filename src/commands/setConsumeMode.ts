import * as Flags from '@oclif/core/flags';
import { MESSAGE_REQUEST_MODES, setConsumeMode, type SetConsumeModeResult } from '../admin/consumeMode.js';
import { AdminCommand } from '../cli/base.js';
import { renderSetConsumeMode } from '../render/views/coldData.js';

export default class SetConsumeMode extends AdminCommand<typeof SetConsumeMode> {
  static override summary = "Set a group's consume mode on a topic (5.x): PULL or POP.";
  static override description =
    'Sends SET_MESSAGE_REQUEST_MODE to one broker (-b) or every master of a cluster (-c). POP moves queue assignment to the broker; -q sets how many other clients\' shares each POP client also takes (0: every client pops every queue). An unknown topic or group on every broker is exit 4; a 4.x broker cannot do it (exit 3).';
  static override examples = [
    '<%= config.bin %> setConsumeMode -c DefaultCluster -t TopicTest -g GroupA -m POP',
    '<%= config.bin %> setConsumeMode -b 127.0.0.1:10911 -t TopicTest -g GroupA -m PULL',
  ];

  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master of it.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    topicName: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    groupName: Flags.string({ char: 'g', description: 'Consumer group.', required: true }),
    mode: Flags.string({ char: 'm', description: 'Consume mode: PULL or POP.', required: true, options: [...MESSAGE_REQUEST_MODES] }),
    popShareQueueNum: Flags.integer({ char: 'q', description: 'POP: how many other clients\' shares each client also pops (0: all queues).', default: 0 }),
  };

  async run(): Promise<SetConsumeModeResult> {
    const f = this.flags;
    const result = await this.spin(
      'Setting the consume mode',
      setConsumeMode(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, topic: f.topicName, group: f.groupName, mode: f.mode, popShareQueueNum: f.popShareQueueNum }),
    );
    this.print(await renderSetConsumeMode(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
