import * as Flags from '@oclif/core/flags';
import { applyPutAcl, planPutAcl, type PutAclPlan, type PutAclResult } from '../admin/auth.js';
import { authTargetFlags, dryRunFlag } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { renderPutAcl } from '../render/views/auth.js';

export default class CreateAcl extends AdminCommand<typeof CreateAcl> {
  static override summary = "Give a user (5.x) access to topics, groups or clusters: one ACL entry per resource.";
  static override description =
    'AUTH_CREATE_ACL on every broker of the cluster (-c, masters and slaves) or on one broker (-b): one policy entry per resource (-r), each with the actions (-a), decision (-d) and source IPs (-i) given. The broker merges it into an existing ACL (an entry for the same resource is replaced, others are kept), so the ACL is read first and the change shown per broker. Resources: Topic:NAME, Group:NAME, Cluster:NAME, Namespace:NAME, Topic:prefix*, Topic:* or *. Actions: Pub, Sub, Create, Update, Delete, Get, List, All. The subject must be an existing user (exit 4 otherwise).';
  static override examples = [
    '<%= config.bin %> createAcl -c DefaultCluster -s User:alice -r Topic:orders -a Pub -d Allow',
    '<%= config.bin %> createAcl -c DefaultCluster -s User:alice -r Topic:orders,Group:billing -a Pub,Sub -d Allow -i 10.0.0.0/8',
    '<%= config.bin %> createAcl -b 127.0.0.1:10911 -s User:alice -r "Topic:audit*" -a Sub -d Deny --dry-run',
  ];

  static override flags = {
    ...authTargetFlags(true),
    subject: Flags.string({ char: 's', description: 'Subject: User:<username>.', required: true }),
    resources: Flags.string({ char: 'r', description: 'Resources, comma separated: Topic:T, Group:G, Topic:prefix*, *.', required: true }),
    actions: Flags.string({ char: 'a', description: 'Actions, comma separated: Pub, Sub, Create, Update, Delete, Get, List, All.', required: true }),
    decision: Flags.string({ char: 'd', description: 'Allow or Deny.', required: true }),
    sourceIp: Flags.string({ char: 'i', description: 'Source IPs or CIDR ranges, comma separated (default: from anywhere).' }),
    'dry-run': dryRunFlag,
  };

  async run(): Promise<PutAclPlan | PutAclResult> {
    const f = this.flags;
    const plan = await this.spin(
      'Reading the ACL',
      planPutAcl(this.admin, 'create', { cluster: f.clusterName, brokerAddr: f.brokerAddr, subject: f.subject, resources: f.resources, actions: f.actions, decision: f.decision, sourceIps: f.sourceIp }),
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
