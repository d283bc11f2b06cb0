import * as Flags from '@oclif/core/flags';
import { queryMessageTrace } from '../admin/trace.js';
import { AdminCommand } from '../cli/base.js';
import { parseTime } from '../cli/time.js';
import { DEFAULT_TRACE_TOPIC } from '../protocol/trace.js';
import { colorEnabled, makeStyle } from '../render/style.js';
import { renderMessageTrace } from '../render/views/trace.js';

export default class QueryMsgTraceById extends AdminCommand<typeof QueryMsgTraceById> {
  static override summary = 'Show the trace of a message: sent, stored, consumed by which groups, when, how long, retries.';
  static override description =
    `Java clients with message trace on (enableMsgTrace) write trace records to the trace topic (default ${DEFAULT_TRACE_TOPIC}) keyed by the message's unique id. As the Java tool, this queries the trace topic's index on every broker by the id as key, decodes the trace records (Pub, SubBefore/SubAfter, EndTransaction, Recall) of that id and shows them as a timeline, then how each consumer group ended. An offset id is resolved to the unique id its message carries. No trace: exit 4; a malformed id: exit 2.`;
  static override examples = [
    '<%= config.bin %> queryMsgTraceById -i C00002026EE05FFD2B27102EF17B0000',
    '<%= config.bin %> queryMsgTraceById -i C00002026EE05FFD2B27102EF17B0000 -t MyTraceTopic -b -1d --json',
  ];

  static override flags = {
    msgId: Flags.string({ char: 'i', description: 'The message id: its unique id (UNIQ_KEY, as producers print it), or an offset id.', required: true }),
    traceTopic: Flags.string({ char: 't', description: `Trace topic (default ${DEFAULT_TRACE_TOPIC}).` }),
    beginTimestamp: Flags.string({ char: 'b', description: 'Start of the store-time window of the trace messages: epoch ms, ISO 8601, yyyy-MM-dd#HH:mm:ss:SSS, or relative (-1h). Default: all time.' }),
    endTimestamp: Flags.string({ char: 'e', description: 'End of that window, same forms. Default: no end.' }),
    maxNum: Flags.integer({ description: 'At most this many trace messages, the newest (the Java tool\'s -num; default 1000).', min: 1 }),
  };

  async run() {
    const f = this.flags;
    const now = Date.now();
    const trace = await this.spin(
      'Asking the brokers of the trace topic',
      queryMessageTrace(this.admin, {
        msgId: f.msgId,
        traceTopic: f.traceTopic,
        begin: f.beginTimestamp !== undefined ? parseTime(f.beginTimestamp, now) : undefined,
        end: f.endTimestamp !== undefined ? parseTime(f.endTimestamp, now) : undefined,
        maxNum: f.maxNum,
      }),
    );
    this.print(await renderMessageTrace(trace, this.style));
    if (!this.jsonEnabled()) {
      const warn = makeStyle(colorEnabled(process.stderr));
      if (trace.malformed > 0) process.stderr.write(`${warn.yellow('note:')} ${trace.malformed} trace record${trace.malformed === 1 ? '' : 's'} could not be read and ${trace.malformed === 1 ? 'was' : 'were'} left out\n`);
      if (trace.hint) process.stderr.write(`${warn.yellow('note:')} ${trace.hint}\n`);
    }
    this.reportFailures(trace.failures);
    return trace;
  }
}
