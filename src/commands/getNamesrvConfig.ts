import * as Flags from '@oclif/core/flags';
import { getNamesrvConfigs, type NamesrvConfigResult } from '../admin/namesrvConfig.js';
import { AdminCommand } from '../cli/base.js';
import { renderNamesrvConfigs } from '../render/views/topicAdmin.js';

export default class GetNamesrvConfig extends AdminCommand<typeof GetNamesrvConfig> {
  static override summary = "Show every NameServer's configuration, sorted by key.";
  static override description =
    'Asks every NameServer of -n (GET_NAMESRV_CONFIG) and prints its settings sorted by key; -k keeps the keys that contain the text given (any case). --json: a map of NameServer address to its settings. A NameServer that does not answer is named on stderr (exit 3).';
  static override examples = ['<%= config.bin %> getNamesrvConfig', '<%= config.bin %> getNamesrvConfig -k order --json'];

  static override flags = {
    key: Flags.string({ char: 'k', description: 'Only keys containing this text.' }),
  };

  async run(): Promise<NamesrvConfigResult> {
    const result = await this.spin('Asking the NameServers', getNamesrvConfigs(this.admin, { key: this.flags.key }));
    this.print(renderNamesrvConfigs(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
