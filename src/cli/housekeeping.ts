// What cleanExpiredCQ, deleteExpiredCommitLog and cleanUnusedTopic share: the Java -b / -c
// targets (both optional: neither is every broker), --yes and --dry-run, and one flow: plan,
// confirm, send, print per broker.

import * as Flags from '@oclif/core/flags';
import { applyHousekeeping, planHousekeeping, type HousekeepingAction, type HousekeepingPlan, type HousekeepingResult } from '../admin/maintenance.js';
import type { MQAdmin } from '../admin/MQAdmin.js';
import type { Style } from '../render/style.js';
import { housekeepingQuestion, renderHousekeeping } from '../render/views/maintenance.js';
import { confirmDestructive, dryRunFlag, yesFlag } from './authFlags.js';

export const housekeepingFlags = {
  brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port (default: every broker).', exclusive: ['cluster'] }),
  cluster: Flags.string({ char: 'c', description: 'Cluster name: every broker of it, masters and slaves.', exclusive: ['brokerAddr'] }),
  yes: yesFlag,
  'dry-run': dryRunFlag,
};

export interface HousekeepingCommand {
  admin: MQAdmin;
  style: Style;
  json: boolean;
  print(text: string): void;
  spin<R>(text: string, work: Promise<R>): Promise<R>;
  reportFailures(failures: HousekeepingResult['failures']): void;
}

export async function runHousekeeping(
  cmd: HousekeepingCommand,
  action: HousekeepingAction,
  f: { brokerAddr?: string; cluster?: string; yes: boolean; 'dry-run': boolean },
): Promise<HousekeepingPlan | HousekeepingResult> {
  const plan = await cmd.spin('Finding the brokers', planHousekeeping(cmd.admin, action, { brokerAddr: f.brokerAddr, cluster: f.cluster }));
  if (f['dry-run']) {
    cmd.print(await renderHousekeeping(plan, cmd.style, true));
    return plan;
  }
  await confirmDestructive(housekeepingQuestion(plan), { yes: f.yes, json: cmd.json, what: `${action} on ${plan.targets.length} broker${plan.targets.length === 1 ? '' : 's'}` });
  const result = await cmd.spin(`Asking the brokers (${action})`, applyHousekeeping(cmd.admin, plan));
  cmd.print(await renderHousekeeping(result, cmd.style));
  cmd.reportFailures(result.failures);
  return result;
}
