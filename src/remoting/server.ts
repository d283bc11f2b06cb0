// The server side of the remoting protocol, for the embedded NameServer and broker.
//
// Dispatch follows Java's NettyRemotingAbstract.processRequestCommand (framing.md §9): a
// processor registered for the code, else the default handler, else code 3 with Java's remark.
// Every response carries the server's own version (framing.md §8) and the request's header
// type (framing.md §5). Bytes that do not decode close that one connection (framing.md §2).

import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { DEFAULT_VERSION, type RemotingCommand } from './command.js';
import { Connection, requestCodeNotSupported, type RequestHandler } from './connection.js';
import type { ServerRequestHook } from './hook.js';

export interface RemotingServerOptions {
  /** Interface to listen on. Default loopback: the server is never reachable from elsewhere unless asked. */
  host?: string;
  /** Default 0: an ephemeral port, read it from `listen()`'s result. */
  port?: number;
  /** Largest frame accepted or sent, length prefix included. Default 16 MiB (framing.md §2). */
  maxFrameSize?: number;
  /** `MQVersion` ordinal written into every response. Default 479 (V5_3_3). */
  version?: number;
  /** Handles codes without a registered processor; returning null sends no reply. */
  handler?: RequestHandler;
  /** Runs before dispatch; a command it returns is sent instead (access checks, auth.md §1.1). */
  beforeRequest?: ServerRequestHook;
}

export interface ServerAddress {
  host: string;
  port: number;
}

export interface RemotingServerEvents {
  connection: [connection: Connection];
  /** `error` is set when the connection died of something other than an orderly close (e.g. bad bytes). */
  disconnect: [connection: Connection, error: Error | undefined];
}

export class RemotingServer extends EventEmitter<RemotingServerEvents> {
  private readonly host: string;
  private readonly port: number;
  private readonly maxFrameSize: number | undefined;
  private readonly version: number;
  private defaultHandler: RequestHandler | undefined;
  private beforeRequest: ServerRequestHook | undefined;
  private readonly processors = new Map<number, RequestHandler>();
  private readonly live = new Set<Connection>();
  private server: Server | undefined;
  private bound: ServerAddress | null = null;

  constructor(options: RemotingServerOptions = {}) {
    super();
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 0;
    this.maxFrameSize = options.maxFrameSize;
    this.version = options.version ?? DEFAULT_VERSION;
    this.defaultHandler = options.handler;
    this.beforeRequest = options.beforeRequest;
  }

  /** Routes requests with `code` to `processor`; replaces an earlier registration. */
  registerProcessor(code: number, processor: RequestHandler): this {
    this.processors.set(code, processor);
    return this;
  }

  setDefaultHandler(handler: RequestHandler | undefined): this {
    this.defaultHandler = handler;
    return this;
  }

  /** Installs (or removes) the hook run before every request is dispatched. */
  setBeforeRequest(hook: ServerRequestHook | undefined): this {
    this.beforeRequest = hook;
    return this;
  }

  /** Starts accepting connections on the configured host only. */
  listen(): Promise<ServerAddress> {
    if (this.server) return Promise.reject(new Error('the server is already listening'));
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise<ServerAddress>((resolve, reject) => {
      const onError = (err: Error): void => {
        this.server = undefined;
        reject(err);
      };
      server.once('error', onError);
      server.listen({ host: this.host, port: this.port }, () => {
        server.off('error', onError);
        const info = server.address() as AddressInfo;
        this.bound = { host: info.address, port: info.port };
        resolve(this.bound);
      });
    });
  }

  /** Where the server listens, once `listen()` resolved; null before and after. */
  get address(): ServerAddress | null {
    return this.bound;
  }

  /** The accepted connections still open; `invoke` on one sends a request to that client (framing.md §1). */
  get connections(): Connection[] {
    return [...this.live];
  }

  /** Stops accepting, destroys every open connection, resolves once the listener is closed. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.bound = null;
    const closing = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    const connections = [...this.live];
    for (const connection of connections) connection.destroy();
    await Promise.all([closing, ...connections.map((c) => c.whenClosed())]);
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const connection = new Connection(socket, {
      maxFrameSize: this.maxFrameSize,
      responseVersion: this.version,
      handler: (request, conn) => this.dispatch(request, conn),
    });
    this.live.add(connection);
    connection.once('close', (error) => {
      this.live.delete(connection);
      this.emit('disconnect', connection, error);
    });
    this.emit('connection', connection);
  }

  private dispatch(request: RemotingCommand, connection: Connection): ReturnType<RequestHandler> {
    const hook = this.beforeRequest;
    if (hook) {
      const refusal = hook(request, connection);
      if (refusal instanceof Promise) {
        return refusal.then((r) => r ?? this.process(request, connection));
      }
      if (refusal) return refusal;
    }
    return this.process(request, connection);
  }

  private process(request: RemotingCommand, connection: Connection): ReturnType<RequestHandler> {
    const processor = this.processors.get(request.code) ?? this.defaultHandler;
    if (processor) return processor(request, connection);
    return requestCodeNotSupported(request, this.version);
  }
}
