import { getControllerMetaData, type ControllerMetaDataResult } from '../admin/ha.js';
import { AdminCommand } from '../cli/base.js';
import { controllerFlag } from '../cli/controllerFlags.js';
import { renderControllerMetaData } from '../render/views/ha.js';

export default class GetControllerMetaData extends AdminCommand<typeof GetControllerMetaData> {
  static override summary = 'The controller group: its leader (id and address) and peers (5.x controller mode).';
  static override description =
    'CONTROLLER_GET_METADATA_INFO to the controller (-a, any member; without -a the NameServer\'s embedded controller, else a broker\'s controllerAddr). A cluster not in controller mode, or an address that is not a controller, is one line and exit 3.';
  static override examples = ['<%= config.bin %> getControllerMetaData -a 127.0.0.1:9878', '<%= config.bin %> getControllerMetaData --json'];

  static override flags = { controllerAddress: controllerFlag };

  async run(): Promise<ControllerMetaDataResult> {
    const result = await this.spin('Asking the controller', getControllerMetaData(this.admin, this.flags.controllerAddress));
    this.print(renderControllerMetaData(result, this.style));
    return result;
  }
}
