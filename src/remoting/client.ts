// The client side of the remoting protocol: one pooled connection per "host:port", as Java's
// NettyRemotingClient keeps one channel per address (framing.md §1).
//
// Process lifetime: pooled sockets are unref'd, so an idle pool never keeps a CLI process
// alive, even if close() is forgotten. What keeps the process alive is work: a connect attempt
// in progress (the socket is ref'd until it connects) and every request in flight (its timeout
// timer is ref'd). Requests pushed by a broker over an idle connection are still served as long
// as something else keeps the process running.

import { connect as netConnect, isIPv6, type NetConnectOpts, type Socket } from 'node:net';
import type { RemotingCommand } from './command.js';
import { Connection, formatAddress, type RequestHandler } from './connection.js';
import { RemotingConnectError, RemotingTimeoutError } from './errors.js';
import type { RpcHook } from './hook.js';

/** TLS for every connection of a client, as the Java client's `tls.enable=true` (auth.md §5). */
export interface ClientTlsOptions {
  /** PEM CA bundle to trust; the system's CAs otherwise. */
  ca?: string | Buffer;
  /** PEM client certificate and key, for servers that require one. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Skip verification of the server's certificate (test-mode servers, self-signed certificates). */
  insecure?: boolean;
}

export interface RemotingClientOptions {
  /** Limit for establishing a TCP connection. Default 3000 ms (Java's connectTimeoutMillis). */
  connectTimeoutMs?: number;
  /** Default request timeout, counted from the call, connect included. Default 5000 ms (mqadmin's). */
  requestTimeoutMs?: number;
  /** Largest frame accepted or sent, length prefix included. Default 16 MiB (framing.md §2). */
  maxFrameSize?: number;
  /** Requests the server pushes to us (framing.md §1); without it they are answered with code 3. */
  onRequest?: RequestHandler;
  /** Speak TLS on every connection; plaintext when absent. */
  tls?: ClientTlsOptions;
  /** Runs on every request sent, before it is encoded (request signing). */
  rpcHook?: RpcHook;
  /** Opens the socket. Replaceable so tests can simulate a peer that never answers the SYN. */
  connect?: (options: NetConnectOpts) => Socket;
}

export interface ParsedAddress {
  host: string;
  port: number;
}

/**
 * Parses "host:port", "[v6]:port" or, as Java's `string2SocketAddress` does by splitting at the
 * last colon, an unbracketed IPv6 "v6:port". Throws RemotingConnectError: a bad address is a
 * reason we cannot connect, and reported as such.
 */
export function parseAddress(addr: string): ParsedAddress {
  const text = addr.trim();
  let host: string;
  let portText: string;
  const bracketed = /^\[([^\]]*)\]:([^:]*)$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2]!;
    if (!isIPv6(host)) throw new RemotingConnectError(addr, `invalid address: "${host}" is not an IPv6 address`);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) throw new RemotingConnectError(addr, 'invalid address: expected host:port');
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (host.includes(':') && !isIPv6(host)) throw new RemotingConnectError(addr, `invalid address: "${host}" is not a host name or IP address`);
  }
  if (host === '') throw new RemotingConnectError(addr, 'invalid address: empty host');
  if (!/^\d{1,5}$/.test(portText)) throw new RemotingConnectError(addr, `invalid address: port "${portText}" is not a number`);
  const port = Number(portText);
  if (port < 1 || port > 65535) throw new RemotingConnectError(addr, `invalid address: port ${port} is out of range 1-65535`);
  return { host, port };
}

interface PoolEntry {
  /** Shared by every caller that asks for this address while the connect is in progress. */
  ready: Promise<Connection>;
  connection?: Connection;
  /** Abandons a connect in progress (client closing). */
  abort?: (reason: string) => void;
}

export class RemotingClient {
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly maxFrameSize: number | undefined;
  private readonly onRequest: RequestHandler | undefined;
  private readonly rpcHook: RpcHook | undefined;
  private readonly openSocket: (options: NetConnectOpts) => Socket;
  private readonly pool = new Map<string, PoolEntry>();
  private closed = false;

  constructor(options: RemotingClientOptions = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    this.maxFrameSize = options.maxFrameSize;
    this.onRequest = options.onRequest;
    this.rpcHook = options.rpcHook;
    this.openSocket = options.connect ?? netConnect;
  }

