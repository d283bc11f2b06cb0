import * as Flags from '@oclif/core/flags';
import { messageTracks, queryMessagesById, type LocatedMessage } from '../admin/messages.js';
import { NotFoundError } from '../admin/errors.js';
import { AdminCommand } from '../cli/base.js';
import { ExitCode } from '../cli/exitCodes.js';
import { colorEnabled, makeStyle } from '../render/style.js';
import { idLookupJson, renderMessages, saveBodies } from '../render/views/message.js';

export default class QueryMsgById extends AdminCommand<typeof QueryMsgById> {
  static override summary = 'Show messages by id: offset ids or unique (client) ids.';
  static override description =
    "Says which kind each id is. An offset id (the broker's) is read directly from the broker address and commit-log offset it carries; a unique id (UNIQ_KEY, what Java calls msgId) is searched in the topic's index (-t needed), from a day before the time the id carries, then all time. Shows the whole message with its body, then whether each consumer group of the topic (or -g) has consumed it. A malformed id: exit 2; a message that does not exist: exit 4.";
  static override examples = [
    '<%= config.bin %> queryMsgById -i 7F00000100002A9F000000000000024F',
    '<%= config.bin %> queryMsgById -i C0000202293E5FFD2B276CB338820003 -t TopicTest',
    '<%= config.bin %> queryMsgById -i ID1,ID2 -t TopicTest --json',
  ];

  static override flags = {
    msgId: Flags.string({ char: 'i', description: 'Message id(s), comma-separated: offset ids or unique ids.', required: true }),
    topic: Flags.string({ char: 't', description: 'Topic: needed for unique ids; also a fallback for offset ids.' }),
    consumerGroup: Flags.string({ char: 'g', description: 'Track this consumer group only (default: every group of the topic).' }),
    track: Flags.boolean({ description: 'Show whether the consumer groups have consumed the message.', default: true, allowNo: true }),
    'full-body': Flags.boolean({ description: 'Show the whole body on a terminal (it is cut there otherwise).' }),
    'body-file': Flags.string({ description: 'Also save the body to this file (several messages: FILE.1, FILE.2, ...).' }),
  };

  async run() {
    const f = this.flags;
    const ids = f.msgId.split(',').map((s) => s.trim()).filter(Boolean);
    const lookups = await this.spin('Looking the messages up', queryMessagesById(this.admin, ids, { topic: f.topic }));
    const found: LocatedMessage[] = lookups.flatMap((l) => l.messages);
    const missing = lookups.filter((l) => l.messages.length === 0);
    if (found.length === 0 && missing.length > 0 && lookups.every((l) => l.failures.length === 0)) {
      const first = missing[0]!;
      throw new NotFoundError(`message ${first.id} (${first.kind} id) not found: ${first.notFound ?? 'no broker has it'}`, first.kind === 'offset' ? 'the message may have been deleted from the commit log (retention), or the id is from another cluster' : 'check the topic (-t); the message may have been deleted (retention)');
    }
    const { tracks, failures: trackFailures } = f.track ? await this.spin('Asking the consumer groups', messageTracks(this.admin, found, f.consumerGroup)) : { tracks: undefined, failures: [] };
    const warn = makeStyle(colorEnabled(process.stderr));
    const kinds = lookups.map((l) => `${l.id}: ${l.kind === 'offset' ? `offset id (broker ${l.address}, commit-log offset ${l.commitLogOffset})` : 'unique id'}${l.via === 'index' ? ', found in the index' : ''}`);
    this.print(`${this.style.dim(kinds.join('\n'))}\n\n${await renderMessages(found, this.style, { cut: process.stdout.isTTY === true && !f['full-body'] }, tracks)}`);
    if (f['body-file'] && found.length > 0) {
      const paths = saveBodies(f['body-file'], found);
      if (!this.jsonEnabled()) process.stderr.write(`body saved to ${paths.join(', ')}\n`);
    }
    this.reportFailures([...lookups.flatMap((l) => l.failures), ...trackFailures]);
    for (const l of missing) {
      if (!this.jsonEnabled()) process.stderr.write(`${warn.red('error:')} message ${l.id} not found${l.notFound ? `: ${l.notFound}` : ''}\n`);
      process.exitCode = ExitCode.NOT_FOUND;
    }
    return { results: lookups.map((l) => idLookupJson(l, (m) => tracks?.[found.indexOf(m)])), trackFailures };
  }
}
