// Where each connection setting comes from (src/cli/settings.ts): flag > env > profile > dev
// cluster > default, setting by setting; env: references; the checks adminOptions makes.

import { describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../../src/cli/exitCodes.js';
import type { Profile, ProfileFile } from '../../src/cli/profiles.js';
import { adminOptions, describeSource, resolveSettings, type ConnectionFlags, type DevCluster, type Settings } from '../../src/cli/settings.js';
import { effectiveSettings, maskStored, profileList, profileRecord } from '../../src/render/views/profile.js';

const PATH = '/home/me/.config/mqadmin/config.yaml';

function fileWith(profiles: Record<string, Profile>, current?: string): ProfileFile {
  return { path: PATH, exists: true, profiles, ...(current ? { current } : {}) };
}

const PROD: Profile = {
  namesrvAddr: '10.0.0.1:9876;10.0.0.2:9876',
  accessKey: 'prodAK',
  secretKey: 'prodSecret',
  securityToken: 'prodToken',
  tls: { enabled: true, ca: '/etc/prod-ca.pem', cert: '/etc/prod.crt', key: '/etc/prod.key', insecure: true },
  timeout: 9000,
};
const DEV: DevCluster = {
  namesrvAddr: '127.0.0.1:9876',
  tls: true,
  security: { acl: { accessKey: 'devAdmin', secretKey: 'devSecret' }, tls: { caFile: '/data/dev/ca.pem' } },
};

function resolve(opts: { flags?: ConnectionFlags; env?: NodeJS.ProcessEnv; file?: ProfileFile; dev?: DevCluster }): Settings {
  return resolveSettings({
    flags: opts.flags ?? {},
    env: opts.env ?? {},
    file: opts.file ?? { path: PATH, exists: false, profiles: {} },
    dev: () => opts.dev,
  });
}

const src = (s: { source: Parameters<typeof describeSource>[0] } | undefined) => (s ? describeSource(s.source) : undefined);

function thrown(fn: () => unknown): CliError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return err as CliError;
  }
  throw new Error('expected a CliError');
}

