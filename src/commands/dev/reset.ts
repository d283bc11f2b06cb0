import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base.js';
import { CliError, ExitCode } from '../../cli/exitCodes.js';
import { applyReset, planReset, type DevResetPlan, type DevResetResult } from '../../dev/launcher.js';
import { resolveDevHome } from '../../dev/state.js';
import { renderDevReset, renderResetPrompt } from '../../render/views/dev.js';

export default class DevReset extends BaseCommand<typeof DevReset> {
  static override summary = "Delete the local cluster's data (topics, messages, offsets, log).";
  static override description =
    'Asks for confirmation on a terminal; elsewhere (CI, pipes, --json) it requires --yes and fails with exit 2 without it. Refuses while the cluster runs. Only what the cluster wrote is deleted (namesrv/, broker-*/, acl/ with the --acl accounts, dev.json, dev.log).';
  static override examples = ['<%= config.bin %> dev reset', '<%= config.bin %> dev reset --yes'];

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Delete without asking.' }),
    'data-dir': Flags.directory({ description: 'Data directory (default: $MQADMIN_DEV_HOME, else $XDG_DATA_HOME/mqadmin/dev).' }),
  };

  async run(): Promise<DevResetResult> {
    const plan = planReset(resolveDevHome({ dataDir: this.flags['data-dir'] }));
    if (plan.paths.length > 0 && !this.flags.yes) await this.confirm(plan);
    const result = applyReset(plan);
    this.print(renderDevReset(result, this.style));
    return result;
  }

  private async confirm(plan: DevResetPlan): Promise<void> {
    const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true && !process.env.CI && !this.jsonEnabled();
    if (!interactive) {
      throw new CliError('dev reset deletes data and needs a confirmation: pass --yes', ExitCode.USAGE, 'there is no terminal to ask on (CI, a pipe, or --json)');
    }
    const { confirm } = await import('@inquirer/prompts');
    if (!(await confirm({ message: renderResetPrompt(plan), default: false }))) {
      throw new CliError('cancelled: nothing was deleted', ExitCode.CANCELLED);
    }
  }
}
