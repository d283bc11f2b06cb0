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
  if (e instanceof ResponseError) {
    const reason = accessDeniedReason(e.code, e.remark);
    if (reason !== undefined) return { target, error: `access denied for ${e.requestName}: ${reason}`, kind: 'access_denied', accessDenied: reason };
  }
  return { target, error: e.message, kind: e.name };
}
