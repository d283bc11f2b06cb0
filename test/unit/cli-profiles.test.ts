// The profile file (src/cli/profiles.ts): where it is, strict reading (a damaged file is exit 2
// and never rewritten), mode 0600 and atomic writes; and the redaction of secrets.

import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../../src/cli/exitCodes.js';
import { configPath, editProfileFile, loadProfileFile, writeFileAtomic } from '../../src/cli/profiles.js';
import { clearSecrets, redact, redactDeep, registerProcessSecrets, secretsFromArgv } from '../../src/cli/redact.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-profiles-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  clearSecrets();
});

async function failure(promise: Promise<unknown>): Promise<CliError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return err as CliError;
  }
  throw new Error('expected a CliError');
}

describe('configPath', () => {
  it('MQADMIN_CONFIG, else an absolute XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ MQADMIN_CONFIG: '/etc/mq.yaml', XDG_CONFIG_HOME: '/x' }, { home: '/home/me' })).toBe('/etc/mq.yaml');
    expect(configPath({ MQADMIN_CONFIG: 'rel/mq.yaml' }, { home: '/home/me', cwd: '/srv/proj' })).toBe('/srv/proj/rel/mq.yaml');
    expect(configPath({ MQADMIN_CONFIG: '~/mq.yaml' }, { home: '/home/me' })).toBe('/home/me/mq.yaml');
    expect(configPath({ XDG_CONFIG_HOME: '/xdg' }, { home: '/home/me' })).toBe('/xdg/mqadmin/config.yaml');
    expect(configPath({ XDG_CONFIG_HOME: 'relative/xdg' }, { home: '/home/me' })).toBe('/home/me/.config/mqadmin/config.yaml');
    expect(configPath({}, { home: '/home/me' })).toBe('/home/me/.config/mqadmin/config.yaml');
  });
});

describe('reading', () => {
  it('a missing file is no profiles', async () => {
    expect(await loadProfileFile(join(dir, 'none.yaml'))).toEqual({ path: join(dir, 'none.yaml'), exists: false, profiles: {} });
  });

  it('reads profiles, keeps secrets as written, resolves relative TLS paths against the file', async () => {
    const path = join(dir, 'config.yaml');
    writeFileSync(path, [
      'current: prod',
      'profiles:',
      '  prod:',
      '    namesrvAddr: [10.0.0.1:9876, 10.0.0.2:9876]',
      '    accessKey: RocketMQ',
      '    secretKey: 0123',
      '    tls: { ca: certs/ca.pem, insecure: true }',
      '    timeout: 8000',
      '  empty:',
      '',
    ].join('\n'));
    const file = await loadProfileFile(path);
    expect(file.current).toBe('prod');
    expect(file.profiles.empty).toEqual({});
    expect(file.profiles.prod).toEqual({
      namesrvAddr: '10.0.0.1:9876;10.0.0.2:9876',
      accessKey: 'RocketMQ',
      // Not the number 123: a signature made with it would never match.
      secretKey: '0123',
      tls: { ca: join(dir, 'certs/ca.pem'), insecure: true },
      timeout: 8000,
    });
  });

  const damagedCases: Array<[string, string, RegExp]> = [
    ['bad YAML', 'profiles:\n  prod: { secretKey: hunter22: x }\n', /not valid YAML: .*\(line 2, column \d+\)/],
    ['a list at the top', '- hunter22\n', /expected a mapping/],
    ['an unknown key', 'profiles:\n  prod:\n    secretkey: hunter22\n', /unknown key `profiles\.prod\.secretkey` \(known: namesrvAddr, .*\) \(line 3, column 5\)/],
    ['a bad timeout', 'profiles:\n  prod:\n    timeout: hunter22\n', /profiles\.prod\.timeout must be a positive number of milliseconds/],
    ['a bad boolean', 'profiles:\n  prod:\n    tls: { enabled: hunter22 }\n', /profiles\.prod\.tls\.enabled must be true or false/],
    ['a mapping as a secret', 'profiles:\n  prod:\n    secretKey: { a: hunter22 }\n', /profiles\.prod\.secretKey must be a string/],
    ['duplicate profiles', 'profiles:\n  prod: {}\n  prod: { secretKey: hunter22 }\n', /not valid YAML: Map keys must be unique/],
    ['a bad profile name', 'profiles:\n  "no spaces": { secretKey: hunter22 }\n', /invalid profile name "no spaces"/],
  ];

  it.each(damagedCases)('%s: exit 2, "cannot read PATH: ...", the value not quoted, the file unchanged', async (_what, text, reason) => {
    const path = join(dir, 'config.yaml');
    writeFileSync(path, text, { mode: 0o644 });
    const e = await failure(loadProfileFile(path));
    expect(e.exitCode).toBe(ExitCode.USAGE);
    expect(e.message.startsWith(`cannot read ${path}: `)).toBe(true);
    expect(e.message).toMatch(reason);
    expect(e.message).not.toContain('hunter22');
    expect(e.remedy).toContain('fix the file or move it away');
    // A write refuses it too, and leaves it as it was.
    const e2 = await failure(editProfileFile(path, ({ doc }) => doc.setIn(['profiles', 'new'], doc.createNode({ namesrvAddr: '1.1.1.1:9876' }))));
    expect(e2.message).toBe(e.message);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(statSync(path).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir)).toEqual(['config.yaml']);
  });

  it('an unreadable file (a directory here) is exit 2 with the reason', async () => {
    const path = join(dir, 'config.yaml');
    mkdirSync(path);
    const e = await failure(loadProfileFile(path));
    expect(e.exitCode).toBe(ExitCode.USAGE);
    expect(e.message).toBe(`cannot read ${path}: EISDIR: illegal operation on a directory`);
  });

  it('an empty file is no profiles, and can be written to', async () => {
    const path = join(dir, 'config.yaml');
    writeFileSync(path, '');
    expect((await loadProfileFile(path)).profiles).toEqual({});
    await editProfileFile(path, ({ doc }) => doc.setIn(['profiles', 'a'], doc.createNode({ namesrvAddr: '1.1.1.1:9876' })));
    expect((await loadProfileFile(path)).profiles).toEqual({ a: { namesrvAddr: '1.1.1.1:9876' } });
  });
});

