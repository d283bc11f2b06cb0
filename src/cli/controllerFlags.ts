// What the HA and controller commands share: the controller address flag (-a), the Java tool's
// two-letter short flag `-bn` (oclif short flags are one letter: it is rewritten to --brokerName
// before parsing), and the watch interval of haStatus / getSyncStateSet / getBrokerEpoch.

import * as Flags from '@oclif/core/flags';

export const controllerFlag = Flags.string({
  char: 'a',
  aliases: ['controllerAddress'],
  description: 'Controller address host:port (several as "a;b"). Default: the NameServer\'s embedded controller (enableControllerInNamesrv), else the controllerAddr of a broker in controller mode.',
});

/** `-bn NAME`, `-bn=NAME` -> `--brokerName NAME` (the Java tool's option). */
export function rewriteBn(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    if (a === '--') {
      out.push(...argv.slice(argv.indexOf(a)));
      return out;
    }
    if (a === '-bn') out.push('--brokerName');
    else if (a.startsWith('-bn=')) out.push(`--brokerName=${a.slice(4)}`);
    else out.push(a);
  }
  return out;
}

export const intervalFlag = Flags.integer({
  char: 'i',
  aliases: ['interval'],
  description: 'Repeat every N seconds until interrupted (Ctrl-C).',
  min: 1,
});

/** Hidden: stop after this many rounds of -i (for tests and scripts). */
export const roundsFlag = Flags.integer({ description: 'With -i: stop after this many rounds.', min: 1, hidden: true });

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
