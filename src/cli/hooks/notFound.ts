// An unknown command: "did you mean ...?" and exit 2 (usage), as for any other bad input.
// On a terminal, @oclif/plugin-not-found asks whether to run the closest command; elsewhere
// (scripts, CI) nothing is asked: the suggestion is printed and the exit code is 2, where the
// plugin alone would exit 127 with no suggestion.

import type { Hook } from '@oclif/core';
import { toConfiguredId } from '@oclif/core';
import levenshtein from 'fast-levenshtein';
import { colorEnabled, makeStyle } from '../../render/style.js';
import { ExitCode } from '../exitCodes.js';

/**
 * The command closest to `id` by edit distance (case-insensitive), or undefined when even the
 * closest needs more than about 40% of the typed characters changed: no wild guesses.
 */
export function closestCommand(id: string, commandIds: readonly string[]): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of commandIds) {
    const distance = levenshtein.get(id.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { id: candidate, distance };
  }
  const limit = Math.max(2, Math.ceil(id.length * 0.4));
  return best && best.distance <= limit ? best.id : undefined;
}

const hook: Hook.CommandNotFound = async function (opts) {
  if (process.stdin.isTTY && process.stdout.isTTY) {
    const { default: pluginHook } = await import('@oclif/plugin-not-found');
    try {
      return await pluginHook.call(this, opts);
    } catch (err) {
      // The plugin's "Run mqadmin help ..." ends with exit 127; ours is a usage error.
      const e = err as { oclif?: { exit?: number } };
      if (e.oclif?.exit === 127) e.oclif.exit = ExitCode.USAGE;
      throw err;
    }
  }
  const visible = opts.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases]);
  const suggestion = closestCommand(opts.id, visible);
  const typed = toConfiguredId(opts.id, opts.config);
  const hint = suggestion ? ` Did you mean \`${opts.config.bin} ${toConfiguredId(suggestion, opts.config)}\`?` : '';
  const s = makeStyle(colorEnabled(process.stderr));
  process.stderr.write(`${s.red('error:')} \`${typed}\` is not a ${opts.config.bin} command.${hint}\n  ${s.dim(`\`${opts.config.bin} --help\` lists the commands`)}\n`);
  this.exit(ExitCode.USAGE);
};

export default hook;
