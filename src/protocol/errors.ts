// A server answered, and the answer was not success. Keeps everything the server said
// (code, its name, remark, address) and what we asked (request code), so the message can read
// `<what failed>: <NAME> (<code>) from <addr>: <remark>`.

import { requestCodeName, ResponseCode, responseCodeName } from './codes.js';

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

/**
 * Why an access check refused the request, or undefined when the answer is something else:
 * ACL 1.0 on 4.x answers SYSTEM_ERROR with an `AclException` remark, 5.x authentication and
 * authorization NO_PERMISSION with a plain message (auth.md §1.6, §2.7). NO_PERMISSION also
 * means "this topic or broker is not writable/readable" (a permission bit, not an account):
 * those remarks say "forbidden" and are not access refusals.
 */
export function accessDeniedReason(code: number, remark: string | null): string | undefined {
  const text = (remark ?? '').split('\n')[0]!.trim();
  if (code === ResponseCode.SYSTEM_ERROR) {
    const m = /AclException: (.*?)(?:, org\.apache\.rocketmq\.\S+\(\S*\))?$/.exec(text);
    return m ? m[1]!.trim() : undefined;
  }
  if (code === ResponseCode.NO_PERMISSION && !/forbidden/i.test(text)) return text || 'no permission';
  return undefined;
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
