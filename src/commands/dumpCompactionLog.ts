import * as Flags from '@oclif/core/flags';
import { dumpCompactionLog, type DumpCompactionLogResult } from '../admin/compactionLog.js';
import { AdminCommand } from '../cli/base.js';
import { renderDumpCompactionLog } from '../render/views/rocksdb.js';

export default class DumpCompactionLog extends AdminCommand<typeof DumpCompactionLog> {
  static override summary = 'Print the messages of a compaction-log file (or a commit-log segment) on this machine.';
  static override description =
    'Reads the file record by record in the commit-log format, as the Java tool: from offset 0 until a TOTALSIZE is negative or larger than the file, or a record does not decode (the BLANK filler or zero-filled tail of a segment), and prints each record as Java MessageExt.toString() without the body (body=null), one per line. --json gives every record (without the body, with bodyLength), where reading stopped and why. Sends nothing. A missing file is exit 4, a directory exit 2.';
  static override examples = [
    '<%= config.bin %> dumpCompactionLog -f ~/store/compaction/compactionLog/CompactTopic/0/00000000000000000000',
    '<%= config.bin %> dumpCompactionLog -f ~/store/commitlog/00000000000000000000 --json',
  ];

  static override flags = {
    file: Flags.string({ char: 'f', description: 'The file to dump.', required: true }),
  };

  async run(): Promise<DumpCompactionLogResult> {
    const result = await dumpCompactionLog(this.flags.file);
    this.print(renderDumpCompactionLog(result));
    return result;
  }
}
