import * as Flags from '@oclif/core/flags';
import { topicStatus, type TopicStatusResult } from '../admin/topics.js';
import { AdminCommand } from '../cli/base.js';
import { renderTopicStatus } from '../render/views/topicAdmin.js';

export default class TopicStatus extends AdminCommand<typeof TopicStatus> {
  static override summary = "Show a topic's queues: min and max offsets and last update time, with totals.";
  static override description =
    "Reads the topic's route, then asks each of its brokers for the offsets of every queue (GET_TOPIC_STATS_INFO). A topic without a route is not found (exit 4); a broker that does not answer is named on stderr (exit 3) while the others' queues are printed.";
  static override examples = ['<%= config.bin %> topicStatus -t TopicTest', '<%= config.bin %> topicStatus -t TopicTest --json'];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
  };

  async run(): Promise<TopicStatusResult> {
    const result = await this.spin('Asking the brokers', topicStatus(this.admin, this.flags.topic));
    this.print(await renderTopicStatus(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
