import * as Flags from '@oclif/core/flags';
import type { TargetFailure } from '../admin/errors.js';
import { clusterRTRound, type ClusterRtRound, type RouteCache } from '../admin/sendTest.js';
import { AdminCommand } from '../cli/base.js';
import { javaBooleanFlag } from '../cli/javaFlags.js';
import { formatTimestamp } from '../render/format.js';
import { clusterRtLogLines, renderClusterRt } from '../render/views/stats.js';

export default class ClusterRT extends AdminCommand<typeof ClusterRT> {
  static override summary = 'Send test messages to every broker of the clusters and show the send round trips.';
  static override description = [
    'Per master of every cluster (or of -c): -a messages of -s bytes to the topic named after the broker, one at a time, as a Java producer sends them, and per broker the messages sent, succeeded and failed and the round trip in ms (min, median, p99, max, average; the first send of each broker is left out of the figures, as in the Java tool).',
    'The Java tool repeats this every -i seconds until it is killed; here one round is the default and the command ends. --rounds N repeats it N times, -i seconds apart; --rounds 0 until Ctrl-C. With --json, one JSON document per round.',
    '-p true prints the Java tool\'s log lines instead of the table: time (GMT+8, as in Java)|machine room (-m)|cluster|broker|average RT. A failed send makes the exit code 3; an unknown cluster is exit 4.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> clusterRT',
    '<%= config.bin %> clusterRT -c DefaultCluster -a 20 -s 1024',
    '<%= config.bin %> clusterRT --rounds 0 -i 30 -p true -m room-1',
  ];

  static override flags = {
    amount: Flags.integer({ char: 'a', description: 'Messages per broker per round.', default: 100, min: 1 }),
    size: Flags.integer({ char: 's', description: 'Body size in bytes.', default: 128, min: 0 }),
    cluster: Flags.string({ char: 'c', description: 'Only this cluster (default: every cluster).' }),
    printLog: javaBooleanFlag({ char: 'p', name: 'printLog', description: 'Print log lines time|room|cluster|broker|rt instead of a table' }),
    machineRoom: Flags.string({ char: 'm', description: 'Machine room name for the -p lines.', default: 'noname' }),
    interval: Flags.integer({ char: 'i', description: 'Seconds between rounds (with --rounds).', default: 10, min: 0 }),
    rounds: Flags.integer({ description: 'Rounds to run; 0 runs until Ctrl-C.', default: 1, min: 0 }),
  };

  async run(): Promise<ClusterRtRound | void> {
    const f = this.flags;
    const routes: RouteCache = new Map();
    const failures: TargetFailure[] = [];
    const once = f.rounds === 1;
    for (let round = 1; f.rounds === 0 || round <= f.rounds; round++) {
      const work = clusterRTRound(this.admin, { amount: f.amount, size: f.size, routes, ...(f.cluster !== undefined ? { cluster: f.cluster } : {}) });
      const result = round === 1 ? await this.spin('Sending to every broker', work) : await work;
      failures.push(...result.failures);
      if (once) {
        await this.show(result, round);
        this.reportFailures(result.failures);
        return result;
      }
      if (this.jsonEnabled()) this.logJson({ round, ...result });
      else await this.show(result, round);
      for (const x of result.failures) process.stderr.write(`warning: ${x.target}: ${x.error}\n`);
      if (f.rounds !== 0 && round >= f.rounds) break;
      await new Promise((r) => setTimeout(r, f.interval * 1000));
    }
    if (failures.length > 0) process.exitCode = 3;
  }

  private async show(result: ClusterRtRound, round: number): Promise<void> {
    if (this.jsonEnabled()) return;
    if (this.flags.printLog) {
      for (const line of clusterRtLogLines(result, this.flags.machineRoom)) this.log(line);
      return;
    }
    const table = await renderClusterRt(result, this.style);
    if (this.flags.rounds === 1) return this.log(table);
    const head = this.style.dim(`round ${round}, ${formatTimestamp(result.time).slice(0, 19)}`);
    this.log(`${round === 1 ? '' : '\n'}${head}\n${table}`);
  }
}
