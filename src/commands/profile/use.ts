import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base.js';
import { CliError, ExitCode } from '../../cli/exitCodes.js';
import { configPath, editProfileFile, loadProfileFile, unknownProfile } from '../../cli/profiles.js';

export interface ProfileUseResult {
  configFile: string;
  current: string | null;
  previous: string | null;
}

export default class ProfileUse extends BaseCommand<typeof ProfileUse> {
  static override summary = 'Make a profile the current one: used by every command given no --profile.';
  static override description =
    'Flags and environment variables still win over it, setting by setting; MQADMIN_PROFILE picks another for one shell. --none goes back to no profile (NAMESRV_ADDR, else the running `mqadmin dev` cluster).';
  static override examples = ['<%= config.bin %> profile use prod', '<%= config.bin %> profile use --none'];

  static override args = {
    name: Args.string({ description: 'Profile name.' }),
  };

  static override flags = {
    none: Flags.boolean({ description: 'Use no profile by default.' }),
  };

  async run(): Promise<ProfileUseResult> {
    const path = configPath();
    const name = this.args.name;
    if (name === undefined && !this.flags.none) throw new CliError('name the profile to use (or --none)', ExitCode.USAGE, 'see `mqadmin profile list`');
    if (name !== undefined && this.flags.none) throw new CliError('give a profile name or --none, not both', ExitCode.USAGE);
    if (name === undefined) {
      const before = await loadProfileFile(path);
      if (!before.exists || before.current === undefined) {
        this.print('No profile is current.');
        return { configFile: path, current: null, previous: null };
      }
    }
    const { result: previous } = await editProfileFile(path, ({ doc, file, yaml }) => {
      if (name !== undefined && !Object.hasOwn(file.profiles, name)) throw unknownProfile(file, name);
      const prev = file.current ?? null;
      if (name === undefined) doc.delete('current');
      else if (yaml.isMap(doc.contents) && !doc.has('current')) doc.contents.items.unshift(doc.createPair('current', name));
      else doc.set('current', name);
      return prev;
    });
    this.print(name === undefined ? 'No profile is current now.' : `Profile ${name} is current now.`);
    return { configFile: path, current: name ?? null, previous };
  }
}
