import * as Flags from '@oclif/core/flags';
import type { TopicRouteData } from '../protocol/bodies/route.js';
import { AdminCommand } from '../cli/base.js';
import { renderTopicRoute } from '../render/views/topic.js';

export default class TopicRoute extends AdminCommand<typeof TopicRoute> {
  static override summary = "Show a topic's route: its brokers and queues.";
  static override description = 'Asks the NameServer for the route of the topic. A topic without a route is reported as not found (exit 4).';
  static override examples = ['<%= config.bin %> topicRoute -t TopicTest', '<%= config.bin %> topicRoute -t TopicTest --json'];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
  };

  async run(): Promise<TopicRouteData> {
    const route = await this.admin.examineTopicRoute(this.flags.topic);
    this.print(await renderTopicRoute(this.flags.topic, route, this.style));
    return route;
  }
}
