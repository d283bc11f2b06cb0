import * as Flags from '@oclif/core/flags';
import { applyCopyUsers, planCopyUsers, type CopyUsersPlan, type CopyUsersResult } from '../admin/auth.js';
import { dryRunFlag } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { registerSecret } from '../cli/redact.js';
import { renderCopyUsers } from '../render/views/auth.js';

export default class CopyUser extends AdminCommand<typeof CopyUser> {
  static override summary = 'Copy users (5.x) from one broker to another, passwords included.';
  static override description =
    "Reads the users named with -u (default: every user) on the source broker, then on the target: a user it lacks is created, one that differs is updated with the whole user, as the Java tool does; one already the same is left alone. Prints per user what was done (never a password). A name the source does not have is reported (exit 3; exit 4 when none is there).";
  static override examples = [
    '<%= config.bin %> copyUser -f 127.0.0.1:10911 -t 127.0.0.1:10921',
    '<%= config.bin %> copyUser -f 127.0.0.1:10911 -t 127.0.0.1:10921 -u alice,bob --dry-run',
  ];

  static override flags = {
    fromBroker: Flags.string({ char: 'f', description: 'Source broker address, host:port.', required: true }),
    toBroker: Flags.string({ char: 't', description: 'Target broker address, host:port.', required: true }),
    usernames: Flags.string({ char: 'u', description: 'Usernames to copy, comma separated (default: all).' }),
    'dry-run': dryRunFlag,
  };

  async run(): Promise<CopyUsersPlan | CopyUsersResult> {
    const f = this.flags;
    const usernames = f.usernames?.split(',').map((s) => s.trim()).filter(Boolean);
    const plan = await this.spin(
      'Reading the users',
      planCopyUsers(this.admin, { fromBroker: f.fromBroker, toBroker: f.toBroker, ...(usernames && usernames.length > 0 ? { usernames } : {}) }, { onSecret: registerSecret }),
    );
    if (f['dry-run']) {
      this.print(await renderCopyUsers(plan, this.style, true));
      return plan;
    }
    const result = await this.spin('Copying the users', applyCopyUsers(this.admin, plan));
    this.print(await renderCopyUsers(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
