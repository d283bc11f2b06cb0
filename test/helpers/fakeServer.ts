// A scriptable fake remoting server for transport tests (in the manner of ioredis's
// test/helpers/mock_server.ts): raw `net` plus the codec, with switches that make it reply
// late, out of order, never, or drop the connection, and that push requests to the client.
// It deliberately shares no code with src/remoting/server.ts so it can check it.

import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { decodeFrame, encodeFrame, FrameDecoder } from '../../src/remoting/codec.js';
import { createResponse, FLAG_ONEWAY, FLAG_RESPONSE, type RemotingCommand } from '../../src/remoting/command.js';

export interface ReceivedRequest {
  cmd: RemotingCommand;
  /** The whole frame as it arrived, length prefix included. */
  raw: Buffer;
  socket: Socket;
}

/**
 * What the server does with each request from the client:
 * - `reply`: answer after `delayMs` with `respond(request)`;
 * - `hold`: keep it in `held` until `releaseHeld()`;
 * - `never`: ignore it;
 * - `close`: destroy the socket that sent it.
 * Oneway requests are never answered, whatever the mode.
 */
export type FakeMode = 'reply' | 'hold' | 'never' | 'close';

/** Default answer: SUCCESS echoing the request's extFields and body. */
export function echoResponse(request: RemotingCommand): RemotingCommand {
  return createResponse(request, 0, { extFields: request.extFields, body: request.body });
}

export class FakeServer {
  mode: FakeMode = 'reply';
  delayMs = 0;
  respond: (request: RemotingCommand) => RemotingCommand = echoResponse;

  /** TCP connections accepted so far. */
  accepted = 0;
  readonly received: ReceivedRequest[] = [];
  readonly held: ReceivedRequest[] = [];
  /** Responses the client sent to our pushed requests, in arrival order. */
  readonly responses: RemotingCommand[] = [];

  private readonly server: Server;
  private readonly live = new Set<Socket>();
  private readonly waiters: Array<() => void> = [];
  private readonly pushWaiters = new Map<number, (response: RemotingCommand) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextOpaque = 1000;

  private constructor(readonly host: string) {
    this.server = createServer((socket) => this.accept(socket));
  }

  static async start(host = '127.0.0.1'): Promise<FakeServer> {
    const fake = new FakeServer(host);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen({ host, port: 0 }, () => resolve());
    });
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** "host:port" as a client is given it. */
  get address(): string {
    return this.host.includes(':') ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  get sockets(): Socket[] {
    return [...this.live];
  }

  /** Resolves once at least `n` requests have arrived in total. */
  async waitForRequests(n: number, timeoutMs = 2000): Promise<ReceivedRequest[]> {
    await this.until(() => this.received.length >= n, timeoutMs, `${n} requests (got ${this.received.length})`);
    return this.received.slice(0, n);
  }

  /** Resolves once the server has seen `n` connections in total. */
  async waitForConnections(n: number, timeoutMs = 2000): Promise<void> {
    await this.until(() => this.accepted >= n, timeoutMs, `${n} connections (got ${this.accepted})`);
  }

  /** Answers held requests, in the given order of indexes into `held` (default: arrival order). */
  releaseHeld(order?: number[]): void {
    const items = order ? order.map((i) => this.held[i]!) : [...this.held];
    this.held.length = 0;
    for (const item of items) this.send(item.socket, this.respond(item.cmd));
  }

  /**
   * Sends a request to the client (as a broker does) on `socket` (default: the newest) with
   * `opaque` (default: the server's own counter from 1000) and resolves with its response.
   * Oneway requests resolve once written.
   */
  push(request: RemotingCommand, options: { opaque?: number; socket?: Socket } = {}): Promise<RemotingCommand | null> {
    const socket = options.socket ?? this.newestSocket();
    const opaque = options.opaque ?? this.nextOpaque++;
    const cmd = { ...request, opaque };
    if (cmd.flag & FLAG_ONEWAY) {
      return new Promise((resolve) => socket.write(encodeFrame(cmd), () => resolve(null)));
    }
    return new Promise((resolve) => {
      this.pushWaiters.set(opaque, resolve);
      socket.write(encodeFrame(cmd));
    });
  }

  /** Writes arbitrary bytes to the client. */
  writeRaw(bytes: Buffer, socket: Socket = this.newestSocket()): void {
    socket.write(bytes);
  }

  /** Drops every client connection (the server keeps listening). */
  dropConnections(): void {
    for (const socket of this.live) socket.destroy();
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------

  private newestSocket(): Socket {
    const sockets = this.sockets;
    const socket = sockets[sockets.length - 1];
    if (!socket) throw new Error('no client is connected to the fake server');
    return socket;
  }

  private accept(socket: Socket): void {
    this.accepted++;
    this.live.add(socket);
    socket.on('close', () => this.live.delete(socket));
    socket.on('error', () => {});
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      // Bytes that do not decode close the connection, as a Java server does (framing.md §2).
      let items: ReceivedRequest[];
      try {
        items = decoder.pushRaw(chunk).map((content) => {
          const raw = Buffer.allocUnsafe(4 + content.length);
          raw.writeInt32BE(content.length, 0);
          content.copy(raw, 4);
          return { cmd: decodeFrame(raw), raw, socket };
        });
      } catch {
        socket.destroy();
        return;
      }
      for (const item of items) this.onFrame(item);
    });
    this.notify();
  }

  private onFrame(item: ReceivedRequest): void {
    const { cmd, socket } = item;
    if (cmd.flag & FLAG_RESPONSE) {
      this.responses.push(cmd);
      const waiter = this.pushWaiters.get(cmd.opaque);
      this.pushWaiters.delete(cmd.opaque);
      waiter?.(cmd);
      this.notify();
      return;
    }
    this.received.push(item);
    this.notify();
    if (cmd.flag & FLAG_ONEWAY) return;
    switch (this.mode) {
      case 'reply':
        if (this.delayMs > 0) {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.send(socket, this.respond(cmd));
          }, this.delayMs);
          this.timers.add(timer);
        } else {
          this.send(socket, this.respond(cmd));
        }
        break;
      case 'hold':
        this.held.push(item);
        break;
      case 'close':
        socket.destroy();
        break;
      case 'never':
        break;
    }
  }

  private send(socket: Socket, response: RemotingCommand): void {
    if (!socket.destroyed) socket.write(encodeFrame(response));
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake server: timed out waiting for ${what}`)), timeoutMs);
      const check = (): void => {
        if (condition()) {
          clearTimeout(timer);
          resolve();
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }
}
