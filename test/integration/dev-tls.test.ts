// `dev up --tls` in-process: startDevCluster({ tls: true }) serves TLS only (enforcing) on the
// NameServer and every broker port, with a CA and server certificate generated in <dataDir>/tls
// and kept across restarts. The brokers register with the NameServer over TLS; our MQAdmin
// trusting the CA lists the cluster, creates a topic, sends and reads a message; a plaintext
// client is refused at once with the TLS hint. With --acl as well, both apply.
//
// ali-ons cannot take part: it opens every connection with net.connect (tcp-base) and has no
// TLS option, so against this cluster it is refused like any plaintext client.

import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { printMessages, sendMessage } from '../../src/admin/messages.js';
import { classifyError } from '../../src/cli/exitCodes.js';
import { startDevCluster, type DevCluster } from '../../src/dev/cluster.js';
import { devClientOptions } from '../../src/dev/state.js';
import { CA_FILE, CERT_FILE, devTlsDir, KEY_FILE } from '../../src/dev/tls.js';
import { RemotingConnectionClosedError, RemotingTlsError } from '../../src/remoting/errors.js';

let dir: string;
const closers: Array<{ close(): Promise<void> }> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-tls-'));
});

afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: { brokers?: number; acl?: boolean } = {}): Promise<DevCluster & { log: string[] }> {
  const log: string[] = [];
  const cluster = await startDevCluster({ dataDir: dir, brokers: options.brokers ?? 1, namesrvPort: 0, brokerPort: 0, tls: true, acl: options.acl, log: (l) => log.push(l) });
  closers.push(cluster);
  return Object.assign(cluster, { log });
}

function admin(options: ConstructorParameters<typeof MQAdmin>[0]): MQAdmin {
  const a = new MQAdmin({ timeoutMs: 3000, ...options });
  closers.push(a);
  return a;
}

describe('startDevCluster({ tls: true })', () => {
  it('serves TLS on every port: brokers register over TLS, MQAdmin with the CA lists, creates a topic, sends and reads', async () => {
    const cluster = await start({ brokers: 2 });
    const tlsDir = devTlsDir(dir);
    expect(cluster.tls?.caFile).toBe(join(tlsDir, CA_FILE));
    expect(statSync(join(tlsDir, KEY_FILE)).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(readFileSync(join(tlsDir, CERT_FILE)));
    expect(cert.checkIssued(new X509Certificate(readFileSync(cluster.tls!.caFile)))).toBe(true);
    expect(cert.subjectAltName).toMatch(/IP Address:127\.0\.0\.1/);

    // What dev.json will hold ({ caFile }) is enough for a client.
    const a = admin({ namesrvAddr: cluster.namesrvAddr, ...devClientOptions({ security: { tls: { caFile: cluster.tls!.caFile } } }) });
    // Both brokers registered: their own clients spoke TLS to the enforcing NameServer.
    const info = await a.examineClusterInfo();
    expect(Object.keys(info.brokerAddrTable).sort()).toEqual(['broker-a', 'broker-b']);
    const broker = cluster.brokers[0]!.addr;
    await a.createAndUpdateTopicConfig(broker, { topic: 'TlsTopic', readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    expect(await a.fetchAllTopicList()).toContain('TlsTopic');
    const sent = await sendMessage(a, { topic: 'TlsTopic', body: 'over TLS', keys: 'k1' });
    expect(sent.status).toBe('SEND_OK');
    const printed = await printMessages(a, { topic: 'TlsTopic' });
    expect(printed.messages.map((m) => m.body.toString())).toEqual(['over TLS']);
    expect(cluster.log.join('\n')).toMatch(/TLS on \(enforcing\): clients must trust .*ca\.pem/);
  });

  it('refuses plaintext on the NameServer and the brokers at once, with the TLS hint', async () => {
    const cluster = await start();
    for (const addr of [cluster.namesrvAddr, cluster.brokers[0]!.addr]) {
      const plain = admin({ namesrvAddr: cluster.namesrvAddr });
      const started = Date.now();
      const error = await (addr === cluster.namesrvAddr ? plain.examineClusterInfo() : plain.fetchBrokerRuntimeStats(addr)).catch((e: Error) => e);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(error).toBeInstanceOf(RemotingConnectionClosedError);
      expect((error as Error).message).toMatch(/the server may require TLS$/);
      expect(classifyError(error)).toMatchObject({ exitCode: 5, remedy: expect.stringMatching(/^the server may require TLS; try --tls/) });
    }
    // TLS without the CA: the certificate does not verify against the system's CAs.
    const noCa = admin({ namesrvAddr: cluster.namesrvAddr, tls: {} });
    const error = await noCa.examineClusterInfo().catch((e: Error) => e);
    expect(error).toBeInstanceOf(RemotingTlsError);
    expect(classifyError(error).remedy).toMatch(/--tls-ca FILE, or skip verification with --tls-insecure/);
    // Insecure works.
    expect(Object.keys((await admin({ namesrvAddr: cluster.namesrvAddr, tls: { insecure: true } }).examineClusterInfo()).brokerAddrTable)).toEqual(['broker-a']);
    await new Promise((r) => setTimeout(r, 50));
    expect(cluster.log.join('\n')).toMatch(/connection from 127\.0\.0\.1:\d+ closed: plaintext connection refused: this port requires TLS/);
  });

  it('keeps the certificates across restarts, and regenerates a damaged set', async () => {
    const first = await start();
    const ca = readFileSync(first.tls!.caFile, 'utf8');
    expect(first.log.join('\n')).toMatch(/generating a TLS CA and server certificate in .* \(first start\)/);
    await first.close();

    const second = await start();
    expect(readFileSync(second.tls!.caFile, 'utf8')).toBe(ca);
    expect(second.log.join('\n')).not.toMatch(/generating/);
    await second.close();

    writeFileSync(join(devTlsDir(dir), CERT_FILE), '-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n');
    const third = await start();
    expect(third.log.join('\n')).toMatch(/generating a TLS CA and server certificate in .* \(damaged: /);
    const renewed = readFileSync(third.tls!.caFile, 'utf8');
    expect(renewed).not.toBe(ca);
    expect((await admin({ namesrvAddr: third.namesrvAddr, tls: { ca: renewed } }).examineClusterInfo()).brokerAddrTable['broker-a']).toBeDefined();
  });

  it('with --acl as well: signed requests over TLS', async () => {
    const cluster = await start({ acl: true });
    const security = { tls: { caFile: cluster.tls!.caFile }, acl: { accessKey: cluster.acl!.accessKey, secretKey: cluster.acl!.secretKey } };
    const a = admin({ namesrvAddr: cluster.namesrvAddr, ...devClientOptions({ security }) });
    const broker = cluster.brokers[0]!.addr;
    await a.createAndUpdateTopicConfig(broker, { topic: 'SecureTopic', readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    expect((await sendMessage(a, { topic: 'SecureTopic', body: 'signed and encrypted' })).status).toBe('SEND_OK');
    // TLS but unsigned: through the transport, refused by the ACL (exit 6).
    const unsigned = admin({ namesrvAddr: cluster.namesrvAddr, tls: { ca: readFileSync(cluster.tls!.caFile) } });
    const refused = await unsigned.createAndUpdateTopicConfig(broker, { topic: 'Nope', readQueueNums: 1, writeQueueNums: 1, perm: 6 }).catch((e: Error) => e);
    expect(classifyError(refused).exitCode).toBe(6);
  });
});
