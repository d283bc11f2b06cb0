import { javaBooleanFlag } from '../cli/javaFlags.js';
import * as Flags from '@oclif/core/flags';
import { consumerProgress, consumerProgressAll, type AllGroupsProgress, type ConsumerProgressResult, type GroupProgress } from '../admin/consumer.js';
import { AdminCommand } from '../cli/base.js';
import { spinnerAllowed } from '../cli/spinner.js';
import { groupRowKey, queueRowKey, renderAllGroups, renderConsumerProgress } from '../render/views/consumer.js';

type Result = ConsumerProgressResult | AllGroupsProgress;

/** A group-name filter: a glob (`order-*`, `?`) or, without wildcards, a substring. */
export function groupMatcher(pattern: string): (name: string) => boolean {
  if (!/[*?]/.test(pattern)) return (name) => name.includes(pattern);
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);
  return (name) => re.test(name);
}

export function sortGroups(groups: GroupProgress[], by: string): GroupProgress[] {
  const out = [...groups];
  if (by === 'lag') out.sort((a, b) => b.totalLag - a.totalLag || a.group.localeCompare(b.group));
  else if (by === 'tps') out.sort((a, b) => b.consumeTps - a.consumeTps || a.group.localeCompare(b.group));
  else if (by === 'clients') out.sort((a, b) => b.clients - a.clients || a.group.localeCompare(b.group));
  return out;
}

export default class ConsumerProgress extends AdminCommand<typeof ConsumerProgress> {
  static override summary = "Show a consumer group's lag per queue, or every group's total lag.";
  static override description = [
    'With -g: per queue the broker offset, the committed consumer offset and the lag (their difference), the lag counting only messages still on disk where some have expired, and the time of the last consumed message; retry queues apart; then the consume TPS and the total lag.',
    'Without -g: one row per group (clients online, version, type, model, TPS, total lag), the groups taken from the brokers\' subscription group tables and the NameServer\'s retry topics, asked in parallel (--concurrency).',
    'A broker that does not answer is named on stderr and the exit code is 3.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> consumerProgress -g MyGroup',
    '<%= config.bin %> consumerProgress -g MyGroup -t MyTopic -s',
    '<%= config.bin %> consumerProgress --sort lag --filter "order-*"',
    '<%= config.bin %> consumerProgress -g MyGroup --watch 5',
  ];

  static override flags = {
    groupName: Flags.string({ char: 'g', description: 'Consumer group; without it, every group.' }),
    topicName: Flags.string({ char: 't', description: 'Only this topic (with -g).', dependsOn: ['groupName'] }),
    showClientIP: javaBooleanFlag({ char: 's', name: 'showClientIP', description: 'Show the client holding each queue (with -g), as the Java tool\'s -s true' }),
    cluster: Flags.string({ char: 'c', description: 'Only the brokers of this cluster.' }),
    concurrency: Flags.integer({ description: 'Groups asked at once (without -g).', default: 32, min: 1 }),
    sort: Flags.string({ description: 'Order of the groups (without -g).', options: ['name', 'lag', 'tps', 'clients'], default: 'name' }),
    filter: Flags.string({ description: 'Only groups whose name matches: a glob (order-*) or a substring (without -g).' }),
    'min-lag': Flags.integer({ description: 'Only groups (or queues, with -g) with at least this lag.', min: 0 }),
    system: Flags.boolean({ description: 'Include the brokers\' own groups (TOOLS_CONSUMER, ...).' }),
    watch: Flags.integer({ char: 'w', description: 'Redraw every SECONDS (default 5) with how each lag moved, until Ctrl-C.', min: 1, helpValue: 'SECONDS' }),
  };

  override async init(): Promise<void> {
    // `--watch` with no number means every 5 s.
    const i = this.argv.findIndex((a) => a === '--watch' || a === '-w');
    if (i >= 0 && !/^\d+$/.test(this.argv[i + 1] ?? '')) this.argv.splice(i + 1, 0, '5');
    await super.init();
  }

  async run(): Promise<Result> {
    if (this.flags.watch === undefined) {
      const result = await this.once();
      this.print(await this.render(result));
      this.reportFailures(result.failures);
      return result;
    }
    let previous: Map<string, number> | undefined;
    for (;;) {
      const result = await this.once();
      if (this.jsonEnabled()) this.logJson(result);
      else {
        const text = await this.render(result, previous);
        if (process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
        this.log(`${this.style.dim(`every ${this.flags.watch}s, ${new Date().toLocaleTimeString()}; Ctrl-C to stop`)}\n${text}\n`);
      }
      for (const f of result.failures) process.stderr.write(`warning: ${f.target}: ${f.error}\n`);
      previous = new Map('queues' in result ? result.queues.map((q) => [queueRowKey(q), q.lag]) : result.groups.map((g) => [groupRowKey(g), g.totalLag]));
      await new Promise((r) => setTimeout(r, this.flags.watch! * 1000));
    }
  }

  private async once(): Promise<Result> {
    const f = this.flags;
    if (f.groupName !== undefined) {
      const r = await this.spin('Asking the brokers', consumerProgress(this.admin, { group: f.groupName, topic: f.topicName, cluster: f.cluster, showClient: f.showClientIP ?? false }));
      if (f['min-lag'] !== undefined) r.queues = r.queues.filter((q) => q.lag >= f['min-lag']!);
      return r;
    }
    const r = await this.withProgress((onProgress) =>
      consumerProgressAll(this.admin, { cluster: f.cluster, concurrency: f.concurrency, includeSystemGroups: f.system, onProgress }),
    );
    let groups = r.groups;
    if (f.filter !== undefined) groups = groups.filter((g) => groupMatcher(f.filter!)(g.group));
    if (f['min-lag'] !== undefined) groups = groups.filter((g) => g.totalLag >= f['min-lag']!);
    return { ...r, groups: sortGroups(groups, f.sort) };
  }

  private render(result: Result, previous?: Map<string, number>): Promise<string> {
    return 'queues' in result ? renderConsumerProgress(result, this.style, { previous }) : renderAllGroups(result, this.style, { previous });
  }

  /** A spinner counting the groups answered (terminals only). */
  private async withProgress<R>(work: (onProgress: (done: number, total: number) => void) => Promise<R>): Promise<R> {
    if (!spinnerAllowed(this.jsonEnabled())) return work(() => undefined);
    let text = 'Listing the consumer groups';
    let spinner: { text: string; stop(): void } | undefined;
    let finished = false;
    const timer = setTimeout(() => {
      void import('ora').then(({ default: ora }) => {
        if (!finished) spinner = ora({ text, stream: process.stderr }).start();
      });
    }, 200);
    try {
      return await work((done, total) => {
        text = `Asking ${total} consumer groups: ${done}/${total}`;
        if (spinner) spinner.text = text;
      });
    } finally {
      finished = true;
      clearTimeout(timer);
      spinner?.stop();
    }
  }
}
