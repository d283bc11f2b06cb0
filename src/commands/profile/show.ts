import * as Args from '@oclif/core/args';
import { AdminCommand } from '../../cli/base.js';
import { configPath, loadProfileFile, unknownProfile } from '../../cli/profiles.js';
import { adminOptions } from '../../cli/settings.js';
import {
  effectiveSettings,
  profileRecord,
  renderEffectiveSettings,
  renderProfile,
  type EffectiveSettingsResult,
  type ProfileRecord,
} from '../../render/views/profile.js';

export default class ProfileShow extends AdminCommand<typeof ProfileShow> {
  static override summary = 'Show a profile, or the settings a command would use and where each comes from.';
  static override description =
    'With NAME, the stored profile. Without, the effective NameServers, timeout, credentials and TLS settings with their source (flag, env, profile, dev cluster, default), taking the same flags and environment as every command. Secrets are always masked.';
  static override examples = [
    '<%= config.bin %> profile show',
    '<%= config.bin %> profile show prod',
    'MQADMIN_PROFILE=prod <%= config.bin %> profile show --access-key other --json',
  ];

  static override args = {
    name: Args.string({ description: 'Profile to show (default: the effective settings).' }),
  };

  async run(): Promise<ProfileRecord | EffectiveSettingsResult> {
    const path = configPath();
    if (this.args.name !== undefined) {
      const file = await loadProfileFile(path);
      const profile = Object.hasOwn(file.profiles, this.args.name) ? file.profiles[this.args.name] : undefined;
      if (!profile) throw unknownProfile(file, this.args.name);
      const record = profileRecord(this.args.name, profile, file);
      this.print(renderProfile(record, path, this.style));
      return record;
    }
    const settings = this.resolveSettings();
    let problem: string | null = null;
    try {
      adminOptions(settings);
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    const result = effectiveSettings(settings, problem);
    this.print(await renderEffectiveSettings(result, this.style));
    return result;
  }
}