  /**
   * Sends `request` to `addr` and resolves with the response. `timeoutMs` covers connecting and
   * the round trip, as Java's invokeSync subtracts the connect time from the request timeout.
   */
  async invoke(addr: string, request: RemotingCommand, timeoutMs: number = this.requestTimeoutMs): Promise<RemotingCommand> {
    const started = Date.now();
    const connection = await this.getConnection(addr);
    this.rpcHook?.beforeRequest(connection.remoteAddress, request);
    const left = timeoutMs - (Date.now() - started);
    // Never sent, hence no opaque yet: -1.
    if (left <= 0) throw new RemotingTimeoutError(connection.remoteAddress, request.code, -1, timeoutMs);
    try {
      return await connection.invoke(request, left);
    } catch (err) {
      // Report the caller's timeout, not what was left of it after connecting.
      if (err instanceof RemotingTimeoutError && err.timeoutMs !== timeoutMs) {
        throw new RemotingTimeoutError(connection.remoteAddress, err.requestCode, err.opaque, timeoutMs);
      }
      throw err;
    }
  }

  /** Sends a oneway request (framing.md §6); resolves once written. */
  async invokeOneway(addr: string, request: RemotingCommand): Promise<void> {
    const connection = await this.getConnection(addr);
    this.rpcHook?.beforeRequest(connection.remoteAddress, request);
    await connection.invokeOneway(request);
  }

  /**
   * The pooled connection to `addr`, connecting if there is none. Concurrent callers share one
   * connect attempt; a failed attempt is forgotten so the next call tries again.
   */
  getConnection(addr: string): Promise<Connection> {
    let parsed: ParsedAddress;
    try {
      if (this.closed) throw new RemotingConnectError(addr, 'the client is closed');
      parsed = parseAddress(addr);
    } catch (err) {
      return Promise.reject(err);
    }
    const key = formatAddress(parsed.host, parsed.port);
    const existing = this.pool.get(key);
    if (existing && !existing.connection?.closed) return existing.ready;

    const attempt = this.connect(key, parsed);
    const entry: PoolEntry = {
      abort: attempt.abort,
      ready: attempt.connected.then(
        (connection) => {
          entry.abort = undefined;
          if (this.closed) {
            // close() ran between the TCP connect and here.
            connection.destroy();
            throw new RemotingConnectError(key, 'the client was closed while connecting');
          }
          entry.connection = connection;
          connection.once('close', () => {
            if (this.pool.get(key) === entry) this.pool.delete(key);
          });
          return connection;
        },
        (err: unknown) => {
          if (this.pool.get(key) === entry) this.pool.delete(key);
          throw err;
        },
      ),
    };
    this.pool.set(key, entry);
    return entry.ready;
  }

  /** The live pooled connections. */
  get connections(): Connection[] {
    const out: Connection[] = [];
    for (const entry of this.pool.values()) {
      if (entry.connection && !entry.connection.closed) out.push(entry.connection);
    }
    return out;
  }

  /**
   * Closes every connection and abandons connects in progress. Everything in flight is rejected
   * at once; the client cannot be used afterwards.
   */
  async close(): Promise<void> {
    this.closed = true;
    const entries = [...this.pool.values()];
    this.pool.clear();
    const closing: Array<Promise<void>> = [];
    for (const entry of entries) {
      if (entry.connection) closing.push(entry.connection.close());
      else entry.abort?.('the client was closed while connecting');
    }
    await Promise.all(closing);
  }

  private connect(key: string, { host, port }: ParsedAddress): { connected: Promise<Connection>; abort: (reason: string) => void } {
    let abort: (reason: string) => void = () => {};
    const connected = new Promise<Connection>((resolve, reject) => {
      let settled = false;
      const socket = this.openSocket({ host, port });
      const fail = (reason: string, cause?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        reject(new RemotingConnectError(key, reason, cause === undefined ? undefined : { cause }));
      };
      const timer = setTimeout(() => fail(`timed out after ${this.connectTimeoutMs} ms`), this.connectTimeoutMs);
      abort = fail;
      socket.once('error', (err: NodeJS.ErrnoException) => fail(describeConnectError(err), err));
      socket.once('connect', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // Java sets TCP_NODELAY: requests are small and latency-bound.
        socket.setNoDelay(true);
        // See the header comment: in-flight work, not idle sockets, keeps the process alive.
        socket.unref();
        resolve(new Connection(socket, { address: key, maxFrameSize: this.maxFrameSize, handler: this.onRequest }));
      });
    });
    return { connected, abort };
  }
}

function describeConnectError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${err.code})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host unreachable (${err.code})`;
    case 'ETIMEDOUT':
      return 'timed out (ETIMEDOUT)';
    case 'ECONNRESET':
      return 'connection reset';
    default:
      return err.message;
  }
}
