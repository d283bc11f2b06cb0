// TLS on the remoting transport (auth.md §5): a RemotingServer that detects TLS by the first
// byte (permissive / enforcing, as Java's TlsModeHandler), a RemotingClient that speaks TLS on
// every connection, certificate verification, client certificates, and the failures a TLS
// mismatch causes: each must end within the timeout with a message that says what is likely.
// Certificates are generated with the dev cluster's helper (src/dev/tls.ts).

import { X509Certificate } from 'node:crypto';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classifyError } from '../../src/cli/exitCodes.js';
import { createCertificateAuthority, issueCertificate, type KeyPairPem } from '../../src/dev/tls.js';
import { RemotingClient, type RemotingClientOptions } from '../../src/remoting/client.js';
import { encodeFrame, FrameDecoder } from '../../src/remoting/codec.js';
import { createRequest, createResponse, type RemotingCommand } from '../../src/remoting/command.js';
import {
  RemotingConnectError,
  RemotingConnectionClosedError,
  RemotingTimeoutError,
  RemotingTlsError,
} from '../../src/remoting/errors.js';
import { RemotingServer, type RemotingServerOptions, type ServerTlsOptions } from '../../src/remoting/server.js';

let ca: KeyPairPem;
let otherCa: KeyPairPem;
let server127: KeyPairPem;
let serverWrongName: KeyPairPem;
let clientCert: KeyPairPem;
let strangerClientCert: KeyPairPem;

beforeAll(async () => {
  ca = await createCertificateAuthority({ commonName: 'test CA' });
  otherCa = await createCertificateAuthority({ commonName: 'another CA' });
  server127 = await issueCertificate(ca, { commonName: 'test server' });
  serverWrongName = await issueCertificate(ca, { commonName: 'elsewhere', ipAddresses: ['192.0.2.1'], dnsNames: ['elsewhere.invalid'] });
  clientCert = await issueCertificate(ca, { commonName: 'test client', usage: 'client' });
  strangerClientCert = await issueCertificate(otherCa, { commonName: 'stranger', usage: 'client' });
}, 30_000);

const servers: RemotingServer[] = [];
const clients: RemotingClient[] = [];
const netServers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(netServers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const tlsOf = (pair: KeyPairPem, extra: Partial<ServerTlsOptions> = {}): ServerTlsOptions => ({ key: pair.key, cert: pair.cert, mode: 'enforcing', ...extra });

/** An echo server: answers every request with code 0 and the request's extFields. */
async function startServer(options: RemotingServerOptions = {}): Promise<{ server: RemotingServer; addr: string; port: number; rejected: string[] }> {
  const server = new RemotingServer({ handler: (req) => createResponse(req, 0, { extFields: req.extFields }), ...options });
  servers.push(server);
  const rejected: string[] = [];
  server.on('rejected', (_peer, reason) => rejected.push(reason));
  const { host, port } = await server.listen();
  return { server, addr: `${host}:${port}`, port, rejected };
}

function newClient(options: RemotingClientOptions = {}): RemotingClient {
  const client = new RemotingClient({ connectTimeoutMs: 2000, requestTimeoutMs: 2000, ...options });
  clients.push(client);
  return client;
}

const echo = (text: string): RemotingCommand => createRequest(105, { extFields: { topic: text } });

async function failure(promise: Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  try {
    await promise;
  } catch (error) {
    return { error: error as Error, ms: Date.now() - started };
  }
  throw new Error('expected a rejection');
}

/** A plain TCP server with a scripted behaviour, standing in for peers that are not ours. */
async function rawServer(onSocket: (socket: Socket) => void): Promise<{ addr: string; port: number }> {
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    onSocket(socket);
  });
  netServers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { addr: `127.0.0.1:${port}`, port };
}

async function rawSocket(port: number): Promise<Socket> {
  const socket = netConnect({ host: '127.0.0.1', port });
  sockets.push(socket);
  socket.on('error', () => {});
  await new Promise((r) => socket.once('connect', r));
  return socket;
}

const closed = (socket: Socket): Promise<void> => new Promise((r) => (socket.closed ? r() : socket.once('close', () => r())));

