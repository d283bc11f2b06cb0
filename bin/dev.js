#!/usr/bin/env node
// Development entry: the same CLI with oclif's debug output and without the command manifest,
// so commands changed since the last `npm run manifest` are picked up (after `npm run build`).
import { execute } from '@oclif/core/execute';

await execute({ development: true, dir: import.meta.url });
