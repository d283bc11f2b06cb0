// The profile file: where it is, reading it (strictly: a damaged file is one clear error, never
// ignored and never overwritten), and changing it (the YAML document is edited in place, so
// comments and order survive, then written whole through a temp file and a rename, mode 0600).
//
//   current: prod
//   profiles:
//     prod:
//       namesrvAddr: 10.0.0.1:9876;10.0.0.2:9876
//       accessKey: ops
//       secretKey: env:PROD_SECRET_KEY
//       tls: { enabled: true, ca: /etc/rocketmq/ca.pem }
//       timeout: 10000
//
// The `yaml` package is imported only when a file exists or is written.

import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Document, LineCounter, Node as YamlNode, Scalar } from 'yaml';
import { CliError, ExitCode } from './exitCodes.js';
import { registerSecret } from './redact.js';

export const CONFIG_ENV = 'MQADMIN_CONFIG';

export interface ProfileTls {
  enabled?: boolean;
  /** Absolute paths (a relative one in the file is relative to the file's directory). */
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
}

export interface Profile {
  namesrvAddr?: string;
  /** Literal, or `env:VAR` (read from the environment at use). */
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  tls?: ProfileTls;
  timeout?: number;
}

export interface ProfileFile {
  path: string;
  /** False when there is no file (no profiles, nothing selected). */
  exists: boolean;
  current?: string;
  profiles: Record<string, Profile>;
}

export const PROFILE_KEYS = ['namesrvAddr', 'accessKey', 'secretKey', 'securityToken', 'tls', 'timeout'] as const;
export const TLS_KEYS = ['enabled', 'ca', 'cert', 'key', 'insecure'] as const;
const SECRET_KEYS = new Set(['secretKey', 'securityToken']);

/** A credential stored as a reference to an environment variable: `env:VAR`. */
export const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/** Profile names: what a shell and a YAML key take without quoting. */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new CliError(`invalid profile name "${name}"`, ExitCode.USAGE, 'use letters, digits, ".", "_" and "-" (up to 64, starting with a letter or digit)');
  }
  return name;
}

/**
 * `$MQADMIN_CONFIG`, else `$XDG_CONFIG_HOME/mqadmin/config.yaml`, else
 * `~/.config/mqadmin/config.yaml`. A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
 */
export function configPath(env: NodeJS.ProcessEnv = process.env, options: { home?: string; cwd?: string } = {}): string {
  const home = options.home ?? homedir();
  const explicit = env[CONFIG_ENV]?.trim();
  if (explicit) return resolve(options.cwd ?? process.cwd(), expandHome(explicit, home));
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.config');
  return join(base, 'mqadmin', 'config.yaml');
}

export function expandHome(path: string, home = homedir()): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

export const emptyProfileFile = (path: string): ProfileFile => ({ path, exists: false, profiles: {} });

function damaged(path: string, reason: string): CliError {
  return new CliError(
    `cannot read ${path}: ${reason}`,
    ExitCode.USAGE,
    `fix the file or move it away (mqadmin does not change a file it cannot read); ${CONFIG_ENV}=FILE uses another one`,
  );
}

/** "ENOENT: no such file or directory": Node's message without the syscall and the path it repeats. */
export function errnoReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (!e.code) return e.message;
  return e.message.replace(/, \w+(?: '.*?')?(?: -> '.*')?$/, '');
}

/** The file's text; undefined when it does not exist. Other failures are errors. */
function readConfigText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw damaged(path, errnoReason(err));
  }
}

type Yaml = typeof import('yaml');

/**
 * Parses and checks the file's text. Messages name the line and the setting, never a value
 * (a value may be a secret).
 */