describe('precedence, per setting', () => {
  const file = fileWith({ prod: PROD }, 'prod');
  const allFlags: ConnectionFlags = {
    namesrvAddr: '1.1.1.1:9876',
    timeout: 1234,
    'access-key': 'flagAK',
    'secret-key': 'flagSK',
    'security-token': 'flagToken',
    tls: true,
    'tls-ca': '/flag/ca.pem',
    'tls-cert': '/flag/c.crt',
    'tls-key': '/flag/c.key',
    'tls-insecure': true,
  };
  const allEnv: NodeJS.ProcessEnv = {
    NAMESRV_ADDR: '2.2.2.2:9876',
    MQADMIN_ACCESS_KEY: 'envAK',
    MQADMIN_SECRET_KEY: 'envSK',
    MQADMIN_SECURITY_TOKEN: 'envToken',
    MQADMIN_TLS: 'true',
    MQADMIN_TLS_CA: '/env/ca.pem',
    MQADMIN_TLS_CERT: '/env/c.crt',
    MQADMIN_TLS_KEY: '/env/c.key',
    MQADMIN_TLS_INSECURE: '1',
  };

  it('flags win over everything', () => {
    const s = resolve({ flags: allFlags, env: allEnv, file, dev: DEV });
    expect(s.namesrvAddr).toEqual({ value: '1.1.1.1:9876', source: { kind: 'flag', flag: '--namesrvAddr' } });
    expect(s.timeout.value).toBe(1234);
    expect(s.accessKey?.value).toBe('flagAK');
    expect(s.secretKey?.value).toBe('flagSK');
    expect(s.securityToken?.value).toBe('flagToken');
    expect([s.tls.value, src(s.tls)]).toEqual([true, 'flag --tls']);
    expect([s.tlsCa?.value, s.tlsCert?.value, s.tlsKey?.value]).toEqual(['/flag/ca.pem', '/flag/c.crt', '/flag/c.key']);
    expect([s.tlsInsecure.value, src(s.tlsInsecure)]).toEqual([true, 'flag --tls-insecure']);
    for (const x of [s.accessKey, s.secretKey, s.securityToken, s.tlsCa, s.tlsCert, s.tlsKey, s.timeout]) expect(x!.source.kind).toBe('flag');
  });

  it('the environment wins over the profile and the dev cluster', () => {
    const s = resolve({ env: allEnv, file, dev: DEV });
    expect([s.namesrvAddr?.value, src(s.namesrvAddr)]).toEqual(['2.2.2.2:9876', 'env NAMESRV_ADDR']);
    expect([s.accessKey?.value, src(s.accessKey)]).toEqual(['envAK', 'env MQADMIN_ACCESS_KEY']);
    expect([s.secretKey?.value, src(s.secretKey)]).toEqual(['envSK', 'env MQADMIN_SECRET_KEY']);
    expect([s.securityToken?.value, src(s.securityToken)]).toEqual(['envToken', 'env MQADMIN_SECURITY_TOKEN']);
    expect([s.tls.value, src(s.tls)]).toEqual([true, 'env MQADMIN_TLS']);
    expect([s.tlsCa?.value, src(s.tlsCa)]).toEqual(['/env/ca.pem', 'env MQADMIN_TLS_CA']);
    expect([s.tlsCert?.value, src(s.tlsCert)]).toEqual(['/env/c.crt', 'env MQADMIN_TLS_CERT']);
    expect([s.tlsKey?.value, src(s.tlsKey)]).toEqual(['/env/c.key', 'env MQADMIN_TLS_KEY']);
    expect([s.tlsInsecure.value, src(s.tlsInsecure)]).toEqual([true, 'env MQADMIN_TLS_INSECURE']);
    // No environment variable for the timeout: the profile's.
    expect([s.timeout.value, src(s.timeout)]).toEqual([9000, 'profile prod']);
  });

  it('the profile wins over the dev cluster', () => {
    const s = resolve({ file, dev: DEV });
    expect(s.profile).toEqual({ name: 'prod', source: { kind: 'config', path: PATH } });
    expect([s.namesrvAddr?.value, src(s.namesrvAddr)]).toEqual(['10.0.0.1:9876;10.0.0.2:9876', 'profile prod']);
    expect([s.accessKey?.value, s.secretKey?.value, s.securityToken?.value]).toEqual(['prodAK', 'prodSecret', 'prodToken']);
    expect([s.tls.value, src(s.tls)]).toEqual([true, 'profile prod']);
    expect([s.tlsCa?.value, s.tlsCert?.value, s.tlsKey?.value, s.tlsInsecure.value]).toEqual(['/etc/prod-ca.pem', '/etc/prod.crt', '/etc/prod.key', true]);
    expect(s.devCluster).toBe(false);
  });

  it('the dev cluster gives its NameServer, admin account and CA when nothing else names a NameServer', () => {
    const s = resolve({ dev: DEV });
    expect([s.namesrvAddr?.value, src(s.namesrvAddr)]).toEqual(['127.0.0.1:9876', 'dev cluster']);
    expect([s.accessKey?.value, s.secretKey?.value, src(s.secretKey)]).toEqual(['devAdmin', 'devSecret', 'dev cluster']);
    expect([s.tls.value, src(s.tls), s.tlsCa?.value, src(s.tlsCa)]).toEqual([true, 'dev cluster', '/data/dev/ca.pem', 'dev cluster']);
    expect(s.securityToken).toBeUndefined();
    expect(s.devCluster).toBe(true);
  });

  it('defaults: timeout 5000, TLS off, nothing else', () => {
    const s = resolve({});
    expect(s.namesrvAddr).toBeUndefined();
    expect(s.timeout).toEqual({ value: 5000, source: { kind: 'default' } });
    expect(s.tls).toEqual({ value: false, source: { kind: 'default' } });
    expect(s.tlsInsecure).toEqual({ value: false, source: { kind: 'default' } });
    expect([s.accessKey, s.secretKey, s.securityToken, s.tlsCa, s.tlsCert, s.tlsKey, s.profile]).toEqual(Array(7).fill(undefined));
  });

  it('mixes levels setting by setting', () => {
    const s = resolve({ flags: { 'secret-key': 'flagSK' }, env: { MQADMIN_TLS_CA: '/env/ca.pem' }, file: fileWith({ p: { namesrvAddr: '3.3.3.3:9876', accessKey: 'pAK', timeout: 700 } }, 'p') });
    expect([src(s.namesrvAddr), src(s.accessKey), src(s.secretKey), src(s.tlsCa), src(s.tls), src(s.timeout)]).toEqual([
      'profile p',
      'profile p',
      'flag --secret-key',
      'env MQADMIN_TLS_CA',
      'env MQADMIN_TLS_CA',
      'profile p',
    ]);
  });

  it('blank environment variables count as unset', () => {
    const s = resolve({ env: { NAMESRV_ADDR: '  ', MQADMIN_SECRET_KEY: '', MQADMIN_TLS: '' }, file, dev: DEV });
    expect(src(s.namesrvAddr)).toBe('profile prod');
    expect(src(s.secretKey)).toBe('profile prod');
  });
});

