import * as Flags from '@oclif/core/flags';
import { applyUpdateTopicList, parseTopicList, planUpdateTopicList, readJsonArrayFile, type UpdateTopicListPlan, type UpdateTopicListResult } from '../admin/batchConfig.js';
import { AdminCommand } from '../cli/base.js';
import { canAsk, confirmOrCancel } from '../cli/confirm.js';
import { CliError, ExitCode } from '../cli/exitCodes.js';
import { renderUpdateTopicList, renderUpdateTopicListPlan, topicListLossyQuestion } from '../render/views/batchConfig.js';

export default class UpdateTopicList extends AdminCommand<typeof UpdateTopicList> {
  static override summary = 'Create or patch many topics from a JSON file of TopicConfig.';
  static override description =
    "The file is the Java tool's: a JSON array of TopicConfig objects (topicName, readQueueNums, writeQueueNums, perm, topicSysFlag, order, attributes). Each topic is planned as updateTopic plans it: only the fields the file gives change an existing topic; a new one gets TopicConfig's defaults (16 read and 16 write queues, perm 6). Changed topics go to each broker in one UPDATE_AND_CREATE_TOPIC_LIST (5.x); a 4.9.x broker gets one UPDATE_AND_CREATE_TOPIC per topic. Changes that remove queues or permissions ask on a terminal and need --yes elsewhere.";
  static override examples = [
    '<%= config.bin %> updateTopicList -c DefaultCluster -f topics.json',
    '<%= config.bin %> updateTopicList -b 127.0.0.1:10911 -f topics.json --dry-run',
  ];

  static override flags = {
    filename: Flags.string({ char: 'f', description: 'JSON file: an array of TopicConfig.', required: true }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master of it.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask before removing queues or permissions.' }),
    'dry-run': Flags.boolean({ description: 'Show what would change, change nothing.' }),
  };

  async run(): Promise<UpdateTopicListPlan | UpdateTopicListResult> {
    const f = this.flags;
    const entries = parseTopicList(readJsonArrayFile(f.filename, 'topic configs'));
    const plan = await this.spin(
      'Reading the current topic configs',
      planUpdateTopicList(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, file: f.filename, entries }),
    );
    if (f['dry-run']) {
      this.print(await renderUpdateTopicListPlan(plan, this.style));
      this.reportFailures(plan.failures);
      return plan;
    }
    if (plan.lossy && !f.yes) {
      if (!canAsk({ json: this.jsonEnabled() })) {
        throw new CliError(`${topicListLossyQuestion(plan).replace(/\. Go ahead\?$/, '')}: pass --yes to do it`, ExitCode.USAGE, 'there is no terminal to ask on; --dry-run shows the whole plan');
      }
      await confirmOrCancel(topicListLossyQuestion(plan), { yes: false, json: this.jsonEnabled() });
    }
    const result = await this.spin('Updating the topics', applyUpdateTopicList(this.admin, plan));
    this.print(await renderUpdateTopicList(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
