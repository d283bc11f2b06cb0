import * as Flags from '@oclif/core/flags';
import { setCommitLogReadAheadMode, type ReadAheadResult } from '../admin/maintenance.js';
import { AdminCommand } from '../cli/base.js';
import { renderReadAhead } from '../render/views/maintenance.js';

export default class SetCommitLogReadAheadMode extends AdminCommand<typeof SetCommitLogReadAheadMode> {
  static override summary = "Set the commit log's read-ahead mode (5.x): 0 normal, 1 random read.";
  static override description =
    'Sends SET_COMMITLOG_READ_MODE (ext field READ_AHEAD_MODE) to one broker (-b) or to every master of a cluster and its slaves (-c); each applies madvise to its commit-log files and says so. Prints per broker what it answered. A mode other than 0 or 1 is exit 2; a 4.x broker cannot do it (exit 3).';
  static override examples = ['<%= config.bin %> setCommitLogReadAheadMode -b 127.0.0.1:10911 -m 1', '<%= config.bin %> setCommitLogReadAheadMode -c DefaultCluster -m 0'];

  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master and its slaves.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    commitLogReadAheadMode: Flags.string({ char: 'm', description: '0: normal read-ahead (default of a broker), 1: random read (MADV_RANDOM).', required: true }),
  };

  async run(): Promise<ReadAheadResult> {
    const f = this.flags;
    const result = await this.spin('Asking the brokers', setCommitLogReadAheadMode(this.admin, { brokerAddr: f.brokerAddr, cluster: f.clusterName }, f.commitLogReadAheadMode));
    this.print(await renderReadAhead(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
