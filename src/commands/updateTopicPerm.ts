import * as Flags from '@oclif/core/flags';
import { applyUpdateTopicPerm, planUpdateTopicPerm, type UpdateTopicPermPlan, type UpdateTopicPermResult } from '../admin/topics.js';
import { AdminCommand } from '../cli/base.js';
import { canAsk, confirmOrCancel } from '../cli/confirm.js';
import { CliError, ExitCode } from '../cli/exitCodes.js';
import { renderUpdateTopicPerm, topicPermQuestion } from '../render/views/topicAdmin.js';

export default class UpdateTopicPerm extends AdminCommand<typeof UpdateTopicPerm> {
  static override summary = "Change a topic's permission on one broker or every master of a cluster.";
  static override description =
    "Like the Java tool: reads the topic's route, takes each broker's queue numbers and sysFlag from it, and sends UPDATE_AND_CREATE_TOPIC with the new perm (the broker's order flag is kept, where the Java tool resets it). Prints per broker before -> after. Removing the read or write permission asks on a terminal and needs --yes elsewhere. Perm: 2 (write only), 4 (read only), 6 (read and write); 7 only for TBW102.";
  static override examples = [
    '<%= config.bin %> updateTopicPerm -c DefaultCluster -t TopicTest -p 6',
    '<%= config.bin %> updateTopicPerm -b 127.0.0.1:10911 -t TopicTest -p 4 --yes',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    perm: Flags.integer({ char: 'p', description: 'New permission: 2 write, 4 read, 6 read and write.', required: true }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master of it that hosts the topic.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask before removing a permission.' }),
    'dry-run': Flags.boolean({ description: 'Show what would change, change nothing.' }),
  };

  async run(): Promise<UpdateTopicPermPlan | UpdateTopicPermResult> {
    const f = this.flags;
    const plan = await this.spin(
      'Reading the topic route',
      planUpdateTopicPerm(this.admin, { topic: f.topic, perm: f.perm, cluster: f.clusterName, brokerAddr: f.brokerAddr }),
    );
    if (f['dry-run']) {
      this.print(await renderUpdateTopicPerm(plan, this.style, true));
      this.reportFailures(plan.failures);
      return plan;
    }
    if (plan.lossy && !f.yes) {
      if (!canAsk({ json: this.jsonEnabled() })) {
        throw new CliError(`${topicPermQuestion(plan).replace(/: producers.*$/, '')}: pass --yes to do it`, ExitCode.USAGE, 'there is no terminal to ask on; --dry-run shows the plan');
      }
      await confirmOrCancel(topicPermQuestion(plan), { yes: false, json: this.jsonEnabled() });
    }
    const result = await this.spin('Updating the topic', applyUpdateTopicPerm(this.admin, plan));
    this.print(await renderUpdateTopicPerm(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