describe('the dev cluster applies only to its own NameServer', () => {
  it('its account and CA are not sent to another NameServer', () => {
    for (const s of [resolve({ flags: { namesrvAddr: '10.9.9.9:9876' }, dev: DEV }), resolve({ env: { NAMESRV_ADDR: '10.9.9.9:9876' }, dev: DEV })]) {
      expect(s.devCluster).toBe(false);
      expect(s.accessKey).toBeUndefined();
      expect(s.secretKey).toBeUndefined();
      expect(s.tlsCa).toBeUndefined();
      expect(s.tls.value).toBe(false);
    }
  });

  it('they apply when -n, NAMESRV_ADDR or the profile name the dev NameServer', () => {
    for (const s of [
      resolve({ flags: { namesrvAddr: '127.0.0.1:9876' }, dev: DEV }),
      resolve({ env: { NAMESRV_ADDR: ' 127.0.0.1:9876 ' }, dev: DEV }),
      resolve({ file: fileWith({ local: { namesrvAddr: '127.0.0.1:9876' } }, 'local'), dev: DEV }),
    ]) {
      expect(s.devCluster).toBe(true);
      expect([s.accessKey?.value, s.secretKey?.value, s.tlsCa?.value, s.tls.value]).toEqual(['devAdmin', 'devSecret', '/data/dev/ca.pem', true]);
    }
  });

  it('a list with another NameServer is not the dev cluster', () => {
    expect(resolve({ flags: { namesrvAddr: '127.0.0.1:9876;10.0.0.1:9876' }, dev: DEV }).devCluster).toBe(false);
  });

  it('its account comes as a pair: never its secret key under another access key', () => {
    const s = resolve({ flags: { 'access-key': 'someoneElse' }, dev: DEV });
    expect(s.accessKey?.value).toBe('someoneElse');
    expect(s.secretKey).toBeUndefined();
    const e = thrown(() => adminOptions(s));
    expect(e.exitCode).toBe(ExitCode.USAGE);
    expect(e.message).toMatch(/access key is given \(flag --access-key\) but no secret key/);
  });
});

