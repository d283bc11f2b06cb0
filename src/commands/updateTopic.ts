import * as Flags from '@oclif/core/flags';
import { applyUpdateTopic, planUpdateTopic, type UpdateTopicPlan, type UpdateTopicResult } from '../admin/topics.js';
import { AdminCommand } from '../cli/base.js';
import { canAsk, confirmOrCancel } from '../cli/confirm.js';
import { CliError, ExitCode } from '../cli/exitCodes.js';
import { javaBooleanFlag } from '../cli/javaFlags.js';
import { lossyQuestion, renderUpdateTopic, renderUpdateTopicPlan } from '../render/views/topicAdmin.js';

export default class UpdateTopic extends AdminCommand<typeof UpdateTopic> {
  static override summary = 'Create a topic, or change only the settings given on an existing one.';
  static override description =
    "Reads the topic's current config on every master of the cluster (-c) or on one broker (-b) and changes only the flags given; a new topic gets the Java defaults (8 read and 8 write queues, perm 6). Prints per broker what changed. Changes that remove queues or permissions ask for confirmation on a terminal and need --yes elsewhere. With -o true the order configuration is also written to the NameServers.";
  static override examples = [
    '<%= config.bin %> updateTopic -c DefaultCluster -t TopicTest',
    '<%= config.bin %> updateTopic -c DefaultCluster -t TopicTest -w 16 -r 16',
    '<%= config.bin %> updateTopic -b 127.0.0.1:10911 -t TopicTest -p 4 --dry-run',
    '<%= config.bin %> updateTopic -c DefaultCluster -t OrderTopic -o true',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master of it.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    readQueueNums: Flags.integer({ char: 'r', description: 'Read queue number (new topics: 8).' }),
    writeQueueNums: Flags.integer({ char: 'w', description: 'Write queue number (new topics: 8).' }),
    perm: Flags.integer({ char: 'p', description: 'Permission: 2 write, 4 read, 6 read and write (new topics: 6).' }),
    order: javaBooleanFlag({ char: 'o', name: 'order', description: 'Order topic' }),
    unit: javaBooleanFlag({ char: 'u', name: 'unit', description: 'Unit topic' }),
    hasUnitSub: javaBooleanFlag({ char: 's', name: 'hasUnitSub', description: 'Has unit subscriptions' }),
    attributes: Flags.string({ char: 'a', description: 'Attribute edits for 5.x brokers: +key=value,-key.' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask before removing queues or permissions.' }),
    'dry-run': Flags.boolean({ description: 'Show what would change, change nothing.' }),
  };

  async run(): Promise<UpdateTopicPlan | UpdateTopicResult> {
    const f = this.flags;
    const plan = await this.spin(
      'Reading the current topic config',
      planUpdateTopic(this.admin, {
        topic: f.topic,
        cluster: f.clusterName,
        brokerAddr: f.brokerAddr,
        readQueueNums: f.readQueueNums,
        writeQueueNums: f.writeQueueNums,
        perm: f.perm,
        order: f.order,
        unit: f.unit,
        hasUnitSub: f.hasUnitSub,
        attributes: f.attributes,
      }),
    );
    if (f['dry-run']) {
      this.print(await renderUpdateTopicPlan(plan, this.style));
      this.reportFailures(plan.failures);
      return plan;
    }
    if (plan.lossy && !f.yes) {
      if (!canAsk({ json: this.jsonEnabled() })) {
        throw new CliError(`${lossyQuestion(plan).replace(/\. Go ahead\?$/, '')}: pass --yes to do it`, ExitCode.USAGE, 'there is no terminal to ask on; --dry-run shows the whole plan');
      }
      await confirmOrCancel(lossyQuestion(plan), { yes: false, json: this.jsonEnabled() });
    }
    const result = await this.spin('Updating the topic', applyUpdateTopic(this.admin, plan));
    this.print(await renderUpdateTopic(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
