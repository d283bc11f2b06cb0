import * as Flags from '@oclif/core/flags';
import { statsAll, type StatsAllResult, type StatsAllRow } from '../admin/stats.js';
import { AdminCommand } from '../cli/base.js';
import { renderStatsAll } from '../render/views/stats.js';

export const STATS_SORTS = ['topic', 'accumulation', 'in-tps', 'out-tps', 'in-24h', 'out-24h'] as const;

/** Rows by topic then group (groups first, NO_CONSUMER last), or by a figure, largest first. */
export function sortStatsRows(rows: StatsAllRow[], by: (typeof STATS_SORTS)[number]): StatsAllRow[] {
  const name = (a: StatsAllRow, b: StatsAllRow) =>
    (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0) || Number(a.group === null) - Number(b.group === null) || ((a.group ?? '') < (b.group ?? '') ? -1 : (a.group ?? '') > (b.group ?? '') ? 1 : 0);
  const figure: Record<string, (r: StatsAllRow) => number> = {
    accumulation: (r) => r.accumulation,
    'in-tps': (r) => r.inTps,
    'out-tps': (r) => r.outTps ?? -1,
    'in-24h': (r) => r.in24h,
    'out-24h': (r) => r.out24h ?? -1,
  };
  const f = figure[by];
  return [...rows].sort((a, b) => (f ? f(b) - f(a) : 0) || name(a, b));
}

export default class StatsAll extends AdminCommand<typeof StatsAll> {
  static override summary = 'Per topic and consumer group: the lag, in and out TPS over the last minute, and messages in and out over 24 hours.';
  static override description = [
    "For every topic (retry and DLQ topics left out) the put statistics of its masters (VIEW_BROKER_STATS_DATA TOPIC_PUT_NUMS) and, for each group consuming it (QUERY_TOPIC_CONSUME_BY_WHO, asked of every master), the get statistics (GROUP_GET_NUMS, topic@group) and the group's lag on the topic (GET_CONSUME_STATS), as the Java tool prints them. A topic nobody consumes is one NO_CONSUMER row.",
    '24-hour figures are the day\'s sum, else the hour\'s, else the minute\'s, as the Java tool takes them (a broker fills its day window an hour at a time).',
    'A broker that does not answer is named on stderr and the exit code is 3; an unknown topic (-t) is exit 4.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> statsAll',
    '<%= config.bin %> statsAll -t TopicTest',
    '<%= config.bin %> statsAll -a --sort in-tps',
  ];

  static override flags = {
    active: Flags.boolean({ char: 'a', aliases: ['activeTopic'], description: 'Only topics and groups with messages in or out during the last 24 hours (the Java -a, --activeTopic).' }),
    topic: Flags.string({ char: 't', description: 'Only this topic.' }),
    sort: Flags.string({ description: 'Order of the rows: by topic and group, or by a figure, largest first.', options: [...STATS_SORTS], default: 'topic' }),
  };

  async run(): Promise<StatsAllResult> {
    const f = this.flags;
    const result = await this.spin('Asking the brokers for their statistics', statsAll(this.admin, { ...(f.topic !== undefined ? { topic: f.topic } : {}), activeOnly: f.active }));
    result.rows = sortStatsRows(result.rows, f.sort as (typeof STATS_SORTS)[number]);
    this.print(await renderStatsAll(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
