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

/** No response within the request's timeout. */
export class RemotingTimeoutError extends RemotingError {
  constructor(addr: string, readonly requestCode: number, readonly opaque: number, readonly timeoutMs: number) {
    super(`no response from ${addr} within ${timeoutMs} ms (request code ${requestCode}, opaque ${opaque})`, addr);
  }
}

/** The connection closed while the request was in flight. */
export class RemotingConnectionClosedError extends RemotingError {
  constructor(addr: string, readonly requestCode: number | undefined, reason?: string) {
    super(
      `connection to ${addr} closed${requestCode !== undefined ? ` before the response to request code ${requestCode}` : ''}${reason ? `: ${reason}` : ''}`,
      addr,
    );
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
