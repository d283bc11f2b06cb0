import * as Flags from '@oclif/core/flags';
import { getAcl, type GetAclResult } from '../admin/auth.js';
import { authTargetFlags } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { renderAcl } from '../render/views/auth.js';

export default class GetAcl extends AdminCommand<typeof GetAcl> {
  static override summary = "Show a user's (5.x) ACL: one row per policy entry.";
  static override description =
    'AUTH_GET_ACL on one broker (-b) or every master of a cluster (-c), each shown. Rows: subject, policy type, resource, actions, source IPs (any: from anywhere) and decision. A subject without an ACL on any broker is exit 4 (the Java tool prints nothing).';
  static override examples = ['<%= config.bin %> getAcl -c DefaultCluster -s User:alice', '<%= config.bin %> getAcl -b 127.0.0.1:10911 -s User:alice --json'];

  static override flags = {
    ...authTargetFlags(false),
    subject: Flags.string({ char: 's', description: 'Subject: User:<username>.', required: true }),
  };

  async run(): Promise<GetAclResult> {
    const f = this.flags;
    const result = await this.spin('Reading the ACL', getAcl(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, subject: f.subject }));
    this.print(await renderAcl(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
