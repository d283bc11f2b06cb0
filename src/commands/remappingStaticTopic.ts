import * as Flags from '@oclif/core/flags';
import { applyRemappingStaticTopic, planRemappingStaticTopic, type RemapStaticTopicPlan, type RemapStaticTopicResult } from '../admin/remapStaticTopic.js';
import { confirmDestructive, dryRunFlag, yesFlag } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { renderRemapStaticTopic } from '../render/views/staticTopic.js';

const list = (s: string | undefined): string[] | undefined => s?.split(',').map((x) => x.trim()).filter(Boolean);

export default class RemappingStaticTopic extends AdminCommand<typeof RemappingStaticTopic> {
  static override summary = "Spread a static topic's logic queues over the target brokers (5.x), showing the moves first.";
  static override description =
    "Reads the topic's mapping on every master, balances the logic queues over the target brokers (moving as few as possible; a broker either takes queues or gives them away) and shows the moves. Then, as the Java tool: UPDATE_AND_CREATE_STATIC_TOPIC to the brokers taking queues, to the brokers giving them away, the old leaders' physical offsets (GET_TOPIC_STATS_INFO, lo=false) to fix the new items' logic offsets, the taking brokers again, and the others (new epoch). A failed step stops the rest; the .before file in the temp directory allows a manual rollback. Moving queues asks on a terminal and needs --yes elsewhere; --dry-run shows the plan. A topic on no broker is exit 4; a 4.x broker cannot do it (exit 3).";
  static override examples = [
    '<%= config.bin %> remappingStaticTopic -t StaticTopic -b broker-a,broker-b --dry-run',
    '<%= config.bin %> remappingStaticTopic -t StaticTopic -c DefaultCluster --yes',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    brokers: Flags.string({ char: 'b', description: 'Target broker names, comma separated.', exactlyOne: ['brokers', 'clusters'] }),
    clusters: Flags.string({ char: 'c', description: 'Target clusters, comma separated: all their brokers.', exactlyOne: ['brokers', 'clusters'] }),
    yes: yesFlag,
    'dry-run': dryRunFlag,
  };

  async run(): Promise<RemapStaticTopicPlan | RemapStaticTopicResult> {
    const f = this.flags;
    const plan = await this.spin('Reading the current mapping', planRemappingStaticTopic(this.admin, { topic: f.topic, brokerNames: list(f.brokers), clusters: list(f.clusters) }));
    if (f['dry-run']) {
      this.print(await renderRemapStaticTopic(plan, this.style, true));
      return plan;
    }
    if (plan.moves.length > 0) {
      const question = `Move ${plan.moves.length} logic queue(s) of ${plan.topic} (${plan.moves.map((m) => `${m.logicQueue}: ${m.from} -> ${m.to}`).join(', ')}). Go ahead?`;
      await confirmDestructive(question, { yes: f.yes, json: this.jsonEnabled(), what: `moving ${plan.moves.length} logic queue(s) of ${plan.topic}` });
    }
    const result = await this.spin('Remapping', applyRemappingStaticTopic(this.admin, plan));
    this.print(await renderRemapStaticTopic(result, this.style, false));
    this.reportFailures(result.failures);
    return result;
  }
}
