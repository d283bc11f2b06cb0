import { AdminCommand } from '../cli/base.js';
import { housekeepingFlags, runHousekeeping } from '../cli/housekeeping.js';

export default class DeleteExpiredCommitLog extends AdminCommand<typeof DeleteExpiredCommitLog> {
  static override summary = 'Delete the expired commit-log files now, on brokers.';
  static override description =
    'Sends DELETE_EXPIRED_COMMITLOG to one broker (-b), every broker of a cluster (-c, masters and slaves) or every broker of every cluster (neither): each deletes its commit-log files past the retention time (fileReservedTime) now, whatever its deleteWhen hour. Prints per broker whether it did it. Asks on a terminal; elsewhere --yes is needed (exit 2 without it); --dry-run lists the brokers and sends nothing.';
  static override examples = [
    '<%= config.bin %> deleteExpiredCommitLog -c DefaultCluster',
    '<%= config.bin %> deleteExpiredCommitLog -b 127.0.0.1:10911 --yes',
    '<%= config.bin %> deleteExpiredCommitLog --dry-run',
  ];

  static override flags = housekeepingFlags;

  async run() {
    return runHousekeeping(
      { admin: this.admin, style: this.style, json: this.jsonEnabled(), print: (t) => this.print(t), spin: (t, w) => this.spin(t, w), reportFailures: (f) => this.reportFailures(f) },
      'deleteExpiredCommitLog',
      this.flags,
    );
  }
}
