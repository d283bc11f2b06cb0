import * as Flags from '@oclif/core/flags';
import { applyDeleteAcl, planDeleteAcl, type DeleteAclPlan, type DeleteAclResult } from '../admin/auth.js';
import { authTargetFlags, confirmDestructive, dryRunFlag, yesFlag } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { deleteAclQuestion, renderDeleteAcl } from '../render/views/auth.js';

export default class DeleteAcl extends AdminCommand<typeof DeleteAcl> {
  static override summary = "Delete a user's (5.x) whole ACL, or its entries for some resources.";
  static override description =
    'Reads the ACL of the subject on every broker of the cluster (-c, masters and slaves) or on one broker (-b), then sends AUTH_DELETE_ACL where there is something to delete: without -r the whole ACL, with -r the entries of those resources (one request each; the Java tool takes one resource). Nothing to delete anywhere is exit 4 (the Java tool prints success). Asks on a terminal; elsewhere --yes is needed (exit 2 without it).';
  static override examples = [
    '<%= config.bin %> deleteAcl -c DefaultCluster -s User:alice',
    '<%= config.bin %> deleteAcl -c DefaultCluster -s User:alice -r Group:billing --yes',
    '<%= config.bin %> deleteAcl -b 127.0.0.1:10911 -s User:alice --dry-run',
  ];

  static override flags = {
    ...authTargetFlags(true),
    subject: Flags.string({ char: 's', description: 'Subject: User:<username>.', required: true }),
    resources: Flags.string({ char: 'r', description: 'Only the entries of these resources, comma separated (default: the whole ACL).' }),
    yes: yesFlag,
    'dry-run': dryRunFlag,
  };

  async run(): Promise<DeleteAclPlan | DeleteAclResult> {
    const f = this.flags;
    const plan = await this.spin('Reading the ACL', planDeleteAcl(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, subject: f.subject, ...(f.resources !== undefined ? { resources: f.resources } : {}) }));
    if (f['dry-run']) {
      this.print(await renderDeleteAcl(plan, this.style, true));
      this.reportFailures(plan.failures);
      return plan;
    }
    const what = plan.resources === null ? `deleting the ACL of ${plan.subject}` : `deleting ${plan.resources.join(', ')} from the ACL of ${plan.subject}`;
    await confirmDestructive(deleteAclQuestion(plan), { yes: f.yes, json: this.jsonEnabled(), what });
    const result = await this.spin('Deleting', applyDeleteAcl(this.admin, plan));
    this.print(await renderDeleteAcl(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
