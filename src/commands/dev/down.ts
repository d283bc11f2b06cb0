import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base.js';
import { DEFAULT_STOP_GRACE_MS, stopDevCluster, type DevDownResult } from '../../dev/launcher.js';
import { resolveDevHome } from '../../dev/state.js';
import { renderDevDown } from '../../render/views/dev.js';

export default class DevDown extends BaseCommand<typeof DevDown> {
  static override summary = 'Stop the local cluster started by `dev up`; its data is kept.';
  static override description =
    'Sends SIGTERM to the cluster process, waits for it to stop cleanly (brokers unregister and flush), and kills it after the grace period. Not running is not an error.';
  static override examples = ['<%= config.bin %> dev down'];

  static override flags = {
    'data-dir': Flags.directory({ description: 'Data directory (default: $MQADMIN_DEV_HOME, else $XDG_DATA_HOME/mqadmin/dev).' }),
    grace: Flags.integer({ description: 'Milliseconds to wait for a clean stop before SIGKILL.', default: DEFAULT_STOP_GRACE_MS, min: 0 }),
  };

  async run(): Promise<DevDownResult> {
    const result = await this.spin('Stopping the dev cluster', stopDevCluster(resolveDevHome({ dataDir: this.flags['data-dir'] }), this.flags.grace));
    this.print(renderDevDown(result, this.style));
    return result;
  }
}
