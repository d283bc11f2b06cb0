// RemotingServer: dispatch, Java's answers when it cannot serve (framing.md §9), replies in the
// request's header type (§5), oneway (§6), bad bytes (§2), and requests to clients (§1).
// Peers are raw sockets writing exact bytes, or a RemotingClient.
import { connect as netConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameDecoder } from '../../src/remoting/codec.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest, createResponse, type RemotingCommand } from '../../src/remoting/command.js';
import type { Connection } from '../../src/remoting/connection.js';
import { FrameDecodeError, FrameTooLargeError, RemotingConnectionClosedError, RemotingTimeoutError } from '../../src/remoting/errors.js';
import { RemotingServer, type RemotingServerOptions } from '../../src/remoting/server.js';

const servers: RemotingServer[] = [];
const clients: RemotingClient[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(options: RemotingServerOptions = {}): Promise<{ server: RemotingServer; addr: string }> {
  const server = new RemotingServer(options);
  servers.push(server);
  const { host, port } = await server.listen();
  return { server, addr: `${host}:${port}` };
}

function newClient(options: ConstructorParameters<typeof RemotingClient>[0] = {}): RemotingClient {
  const client = new RemotingClient(options);
  clients.push(client);
  return client;
}

/** A peer that writes raw bytes and collects whole frames, to see exactly what the server sends. */
interface RawPeer {
  socket: Socket;
  /** Next whole frame from the server, length prefix included. */
  nextFrame(timeoutMs?: number): Promise<Buffer>;
  closed: Promise<void>;
}

async function rawPeer(addr: string): Promise<RawPeer> {
  const [host, port] = [addr.slice(0, addr.lastIndexOf(':')), Number(addr.slice(addr.lastIndexOf(':') + 1))];
  const socket = netConnect({ host, port });
  sockets.push(socket);
  socket.on('error', () => {});
  await new Promise((r) => socket.once('connect', r));
  const decoder = new FrameDecoder();
  const frames: Buffer[] = [];
  let wake: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    for (const content of decoder.pushRaw(chunk)) {
      const frame = Buffer.alloc(4 + content.length);
      frame.writeInt32BE(content.length, 0);
      content.copy(frame, 4);
      frames.push(frame);
    }
    wake?.();
  });
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  return {
    socket,
    closed,
    async nextFrame(timeoutMs = 1000) {
      const deadline = Date.now() + timeoutMs;
      while (frames.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no frame from the server');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return frames.shift()!;
    },
  };
}

const withOpaque = (cmd: RemotingCommand, opaque: number): RemotingCommand => ({ ...cmd, opaque });

