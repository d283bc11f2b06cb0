// RemotingClient and Connection against a scriptable fake server on 127.0.0.1 (framing.md §1,
// §6, §9). Nothing here talks to a non-loopback address.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, createServer, Socket, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../src/remoting/codec.js';
import { RemotingClient, parseAddress } from '../../src/remoting/client.js';
import { createRequest, createResponse, FLAG_ONEWAY, type RemotingCommand } from '../../src/remoting/command.js';
import { Connection } from '../../src/remoting/connection.js';
import {
  RemotingConnectError,
  RemotingConnectionClosedError,
  RemotingTimeoutError,
} from '../../src/remoting/errors.js';
import { FakeServer } from '../helpers/fakeServer.js';

let server: FakeServer;
const clients: RemotingClient[] = [];
const cleanups: Array<() => unknown> = [];

function newClient(options: ConstructorParameters<typeof RemotingClient>[0] = {}): RemotingClient {
  const client = new RemotingClient(options);
  clients.push(client);
  return client;
}

beforeEach(async () => {
  server = await FakeServer.start();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await server.close();
});

/** Settles `promise` and returns its rejection, failing the test if it resolved. */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the promise to reject');
}

const route = (topic: string): RemotingCommand => createRequest(105, { extFields: { topic } });

describe('request and response', () => {
  it('writes the request with opaques 0, 1, ... and resolves with the matching response', async () => {
    const client = newClient();
    const first = await client.invoke(server.address, route('A'));
    const second = await client.invoke(server.address, route('B'));

    const [req0, req1] = await server.waitForRequests(2);
    // The exact bytes a Java 5.3.3 client writes for this request (framing.md §2, §4).
    expect(req0!.raw.subarray(8).toString()).toBe(
      '{"code":105,"extFields":{"topic":"A"},"flag":0,"language":"JAVA","opaque":0,"serializeTypeCurrentRPC":"JSON","version":479}',
    );
    expect(req0!.raw.readInt32BE(0)).toBe(req0!.raw.length - 4);
    expect(req1!.cmd.opaque).toBe(1);
    expect(first).toMatchObject({ code: 0, opaque: 0, flag: 1, extFields: { topic: 'A' } });
    expect(second).toMatchObject({ code: 0, opaque: 1, flag: 1, extFields: { topic: 'B' } });
  });

  it('does not modify the caller\'s request object', async () => {
    const client = newClient();
    const request = route('A');
    request.flag = FLAG_ONEWAY; // invoke always sends a two-way request
    await client.invoke(server.address, request);
    await client.invoke(server.address, request);
    expect(request.opaque).toBe(0);
    expect(request.flag).toBe(FLAG_ONEWAY);
    expect(server.received.map((r) => [r.cmd.opaque, r.cmd.flag])).toEqual([[0, 0], [1, 0]]);
  });

  it('sends in the request\'s serialization type', async () => {
    const client = newClient();
    const response = await client.invoke(server.address, createRequest(105, { extFields: { topic: 'T' }, serializeType: 'ROCKETMQ' }));
    const [req] = await server.waitForRequests(1);
    expect(req!.raw[4]).toBe(1); // high byte of headerInfo: ROCKETMQ (framing.md §2)
    expect(response.serializeType).toBe('ROCKETMQ');
    expect(response.extFields).toEqual({ topic: 'T' });
  });

  it('resolves out-of-order responses to the right callers', async () => {
    const client = newClient();
    server.mode = 'hold';
    const calls = ['A', 'B', 'C'].map((t) => client.invoke(server.address, route(t)));
    await server.waitForRequests(3);
    server.releaseHeld([2, 0, 1]);
    const results = await Promise.all(calls);
    expect(results.map((r) => [r.opaque, r.extFields?.topic])).toEqual([[0, 'A'], [1, 'B'], [2, 'C']]);
  });

  it('ignores a response whose opaque matches nothing in flight', async () => {
    const client = newClient();
    await client.invoke(server.address, route('warm-up'));
    const connection = client.connections[0]!;
    const unmatched: RemotingCommand[] = [];
    connection.on('unmatchedResponse', (r) => unmatched.push(r));
    server.mode = 'hold';
    const call = client.invoke(server.address, route('A'));
    await server.waitForRequests(2);
    const stray = createResponse({ ...route('x'), opaque: 999 }, 0);
    server.writeRaw(encodeFrame(stray));
    server.releaseHeld();
    expect((await call).extFields).toEqual({ topic: 'A' });
    expect(unmatched.map((r) => r.opaque)).toEqual([999]);
  });
});

