// Which NameServer, timeout, credentials and TLS settings a command uses, and where each came
// from. The same precedence for every setting (README "Credentials, TLS and profiles"):
//
//   flag  >  environment  >  the selected profile  >  the running `mqadmin dev` cluster  >  default
//
// The profile is --profile, else $MQADMIN_PROFILE, else `current:` of the profile file. The dev
// cluster's NameServer is used when nothing else names one; its admin account and CA only when
// the NameServer in use is the dev cluster's. Pure functions over (flags, env, the profile file,
// the dev state), so they can be tested; `adminOptions` then reads the files and checks the
// combination.

import { readFileSync } from 'node:fs';
import { parseNamesrvAddrs } from '../admin/addresses.js';
import { InvalidArgumentError } from '../admin/errors.js';
import { runningDevCluster, type DevSecurity } from '../dev/state.js';
import type { Credentials } from '../protocol/acl.js';
import type { ClientTlsOptions } from '../remoting/client.js';
import { CliError, ExitCode } from './exitCodes.js';
import { ENV_REF, errnoReason, unknownProfile, type Profile, type ProfileFile } from './profiles.js';
import { registerSecret } from './redact.js';

export const DEFAULT_TIMEOUT_MS = 5000;

export const ENV = {
  namesrvAddr: 'NAMESRV_ADDR',
  profile: 'MQADMIN_PROFILE',
  accessKey: 'MQADMIN_ACCESS_KEY',
  secretKey: 'MQADMIN_SECRET_KEY',
  securityToken: 'MQADMIN_SECURITY_TOKEN',
  tls: 'MQADMIN_TLS',
  tlsCa: 'MQADMIN_TLS_CA',
  tlsCert: 'MQADMIN_TLS_CERT',
  tlsKey: 'MQADMIN_TLS_KEY',
  tlsInsecure: 'MQADMIN_TLS_INSECURE',
} as const;

/** The connection flags of every command that talks to a cluster (src/cli/base.ts). */
export interface ConnectionFlags {
  namesrvAddr?: string;
  timeout?: number;
  profile?: string;
  'access-key'?: string;
  'secret-key'?: string;
  'security-token'?: string;
  tls?: boolean;
  'tls-ca'?: string;
  'tls-cert'?: string;
  'tls-key'?: string;
  'tls-insecure'?: boolean;
}

export type Source =
  | { kind: 'flag'; flag: string }
  | { kind: 'env'; variable: string }
  | { kind: 'profile'; profile: string }
  /** `current:` in the profile file (only for the profile selection itself). */
  | { kind: 'config'; path: string }
  | { kind: 'dev' }
  | { kind: 'default' };

export function describeSource(source: Source): string {
  switch (source.kind) {
    case 'flag':
      return `flag ${source.flag}`;
    case 'env':
      return `env ${source.variable}`;
    case 'profile':
      return `profile ${source.profile}`;
    case 'config':
      return `current in ${source.path}`;
    case 'dev':
      return 'dev cluster';
    case 'default':
      return 'default';
  }
}

export interface Sourced<T> {
  value: T;
  source: Source;
}

/**
 * A credential. A profile may hold `env:VAR` instead of the value: `ref` is then VAR and `value`
 * its content, undefined while VAR is unset (an error only when the setting is used).
 */
export interface CredentialSetting {
  value?: string;
  ref?: string;
  source: Source;
}

/** What the dev cluster contributes, from its dev.json. */
export interface DevCluster {
  namesrvAddr: string;
  /** Started with `dev up --tls`. */
  tls?: boolean;
  security?: DevSecurity;
}

export interface SettingsInput {
  flags: ConnectionFlags;
  env: NodeJS.ProcessEnv;
  file: ProfileFile;
  /** The running dev cluster, asked only when needed. */
  dev?: () => DevCluster | undefined;
}

