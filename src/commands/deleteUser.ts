import * as Flags from '@oclif/core/flags';
import { applyDeleteUser, planDeleteUser, type DeleteUserPlan, type DeleteUserResult } from '../admin/auth.js';
import { authTargetFlags, confirmDestructive, dryRunFlag, yesFlag } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { registerSecret } from '../cli/redact.js';
import { deleteUserQuestion, renderDeleteUser } from '../render/views/auth.js';

export default class DeleteUser extends AdminCommand<typeof DeleteUser> {
  static override summary = 'Delete a user (5.x) and its ACL from every broker of a cluster or from one broker.';
  static override description =
    'Reads the user on every broker of the cluster (-c, masters and slaves) or on one broker (-b), then sends AUTH_DELETE_USER where it is; the broker deletes its ACL too. A user no broker has is exit 4 (the Java tool prints success). Asks on a terminal; elsewhere --yes is needed (exit 2 without it). Deleting a Super user needs a Super user (exit 6 otherwise).';
  static override examples = [
    '<%= config.bin %> deleteUser -c DefaultCluster -u alice',
    '<%= config.bin %> deleteUser -b 127.0.0.1:10911 -u alice --yes',
    '<%= config.bin %> deleteUser -c DefaultCluster -u alice --dry-run',
  ];

  static override flags = {
    ...authTargetFlags(true),
    username: Flags.string({ char: 'u', description: 'Username.', required: true }),
    yes: yesFlag,
    'dry-run': dryRunFlag,
  };

  async run(): Promise<DeleteUserPlan | DeleteUserResult> {
    const f = this.flags;
    const plan = await this.spin('Reading the user', planDeleteUser(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, username: f.username }, { onSecret: registerSecret }));
    if (f['dry-run']) {
      this.print(await renderDeleteUser(plan, this.style, true));
      this.reportFailures(plan.failures);
      return plan;
    }
    await confirmDestructive(deleteUserQuestion(plan), { yes: f.yes, json: this.jsonEnabled(), what: `deleting user ${plan.username}` });
    const result = await this.spin('Deleting the user', applyDeleteUser(this.admin, plan));
    this.print(await renderDeleteUser(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
