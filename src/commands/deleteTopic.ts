import * as Flags from '@oclif/core/flags';
import { applyDeleteTopic, planDeleteTopic, type DeleteTopicPlan, type DeleteTopicResult } from '../admin/topics.js';
import { AdminCommand } from '../cli/base.js';
import { confirmOrCancel } from '../cli/confirm.js';
import { deleteTopicQuestion, renderDeleteTopic } from '../render/views/topicAdmin.js';

export default class DeleteTopic extends AdminCommand<typeof DeleteTopic> {
  static override summary = 'Delete a topic from every broker of a cluster and from the NameServers.';
  static override description =
    "Deletes the topic (its config, messages and consumer offsets) on every broker of the cluster, masters and slaves, then its route on every NameServer, and its order configuration once no route is left. Asks for confirmation on a terminal (--yes skips it). An unknown cluster, or a topic that is not on the cluster, is an error (exit 4) and nothing is deleted.";
  static override examples = [
    '<%= config.bin %> deleteTopic -c DefaultCluster -t TopicTest',
    '<%= config.bin %> deleteTopic -c DefaultCluster -t TopicTest --yes --json',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name.', required: true }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
    'dry-run': Flags.boolean({ description: 'Show what would be deleted, delete nothing.' }),
  };

  async run(): Promise<DeleteTopicPlan | DeleteTopicResult> {
    const plan = await planDeleteTopic(this.admin, { topic: this.flags.topic, cluster: this.flags.clusterName });
    if (this.flags['dry-run']) {
      this.print(`${deleteTopicQuestion(plan).replace(/^Delete/, 'Would delete').replace(/\?$/, '.')}\n${this.style.dim('(dry run: nothing was changed)')}`);
      return plan;
    }
    await confirmOrCancel(deleteTopicQuestion(plan), { yes: this.flags.yes, json: this.jsonEnabled() });
    const result = await this.spin('Deleting the topic', applyDeleteTopic(this.admin, plan));
    this.print(renderDeleteTopic(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