describe('TLS: a CA, a client certificate or insecure mode implies --tls', () => {
  it.each([
    [{ 'tls-ca': '/ca.pem' }, 'flag --tls-ca'],
    [{ 'tls-cert': '/c.crt', 'tls-key': '/c.key' }, 'flag --tls-cert'],
    [{ 'tls-insecure': true }, 'flag --tls-insecure'],
  ] as Array<[ConnectionFlags, string]>)('%o turns TLS on', (flags, from) => {
    const s = resolve({ flags });
    expect([s.tls.value, src(s.tls)]).toEqual([true, from]);
  });

  it('MQADMIN_TLS_CA / MQADMIN_TLS_INSECURE=true turn it on; MQADMIN_TLS_INSECURE=false does not', () => {
    expect(src(resolve({ env: { MQADMIN_TLS_CA: '/ca.pem' } }).tls)).toBe('env MQADMIN_TLS_CA');
    expect(resolve({ env: { MQADMIN_TLS_INSECURE: 'TRUE' } }).tls.value).toBe(true);
    expect(resolve({ env: { MQADMIN_TLS_INSECURE: 'false' } }).tls.value).toBe(false);
  });

  it('a profile with a CA but no `enabled` is TLS', () => {
    const s = resolve({ file: fileWith({ p: { namesrvAddr: '1.1.1.1:1', tls: { ca: '/ca.pem' } } }, 'p') });
    expect([s.tls.value, src(s.tls)]).toEqual([true, 'profile p']);
  });

  it('--no-tls and MQADMIN_TLS=false turn off the TLS of a profile', () => {
    const file = fileWith({ prod: PROD }, 'prod');
    expect([resolve({ flags: { tls: false }, file }).tls.value, src(resolve({ flags: { tls: false }, file }).tls)]).toEqual([false, 'flag --no-tls']);
    expect(resolve({ env: { MQADMIN_TLS: '0' }, file }).tls.value).toBe(false);
    const opts = adminOptions(resolve({ flags: { tls: false }, env: { MQADMIN_SECURITY_TOKEN: '' }, file }));
    expect(opts.tls).toBeUndefined();
  });

  it('MQADMIN_TLS takes true/false/1/0 only', () => {
    for (const v of ['true', 'FALSE', '1', '0']) expect(() => resolve({ env: { MQADMIN_TLS: v } })).not.toThrow();
    const e = thrown(() => resolve({ env: { MQADMIN_TLS: 'yes' } }));
    expect(e.exitCode).toBe(ExitCode.USAGE);
    expect(e.message).toContain('MQADMIN_TLS must be true, false, 1 or 0');
    expect(thrown(() => resolve({ env: { MQADMIN_TLS_INSECURE: 'on' } })).message).toContain('MQADMIN_TLS_INSECURE');
  });
});

describe('profile selection', () => {
  const file = fileWith({ a: { namesrvAddr: '1.1.1.1:1' }, b: { namesrvAddr: '2.2.2.2:2' }, c: { namesrvAddr: '3.3.3.3:3' } }, 'c');

  it('--profile, else MQADMIN_PROFILE, else current', () => {
    expect(resolve({ flags: { profile: 'a' }, env: { MQADMIN_PROFILE: 'b' }, file }).namesrvAddr?.value).toBe('1.1.1.1:1');
    expect(resolve({ env: { MQADMIN_PROFILE: 'b' }, file }).namesrvAddr?.value).toBe('2.2.2.2:2');
    expect(resolve({ file }).namesrvAddr?.value).toBe('3.3.3.3:3');
    expect(src(resolve({ env: { MQADMIN_PROFILE: 'b' }, file }).profile)).toBe('env MQADMIN_PROFILE');
  });

  it('an unknown name is exit 2 listing the known ones', () => {
    const e = thrown(() => resolve({ flags: { profile: 'prdo' }, file }));
    expect(e.exitCode).toBe(ExitCode.USAGE);
    expect(e.message).toBe('unknown profile "prdo" (from flag --profile): known profiles: a, b, c');
    expect(thrown(() => resolve({ env: { MQADMIN_PROFILE: 'x' }, file })).message).toContain('(from env MQADMIN_PROFILE): known profiles: a, b, c');
    expect(thrown(() => resolve({ flags: { profile: 'x' } })).message).toBe('unknown profile "x" (from flag --profile): no profiles are defined');
  });

  it('a current: naming a missing profile is exit 2 too', () => {
    const e = thrown(() => resolve({ file: fileWith({ a: {} }, 'gone') }));
    expect(e.exitCode).toBe(ExitCode.USAGE);
    expect(e.message).toContain('unknown profile "gone" (the current profile in');
  });

  it('names that are Object.prototype properties are not profiles', () => {
    expect(() => resolve({ flags: { profile: 'constructor' }, file })).toThrow(/unknown profile "constructor"/);
  });
});

