// createAcl and updateAcl (5.x) differ only in the request they send (AUTH_CREATE_ACL or
// AUTH_UPDATE_ACL): the same flags, the same read-then-write plan, the same view.

import * as Flags from '@oclif/core/flags';
import { applyPutAcl, planPutAcl, type PutAclPlan, type PutAclResult } from '../admin/auth.js';
import { renderPutAcl } from '../render/views/auth.js';
import { authTargetFlags, dryRunFlag } from './authFlags.js';
import { AdminCommand } from './base.js';

export abstract class PutAclCommand extends AdminCommand<typeof PutAclCommand> {
  static override flags = {
    ...authTargetFlags(true),
    subject: Flags.string({ char: 's', description: 'Subject: User:<username>.', required: true }),
    resources: Flags.string({ char: 'r', description: 'Resources, comma separated: Topic:T, Group:G, Topic:prefix*, *.', required: true }),
    actions: Flags.string({ char: 'a', description: 'Actions, comma separated: Pub, Sub, Create, Update, Delete, Get, List, All.', required: true }),
    decision: Flags.string({ char: 'd', description: 'Allow or Deny.', required: true }),
    sourceIp: Flags.string({ char: 'i', description: 'Source IPs or CIDR ranges, comma separated (default: from anywhere).' }),
    'dry-run': dryRunFlag,
  };

  protected abstract readonly mode: 'create' | 'update';

  async run(): Promise<PutAclPlan | PutAclResult> {
    const f = this.flags;
    const plan = await this.spin(
      'Reading the ACL',
      planPutAcl(this.admin, this.mode, { cluster: f.clusterName, brokerAddr: f.brokerAddr, subject: f.subject, resources: f.resources, actions: f.actions, decision: f.decision, sourceIps: f.sourceIp }),
    );
    if (f['dry-run']) {
      this.print(await renderPutAcl(plan, this.style, true));
      this.reportFailures(plan.failures);
      return plan;
    }
    const result = await this.spin('Writing the ACL', applyPutAcl(this.admin, plan));
    this.print(await renderPutAcl(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