export function parseProfileText(yaml: Yaml, text: string, path: string): { doc: Document; file: ProfileFile } {
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { prettyErrors: false, lineCounter, uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) throw damaged(path, `not valid YAML: ${problem.message}${at(lineCounter, problem.pos?.[0])}`);
  const file: ProfileFile = { path, exists: true, profiles: {} };
  const root = deref(yaml, doc, doc.contents);
  if (root === null || isNullScalar(yaml, root)) return { doc, file };
  const fail = (node: unknown, what: string): never => {
    throw damaged(path, `${what}${at(lineCounter, (node as { range?: [number] } | null)?.range?.[0])}`);
  };
  if (!yaml.isMap(root)) fail(root, 'expected a mapping with `current:` and `profiles:`');
  const dir = dirname(path);
  for (const [key, value, pair] of entries(yaml, doc, root as YamlNode, fail)) {
    if (key === 'current') {
      const name = scalarText(yaml, value);
      if (name === undefined) fail(pair, '`current` must be a profile name');
      else if (name !== '') file.current = name;
    } else if (key === 'profiles') {
      if (isNullScalar(yaml, value)) continue;
      if (!yaml.isMap(value)) fail(pair, '`profiles` must be a mapping of names to settings');
      for (const [name, body, namePair] of entries(yaml, doc, value as YamlNode, fail)) {
        if (!PROFILE_NAME.test(name)) fail(namePair, `invalid profile name "${name}"`);
        file.profiles[name] = readProfile(yaml, doc, name, body, dir, fail);
      }
    } else {
      fail(pair, `unknown key \`${key}\` (known: current, profiles)`);
    }
  }
  return { doc, file };
}

function readProfile(yaml: Yaml, doc: Document, name: string, node: unknown, dir: string, fail: (node: unknown, what: string) => never): Profile {
  const profile: Profile = {};
  if (isNullScalar(yaml, node)) return profile;
  if (!yaml.isMap(node)) fail(node, `profiles.${name} must be a mapping of settings`);
  for (const [key, value, pair] of entries(yaml, doc, node as YamlNode, fail)) {
    const where = `profiles.${name}.${key}`;
    if (isNullScalar(yaml, value)) continue;
    switch (key) {
      case 'namesrvAddr': {
        if (yaml.isSeq(value)) {
          const items = value.items.map((item) => scalarText(yaml, deref(yaml, doc, item)));
          if (items.some((i) => i === undefined)) fail(pair, `${where} must be host:port;host:port or a list of host:port`);
          profile.namesrvAddr = items.join(';');
        } else {
          const text = scalarText(yaml, value);
          if (text === undefined) fail(pair, `${where} must be host:port;host:port or a list of host:port`);
          profile.namesrvAddr = text;
        }
        break;
      }
      case 'accessKey':
      case 'secretKey':
      case 'securityToken': {
        const text = scalarText(yaml, value);
        if (text === undefined) fail(pair, `${where} must be a string (or env:VARIABLE)`);
        profile[key] = text;
        // A reference names a variable, not a secret; its value is registered when it is read.
        if (SECRET_KEYS.has(key) && !ENV_REF.test(text!.trim())) registerSecret(text);
        break;
      }
      case 'timeout': {
        const text = scalarText(yaml, value);
        if (text === undefined || !/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
          fail(pair, `${where} must be a positive number of milliseconds`);
        }
        profile.timeout = Number(text);
        break;
      }
      case 'tls': {
        if (!yaml.isMap(value)) fail(pair, `${where} must be a mapping (enabled, ca, cert, key, insecure)`);
        const tls: ProfileTls = {};
        for (const [tkey, tvalue, tpair] of entries(yaml, doc, value as YamlNode, fail)) {
          const twhere = `${where}.${tkey}`;
          if (isNullScalar(yaml, tvalue)) continue;
          if (tkey === 'enabled' || tkey === 'insecure') {
            const b = booleanScalar(yaml, tvalue);
            if (b === undefined) fail(tpair, `${twhere} must be true or false`);
            tls[tkey] = b;
          } else if (tkey === 'ca' || tkey === 'cert' || tkey === 'key') {
            const text = scalarText(yaml, tvalue);
            if (!text) fail(tpair, `${twhere} must be a file path`);
            tls[tkey] = resolve(dir, expandHome(text!));
          } else {
            fail(tpair, `unknown key \`${twhere}\` (known: ${TLS_KEYS.join(', ')})`);
          }
        }
        profile.tls = tls;
        break;
      }
      default:
        fail(pair, `unknown key \`${where}\` (known: ${PROFILE_KEYS.join(', ')})`);
    }
  }
  return profile;
}

function at(lineCounter: LineCounter, offset: number | undefined): string {
  if (offset === undefined) return '';
  const { line, col } = lineCounter.linePos(offset);
  return ` (line ${line}, column ${col})`;
}

function deref(yaml: Yaml, doc: Document, node: unknown): unknown {
  return yaml.isAlias(node) ? node.resolve(doc) ?? null : node;
}

