// The dev cluster's certificate set in <dataDir>/tls (src/dev/tls.ts): generated on first use,
// reused while valid, generated again when missing, mismatched, damaged or about to expire.

import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DevStatus, DevUpResult } from '../../src/dev/launcher.js';
import { DEV_DEFAULTS } from '../../src/dev/state.js';
import { CA_FILE, CERT_FILE, createCertificateAuthority, ensureDevTls, issueCertificate, KEY_FILE, readDevTls } from '../../src/dev/tls.js';
import { renderDevStatus, renderDevUp } from '../../src/render/views/dev.js';
import { makeStyle } from '../../src/render/style.js';

let dir: string;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'mqadmin-dev-tls-unit-')), 'tls');
});

afterEach(() => {
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

const files = () => ({ caFile: join(dir, CA_FILE), certFile: join(dir, CERT_FILE), keyFile: join(dir, KEY_FILE) });

describe('ensureDevTls', () => {
  it('generates ca.pem, server.pem and server-key.pem (0600) on first use, then reuses them', async () => {
    const lines: string[] = [];
    const first = await ensureDevTls(dir, { log: (l) => lines.push(l) });
    expect(first).toMatchObject({ generated: true, reason: 'first start', ...files() });
    expect(lines).toEqual([`generating a TLS CA and server certificate in ${dir} (first start)`]);
    expect(statSync(first.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(first.caFile).mode & 0o777).toBe(0o644);
    const cert = new X509Certificate(first.cert);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBeDefined();
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(Date.parse(cert.validTo) - Date.now()).toBeGreaterThan(365 * 86_400_000);

    const second = await ensureDevTls(dir);
    expect(second.generated).toBe(false);
    expect(second.ca).toBe(first.ca);
    expect(second.key).toBe(first.key);
  });

  it('puts a key file made readable to others back to 0600', async () => {
    const first = await ensureDevTls(dir);
    chmodSync(first.keyFile, 0o644);
    expect((await ensureDevTls(dir)).generated).toBe(false);
    expect(statSync(first.keyFile).mode & 0o777).toBe(0o600);
  });

  it('regenerates when the certificate expires within a week', async () => {
    const first = await ensureDevTls(dir);
    const validTo = Date.parse(new X509Certificate(first.cert).validTo);
    const later = new Date(validTo - 3 * 86_400_000);
    expect(readDevTls(files(), later)).toEqual({ problem: expect.stringMatching(/^(ca|server)\.pem expires /) });
    const renewed = await ensureDevTls(dir, { now: later });
    expect(renewed.generated).toBe(true);
    expect(renewed.ca).not.toBe(first.ca);
  });

  it('regenerates a set whose parts do not match, or that is damaged or incomplete', async () => {
    const first = await ensureDevTls(dir);
    const stranger = await createCertificateAuthority({ commonName: 'stranger' });
    writeFileSync(first.caFile, stranger.cert);
    expect(readDevTls(files())).toEqual({ problem: 'server.pem is not signed by ca.pem' });

    const again = await ensureDevTls(dir);
    const otherLeaf = await issueCertificate({ cert: again.ca, key: stranger.key }, { commonName: 'x' });
    writeFileSync(again.keyFile, otherLeaf.key);
    expect(readDevTls(files())).toEqual({ problem: 'server-key.pem is not the key of server.pem' });

    writeFileSync(again.keyFile, 'not a key');
    expect(readDevTls(files())).toEqual({ problem: expect.stringMatching(/^damaged: /) });

    unlinkSync(again.keyFile);
    expect(readDevTls(files())).toEqual({ problem: 'first start' });
    const fresh = await ensureDevTls(dir);
    expect(fresh.generated).toBe(true);
    expect(readFileSync(fresh.caFile, 'utf8')).toBe(fresh.ca);
    expect(readDevTls(files())).toMatchObject({ ca: fresh.ca });
  });
});

describe('TLS views', () => {
  const plain = makeStyle(false);
  const caFile = '/data/dev/tls/ca.pem';
  const up: DevUpResult = {
    status: 'started', dataDir: '/data/dev', pid: 42, startedAt: '2026-01-01T00:00:00.000Z', namesrvAddr: '127.0.0.1:9876',
    brokers: [{ name: 'broker-a', addr: '127.0.0.1:10911' }], options: { ...DEV_DEFAULTS, tls: true }, logFile: '/data/dev/dev.log',
    tls: { mode: 'enforcing', caFile },
  };

  it('dev up names the CA to trust and the flags; elsewhere the suggested commands carry them', () => {
    const here = renderDevUp(up, plain, '/data/dev');
    expect(here).toMatch(/^TLS: on, every port, plaintext refused \(trust \/data\/dev\/tls\/ca\.pem: --tls --tls-ca \/data\/dev\/tls\/ca\.pem\); mqadmin commands given no -n use it by themselves$/m);
    expect(here).toMatch(/^  mqadmin clusterList  /m);
    const elsewhere = renderDevUp(up, plain, '/somewhere/else');
    expect(elsewhere).toMatch(/^TLS: on, every port, plaintext refused \(trust \/data\/dev\/tls\/ca\.pem: --tls --tls-ca \/data\/dev\/tls\/ca\.pem\)$/m);
    expect(elsewhere).toContain('mqadmin clusterList -n 127.0.0.1:9876 --tls --tls-ca /data/dev/tls/ca.pem');
    expect(renderDevUp({ ...up, tls: undefined, options: DEV_DEFAULTS }, plain, '/somewhere/else')).not.toMatch(/TLS|--tls/);
  });

  it('dev status shows TLS on with the CA, or off', async () => {
    const status: DevStatus = {
      dataDir: '/data/dev', logFile: '/data/dev/dev.log', state: 'running', pid: 42, startedAt: '2026-01-01T00:00:00.000Z', uptimeMs: 1000,
      options: { ...DEV_DEFAULTS, tls: true }, namesrvAddr: '127.0.0.1:9876', brokers: [], topics: [], groups: [], diskBytes: 0,
      staleStateRemoved: false, failures: [], tls: { mode: 'enforcing', caFile },
    };
    expect(await renderDevStatus(status, plain)).toMatch(/^TLS\s+on, every port, plaintext refused \(trust \/data\/dev\/tls\/ca\.pem: --tls --tls-ca \/data\/dev\/tls\/ca\.pem\)$/m);
    expect(await renderDevStatus({ ...status, tls: undefined, options: DEV_DEFAULTS }, plain)).toMatch(/^TLS\s+off$/m);
    expect(await renderDevStatus({ ...status, state: 'stopped', tls: undefined, options: null }, plain)).not.toMatch(/^TLS/m);
  });
});
