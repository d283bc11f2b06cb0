// Confirmation before destructive work: asked only of a person at a terminal. `--yes` skips
// it; with no terminal (a pipe, a script) or under CI it is never shown and the command goes
// ahead, as the Java tool does, so existing scripts keep working. @inquirer/prompts is loaded
// only when a question is actually asked.

import { CliError, ExitCode } from './exitCodes.js';

export interface ConfirmOptions {
  /** --yes was given. */
  yes: boolean;
  /** --json is on: output is for a program, so no question. */
  json?: boolean;
  env?: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
}

export function canAsk(options: Omit<ConfirmOptions, 'yes'> = {}): boolean {
  const env = options.env ?? process.env;
  return !options.json && !env.CI && (options.stdin ?? process.stdin).isTTY === true && (options.stderr ?? process.stderr).isTTY === true;
}

/**
 * Asks `question` when a person can answer; throws a CliError with exit 130 when they say no.
 * Returns true when the work may proceed.
 */
export async function confirmOrCancel(question: string, options: ConfirmOptions): Promise<true> {
  if (options.yes || !canAsk(options)) return true;
  const { confirm } = await import('@inquirer/prompts');
  const ok = await confirm({ message: question, default: false }, { output: options.stderr ?? process.stderr });
  if (!ok) throw new CliError('cancelled: nothing was changed', ExitCode.CANCELLED);
  return true;
}
