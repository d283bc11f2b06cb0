import * as Flags from '@oclif/core/flags';
import { DEFAULT_EXPORT_DIR, exportMetadata, type ExportResult } from '../admin/export.js';
import { AdminCommand } from '../cli/base.js';
import { renderExport } from '../render/views/export.js';

export default class ExportMetadata extends AdminCommand<typeof ExportMetadata> {
  static override summary = "Export a cluster's or a broker's user topics and subscription groups as the Java tool's JSON file.";
  static override description = [
    'Reads every topic (GET_ALL_TOPIC_CONFIG) and subscription group (GET_ALL_SUBSCRIPTIONGROUP_CONFIG) of the brokers and leaves out the system ones (the broker\'s GET_SYSTEM_TOPIC_LIST_FROM_BROKER, rmq_sys_ topics, the predefined groups) and, unless -s, the %RETRY% and %DLQ% topics.',
    'With -c: the masters of the cluster merged by name (queue numbers and retry queue numbers summed) into <dir>/metadata.json, or with -t <dir>/topic.json, with -g <dir>/subscriptionGroup.json. With -b: the broker\'s own tables as it sent them, to topic.json (-t) or subscriptionGroup.json (-g); one of them is required. As in the Java tool, -t wins when both are given.',
    'The file is written whole or not at all (a temporary file renamed). A master that does not answer is named on stderr, left out of the file, and the exit code is 3.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> exportMetadata -c DefaultCluster -f ./backup',
    '<%= config.bin %> exportMetadata -b 127.0.0.1:10911 -g',
    '<%= config.bin %> exportMetadata -c DefaultCluster -t --json',
  ];

  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'Cluster name: its masters, merged.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
    filePath: Flags.string({ char: 'f', description: 'Directory to write to (created if missing).', default: DEFAULT_EXPORT_DIR }),
    topic: Flags.boolean({ char: 't', description: 'Topics only (topic.json).' }),
    subscriptionGroup: Flags.boolean({ char: 'g', description: 'Subscription groups only (subscriptionGroup.json).' }),
    specialTopic: Flags.boolean({ char: 's', description: 'Keep the %RETRY% and %DLQ% topics.' }),
  };

  async run(): Promise<ExportResult> {
    const f = this.flags;
    const result = await this.spin(
      'Reading topics and groups',
      exportMetadata(this.admin, {
        ...(f.clusterName !== undefined ? { cluster: f.clusterName } : {}),
        ...(f.brokerAddr !== undefined ? { brokerAddr: f.brokerAddr } : {}),
        filePath: f.filePath,
        topic: f.topic,
        subscriptionGroup: f.subscriptionGroup,
        specialTopic: f.specialTopic,
      }),
    );
    this.print(renderExport(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
