// Failures the admin layer names itself. The CLI turns each kind into one exit code
// (src/cli/exitCodes.ts).

import { accessDeniedReason, ResponseError } from '../protocol/errors.js';

/** What was asked for does not exist (topic, group, message, cluster, broker). */
export class NotFoundError extends Error {
  constructor(message: string, readonly remedy?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NotFoundError';
  }
}

/** The input is wrong before anything is sent: bad address, bad name, missing option. */
export class InvalidArgumentError extends Error {
  constructor(message: string, readonly remedy?: string) {
    super(message);
    this.name = 'InvalidArgumentError';
  }
}

/**
 * The server refused the request for a reason it named that is not a failed access check: a user
 * that already exists, a request a 4.x broker does not know (exit 3), or, with `accessDenied`, a
 * rule about who may do it, such as 5.x's "only a Super user may create a Super user" (exit 6).
 */
export class RefusedError extends Error {
  constructor(
    message: string,
    readonly remedy?: string,
    readonly options: { accessDenied?: string; response?: ResponseError } = {},
  ) {
    super(message, options.response ? { cause: options.response } : undefined);
    this.name = 'RefusedError';
  }
}

/** One failed target of a fan-out, kept next to the results of the others. */
export interface TargetFailure {
  /** What was asked: a broker address or a NameServer address. */
  target: string;
  error: string;
  /** The error class name, for scripts (`RemotingTimeoutError`, `ResponseError`, ...); `access_denied` (as the CLI's error kind) for an access check's refusal. */
  kind: string;
  /** What the access check said, when that is why it failed. */
  accessDenied?: string;
}

export function toTargetFailure(target: string, err: unknown): TargetFailure {
  const e = err instanceof Error ? err : new Error(String(err));
  if (e instanceof RefusedError) {
    return { target, error: e.message, kind: e.options.accessDenied !== undefined ? 'access_denied' : e.name, ...(e.options.accessDenied !== undefined ? { accessDenied: e.options.accessDenied } : {}) };
  }
  if (e instanceof ResponseError) {
    const reason = accessDeniedReason(e.code, e.remark);
    if (reason !== undefined) return { target, error: `access denied for ${e.requestName}: ${reason}`, kind: 'access_denied', accessDenied: reason };
  }
  return { target, error: e.message, kind: e.name };
}

/**
 * The server answered, but cannot do this at all: a feature it does not have (ACL 1.0 on a 5.x
 * broker) or has switched off (ACL on a 4.9.x broker with aclEnable=false). Exit 3, with what to
 * do instead. `reason` is a stable name for scripts.
 */
export class UnavailableOnServerError extends Error {
  constructor(message: string, readonly addr: string, readonly reason: string, readonly remedy?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnavailableOnServerError';
  }
}
