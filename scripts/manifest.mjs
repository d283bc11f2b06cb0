// Writes oclif.manifest.json from the built commands in dist/ (run `npm run build` first).
// The manifest lets oclif list and find commands without importing every command file.
import { Plugin } from '@oclif/core';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, isRoot: true });
await plugin.load();
const manifest = plugin.manifest;
writeFileSync(join(root, 'oclif.manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote oclif.manifest.json: ${Object.keys(manifest.commands).length} commands, version ${manifest.version}`);