describe('timeouts and closed connections', () => {
  it('rejects with RemotingTimeoutError after the timeout and drops the late reply', async () => {
    const client = newClient();
    await client.invoke(server.address, route('warm-up'));
    const connection = client.connections[0]!;
    const late: RemotingCommand[] = [];
    connection.on('unmatchedResponse', (r) => late.push(r));

    server.mode = 'hold';
    const started = Date.now();
    const error = await rejectionOf(client.invoke(server.address, route('slow'), 150));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(RemotingTimeoutError);
    expect(error).toMatchObject({ addr: server.address, requestCode: 105, opaque: 1, timeoutMs: 150 });
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1000);
    expect(connection.pendingCount).toBe(0);

    // The late reply arrives, matches nothing, and the connection keeps working.
    server.mode = 'reply';
    server.releaseHeld();
    const next = await client.invoke(server.address, route('next'));
    expect(next).toMatchObject({ opaque: 2, extFields: { topic: 'next' } });
    expect(late.map((r) => [r.opaque, r.extFields?.topic])).toEqual([[1, 'slow']]);
    expect(client.connections).toEqual([connection]);
  });

  it('rejects every request in flight with RemotingConnectionClosedError when the server drops the socket', async () => {
    const client = newClient();
    // One answer first: a server that never sent a byte gets a TLS hint (remoting-tls.test.ts).
    await client.invoke(server.address, route('first'));
    server.mode = 'hold';
    const calls = [105, 106, 28].map((code) => client.invoke(server.address, createRequest(code)));
    await server.waitForRequests(3);
    server.dropConnections();
    const errors = await Promise.all(calls.map(rejectionOf));
    for (const [i, code] of [105, 106, 28].entries()) {
      expect(errors[i]).toBeInstanceOf(RemotingConnectionClosedError);
      expect(errors[i]).toMatchObject({ addr: server.address, requestCode: code });
      expect(errors[i]!.message).toBe(`connection to ${server.address} closed before the response to request code ${code}: closed by the peer`);
    }
    expect(client.connections).toEqual([]);
  });

  it('rejects a request the server answers by closing the connection', async () => {
    const client = newClient();
    server.mode = 'close';
    const error = await rejectionOf(client.invoke(server.address, route('A')));
    expect(error).toBeInstanceOf(RemotingConnectionClosedError);
    // Closed before it ever sent anything: what an enforcing TLS server does to plaintext (auth.md §5.3).
    expect(error.message).toBe(
      `connection to ${server.address} closed before the response to request code 105: closed by the peer before it sent anything: the server may require TLS`,
    );
    expect(error).toMatchObject({ hint: 'server-requires-tls' });
  });

  it('destroys only the connection when a frame over maxFrameSize arrives, rejecting what is pending', async () => {
    const client = newClient({ maxFrameSize: 1024 });
    server.mode = 'hold';
    const call = client.invoke(server.address, route('A'));
    await server.waitForRequests(1);
    const big = encodeFrame(createResponse({ ...route('A'), opaque: 0 }, 0, { body: Buffer.alloc(2000) }));
    server.writeRaw(big);
    const error = await rejectionOf(call);
    expect(error).toBeInstanceOf(RemotingConnectionClosedError);
    expect(error.message).toMatch(/exceeds the maximum frame size of 1024/);
    expect(client.connections).toEqual([]);
  });

  it('refuses to send a frame over maxFrameSize without closing the connection', async () => {
    const client = newClient({ maxFrameSize: 1024 });
    await client.invoke(server.address, route('warm-up'));
    const error = await rejectionOf(client.invoke(server.address, createRequest(310, { body: Buffer.alloc(2000) })));
    expect(error.name).toBe('FrameTooLargeError');
    expect((await client.invoke(server.address, route('after'))).extFields).toEqual({ topic: 'after' });
    expect(server.accepted).toBe(1);
  });
});

