import * as Flags from '@oclif/core/flags';
import { consumeMessages, DEFAULT_CONSUME_COUNT, type ConsumeOptions } from '../admin/messages.js';
import { AdminCommand } from '../cli/base.js';
import { javaBooleanFlag } from '../cli/javaFlags.js';
import { spinnerAllowed, withProgressSpinner } from '../cli/spinner.js';
import { parseTime } from '../cli/time.js';
import { colorEnabled, makeStyle } from '../render/style.js';
import { messageJson, renderConsumeResult } from '../render/views/message.js';

export default class ConsumeMessage extends AdminCommand<typeof ConsumeMessage> {
  static override summary = 'Print messages of a topic, pulled without committing anything.';
  static override description =
    'Pulls as the Java tool does (PULL_MESSAGE as TOOLS_CONSUMER or -g, no offset committed, no heartbeat, so the group\'s consumers are not disturbed): queue by queue (broker names in order, queue ids ascending), from the oldest message (of the window with -s, from -o with -b -i), until -c messages in all (default 128) or the end. One row per message with its body, or in full with -d true; --json prints one JSON object per message per line (bodies as text or base64) as they arrive.';
  static override examples = [
    '<%= config.bin %> consumeMessage -t TopicTest -c 10',
    '<%= config.bin %> consumeMessage -t TopicTest -s -1h -e -30m',
    '<%= config.bin %> consumeMessage -t TopicTest -b broker-a -i 0 -o 42 -c 5 -d true',
    '<%= config.bin %> consumeMessage -t TopicTest --json | jq -r .body',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    brokerName: Flags.string({ char: 'b', description: 'Only the queues of this broker (the Java tool ignores -b without -i).' }),
    queueId: Flags.integer({ char: 'i', description: 'Only this queue (needs -b).', min: 0 }),
    offset: Flags.integer({ char: 'o', description: 'Start at this queue offset (needs -b and -i).', min: 0 }),
    consumerGroup: Flags.string({ char: 'g', description: 'Group to pull as (default TOOLS_CONSUMER); nothing is committed for it.' }),
    beginTimestamp: Flags.string({ char: 's', description: 'Start of the store-time window: epoch ms, yyyy-MM-dd#HH:mm:ss:SSS, ISO 8601, or relative (-1h). Not after now.' }),
    endTimestamp: Flags.string({ char: 'e', description: 'End of the store-time window, same forms. Not after now.' }),
    MessageNumber: Flags.integer({ char: 'c', description: `How many messages at most, in all (default ${DEFAULT_CONSUME_COUNT}).`, min: 1 }),
    printBody: javaBooleanFlag({ char: 'd', name: 'printBody', description: 'Print every message in full, with its body (default false: one row per message)' }),
    'full-body': Flags.boolean({ description: 'Do not cut bodies on a terminal.' }),
  };

  async run() {
    const f = this.flags;
    const now = Date.now();
    const options: ConsumeOptions = {
      topic: f.topic,
      brokerName: f.brokerName,
      queueId: f.queueId,
      offset: f.offset,
      consumerGroup: f.consumerGroup,
      begin: f.beginTimestamp !== undefined ? parseTime(f.beginTimestamp, now) : undefined,
      end: f.endTimestamp !== undefined ? parseTime(f.endTimestamp, now) : undefined,
      count: f.MessageNumber,
      now,
    };
    if (this.jsonEnabled()) {
      // JSON lines as the messages arrive; a reader that goes away (`| head`) ends the run.
      process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw err;
      });
      const result = await consumeMessages(this.admin, { ...options, collect: false, onMessage: (m) => process.stdout.write(`${JSON.stringify(messageJson(m))}\n`) });
      this.reportFailures(result.failures);
      return undefined;
    }
    const label = `Pulling the messages of ${f.topic}`;
    const result = await withProgressSpinner(
      `${label}: 0/${options.count ?? DEFAULT_CONSUME_COUNT}`,
      (update) => consumeMessages(this.admin, { ...options, onProgress: (read, count) => update(`${label}: ${read}/${count}`) }),
      { enabled: spinnerAllowed(false) },
    );
    this.print(await renderConsumeResult(result, this.style, f.printBody ?? false, { cut: process.stdout.isTTY === true && !f['full-body'] }));
    if (result.failures.length === 0 && result.read === 0 && (options.begin !== undefined || options.end !== undefined)) {
      process.stderr.write(`${makeStyle(colorEnabled(process.stderr)).yellow('note:')} nothing stored in the window; widen it (-s, -e)\n`);
    }
    this.reportFailures(result.failures);
    return undefined;
  }
}
