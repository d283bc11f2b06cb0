import { BaseCommand } from '../../cli/base.js';
import { configPath, loadProfileFile } from '../../cli/profiles.js';
import { profileList, renderProfileList, type ProfileListResult } from '../../render/views/profile.js';

export default class ProfileList extends BaseCommand<typeof ProfileList> {
  static override summary = 'List the profiles; * marks the current one.';
  static override description = 'Secret keys and security tokens are never shown (--json masks them too).';
  static override examples = ['<%= config.bin %> profile list', '<%= config.bin %> profile list --json'];

  async run(): Promise<ProfileListResult> {
    const result = profileList(await loadProfileFile(configPath()));
    this.print(await renderProfileList(result, this.style));
    return result;
  }
}
