// Views of an --acl dev cluster: `dev up` shows the admin secret only when it was just created,
// `dev status` the access key (the secret only when asked), `dev acl list` never a secret.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deleteDevAccount, listDevAccounts, setDevAccount } from '../../src/dev/acl.js';
import type { DevStatus, DevUpResult } from '../../src/dev/launcher.js';
import { DEV_DEFAULTS } from '../../src/dev/state.js';
import { renderDevStatus, renderDevUp } from '../../src/render/views/dev.js';
import { renderDevAclChange, renderDevAclList } from '../../src/render/views/devAcl.js';
import { makeStyle } from '../../src/render/style.js';

const plain = makeStyle(false);
const file = '/data/dev/acl/plain_acl.yml';
const up: DevUpResult = {
  status: 'started', dataDir: '/data/dev', pid: 42, startedAt: '2026-01-01T00:00:00.000Z', namesrvAddr: '127.0.0.1:9876',
  brokers: [{ name: 'broker-a', addr: '127.0.0.1:10911' }], options: { ...DEV_DEFAULTS, acl: true }, logFile: '/data/dev/dev.log',
  acl: { accessKey: 'mqadmin-admin', secretKey: 'S3cr3t-S3cr3t-S3cr3t-xyz', created: true, accountsFile: file },
};

describe('ACL views', () => {
  it('dev up prints a new admin account once, and only points at it afterwards', () => {
    const created = renderDevUp(up, plain, '/data/dev');
    expect(created).toMatch(/^ACL is on: every broker request must be signed\. Admin account created \(mqadmin dev status --credentials shows it again\):$/m);
    expect(created).toMatch(/^  access key\s+mqadmin-admin$/m);
    expect(created).toMatch(/^  secret key\s+S3cr3t-S3cr3t-S3cr3t-xyz$/m);
    const elsewhere = renderDevUp(up, plain, '/somewhere/else');
    expect(elsewhere).toContain('mqadmin dev status --credentials --data-dir /data/dev shows it again');
    const later = renderDevUp({ ...up, status: 'already-up', acl: { accessKey: 'mqadmin-admin', created: false, accountsFile: file } }, plain, '/data/dev');
    expect(later).not.toContain('S3cr3t');
    expect(later).toMatch(/^ACL is on: admin account mqadmin-admin \(mqadmin dev status --credentials shows its secret\); accounts in \/data\/dev\/acl\/plain_acl\.yml\.$/m);
    expect(renderDevUp({ ...up, acl: undefined }, plain, '/data/dev')).not.toContain('ACL');
  });

  it('dev status shows the access key, and the secret only with --credentials', async () => {
    const status: DevStatus = {
      dataDir: '/data/dev', logFile: '/data/dev/dev.log', state: 'running', pid: 42, startedAt: '2026-01-01T00:00:00.000Z', uptimeMs: 1000,
      options: { ...DEV_DEFAULTS, acl: true }, namesrvAddr: '127.0.0.1:9876', brokers: [], topics: [], groups: [], diskBytes: 0,
      staleStateRemoved: false, failures: [], acl: { accessKey: 'mqadmin-admin', created: false, accountsFile: file },
    };
    const text = await renderDevStatus(status, plain);
    expect(text).toMatch(/^ACL\s+on, accounts in \/data\/dev\/acl\/plain_acl\.yml$/m);
    expect(text).toMatch(/^Access key\s+mqadmin-admin$/m);
    expect(text).toMatch(/^Secret key\s+hidden \(add --credentials to show it\)$/m);
    const shown = await renderDevStatus({ ...status, acl: { ...status.acl!, secretKey: 'S3cr3t-S3cr3t' } }, plain);
    expect(shown).toMatch(/^Secret key\s+S3cr3t-S3cr3t$/m);
    expect(await renderDevStatus({ ...status, options: { ...DEV_DEFAULTS }, acl: undefined }, plain)).not.toMatch(/^ACL/m);
  });

  it('dev acl list and set/delete', async () => {
    const text = await renderDevAclList(
      {
        dataDir: '/data/dev', accountsFile: file, enforced: true, globalWhiteRemoteAddresses: ['10.10.103.*'], dataVersion: { counter: 3, timestamp: 0 },
        accounts: [
          { accessKey: 'mqadmin-admin', secretKey: '******', admin: true, whiteRemoteAddress: null, defaultTopicPerm: 'PUB|SUB', defaultGroupPerm: 'PUB|SUB', topicPerms: [], groupPerms: [], devAdmin: true },
          { accessKey: 'reader01', secretKey: '******', admin: false, whiteRemoteAddress: '192.168.*.*', defaultTopicPerm: null, defaultGroupPerm: 'SUB', topicPerms: ['Orders=SUB'], groupPerms: ['G=SUB'], devAdmin: false },
        ],
      },
      plain,
    );
    expect(text).toMatch(/^Global white list\s+10\.10\.103\.\*$/m);
    expect(text).toMatch(/^mqadmin-admin \(mqadmin\)\s+\*{6}\s+yes\s+PUB\|SUB\s+PUB\|SUB\s+-\s+-\s+-$/m);
    expect(text).toMatch(/^reader01\s+\*{6}\s+no\s+DENY\s+SUB\s+Orders=SUB\s+G=SUB\s+192\.168\.\*\.\*$/m);
    expect(renderDevAclChange({ action: 'set', accessKey: 'reader01', brokers: [{ name: 'broker-a', addr: 'a', ok: true }, { name: 'broker-b', addr: 'b', ok: false }], failures: [] }, plain)).toBe(
      'Created or updated the account reader01 on broker-a (not on broker-b).',
    );
  });
});

describe('dev acl without a usable cluster', () => {
  it('list needs the accounts file; set and delete need a running --acl cluster; bad accounts are usage errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-acl-lib-'));
    try {
      expect(() => listDevAccounts(dir)).toThrow(expect.objectContaining({ exitCode: 4, message: `no ACL accounts file in ${dir}` }));
      mkdirSync(join(dir, 'acl'));
      writeFileSync(join(dir, 'acl', 'plain_acl.yml'), 'accounts:\n  - accessKey: someone1\n    secretKey: 12345678\n    admin: "true"\n');
      expect(listDevAccounts(dir)).toMatchObject({ enforced: false, accounts: [{ accessKey: 'someone1', secretKey: '******', admin: true, devAdmin: false }], dataVersion: null });
      await expect(setDevAccount(dir, { accessKey: 'reader01', secretKey: 'reader-secret' })).rejects.toMatchObject({ exitCode: 5, message: `the dev cluster in ${dir} is not running` });
      await expect(deleteDevAccount(dir, 'someone1')).rejects.toMatchObject({ exitCode: 5 });
      await expect(setDevAccount(dir, { accessKey: 'reader01', secretKey: 'short' })).rejects.toMatchObject({
        exitCode: 2,
        message: 'the access key and the secret key must be longer than 6 characters (access key reader01: 8, secret key: 5)',
      });
      await expect(setDevAccount(dir, { accessKey: 'reader01', secretKey: 'reader-secret', topicPerms: ['T=ALL'] })).rejects.toMatchObject({ exitCode: 2, message: 'Parse resource permission error for T=ALL.' });
      await expect(setDevAccount(dir, { accessKey: 'reader01', secretKey: 'reader-secret', whiteRemoteAddress: '1.2.3' })).rejects.toMatchObject({ exitCode: 2, message: 'Netaddress examine Exception netaddress is 1.2.3' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
