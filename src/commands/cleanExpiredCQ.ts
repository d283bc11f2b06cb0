import { AdminCommand } from '../cli/base.js';
import { housekeepingFlags, runHousekeeping } from '../cli/housekeeping.js';

export default class CleanExpiredCQ extends AdminCommand<typeof CleanExpiredCQ> {
  static override summary = 'Destroy the consume queues whose messages have all expired, on brokers.';
  static override description =
    'Sends CLEAN_EXPIRED_CONSUMEQUEUE to one broker (-b), every broker of a cluster (-c, masters and slaves) or every broker of every cluster (neither): each destroys the consume queues of its topics whose messages have all left the commit log. Prints per broker whether it did it. Asks on a terminal; elsewhere --yes is needed (exit 2 without it); --dry-run lists the brokers and sends nothing.';
  static override examples = [
    '<%= config.bin %> cleanExpiredCQ -c DefaultCluster',
    '<%= config.bin %> cleanExpiredCQ -b 127.0.0.1:10911 --yes',
    '<%= config.bin %> cleanExpiredCQ --dry-run',
  ];

  static override flags = housekeepingFlags;

  async run() {
    return runHousekeeping(
      { admin: this.admin, style: this.style, json: this.jsonEnabled(), print: (t) => this.print(t), spin: (t, w) => this.spin(t, w), reportFailures: (f) => this.reportFailures(f) },
      'cleanExpiredCQ',
      this.flags,
    );
  }
}
