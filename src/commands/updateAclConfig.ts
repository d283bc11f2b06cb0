import * as Flags from '@oclif/core/flags';
import { applyUpdateAclConfig, dryRunPlan, planUpdateAclConfig, splitList, type UpdateAclPlan, type UpdateAclResult } from '../admin/acl.js';
import { AdminCommand } from '../cli/base.js';
import { javaBooleanFlag } from '../cli/javaFlags.js';
import { redactDeep, registerSecret } from '../cli/redact.js';
import { renderUpdateAcl } from '../render/views/acl.js';

/** The value of -s / --secretKey in a raw argv, whatever its form (`-s V`, `-sV`, `-s=V`, `--secretKey[=]V`). */
export function accountSecretsFromArgv(argv: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    const long = /^--secretKey(?:=([\s\S]*))?$/.exec(arg);
    const short = /^-s(?:=?([\s\S]+))?$/.exec(arg);
    const m = long ?? short;
    if (!m) continue;
    if (m[1] !== undefined) found.push(m[1]);
    else if (i + 1 < argv.length) found.push(argv[i + 1]!);
  }
  return found.filter((s) => s.length > 0);
}

export default class UpdateAclConfig extends AdminCommand<typeof UpdateAclConfig> {
  static override summary = 'Create an ACL 1.0 account on 4.x brokers, or change the settings given on an existing one.';
  static override description =
    'Sends UPDATE_AND_CREATE_ACL_CONFIG (code 50) to one broker (-b) or to every broker of a cluster, masters and slaves (-c), as the Java tool does. The broker merges the request into the stored account: -i, -u, -t, -g and -w replace the stored values only when given (-t and -g replace the whole list); -s is always required. -m is always written (false unless given, as the Java tool sends it), except where the broker shows its accounts (4.9.7 and older): there the stored flag is kept and each broker shows before -> after. Permissions: DENY, PUB, SUB, PUB|SUB. The secret key is never printed. Against a 5.x broker: one line saying to use the ACL 2.0 commands (createUser, createAcl), exit 3; a broker with ACL off (aclEnable=false) is named as such, exit 3; a refused signature or account is exit 6.';
  static override examples = [
    "<%= config.bin %> updateAclConfig -c DefaultCluster -a reader01 -s reader-secret-1 -i SUB -u SUB -t 'Orders=PUB|SUB,Audit=DENY' -g OrdersGroup=SUB",
    '<%= config.bin %> updateAclConfig -b 127.0.0.1:10911 -a ops-admin -s ops-secret-1 -m true -w 10.0.0.*',
    '<%= config.bin %> updateAclConfig -c DefaultCluster -a reader01 -s reader-secret-1 -i PUB --dry-run',
  ];

  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every broker of it, masters and slaves.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    accessKey: Flags.string({ char: 'a', description: 'Access key of the account (longer than 6 characters; not the --access-key mqadmin signs with).', required: true }),
    secretKey: Flags.string({ char: 's', description: 'Secret key of the account (longer than 6 characters; not the --secret-key mqadmin signs with). Never printed.', required: true }),
    whiteRemoteAddress: Flags.string({ char: 'w', description: "Address expression from which the account is let in without a signature check (e.g. 192.168.*.*, 10.0.0.{1,2}); '' clears it." }),
    defaultTopicPerm: Flags.string({ char: 'i', description: 'Permission on topics not in -t: DENY, PUB, SUB or PUB|SUB.' }),
    defaultGroupPerm: Flags.string({ char: 'u', description: 'Permission on groups not in -g: DENY, PUB, SUB or PUB|SUB.' }),
    topicPerms: Flags.string({ char: 't', description: 'Topic permissions, TOPIC=PERM,TOPIC=PERM (replaces the stored list).' }),
    groupPerms: Flags.string({ char: 'g', description: 'Group permissions, GROUP=PERM,GROUP=PERM (replaces the stored list).' }),
    admin: javaBooleanFlag({ char: 'm', name: 'admin', description: 'Admin account: may create and delete topics and groups and change the broker config' }),
    'dry-run': Flags.boolean({ description: 'Show what would be sent and, where the broker shows its accounts, what would change; change nothing.' }),
  };

  override async init(): Promise<void> {
    // Before the flags are parsed: a parse error must not echo the secret either.
    for (const secret of accountSecretsFromArgv(this.argv)) registerSecret(secret);
    await super.init();
  }

  async run(): Promise<UpdateAclPlan | UpdateAclResult> {
    const f = this.flags;
    registerSecret(f.secretKey);
    const plan = await this.spin(
      'Reading the accounts',
      planUpdateAclConfig(
        this.admin,
        {
          cluster: f.clusterName,
          brokerAddr: f.brokerAddr,
          accessKey: f.accessKey.trim(),
          secretKey: f.secretKey.trim(),
          ...(f.admin !== undefined ? { admin: f.admin } : {}),
          ...(f.whiteRemoteAddress !== undefined ? { whiteRemoteAddress: f.whiteRemoteAddress.trim() } : {}),
          ...(f.defaultTopicPerm !== undefined ? { defaultTopicPerm: f.defaultTopicPerm.trim() } : {}),
          ...(f.defaultGroupPerm !== undefined ? { defaultGroupPerm: f.defaultGroupPerm.trim() } : {}),
          ...(f.topicPerms !== undefined ? { topicPerms: splitList(f.topicPerms) } : {}),
          ...(f.groupPerms !== undefined ? { groupPerms: splitList(f.groupPerms) } : {}),
        },
        { onSecret: registerSecret },
      ),
    );
    if (f['dry-run']) {
      const shown = dryRunPlan(plan);
      this.print(await renderUpdateAcl(shown, this.style));
      return redactDeep(shown);
    }
    const result = await this.spin('Updating the account', applyUpdateAclConfig(this.admin, plan));
    this.print(await renderUpdateAcl(result, this.style));
    this.reportFailures(result.failures);
    return redactDeep(result);
  }
}