describe('dispatch', () => {
  it('routes by request code, then to the default handler', async () => {
    const { addr } = await startServer({
      handler: (request) => createResponse(request, 0, { remark: `default ${request.code}` }),
    });
    const server = servers[0]!;
    server.registerProcessor(105, (request) => createResponse(request, 0, { extFields: { route: request.extFields?.topic } }));
    server.registerProcessor(106, async (request) => createResponse(request, 0, { body: 'cluster' }));
    const client = newClient();
    expect((await client.invoke(addr, createRequest(105, { extFields: { topic: 'T' } }))).extFields).toEqual({ route: 'T' });
    expect((await client.invoke(addr, createRequest(106))).body?.toString()).toBe('cluster');
    expect((await client.invoke(addr, createRequest(17))).remark).toBe('default 17');
  });

  it('answers an unknown code with code 3 and Java\'s remark, echoing the opaque, with the server\'s version', async () => {
    const { addr } = await startServer({ version: 409 });
    const peer = await rawPeer(addr);
    peer.socket.write(encodeFrame(withOpaque(createRequest(9999), 123456)));
    const frame = await peer.nextFrame();
    // Byte for byte what a 4.9.8 broker sends (framing.md §4, §9).
    expect(frame.subarray(8).toString()).toBe(
      '{"code":3,"flag":1,"language":"JAVA","opaque":123456,"remark":" request type 9999 not supported","serializeTypeCurrentRPC":"JSON","version":409}',
    );
  });

  it('puts the server\'s version into responses whatever the processor set', async () => {
    const { server, addr } = await startServer({ version: 409 });
    server.registerProcessor(105, (request) => createResponse(request, 0, { version: 1 }));
    const response = await newClient().invoke(addr, createRequest(105));
    expect(response).toMatchObject({ code: 0, flag: 1, opaque: 0, version: 409 });
  });

  it('fixes up opaque, flag and header type of whatever a processor returns', async () => {
    const { server, addr } = await startServer();
    server.registerProcessor(105, (request) => ({
      ...createResponse(request, 0, { remark: 'r' }),
      opaque: 77,
      flag: 0,
      serializeType: 'ROCKETMQ',
    }));
    const peer = await rawPeer(addr);
    peer.socket.write(encodeFrame(withOpaque(createRequest(105), 5)));
    const frame = await peer.nextFrame();
    expect(frame[4]).toBe(0); // JSON, the request's type (framing.md §5)
    expect(decodeFrame(frame)).toMatchObject({ code: 0, opaque: 5, flag: 1, remark: 'r' });
  });

  it('sends nothing when the default handler returns null (4.9.8 NameServer, framing.md §9)', async () => {
    const { addr } = await startServer({ handler: () => null });
    const error = await newClient().invoke(addr, createRequest(9999), 150).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemotingTimeoutError);
  });

  it('answers code 1 with the message when a processor throws or rejects', async () => {
    const { server, addr } = await startServer();
    server.registerProcessor(1, () => {
      throw new Error('topic config missing');
    });
    server.registerProcessor(2, async () => {
      throw new Error('store not ready');
    });
    const errors: unknown[] = [];
    server.on('connection', (c) => c.on('handlerError', (e) => errors.push(e)));
    const client = newClient();
    expect(await client.invoke(addr, createRequest(1))).toMatchObject({ code: 1, remark: 'topic config missing', flag: 1 });
    expect(await client.invoke(addr, createRequest(2))).toMatchObject({ code: 1, remark: 'store not ready', flag: 1 });
    expect(errors.map((e) => (e as Error).message)).toEqual(['topic config missing', 'store not ready']);
  });

  it('never answers a oneway request, whether handled, unknown or failing', async () => {
    const { server, addr } = await startServer();
    const handled: number[] = [];
    server.registerProcessor(15, (request) => {
      handled.push(request.opaque);
      return createResponse(request, 0);
    });
    server.registerProcessor(16, () => {
      throw new Error('boom');
    });
    const peer = await rawPeer(addr);
    peer.socket.write(
      Buffer.concat([
        encodeFrame(withOpaque(createRequest(15, { oneway: true }), 1)),
        encodeFrame(withOpaque(createRequest(9999, { oneway: true }), 2)),
        encodeFrame(withOpaque(createRequest(16, { oneway: true }), 3)),
        encodeFrame(withOpaque(createRequest(15), 4)),
      ]),
    );
    // Replies are written in order: the first one must be the two-way request's.
    const first = decodeFrame(await peer.nextFrame());
    expect(first).toMatchObject({ code: 0, opaque: 4 });
    expect(handled).toEqual([1, 4]);
    await expect(peer.nextFrame(100)).rejects.toThrow('no frame');
  });
});

describe('serialization', () => {
  it('answers a binary-header request with a binary-header response', async () => {
    const { server, addr } = await startServer();
    server.registerProcessor(105, (request) =>
      createResponse(request, 0, { remark: 'hi', extFields: { topic: request.extFields?.topic } }),
    );
    const peer = await rawPeer(addr);
    // framing.md §5's verified 51-byte example.
    peer.socket.write(
      Buffer.from(
        '0000002f0100002b' + '0069' + '00' + '01df' + '00000007' + '00000000' + '000000026869' + '00000014' +
          '0005746f706963' + '00000009546f70696354657374',
        'hex',
      ),
    );
    const frame = await peer.nextFrame();
    expect(frame.toString('hex')).toBe(
      '0000002f0100002b' + '0000' + '00' + '01df' + '00000007' + '00000001' + '000000026869' + '00000014' +
        '0005746f706963' + '00000009546f70696354657374',
    );
  });

  it('accepts ali-ons style typed extFields values as strings and answers in JSON', async () => {
    const { server, addr } = await startServer();
    let seen: Record<string, string> | null = null;
    server.registerProcessor(14, (request) => {
      seen = request.extFields;
      return createResponse(request, 0, { extFields: { offset: 42 } });
    });
    const peer = await rawPeer(addr);
    const header = Buffer.from(
      '{"code":14,"language":"JAVA","opaque":5,"flag":0,"version":121,"extFields":{"consumerGroup":"G","topic":"T","queueId":3,"unitMode":false}}',
    );
    const prefix = Buffer.alloc(8);
    prefix.writeInt32BE(4 + header.length, 0);
    prefix.writeInt32BE(header.length, 4);
    peer.socket.write(Buffer.concat([prefix, header]));
    const frame = await peer.nextFrame();
    expect(seen).toEqual({ consumerGroup: 'G', topic: 'T', queueId: '3', unitMode: 'false' });
    expect(frame[4]).toBe(0);
    expect(decodeFrame(frame)).toMatchObject({ code: 0, opaque: 5, flag: 1, extFields: { offset: '42' } });
  });
});

