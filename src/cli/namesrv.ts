// Where the NameServer address comes from, in order: the -n flag, the NAMESRV_ADDR
// environment variable (as the Java tool honours it), then the local dev cluster
// (`mqadmin dev up`) when its state file in the default data directory names a live process.
// Never an outside address server.

import { parseNamesrvAddrs } from '../admin/addresses.js';
import { runningDevNamesrv } from '../dev/state.js';
import { CliError, ExitCode } from './exitCodes.js';

export function resolveNamesrvAddrs(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const fromFlag = flag?.trim();
  if (fromFlag) return parseNamesrvAddrs(fromFlag);
  const fromEnv = env.NAMESRV_ADDR?.trim();
  if (fromEnv) return parseNamesrvAddrs(fromEnv);
  const fromDev = runningDevNamesrv(env);
  if (fromDev) return [fromDev];
  throw new CliError(
    'no NameServer address given',
    ExitCode.USAGE,
    'pass -n host:port (e.g. -n 127.0.0.1:9876), set NAMESRV_ADDR, or start a local cluster with `mqadmin dev up`',
  );
}
