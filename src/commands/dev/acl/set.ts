import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../../cli/base.js';
import { setDevAccount, type DevAclChangeResult } from '../../../dev/acl.js';
import { resolveDevHome } from '../../../dev/state.js';
import { renderDevAclChange } from '../../../render/views/devAcl.js';

const PERMS = ['DENY', 'PUB', 'SUB', 'PUB|SUB'] as const;

export default class DevAclSet extends BaseCommand<typeof DevAclSet> {
  static override summary = 'Create or update an account of the dev cluster started with --acl.';
  static override description =
    'Sends UPDATE_AND_CREATE_ACL_CONFIG (code 50, as the Java updateAclConfig) to every broker, signed with the admin account. As on a 4.9 broker, the account is merged into the stored one: --topic-perm, --group-perm and --white-remote-address replace the stored values only when given; --admin is off unless given. Permissions: DENY, PUB, SUB, PUB|SUB (topics and groups not listed get the defaults, which are DENY when unset). Keys must be longer than 6 characters.';
  static override examples = [
    "<%= config.bin %> dev acl set reader01 --secret-key reader-secret --default-topic-perm SUB --default-group-perm SUB",
    "<%= config.bin %> dev acl set app-writer --secret-key app-secret-1 --topic-perm 'Orders=PUB|SUB' --topic-perm Audit=DENY --group-perm OrdersGroup=SUB",
    '<%= config.bin %> dev acl set ops-admin --secret-key ops-secret-1 --admin',
  ];

  static override args = {
    accessKey: Args.string({ description: 'Access key of the account (longer than 6 characters).', required: true }),
  };

  static override flags = {
    'secret-key': Flags.string({ description: 'Secret key of the account (longer than 6 characters). Never printed.', required: true }),
    admin: Flags.boolean({ description: 'May use the admin codes (topic and group creation and deletion, broker config).' }),
    'default-topic-perm': Flags.option({ options: PERMS, description: 'Permission on topics not listed in --topic-perm.' })(),
    'default-group-perm': Flags.option({ options: PERMS, description: 'Permission on groups not listed in --group-perm.' })(),
    'topic-perm': Flags.string({ description: 'TOPIC=PERM, repeatable.', multiple: true }),
    'group-perm': Flags.string({ description: 'GROUP=PERM, repeatable.', multiple: true }),
    'white-remote-address': Flags.string({ description: 'Address expression (e.g. 127.0.0.1, 192.168.*.*, 10.0.0.{1,2}) from which this account is let in without a signature check.' }),
    'data-dir': Flags.directory({ description: 'Data directory (default: $MQADMIN_DEV_HOME, else $XDG_DATA_HOME/mqadmin/dev).' }),
    timeout: Flags.integer({ description: 'Timeout of each request, in milliseconds.', default: 5000, min: 1 }),
  };

  async run(): Promise<DevAclChangeResult> {
    const f = this.flags;
    const result = await setDevAccount(
      resolveDevHome({ dataDir: f['data-dir'] }),
      {
        accessKey: this.args.accessKey,
        secretKey: f['secret-key'],
        admin: f.admin,
        ...(f['default-topic-perm'] ? { defaultTopicPerm: f['default-topic-perm'] } : {}),
        ...(f['default-group-perm'] ? { defaultGroupPerm: f['default-group-perm'] } : {}),
        ...(f['topic-perm'] ? { topicPerms: f['topic-perm'] } : {}),
        ...(f['group-perm'] ? { groupPerms: f['group-perm'] } : {}),
        ...(f['white-remote-address'] !== undefined ? { whiteRemoteAddress: f['white-remote-address'] } : {}),
      },
      f.timeout,
    );
    this.print(renderDevAclChange(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
