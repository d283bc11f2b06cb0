// Transport failures. Each keeps what is needed to debug it without logs: the address, the
// request code and opaque, the times.

export class RemotingError extends Error {
  constructor(message: string, readonly addr?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The peer could not be reached: refused, unresolvable, or the connect timed out. */
export class RemotingConnectError extends RemotingError {
  constructor(addr: string, readonly reason: string, options?: { cause?: unknown }) {
    super(`cannot connect to ${addr}: ${reason}`, addr, options);
  }
}

/**
 * What a failure most likely means when TLS is involved (auth.md §5: there is no negotiation,
 * so a client and a server that disagree only see bytes they cannot read, or a close):
 * - `server-not-tls`: we spoke TLS and the peer answered with something else, or closed;
 * - `server-requires-tls`: we spoke plaintext and the peer closed (or answered in TLS) before any answer;
 * - `untrusted-certificate`: the server's certificate did not verify (unknown CA, expired, ...);
 * - `certificate-name`: the certificate is valid but names other hosts than the one dialled;
 * - `client-certificate`: the server wants a client certificate, or refused ours;
 * - `handshake`: any other handshake failure.
 */
export type TlsHint =
  | 'server-not-tls'
  | 'server-requires-tls'
  | 'untrusted-certificate'
  | 'certificate-name'
  | 'client-certificate'
  | 'handshake';

/** A TLS handshake failed (or the server refused us during it); `hint` says what is likely. */
export class RemotingTlsError extends RemotingConnectError {
  constructor(addr: string, reason: string, readonly hint: TlsHint, options?: { cause?: unknown }) {
    super(addr, reason, options);
  }
}

/** No response within the request's timeout. */
export class RemotingTimeoutError extends RemotingError {
  /** Set when the peer never sent a byte on a plaintext connection: it may be waiting for a TLS handshake. */
  readonly hint: TlsHint | undefined;

  constructor(addr: string, readonly requestCode: number, readonly opaque: number, readonly timeoutMs: number, options?: { hint?: TlsHint }) {
    super(`no response from ${addr} within ${timeoutMs} ms (request code ${requestCode}, opaque ${opaque})`, addr);
    this.hint = options?.hint;
  }
}

/** The connection closed while the request was in flight. */
export class RemotingConnectionClosedError extends RemotingError {
  /** Set when the close says something about TLS (`server-requires-tls`: closed before any answer). */
  readonly hint: TlsHint | undefined;

  constructor(addr: string, readonly requestCode: number | undefined, reason?: string, options?: { hint?: TlsHint; cause?: unknown }) {
    super(
      `connection to ${addr} closed${requestCode !== undefined ? ` before the response to request code ${requestCode}` : ''}${reason ? `: ${reason}` : ''}`,
      addr,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.hint = options?.hint;
  }
}

/** Bytes that are not a valid frame (bad lengths, unknown serialization type, bad header). */
export class FrameDecodeError extends RemotingError {
  constructor(message: string, addr?: string) {
    super(message, addr);
  }
}

/** A frame larger than the configured maximum (Java's default is 16 MiB). */
export class FrameTooLargeError extends FrameDecodeError {
  constructor(readonly frameLength: number, readonly maxFrameSize: number, addr?: string) {
    super(`frame of ${frameLength} bytes exceeds the maximum frame size of ${maxFrameSize} bytes`, addr);
  }
}
