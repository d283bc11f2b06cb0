import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base.js';
import { CliError, ExitCode } from '../../cli/exitCodes.js';
import { followLog, onSignals, readLog, type DevLogResult } from '../../dev/launcher.js';
import { resolveDevHome } from '../../dev/state.js';
import { renderDevLog } from '../../render/views/dev.js';

export default class DevLogs extends BaseCommand<typeof DevLogs> {
  static override summary = "Print the local cluster's log (dev.log in its data directory).";
  static override description = 'The last lines of the log of every run of the cluster; -f keeps printing what is appended until Ctrl-C.';
  static override examples = ['<%= config.bin %> dev logs', '<%= config.bin %> dev logs -f', '<%= config.bin %> dev logs --lines 0'];

  static override flags = {
    follow: Flags.boolean({ char: 'f', description: 'Keep printing new lines until Ctrl-C.' }),
    lines: Flags.integer({ description: 'How many of the last lines to print; 0 for all.', default: 100, min: 0 }),
    'data-dir': Flags.directory({ description: 'Data directory (default: $MQADMIN_DEV_HOME, else $XDG_DATA_HOME/mqadmin/dev).' }),
  };

  async run(): Promise<DevLogResult> {
    if (this.flags.follow && this.jsonEnabled()) throw new CliError('--follow cannot be combined with --json', ExitCode.USAGE);
    const result = readLog(resolveDevHome({ dataDir: this.flags['data-dir'] }), this.flags.lines);
    this.print(renderDevLog(result));
    if (this.flags.follow) {
      const stop = onSignals(['SIGINT', 'SIGTERM']);
      try {
        await followLog(result.file, result.size, (line) => this.log(line), stop.promise);
      } finally {
        stop.dispose();
      }
    }
    return result;
  }
}
