import * as Flags from '@oclif/core/flags';
import { InvalidArgumentError } from '../admin/errors.js';
import { LOCAL_EXPORT_TYPES, localRocksDBUnsupported } from '../admin/rocksdb.js';
import { AdminCommand } from '../cli/base.js';

export default class ExportMetadataInRocksDB extends AdminCommand<typeof ExportMetadataInRocksDB> {
  static override summary = "Export topics or subscription groups from a broker's RocksDB config directory (local files: not supported).";
  static override description =
    "The Java tool opens <path>/<configType> (a broker's RocksDB config store) read-only on this machine and prints its keys and values. This CLI has no RocksDB reader (there is none for Node.js without a native build): after checking the options it says so and exits 2. Use `mqadmin exportMetadata -b <broker>` to read the same tables from the running broker, or `mqadmin rocksDBConfigToJson -b <broker>` to have it write them as JSON.";
  static override examples = ['<%= config.bin %> exportMetadataInRocksDB -p /opt/rocketmq/store/config -t topics'];

  static override flags = {
    path: Flags.string({ char: 'p', description: 'Metadata directory, e.g. ${storePathRootDir}/config.', required: true }),
    configType: Flags.string({ char: 't', description: 'topics or subscriptionGroups.', required: true }),
    jsonEnable: Flags.string({ char: 'j', description: 'Print one JSON object, true or false (default false).' }),
  };

  async run(): Promise<never> {
    const f = this.flags;
    if (f.path.trim() === '') throw new InvalidArgumentError('RocksDB path is invalid.', 'give -p the config directory of the broker store');
    const type = f.configType.trim();
    if (!(LOCAL_EXPORT_TYPES as readonly string[]).includes(type)) {
      throw new InvalidArgumentError(`Invalid config type=${type}, Options: ${LOCAL_EXPORT_TYPES.join(',')}`);
    }
    throw localRocksDBUnsupported('exportMetadataInRocksDB', `${f.path.replace(/\/+$/, '')}/${type}`);
  }
}
