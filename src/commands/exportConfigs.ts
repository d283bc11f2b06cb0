import * as Flags from '@oclif/core/flags';
import { DEFAULT_EXPORT_DIR, exportConfigs, type ExportResult } from '../admin/export.js';
import { AdminCommand } from '../cli/base.js';
import { renderExport } from '../render/views/export.js';

export default class ExportConfigs extends AdminCommand<typeof ExportConfigs> {
  static override summary = "Export the main settings of a cluster's masters and its size as the Java tool's configs.json.";
  static override description = [
    'Asks every master of the cluster for its configuration (GET_BROKER_CONFIG) and keeps the keys the Java tool keeps (brokerClusterName, brokerId, brokerName, brokerRole, fileReservedTime, filterServerNums, flushDiskType, maxMessageSize, messageDelayLevel, msgTraceTopicName, slaveReadEnable, traceOn, traceTopicEnable, useTLS, autoCreateTopicEnable, autoCreateSubscriptionGroup), with the number of NameServers given, masters and slaves, in <dir>/configs.json.',
    'The file is written whole or not at all. A master that does not answer is named on stderr, left out, and the exit code is 3.',
  ].join('\n\n');
  static override examples = ['<%= config.bin %> exportConfigs -c DefaultCluster -f ./backup', '<%= config.bin %> exportConfigs -c DefaultCluster --json'];

  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'Cluster name.', required: true }),
    filePath: Flags.string({ char: 'f', description: 'Directory to write to (created if missing).', default: DEFAULT_EXPORT_DIR }),
  };

  async run(): Promise<ExportResult> {
    const result = await this.spin('Reading the broker configs', exportConfigs(this.admin, { cluster: this.flags.clusterName, filePath: this.flags.filePath }));
    this.print(renderExport(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