describe('malformed input', () => {
  it('closes the connection that sent a frame with serialize type 7 and keeps serving the others', async () => {
    const { server, addr } = await startServer();
    server.registerProcessor(105, (request) => createResponse(request, 0));
    const client = newClient();
    await client.invoke(addr, createRequest(105));
    const disconnects: Array<Error | undefined> = [];
    server.on('disconnect', (_c, error) => disconnects.push(error));

    const bad = await rawPeer(addr);
    const frame = encodeFrame(createRequest(105));
    frame[4] = 7;
    bad.socket.write(frame);
    await bad.closed;
    expect(disconnects).toHaveLength(1);
    expect(disconnects[0]).toBeInstanceOf(FrameDecodeError);
    expect(disconnects[0]!.message).toMatch(/unknown serialization type 7/);

    expect((await client.invoke(addr, createRequest(105))).code).toBe(0);
    expect(server.connections).toHaveLength(1);
  });

  it('closes a connection that announces a frame over maxFrameSize', async () => {
    const { addr, server } = await startServer({ maxFrameSize: 1024 });
    const errors: Array<Error | undefined> = [];
    server.on('disconnect', (_c, error) => errors.push(error));
    const peer = await rawPeer(addr);
    peer.socket.write(Buffer.from([0, 0, 0x10, 0])); // frameLength 4096
    await peer.closed;
    expect(errors[0]).toBeInstanceOf(FrameTooLargeError);
  });

  it('answers the good frames that precede a bad one in the same chunk', async () => {
    const { server, addr } = await startServer();
    server.registerProcessor(105, (request) => createResponse(request, 0));
    const peer = await rawPeer(addr);
    const bad = encodeFrame(createRequest(105));
    bad[4] = 7;
    peer.socket.write(Buffer.concat([encodeFrame(withOpaque(createRequest(105), 9)), bad]));
    expect(decodeFrame(await peer.nextFrame())).toMatchObject({ code: 0, opaque: 9 });
    await peer.closed;
  });
});

describe('requests from the server to a client', () => {
  it('sends a request over server.connections, answered by the client\'s onRequest', async () => {
    const { server, addr } = await startServer();
    server.registerProcessor(34, (request) => createResponse(request, 0));
    const opened: Connection[] = [];
    server.on('connection', (c) => opened.push(c));
    const client = newClient({
      onRequest: (request) => createResponse(request, 0, { body: `running info for ${request.extFields?.consumerGroup}` }),
    });
    await client.invoke(addr, createRequest(34)); // the heartbeat that opens the connection
    expect(server.connections).toEqual(opened);
    const [connection] = server.connections;
    expect(connection!.remoteAddress).toBe(client.connections[0]!.localAddress);

    const response = await connection!.invoke(createRequest(307, { extFields: { consumerGroup: 'G' } }), 1000);
    expect(response).toMatchObject({ code: 0, flag: 1, opaque: 0 });
    expect(response.body?.toString()).toBe('running info for G');
  });
});

describe('lifecycle', () => {
  it('listens on loopback by default, on an ephemeral port', async () => {
    const { server } = await startServer();
    expect(server.address).toMatchObject({ host: '127.0.0.1' });
    expect(server.address!.port).toBeGreaterThan(0);
  });

  it('close() destroys open connections, rejects the clients\' requests and stops accepting', async () => {
    const { server, addr } = await startServer();
    server.registerProcessor(11, () => new Promise<null>(() => {})); // a long poll that never answers
    const disconnects: Connection[] = [];
    server.on('disconnect', (c) => disconnects.push(c));
    const client = newClient();
    const pull = client.invoke(addr, createRequest(11), 5000).catch((e: unknown) => e);
    await new Promise<void>((resolve) => server.once('connection', () => resolve()));
    await server.close();
    expect(await pull).toBeInstanceOf(RemotingConnectionClosedError);
    expect(disconnects).toHaveLength(1);
    expect(server.connections).toEqual([]);
    expect(server.address).toBeNull();
    const refused = await newClient().invoke(addr, createRequest(105)).catch((e: unknown) => e);
    expect((refused as { reason?: string }).reason).toBe('connection refused');
  });
});