export interface Settings {
  configFile: string;
  /** The selected profile and why it is selected; none when none is. */
  profile?: { name: string; source: Source };
  namesrvAddr?: Sourced<string>;
  timeout: Sourced<number>;
  accessKey?: CredentialSetting;
  secretKey?: CredentialSetting;
  securityToken?: CredentialSetting;
  /** TLS on or off; a CA, a client certificate or --tls-insecure turns it on (at their level). */
  tls: Sourced<boolean>;
  tlsCa?: Sourced<string>;
  tlsCert?: Sourced<string>;
  tlsKey?: Sourced<string>;
  tlsInsecure: Sourced<boolean>;
  /** The NameServer in use is the running dev cluster's: its account and CA may apply. */
  devCluster: boolean;
}

const flagSource = (flag: string): Source => ({ kind: 'flag', flag });
const envSource = (variable: string): Source => ({ kind: 'env', variable });

/** An environment value, or undefined when unset or blank. */
function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** MQADMIN_TLS and MQADMIN_TLS_INSECURE: true/false/1/0 (any case); anything else is exit 2. */
export function envBoolean(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = envValue(env, name);
  if (raw === undefined) return undefined;
  const text = raw.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new CliError(`${name} must be true, false, 1 or 0 (it is "${raw}")`, ExitCode.USAGE, `set ${name}=true or ${name}=false, or unset it`);
}

/** The first defined candidate, in precedence order. */
function first<T>(...candidates: Array<Sourced<T | undefined> | undefined>): Sourced<T> | undefined {
  for (const c of candidates) if (c && c.value !== undefined) return c as Sourced<T>;
  return undefined;
}

/** A credential as a profile holds it: literal, or `env:VAR` read now. */
export function profileCredential(stored: string, env: NodeJS.ProcessEnv, source: Source): CredentialSetting {
  const m = ENV_REF.exec(stored.trim());
  if (!m) return { value: stored, source };
  return { ref: m[1]!, value: envValue(env, m[1]!), source };
}

function sameNamesrv(a: string, b: string): boolean {
  try {
    const left = parseNamesrvAddrs(a);
    return left.length > 0 && left.every((x) => x === b.trim());
  } catch {
    return false;
  }
}

/** Picks the profile: --profile, else MQADMIN_PROFILE, else `current:`. Unknown: exit 2. */
export function selectProfile(input: Pick<SettingsInput, 'flags' | 'env' | 'file'>): { name: string; source: Source; profile: Profile } | undefined {
  const { flags, env, file } = input;
  const fromFlag = flags.profile?.trim();
  const fromEnv = envValue(env, ENV.profile)?.trim();
  const chosen: Sourced<string> | undefined = fromFlag
    ? { value: fromFlag, source: flagSource('--profile') }
    : fromEnv
      ? { value: fromEnv, source: envSource(ENV.profile) }
      : file.current
        ? { value: file.current, source: { kind: 'config', path: file.path } }
        : undefined;
  if (!chosen) return undefined;
  const profile = Object.hasOwn(file.profiles, chosen.value) ? file.profiles[chosen.value] : undefined;
  if (!profile) {
    if (chosen.source.kind === 'config') {
      const err = unknownProfile(file, chosen.value, `the current profile in ${file.path}`);
      throw new CliError(err.message, ExitCode.USAGE, 'choose another with `mqadmin profile use NAME` (or `mqadmin profile use --none`)');
    }
    throw unknownProfile(file, chosen.value, `from ${describeSource(chosen.source)}`);
  }
  return { name: chosen.value, source: chosen.source, profile };
}

