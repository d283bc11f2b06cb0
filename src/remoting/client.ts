// The client side of the remoting protocol: one pooled connection per "host:port", as Java's
// NettyRemotingClient keeps one channel per address (framing.md §1).
//
// Process lifetime: pooled sockets are unref'd, so an idle pool never keeps a CLI process
// alive, even if close() is forgotten. What keeps the process alive is work: a connect attempt
// in progress (the socket is ref'd until it connects) and every request in flight (its timeout
// timer is ref'd). Requests pushed by a broker over an idle connection are still served as long
// as something else keeps the process running.

import { connect as netConnect, isIP, isIPv6, type NetConnectOpts, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { RemotingCommand } from './command.js';
import { Connection, formatAddress, type RequestHandler } from './connection.js';
import {
  RemotingConnectError,
  RemotingConnectionClosedError,
  RemotingTimeoutError,
  RemotingTlsError,
  type TlsHint,
} from './errors.js';
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
  /** Limit for establishing a connection, TLS handshake included. Default 3000 ms (Java's connectTimeoutMillis). */
  connectTimeoutMs?: number;
  /** Default request timeout, counted from the call, connect included. Default 5000 ms (mqadmin's). */
  requestTimeoutMs?: number;
  /** Largest frame accepted or sent, length prefix included. Default 16 MiB (framing.md §2). */
  maxFrameSize?: number;
  /** Requests the server pushes to us (framing.md §1); without it they are answered with code 3. */
  onRequest?: RequestHandler;
  /**
   * Speak TLS on every connection; plaintext when absent. The server's certificate is verified
   * against `ca` (else the system's CAs) and must name the host dialled: an IP address must be
   * among its IP SANs. No SNI for IP addresses, no ALPN (the remoting port needs neither).
   */
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
  private readonly tls: ClientTlsOptions | undefined;
  private readonly openSocket: (options: NetConnectOpts) => Socket;
  private readonly pool = new Map<string, PoolEntry>();
  private closed = false;

  constructor(options: RemotingClientOptions = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    this.maxFrameSize = options.maxFrameSize;
    this.onRequest = options.onRequest;
    this.rpcHook = options.rpcHook;
    this.tls = options.tls;
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
      if (err instanceof RemotingTimeoutError) {
        // A plaintext peer that never sent a byte may be a TLS server waiting for a ClientHello.
        const hint = !this.tls && connection.receivedBytes === 0 ? 'server-requires-tls' : err.hint;
        // Report the caller's timeout, not what was left of it after connecting.
        if (err.timeoutMs !== timeoutMs || hint !== err.hint) {
          throw new RemotingTimeoutError(connection.remoteAddress, err.requestCode, err.opaque, timeoutMs, { hint });
        }
      }
      if (err instanceof RemotingConnectionClosedError) throw this.explainClosed(err, connection);
      throw err;
    }
  }

  /**
   * What a connection closed before any answer says about TLS (auth.md §5.3): an enforcing TLS
   * server closes a plaintext connection at its first byte, and answers nothing a plaintext
   * client can read; a TLS 1.3 server that wants a client certificate refuses it only after the
   * client's handshake is done, with an alert that ends the connection.
   */
  private explainClosed(err: RemotingConnectionClosedError, connection: Connection): RemotingConnectionClosedError | RemotingTlsError {
    if (err.hint) return err;
    if (this.tls) {
      const cause = connection.error as NodeJS.ErrnoException | undefined;
      if (connection.receivedBytes > 0 || connection.closedLocally) return err;
      if (cause && /^ERR_SSL_/.test(cause.code ?? '')) {
        const { reason, hint } = describeTlsFailure(cause, connection.remoteAddress);
        return new RemotingTlsError(connection.remoteAddress, reason, hint, { cause });
      }
      if (cause) return err;
      // A server that verifies client certificates after the handshake (Node's) just closes.
      const what = this.tls.cert !== undefined ? 'may have refused our client certificate' : 'may require a client certificate';
      return new RemotingConnectionClosedError(connection.remoteAddress, err.requestCode, `closed by the peer right after the TLS handshake: the server ${what}`, {
        hint: 'client-certificate',
        cause: err,
      });
    }
    const head = connection.firstBytes;
    const tlsRecord = head.length >= 2 && (head[0] === 0x15 || head[0] === 0x16) && head[1] === 0x03;
    const silent = connection.receivedBytes === 0 && !connection.closedLocally;
    if (!silent && !tlsRecord) return err;
    const what = tlsRecord ? 'the peer answered with a TLS record' : 'closed by the peer before it sent anything';
    return new RemotingConnectionClosedError(connection.remoteAddress, err.requestCode, `${what}: the server may require TLS`, {
      hint: 'server-requires-tls',
      cause: err,
    });
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
    const tls = this.tls;
    const connected = new Promise<Connection>((resolve, reject) => {
      let settled = false;
      let secure: TLSSocket | undefined;
      const socket = this.openSocket({ host, port });
      const fail = (reason: string, cause?: unknown, hint?: TlsHint): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        secure?.destroy();
        socket.destroy();
        const options = cause === undefined ? undefined : { cause };
        reject(hint ? new RemotingTlsError(key, reason, hint, options) : new RemotingConnectError(key, reason, options));
      };
      // One limit for the TCP connect and the handshake, as Netty's connect timeout covers both.
      const timer = setTimeout(() => {
        if (secure) {
          fail(`TLS handshake did not complete within ${this.connectTimeoutMs} ms: the server may not speak TLS`, undefined, 'server-not-tls');
        } else {
          fail(`timed out after ${this.connectTimeoutMs} ms`);
        }
      }, this.connectTimeoutMs);
      abort = fail;
      socket.once('error', (err: NodeJS.ErrnoException) => fail(describeConnectError(err), err));
      const established = (stream: Socket): void => {
        settled = true;
        clearTimeout(timer);
        // See the header comment: in-flight work, not idle sockets, keeps the process alive.
        socket.unref();
        if (stream !== socket) stream.unref();
        resolve(new Connection(stream, { address: key, maxFrameSize: this.maxFrameSize, handler: this.onRequest }));
      };
      socket.once('connect', () => {
        if (settled) return;
        // Java sets TCP_NODELAY: requests are small and latency-bound.
        socket.setNoDelay(true);
        if (!tls) {
          established(socket);
          return;
        }
        // From here the TLS socket reports errors; the TCP socket must never throw one unheard.
        socket.on('error', () => {});
        secure = tlsConnect({
          socket,
          host,
          // SNI only for names: RFC 6066 forbids IP addresses there, and the server ignores it anyway.
          ...(isIP(host) === 0 ? { servername: host } : {}),
          ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
          ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
          ...(tls.key !== undefined ? { key: tls.key } : {}),
          rejectUnauthorized: tls.insecure !== true,
        });
        const handshaking = secure;
        handshaking.once('secureConnect', () => {
          if (!settled) established(handshaking);
        });
        handshaking.once('error', (err: NodeJS.ErrnoException) => {
          const { reason, hint } = describeTlsFailure(err, key);
          fail(reason, err, hint);
        });
        handshaking.once('close', () => fail('TLS handshake failed (connection closed by the peer): the server may not speak TLS', undefined, 'server-not-tls'));
      });
    });
    return { connected, abort };
  }
}

