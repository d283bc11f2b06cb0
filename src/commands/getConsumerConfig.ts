import * as Flags from '@oclif/core/flags';
import { getConsumerConfig, type ConsumerConfigResult } from '../admin/groups.js';
import { AdminCommand } from '../cli/base.js';
import { renderConsumerConfig } from '../render/views/topicAdmin.js';

export default class GetConsumerConfig extends AdminCommand<typeof GetConsumerConfig> {
  static override summary = "Show a subscription group's config on every master that has it.";
  static override description =
    'Asks every master of every cluster for its subscription groups (GET_ALL_SUBSCRIPTIONGROUP_CONFIG) and prints the config of the group on each that has it. A group no master has is not found (exit 4).';
  static override examples = ['<%= config.bin %> getConsumerConfig -g GroupA', '<%= config.bin %> getConsumerConfig -g GroupA --json'];

  static override flags = {
    groupName: Flags.string({ char: 'g', description: 'Subscription group name.', required: true }),
  };

  async run(): Promise<ConsumerConfigResult> {
    const result = await this.spin('Asking the brokers', getConsumerConfig(this.admin, this.flags.groupName));
    this.print(renderConsumerConfig(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
