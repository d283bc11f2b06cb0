import * as Flags from '@oclif/core/flags';
import { deleteKv, type KvChangeResult } from '../admin/namesrvConfig.js';
import { AdminCommand } from '../cli/base.js';
import { renderKvChange } from '../render/views/topicAdmin.js';

export default class DeleteKvConfig extends AdminCommand<typeof DeleteKvConfig> {
  static override summary = 'Delete a KV config entry on every NameServer.';
  static override description =
    'DELETE_KV_CONFIG on every NameServer of -n that holds the entry, then reads it back. An entry no NameServer holds is exit 4 (the Java tool prints success); every NameServer is reported, and one that failed makes the exit code 3.';
  static override examples = ['<%= config.bin %> deleteKvConfig -s ORDER_TOPIC_CONFIG -k TopicTest'];

  static override flags = {
    namespace: Flags.string({ char: 's', description: 'Namespace.', required: true }),
    key: Flags.string({ char: 'k', description: 'Key.', required: true }),
  };

  async run(): Promise<KvChangeResult> {
    const result = await this.spin('Updating the NameServers', deleteKv(this.admin, { namespace: this.flags.namespace, key: this.flags.key }));
    this.print(await renderKvChange(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
