import * as Args from '@oclif/core/args';
import { BaseCommand } from '../../cli/base.js';
import { CliError, ExitCode } from '../../cli/exitCodes.js';
import { checkProfileName, configPath, editProfileFile, unknownProfile } from '../../cli/profiles.js';

export interface ProfileRenameResult {
  configFile: string;
  from: string;
  to: string;
  current: boolean;
}

export default class ProfileRename extends BaseCommand<typeof ProfileRename> {
  static override summary = 'Rename a profile (the current one stays current).';
  static override examples = ['<%= config.bin %> profile rename staging stage-eu'];

  static override args = {
    old: Args.string({ description: 'Current name.', required: true }),
    new: Args.string({ description: 'New name.', required: true }),
  };

  async run(): Promise<ProfileRenameResult> {
    const path = configPath();
    const from = this.args.old;
    const to = checkProfileName(this.args.new);
    const { result: current } = await editProfileFile(path, ({ doc, file }) => {
      if (!Object.hasOwn(file.profiles, from)) throw unknownProfile(file, from);
      if (from === to) return file.current === from;
      if (Object.hasOwn(file.profiles, to)) {
        throw new CliError(`profile "${to}" already exists in ${path}`, ExitCode.USAGE, `delete it first (\`mqadmin profile delete ${to}\`) or choose another name`);
      }
      const node = doc.getIn(['profiles', from], true);
      doc.deleteIn(['profiles', from]);
      doc.setIn(['profiles', to], node);
      if (file.current === from) {
        doc.set('current', to);
        return true;
      }
      return false;
    });
    this.print(`Profile ${from} renamed to ${to}.${current ? ' It is still the current one.' : ''}`);
    return { configFile: path, from, to, current };
  }
}
