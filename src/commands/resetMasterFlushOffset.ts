import * as Flags from '@oclif/core/flags';
import { planResetMasterFlushOffset, resetMasterFlushOffset, type ResetMasterFlushOffsetResult } from '../admin/maintenance.js';
import { confirmDestructive, dryRunFlag, yesFlag } from '../cli/authFlags.js';
import { AdminCommand } from '../cli/base.js';
import { renderResetMasterFlushOffset, resetMasterFlushOffsetQuestion } from '../render/views/maintenance.js';

export default class ResetMasterFlushOffset extends AdminCommand<typeof ResetMasterFlushOffset> {
  static override summary = "Set a slave's record of its master's flush offset (5.x).";
  static override description =
    'Sends RESET_MASTER_FLUSH_OFFSET to a slave (-b): it stores -o as the offset its master has flushed (its checkpoint; haStatus shows it). A master ignores it, so a -b the cluster table names as a master is refused (exit 3) and nothing is sent; a 4.x broker cannot do it (exit 3). Asks on a terminal; elsewhere --yes is needed (exit 2 without it); --dry-run sends nothing.';
  static override examples = ['<%= config.bin %> resetMasterFlushOffset -b 127.0.0.1:10921 -o 712889', '<%= config.bin %> resetMasterFlushOffset -b 127.0.0.1:10921 -o 0 --dry-run'];

  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'Slave broker address, host:port.', required: true }),
    offset: Flags.string({ char: 'o', description: 'The master flush offset (a commit-log offset).', required: true }),
    yes: yesFlag,
    'dry-run': dryRunFlag,
  };

  async run(): Promise<ResetMasterFlushOffsetResult> {
    const f = this.flags;
    const plan = await planResetMasterFlushOffset(this.admin, f.brokerAddr, f.offset);
    if (f['dry-run']) {
      this.print(renderResetMasterFlushOffset(plan, true));
      return plan;
    }
    await confirmDestructive(resetMasterFlushOffsetQuestion(plan.addr, plan.masterFlushOffset), { yes: f.yes, json: this.jsonEnabled(), what: `resetting the master flush offset of ${plan.addr}` });
    const result = await this.spin('Asking the broker', resetMasterFlushOffset(this.admin, plan));
    this.print(renderResetMasterFlushOffset(result));
    return result;
  }
}
