import * as Flags from '@oclif/core/flags';
import { topicClusterList, type TopicClusterListResult } from '../admin/topics.js';
import { AdminCommand } from '../cli/base.js';

export default class TopicClusterList extends AdminCommand<typeof TopicClusterList> {
  static override summary = "List the clusters a topic's brokers belong to.";
  static override description = "Reads the topic's route and the cluster table, and prints each cluster that has a broker hosting the topic, one per line. A topic without a route is not found (exit 4).";
  static override examples = ['<%= config.bin %> topicClusterList -t TopicTest'];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
  };

  async run(): Promise<TopicClusterListResult> {
    const result = await topicClusterList(this.admin, this.flags.topic);
    this.print(result.clusters.join('\n'));
    return result;
  }
}
