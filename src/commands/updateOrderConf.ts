import * as Flags from '@oclif/core/flags';
import { updateOrderConf, type UpdateOrderConfResult } from '../admin/namesrvConfig.js';
import { AdminCommand } from '../cli/base.js';
import { renderUpdateOrderConf } from '../render/views/topicAdmin.js';

export default class UpdateOrderConf extends AdminCommand<typeof UpdateOrderConf> {
  static override summary = "Get, put or delete a topic's order configuration on the NameServers.";
  static override description =
    "The order configuration (`brokerName:queueNums;...`, KV namespace ORDER_TOPIC_CONFIG) on every NameServer of -n. get: each NameServer's value (exit 4 when none has one). put: checks the value (each broker once, in the cluster table, a positive queue number), writes it and reads it back. delete: removes it (exit 4 when none has one). NameServers hand it to clients in the topic's route only when their orderMessageEnable is true.";
  static override examples = [
    '<%= config.bin %> updateOrderConf -t TopicTest -m get',
    '<%= config.bin %> updateOrderConf -t TopicTest -m put -v "broker-a:4;broker-b:4"',
    '<%= config.bin %> updateOrderConf -t TopicTest -m delete',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    method: Flags.string({ char: 'm', description: 'get, put or delete.', required: true }),
    orderConf: Flags.string({ char: 'v', description: 'With put: brokerName:queueNums;brokerName:queueNums.' }),
  };

  async run(): Promise<UpdateOrderConfResult> {
    const f = this.flags;
    const result = await this.spin('Asking the NameServers', updateOrderConf(this.admin, { topic: f.topic, method: f.method, orderConf: f.orderConf }));
    this.print(await renderUpdateOrderConf(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