/** The effective settings, each with its source. Throws only for an unknown profile or a bad MQADMIN_TLS*. */
export function resolveSettings(input: SettingsInput): Settings {
  const { flags, env } = input;
  const selected = selectProfile(input);
  const p: Profile = selected?.profile ?? {};
  const ps: Source = { kind: 'profile', profile: selected?.name ?? '' };
  let devCache: { value: DevCluster | undefined } | undefined;
  const dev = (): DevCluster | undefined => (devCache ??= { value: input.dev?.() }).value;

  const namesrvAddr = first<string>(
    { value: flags.namesrvAddr?.trim() || undefined, source: flagSource('--namesrvAddr') },
    { value: envValue(env, ENV.namesrvAddr)?.trim(), source: envSource(ENV.namesrvAddr) },
    { value: p.namesrvAddr?.trim() || undefined, source: ps },
    { value: dev()?.namesrvAddr, source: { kind: 'dev' } },
  );
  const d = namesrvAddr && (namesrvAddr.source.kind === 'dev' || (dev() !== undefined && sameNamesrv(namesrvAddr.value, dev()!.namesrvAddr)))
    ? dev()
    : undefined;
  const devSource: Source = { kind: 'dev' };

  const timeout = first<number>(
    { value: flags.timeout, source: flagSource('--timeout') },
    { value: p.timeout, source: ps },
  ) ?? { value: DEFAULT_TIMEOUT_MS, source: { kind: 'default' } };

  const credential = (flag: string, flagValue: string | undefined, variable: string, stored: string | undefined, devValue: string | undefined): CredentialSetting | undefined => {
    if (flagValue !== undefined && flagValue !== '') return { value: flagValue, source: flagSource(flag) };
    const fromEnv = envValue(env, variable);
    if (fromEnv !== undefined) return { value: fromEnv, source: envSource(variable) };
    if (stored !== undefined && stored !== '') return profileCredential(stored, env, ps);
    if (devValue !== undefined) return { value: devValue, source: devSource };
    return undefined;
  };
  // The dev cluster's admin account comes as a pair: never its secret key under another access key.
  const higher = (flag: string | undefined, variable: string, stored: string | undefined) =>
    (flag !== undefined && flag !== '') || envValue(env, variable) !== undefined || (stored !== undefined && stored !== '');
  const devAcl = higher(flags['access-key'], ENV.accessKey, p.accessKey) || higher(flags['secret-key'], ENV.secretKey, p.secretKey)
    ? undefined
    : d?.security?.acl;
  const accessKey = credential('--access-key', flags['access-key'], ENV.accessKey, p.accessKey, devAcl?.accessKey);
  const secretKey = credential('--secret-key', flags['secret-key'], ENV.secretKey, p.secretKey, devAcl?.secretKey);
  const securityToken = credential('--security-token', flags['security-token'], ENV.securityToken, p.securityToken, undefined);
  for (const c of [secretKey, securityToken]) registerSecret(c?.value);

  const path = (flag: string, flagValue: string | undefined, variable: string, stored: string | undefined, devValue?: string): Sourced<string> | undefined =>
    first<string>(
      { value: flagValue?.trim() || undefined, source: flagSource(flag) },
      { value: envValue(env, variable)?.trim(), source: envSource(variable) },
      { value: stored, source: ps },
      { value: devValue, source: devSource },
    );
  const tlsCa = path('--tls-ca', flags['tls-ca'], ENV.tlsCa, p.tls?.ca, d?.security?.tls?.caFile);
  const tlsCert = path('--tls-cert', flags['tls-cert'], ENV.tlsCert, p.tls?.cert);
  const tlsKey = path('--tls-key', flags['tls-key'], ENV.tlsKey, p.tls?.key);

  const envInsecure = envBoolean(env, ENV.tlsInsecure);
  const tlsInsecure = first<boolean>(
    { value: flags['tls-insecure'] === true ? true : undefined, source: flagSource('--tls-insecure') },
    { value: envInsecure, source: envSource(ENV.tlsInsecure) },
    { value: p.tls?.insecure, source: ps },
  ) ?? { value: false, source: { kind: 'default' } };

  // At each level, an explicit on/off, else on when that level names a CA, a certificate, a key
  // or insecure mode (`--tls-ca` implies `--tls`).
  const implied = (pairs: Array<[unknown, Source]>): Sourced<boolean | undefined> => {
    const hit = pairs.find(([v]) => v !== undefined && v !== false && v !== '');
    return { value: hit ? true : undefined, source: hit ? hit[1] : devSource };
  };
  const envTls = envBoolean(env, ENV.tls);
  const tls = first<boolean>(
    { value: flags.tls, source: flagSource(flags.tls === false ? '--no-tls' : '--tls') },
    implied([
      [flags['tls-ca']?.trim(), flagSource('--tls-ca')],
      [flags['tls-cert']?.trim(), flagSource('--tls-cert')],
      [flags['tls-key']?.trim(), flagSource('--tls-key')],
      [flags['tls-insecure'], flagSource('--tls-insecure')],
    ]),
    { value: envTls, source: envSource(ENV.tls) },
    implied([
      [envValue(env, ENV.tlsCa), envSource(ENV.tlsCa)],
      [envValue(env, ENV.tlsCert), envSource(ENV.tlsCert)],
      [envValue(env, ENV.tlsKey), envSource(ENV.tlsKey)],
      [envInsecure, envSource(ENV.tlsInsecure)],
    ]),
    { value: p.tls?.enabled, source: ps },
    implied([p.tls?.ca, p.tls?.cert, p.tls?.key, p.tls?.insecure].map((v): [unknown, Source] => [v, ps])),
    { value: d && (d.tls === true || d.security?.tls !== undefined) ? true : undefined, source: devSource },
  ) ?? { value: false, source: { kind: 'default' } };

  return {
    configFile: input.file.path,
    ...(selected ? { profile: { name: selected.name, source: selected.source } } : {}),
    ...(namesrvAddr ? { namesrvAddr } : {}),
    timeout,
    ...(accessKey ? { accessKey } : {}),
    ...(secretKey ? { secretKey } : {}),
    ...(securityToken ? { securityToken } : {}),
    tls,
    ...(tlsCa ? { tlsCa } : {}),
    ...(tlsCert ? { tlsCert } : {}),
    ...(tlsKey ? { tlsKey } : {}),
    tlsInsecure,
    devCluster: d !== undefined,
  };
}

