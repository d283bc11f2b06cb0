import * as Flags from '@oclif/core/flags';
import { listUsers, type ListUsersResult } from '../admin/auth.js';
import { authTargetFlags } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { registerSecret } from '../cli/redact.js';
import { renderUsers } from '../render/views/auth.js';

export default class ListUser extends AdminCommand<typeof ListUser> {
  static override summary = 'List the users (5.x) of one broker or of every master of a cluster, passwords masked.';
  static override description =
    'AUTH_LIST_USER on one broker (-b) or every master of a cluster (-c), each shown with its broker (the Java tool prints the first non-empty list only). -f keeps the usernames containing the text (the broker filters). Passwords are shown as ****** (the Java tool prints them in clear).';
  static override examples = ['<%= config.bin %> listUser -c DefaultCluster', '<%= config.bin %> listUser -b 127.0.0.1:10911 -f app --json'];

  static override flags = {
    ...authTargetFlags(false),
    filter: Flags.string({ char: 'f', description: 'Only usernames containing this text.' }),
  };

  async run(): Promise<ListUsersResult> {
    const f = this.flags;
    const result = await this.spin('Listing the users', listUsers(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, filter: f.filter }, { onSecret: registerSecret }));
    this.print(await renderUsers(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
