import * as Flags from '@oclif/core/flags';
import { topicList, type TopicListResult } from '../admin/topics.js';
import { AdminCommand } from '../cli/base.js';
import { renderTopicList } from '../render/views/topic.js';

export default class TopicList extends AdminCommand<typeof TopicList> {
  static override summary = 'List every topic the NameServer knows.';
  static override description =
    'Without -c, one topic name per line (sorted). With -c, also the clusters hosting each topic and the consumer groups consuming it, asked of every broker of the topic in parallel; retry and dead-letter topics are left out, as in the Java tool.';
  static override examples = ['<%= config.bin %> topicList', '<%= config.bin %> topicList -c', '<%= config.bin %> topicList --json'];

  static override flags = {
    clusterModel: Flags.boolean({ char: 'c', description: 'Add the cluster and consumer groups of each topic.' }),
  };

  async run(): Promise<TopicListResult> {
    const result = await this.spin('Listing topics', topicList(this.admin, { withDetails: this.flags.clusterModel }));
    this.print(await renderTopicList(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
