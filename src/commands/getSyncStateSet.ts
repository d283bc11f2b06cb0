import * as Flags from '@oclif/core/flags';
import { getSyncStateSet, type SyncStateSetResult } from '../admin/ha.js';
import { AdminCommand } from '../cli/base.js';
import { controllerFlag, intervalFlag, roundsFlag, sleep } from '../cli/controllerFlags.js';
import { renderSyncStateSet } from '../render/views/ha.js';

export default class GetSyncStateSet extends AdminCommand<typeof GetSyncStateSet> {
  static override summary = "The controller's sync-state set of a broker name or of every broker of a cluster: master, epochs, and each replica in sync or not, alive or not (5.x controller mode).";
  static override description =
    'CONTROLLER_GET_METADATA_INFO to find the leader, then CONTROLLER_GET_SYNC_STATE_DATA with the broker names (-b, or those of the cluster -c from the NameServer), as the Java tool. Without -a the controller is found as the brokers find it (the NameServer\'s embedded controller, else a broker\'s controllerAddr). A cluster not in controller mode, or an address that is not a controller, is one line and exit 3. -i N repeats every N seconds.';
  static override examples = ['<%= config.bin %> getSyncStateSet -a 127.0.0.1:9878 -b broker-a', '<%= config.bin %> getSyncStateSet -c DefaultCluster --json'];

  static override flags = {
    controllerAddress: controllerFlag,
    brokerName: Flags.string({ char: 'b', description: 'Broker name.', exactlyOne: ['brokerName', 'clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every broker name of it.', exactlyOne: ['brokerName', 'clusterName'] }),
    interval: intervalFlag,
    rounds: roundsFlag,
  };

  async run(): Promise<SyncStateSetResult | undefined> {
    const f = this.flags;
    const options = {
      ...(f.controllerAddress !== undefined ? { controller: f.controllerAddress } : {}),
      ...(f.brokerName !== undefined ? { brokerName: f.brokerName } : {}),
      ...(f.clusterName !== undefined ? { cluster: f.clusterName } : {}),
    };
    if (f.interval === undefined) {
      const result = await this.spin('Asking the controller', getSyncStateSet(this.admin, options));
      this.print(await renderSyncStateSet(result, this.style));
      return result;
    }
    for (let n = 1; f.rounds === undefined || n <= f.rounds; n++) {
      if (n > 1) await sleep(f.interval * 1000);
      const result = await getSyncStateSet(this.admin, options);
      if (this.jsonEnabled()) process.stdout.write(`${JSON.stringify(result)}\n`);
      else this.log(`${n > 1 ? '\n' : ''}${await renderSyncStateSet(result, this.style)}`);
    }
    return undefined;
  }
}
