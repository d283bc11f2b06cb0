import * as Flags from '@oclif/core/flags';
import { applyDeleteSubGroup, planDeleteSubGroup, type DeleteSubGroupResult } from '../admin/groups.js';
import { AdminCommand } from '../cli/base.js';
import { confirmOrCancel } from '../cli/confirm.js';
import { javaBooleanFlag } from '../cli/javaFlags.js';
import { deleteSubGroupQuestion, renderDeleteSubGroup } from '../render/views/topicAdmin.js';

export default class DeleteSubGroup extends AdminCommand<typeof DeleteSubGroup> {
  static override summary = 'Delete a subscription group from every master of a cluster or from one broker.';
  static override description =
    "Deletes the group (DELETE_SUBSCRIPTIONGROUP) on every master of the cluster (-c) or one broker (-b); -r true also removes its consumer offsets. With -c the group's %RETRY% and %DLQ% topics are deleted too, from the brokers and the NameServers, as the Java tool does. Asks for confirmation on a terminal (--yes skips it).";
  static override examples = [
    '<%= config.bin %> deleteSubGroup -c DefaultCluster -g GroupA',
    '<%= config.bin %> deleteSubGroup -b 127.0.0.1:10911 -g GroupA -r true --yes',
  ];

  static override flags = {
    groupName: Flags.string({ char: 'g', description: 'Subscription group name.', required: true }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master of it.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    removeOffset: javaBooleanFlag({ char: 'r', name: 'removeOffset', description: 'Also remove the consumer offsets' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<DeleteSubGroupResult> {
    const f = this.flags;
    const plan = await planDeleteSubGroup(this.admin, { group: f.groupName, cluster: f.clusterName, brokerAddr: f.brokerAddr, removeOffset: f.removeOffset });
    await confirmOrCancel(deleteSubGroupQuestion(plan), { yes: f.yes, json: this.jsonEnabled() });
    const result = await this.spin('Deleting the group', applyDeleteSubGroup(this.admin, plan));
    this.print(renderDeleteSubGroup(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
