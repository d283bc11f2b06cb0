import * as Flags from '@oclif/core/flags';
import { monitorChanges, monitorRound, type MonitorRound } from '../admin/monitor.js';
import { AdminCommand } from '../cli/base.js';
import { renderMonitorChanges, renderMonitorRound } from '../render/views/stats.js';

export default class StartMonitoring extends AdminCommand<typeof StartMonitoring> {
  static override summary = "Watch every consumer group's lag and undelivered messages, printing what changes, until Ctrl-C.";
  static override description = [
    "Every -i seconds (first at once), for every consumer group (the NameServer's %RETRY% topics, as the Java MonitorService; the brokers' own groups with --system): per topic the messages not consumed yet (LAG), the largest lag of one queue, how far behind in time the group is (store time of the newest message minus that of the last consumed one, BEHIND), the messages that expired before it read them, and its clients online; and whether the clients subscribe alike and hold distinct queues (asked of each client through its broker).",
    'The first round prints every group; the next ones print only what changed (a lag that moved, clients that came or went, a group that appeared or vanished), or one line saying nothing did. With --json, one JSON document per round with the groups and the changes. The Java tool logs these instead of printing them, and never ends; --rounds N stops after N rounds.',
    'A broker that does not answer is named on stderr and the exit code is 3 when the command ends; a round that fails after the first is reported and the watch goes on.',
  ].join('\n\n');
  static override examples = ['<%= config.bin %> startMonitoring', '<%= config.bin %> startMonitoring -i 10', '<%= config.bin %> startMonitoring --rounds 1 --json'];

  static override flags = {
    interval: Flags.integer({ char: 'i', description: 'Seconds between rounds (the Java MonitorService: 60).', default: 60, min: 1 }),
    rounds: Flags.integer({ description: 'Stop after this many rounds; 0 runs until Ctrl-C.', default: 0, min: 0 }),
    system: Flags.boolean({ description: "Include the brokers' own groups (TOOLS_CONSUMER, ...)." }),
  };

  async run(): Promise<void> {
    const f = this.flags;
    let previous: MonitorRound | undefined;
    let failed = false;
    if (!this.jsonEnabled()) this.log(this.style.dim(`Watching the consumer groups every ${f.interval} s${f.rounds > 0 ? `, ${f.rounds} round${f.rounds === 1 ? '' : 's'}` : '; Ctrl-C to stop'}.`));
    for (let round = 1; f.rounds === 0 || round <= f.rounds; round++) {
      let result: MonitorRound;
      try {
        const work = monitorRound(this.admin, { round, includeSystemGroups: f.system });
        result = round === 1 ? await this.spin('Asking the brokers', work) : await work;
      } catch (err) {
        if (round === 1) throw err;
        process.stderr.write(`warning: round ${round} failed: ${(err as Error).message}\n`);
        failed = true;
        await sleep(f.interval);
        continue;
      }
      const changes = monitorChanges(previous, result);
      if (this.jsonEnabled()) this.logJson({ ...result, changes });
      else this.log(previous ? await renderMonitorChanges(result, changes, this.style) : await renderMonitorRound(result, this.style));
      for (const x of result.failures) process.stderr.write(`warning: ${x.target}: ${x.error}\n`);
      if (result.failures.length > 0) failed = true;
      previous = result;
      if (f.rounds !== 0 && round >= f.rounds) break;
      await sleep(f.interval);
    }
    if (failed) process.exitCode = 3;
  }
}

function sleep(seconds: number): Promise<void> {
  return new Promise((r) => setTimeout(r, seconds * 1000));
}
