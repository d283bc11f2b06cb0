import * as Flags from '@oclif/core/flags';
import { cloneGroupOffset, type CloneResult } from '../admin/consumer.js';
import { AdminCommand } from '../cli/base.js';
import { confirmOrCancel } from '../cli/confirm.js';
import { renderClone } from '../render/views/consumer.js';

export default class CloneGroupOffset extends AdminCommand<typeof CloneGroupOffset> {
  static override summary = "Copy one group's committed offsets on a topic to another group.";
  static override description =
    "Reads the source group's consume stats and writes each queue's committed offset of the topic for the destination group (UPDATE_CONSUMER_OFFSET), as the Java command does. Best run while the destination group has no consumer online (an online consumer overwrites offsets at its next commit).";
  static override examples = ['<%= config.bin %> cloneGroupOffset -s OldGroup -d NewGroup -t MyTopic'];

  static override flags = {
    srcGroup: Flags.string({ char: 's', description: 'Source consumer group.', required: true }),
    destGroup: Flags.string({ char: 'd', description: 'Destination consumer group.', required: true }),
    topic: Flags.string({ char: 't', description: 'Topic.', required: true }),
    offline: Flags.string({ char: 'o', description: 'Accepted for compatibility with the Java tool; has no effect.' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<CloneResult> {
    const f = this.flags;
    await confirmOrCancel(`Overwrite the offsets of group ${f.destGroup} on topic ${f.topic} with those of ${f.srcGroup}?`, { yes: f.yes, json: this.jsonEnabled() });
    const result = await this.spin('Copying offsets', cloneGroupOffset(this.admin, { srcGroup: f.srcGroup, destGroup: f.destGroup, topic: f.topic }));
    this.print(await renderClone(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