export interface AdminConnectionOptions {
  namesrvAddr: string[];
  timeoutMs: number;
  credentials?: Credentials;
  tls?: ClientTlsOptions;
}

/** Where a setting can be given, for remedies: "--secret-key (or MQADMIN_SECRET_KEY, or secretKey in the profile)". */
function whereToSet(flag: string, variable: string, key: string): string {
  return `${flag} (or ${variable}, or ${key} in a profile)`;
}

function credentialValue(setting: CredentialSetting | undefined, what: string): string | undefined {
  if (!setting) return undefined;
  if (setting.value === undefined) {
    throw new CliError(
      `the ${what} of ${describeSource(setting.source)} is env:${setting.ref}, and ${setting.ref} is not set`,
      ExitCode.USAGE,
      `export ${setting.ref}=..., or change the profile (mqadmin profile create ... --force)`,
    );
  }
  return setting.value;
}

/** Reads a TLS file; unreadable is exit 2 with the path and the reason. Never prints the content. */
export function readTlsFile(setting: Sourced<string>, what: string, readFile: (path: string) => Buffer = readFileSync): Buffer {
  const path = setting.value;
  let content: Buffer;
  try {
    content = readFile(path);
  } catch (err) {
    throw new CliError(`cannot read the ${what} ${path} (${describeSource(setting.source)}): ${errnoReason(err)}`, ExitCode.USAGE, 'check the path and its permissions');
  }
  if (!content.includes('-----BEGIN')) {
    throw new CliError(`the ${what} ${path} (${describeSource(setting.source)}) is not a PEM file (no -----BEGIN line)`, ExitCode.USAGE, 'give a PEM file (convert a DER one with `openssl x509 -inform der`)');
  }
  return content;
}

/**
 * What MQAdmin is given: the NameServers, the timeout, the credentials and the TLS options (the
 * files read). Throws CliError (exit 2) for: no NameServer, an access key without a secret key
 * or the reverse, an `env:` reference to an unset variable, a certificate without its key, an
 * unreadable file.
 */
