import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base.js';
import { canAsk, confirmOrCancel } from '../../cli/confirm.js';
import { CliError, ExitCode } from '../../cli/exitCodes.js';
import { configPath, editProfileFile, loadProfileFile, unknownProfile } from '../../cli/profiles.js';

export interface ProfileDeleteResult {
  configFile: string;
  deleted: string;
  /** It was the current profile: now none is. */
  wasCurrent: boolean;
}

export default class ProfileDelete extends BaseCommand<typeof ProfileDelete> {
  static override summary = 'Delete a profile.';
  static override description =
    'Asks for confirmation on a terminal; elsewhere (CI, pipes, --json) it requires --yes and fails with exit 2 without it. Deleting the current profile leaves no profile current.';
  static override examples = ['<%= config.bin %> profile delete staging', '<%= config.bin %> profile delete staging --yes'];

  static override args = {
    name: Args.string({ description: 'Profile name.', required: true }),
  };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Delete without asking.' }),
  };

  async run(): Promise<ProfileDeleteResult> {
    const path = configPath();
    const name = this.args.name;
    const before = await loadProfileFile(path);
    if (!Object.hasOwn(before.profiles, name)) throw unknownProfile(before, name);
    if (!this.flags.yes) {
      if (!canAsk({ json: this.jsonEnabled() })) {
        throw new CliError(`profile delete needs a confirmation: pass --yes`, ExitCode.USAGE, 'there is no terminal to ask on (CI, a pipe, or --json)');
      }
      const current = before.current === name ? ' (the current profile)' : '';
      await confirmOrCancel(`Delete profile ${name}${current} from ${path}?`, { yes: false, json: this.jsonEnabled() });
    }
    const { result: wasCurrent } = await editProfileFile(path, ({ doc, file }) => {
      if (!Object.hasOwn(file.profiles, name)) throw unknownProfile(file, name);
      doc.deleteIn(['profiles', name]);
      if (file.current === name) {
        doc.delete('current');
        return true;
      }
      return false;
    });
    this.print(`Profile ${name} deleted.${wasCurrent ? ' No profile is current now.' : ''}`);
    return { configFile: path, deleted: name, wasCurrent };
  }
}