describe('env: references in a profile', () => {
  const file = fileWith({ p: { namesrvAddr: '1.1.1.1:9876', accessKey: 'env:P_AK', secretKey: 'env:P_SK', securityToken: 'env:P_TOKEN' } }, 'p');

  it('are read from the environment at use', () => {
    const s = resolve({ env: { P_AK: 'theAK', P_SK: 'theSK', P_TOKEN: 'theToken' }, file });
    expect(s.secretKey).toEqual({ ref: 'P_SK', value: 'theSK', source: { kind: 'profile', profile: 'p' } });
    expect(adminOptions(s).credentials).toEqual({ accessKey: 'theAK', secretKey: 'theSK', securityToken: 'theToken' });
  });

  it('an unset variable is exit 2 naming it, when used', () => {
    const s = resolve({ env: { P_AK: 'theAK', P_TOKEN: 't' }, file });
    expect(s.secretKey).toEqual({ ref: 'P_SK', value: undefined, source: { kind: 'profile', profile: 'p' } });
    const e = thrown(() => adminOptions(s));
    expect(e.exitCode).toBe(ExitCode.USAGE);
    expect(e.message).toBe('the secret key of profile p is env:P_SK, and P_SK is not set');
  });

  it('an unset variable does not matter when a flag or the environment overrides it', () => {
    const s = resolve({ flags: { 'secret-key': 'x' }, env: { P_AK: 'theAK', MQADMIN_SECURITY_TOKEN: 'tok' }, file });
    expect(adminOptions(s).credentials).toEqual({ accessKey: 'theAK', secretKey: 'x', securityToken: 'tok' });
  });

  it('only env:NAME is a reference; other text is a literal secret', () => {
    const f = fileWith({ p: { namesrvAddr: '1.1.1.1:9876', accessKey: 'ak', secretKey: 'env:not a name' } }, 'p');
    expect(resolve({ file: f }).secretKey).toEqual({ value: 'env:not a name', source: { kind: 'profile', profile: 'p' } });
  });
});