describe('the dev certificate helper', () => {
  it('issues a server certificate for 127.0.0.1, ::1 and localhost, signed by the CA', () => {
    const cert = new X509Certificate(server127.cert);
    const caCert = new X509Certificate(ca.cert);
    expect(caCert.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBeDefined();
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('10.0.0.1')).toBeUndefined();
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(server127.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
});

describe('TLS client and server', () => {
  it('exchange frames both ways over TLS, the server certificate verified against the CA', async () => {
    const { server, addr } = await startServer({ tls: tlsOf(server127) });
    const pushed: RemotingCommand[] = [];
    const client = newClient({ tls: { ca: ca.cert }, onRequest: (req) => (pushed.push(req), createResponse(req, 0, { remark: 'from client' })) });
    const response = await client.invoke(addr, echo('over TLS'));
    expect(response).toMatchObject({ code: 0, extFields: { topic: 'over TLS' } });
    // Many requests, a large body: the stream is framed the same way under TLS.
    const big = Buffer.alloc(300_000, 7);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => client.invoke(addr, { ...echo(`n${i}`), body: big })));
    expect(answers.map((a) => a.extFields?.topic)).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
    // The server pushes a request to the client over the same TLS connection (framing.md §1).
    const [connection] = server.connections;
    const reply = await connection!.invoke(createRequest(40), 2000);
    expect(reply.remark).toBe('from client');
    expect(pushed).toHaveLength(1);
    expect(client.connections).toHaveLength(1);
  });

  it('verifies a certificate for localhost when dialling localhost (SNI and host check by name)', async () => {
    const { port } = await startServer({ tls: tlsOf(server127) });
    const client = newClient({ tls: { ca: ca.cert } });
    expect((await client.invoke(`localhost:${port}`, echo('by name'))).code).toBe(0);
  });

  it('permissive: serves plaintext and TLS clients on the same port', async () => {
    const { addr, rejected } = await startServer({ tls: tlsOf(server127, { mode: 'permissive' }) });
    const plain = newClient();
    const secure = newClient({ tls: { ca: ca.cert } });
    const [a, b] = await Promise.all([plain.invoke(addr, echo('plain')), secure.invoke(addr, echo('tls'))]);
    expect(a.extFields?.topic).toBe('plain');
    expect(b.extFields?.topic).toBe('tls');
    expect(rejected).toEqual([]);
  });

  it('serves a first chunk split into single bytes, plaintext and TLS', async () => {
    const { port } = await startServer({ tls: tlsOf(server127, { mode: 'permissive' }) });
    // Plaintext: a frame written one byte at a time.
    const socket = await rawSocket(port);
    const frame = encodeFrame({ ...echo('dribbled'), opaque: 9 });
    const answer = new Promise<Buffer>((resolve) => {
      const decoder = new FrameDecoder();
      socket.on('data', (chunk: Buffer) => {
        const frames = decoder.pushRaw(chunk);
        if (frames.length > 0) resolve(frames[0]!);
      });
    });
    for (const byte of frame) {
      socket.write(Buffer.from([byte]));
      await new Promise((r) => setTimeout(r, 1));
    }
    expect((await answer).length).toBeGreaterThan(0);

    // TLS: a proxy in front of the server that forwards the client's first 40 bytes one by one.
    const proxy = await rawServer((inbound) => {
      const outbound = netConnect({ host: '127.0.0.1', port });
      sockets.push(outbound);
      outbound.on('error', () => inbound.destroy());
      inbound.on('close', () => outbound.destroy());
      outbound.on('close', () => inbound.destroy());
      outbound.on('data', (d) => inbound.write(d));
      let forwarded = 0;
      let queue = Promise.resolve();
      inbound.on('data', (chunk: Buffer) => {
        queue = queue.then(async () => {
          for (const byte of chunk) {
            if (forwarded++ < 40) {
              outbound.write(Buffer.from([byte]));
              await new Promise((r) => setTimeout(r, 2));
            } else {
              outbound.write(Buffer.from([byte]));
            }
          }
        });
      });
    });
    const client = newClient({ tls: { ca: ca.cert } });
    expect((await client.invoke(proxy.addr, echo('split hello'))).extFields?.topic).toBe('split hello');
  });
});

describe('certificate verification', () => {
  it('fails against a CA that did not sign the certificate, saying so, and suggests --tls-ca or --tls-insecure', async () => {
    const { addr } = await startServer({ tls: tlsOf(server127) });
    const client = newClient({ tls: { ca: otherCa.cert } });
    const { error, ms } = await failure(client.invoke(addr, echo('x')));
    expect(error).toBeInstanceOf(RemotingTlsError);
    expect(error).toBeInstanceOf(RemotingConnectError);
    expect(error).toMatchObject({ hint: 'untrusted-certificate' });
    expect(error.message).toMatch(new RegExp(`^cannot connect to ${addr}: the server's certificate cannot be verified \\(.+\\)$`));
    expect(ms).toBeLessThan(1000);
    const classified = classifyError(error);
    expect(classified).toMatchObject({ exitCode: 5, kind: 'unreachable' });
    expect(classified.remedy).toMatch(/--tls-ca FILE.*--tls-insecure/);
  });

  it('fails with the system CAs when the certificate is from a private CA', async () => {
    const { addr } = await startServer({ tls: tlsOf(server127) });
    const { error } = await failure(newClient({ tls: {} }).invoke(addr, echo('x')));
    expect(error).toMatchObject({ hint: 'untrusted-certificate' });
    expect(error.message).toMatch(/certificate cannot be verified/);
  });

  it('fails when the certificate does not name the address dialled', async () => {
    const { addr } = await startServer({ tls: tlsOf(serverWrongName) });
    const { error } = await failure(newClient({ tls: { ca: ca.cert } }).invoke(addr, echo('x')));
    expect(error).toMatchObject({ hint: 'certificate-name' });
    expect(error.message).toBe(`cannot connect to ${addr}: the server's certificate is not valid for ${addr} (IP: 127.0.0.1 is not in the cert's list: 192.0.2.1)`);
    expect(classifyError(error).remedy).toMatch(/^use an address the certificate names .*--tls-insecure$/);
  });

  it('--tls-insecure skips verification: a wrong CA, no CA, or a wrong name all pass', async () => {
    const { addr } = await startServer({ tls: tlsOf(serverWrongName) });
    for (const tls of [{ insecure: true }, { insecure: true, ca: otherCa.cert }]) {
      expect((await newClient({ tls }).invoke(addr, echo('insecure'))).code).toBe(0);
    }
  });
});

describe('client certificates', () => {
  const mutual = (): Promise<{ addr: string; rejected: string[] }> => startServer({ tls: tlsOf(server127, { ca: ca.cert, requestCert: true }) });

  it('a server that requires one accepts a client certificate signed by its CA', async () => {
    const { addr } = await mutual();
    const client = newClient({ tls: { ca: ca.cert, cert: clientCert.cert, key: clientCert.key } });
    expect((await client.invoke(addr, echo('mutual'))).code).toBe(0);
  });

  it('without one, the request fails at once, saying a client certificate is required', async () => {
    const { addr, rejected } = await mutual();
    const { error, ms } = await failure(newClient({ tls: { ca: ca.cert } }).invoke(addr, echo('x')));
    expect(error).toBeInstanceOf(RemotingTlsError);
    expect(error).toMatchObject({ hint: 'client-certificate' });
    expect(error.message).toMatch(/the server requires a client certificate/);
    expect(ms).toBeLessThan(1000);
    expect(classifyError(error).remedy).toMatch(/--tls-cert FILE and --tls-key FILE/);
    expect(rejected.join('\n')).toMatch(/TLS handshake failed|client certificate refused/);
  });

  it('a client certificate from another CA is refused', async () => {
    const { addr } = await mutual();
    const client = newClient({ tls: { ca: ca.cert, cert: strangerClientCert.cert, key: strangerClientCert.key } });
    const { error, ms } = await failure(client.invoke(addr, echo('x')));
    expect(error).toMatchObject({ hint: 'client-certificate' });
    expect(error.message).toMatch(/client certificate/);
    expect(ms).toBeLessThan(1000);
  });
});

describe('TLS mismatches fail well within the timeout, saying what is likely', () => {
  const TIMEOUT = 2000;
  const SLACK = 500;

  it('a TLS client against a plaintext server: "the server may not speak TLS; try without --tls"', async () => {
    const { addr } = await startServer();
    const client = newClient({ tls: { ca: ca.cert }, connectTimeoutMs: TIMEOUT, requestTimeoutMs: TIMEOUT });
    const { error, ms } = await failure(client.invoke(addr, echo('x')));
    expect(error).toBeInstanceOf(RemotingTlsError);
    expect(error).toMatchObject({ hint: 'server-not-tls' });
    expect(error.message).toMatch(new RegExp(`^cannot connect to ${addr}: TLS handshake failed \\(.+\\): the server may not speak TLS$`));
    expect(ms).toBeLessThan(TIMEOUT);
    const classified = classifyError(error);
    expect(classified.exitCode).toBe(5);
    expect(classified.remedy).toBe('the server may not speak TLS; try without --tls');
  });

  it('a TLS client against a plaintext server that answers garbage: the same hint', async () => {
    const { addr } = await rawServer((socket) => socket.once('data', () => socket.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))));
    const { error, ms } = await failure(newClient({ tls: { insecure: true } }).invoke(addr, echo('x')));
    expect(error).toMatchObject({ hint: 'server-not-tls' });
    expect(error.message).toMatch(/TLS handshake failed \(.+\): the server may not speak TLS/);
    expect(ms).toBeLessThan(TIMEOUT);
  });

  it('a TLS client against a server that never answers the handshake ends at the connect timeout', async () => {
    const { addr } = await rawServer(() => {});
    const client = newClient({ tls: { insecure: true }, connectTimeoutMs: 700, requestTimeoutMs: TIMEOUT });
    const { error, ms } = await failure(client.invoke(addr, echo('x')));
    expect(error).toMatchObject({ hint: 'server-not-tls' });
    expect(error.message).toBe(`cannot connect to ${addr}: TLS handshake did not complete within 700 ms: the server may not speak TLS`);
    expect(ms).toBeGreaterThanOrEqual(650);
    expect(ms).toBeLessThan(700 + SLACK);
  });

  it('a plaintext client against an enforcing TLS server: closed at once, "the server may require TLS; try --tls"', async () => {
    const { addr, rejected } = await startServer({ tls: tlsOf(server127) });
    const client = newClient({ connectTimeoutMs: TIMEOUT, requestTimeoutMs: TIMEOUT });
    const { error, ms } = await failure(client.invoke(addr, echo('x')));
    expect(error).toBeInstanceOf(RemotingConnectionClosedError);
    expect(error).toMatchObject({ hint: 'server-requires-tls', requestCode: 105 });
    expect(error.message).toMatch(new RegExp(`^connection to ${addr} closed before the response to request code 105: .*the server may require TLS$`));
    expect(ms).toBeLessThan(1000);
    const classified = classifyError(error);
    expect(classified.exitCode).toBe(5);
    expect(classified.remedy).toMatch(/^the server may require TLS; try --tls/);
    expect(rejected).toEqual(['plaintext connection refused: this port requires TLS']);
  });

  it('a plaintext client against a TLS server that answers with a TLS alert: the same hint', async () => {
    // A TLS-only server that does not peek (as Node's tls.Server): it answers bytes that are not
    // a ClientHello with an alert record, which a plaintext client cannot read.
    const { addr } = await rawServer((socket) => socket.once('data', () => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]))));
    const { error, ms } = await failure(newClient().invoke(addr, echo('x')));
    expect(error).toMatchObject({ hint: 'server-requires-tls' });
    expect(error.message).toMatch(/the peer answered with a TLS record: the server may require TLS$/);
    expect(ms).toBeLessThan(1000);
  });

  it('a plaintext client against a TLS server that waits for a handshake ends at the request timeout', async () => {
    const { addr } = await rawServer(() => {});
    const client = newClient({ connectTimeoutMs: TIMEOUT, requestTimeoutMs: 800 });
    const { error, ms } = await failure(client.invoke(addr, echo('x')));
    expect(error).toBeInstanceOf(RemotingTimeoutError);
    expect(error).toMatchObject({ hint: 'server-requires-tls', timeoutMs: 800 });
    expect(ms).toBeGreaterThanOrEqual(750);
    expect(ms).toBeLessThan(800 + SLACK);
    expect(classifyError(error).remedy).toMatch(/it may require TLS \(try --tls\)/);
  });

  it('a server that answers plaintext requests gives no TLS hint when it times out later', async () => {
    let calls = 0;
    const { addr } = await startServer({ handler: (req) => (++calls === 1 ? createResponse(req, 0) : null) });
    const client = newClient({ requestTimeoutMs: 300 });
    await client.invoke(addr, echo('first'));
    const { error } = await failure(client.invoke(addr, echo('second')));
    expect(error).toBeInstanceOf(RemotingTimeoutError);
    expect((error as RemotingTimeoutError).hint).toBeUndefined();
    expect(classifyError(error).remedy).toBe('the server may be overloaded; retry or raise --timeout');
  });
});

