// A server answered, and the answer was not success. Keeps everything the server said
// (code, its name, remark, address) and what we asked (request code), so the message can read
// `<what failed>: <NAME> (<code>) from <addr>: <remark>`.

import { requestCodeName, responseCodeName } from './codes.js';

export class ResponseError extends Error {
  readonly codeName: string;
  readonly requestName: string;

  constructor(
    readonly code: number,
    readonly remark: string | null,
    readonly addr: string,
    readonly requestCode: number,
    readonly what?: string,
  ) {
    const codeName = responseCodeName(code);
    const requestName = requestCodeName(requestCode);
    const remarkText = remark ? `: ${firstLine(remark)}` : '';
    super(`${what ?? requestName} failed: ${codeName} (${code}) from ${addr}${remarkText}`);
    this.name = 'ResponseError';
    this.codeName = codeName;
    this.requestName = requestName;
  }
}

/** A body that does not have the shape the protocol says it has. */
export class ProtocolError extends Error {
  constructor(message: string, readonly addr?: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

// Java remarks often append a FAQ link on a second line; the first line carries the meaning.
function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 0 ? line : text.trim();
}
