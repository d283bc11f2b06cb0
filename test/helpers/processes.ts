// What is still running after a test: processes whose command line names a data directory.

import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Pids of processes whose command line names our data directory (Linux /proc; [] elsewhere). */
export function processesUsing(dataDir: string): number[] {
  if (!existsSync('/proc')) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (args.includes(dataDir) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return pids;
}
