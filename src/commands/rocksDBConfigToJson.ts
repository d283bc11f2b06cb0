import * as Flags from '@oclif/core/flags';
import { localRocksDBUnsupported, parseConfigTypes, rocksDBConfigToJson, type RocksDBConfigToJsonResult } from '../admin/rocksdb.js';
import { InvalidArgumentError } from '../admin/errors.js';
import { AdminCommand } from '../cli/base.js';
import { renderRocksDBConfigToJson } from '../render/views/rocksdb.js';

const MODES = ['brokerAddr', 'cluster', 'configPath'];

export default class RocksDBConfigToJson extends AdminCommand<typeof RocksDBConfigToJson> {
  static override summary = "Have brokers write their RocksDB-backed config tables as JSON files (5.3).";
  static override description =
    "RPC mode: sends EXPORT_ROCKSDB_CONFIG_TO_JSON (configType \"topics;subscriptionGroups;consumerOffsets;\" or the -t types) to one broker (-b) or to the master of every broker of a cluster (-c); each writes the tables it keeps in RocksDB to topics.json, subscriptionGroup.json and consumerOffset.json under its config directory, on the broker host, and answers \"export done.\" (also when none of them is in RocksDB). Prints per broker what it answered. The broker waits for the files: raise --timeout for large tables (the Java tool waits 30 s). Local mode (-p, reading a RocksDB directory on this machine) is not supported: exit 2, saying so. An invalid -t is exit 2; a broker that does not know the request (before 5.3, or the `mqadmin dev` broker) is exit 3.";
  static override examples = [
    '<%= config.bin %> rocksDBConfigToJson -b 127.0.0.1:10911 -t topics',
    '<%= config.bin %> rocksDBConfigToJson -c DefaultCluster -t "topics;subscriptionGroups" --json',
  ];

  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port (RPC mode).', exclusive: ['cluster', 'configPath'] }),
    cluster: Flags.string({ char: 'c', description: 'Cluster name: the master of each of its brokers (RPC mode).', exclusive: ['brokerAddr', 'configPath'] }),
    configPath: Flags.string({ char: 'p', description: 'RocksDB config directory on this machine (local mode: not supported, exit 2).', exclusive: ['brokerAddr', 'cluster'] }),
    configType: Flags.string({ char: 't', description: 'topics, subscriptionGroups, consumerOffsets, several joined with ";" (default: all three).' }),
    exportFile: Flags.string({ char: 'e', description: 'Local mode: the file to write (not supported).' }),
    jsonEnable: Flags.string({ char: 'j', description: 'Local mode: print JSON, true or false (not supported).' }),
  };

  async run(): Promise<RocksDBConfigToJsonResult> {
    const f = this.flags;
    const types = parseConfigTypes(f.configType);
    if (f.configPath !== undefined) throw localRocksDBUnsupported('rocksDBConfigToJson', f.configPath);
    if (f.brokerAddr === undefined && f.cluster === undefined) {
      throw new InvalidArgumentError(`rocksDBConfigToJson needs one of ${MODES.map((m) => `--${m}`).join(', ')}`, 'give -b a broker or -c a cluster (RPC mode)');
    }
    const result = await this.spin('Asking the brokers to export', rocksDBConfigToJson(this.admin, { ...(f.brokerAddr !== undefined ? { brokerAddr: f.brokerAddr } : {}), ...(f.cluster !== undefined ? { cluster: f.cluster } : {}) }, types));
    this.print(await renderRocksDBConfigToJson(result, this.style));
    this.reportFailures(result.failures);
    return result;
  }
}
