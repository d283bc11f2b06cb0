import * as Flags from '@oclif/core/flags';
import { applyUpdateGlobalWhiteAddr, planUpdateGlobalWhiteAddr, splitList, type WhiteAddrPlan, type WhiteAddrResult } from '../admin/acl.js';
import { AdminCommand } from '../cli/base.js';
import { colorEnabled, makeStyle } from '../render/style.js';
import { renderWhiteAddr } from '../render/views/acl.js';

export default class UpdateGlobalWhiteAddr extends AdminCommand<typeof UpdateGlobalWhiteAddr> {
  static override summary = 'Replace the global white list of ACL 1.0 on 4.x brokers.';
  static override description =
    "Sends UPDATE_GLOBAL_WHITE_ADDRS_CONFIG (code 53) to one broker (-b) or to every broker of a cluster, masters and slaves (-c), as the Java tool does. The list replaces the one in the broker's default ACL file, or in the file of -p (a full path on the broker host, one of its ACL files: clusterAclConfigVersion lists them); -g '' clears it. Requests from these addresses are let in without any check (not even a signature). Expressions are checked first (exit 2). Against a 5.x broker: exit 3 with the ACL 2.0 commands to use; a broker with ACL off is named as such (exit 3); a refused signature is exit 6.";
  static override examples = [
    "<%= config.bin %> updateGlobalWhiteAddr -c DefaultCluster -g '10.10.103.*,192.168.0.*'",
    "<%= config.bin %> updateGlobalWhiteAddr -b 127.0.0.1:10911 -g '10.10.104.*' -p /opt/rocketmq/conf/plain_acl.yml",
  ];

  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every broker of it, masters and slaves.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    globalWhiteRemoteAddresses: Flags.string({ char: 'g', description: "Address expressions, comma separated (e.g. 10.10.103.*,192.168.0.*); '' clears the list.", required: true }),
    aclFileFullPath: Flags.string({ char: 'p', description: "The ACL file whose list is replaced, full path on the broker host (default: the broker's plain_acl.yml)." }),
    'dry-run': Flags.boolean({ description: 'Show the list and the brokers; change nothing.' }),
  };

  async run(): Promise<WhiteAddrPlan | WhiteAddrResult> {
    const f = this.flags;
    const plan = await planUpdateGlobalWhiteAddr(this.admin, {
      cluster: f.clusterName,
      brokerAddr: f.brokerAddr,
      addresses: splitList(f.globalWhiteRemoteAddresses),
      ...(f.aclFileFullPath !== undefined ? { aclFileFullPath: f.aclFileFullPath } : {}),
    });
    if (plan.opensToAll.length > 0) {
      const warn = makeStyle(colorEnabled(process.stderr));
      process.stderr.write(`${warn.yellow('warning:')} ${plan.opensToAll.join(', ')} lets every address in without any check: ACL 1.0 then protects nothing on these brokers\n`);
    }
    if (f['dry-run']) {
      this.print(await renderWhiteAddr(plan, this.style, true));
      return plan;
    }
    const result = await this.spin('Updating the global white list', applyUpdateGlobalWhiteAddr(this.admin, plan));
    this.print(await renderWhiteAddr(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
