import * as Flags from '@oclif/core/flags';
import { putKv, type KvChangeResult } from '../admin/namesrvConfig.js';
import { AdminCommand } from '../cli/base.js';
import { renderKvChange } from '../render/views/topicAdmin.js';

export default class UpdateKvConfig extends AdminCommand<typeof UpdateKvConfig> {
  static override summary = 'Set a KV config entry on every NameServer.';
  static override description =
    'PUT_KV_CONFIG to every NameServer of -n, as the Java tool does, with each one\'s value before and read back after. Every NameServer is reported (the Java tool reports only the last failure); one that failed makes the exit code 3.';
  static override examples = ['<%= config.bin %> updateKvConfig -s ORDER_TOPIC_CONFIG -k TopicTest -v broker-a:8'];

  static override flags = {
    namespace: Flags.string({ char: 's', description: 'Namespace.', required: true }),
    key: Flags.string({ char: 'k', description: 'Key.', required: true }),
    value: Flags.string({ char: 'v', description: 'Value.', required: true }),
  };

  async run(): Promise<KvChangeResult> {
    const f = this.flags;
    const result = await this.spin('Updating the NameServers', putKv(this.admin, { namespace: f.namespace, key: f.key, value: f.value }));
    this.print(await renderKvChange(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