function isNullScalar(yaml: Yaml, node: unknown): boolean {
  return node === null || node === undefined || (yaml.isScalar(node) && node.value === null);
}

/** The pairs of a mapping as [key text, value node, pair]; keys must be plain scalars. */
function entries(yaml: Yaml, doc: Document, map: YamlNode, fail: (node: unknown, what: string) => never): Array<[string, unknown, unknown]> {
  const out: Array<[string, unknown, unknown]> = [];
  if (!yaml.isMap(map)) return out;
  for (const pair of map.items) {
    const key = scalarText(yaml, deref(yaml, doc, pair.key));
    if (key === undefined) fail(pair.key ?? map, 'a key that is not a plain name');
    out.push([key!, deref(yaml, doc, pair.value), pair.key ?? pair]);
  }
  return out;
}

/**
 * A scalar's text as written: `secretKey: 0123` is the string "0123" (the core schema would read
 * the number 123 and a signature would never match). Undefined for collections.
 */
function scalarText(yaml: Yaml, node: unknown): string | undefined {
  if (!yaml.isScalar(node)) return undefined;
  const s = node as Scalar;
  if (typeof s.value === 'string') return s.value;
  if (s.value === null || s.value === undefined) return undefined;
  if (s.type === 'PLAIN' && typeof s.source === 'string') return s.source;
  return String(s.value);
}

function booleanScalar(yaml: Yaml, node: unknown): boolean | undefined {
  if (yaml.isScalar(node) && typeof node.value === 'boolean') return node.value;
  const text = scalarText(yaml, node)?.toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

/** Reads the profile file; a missing one is an empty one. Damaged or unreadable: CliError, exit 2. */
export async function loadProfileFile(path: string): Promise<ProfileFile> {
  const text = readConfigText(path);
  if (text === undefined) return emptyProfileFile(path);
  const yaml = await import('yaml');
  return parseProfileText(yaml, text, path).file;
}

export interface ProfileEdit {
  doc: Document;
  file: ProfileFile;
  yaml: Yaml;
}

/**
 * Changes the file: reads it (refusing a damaged one: it is never overwritten), lets `edit`
 * change the YAML document, checks that the result reads back, and writes it atomically.
 * Returns the file as written and what `edit` returned.
 */
export async function editProfileFile<R>(path: string, edit: (e: ProfileEdit) => R): Promise<{ file: ProfileFile; result: R }> {
  const yaml = await import('yaml');
  const target = writeTarget(path);
  const text = readConfigText(target);
  const { doc, file } = text === undefined
    ? { doc: new yaml.Document({ profiles: {} }), file: emptyProfileFile(path) }
    : parseProfileText(yaml, text, path);
  const result = edit({ doc, file, yaml });
  const out = doc.toString({ lineWidth: 0 });
  const written = parseProfileText(yaml, out, path).file;
  writeFileAtomic(target, out);
  return { file: written, result };
}

/** The file a write replaces: the target of a symlink, so the link survives the rename. */
function writeTarget(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch {
    return path;
  }
}

/**
 * Writes `text` to `path` so that a reader sees the old file or the new one, never a part: a
 * temp file in the same directory (mode 0600, created exclusively), fsync, rename. Missing
 * directories are created with mode 0700.
 */
export function writeFileAtomic(path: string, text: string): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new CliError(`cannot write ${path}: ${errnoReason(err)}`, ExitCode.USAGE, `check the permissions of ${dir}, or set ${CONFIG_ENV}=FILE to use another file`);
  }
}

/** The profile names, sorted, for messages. */
export function profileNames(file: ProfileFile): string[] {
  return Object.keys(file.profiles).sort();
}

/** An error for a name that is not in the file, listing those that are. */
export function unknownProfile(file: ProfileFile, name: string, from?: string): CliError {
  const names = profileNames(file);
  const known = names.length > 0 ? `known profiles: ${names.join(', ')}` : `no profiles are defined${file.exists ? ` in ${file.path}` : ''}`;
  return new CliError(
    `unknown profile "${name}"${from ? ` (${from})` : ''}: ${known}`,
    ExitCode.USAGE,
    names.length > 0 ? 'see `mqadmin profile list`' : 'create one with `mqadmin profile create NAME -n host:port`',
  );
}