describe('adminOptions', () => {
  const pem = (name: string) => Buffer.from(`-----BEGIN ${name}-----\nAAAA\n-----END ${name}-----\n`);
  const files: Record<string, Buffer> = { '/ca.pem': pem('CERTIFICATE'), '/c.crt': pem('CERTIFICATE'), '/c.key': pem('PRIVATE KEY'), '/bad': Buffer.from('not pem') };
  const read = (path: string): Buffer => {
    const b = files[path];
    if (!b) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return b;
  };

  it('gives NameServers, timeout, credentials and TLS with the files read', () => {
    const s = resolve({ flags: { namesrvAddr: '1.1.1.1:9876;2.2.2.2:9876', timeout: 700, 'access-key': 'AK', 'secret-key': 'SK', 'tls-ca': '/ca.pem', 'tls-cert': '/c.crt', 'tls-key': '/c.key' } });
    expect(adminOptions(s, read)).toEqual({
      namesrvAddr: ['1.1.1.1:9876', '2.2.2.2:9876'],
      timeoutMs: 700,
      credentials: { accessKey: 'AK', secretKey: 'SK' },
      tls: { ca: files['/ca.pem'], cert: files['/c.crt'], key: files['/c.key'] },
    });
  });

  it('no credentials and no TLS when nothing sets them', () => {
    expect(adminOptions(resolve({ flags: { namesrvAddr: '1.1.1.1:9876' } }), read)).toEqual({ namesrvAddr: ['1.1.1.1:9876'], timeoutMs: 5000 });
  });

  it('--tls alone: TLS with the system CAs', () => {
    expect(adminOptions(resolve({ flags: { namesrvAddr: '1.1.1.1:9876', tls: true } }), read).tls).toEqual({});
    expect(adminOptions(resolve({ flags: { namesrvAddr: '1.1.1.1:9876', 'tls-insecure': true } }), read).tls).toEqual({ insecure: true });
  });

  it('no NameServer is exit 2 with what to do', () => {
    const e = thrown(() => adminOptions(resolve({}), read));
    expect(e.exitCode).toBe(ExitCode.USAGE);
    expect(e.message).toBe('no NameServer address given');
    expect(e.remedy).toMatch(/-n host:port.*NAMESRV_ADDR.*profile.*mqadmin dev up/);
  });

  it('half a key pair is exit 2 naming what is missing', () => {
    const n = { namesrvAddr: '1.1.1.1:9876' };
    expect(thrown(() => adminOptions(resolve({ flags: { ...n, 'access-key': 'AK' } }), read)).message).toBe('an access key is given (flag --access-key) but no secret key');
    const e = thrown(() => adminOptions(resolve({ flags: n, env: { MQADMIN_SECRET_KEY: 'SK' } }), read));
    expect(e.message).toBe('a secret key is given (env MQADMIN_SECRET_KEY) but no access key');
    expect(e.remedy).toContain('--access-key');
    expect(thrown(() => adminOptions(resolve({ flags: { ...n, 'security-token': 'T' } }), read)).message).toMatch(/security token is given .* but no access key/);
    expect(thrown(() => adminOptions(resolve({ flags: { ...n, 'tls-cert': '/c.crt' } }), read)).message).toBe('a client certificate is given (flag --tls-cert) but no key');
    expect(thrown(() => adminOptions(resolve({ flags: { ...n, 'tls-key': '/c.key' } }), read)).message).toBe('a client key is given (flag --tls-key) but no certificate');
  });

  it('an unreadable or non-PEM file is exit 2 with the path and the reason', () => {
    const e = thrown(() => adminOptions(resolve({ flags: { namesrvAddr: '1.1.1.1:9876', 'tls-ca': '/missing.pem' } }), read));
    expect(e.exitCode).toBe(ExitCode.USAGE);
    expect(e.message).toBe('cannot read the CA file /missing.pem (flag --tls-ca): ENOENT: no such file or directory');
    expect(thrown(() => adminOptions(resolve({ flags: { namesrvAddr: '1.1.1.1:9876', 'tls-ca': '/bad' } }), read)).message).toContain('/bad (flag --tls-ca) is not a PEM file');
  });

  it('a bad NameServer address from a profile says where it came from', () => {
    expect(() => adminOptions(resolve({ file: fileWith({ p: { namesrvAddr: 'nope' } }, 'p') }), read)).toThrow('invalid NameServer address "nope": expected host:port (profile p)');
  });
});

describe('masking', () => {
  it('stored secrets are masked, env: references shown', () => {
    expect(maskStored('12345678')).toBe('******');
    expect(maskStored('env:PROD_SK')).toBe('env:PROD_SK');
    expect(maskStored(undefined)).toBeNull();
    const file = fileWith({ prod: PROD }, 'prod');
    const record = profileRecord('prod', PROD, file);
    expect(record).toMatchObject({ current: true, accessKey: 'prodAK', secretKey: '******', securityToken: '******' });
    expect(JSON.stringify(profileList(file))).not.toContain('prodSecret');
    expect(JSON.stringify(profileList(file))).not.toContain('prodToken');
  });

  it('effective settings mask secrets whatever their source, and say where each came from', () => {
    const file = fileWith({ p: { namesrvAddr: '1.1.1.1:9876', accessKey: 'ak', secretKey: 'env:P_SK' } }, 'p');
    const s = resolve({ env: { P_SK: 'fromTheEnvironment', MQADMIN_SECURITY_TOKEN: 'tokenValue' }, file });
    const view = effectiveSettings(s, null);
    const text = JSON.stringify(view);
    expect(text).not.toContain('fromTheEnvironment');
    expect(text).not.toContain('tokenValue');
    expect(view.settings.secretKey).toEqual({ value: '******', ref: 'P_SK', source: 'profile p' });
    expect(view.settings.securityToken).toEqual({ value: '******', source: 'env MQADMIN_SECURITY_TOKEN' });
    expect(view.settings.timeout).toEqual({ value: 5000, source: 'default' });
    expect(view.profile).toEqual({ name: 'p', source: `current in ${PATH}` });
  });
});
