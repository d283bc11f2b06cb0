// The README says how many commands there are and documents each one: kept true by this test.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> };
const ids = Object.keys(manifest.commands);

describe('README', () => {
  it('states the number of cluster, dev and profile commands the CLI has', () => {
    const cluster = ids.filter((id) => !id.startsWith('dev:') && !id.startsWith('profile:'));
    expect(Number(/There are (\d+)\s+commands that talk to a cluster/.exec(readme)?.[1])).toBe(cluster.length);
    expect(readme).toContain(`\`dev ...\` (${ids.filter((id) => id.startsWith('dev:')).length})`);
    expect(readme).toContain(`\`profile ...\` (${ids.filter((id) => id.startsWith('profile:')).length})`);
  });

  it('names every command', () => {
    const missing = ids.map((id) => id.replaceAll(':', ' ')).filter((name) => !readme.includes(name));
    expect(missing).toEqual([]);
  });
});