describe('oneway', () => {
  it('sets flag bit 1, consumes an opaque and expects no reply', async () => {
    const client = newClient();
    await client.invokeOneway(server.address, createRequest(15, { extFields: { offset: 7 } }));
    const next = await client.invoke(server.address, route('A'));
    const [oneway] = await server.waitForRequests(2);
    expect(oneway!.cmd).toMatchObject({ code: 15, flag: 2, opaque: 0, extFields: { offset: '7' } });
    expect(next.opaque).toBe(1);
    expect(client.connections[0]!.pendingCount).toBe(0);
  });
});

describe('requests pushed by the server', () => {
  it('reaches onRequest and the answer goes back with the same opaque and the response flag', async () => {
    const seen: RemotingCommand[] = [];
    const client = newClient({
      onRequest: (request) => {
        seen.push(request);
        return createResponse(request, 0, { extFields: { clientId: 'c1' }, body: 'running' });
      },
    });
    await client.invoke(server.address, route('connect'));
    // Opaque 0 is also the number of the client's own first request: directions must not mix (framing.md §6).
    const response = await server.push(createRequest(307, { extFields: { consumerGroup: 'G' } }), { opaque: 0 });
    expect(seen.map((r) => [r.code, r.opaque, r.extFields])).toEqual([[307, 0, { consumerGroup: 'G' }]]);
    expect(response).toMatchObject({ code: 0, opaque: 0, flag: 1, extFields: { clientId: 'c1' }, serializeType: 'JSON' });
    expect(response!.body!.toString()).toBe('running');
  });

  it('answers a binary-header push in binary and awaits async handlers', async () => {
    const client = newClient({
      onRequest: async (request) => {
        await new Promise((r) => setTimeout(r, 10));
        return createResponse(request, 0, { remark: 'ok' });
      },
    });
    await client.invoke(server.address, route('connect'));
    const response = await server.push(createRequest(220, { serializeType: 'ROCKETMQ' }), { opaque: 41 });
    expect(response).toMatchObject({ code: 0, opaque: 41, flag: 1, remark: 'ok', serializeType: 'ROCKETMQ' });
  });

  it('never answers a pushed oneway request', async () => {
    const codes: number[] = [];
    const client = newClient({
      onRequest: (request) => {
        codes.push(request.code);
        return createResponse(request, 0);
      },
    });
    await client.invoke(server.address, route('connect'));
    await server.push(createRequest(40, { oneway: true }));
    await server.push(createRequest(41));
    // Replies go out in order on one connection: had the oneway been answered, it would be first.
    expect(codes).toEqual([40, 41]);
    expect(server.responses.map((r) => r.code === 0 && r.opaque)).toEqual([1001]);
  });

  it('answers code 3 without onRequest and code 1 when onRequest throws', async () => {
    const plain = newClient();
    await plain.invoke(server.address, route('connect'));
    const unsupported = await server.push(createRequest(40));
    expect(unsupported).toMatchObject({ code: 3, remark: ' request type 40 not supported', flag: 1 });

    const failing = newClient({
      onRequest: () => {
        throw new Error('consumer not online');
      },
    });
    await failing.invoke(server.address, route('connect'));
    const failed = await server.push(createRequest(307));
    expect(failed).toMatchObject({ code: 1, remark: 'consumer not online', flag: 1 });
  });
});

