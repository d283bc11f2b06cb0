import * as Flags from '@oclif/core/flags';
import { sendMessage, type SendResult } from '../admin/messages.js';
import { AdminCommand } from '../cli/base.js';
import { renderSendResult } from '../render/views/message.js';

export default class SendMessage extends AdminCommand<typeof SendMessage> {
  static override summary = 'Send one message, as a Java producer does.';
  static override description =
    'Sends one message with SEND_MESSAGE_V2 and a real unique id (UNIQ_KEY), to a random writable queue of the topic, or to the broker (-b) and queue (-i) given. Prints the send status, both ids (msgId = UNIQ_KEY, offsetMsgId = the broker\'s id), the broker, queue and queue offset.';
  static override examples = [
    '<%= config.bin %> sendMessage -t TopicTest -p "hello" -k order-42 -c TagA',
    '<%= config.bin %> sendMessage -t TopicTest -p "hello" -b broker-a -i 0 --json',
  ];

  static override flags = {
    topic: Flags.string({ char: 't', description: 'Topic name.', required: true }),
    body: Flags.string({ char: 'p', description: 'Message body (UTF-8 text).', required: true }),
    keys: Flags.string({ char: 'k', description: 'Message keys, separated by spaces.' }),
    tags: Flags.string({ char: 'c', description: 'Message tag.' }),
    broker: Flags.string({ char: 'b', description: 'Send to this broker (name).' }),
    qid: Flags.integer({ char: 'i', description: 'Send to this queue id (with -b when the topic is on several brokers).', min: 0 }),
  };

  async run(): Promise<SendResult> {
    const f = this.flags;
    const result = await sendMessage(this.admin, { topic: f.topic, body: f.body, keys: f.keys, tags: f.tags, brokerName: f.broker, queueId: f.qid });
    this.print(await renderSendResult(result, this.style));
    return result;
  }
}
