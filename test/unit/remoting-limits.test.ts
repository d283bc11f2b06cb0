// What one connection may cost a server: idle connections are closed (Java's 120 s channel idle
// timeout), a frame that stops half-way is dropped, and the bytes of unfinished frames held for
// all connections together are bounded (a connection over the bound stops being read). Meanwhile
// other clients are served.

import { connect as netConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest, createResponse } from '../../src/remoting/command.js';
import { encodeFrame } from '../../src/remoting/codec.js';
import { RemotingServer, type RemotingServerOptions } from '../../src/remoting/server.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(options: RemotingServerOptions): Promise<{ server: RemotingServer; addr: string; port: number }> {
  const s = new RemotingServer(options);
  s.registerProcessor(105, (req) => createResponse(req, 0, { body: 'pong' }));
  const { port } = await s.listen();
  cleanups.push(() => s.close());
  return { server: s, addr: `127.0.0.1:${port}`, port };
}

function raw(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.on('error', reject);
    cleanups.push(() => void socket.destroy());
  });
}

const closedWithin = (socket: Socket, ms: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('idle connections', () => {
  it('a connection with no traffic is closed after the idle timeout; one in use stays', async () => {
    const { server: s, port, addr } = await server({ idleTimeoutMs: 300 });
    const reasons: string[] = [];
    s.on('disconnect', (_c, err) => reasons.push(err?.message ?? 'none'));
    const idle = await raw(port);
    const client = new RemotingClient();
    cleanups.push(() => client.close());
    const idleClosed = closedWithin(idle, 2000);
    // The client asks every 100 ms for 900 ms: never idle for 300 ms.
    for (let i = 0; i < 9; i++) {
      expect((await client.invoke(addr, createRequest(105), 1000)).body?.toString()).toBe('pong');
      await sleep(100);
    }
    const after = await idleClosed;
    expect(after).toBeGreaterThanOrEqual(250);
    expect(client.connections).toHaveLength(1);
    expect(reasons.some((r) => /idle for 300 ms; disconnected/.test(r))).toBe(true);
  });
});

describe('frames that stop half-way', () => {
  it('is dropped after the stall timeout; others are served meanwhile, and its bytes are released', async () => {
    const { server: s, port, addr } = await server({ stallTimeoutMs: 300, idleTimeoutMs: 0 });
    const reasons: string[] = [];
    s.on('disconnect', (_c, err) => reasons.push(err?.message ?? 'none'));
    const stalled = await raw(port);
    const head = Buffer.alloc(14);
    head.writeInt32BE(1000, 0); // announces 1,000 bytes, sends 10
    stalled.write(head);
    const dropped = closedWithin(stalled, 2000);
    const client = new RemotingClient();
    cleanups.push(() => client.close());
    await sleep(50);
    expect(s.bufferedBytes).toBe(14);
    expect((await client.invoke(addr, createRequest(105), 1000)).body?.toString()).toBe('pong');
    expect(await dropped).toBeGreaterThanOrEqual(250);
    await sleep(50);
    expect(reasons).toContainEqual(expect.stringMatching(/stopped in the middle of a frame \(14 bytes, nothing more for 300 ms\); disconnected/));
    expect(s.bufferedBytes).toBe(0);
  });

  it('a slow sender that keeps making progress is not dropped', async () => {
    const { port } = await server({ stallTimeoutMs: 300, idleTimeoutMs: 0 });
    const socket = await raw(port);
    const frame = encodeFrame(createRequest(105, { body: Buffer.alloc(40, 1) }));
    const answered = new Promise<Buffer>((resolve) => socket.once('data', resolve));
    for (let i = 0; i < frame.length; i += 10) {
      socket.write(frame.subarray(i, i + 10));
      await sleep(100); // 100 ms between pieces, under the 300 ms stall limit, 700+ ms in all
    }
    expect((await answered).length).toBeGreaterThan(8);
    expect(socket.destroyed).toBe(false);
  });
});

describe('memory held for unfinished frames', () => {
  it('stays bounded over many connections announcing large frames, and comes back when they go', async () => {
    const limit = 1024 * 1024;
    const { server: s, addr, port } = await server({ maxBufferedBytes: limit, stallTimeoutMs: 0, idleTimeoutMs: 0 });
    const sockets: Socket[] = [];
    const piece = Buffer.alloc(64 * 1024, 7);
    for (let i = 0; i < 12; i++) {
      const socket = await raw(port);
      const head = Buffer.alloc(4);
      head.writeInt32BE(16 * 1024 * 1024 - 8, 0); // a frame of almost 16 MiB that never completes
      socket.write(head);
      for (let k = 0; k < 8; k++) socket.write(piece); // 512 KiB each, 6 MiB offered in all
      sockets.push(socket);
    }
    const reasons: string[] = [];
    s.on('disconnect', (_c, err) => reasons.push(err?.message ?? 'none'));
    await sleep(500);
    // Never over the bound: the connections that would take it over were dropped.
    expect(s.bufferedBytes).toBeLessThanOrEqual(limit);
    expect(s.bufferedBytes).toBeGreaterThan(limit / 2);
    expect(reasons.some((r) => /too many bytes of unfinished frames/.test(r))).toBe(true);
    // A client with whole frames is still answered.
    const client = new RemotingClient();
    cleanups.push(() => client.close());
    expect((await client.invoke(addr, createRequest(105), 1000)).body?.toString()).toBe('pong');
    for (const socket of sockets) socket.destroy();
    await sleep(200);
    expect(s.bufferedBytes).toBe(0);
  });
});

describe('headers that would cost too much', () => {
  function frameWithHeader(header: string): Buffer {
    const h = Buffer.from(header, 'utf8');
    const out = Buffer.alloc(8 + h.length);
    out.writeInt32BE(4 + h.length, 0);
    out.writeUInt32BE(h.length, 4); // JSON
    h.copy(out, 8);
    return out;
  }
  const manyFields = (n: number): string => {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(`"k${i}":"v"`);
    return `{"code":105,"flag":0,"language":"JAVA","opaque":1,"version":479,"extFields":{${parts.join(',')}}}`;
  };

  it('a header over 256 KiB, or with more than 512 fields, closes that connection; another client is served meanwhile', async () => {
    const { server: s, addr, port } = await server({ idleTimeoutMs: 0 });
    const reasons: string[] = [];
    s.on('disconnect', (_c, err) => reasons.push(err?.message ?? 'none'));
    const client = new RemotingClient();
    cleanups.push(() => client.close());
    await client.invoke(addr, createRequest(105), 1000);

    const attackers: Array<Promise<number>> = [];
    for (const header of [manyFields(300_000), manyFields(20_000), manyFields(300_000), manyFields(20_000)]) {
      const socket = await raw(port);
      attackers.push(closedWithin(socket, 5000));
      socket.write(frameWithHeader(header));
    }
    // Meanwhile: the other client's requests are answered at once.
    let slowest = 0;
    for (let i = 0; i < 20; i++) {
      const started = Date.now();
      expect((await client.invoke(addr, createRequest(105), 2000)).body?.toString()).toBe('pong');
      slowest = Math.max(slowest, Date.now() - started);
    }
    await Promise.all(attackers);
    expect(slowest).toBeLessThan(1000);
    await sleep(50);
    expect(reasons).toContainEqual(expect.stringMatching(/header of \d+ bytes exceeds the limit of 262144/));
    expect(reasons).toContainEqual(expect.stringMatching(/header has more than 512 ext fields/));
    // A header at the limits is fine.
    const ok = await raw(port);
    const answer = new Promise<Buffer>((resolve) => ok.once('data', resolve));
    ok.write(frameWithHeader(manyFields(512)));
    expect((await answer).length).toBeGreaterThan(8);
  });
});
