import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../../cli/base.js';
import { deleteDevAccount, type DevAclChangeResult } from '../../../dev/acl.js';
import { resolveDevHome } from '../../../dev/state.js';
import { renderDevAclChange } from '../../../render/views/devAcl.js';

export default class DevAclDelete extends BaseCommand<typeof DevAclDelete> {
  static override summary = 'Delete an account of the dev cluster started with --acl.';
  static override description =
    'Sends DELETE_ACL_CONFIG (code 51, as the Java deleteAclConfig) to every broker, signed with the admin account. The admin account mqadmin itself uses (see `mqadmin dev status --credentials`) cannot be deleted. An unknown account exits with 4.';
  static override examples = ['<%= config.bin %> dev acl delete reader01'];

  static override args = {
    accessKey: Args.string({ description: 'Access key of the account.', required: true }),
  };

  static override flags = {
    'data-dir': Flags.directory({ description: 'Data directory (default: $MQADMIN_DEV_HOME, else $XDG_DATA_HOME/mqadmin/dev).' }),
    timeout: Flags.integer({ description: 'Timeout of each request, in milliseconds.', default: 5000, min: 1 }),
  };

  async run(): Promise<DevAclChangeResult> {
    const result = await deleteDevAccount(resolveDevHome({ dataDir: this.flags['data-dir'] }), this.args.accessKey, this.flags.timeout);
    this.print(renderDevAclChange(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
