// Writes oclif.manifest.json from the built commands in dist/ (run `npm run build` first).
// The manifest lets oclif list and find commands without importing every command file.
import { Plugin } from '@oclif/core';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, isRoot: true });
await plugin.load();
// Commands in a fixed order: the order oclif finds them in depends on the file system (the
// order a directory lists its entries), and CI compares the file byte for byte.
const manifest = { ...plugin.manifest, commands: Object.fromEntries(Object.entries(plugin.manifest.commands).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
writeFileSync(join(root, 'oclif.manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote oclif.manifest.json: ${Object.keys(manifest.commands).length} commands, version ${manifest.version}`);
