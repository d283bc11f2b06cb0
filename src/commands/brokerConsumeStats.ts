import * as Flags from '@oclif/core/flags';
import { brokerConsumeStats, type BrokerConsumeStatsResult } from '../admin/stats.js';
import { AdminCommand } from '../cli/base.js';
import { javaBooleanFlag } from '../cli/javaFlags.js';
import { renderBrokerConsumeStats } from '../render/views/stats.js';

export default class BrokerConsumeStats extends AdminCommand<typeof BrokerConsumeStats> {
  static override summary = "Every consumer group's lag per queue on one broker.";
  static override description = [
    "Asks the broker for the consume stats of all its subscription groups at once (GET_BROKER_CONSUME_STATS): per topic, group and queue the broker offset, the committed consumer offset, the lag and the time of the last consumed message; then the broker's total lag (the Java tool's Diff Total).",
    'Every queue that ever held a message is shown, also those nothing was ever consumed from (the Java tool leaves them out yet counts their lag in its total). -l keeps the queues whose lag is at least LEVEL; -o true only order topics.',
    'A broker address the cluster table does not know and that does not answer is exit 4; a known broker that does not answer is exit 5.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> brokerConsumeStats -b 127.0.0.1:10911',
    '<%= config.bin %> brokerConsumeStats -b 127.0.0.1:10911 -l 100',
    '<%= config.bin %> brokerConsumeStats -b 127.0.0.1:10911 -o true --json',
  ];

  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', required: true }),
    level: Flags.integer({ char: 'l', description: 'Only queues with a lag of at least this.', default: 0, min: 0 }),
    order: javaBooleanFlag({ char: 'o', name: 'order', description: 'Only order topics' }),
    timeoutMillis: Flags.integer({ char: 't', description: 'Timeout of the request in ms (as the Java -t; the same as --timeout).', min: 1 }),
  };

  async run(): Promise<BrokerConsumeStatsResult> {
    const f = this.flags;
    // -t is the Java spelling of --timeout; read before the admin client is made.
    const flags = this.flags as { timeout?: number };
    if (f.timeoutMillis !== undefined && flags.timeout === undefined) flags.timeout = f.timeoutMillis;
    const result = await this.spin('Asking the broker', brokerConsumeStats(this.admin, { brokerAddr: f.brokerAddr, level: f.level, isOrder: f.order ?? false }));
    this.print(await renderBrokerConsumeStats(result, this.style));
    return result;
  }
}
