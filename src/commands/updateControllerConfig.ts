import * as Flags from '@oclif/core/flags';
import { applyUpdateControllerConfig, planUpdateControllerConfig, type UpdateControllerConfigPlan } from '../admin/ha.js';
import { confirmDestructive, dryRunFlag, yesFlag } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { controllerFlag } from '../cli/controllerFlags.js';
import { renderUpdateControllerConfig, updateControllerConfigQuestion } from '../render/views/ha.js';

export default class UpdateControllerConfig extends AdminCommand<typeof UpdateControllerConfig> {
  static override summary = 'Change one setting on every controller, checked first and read back (5.x controller mode).';
  static override description = [
    'Reads each controller\'s config (GET_CONTROLLER_CONFIG), checks the key (an unknown key is exit 2 with the closest names, --force sends it anyway; a key of the black list, configBlackList, configStorePath, rocketmqHome and those the configBlackList setting names, is exit 2) and the value against the current one\'s type, then sends UPDATE_CONTROLLER_CONFIG with only that key (the others stay as they are), reads it back and prints before -> after per controller.',
    'Asks on a terminal; elsewhere --yes is needed (exit 2 without it); --dry-run shows the plan. A controller that did not take it is named on stderr (exit 3).',
  ].join('\n\n');
  static override examples = ['<%= config.bin %> updateControllerConfig -a 127.0.0.1:9878 -k enableElectUncleanMaster -v true --yes', '<%= config.bin %> updateControllerConfig -k scanNotActiveBrokerInterval -v 10000 --dry-run'];

  static override flags = {
    controllerAddress: controllerFlag,
    key: Flags.string({ char: 'k', description: 'Setting name.', required: true }),
    value: Flags.string({ char: 'v', description: 'New value.', required: true }),
    force: Flags.boolean({ description: 'Send a key the controller does not list, or a value of another type.' }),
    yes: yesFlag,
    'dry-run': dryRunFlag,
  };

  async run(): Promise<UpdateControllerConfigPlan> {
    const f = this.flags;
    const plan = await this.spin('Reading the controller config', planUpdateControllerConfig(this.admin, { ...(f.controllerAddress !== undefined ? { controller: f.controllerAddress } : {}), key: f.key, value: f.value, force: f.force }));
    if (f['dry-run']) {
      this.print(await renderUpdateControllerConfig(plan, this.style, true));
      this.reportFailures(plan.failures);
      return plan;
    }
    await confirmDestructive(updateControllerConfigQuestion(plan), { yes: f.yes, json: this.jsonEnabled(), what: `changing ${plan.key} on the controller` });
    const result = await this.spin('Updating the controllers', applyUpdateControllerConfig(this.admin, plan));
    this.print(await renderUpdateControllerConfig(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
