import * as Flags from '@oclif/core/flags';
import { applyUpdateStaticTopic, planUpdateStaticTopic, type UpdateStaticTopicPlan, type UpdateStaticTopicResult } from '../admin/staticTopic.js';
import { AdminCommand } from '../cli/base.js';
import { renderUpdateStaticTopic, renderUpdateStaticTopicPlan } from '../render/views/staticTopic.js';

const list = (s: string | undefined): string[] | undefined => s?.split(',').map((x) => x.trim()).filter(Boolean);

export default class UpdateStaticTopic extends AdminCommand<typeof UpdateStaticTopic> {
  static override summary = 'Create a static topic (5.x) or grow its logic queues, showing the mapping plan first.';
  static override description =
    "Reads the topic's config and queue mapping on every master (GET_TOPIC_CONFIG, lo=true), plans the new logic queues (each to the least loaded target broker, new physical queues at the end), and sends UPDATE_AND_CREATE_STATIC_TOPIC to each broker concerned. The old and new mappings are written to <topic>-<epoch>.before/.after in the temp directory, as the Java tool does. The total can only grow (exit 2); the same total does nothing. --dry-run shows the plan. A 4.x broker cannot do it (exit 3). The Java -qn is --qn (or --totalQueueNum); its -mf and -fr are ignored by the Java tool and not offered.";
  static override examples = [
    '<%= config.bin %> updateStaticTopic -t StaticTopic --qn 8 -b broker-a,broker-b',
    '<%= config.bin %> updateStaticTopic -t StaticTopic --qn 16 -c DefaultCluster --dry-run',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    totalQueueNum: Flags.integer({ aliases: ['qn'], description: 'The new total number of logic queues (the Java -qn).', required: true }),
    brokers: Flags.string({ char: 'b', description: 'Target broker names, comma separated.', exactlyOne: ['brokers', 'clusters'] }),
    clusters: Flags.string({ char: 'c', description: 'Target clusters, comma separated: all their brokers.', exactlyOne: ['brokers', 'clusters'] }),
    'dry-run': Flags.boolean({ description: 'Show the plan, change nothing.' }),
  };

  async run(): Promise<UpdateStaticTopicPlan | UpdateStaticTopicResult> {
    const f = this.flags;
    const plan = await this.spin(
      'Reading the current mapping',
      planUpdateStaticTopic(this.admin, { topic: f.topic, totalQueues: f.totalQueueNum, brokerNames: list(f.brokers), clusters: list(f.clusters) }),
    );
    if (f['dry-run']) {
      this.print(await renderUpdateStaticTopicPlan(plan, this.style));
      return plan;
    }
    const result = await this.spin('Writing the mapping', applyUpdateStaticTopic(this.admin, plan));
    this.print(await renderUpdateStaticTopic(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
