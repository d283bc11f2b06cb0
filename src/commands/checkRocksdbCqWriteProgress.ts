import * as Flags from '@oclif/core/flags';
import { checkRocksdbCqWriteProgress, type CheckRocksdbResult } from '../admin/rocksdb.js';
import { AdminCommand } from '../cli/base.js';
import { renderCheckRocksdb } from '../render/views/rocksdb.js';

/** The Java tool's two-letter `-cf MS` / `-cf=MS` -> `--checkFrom` (oclif short flags are one letter). */
function rewriteCf(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  const out = head.map((a) => (a === '-cf' ? '--checkFrom' : a.startsWith('-cf=') ? `--checkFrom=${a.slice(4)}` : a));
  return end < 0 ? out : [...out, ...argv.slice(end)];
}

export default class CheckRocksdbCqWriteProgress extends AdminCommand<typeof CheckRocksdbCqWriteProgress> {
  static override summary = "Check that each master's RocksDB consume queue matches its file consume queue (5.3).";
  static override description =
    'Sends CHECK_ROCKSDB_CQ_WRITE_PROGRESS (topic, checkStoreTime) to the master of every broker of cluster -c and prints per broker the status it answered: CHECK_OK, CHECK_NOT_OK, CHECK_IN_PROGRESS (the check runs in the background and its result goes to the broker log) or CHECK_ERROR, with what it said. Only brokers with storeType defaultRocksDB (or RocksDB double write) have anything to compare. An unknown cluster is exit 4; a broker that does not know the request (before 5.3, or the `mqadmin dev` broker) is exit 3, as is any failed broker.';
  static override examples = [
    '<%= config.bin %> checkRocksdbCqWriteProgress -c DefaultCluster',
    '<%= config.bin %> checkRocksdbCqWriteProgress -c DefaultCluster -t TopicTest -cf 1700000000000 --json',
  ];

  static override flags = {
    cluster: Flags.string({ char: 'c', description: 'Cluster name: the master of each of its brokers is asked.', required: true }),
    topic: Flags.string({ char: 't', description: 'Topic to check (default: every topic).' }),
    checkFrom: Flags.string({ aliases: ['cf'], description: 'Check the entries stored from this time on, ms since the epoch (the Java -cf; default: 30 days ago).' }),
  };

  override async init(): Promise<void> {
    this.argv = rewriteCf(this.argv);
    await super.init();
  }

  async run(): Promise<CheckRocksdbResult> {
    const f = this.flags;
    const checkFrom = f.checkFrom === undefined ? undefined : /^\d+$/.test(f.checkFrom.trim()) ? Number(f.checkFrom.trim()) : Number.NaN;
    const result = await this.spin('Asking the masters', checkRocksdbCqWriteProgress(this.admin, { cluster: f.cluster, ...(f.topic !== undefined ? { topic: f.topic } : {}), ...(checkFrom !== undefined ? { checkFrom } : {}) }));
    this.print(await renderCheckRocksdb(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
