import * as Flags from '@oclif/core/flags';
import type { Command } from '@oclif/core/command';
import { executeReset, planReset, type ResetOptions, type ResetPlan, type ResetResult, type ResetTarget } from '../admin/consumer.js';
import { InvalidArgumentError } from '../admin/errors.js';
import { AdminCommand } from '../cli/base.js';
import { canAsk, confirmOrCancel } from '../cli/confirm.js';
import { parseTime } from '../cli/time.js';
import { renderResetPlan, renderResetResult } from '../render/views/consumer.js';

/**
 * The -s value: `latest` (and the Java tool's `now`, which it sends as -1: the newest offset),
 * `earliest`, epoch milliseconds (any number, `0` included), or a time `parseTime` reads.
 */
export function parseResetTime(text: string, now: number = Date.now()): ResetTarget {
  const t = text.trim().toLowerCase();
  if (t === 'latest' || t === 'now') return { kind: 'latest' };
  if (t === 'earliest') return { kind: 'earliest' };
  if (/^\d+$/.test(t)) return { kind: 'time', ms: Number(t) };
  return { kind: 'time', ms: parseTime(text, now) };
}

export const forceFlag = Flags.string({ char: 'f', description: 'true: move offsets either way (default); false: only backwards.', options: ['true', 'false'], default: 'true', helpValue: 'true|false' });

export type ResetOutcome = { plan: ResetPlan; result?: ResetResult; dryRun: boolean };

/** What the reset commands share: plan, show, ask (on a terminal), carry out, read back. */
export abstract class ResetCommand<T extends typeof Command> extends AdminCommand<T> {
  protected async runReset(options: ResetOptions, flags: { dryRun: boolean; yes: boolean }): Promise<ResetOutcome> {
    const plan = await this.spin('Computing the plan', planReset(this.admin, options));
    const asking = !flags.yes && canAsk({ json: this.jsonEnabled() });
    if (flags.dryRun || asking) this.print(await renderResetPlan(plan, this.style));
    if (flags.dryRun) {
      this.reportFailures(plan.failures);
      return { plan, dryRun: true };
    }
    if (plan.queues.length === 0) {
      this.reportFailures(plan.failures);
      throw new InvalidArgumentError(`no queue of topic "${plan.topic}" to reset for group "${plan.group}"`);
    }
    await confirmOrCancel(`Reset ${plan.queues.length} queue(s) of group ${plan.group}?`, { yes: flags.yes, json: this.jsonEnabled() });
    const result = await this.spin('Resetting', executeReset(this.admin, plan, { queueId: options.queueId }));
    this.print(await renderResetResult(result, this.style));
    this.reportFailures(result.failures);
    return { plan, result, dryRun: false };
  }
}

export default class ResetOffsetByTime extends ResetCommand<typeof ResetOffsetByTime> {
  static override summary = "Move a consumer group's offsets on a topic to a time.";
  static override description = [
    'First computes the plan: per queue the committed offset now, the offset for the time (SEARCH_OFFSET_BY_TIMESTAMP) and the change. On a terminal it shows the plan and asks (--yes skips); --dry-run prints it and stops; without a terminal it goes ahead, like the Java tool.',
    'Then each broker resets the way it can: a 5.x broker moves the offsets itself; a 4.x broker pushes them to the online consumers; when no consumer is online (CONSUMER_NOT_ONLINE) the offsets are written directly (UPDATE_CONSUMER_OFFSET). The offsets are read back and printed per queue: before, target, after. A broker that failed is named and the exit code is 3.',
    'TIME: now or latest (the newest offset), earliest, epoch milliseconds, yyyy-MM-dd#HH:mm:ss:SSS (local), ISO 8601 (2026-11-22T10:00:00Z), or relative (-1h, 30m).',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> resetOffsetByTime -g MyGroup -t MyTopic -s 2026-11-22T10:00:00+08:00',
    '<%= config.bin %> resetOffsetByTime -g MyGroup -t MyTopic -s -1h --dry-run',
    '<%= config.bin %> resetOffsetByTime -g MyGroup -t MyTopic -s earliest --yes',
    '<%= config.bin %> resetOffsetByTime -g MyGroup -t MyTopic -s now -b 127.0.0.1:10911 -q 0 -o 100',
  ];

  static override flags = {
    group: Flags.string({ char: 'g', description: 'Consumer group.', required: true }),
    topic: Flags.string({ char: 't', description: 'Topic.', required: true }),
    timestamp: Flags.string({ char: 's', description: 'Where to: now|latest, earliest, epoch ms, yyyy-MM-dd#HH:mm:ss:SSS, ISO 8601, -1h.', required: true, helpValue: 'TIME' }),
    force: forceFlag,
    cluster: Flags.string({ char: 'c', description: 'Only the brokers of this cluster.' }),
    broker: Flags.string({ char: 'b', description: 'One queue: its broker address (with -q).', dependsOn: ['queue'] }),
    queue: Flags.integer({ char: 'q', description: 'One queue: its id (with -b).', dependsOn: ['broker'], min: 0 }),
    offset: Flags.integer({ char: 'o', description: 'One queue: this offset instead of a time (with -b and -q).', dependsOn: ['broker', 'queue'], min: 0 }),
    'dry-run': Flags.boolean({ description: 'Print the plan and change nothing.' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<ResetOutcome> {
    const f = this.flags;
    const target: ResetTarget = f.offset !== undefined ? { kind: 'offset', offset: f.offset } : parseResetTime(f.timestamp);
    return this.runReset(
      { group: f.group, topic: f.topic, target, force: f.force === 'true', cluster: f.cluster, brokerAddr: f.broker, queueId: f.queue },
      { dryRun: f['dry-run'], yes: f.yes },
    );
  }
}
