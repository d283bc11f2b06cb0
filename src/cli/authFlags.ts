// What the user and ACL commands (5.x) share: the Java tool's -c/-b target pair, --yes and
// --dry-run, the password flag (its value is registered as a secret before anything can echo
// it, parse errors included) and asking for a password without echo.

import * as Flags from '@oclif/core/flags';
import { canAsk, confirmOrCancel } from './confirm.js';
import { CliError, ExitCode } from './exitCodes.js';
import { registerSecret } from './redact.js';

/** `-c CLUSTER` or `-b ADDR`, exactly one (the Java OptionGroup). */
export function authTargetFlags(write: boolean) {
  return {
    clusterName: Flags.string({
      char: 'c',
      description: write ? 'Cluster name: every broker of it, masters and slaves.' : 'Cluster name: every master of it.',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address, host:port.', exactlyOne: ['brokerAddr', 'clusterName'] }),
  };
}

export const yesFlag = Flags.boolean({ char: 'y', description: 'Do not ask for confirmation (needed when there is no terminal).' });
export const dryRunFlag = Flags.boolean({ description: 'Show what would change, change nothing.' });

/** The values of `-p`/`--password` in a raw argv (`-p V`, `-pV`, `--password V`, `--password=V`). */
export function passwordsFromArgv(argv: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const long = /^--?passw\w*(?:=([\s\S]*))?$/i.exec(a);
    if (long) {
      if (long[1] !== undefined) found.push(long[1]);
      else if (i + 1 < argv.length) found.push(argv[i + 1]!);
    } else if (a === '-p' && i + 1 < argv.length) found.push(argv[i + 1]!);
    else if (/^-p./.test(a)) found.push(a.slice(2).replace(/^=/, ''));
  }
  return found.filter((s) => s.length > 0);
}

/** Registers every password on the command line, so no output (errors included) can show it. */
export function registerPasswordArgs(argv: readonly string[]): void {
  for (const p of passwordsFromArgv(argv)) registerSecret(p);
}

/**
 * The password of a new user: asked twice without echo on a terminal; with no terminal (or
 * --json) it must be given with -p (exit 2).
 */
export async function askPassword(username: string, json: boolean): Promise<string> {
  if (!canAsk({ json })) {
    throw new CliError(`no password for user ${username}: give it with -p`, ExitCode.USAGE, 'there is no terminal to ask on');
  }
  const { password } = await import('@inquirer/prompts');
  const output = { output: process.stderr };
  const first = await password({ message: `Password for ${username}`, validate: (v) => (v.trim() === '' ? 'the password is blank' : true) }, output);
  registerSecret(first);
  const again = await password({ message: 'Repeat the password' }, output);
  if (again !== first) throw new CliError('the passwords do not match: nothing was changed', ExitCode.USAGE);
  return first;
}

/**
 * Confirmation of a destructive change: asked on a terminal; elsewhere it needs --yes (exit 2
 * without it), unlike the commands that follow the Java tool and go ahead.
 */
export async function confirmDestructive(question: string, options: { yes: boolean; json: boolean; what: string }): Promise<void> {
  if (options.yes) return;
  if (!canAsk({ json: options.json })) {
    throw new CliError(`${options.what}: pass --yes to do it`, ExitCode.USAGE, 'there is no terminal to ask on; --dry-run shows what would be deleted');
  }
  await confirmOrCancel(question, { yes: false, json: options.json });
}
