import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../../cli/base.js';
import { listDevAccounts, type DevAclList } from '../../../dev/acl.js';
import { resolveDevHome } from '../../../dev/state.js';
import { renderDevAclList } from '../../../render/views/devAcl.js';

export default class DevAclListCommand extends BaseCommand<typeof DevAclListCommand> {
  static override summary = 'List the accounts of the dev cluster started with --acl (secrets masked).';
  static override description =
    'Reads the accounts file of the data directory (acl/plain_acl.yml, the plain_acl.yml model of RocketMQ 4.9), whether the cluster runs or not. Secrets are never shown; `mqadmin dev status --credentials` shows the admin account mqadmin uses.';
  static override examples = ['<%= config.bin %> dev acl list', '<%= config.bin %> dev acl list --json'];

  static override flags = {
    'data-dir': Flags.directory({ description: 'Data directory (default: $MQADMIN_DEV_HOME, else $XDG_DATA_HOME/mqadmin/dev).' }),
  };

  async run(): Promise<DevAclList> {
    const result = listDevAccounts(resolveDevHome({ dataDir: this.flags['data-dir'] }));
    this.print(await renderDevAclList(result, this.style));
    return result;
  }
}
