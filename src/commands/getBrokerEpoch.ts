import * as Flags from '@oclif/core/flags';
import { getBrokerEpoch, type BrokerEpochResult } from '../admin/ha.js';
import { AdminCommand } from '../cli/base.js';
import { intervalFlag, roundsFlag, sleep } from '../cli/controllerFlags.js';
import { renderBrokerEpoch } from '../render/views/ha.js';

export default class GetBrokerEpoch extends AdminCommand<typeof GetBrokerEpoch> {
  static override summary = 'The epoch cache of the brokers of a broker name or cluster in controller mode: each epoch with its start and end offset (5.x).';
  static override description =
    'GET_BROKER_EPOCH_CACHE to every address (master and slaves) of the broker name (-b) or of the cluster (-c), as the Java tool; the last epoch ends at the broker\'s max offset. A broker not in controller mode (or a 4.x broker) is one line and exit 3; a broker that fails while others answer is named on stderr (exit 3). -i N repeats every N seconds.';
  static override examples = ['<%= config.bin %> getBrokerEpoch -b broker-a', '<%= config.bin %> getBrokerEpoch -c DefaultCluster --json'];

  static override flags = {
    brokerName: Flags.string({ char: 'b', description: 'Broker name.', exactlyOne: ['brokerName', 'clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every broker of it.', exactlyOne: ['brokerName', 'clusterName'] }),
    interval: intervalFlag,
    rounds: roundsFlag,
  };

  async run(): Promise<BrokerEpochResult | undefined> {
    const f = this.flags;
    const selector = { ...(f.brokerName !== undefined ? { brokerName: f.brokerName } : {}), ...(f.clusterName !== undefined ? { cluster: f.clusterName } : {}) };
    const rounds = f.interval === undefined ? 1 : f.rounds;
    for (let n = 1; rounds === undefined || n <= rounds; n++) {
      if (n > 1) await sleep(f.interval! * 1000);
      const result = await this.spin('Asking the brokers for their epochs', getBrokerEpoch(this.admin, selector));
      if (f.interval === undefined) {
        this.print(await renderBrokerEpoch(result, this.style));
        this.reportFailures(result.failures);
        return result;
      }
      if (this.jsonEnabled()) process.stdout.write(`${JSON.stringify(result)}\n`);
      else this.log(`${n > 1 ? '\n' : ''}${await renderBrokerEpoch(result, this.style)}`);
      this.reportFailures(result.failures);
    }
    return undefined;
  }
}
