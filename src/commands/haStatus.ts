import * as Flags from '@oclif/core/flags';
import { haStatus, type HaStatusResult } from '../admin/ha.js';
import { AdminCommand } from '../cli/base.js';
import { intervalFlag, roundsFlag, sleep } from '../cli/controllerFlags.js';
import { renderHaStatus } from '../render/views/ha.js';

export default class HaStatus extends AdminCommand<typeof HaStatus> {
  static override summary = 'Replication (HA) state of a broker or of every master of a cluster: its slaves, how far behind they are, in bytes and catch-up time (5.x).';
  static override description = [
    'GET_BROKER_HA_STATUS to one broker (-b, master or slave) or to every master of a cluster (-c). A master shows its commit-log max offset and per connected slave its HA socket address, the acknowledged offset, how far behind it is (bytes, and the time to catch up at the current transfer speed), the speed, OK or Fall Behind (more than haMaxGapNotInSync behind) and the next offset to send; a master without slaves says so. A slave shows the HA address it follows, its max offset, its last read and write on the HA socket and the master flush offset.',
    '-i N repeats every N seconds until interrupted (with --json: one JSON object per round and line). A broker that cannot report it (a 4.x broker, a DLedger commit log) is one line and exit 3; with -c a broker that fails is named on stderr (exit 3) while the others are shown.',
  ].join('\n\n');
  static override examples = ['<%= config.bin %> haStatus -b 127.0.0.1:10911', '<%= config.bin %> haStatus -c DefaultCluster -i 5', '<%= config.bin %> haStatus -c DefaultCluster --json'];

  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address host:port (master or slave).', exactlyOne: ['brokerAddr', 'clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master of it.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    interval: intervalFlag,
    rounds: roundsFlag,
  };

  async run(): Promise<HaStatusResult | undefined> {
    const f = this.flags;
    const selector = { ...(f.brokerAddr !== undefined ? { brokerAddr: f.brokerAddr } : {}), ...(f.clusterName !== undefined ? { cluster: f.clusterName } : {}) };
    if (f.interval === undefined) {
      const result = await this.spin('Asking for the HA status', haStatus(this.admin, selector));
      this.print(await renderHaStatus(result, this.style));
      this.reportFailures(result.failures);
      return result;
    }
    for (let n = 1; f.rounds === undefined || n <= f.rounds; n++) {
      if (n > 1) await sleep(f.interval * 1000);
      const result = await haStatus(this.admin, selector);
      if (this.jsonEnabled()) process.stdout.write(`${JSON.stringify(result)}\n`);
      else this.log(`${n > 1 ? '\n' : ''}${await renderHaStatus(result, this.style, { n })}`);
      this.reportFailures(result.failures);
    }
    return undefined;
  }
}
