import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base.js';
import { devStatus, type DevStatus } from '../../dev/launcher.js';
import { resolveDevHome } from '../../dev/state.js';
import { renderDevStatus } from '../../render/views/dev.js';

export default class DevStatusCommand extends BaseCommand<typeof DevStatusCommand> {
  static override summary = 'Show the local cluster: process, ports, brokers, topics, groups, disk used.';
  static override description =
    'Works whether the cluster runs or not (stopped is exit 0). A broker that does not answer is shown as unreachable, named on stderr, and the exit code is 3.';
  static override examples = ['<%= config.bin %> dev status', '<%= config.bin %> dev status --json', '<%= config.bin %> dev status --credentials'];

  static override flags = {
    'data-dir': Flags.directory({ description: 'Data directory (default: $MQADMIN_DEV_HOME, else $XDG_DATA_HOME/mqadmin/dev).' }),
    timeout: Flags.integer({ description: 'Timeout of each request, in milliseconds.', default: 3000, min: 1 }),
    credentials: Flags.boolean({ description: 'With --acl or --auth: also print the secret key of the admin account (the password of the Super user), text and --json.' }),
  };

  async run(): Promise<DevStatus> {
    const result = await this.spin('Asking the dev cluster', devStatus(resolveDevHome({ dataDir: this.flags['data-dir'] }), this.flags.timeout, Date.now(), { credentials: this.flags.credentials }));
    this.print(await renderDevStatus(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
