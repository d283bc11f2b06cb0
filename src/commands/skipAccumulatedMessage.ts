import * as Flags from '@oclif/core/flags';
import { ResetCommand, type ResetOutcome } from './resetOffsetByTime.js';

export default class SkipAccumulatedMessage extends ResetCommand<typeof SkipAccumulatedMessage> {
  static override summary = "Skip every waiting message: move a group's offsets on a topic to the newest.";
  static override description =
    'resetOffsetByTime to the newest offset of every queue, with the same plan, confirmation, reset paths (5.x server-side, 4.x push to consumers, direct write when none is online) and read-back.';
  static override examples = [
    '<%= config.bin %> skipAccumulatedMessage -g MyGroup -t MyTopic',
    '<%= config.bin %> skipAccumulatedMessage -g MyGroup -t MyTopic --dry-run',
  ];

  static override flags = {
    group: Flags.string({ char: 'g', description: 'Consumer group.', required: true }),
    topic: Flags.string({ char: 't', description: 'Topic.', required: true }),
    cluster: Flags.string({ char: 'c', description: 'Only the brokers of this cluster.' }),
    'dry-run': Flags.boolean({ description: 'Print the plan and change nothing.' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<ResetOutcome> {
    const f = this.flags;
    return this.runReset({ group: f.group, topic: f.topic, target: { kind: 'latest' }, force: true, cluster: f.cluster }, { dryRun: f['dry-run'], yes: f.yes });
  }
}