/** Certificate verification failures Node reports by OpenSSL's X509_V_ERR name (plus its host check). */
const CERTIFICATE_ERRORS = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Why a TLS handshake failed, in words, and what that likely means. OpenSSL's own messages are
 * long ("C0...:error:0A00010B:SSL routines:..."): its short `reason` is used instead.
 */
export function describeTlsFailure(err: NodeJS.ErrnoException & { reason?: string }, addr: string): { reason: string; hint: TlsHint } {
  const code = err.code ?? '';
  const detail = typeof err.reason === 'string' && err.reason !== '' ? err.reason : err.message;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    return { reason: `the server's certificate is not valid for ${addr} (${detail})`, hint: 'certificate-name' };
  }
  if (CERTIFICATE_ERRORS.has(code)) {
    return { reason: `the server's certificate cannot be verified (${detail}; ${code})`, hint: 'untrusted-certificate' };
  }
  if (/^ERR_SSL_.*ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|ACCESS_DENIED)$/.test(code)) {
    const what = /CERTIFICATE_REQUIRED$/.test(code) ? 'the server requires a client certificate' : 'the server refused our client certificate';
    return { reason: `${what} (${detail})`, hint: 'client-certificate' };
  }
  if (/^ERR_SSL_.*ALERT/.test(code)) {
    // The server speaks TLS but would not agree with us (protocol version, ciphers, ...).
    return { reason: `TLS handshake failed: the server refused it (${detail})`, hint: 'handshake' };
  }
  if (/^ERR_SSL_/.test(code)) {
    // Bytes that are not a TLS record: "wrong version number", "packet length too long", ...
    return { reason: `TLS handshake failed (${detail}): the server may not speak TLS`, hint: 'server-not-tls' };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /disconnected before secure TLS connection/.test(err.message)) {
    return { reason: 'TLS handshake failed (connection closed by the peer): the server may not speak TLS', hint: 'server-not-tls' };
  }
  return { reason: `TLS handshake failed (${detail})`, hint: 'handshake' };
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
