import * as Flags from '@oclif/core/flags';
import { exportPopRecord, javaDryRun, type ExportPopRecordResult } from '../admin/export.js';
import { AdminCommand } from '../cli/base.js';
import { renderExportPopRecord } from '../render/views/export.js';

export default class ExportPopRecord extends AdminCommand<typeof ExportPopRecord> {
  static override summary = "Move the brokers' POP records from their RocksDB store back to the file store (5.x).";
  static override description = [
    'Sends POP_ROLLBACK (200056) to one broker (its name read with GET_BROKER_CONFIG) or to every broker, masters and slaves, of a cluster. A 5.3.x broker whose POP consumer records are kept in RocksDB (popConsumerKVServiceEnable) moves them back to the revive topic; others answer success and do nothing; 4.9.x brokers do not know the request.',
    '-d keeps the Java tool\'s inverted meaning, so runbooks do the same thing: -d false is the dry run (nothing sent), -d true or no -d sends the request. --dry-run is the dry run too.',
    'The request waits --timeout (the Java tool waits 30 s: raise --timeout for a large store). With -c a broker that fails is printed with the reason and the exit code is 3.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> exportPopRecord -b 127.0.0.1:10911',
    '<%= config.bin %> exportPopRecord -c DefaultCluster --dry-run',
    '<%= config.bin %> exportPopRecord -c DefaultCluster --timeout 30000',
  ];

  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: every broker of it, masters and slaves.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    dryRun: Flags.string({ char: 'd', description: 'As the Java tool: "false" is the dry run, anything else a real run.' }),
    'dry-run': Flags.boolean({ description: 'Send nothing; print what would be asked.' }),
  };

  async run(): Promise<ExportPopRecordResult> {
    const f = this.flags;
    const dryRun = f['dry-run'] || javaDryRun(f.dryRun);
    const result = await this.spin(
      'Asking the brokers',
      exportPopRecord(this.admin, { ...(f.clusterName !== undefined ? { cluster: f.clusterName } : {}), ...(f.brokerAddr !== undefined ? { brokerAddr: f.brokerAddr } : {}), dryRun }),
    );
    this.print(renderExportPopRecord(result));
    this.reportFailures(result.failures);
    return result;
  }
}
