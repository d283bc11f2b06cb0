import * as Flags from '@oclif/core/flags';
import { getUser, type GetUserResult } from '../admin/auth.js';
import { authTargetFlags } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { registerSecret } from '../cli/redact.js';
import { renderUser } from '../render/views/auth.js';

export default class GetUser extends AdminCommand<typeof GetUser> {
  static override summary = 'Show a user (5.x): type and status, the password masked.';
  static override description =
    'AUTH_GET_USER on one broker (-b) or every master of a cluster (-c), each shown (the Java tool stops at the first master that has the user). The password is shown as ****** (the Java tool prints it in clear). A user no broker has is exit 4.';
  static override examples = ['<%= config.bin %> getUser -c DefaultCluster -u alice', '<%= config.bin %> getUser -b 127.0.0.1:10911 -u alice --json'];

  static override flags = {
    ...authTargetFlags(false),
    username: Flags.string({ char: 'u', description: 'Username.', required: true }),
  };

  async run(): Promise<GetUserResult> {
    const f = this.flags;
    const result = await this.spin('Reading the user', getUser(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, username: f.username }, { onSecret: registerSecret }));
    this.print(await renderUser(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
