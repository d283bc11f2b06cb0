import * as Flags from '@oclif/core/flags';
import { applyDeleteAclConfig, planDeleteAclConfig, type DeleteAclPlan, type DeleteAclResult } from '../admin/acl.js';
import { AdminCommand } from '../cli/base.js';
import { canAsk, confirmOrCancel } from '../cli/confirm.js';
import { CliError, ExitCode } from '../cli/exitCodes.js';
import { adminOptions } from '../cli/settings.js';
import { deleteAclQuestion, renderDeleteAcl } from '../render/views/acl.js';

export default class DeleteAclConfig extends AdminCommand<typeof DeleteAclConfig> {
  static override summary = 'Delete an ACL 1.0 account from 4.x brokers.';
  static override description =
    'Sends DELETE_ACL_CONFIG (code 51) to one broker (-b) or to every broker of a cluster, masters and slaves (-c), as the Java tool does, and prints per broker whether the account was deleted or was not there. An account no broker has is exit 4. Asks on a terminal; elsewhere (CI, pipes, --json) it needs --yes and is exit 2 without it; --dry-run shows the brokers and changes nothing. Against a 5.x broker: exit 3 with the ACL 2.0 commands to use; a broker with ACL off is named as such (exit 3); a refused signature or account is exit 6.';
  static override aliases = ['deleteAccessConfig'];
  static override examples = ['<%= config.bin %> deleteAclConfig -c DefaultCluster -a reader01', '<%= config.bin %> deleteAclConfig -b 127.0.0.1:10911 -a reader01 --yes'];

  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every broker of it, masters and slaves.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    accessKey: Flags.string({ char: 'a', description: 'Access key of the account to delete.', required: true }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
    'dry-run': Flags.boolean({ description: 'Show the brokers the account would be deleted from; change nothing.' }),
  };

  async run(): Promise<DeleteAclPlan | DeleteAclResult> {
    const f = this.flags;
    const plan = await planDeleteAclConfig(this.admin, { cluster: f.clusterName, brokerAddr: f.brokerAddr, accessKey: f.accessKey.trim() });
    if (f['dry-run']) {
      this.print(await renderDeleteAcl(plan, this.style, true));
      return plan;
    }
    if (!f.yes) {
      const question = deleteAclQuestion(plan, this.signedWith());
      if (!canAsk({ json: this.jsonEnabled() })) {
        throw new CliError(`deleteAclConfig deletes the account ${plan.accessKey} from ${plan.brokers.length} broker(s): pass --yes to do it`, ExitCode.USAGE, 'there is no terminal to ask on (CI, a pipe, or --json); --dry-run shows the brokers');
      }
      await confirmOrCancel(question, { yes: false, json: this.jsonEnabled() });
    }
    const result = await this.spin('Deleting the account', applyDeleteAclConfig(this.admin, plan));
    this.print(await renderDeleteAcl(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }

  /** The access key mqadmin signs with, if any. */
  private signedWith(): string | undefined {
    try {
      return adminOptions(this.resolveSettings()).credentials?.accessKey;
    } catch {
      return undefined;
    }
  }
}
