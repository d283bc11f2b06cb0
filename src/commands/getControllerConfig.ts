import * as Flags from '@oclif/core/flags';
import { getControllerConfigs, type ControllerConfigResult } from '../admin/ha.js';
import { AdminCommand } from '../cli/base.js';
import { controllerFlag } from '../cli/controllerFlags.js';
import { renderControllerConfig } from '../render/views/ha.js';

export default class GetControllerConfig extends AdminCommand<typeof GetControllerConfig> {
  static override summary = 'The settings of every controller, sorted by key (5.x controller mode).';
  static override description =
    'GET_CONTROLLER_CONFIG to each controller address (-a "a;b", as the Java tool; without -a the NameServer\'s embedded controller peers, else a broker\'s controllerAddr). -k keeps the keys containing the text (any case). A controller that fails while others answer is named on stderr (exit 3); a cluster not in controller mode is one line and exit 3.';
  static override examples = ['<%= config.bin %> getControllerConfig -a 127.0.0.1:9878', '<%= config.bin %> getControllerConfig -a "127.0.0.1:9878;127.0.0.1:9868" -k elect'];

  static override flags = {
    controllerAddress: controllerFlag,
    key: Flags.string({ char: 'k', description: 'Only the keys containing this text (any case).' }),
  };

  async run(): Promise<ControllerConfigResult> {
    const f = this.flags;
    const result = await this.spin('Asking the controllers', getControllerConfigs(this.admin, f.controllerAddress));
    if (f.key !== undefined) {
      const k = f.key.toLowerCase();
      result.controllers = result.controllers.map((c) => ({ addr: c.addr, config: Object.fromEntries(Object.entries(c.config).filter(([key]) => key.toLowerCase().includes(k))) }));
    }
    this.print(await renderControllerConfig(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