describe('writing', () => {
  it('a new file is created with mode 0600 in a new directory with mode 0700', async () => {
    const path = join(dir, 'mqadmin', 'config.yaml');
    await editProfileFile(path, ({ doc }) => doc.setIn(['profiles', 'p'], doc.createNode({ namesrvAddr: '1.1.1.1:9876', secretKey: '12345678' })));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'mqadmin')).mode & 0o777).toBe(0o700);
    // Written so it reads back as a string, not a number.
    expect(readFileSync(path, 'utf8')).toContain('secretKey: "12345678"');
    expect((await loadProfileFile(path)).profiles.p!.secretKey).toBe('12345678');
  });

  it('replaces the file through a rename: a new inode, the old one untouched, no temp file left', async () => {
    const path = join(dir, 'config.yaml');
    writeFileSync(path, '# mine\nprofiles:\n  a:\n    namesrvAddr: 1.1.1.1:9876 # first\n', { mode: 0o644 });
    const before = statSync(path).ino;
    // A hard link keeps the old inode reachable: written in place, it would change too.
    linkSync(path, join(dir, 'old-link'));
    await editProfileFile(path, ({ doc }) => doc.setIn(['profiles', 'b'], doc.createNode({ namesrvAddr: '2.2.2.2:9876' })));
    expect(statSync(path).ino).not.toBe(before);
    expect(readFileSync(join(dir, 'old-link'), 'utf8')).toBe('# mine\nprofiles:\n  a:\n    namesrvAddr: 1.1.1.1:9876 # first\n');
    const text = readFileSync(path, 'utf8');
    // The document is edited, not regenerated: comments stay.
    expect(text).toContain('# mine');
    expect(text).toContain('# first');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['config.yaml', 'old-link']);
  });

  it('a failed write leaves no temp file and says why', () => {
    const path = join(dir, 'target');
    mkdirSync(path);
    writeFileSync(join(path, 'inside'), 'x');
    let err: unknown;
    try {
      writeFileAtomic(path, 'profiles: {}\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(ExitCode.USAGE);
    expect((err as CliError).message).toMatch(new RegExp(`^cannot write ${path}: E(ISDIR|NOTEMPTY|EXIST)`));
    expect(readdirSync(dir)).toEqual(['target']);
    expect(readdirSync(path)).toEqual(['inside']);
  });

  it('writes through a symlink to its target, keeping the link', async () => {
    const real = join(dir, 'real.yaml');
    writeFileSync(real, 'profiles: {}\n');
    const link = join(dir, 'config.yaml');
    symlinkSync(real, link);
    await editProfileFile(link, ({ doc }) => doc.set('current', 'x'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('current: x');
  });

  it('an edit that throws writes nothing', async () => {
    const path = join(dir, 'config.yaml');
    writeFileSync(path, 'profiles: {}\n');
    chmodSync(path, 0o640);
    await expect(editProfileFile(path, () => {
      throw new CliError('no', ExitCode.USAGE);
    })).rejects.toThrow('no');
    expect(readFileSync(path, 'utf8')).toBe('profiles: {}\n');
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });
});

describe('redaction', () => {
  it('finds the values of secret flags in argv, misspelt ones too', () => {
    expect(secretsFromArgv(['clusterList', '--secret-key', 's1', '--security-token=t1', '--secret-keys=s2', '--access-key', 'ak', '-n', 'x'])).toEqual(['s1', 't1', 's2']);
  });

  it('replaces every registered secret, longest first, in text and JSON', () => {
    registerProcessSecrets(['--secret-key', 'abc'], { MQADMIN_SECRET_KEY: 'abcdef', MQADMIN_ACCESS_KEY: 'visible' });
    expect(redact('x abcdef y abc z visible')).toBe('x ****** y ****** z visible');
    expect(redactDeep({ error: { message: 'abc', list: ['abcdef', 3] } })).toEqual({ error: { message: '******', list: ['******', 3] } });
  });

  it('a short secret is masked where it stands alone, not inside other words; a long one everywhere', () => {
    registerProcessSecrets(['--secret-key', 'y', '--security-token', 'tok-1234567890'], {});
    expect(redact('accessKey y=y "y" xtok-1234567890x')).toBe('accessKey ******=****** "******" x******x');
  });
});
