// One remoting connection: a TCP socket carrying concurrent requests in both directions
// (framing.md §1). Used by the client pool and by the server for every accepted socket.
//
// Correlation (framing.md §6): we number our own requests with a per-connection opaque and
// match frames that carry the response bit against them; frames without the response bit are
// new requests from the peer, answered with the peer's opaque. The peer's numbers and ours are
// independent and may collide, which is why the response bit, not the opaque, decides the
// direction.

import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { DEFAULT_MAX_FRAME_SIZE, decodeFrameContent, encodeFrame, FrameDecoder, type DecodeLimits } from './codec.js';
import {
  DEFAULT_LANGUAGE,
  DEFAULT_VERSION,
  FLAG_ONEWAY,
  FLAG_RESPONSE,
  isOneway,
  isResponse,
  type RemotingCommand,
} from './command.js';
import {
  FrameTooLargeError,
  RemotingConnectionClosedError,
  RemotingError,
  RemotingTimeoutError,
} from './errors.js';

/** Response codes this layer produces itself (codes.md; framing.md §9). */
export const SYSTEM_ERROR = 1;
export const REQUEST_CODE_NOT_SUPPORTED = 3;

/**
 * Answers a request from the peer. Returning a command sends it back as the response (opaque,
 * response flag and serialization type are fixed up here); returning null/undefined sends
 * nothing, which is how Java's 4.9.8 NameServer treats unknown codes (framing.md §9).
 */
export type RequestHandler = (
  request: RemotingCommand,
  connection: Connection,
) => RemotingCommand | null | undefined | Promise<RemotingCommand | null | undefined>;

export interface ConnectionOptions {
  /** Largest frame accepted or sent, length prefix included. Default 16 MiB as Java (framing.md §2). */
  maxFrameSize?: number;
  /** Requests from the peer. Without one, every two-way request is answered with code 3. */
  handler?: RequestHandler;
  /** When set, written into every response this connection sends (a server's own version, framing.md §8). */
  responseVersion?: number;
  /** Name used in errors and `remoteAddress`; defaults to the socket's "ip:port". */
  address?: string;
  /**
   * Bytes queued in the socket but not yet handed to the kernel beyond which we stop queueing:
   * new requests are rejected, and a peer that sends requests without reading our responses is
   * disconnected. Default 64 MiB (four maximum-size frames).
   */
  maxWriteBufferBytes?: number;
  /** First opaque to assign; 0 as in Java. Only useful to exercise the wrap-around. */
  initialOpaque?: number;
  /** How long `close()` waits for queued bytes to flush before destroying the socket. Default 1000 ms. */
  closeTimeoutMs?: number;
  /**
   * Close the connection after this long with nothing received or sent (Java's channel idle
   * timeout: 120 s on servers). Off when absent.
   */
  idleTimeoutMs?: number;
  /** Drop the connection when a frame has begun to arrive and no byte came for this long. Off when absent. */
  stallTimeoutMs?: number;
  /** Shared bound on the bytes of unfinished frames held for all the connections of a server. */
  readBudget?: ReadBudget;
  /** Bounds on each received header (a frame over them closes the connection as bad bytes do). */
  decodeLimits?: DecodeLimits;
}

/**
 * Bytes of frames not yet complete, counted over many connections: the connection that would
 * take the sum over the budget is dropped (load shed, as a peer that stalls would otherwise hold
 * its bytes until the stall timeout).
 */
export interface ReadBudget {
  /** The connection now holds `bytes` of unfinished frames; false when that is over the budget. */
  hold(connection: Connection, bytes: number): boolean;
  /** The connection holds nothing any more (closed). */
  release(connection: Connection): void;
}

export interface ConnectionEvents {
  /** The socket is gone. `error` says why when it was not an orderly close. */
  close: [error: Error | undefined];
  /** A response whose opaque matches nothing in flight: it came after its timeout (framing.md §6). */
  unmatchedResponse: [response: RemotingCommand];
  /** A handler threw or rejected; for a two-way request the peer also got code 1. */
  handlerError: [error: unknown, request: RemotingCommand];
}

