import * as Flags from '@oclif/core/flags';
import { applyCopyAcls, planCopyAcls, type CopyAclsPlan, type CopyAclsResult } from '../admin/auth.js';
import { dryRunFlag } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { renderCopyAcls } from '../render/views/auth.js';

export default class CopyAcl extends AdminCommand<typeof CopyAcl> {
  static override summary = 'Copy ACLs (5.x) from one broker to another.';
  static override description =
    'Reads the ACLs of the subjects named with -s (default: every ACL) on the source broker and on the target: a subject without an ACL there gets it (AUTH_CREATE_ACL), one with an ACL gets the entries merged in (AUTH_UPDATE_ACL), as the Java tool does; one already the same is left alone. The users must exist on the target (copy them first with copyUser). Prints per subject what was done.';
  static override examples = [
    '<%= config.bin %> copyAcl -f 127.0.0.1:10911 -t 127.0.0.1:10921',
    '<%= config.bin %> copyAcl -f 127.0.0.1:10911 -t 127.0.0.1:10921 -s User:alice --dry-run',
  ];

  static override flags = {
    fromBroker: Flags.string({ char: 'f', description: 'Source broker address, host:port.', required: true }),
    toBroker: Flags.string({ char: 't', description: 'Target broker address, host:port.', required: true }),
    subjects: Flags.string({ char: 's', description: 'Subjects to copy, comma separated (default: all).' }),
    'dry-run': dryRunFlag,
  };

  async run(): Promise<CopyAclsPlan | CopyAclsResult> {
    const f = this.flags;
    const subjects = f.subjects?.split(',').map((s) => s.trim()).filter(Boolean);
    const plan = await this.spin('Reading the ACLs', planCopyAcls(this.admin, { fromBroker: f.fromBroker, toBroker: f.toBroker, ...(subjects && subjects.length > 0 ? { subjects } : {}) }));
    if (f['dry-run']) {
      this.print(await renderCopyAcls(plan, this.style, true));
      return plan;
    }
    const result = await this.spin('Copying the ACLs', applyCopyAcls(this.admin, plan));
    this.print(await renderCopyAcls(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
