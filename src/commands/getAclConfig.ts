import * as Flags from '@oclif/core/flags';
import { getAclConfig, type AclConfigResult } from '../admin/acl.js';
import { AdminCommand } from '../cli/base.js';
import { redactDeep, registerSecret } from '../cli/redact.js';
import { renderAclConfig } from '../render/views/acl.js';

export default class GetAclConfig extends AdminCommand<typeof GetAclConfig> {
  static override summary = 'The ACL 1.0 accounts and global white list of 4.x brokers (secrets masked), where the broker serves them.';
  static override description =
    "Sends GET_BROKER_CLUSTER_ACL_CONFIG (code 54) to one broker (-b) or every master of a cluster (-c), as the Java getAclConfig of 4.6 to 4.9.7 did, and prints the global white list and every account with its secret masked. RocketMQ 4.9.8 removed code 54 (it answers REQUEST_CODE_NOT_SUPPORTED) and has no other request that returns the accounts: for such a broker the command says so and shows what it can read, the versions of its ACL files (code 52, as clusterAclConfigVersion), exit 0. Against a 5.x broker: exit 3 with the ACL 2.0 commands to use (listUser, listAcl); a broker with ACL off is named as such (exit 3); a refused signature is exit 6.";
  static override examples = ['<%= config.bin %> getAclConfig -c DefaultCluster', '<%= config.bin %> getAclConfig -b 127.0.0.1:10911 --json'];

  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master of it.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
  };

  async run(): Promise<AclConfigResult> {
    const f = this.flags;
    const result = await this.spin('Reading the accounts', getAclConfig(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr }, { onSecret: registerSecret }));
    this.print(await renderAclConfig(result, this.style));
    this.reportFailures(result.failures);
    return redactDeep(result);
  }
}
