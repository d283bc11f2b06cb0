// Views of an --auth dev cluster: `dev up` shows the Super user's password only when it was
// just created, `dev status` the username (the password only when asked), and the JSON of
// `dev up` never carries it.

import { describe, expect, it } from 'vitest';
import type { DevStatus, DevUpResult } from '../../src/dev/launcher.js';
import { DEV_DEFAULTS } from '../../src/dev/state.js';
import { renderDevStatus, renderDevUp } from '../../src/render/views/dev.js';
import { makeStyle } from '../../src/render/style.js';

const plain = makeStyle(false);
const files = { usersFile: '/data/dev/auth/users.json', aclsFile: '/data/dev/auth/acls.json' };
const up: DevUpResult = {
  status: 'started', dataDir: '/data/dev', pid: 42, startedAt: '2026-01-01T00:00:00.000Z', namesrvAddr: '127.0.0.1:9876',
  brokers: [{ name: 'broker-a', addr: '127.0.0.1:10911' }], options: { ...DEV_DEFAULTS, auth: true }, logFile: '/data/dev/dev.log',
  auth: { accessKey: 'mqadmin-admin', secretKey: 'P4ssw0rd-P4ssw0rd-P4ss', created: true, ...files },
};

describe('auth views', () => {
  it('dev up prints a new Super user once, and only points at it afterwards', () => {
    const created = renderDevUp(up, plain, '/data/dev');
    expect(created).toMatch(/^Authentication is on \(5\.x users and ACLs\): every broker request must be signed\. Super user created \(mqadmin dev status --credentials shows it again\):$/m);
    expect(created).toMatch(/^  access key\s+mqadmin-admin$/m);
    expect(created).toMatch(/^  secret key\s+P4ssw0rd-P4ssw0rd-P4ss$/m);
    expect(created).toMatch(/^  Users: \/data\/dev\/auth\/users\.json, ACLs: \/data\/dev\/auth\/acls\.json; other commands given no -n sign with this user by themselves\.$/m);
    expect(created).not.toMatch(/^ACL is on/m);
    const elsewhere = renderDevUp(up, plain, '/somewhere/else');
    expect(elsewhere).toContain('mqadmin dev status --credentials --data-dir /data/dev shows it again');
    expect(elsewhere).toContain('give other commands --access-key and --secret-key');
    const later = renderDevUp({ ...up, status: 'already-up', auth: { accessKey: 'mqadmin-admin', created: false, ...files } }, plain, '/data/dev');
    expect(later).not.toContain('P4ssw0rd');
    expect(later).toMatch(
      /^Authentication is on \(5\.x users and ACLs\): Super user mqadmin-admin \(mqadmin dev status --credentials shows its password\); users in \/data\/dev\/auth\/users\.json\.$/m,
    );
    expect(renderDevUp({ ...up, auth: undefined }, plain, '/data/dev')).not.toContain('Authentication');
  });

  it('dev status shows the username, and the password only with --credentials', async () => {
    const status: DevStatus = {
      dataDir: '/data/dev', logFile: '/data/dev/dev.log', state: 'running', pid: 42, startedAt: '2026-01-01T00:00:00.000Z', uptimeMs: 1000,
      options: { ...DEV_DEFAULTS, auth: true }, namesrvAddr: '127.0.0.1:9876', brokers: [], topics: [], groups: [], diskBytes: 0,
      staleStateRemoved: false, failures: [], auth: { accessKey: 'mqadmin-admin', created: false, ...files },
    };
    const text = await renderDevStatus(status, plain);
    expect(text).toMatch(/^Auth\s+on \(5\.x users and ACLs\), users in \/data\/dev\/auth\/users\.json, ACLs in \/data\/dev\/auth\/acls\.json$/m);
    expect(text).toMatch(/^Access key\s+mqadmin-admin$/m);
    expect(text).toMatch(/^Secret key\s+hidden \(add --credentials to show it\)$/m);
    expect(text).not.toMatch(/^ACL/m);
    const shown = await renderDevStatus({ ...status, auth: { ...status.auth!, secretKey: 'P4ssw0rd-P4ss' } }, plain);
    expect(shown).toMatch(/^Secret key\s+P4ssw0rd-P4ss$/m);
    // Starting: the options say so before the user is known.
    expect(await renderDevStatus({ ...status, state: 'starting', auth: undefined }, plain)).toMatch(/^Auth\s+on$/m);
    expect(await renderDevStatus({ ...status, options: { ...DEV_DEFAULTS }, auth: undefined }, plain)).not.toMatch(/^Auth/m);
  });
});
