import * as Flags from '@oclif/core/flags';
import { applyUpdateUser, planUpdateUser, type UpdateUserPlan, type UpdateUserResult } from '../admin/auth.js';
import { authTargetFlags, dryRunFlag, registerPasswordArgs } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { registerSecret } from '../cli/redact.js';
import { renderUpdateUser } from '../render/views/auth.js';

export default class UpdateUser extends AdminCommand<typeof UpdateUser> {
  static override summary = "Change a user's password, type or status (5.x), only what is given.";
  static override description =
    'Reads the user on every broker of the cluster (-c, masters and slaves) or on one broker (-b), then sends AUTH_UPDATE_USER with only the fields that change (the broker keeps the others) and prints per broker before -> after (a password only as "changed"). A broker without the user is named (exit 3; exit 4 when no broker has it). Making or changing a Super user needs a Super user (exit 6 otherwise).';
  static override examples = [
    '<%= config.bin %> updateUser -c DefaultCluster -u alice -p "$NEW_PASSWORD"',
    '<%= config.bin %> updateUser -b 127.0.0.1:10911 -u alice -s disable',
    '<%= config.bin %> updateUser -c DefaultCluster -u alice -t Super --dry-run',
  ];

  static override flags = {
    ...authTargetFlags(true),
    username: Flags.string({ char: 'u', description: 'Username.', required: true }),
    password: Flags.string({ char: 'p', description: 'New password. Never printed.' }),
    userType: Flags.string({ char: 't', description: 'New user type: Normal or Super.' }),
    userStatus: Flags.string({ char: 's', description: 'New status: enable or disable.' }),
    'dry-run': dryRunFlag,
  };

  override async init(): Promise<void> {
    registerPasswordArgs(this.argv);
    await super.init();
  }

  async run(): Promise<UpdateUserPlan | UpdateUserResult> {
    const f = this.flags;
    registerSecret(f.password);
    const plan = await this.spin(
      'Reading the user',
      planUpdateUser(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, username: f.username, password: f.password, userType: f.userType, userStatus: f.userStatus }, { onSecret: registerSecret }),
    );
    if (f['dry-run']) {
      this.print(await renderUpdateUser(plan, this.style, true));
      this.reportFailures(plan.failures);
      return plan;
    }
    const result = await this.spin('Updating the user', applyUpdateUser(this.admin, plan, f.password));
    this.print(await renderUpdateUser(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