describe('the connection pool', () => {
  it('reuses one TCP connection, also for concurrent first calls', async () => {
    const client = newClient();
    await Promise.all([1, 2, 3, 4, 5].map((i) => client.invoke(server.address, route(`T${i}`))));
    await client.invoke(server.address, route('again'));
    expect(server.accepted).toBe(1);
    expect(client.connections).toHaveLength(1);
    expect(server.received.map((r) => r.cmd.opaque).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('treats an address with surrounding spaces as the same pool entry', async () => {
    const client = newClient();
    await client.invoke(server.address, route('A'));
    await client.invoke(` ${server.address} `, route('B'));
    expect(server.accepted).toBe(1);
  });

  it('reconnects after the server drops the connection', async () => {
    const client = newClient();
    await client.invoke(server.address, route('A'));
    const first = client.connections[0]!;
    server.dropConnections();
    await first.whenClosed();
    expect(client.connections).toEqual([]);
    const response = await client.invoke(server.address, route('B'));
    expect(response.extFields).toEqual({ topic: 'B' });
    expect(server.accepted).toBe(2);
    // A new connection starts its own opaque sequence.
    expect(response.opaque).toBe(0);
  });

  it('fails fast with "connection refused" on a closed port', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));

    const client = newClient();
    const started = Date.now();
    const error = await rejectionOf(client.invoke(`127.0.0.1:${port}`, route('A')));
    expect(error).toBeInstanceOf(RemotingConnectError);
    expect(error).toMatchObject({ addr: `127.0.0.1:${port}`, reason: 'connection refused' });
    expect(error.message).toBe(`cannot connect to 127.0.0.1:${port}: connection refused`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(client.connections).toEqual([]);
  });

  it('times out a connect that never completes, shares the attempt, and tries again afterwards', async () => {
    // A socket that is never connected stands in for a peer that never answers the SYN: no packet leaves the host.
    const opened: Socket[] = [];
    const client = newClient({
      connectTimeoutMs: 50,
      connect: () => {
        const socket = new Socket();
        opened.push(socket);
        return socket;
      },
    });
    const started = Date.now();
    const errors = await Promise.all([
      rejectionOf(client.invoke('127.0.0.1:1', route('A'))),
      rejectionOf(client.invoke('127.0.0.1:1', route('B'))),
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
    for (const error of errors) {
      expect(error).toBeInstanceOf(RemotingConnectError);
      expect(error).toMatchObject({ reason: 'timed out after 50 ms' });
    }
    expect(opened).toHaveLength(1);
    expect(opened[0]!.destroyed).toBe(true);
    await rejectionOf(client.invoke('127.0.0.1:1', route('C')));
    expect(opened).toHaveLength(2);
  });

  it('rejects invalid addresses without touching the network', async () => {
    let opened = 0;
    const client = newClient({
      connect: () => {
        opened++;
        return new Socket();
      },
    });
    for (const addr of ['localhost', '127.0.0.1:', ':9876', '127.0.0.1:0', '127.0.0.1:65536', '127.0.0.1:98x', '[::1]', '[nope]:9876', '::1']) {
      const error = await rejectionOf(client.invoke(addr, route('A')));
      expect(error, addr).toBeInstanceOf(RemotingConnectError);
      expect((error as RemotingConnectError).reason, addr).toMatch(/^invalid address/);
    }
    expect(opened).toBe(0);
  });

  it('parses host:port, [v6]:port and Java-style unbracketed v6', () => {
    expect(parseAddress('127.0.0.1:9876')).toEqual({ host: '127.0.0.1', port: 9876 });
    expect(parseAddress('broker-a.local:10911')).toEqual({ host: 'broker-a.local', port: 10911 });
    expect(parseAddress('[::1]:9876')).toEqual({ host: '::1', port: 9876 });
    expect(parseAddress('0:0:0:0:0:0:0:1:9876')).toEqual({ host: '0:0:0:0:0:0:0:1', port: 9876 });
  });

  it('connects to [::1]:port', async (ctx) => {
    let v6: FakeServer;
    try {
      v6 = await FakeServer.start('::1');
    } catch {
      ctx.skip(); // no IPv6 loopback in this environment
      return;
    }
    cleanups.push(() => v6.close());
    const client = newClient();
    const response = await client.invoke(`[::1]:${v6.port}`, route('six'));
    expect(response.extFields).toEqual({ topic: 'six' });
    expect(client.connections[0]!.remoteAddress).toBe(`[::1]:${v6.port}`);
    expect(v6.accepted).toBe(1);
  });
});

describe('close()', () => {
  it('rejects what is in flight, closes the sockets and refuses further calls', async () => {
    const client = newClient();
    server.mode = 'hold';
    const call = client.invoke(server.address, route('A'));
    await server.waitForRequests(1);
    const connection = client.connections[0]!;
    const settled = rejectionOf(call);
    await client.close();
    const error = await settled;
    expect(error).toBeInstanceOf(RemotingConnectionClosedError);
    expect(connection.closed).toBe(true);
    expect(client.connections).toEqual([]);
    const after = await rejectionOf(client.invoke(server.address, route('B')));
    expect(after).toMatchObject({ reason: 'the client is closed' });
  });

  it('abandons a connect in progress', async () => {
    const client = newClient({ connect: () => new Socket(), connectTimeoutMs: 5000 });
    const call = client.invoke('127.0.0.1:1', route('A'));
    const settled = rejectionOf(call);
    const started = Date.now();
    await client.close();
    const error = await settled;
    expect(error).toBeInstanceOf(RemotingConnectError);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('Connection', () => {
  it('wraps the opaque after 2^31 - 1 back to 0', async () => {
    const socket = netConnect({ host: '127.0.0.1', port: server.port });
    await new Promise((r) => socket.once('connect', r));
    const connection = new Connection(socket, { initialOpaque: 0x7fffffff });
    cleanups.push(() => connection.close());
    server.mode = 'hold';
    const calls = [connection.invoke(route('A'), 2000), connection.invoke(route('B'), 2000)];
    await server.waitForRequests(2);
    expect(server.received.map((r) => r.cmd.opaque)).toEqual([0x7fffffff, 0]);
    server.releaseHeld([1, 0]);
    expect((await Promise.all(calls)).map((r) => r.extFields?.topic)).toEqual(['A', 'B']);
  });

  it('close() resolves once the socket is closed and reports no error', async () => {
    const socket = netConnect({ host: '127.0.0.1', port: server.port });
    await new Promise((r) => socket.once('connect', r));
    const connection = new Connection(socket);
    const closeEvents: Array<Error | undefined> = [];
    connection.on('close', (e) => closeEvents.push(e));
    expect(connection.remoteAddress).toBe(server.address);
    await connection.close();
    expect(socket.destroyed).toBe(true);
    expect(closeEvents).toEqual([undefined]);
    await expect(connection.invoke(route('A'), 100)).rejects.toBeInstanceOf(RemotingConnectionClosedError);
  });
});

// ---------------------------------------------------------------------------------------------
// Process lifetime: run the client in a child `node`, from this tree's sources transpiled to a
// temporary folder (no build needed), and check that the process exits by itself.

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'remoting');

function transpileRemoting(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mqadmin-remoting-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  for (const name of ['command', 'codec', 'errors', 'connection', 'client']) {
    const source = ts.sys.readFile(join(SRC, `${name}.ts`))!;
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(dir, `${name}.js`), outputText);
  }
  return dir;
}

function runNode(dir: string, script: string, timeoutMs = 5000): Promise<{ code: number | null; stdout: string; ms: number }> {
  const file = join(dir, `script-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, script);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [file], { timeout: timeoutMs }, (err, stdout) => {
      if (err && err.killed) reject(new Error(`child did not exit within ${timeoutMs} ms; stdout: ${stdout}`));
      else resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, ms: Date.now() - started });
    });
  });
}

describe('process lifetime', () => {
  let dir: string;
  beforeAll(() => {
    dir = transpileRemoting();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const script = (addr: string, close: boolean): string => `
    import { RemotingClient } from './client.js';
    import { createRequest } from './command.js';
    const client = new RemotingClient();
    const response = await client.invoke(${JSON.stringify(addr)}, createRequest(105, { extFields: { topic: 'T' } }));
    console.log('response', response.code, response.extFields.topic);
    ${close ? "await client.close(); console.log('closed');" : ''}
  `;

  it('exits as soon as the work is done after close()', async () => {
    const result = await runNode(dir, script(server.address, true));
    expect(result.stdout).toBe('response 0 T\nclosed\n');
    expect(result.code).toBe(0);
  });

  it('exits even when close() is forgotten: idle pooled sockets do not hold the event loop', async () => {
    const result = await runNode(dir, script(server.address, false));
    expect(result.stdout).toBe('response 0 T\n');
    expect(result.code).toBe(0);
  });

  it('stays alive while a request is in flight', async () => {
    server.delayMs = 300;
    const result = await runNode(dir, script(server.address, false));
    expect(result.stdout).toBe('response 0 T\n');
    expect(result.ms).toBeGreaterThanOrEqual(300);
  });
});
