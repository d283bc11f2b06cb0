// The broker's config files (store.md §5): written whole in the fastjson dialect, through a
// temporary file and a rename so a crash never leaves half a file, with a `.bak` copy of the
// previous version as the Java broker keeps.

import { existsSync, mkdirSync, readFileSync, renameSync, copyFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseFastJson, stringifyFastJson } from '../../protocol/fastjson.js';

export function readConfigFile(path: string): unknown {
  for (const candidate of [path, `${path}.bak`]) {
    if (!existsSync(candidate)) continue;
    const text = readFileSync(candidate, 'utf8');
    if (text.trim() === '') continue;
    try {
      return parseFastJson(text);
    } catch {
      // A damaged file: fall back to the backup, as the Java broker does.
    }
  }
  return undefined;
}

export function writeConfigFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, stringifyFastJson(value));
  if (existsSync(path)) copyFileSync(path, `${path}.bak`);
  renameSync(tmp, path);
}

/** DataVersion (messages.md A.2): bumped on every change of the table it versions. */
export interface DataVersion {
  counter: number;
  stateVersion: number;
  timestamp: number;
}

export function newDataVersion(now = Date.now()): DataVersion {
  return { counter: 0, stateVersion: 0, timestamp: now };
}

export function nextDataVersion(v: DataVersion, now = Date.now()): void {
  v.counter += 1;
  v.timestamp = now;
}

export function readDataVersion(value: unknown): DataVersion {
  const r = (value ?? {}) as Record<string, unknown>;
  return { counter: Number(r.counter ?? 0), stateVersion: Number(r.stateVersion ?? 0), timestamp: Number(r.timestamp ?? Date.now()) };
}
