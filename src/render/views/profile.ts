// Views of the profile commands: profiles and effective settings in, masked records and text
// out. Secret keys and security tokens are always masked (an `env:VAR` reference is shown, it
// holds no secret); access keys are shown, as the server logs them too.

import { ENV_REF, type Profile, type ProfileFile } from '../../cli/profiles.js';
import { describeSource, type CredentialSetting, type Settings, type Sourced } from '../../cli/settings.js';
import { maskSecret } from '../../protocol/acl.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable, type Column } from '../table.js';

/** A profile as printed and in --json: secrets masked, `env:` references kept. */
export interface ProfileRecord {
  name: string;
  current: boolean;
  namesrvAddr: string | null;
  accessKey: string | null;
  secretKey: string | null;
  securityToken: string | null;
  tls: { enabled: boolean; ca: string | null; cert: string | null; key: string | null; insecure: boolean };
  timeout: number | null;
}

const isRef = (v: string): boolean => ENV_REF.test(v.trim());

/** A stored secret as shown: `env:VAR` as written, a literal as the mask. */
export function maskStored(value: string | undefined): string | null {
  if (value === undefined) return null;
  return isRef(value) ? value.trim() : (maskSecret(value) ?? null);
}

export function profileRecord(name: string, profile: Profile, file: ProfileFile): ProfileRecord {
  const tls = profile.tls ?? {};
  return {
    name,
    current: file.current === name,
    namesrvAddr: profile.namesrvAddr ?? null,
    accessKey: profile.accessKey ?? null,
    secretKey: maskStored(profile.secretKey),
    securityToken: maskStored(profile.securityToken),
    tls: {
      enabled: tls.enabled ?? Boolean(tls.ca || tls.cert || tls.key || tls.insecure),
      ca: tls.ca ?? null,
      cert: tls.cert ?? null,
      key: tls.key ?? null,
      insecure: tls.insecure ?? false,
    },
    timeout: profile.timeout ?? null,
  };
}

export interface ProfileListResult {
  configFile: string;
  current: string | null;
  profiles: ProfileRecord[];
}

export function profileList(file: ProfileFile): ProfileListResult {
  return {
    configFile: file.path,
    current: file.current ?? null,
    profiles: Object.keys(file.profiles).sort().map((name) => profileRecord(name, file.profiles[name]!, file)),
  };
}

const tlsSummary = (r: ProfileRecord): string =>
  !r.tls.enabled ? 'off' : r.tls.insecure ? 'on, insecure' : r.tls.cert ? 'on, client cert' : r.tls.ca ? 'on, own CA' : 'on';

export async function renderProfileList(result: ProfileListResult, style: Style): Promise<string> {
  if (result.profiles.length === 0) {
    return style.dim(`No profiles in ${result.configFile}. Create one with: mqadmin profile create NAME -n host:port`);
  }
  const columns: Column<ProfileRecord>[] = [
    { header: 'CURRENT', value: (r) => (r.current ? '*' : '') },
    { header: 'NAME', value: (r) => r.name, color: (t, r, s) => (r.current ? s.bold(t) : t) },
    { header: 'NAMESERVERS', value: (r) => r.namesrvAddr },
    { header: 'ACCESS KEY', value: (r) => r.accessKey },
    { header: 'TLS', value: tlsSummary },
    { header: 'TIMEOUT', value: (r) => r.timeout, align: 'right' },
  ];
  return renderTable(columns, result.profiles, style);
}

export function renderProfile(record: ProfileRecord, configFile: string, style: Style): string {
  const v = (x: string | number | null): string => (x === null ? '-' : String(x));
  const entries: Array<[string, string]> = [
    ['namesrvAddr', v(record.namesrvAddr)],
    ['accessKey', v(record.accessKey)],
    ['secretKey', v(record.secretKey)],
    ['securityToken', v(record.securityToken)],
    ['tls', record.tls.enabled ? 'on' : 'off'],
    ['tls.ca', v(record.tls.ca)],
    ['tls.cert', v(record.tls.cert)],
    ['tls.key', v(record.tls.key)],
    ['tls.insecure', record.tls.insecure ? 'on' : 'off'],
    ['timeout', record.timeout === null ? '- (5000 by default)' : `${record.timeout} ms`],
  ];
  const title = `${style.bold(`Profile ${record.name}`)}${record.current ? ' (current)' : ''} ${style.dim(`in ${configFile}`)}`;
  return `${title}\n${renderKeyValues(entries, style, '  ')}`;
}

// ---------------------------------------------------------------------------------------------
// Effective settings (`profile show` without a name)

export interface EffectiveSetting {
  /** Secrets masked; null when not set (or an `env:` reference to an unset variable). */
  value: string | number | boolean | null;
  /** The variable a profile's `env:VAR` names. */
  ref?: string;
  /** flag --x, env X, profile NAME, dev cluster, default; null when nothing sets it. */
  source: string | null;
}

export interface EffectiveSettingsResult {
  configFile: string;
  profile: { name: string; source: string } | null;
  settings: Record<string, EffectiveSetting>;
  /** What a command would fail with, if anything (no NameServer, half a key pair, ...). */
  problem: string | null;
}

function credential(setting: CredentialSetting | undefined, secret: boolean): EffectiveSetting {
  if (!setting) return { value: null, source: null };
  const value = setting.value === undefined ? null : secret ? (maskSecret(setting.value) ?? null) : setting.value;
  return { value, ...(setting.ref ? { ref: setting.ref } : {}), source: describeSource(setting.source) };
}

const sourced = <T extends string | number | boolean>(s: Sourced<T> | undefined): EffectiveSetting =>
  s ? { value: s.value, source: describeSource(s.source) } : { value: null, source: null };

export function effectiveSettings(settings: Settings, problem: string | null): EffectiveSettingsResult {
  return {
    configFile: settings.configFile,
    profile: settings.profile ? { name: settings.profile.name, source: describeSource(settings.profile.source) } : null,
    settings: {
      namesrvAddr: sourced(settings.namesrvAddr),
      timeout: sourced(settings.timeout),
      accessKey: credential(settings.accessKey, false),
      secretKey: credential(settings.secretKey, true),
      securityToken: credential(settings.securityToken, true),
      tls: sourced(settings.tls),
      'tls.ca': sourced(settings.tlsCa),
      'tls.cert': sourced(settings.tlsCert),
      'tls.key': sourced(settings.tlsKey),
      'tls.insecure': sourced(settings.tlsInsecure),
    },
    problem,
  };
}

export async function renderEffectiveSettings(result: EffectiveSettingsResult, style: Style): Promise<string> {
  const head = renderKeyValues(
    [
      ['config file', result.configFile],
      ['profile', result.profile ? `${result.profile.name} (${result.profile.source})` : 'none'],
    ],
    style,
  );
  const rows = Object.entries(result.settings).map(([name, s]) => ({ name, ...s }));
  const table = await renderTable(
    [
      { header: 'SETTING', value: (r) => r.name },
      {
        header: 'VALUE',
        value: (r) => {
          const text = typeof r.value === 'boolean' ? (r.value ? 'on' : 'off') : r.value;
          return r.ref ? `${text ?? '(not set)'} (env:${r.ref})` : text;
        },
      },
      { header: 'FROM', value: (r) => r.source, color: (t, r, s) => (r.source === 'default' || r.source === null ? s.dim(t) : t) },
    ],
    rows,
    style,
  );
  const problem = result.problem ? `\n\n${style.yellow('warning:')} a command would fail: ${result.problem}` : '';
  return `${head}\n\n${table}${problem}`;
}
