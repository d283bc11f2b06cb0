// The server side of the remoting protocol, for the embedded NameServer and broker.
//
// Dispatch follows Java's NettyRemotingAbstract.processRequestCommand (framing.md §9): a
// processor registered for the code, else the default handler, else code 3 with Java's remark.
// Every response carries the server's own version (framing.md §8) and the request's header
// type (framing.md §5). Bytes that do not decode close that one connection (framing.md §2).

import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { SERVER_DECODE_LIMITS } from './codec.js';
import { DEFAULT_VERSION, type RemotingCommand } from './command.js';
import { Connection, formatAddress, requestCodeNotSupported, type ReadBudget, type RequestHandler } from './connection.js';
import type { ServerRequestHook } from './hook.js';

/**
 * TLS on the port, as Java's TlsModeHandler (auth.md §5.2): the first byte of every connection
 * decides. 0x16 (a TLS handshake record) starts a handshake; anything else is served in
 * plaintext (`permissive`) or closed at once (`enforcing`).
 */
export interface ServerTlsOptions {
  /** PEM private key and certificate chain. */
  key: string | Buffer;
  cert: string | Buffer;
  /** PEM CA bundle that client certificates must chain to (with `requestCert`). */
  ca?: string | Buffer;
  mode: 'permissive' | 'enforcing';
  /** Require a client certificate signed by `ca` (Java's `tls.server.need.client.auth=require`). */
  requestCert?: boolean;
  /** A handshake not done by then is abandoned. Default 10 000 ms (Netty's SslHandler default). */
  handshakeTimeoutMs?: number;
}

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
  /**
   * TLS on this port. Absent: plaintext only, where a ClientHello is a bad frame (its first bytes
   * read as a length over the maximum) and closes the connection, as Java's `disabled` mode does.
   */
  tls?: ServerTlsOptions;
  /** A connection with nothing received or sent for this long is closed. Default 120 000 ms (Java's channel idle timeout); 0 = never. */
  idleTimeoutMs?: number;
  /** A connection that stops in the middle of a frame for this long is dropped. Default 15 000 ms; 0 = never. */
  stallTimeoutMs?: number;
  /**
   * Bytes of unfinished frames held for all connections together. The connection that would go
   * beyond is dropped. Default 256 MiB.
   */
  maxBufferedBytes?: number;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
export const DEFAULT_STALL_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BUFFERED_BYTES = 256 * 1024 * 1024;

/** The server's ReadBudget: the bytes each connection holds in unfinished frames, and their sum. */
class SharedReadBudget implements ReadBudget {
  private readonly held = new Map<Connection, number>();
  private total = 0;

  constructor(private readonly limit: number) {}

  get bytes(): number {
    return this.total;
  }

  hold(connection: Connection, bytes: number): boolean {
    const before = this.held.get(connection) ?? 0;
    if (bytes > before && this.total + bytes - before > this.limit) return false;
    this.total += bytes - before;
    if (bytes > 0) this.held.set(connection, bytes);
    else this.held.delete(connection);
    return true;
  }

  release(connection: Connection): void {
    this.total -= this.held.get(connection) ?? 0;
    this.held.delete(connection);
  }
}

export interface ServerAddress {
  host: string;
  port: number;
}

export interface RemotingServerEvents {
  connection: [connection: Connection];
  /** `error` is set when the connection died of something other than an orderly close (e.g. bad bytes). */
  disconnect: [connection: Connection, error: Error | undefined];
  /** A socket that never became a connection: plaintext refused by an enforcing server, a failed TLS handshake. */
  rejected: [remoteAddress: string, reason: string];
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
  /**
   * Accepted TCP sockets that are not plaintext connections: waiting for their first byte, or
   * carrying TLS (handshaking or established). close() destroys them and waits for their close.
   */
  private readonly rawSockets = new Set<Socket>();
  private readonly tls: ServerTlsOptions | undefined;
  /** Never listens: TLS sockets are handed to it (its documented 'connection' injection) to run the handshake. */
  private readonly tlsServer: TlsServer | undefined;
  private server: Server | undefined;
  private bound: ServerAddress | null = null;
  private readonly idleTimeoutMs: number;
  private readonly stallTimeoutMs: number;
  private readonly readBudget: SharedReadBudget;