describe('server robustness', () => {
  it('a peer that closes during the handshake, or sends garbage after 0x16, costs nothing', async () => {
    const { server, port, rejected } = await startServer({ tls: tlsOf(server127) });
    const halfHello = await rawSocket(port);
    halfHello.write(Buffer.from([0x16, 0x03, 0x01]));
    await new Promise((r) => setTimeout(r, 50));
    halfHello.destroy();
    const garbage = await rawSocket(port);
    garbage.write(Buffer.concat([Buffer.from([0x16]), Buffer.alloc(200, 0x41)]));
    await closed(garbage);
    const silent = await rawSocket(port);
    await new Promise((r) => setTimeout(r, 50));
    silent.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(rejected.length).toBeGreaterThanOrEqual(2);
    expect(rejected.some((r) => /TLS handshake failed|closed by the peer during the TLS handshake/.test(r))).toBe(true);
    expect(server.connections).toEqual([]);
    // Still serving.
    expect((await newClient({ tls: { ca: ca.cert } }).invoke(`127.0.0.1:${port}`, echo('after'))).code).toBe(0);
  });

  it('abandons a handshake that does not finish in time', async () => {
    const { port, rejected } = await startServer({ tls: tlsOf(server127, { handshakeTimeoutMs: 200 }) });
    const socket = await rawSocket(port);
    const started = Date.now();
    socket.write(Buffer.from([0x16]));
    await closed(socket);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(rejected).toEqual(['TLS handshake not done within 200 ms']);
  });

  it('close() also ends sockets still waiting for their first byte or in a handshake', async () => {
    const { server, port } = await startServer({ tls: tlsOf(server127) });
    const waiting = await rawSocket(port);
    const handshaking = await rawSocket(port);
    handshaking.write(Buffer.from([0x16, 0x03]));
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await server.close();
    await Promise.all([closed(waiting), closed(handshaking)]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a Node TLS client that is not ours interoperates (plain tls.connect + frames)', async () => {
    const { port } = await startServer({ tls: tlsOf(server127) });
    const socket = tlsConnect({ host: '127.0.0.1', port, ca: ca.cert });
    socket.on('error', () => {});
    await new Promise((r) => socket.once('secureConnect', r));
    expect(socket.authorized).toBe(true);
    const decoder = new FrameDecoder();
    const answer = new Promise<Buffer>((resolve) => socket.on('data', (d: Buffer) => decoder.pushRaw(d).forEach(resolve)));
    socket.write(encodeFrame({ ...echo('node'), opaque: 3 }));
    expect((await answer).length).toBeGreaterThan(0);
    socket.destroy();
  });

  it('rejects an unusable key or certificate when constructed', () => {
    expect(() => new RemotingServer({ tls: { key: 'not a key', cert: server127.cert, mode: 'enforcing' } })).toThrow();
  });
});
