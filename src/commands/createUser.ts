import * as Flags from '@oclif/core/flags';
import { createUser, type CreateUserResult } from '../admin/auth.js';
import { askPassword, authTargetFlags, registerPasswordArgs } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { registerSecret } from '../cli/redact.js';
import { renderCreateUser } from '../render/views/auth.js';

export default class CreateUser extends AdminCommand<typeof CreateUser> {
  static override summary = 'Create a user (5.x authentication) on every broker of a cluster or on one broker.';
  static override description =
    'AUTH_CREATE_USER on every broker of the cluster (-c, masters and slaves, as the Java tool) or on one broker (-b); prints the result per broker. Without -p the password is asked for twice, without echo, on a terminal (exit 2 when there is none). The password is never printed. A Super user can only be created by a Super user (the broker refuses otherwise: exit 6). A 4.x broker has no users: use the ACL 1.0 commands there.';
  static override examples = [
    '<%= config.bin %> createUser -c DefaultCluster -u alice',
    '<%= config.bin %> createUser -b 127.0.0.1:10911 -u alice -p "$ALICE_PASSWORD" -t Normal',
  ];

  static override flags = {
    ...authTargetFlags(true),
    username: Flags.string({ char: 'u', description: 'Username.', required: true }),
    password: Flags.string({ char: 'p', description: 'Password (asked for without echo on a terminal when not given). Never printed.' }),
    userType: Flags.string({ char: 't', description: 'User type: Normal (default) or Super.' }),
  };

  override async init(): Promise<void> {
    registerPasswordArgs(this.argv);
    await super.init();
  }

  async run(): Promise<CreateUserResult> {
    const f = this.flags;
    const password = f.password ?? (await askPassword(f.username, this.jsonEnabled()));
    registerSecret(password);
    const result = await this.spin(
      'Creating the user',
      createUser(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, username: f.username, password, userType: f.userType }),
    );
    this.print(await renderCreateUser(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