  constructor(options: RemotingServerOptions = {}) {
    super();
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 0;
    this.maxFrameSize = options.maxFrameSize;
    this.version = options.version ?? DEFAULT_VERSION;
    this.defaultHandler = options.handler;
    this.beforeRequest = options.beforeRequest;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    this.readBudget = new SharedReadBudget(options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES);
    if (options.tls) {
      this.tls = options.tls;
      // Built once, so a bad key or certificate fails here rather than at the first client.
      this.tlsServer = this.createTlsServer(options.tls);
    }
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
    const raw = [...this.rawSockets];
    this.rawSockets.clear();
    const gone = raw.map((socket) => (socket.closed ? Promise.resolve() : new Promise<void>((r) => socket.once('close', () => r()))));
    for (const socket of raw) socket.destroy();
    await Promise.all([closing, ...connections.map((c) => c.whenClosed()), ...gone]);
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    if (this.tls && this.tlsServer) this.detect(socket, this.tls, this.tlsServer);
    else this.serve(socket);
  }

  /**
   * Java's TlsModeHandler: waits for the first chunk (at least one byte), puts it back, and
   * hands the socket to the TLS server on 0x16, else serves plaintext or closes (enforcing).
   */
  private detect(socket: Socket, tls: ServerTlsOptions, tlsServer: TlsServer): void {
    this.rawSockets.add(socket);
    // ECONNRESET and the like: 'close' follows, and whoever owns the socket by then reports it.
    socket.on('error', () => {});
    socket.once('close', () => this.rawSockets.delete(socket));
    socket.once('data', (chunk: Buffer) => {
      // Not flowing any more, and the chunk back in front: the next reader sees every byte
      // (a TLSSocket reads what is buffered in the socket it wraps first).
      socket.pause();
      socket.unshift(chunk);
      if (chunk[0] === 0x16) {
        tlsServer.emit('connection', socket);
        return;
      }
      if (tls.mode === 'enforcing') {
        this.emit('rejected', describePeer(socket), 'plaintext connection refused: this port requires TLS');
        socket.destroy();
        return;
      }
      this.rawSockets.delete(socket);
      this.serve(socket);
      socket.resume();
    });
  }

  private createTlsServer(tls: ServerTlsOptions): TlsServer {
    const requestCert = tls.requestCert === true;
    const server = createTlsServer({
      key: tls.key,
      cert: tls.cert,
      ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
      requestCert,
      // With requestCert, a client that sends no certificate fails the handshake with an alert
      // ("certificate required"), as a Java server that needs client auth. One that sends a
      // certificate that does not verify is closed by Node right after the handshake, silently.
      rejectUnauthorized: requestCert,
      handshakeTimeout: tls.handshakeTimeoutMs ?? 10_000,
    });
    server.on('secureConnection', (secure: TLSSocket) => this.serve(secure));
    server.on('tlsClientError', (err: NodeJS.ErrnoException & { reason?: string }, secure: TLSSocket) => {
      const reason =
        err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT'
          ? `TLS handshake not done within ${tls.handshakeTimeoutMs ?? 10_000} ms`
          : err.code === 'ECONNRESET'
            ? 'closed by the peer during the TLS handshake'
            : `TLS handshake failed: ${err.reason ?? err.message}`;
      this.emit('rejected', describePeer(secure), reason);
      secure.destroy();
    });
    return server;
  }

  /** Bytes of unfinished frames held for all connections now (never more than maxBufferedBytes). */
  get bufferedBytes(): number {
    return this.readBudget.bytes;
  }

  private serve(socket: Socket): void {
    const connection = new Connection(socket, {
      maxFrameSize: this.maxFrameSize,
      responseVersion: this.version,
      ...(this.idleTimeoutMs > 0 ? { idleTimeoutMs: this.idleTimeoutMs } : {}),
      ...(this.stallTimeoutMs > 0 ? { stallTimeoutMs: this.stallTimeoutMs } : {}),
      readBudget: this.readBudget,
      decodeLimits: SERVER_DECODE_LIMITS,
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

function describePeer(socket: Socket): string {
  const { remoteAddress, remotePort } = socket;
  return remoteAddress !== undefined && remotePort !== undefined ? formatAddress(remoteAddress, remotePort) : 'unknown';
}
