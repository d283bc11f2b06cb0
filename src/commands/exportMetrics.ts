import * as Flags from '@oclif/core/flags';
import { DEFAULT_EXPORT_DIR, exportMetrics, type ExportResult } from '../admin/export.js';
import { AdminCommand } from '../cli/base.js';
import { renderExport } from '../render/views/export.js';

export default class ExportMetrics extends AdminCommand<typeof ExportMetrics> {
  static override summary = "Export a metrics report of a cluster's masters as the Java tool's metrics.json.";
  static override description = [
    'Per master: disk ratios, put and get TPS, transactional and scheduled put TPS, messages in and out since yesterday morning, the average message size, the number of user topics and groups, and the language%version of the consumers online (GET_BROKER_RUNTIME_INFO, GET_BROKER_CONFIG, the topic and group tables, VIEW_BROKER_STATS_DATA, GET_CONSUMER_CONNECTION_LIST), with totals over the cluster, in <dir>/metrics.json.',
    'rocketmqVersion is the version this tool speaks as (V5_3_3), as the Java tool writes its own. The file is written whole or not at all. A master that does not answer is named on stderr, left out, and the exit code is 3.',
  ].join('\n\n');
  static override examples = ['<%= config.bin %> exportMetrics -c DefaultCluster -f ./backup', '<%= config.bin %> exportMetrics -c DefaultCluster --json'];

  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'Cluster name.', required: true }),
    filePath: Flags.string({ char: 'f', description: 'Directory to write to (created if missing).', default: DEFAULT_EXPORT_DIR }),
  };

  async run(): Promise<ExportResult> {
    const result = await this.spin('Reading the brokers\' metrics', exportMetrics(this.admin, { cluster: this.flags.clusterName, filePath: this.flags.filePath }));
    this.print(renderExport(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
