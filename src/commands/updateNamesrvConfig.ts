import * as Flags from '@oclif/core/flags';
import { updateNamesrvConfigChecked, type UpdateNamesrvConfigResult } from '../admin/namesrvConfig.js';
import { AdminCommand } from '../cli/base.js';
import { renderUpdateNamesrvConfig } from '../render/views/topicAdmin.js';

export default class UpdateNamesrvConfig extends AdminCommand<typeof UpdateNamesrvConfig> {
  static override summary = 'Change a setting on every NameServer, checked and read back.';
  static override description =
    "Checks the key against the NameServers' configuration (an unknown key, which a NameServer ignores, is refused with the closest names; so is a key of configBlackList; --force sends it anyway) and the value against the current value's type, writes it to every NameServer (UPDATE_NAMESRV_CONFIG), reads it back and prints per NameServer before -> after. A NameServer that failed or did not take the value makes the exit code 3.";
  static override examples = ['<%= config.bin %> updateNamesrvConfig -k orderMessageEnable -v true'];

  static override flags = {
    key: Flags.string({ char: 'k', description: 'Setting name.', required: true }),
    value: Flags.string({ char: 'v', description: 'New value.', required: true }),
    force: Flags.boolean({ description: 'Send a key the NameServers do not list.' }),
  };

  async run(): Promise<UpdateNamesrvConfigResult> {
    const f = this.flags;
    const result = await this.spin('Updating the NameServers', updateNamesrvConfigChecked(this.admin, { key: f.key, value: f.value, force: f.force }));
    this.print(await renderUpdateNamesrvConfig(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
