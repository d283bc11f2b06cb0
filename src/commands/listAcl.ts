import * as Flags from '@oclif/core/flags';
import { listAcls, type ListAclsResult } from '../admin/auth.js';
import { authTargetFlags } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { renderAcls } from '../render/views/auth.js';

export default class ListAcl extends AdminCommand<typeof ListAcl> {
  static override summary = 'List the ACLs (5.x) of one broker or of every master of a cluster.';
  static override description =
    'AUTH_LIST_ACL on one broker (-b) or every master of a cluster (-c), with the broker of each row when there are several. -s and -r filter by subject and by resource (the broker filters). One row per policy entry.';
  static override examples = ['<%= config.bin %> listAcl -c DefaultCluster', '<%= config.bin %> listAcl -b 127.0.0.1:10911 -s User:alice -r Topic:orders --json'];

  static override flags = {
    ...authTargetFlags(false),
    subject: Flags.string({ char: 's', description: 'Only the subjects matching this.' }),
    resource: Flags.string({ char: 'r', description: 'Only the entries matching this resource.' }),
  };

  async run(): Promise<ListAclsResult> {
    const f = this.flags;
    const result = await this.spin('Listing the ACLs', listAcls(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, subjectFilter: f.subject, resourceFilter: f.resource }));
    this.print(await renderAcls(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
