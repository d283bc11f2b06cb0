import { AdminCommand } from '../cli/base.js';
import { housekeepingFlags, runHousekeeping } from '../cli/housekeeping.js';

export default class CleanUnusedTopic extends AdminCommand<typeof CleanUnusedTopic> {
  static override summary = 'Delete the consume queues of topics the brokers no longer have.';
  static override description =
    'Sends CLEAN_UNUSED_TOPIC to one broker (-b), every broker of a cluster (-c, masters and slaves) or every broker of every cluster (neither): each deletes the consume-queue directories of topics that are not in its topic config (system topics kept). Prints per broker whether it did it. Asks on a terminal; elsewhere --yes is needed (exit 2 without it); --dry-run lists the brokers and sends nothing.';
  static override examples = [
    '<%= config.bin %> cleanUnusedTopic -c DefaultCluster',
    '<%= config.bin %> cleanUnusedTopic -b 127.0.0.1:10911 --yes',
    '<%= config.bin %> cleanUnusedTopic --dry-run',
  ];

  static override flags = housekeepingFlags;

  async run() {
    return runHousekeeping(
      { admin: this.admin, style: this.style, json: this.jsonEnabled(), print: (t) => this.print(t), spin: (t, w) => this.spin(t, w), reportFailures: (f) => this.reportFailures(f) },
      'cleanUnusedTopic',
      this.flags,
    );
  }
}
