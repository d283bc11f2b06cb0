import * as Flags from '@oclif/core/flags';
import { aclConfigVersions, type AclVersionsResult } from '../admin/acl.js';
import { AdminCommand } from '../cli/base.js';
import { renderAclVersions } from '../render/views/acl.js';

export default class ClusterAclConfigVersion extends AdminCommand<typeof ClusterAclConfigVersion> {
  static override summary = 'The ACL 1.0 files of 4.x brokers and their versions.';
  static override description =
    'Sends GET_BROKER_CLUSTER_ACL_INFO (code 52) to one broker (-b) or every master of a cluster (-c), as the Java tool does, and prints per broker each ACL file with its version counter and the time it was last written. A broker with ACL off never answers it: after the timeout, the broker configuration is checked and the broker named as having ACL off (exit 3). Against a 5.x broker: exit 3 with the ACL 2.0 commands to use; a refused signature is exit 6.';
  static override examples = ['<%= config.bin %> clusterAclConfigVersion -c DefaultCluster', '<%= config.bin %> clusterAclConfigVersion -b 127.0.0.1:10911 --json'];

  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every master of it.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
  };

  async run(): Promise<AclVersionsResult> {
    const f = this.flags;
    const result = await this.spin('Reading the ACL versions', aclConfigVersions(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr }));
    this.print(await renderAclVersions(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
