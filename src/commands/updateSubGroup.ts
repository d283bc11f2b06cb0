import * as Flags from '@oclif/core/flags';
import { updateSubGroup, type UpdateSubGroupResult } from '../admin/groups.js';
import { AdminCommand } from '../cli/base.js';
import { javaBooleanFlag } from '../cli/javaFlags.js';
import { renderUpdateSubGroup } from '../render/views/topicAdmin.js';

export default class UpdateSubGroup extends AdminCommand<typeof UpdateSubGroup> {
  static override summary = 'Create a subscription group, or change only the settings given on an existing one.';
  static override description =
    "Reads the group's current config on every master of the cluster (-c) or on one broker (-b) and changes only the settings given, keeping the others (5.x fields included); a new group gets the Java defaults. Prints per broker what changed.";
  static override examples = [
    '<%= config.bin %> updateSubGroup -c DefaultCluster -g GroupA',
    '<%= config.bin %> updateSubGroup -c DefaultCluster -g GroupA -r 3 -d true',
    '<%= config.bin %> updateSubGroup -b 127.0.0.1:10911 -g GroupA -s false',
  ];

  static override flags = {
    groupName: Flags.string({ char: 'g', description: 'Subscription group name.', required: true }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master of it.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    consumeEnable: javaBooleanFlag({ char: 's', name: 'consumeEnable', description: 'Consumption allowed' }),
    consumeFromMinEnable: javaBooleanFlag({ char: 'm', name: 'consumeFromMinEnable', description: 'Start from the minimum offset' }),
    consumeBroadcastEnable: javaBooleanFlag({ char: 'd', name: 'consumeBroadcastEnable', description: 'Broadcast consumption' }),
    consumeMessageOrderly: javaBooleanFlag({ char: 'o', name: 'consumeMessageOrderly', description: 'Orderly consumption, 5.x' }),
    retryQueueNums: Flags.integer({ char: 'q', description: 'Retry queue number.' }),
    retryMaxTimes: Flags.integer({ char: 'r', description: 'Maximum retries.' }),
    brokerId: Flags.integer({ char: 'i', description: 'Broker id to consume from.' }),
    whichBrokerWhenConsumeSlowly: Flags.integer({ char: 'w', description: 'Broker id to consume from when consumption is slow.' }),
    notifyConsumerIdsChanged: javaBooleanFlag({ char: 'a', name: 'notifyConsumerIdsChanged', description: 'Notify consumers when the group changes' }),
  };

  async run(): Promise<UpdateSubGroupResult> {
    const f = this.flags;
    const result = await this.spin(
      'Updating the group',
      updateSubGroup(this.admin, {
        group: f.groupName,
        cluster: f.clusterName,
        brokerAddr: f.brokerAddr,
        consumeEnable: f.consumeEnable,
        consumeFromMinEnable: f.consumeFromMinEnable,
        consumeBroadcastEnable: f.consumeBroadcastEnable,
        consumeMessageOrderly: f.consumeMessageOrderly,
        retryQueueNums: f.retryQueueNums,
        retryMaxTimes: f.retryMaxTimes,
        brokerId: f.brokerId,
        whichBrokerWhenConsumeSlowly: f.whichBrokerWhenConsumeSlowly,
        notifyConsumerIdsChangedEnable: f.notifyConsumerIdsChanged,
      }),
    );
    this.print(await renderUpdateSubGroup(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