export function adminOptions(settings: Settings, readFile: (path: string) => Buffer = readFileSync): AdminConnectionOptions {
  if (!settings.namesrvAddr) {
    throw new CliError(
      'no NameServer address given',
      ExitCode.USAGE,
      'pass -n host:port (e.g. -n 127.0.0.1:9876), set NAMESRV_ADDR, use a profile (--profile, `mqadmin profile use`), or start a local cluster with `mqadmin dev up`',
    );
  }
  let namesrvAddr: string[];
  try {
    namesrvAddr = parseNamesrvAddrs(settings.namesrvAddr.value);
  } catch (err) {
    if (err instanceof InvalidArgumentError && settings.namesrvAddr.source.kind !== 'flag') {
      throw new InvalidArgumentError(`${err.message} (${describeSource(settings.namesrvAddr.source)})`, err.remedy);
    }
    throw err;
  }
  const out: AdminConnectionOptions = { namesrvAddr, timeoutMs: settings.timeout.value };

  const { accessKey, secretKey, securityToken } = settings;
  if (accessKey && !secretKey) {
    throw new CliError(
      `an access key is given (${describeSource(accessKey.source)}) but no secret key`,
      ExitCode.USAGE,
      `pass the secret key too: ${whereToSet('--secret-key', ENV.secretKey, 'secretKey')}`,
    );
  }
  if (secretKey && !accessKey) {
    throw new CliError(
      `a secret key is given (${describeSource(secretKey.source)}) but no access key`,
      ExitCode.USAGE,
      `pass the access key too: ${whereToSet('--access-key', ENV.accessKey, 'accessKey')}`,
    );
  }
  if (securityToken && !accessKey) {
    throw new CliError(
      `a security token is given (${describeSource(securityToken.source)}) but no access key and secret key`,
      ExitCode.USAGE,
      `pass them too: ${whereToSet('--access-key', ENV.accessKey, 'accessKey')} and ${whereToSet('--secret-key', ENV.secretKey, 'secretKey')}`,
    );
  }
  if (accessKey && secretKey) {
    const ak = credentialValue(accessKey, 'access key')!;
    const sk = credentialValue(secretKey, 'secret key')!;
    const token = credentialValue(securityToken, 'security token');
    out.credentials = { accessKey: ak, secretKey: sk, ...(token ? { securityToken: token } : {}) };
  }

  if (settings.tls.value) {
    const { tlsCert, tlsKey } = settings;
    if (tlsCert && !tlsKey) {
      throw new CliError(`a client certificate is given (${describeSource(tlsCert.source)}) but no key`, ExitCode.USAGE, `pass its key: ${whereToSet('--tls-key', ENV.tlsKey, 'tls.key')}`);
    }
    if (tlsKey && !tlsCert) {
      throw new CliError(`a client key is given (${describeSource(tlsKey.source)}) but no certificate`, ExitCode.USAGE, `pass its certificate: ${whereToSet('--tls-cert', ENV.tlsCert, 'tls.cert')}`);
    }
    const tls: ClientTlsOptions = {};
    if (settings.tlsCa) tls.ca = readTlsFile(settings.tlsCa, 'CA file', readFile);
    if (tlsCert && tlsKey) {
      tls.cert = readTlsFile(tlsCert, 'client certificate', readFile);
      tls.key = readTlsFile(tlsKey, 'client key', readFile);
    }
    if (settings.tlsInsecure.value) tls.insecure = true;
    out.tls = tls;
  }
  return out;
}

/** The running dev cluster as settings see it (dev.json of the default data directory). */
export function runningDevClusterSettings(env: NodeJS.ProcessEnv = process.env): DevCluster | undefined {
  const state = runningDevCluster(env);
  if (!state) return undefined;
  return { namesrvAddr: state.namesrvAddr, tls: state.options.tls, ...(state.security ? { security: state.security } : {}) };
}