interface Pending {
  code: number;
  opaque: number;
  resolve: (response: RemotingCommand) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Java's opaque counter is an int; we wrap to 0 after 2^31 - 1 so opaques stay non-negative (framing.md §6). */
const OPAQUE_MODULUS = 0x80000000;
/** setTimeout fires immediately for delays above this; clamp instead. */
const MAX_TIMER_MS = 0x7fffffff;
const DEFAULT_MAX_WRITE_BUFFER = 64 * 1024 * 1024;

/** The remark Java sends with code 3, leading space included (framing.md §9). */
export function requestCodeNotSupported(request: RemotingCommand, version: number = DEFAULT_VERSION): RemotingCommand {
  return responseTo(request, REQUEST_CODE_NOT_SUPPORTED, ` request type ${request.code} not supported`, version);
}

function responseTo(request: RemotingCommand, code: number, remark: string, version: number): RemotingCommand {
  return {
    code,
    language: DEFAULT_LANGUAGE,
    version,
    opaque: request.opaque,
    flag: FLAG_RESPONSE,
    remark,
    extFields: null,
    body: null,
    serializeType: request.serializeType,
  };
}

/** "ip:port", IPv6 in brackets so the string parses back as an address. */
export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export class Connection extends EventEmitter<ConnectionEvents> {
  readonly remoteAddress: string;
  private readonly socket: Socket;
  private readonly decoder: FrameDecoder;
  private readonly maxFrameSize: number;
  private readonly maxWriteBufferBytes: number;
  private readonly responseVersion: number | undefined;
  private readonly closeTimeoutMs: number;
  private handler: RequestHandler | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextOpaque: number;
  /** Set once we stop accepting work (close()/destroy() called or the socket closed). */
  private closing = false;
  private closedFlag = false;
  private closeError: Error | undefined;
  /** close() or destroy() was called: the close was ours, not the peer's. */
  private closedHere = false;
  private bytesIn = 0;
  private lastActivity = Date.now();
  private activityTimer: NodeJS.Timeout | undefined;
  private readonly idleTimeoutMs: number | undefined;
  private readonly stallTimeoutMs: number | undefined;
  private readonly readBudget: ReadBudget | undefined;
  private readonly decodeLimits: DecodeLimits | undefined;
  /** The first bytes received (at most 3), to recognise a TLS record sent to a plaintext peer. */
  private head = Buffer.alloc(0);
  private readonly closedPromise: Promise<void>;

  /** `socket` must already be connected. */
  constructor(socket: Socket, options: ConnectionOptions = {}) {
    super();
    this.socket = socket;
    this.maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    this.maxWriteBufferBytes = options.maxWriteBufferBytes ?? DEFAULT_MAX_WRITE_BUFFER;
    this.responseVersion = options.responseVersion;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 1000;
    this.handler = options.handler;
    this.nextOpaque = (options.initialOpaque ?? 0) % OPAQUE_MODULUS;
    this.idleTimeoutMs = options.idleTimeoutMs;
    this.stallTimeoutMs = options.stallTimeoutMs;
    this.readBudget = options.readBudget;
    this.decodeLimits = options.decodeLimits;
    this.decoder = new FrameDecoder(this.maxFrameSize);
    this.remoteAddress =
      options.address ??
      (socket.remoteAddress !== undefined && socket.remotePort !== undefined
        ? formatAddress(socket.remoteAddress, socket.remotePort)
        : 'unknown');

    this.closedPromise = new Promise((resolve) => {
      const onClose = (): void => {
        this.closedFlag = true;
        this.closing = true;
        if (this.activityTimer) clearTimeout(this.activityTimer);
        this.readBudget?.release(this);
        // close() and destroy() already rejected with their own reason; what is left was cut off by the peer.
        this.rejectAll(this.closeError?.message ?? 'closed by the peer');
        this.emit('close', this.closeError);
        resolve();
      };
      // A socket reset between accept and here has already closed: report it asynchronously, as
      // 'close' would have been, so callers can still attach listeners.
      if (socket.closed) queueMicrotask(onClose);
      else socket.once('close', onClose);
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.armActivityTimer();
    socket.on('error', (err) => {
      // 'close' follows; remember why so pending callers and listeners learn the cause.
      this.closeError ??= err;
    });
    if (socket.destroyed) this.closing = true;
  }

  /** True once the connection accepts no more requests. */
  get closed(): boolean {
    return this.closing;
  }

  /** Requests of ours still waiting for a response. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Bytes received from the peer so far (decrypted bytes on a TLS socket). */
  get receivedBytes(): number {
    return this.bytesIn;
  }

  /** The first bytes the peer sent, at most 3. */
  get firstBytes(): Buffer {
    return this.head;
  }

  /** Whether this side closed (or destroyed) the connection, as opposed to the peer or the network. */
  get closedLocally(): boolean {
    return this.closedHere;
  }

  /** The socket error the connection died of, if it did (e.g. a TLS alert, ECONNRESET, bad bytes). */
  get error(): Error | undefined {
    return this.closeError;
  }

  get localAddress(): string {
    const { localAddress, localPort } = this.socket;
    return localAddress !== undefined && localPort !== undefined ? formatAddress(localAddress, localPort) : 'unknown';
  }

  /** Replaces the handler for requests from the peer. */
  setHandler(handler: RequestHandler | undefined): void {
    this.handler = handler;
  }

  /**
   * Sends a two-way request and resolves with the peer's response. The caller's object is not
   * modified: a copy gets the next opaque, and both flag bits cleared (framing.md §6). The
   * timeout counts from this call; a response arriving later is dropped.
   */
  invoke(request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    if (this.closing) return Promise.reject(this.closedError(request.code));
    if (!(timeoutMs >= 0)) return Promise.reject(new RangeError(`invalid timeout ${timeoutMs}`));
    const opaque = this.allocateOpaque();
    const cmd: RemotingCommand = { ...request, opaque, flag: request.flag & ~(FLAG_RESPONSE | FLAG_ONEWAY) };
    let frame: Buffer;
    try {
      frame = this.encodeOutgoing(cmd);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<RemotingCommand>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending.get(opaque) !== entry) return;
        this.pending.delete(opaque);
        reject(new RemotingTimeoutError(this.remoteAddress, cmd.code, opaque, timeoutMs));
      }, Math.min(timeoutMs, MAX_TIMER_MS));
      const entry: Pending = { code: cmd.code, opaque, resolve, reject, timer };
      this.pending.set(opaque, entry);
      this.lastActivity = Date.now();
      this.socket.write(frame, (err) => {
        if (!err || this.pending.get(opaque) !== entry) return;
        clearTimeout(timer);
        this.pending.delete(opaque);
        reject(new RemotingConnectionClosedError(this.remoteAddress, cmd.code, `write failed: ${err.message}`));
      });
    });
  }

  /**
   * Sends a oneway request (flag bit 1, never answered: framing.md §6). Resolves once the bytes
   * are handed to the kernel, so a burst of oneway sends is paced by the socket.
   */
  invokeOneway(request: RemotingCommand): Promise<void> {
    if (this.closing) return Promise.reject(this.closedError(request.code));
    const cmd: RemotingCommand = {
      ...request,
      opaque: this.allocateOpaque(),
      flag: (request.flag & ~FLAG_RESPONSE) | FLAG_ONEWAY,
    };
    let frame: Buffer;
    try {
      frame = this.encodeOutgoing(cmd);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<void>((resolve, reject) => {
      this.lastActivity = Date.now();
      this.socket.write(frame, (err) => {
        if (err) reject(new RemotingConnectionClosedError(this.remoteAddress, cmd.code, `write failed: ${err.message}`));
        else resolve();
      });
    });
  }

  /**
   * Orderly close: rejects everything in flight, flushes what is queued, sends FIN and
   * releases the socket. Resolves when the socket is closed.
   */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.closedHere = true;
      this.rejectAll('closed by this side');
      const fallback = setTimeout(() => this.socket.destroy(), this.closeTimeoutMs);
      void this.closedPromise.then(() => clearTimeout(fallback));
      // Not waiting for the peer's FIN: a CLI should not linger on a slow or silent peer.
      this.socket.end(() => this.socket.destroy());
    }
    return this.closedPromise;
  }

  /** Immediate close; pending requests are rejected with `error`'s message as the reason. */
  destroy(error?: Error): void {
    if (error) this.closeError ??= error;
    if (!this.closedFlag) this.closedHere = true;
    this.closing = true;
    this.rejectAll(error?.message ?? 'destroyed by this side');
    this.socket.destroy();
  }

  /** Resolves when the socket has closed, however that happened. */
  whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  // -------------------------------------------------------------------------------------------

  private allocateOpaque(): number {
    // After a wrap, skip numbers still in flight so a response can never resolve the wrong caller.
    let opaque = this.nextOpaque;
    while (this.pending.has(opaque)) opaque = (opaque + 1) % OPAQUE_MODULUS;
    this.nextOpaque = (opaque + 1) % OPAQUE_MODULUS;
    return opaque;
  }

  private encodeOutgoing(cmd: RemotingCommand): Buffer {
    const frame = encodeFrame(cmd);
    // The peer would close the connection on such a frame (framing.md §2); fail just this call.
    if (frame.length > this.maxFrameSize) throw new FrameTooLargeError(frame.length, this.maxFrameSize, this.remoteAddress);
    if (this.socket.writableLength > this.maxWriteBufferBytes) {
      throw new RemotingError(
        `${this.socket.writableLength} bytes to ${this.remoteAddress} are still unsent (limit ${this.maxWriteBufferBytes}); the peer is not reading`,
        this.remoteAddress,
      );
    }
    return frame;
  }

  private closedError(code: number): RemotingConnectionClosedError {
    return new RemotingConnectionClosedError(this.remoteAddress, code, this.closeError?.message);
  }

  private rejectAll(reason: string): void {
    if (this.pending.size === 0) return;
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) {
      clearTimeout(entry.timer);
      entry.reject(new RemotingConnectionClosedError(this.remoteAddress, entry.code, reason));
    }
  }

  private onData(chunk: Buffer): void {
    if (this.closedFlag) return;
    this.bytesIn += chunk.length;
    this.lastActivity = Date.now();
    if (this.head.length < 3) this.head = Buffer.concat([this.head, chunk.subarray(0, 3 - this.head.length)]);
    let frames: Buffer[];
    try {
      frames = this.decoder.pushRaw(chunk);
    } catch (err) {
      this.failDecode(err);
      return;
    }
    for (const content of frames) {
      // A request handled earlier in this chunk may have closed us.
      if (this.closing) return;
      let cmd: RemotingCommand;
      try {
        cmd = decodeFrameContent(content, this.decodeLimits);
      } catch (err) {
        this.failDecode(err);
        return;
      }
      if (isResponse(cmd)) this.onResponse(cmd);
      else this.onRequest(cmd);
    }
    // Frames before a bad length prefix were served above; now the connection goes.
    if (this.decoder.broken) {
      this.failDecode(this.decoder.broken);
      return;
    }
    if (this.readBudget && !this.closing && !this.readBudget.hold(this, this.decoder.pendingBytes)) {
      this.destroy(new RemotingError(`${this.remoteAddress}: the server holds too many bytes of unfinished frames for all its connections; disconnected`, this.remoteAddress));
    }
  }

  /** Bytes of a frame begun but not complete. */
  get partialBytes(): number {
    return this.decoder.pendingBytes;
  }

  /**
   * One timer for both limits, re-armed lazily: activity only moves `lastActivity`, and the
   * timer, when it fires early, sleeps again for what is left.
   */
  private armActivityTimer(): void {
    const limits = [this.idleTimeoutMs, this.stallTimeoutMs].filter((x): x is number => x !== undefined && x > 0);
    if (limits.length === 0 || this.closing) return;
    const check = (): void => {
      this.activityTimer = undefined;
      if (this.closing) return;
      const quiet = Date.now() - this.lastActivity;
      if (this.stallTimeoutMs && this.decoder.pendingBytes > 0 && quiet >= this.stallTimeoutMs) {
        this.destroy(new RemotingError(`${this.remoteAddress} stopped in the middle of a frame (${this.decoder.pendingBytes} bytes, nothing more for ${this.stallTimeoutMs} ms); disconnected`, this.remoteAddress));
        return;
      }
      if (this.idleTimeoutMs && quiet >= this.idleTimeoutMs && this.pending.size === 0) {
        this.destroy(new RemotingError(`${this.remoteAddress} idle for ${this.idleTimeoutMs} ms; disconnected`, this.remoteAddress));
        return;
      }
      const waits = limits.map((limit) => Math.max(1, limit - quiet));
      this.activityTimer = setTimeout(check, Math.min(...waits));
      this.activityTimer.unref();
    };
    this.activityTimer = setTimeout(check, Math.min(...limits));
    this.activityTimer.unref();
  }

  /** Java closes the channel on any decode error (framing.md §2); only this connection goes. */
  private failDecode(err: unknown): void {
    this.destroy(err instanceof Error ? err : new Error(String(err)));
  }

  private onResponse(response: RemotingCommand): void {
    const entry = this.pending.get(response.opaque);
    if (!entry) {
      this.emit('unmatchedResponse', response);
      return;
    }
    this.pending.delete(response.opaque);
    clearTimeout(entry.timer);
    entry.resolve(response);
  }

  private onRequest(request: RemotingCommand): void {
    const handler = this.handler;
    if (!handler) {
      this.reply(request, requestCodeNotSupported(request, this.responseVersion ?? DEFAULT_VERSION));
      return;
    }
    let result: ReturnType<RequestHandler>;
    try {
      result = handler(request, this);
    } catch (err) {
      this.replyError(request, err);
      return;
    }
    if (isPromiseLike(result)) {
      result.then(
        (response) => this.reply(request, response),
        (err: unknown) => this.replyError(request, err),
      );
    } else {
      this.reply(request, result);
    }
  }

  private replyError(request: RemotingCommand, err: unknown): void {
    this.emit('handlerError', err, request);
    // Java answers an uncaught exception with SYSTEM_ERROR and a short description (framing.md §9).
    const remark = err instanceof Error ? err.message : String(err);
    this.reply(request, responseTo(request, SYSTEM_ERROR, remark, this.responseVersion ?? DEFAULT_VERSION));
  }

  private reply(request: RemotingCommand, response: RemotingCommand | null | undefined): void {
    // A oneway request is never answered, not even with an error (framing.md §6, §9).
    if (!response || isOneway(request) || this.closing) return;
    let out: RemotingCommand = {
      ...response,
      opaque: request.opaque,
      flag: (response.flag | FLAG_RESPONSE) & ~FLAG_ONEWAY,
      version: this.responseVersion ?? response.version,
      // Answer in the request's header type: what 4.9.8 does, and what JSON-only peers need (framing.md §5).
      serializeType: request.serializeType,
    };
    let frame = encodeFrame(out);
    if (frame.length > this.maxFrameSize) {
      out = responseTo(
        request,
        SYSTEM_ERROR,
        `response of ${frame.length} bytes exceeds the maximum frame size of ${this.maxFrameSize} bytes`,
        this.responseVersion ?? DEFAULT_VERSION,
      );
      frame = encodeFrame(out);
    }
    if (this.socket.writableLength > this.maxWriteBufferBytes) {
      // A peer that keeps sending requests without reading the answers would grow this without bound.
      this.destroy(new RemotingError(`${this.remoteAddress} is not reading its responses; disconnected`, this.remoteAddress));
      return;
    }
    // Write errors surface as 'error' + 'close' on the socket, which the constructor handles.
    this.lastActivity = Date.now();
    this.socket.write(frame);
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
