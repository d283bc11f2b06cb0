// Flags the Java mqadmin spells in its own way: yes/no switches that take a value (`-o true`).

import * as Flags from '@oclif/core/flags';
import type { Interfaces } from '@oclif/core';
import { InvalidArgumentError } from '../admin/errors.js';

/** Parses a Java yes/no switch value: true or false (any case); anything else is a usage error (exit 2). */
export function parseJavaBoolean(input: string, flag: string): boolean {
  const v = input.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new InvalidArgumentError(`--${flag} takes true or false, not "${input}"`);
}

/** A `-o true|false` flag: a value, as the Java tool takes it, read as a boolean. */
export function javaBooleanFlag(options: { char?: Interfaces.AlphabetLowercase | Interfaces.AlphabetUppercase; name: string; description: string }) {
  return Flags.custom<boolean>({
    char: options.char,
    description: `${options.description} (true|false)`,
    helpValue: 'true|false',
    parse: async (input) => parseJavaBoolean(input, options.name),
  })();
}
