// Errors become exit codes here, and only here (README "Exit codes").
//   0 ok, 1 unexpected, 2 usage, 3 server error or partial failure, 4 not found,
//   5 unreachable or timed out, 6 access denied, 130 cancelled.

import { InvalidArgumentError, NotFoundError, RefusedError, UnavailableOnServerError } from '../admin/errors.js';
import { ResponseCode } from '../protocol/codes.js';
import { accessDeniedReason, ProtocolError, ResponseError } from '../protocol/errors.js';
import {
  RemotingConnectError,
  RemotingConnectionClosedError,
  RemotingError,
  RemotingTimeoutError,
  RemotingTlsError,
  type TlsHint,
} from '../remoting/errors.js';

export const ExitCode = {
  OK: 0,
  UNEXPECTED: 1,
  USAGE: 2,
  SERVER_ERROR: 3,
  NOT_FOUND: 4,
  UNREACHABLE: 5,
  ACCESS_DENIED: 6,
  CANCELLED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure of ours with a chosen exit code (partial failures, cancelled prompts, ...). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCodeValue, readonly remedy?: string) {
    super(message);
    this.name = 'CliError';
  }
}

export interface ClassifiedError {
  exitCode: ExitCodeValue;
  /** Stable name for scripts: `not_found`, `unreachable`, `server_error`, ... */
  kind: string;
  message: string;
  remedy?: string;
  /** What the server said, when it said something. */
  response?: { code: number; name: string; remark: string | null; addr: string; request: string };
}

/** Response codes that mean "the thing you named does not exist". */
const NOT_FOUND_RESPONSES = new Set<number>([
  ResponseCode.TOPIC_NOT_EXIST,
  ResponseCode.QUERY_NOT_FOUND,
  ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
]);

const KIND_BY_EXIT: Record<ExitCodeValue, string> = {
  0: 'ok',
  1: 'unexpected',
  2: 'usage',
  3: 'server_error',
  4: 'not_found',
  5: 'unreachable',
  6: 'access_denied',
  130: 'cancelled',
};

export function classifyError(err: unknown): ClassifiedError {
  const e = err instanceof Error ? err : new Error(String(err));
  const make = (exitCode: ExitCodeValue, remedy?: string, extra: Partial<ClassifiedError> = {}): ClassifiedError => ({
    exitCode,
    kind: KIND_BY_EXIT[exitCode],
    message: e.message,
    ...(remedy ? { remedy } : {}),
    ...extra,
  });

  if (e instanceof CliError) return make(e.exitCode, e.remedy);
  if (e instanceof NotFoundError) return make(ExitCode.NOT_FOUND, e.remedy);
  if (e instanceof InvalidArgumentError) return make(ExitCode.USAGE, e.remedy);
  if (e instanceof UnavailableOnServerError) return make(ExitCode.SERVER_ERROR, e.remedy);
  if (e instanceof RefusedError) {
    const r = e.options.response;
    const response = r ? { response: { code: r.code, name: r.codeName, remark: r.remark, addr: r.addr, request: r.requestName } } : {};
    return make(e.options.accessDenied !== undefined ? ExitCode.ACCESS_DENIED : ExitCode.SERVER_ERROR, e.remedy, response);
  }
  if (e instanceof ResponseError) {
    const response = { code: e.code, name: e.codeName, remark: e.remark, addr: e.addr, request: e.requestName };
    const denied = accessDenied(e);
    if (denied) return { ...make(ExitCode.ACCESS_DENIED, denied.remedy, { response }), message: denied.message };
    return make(NOT_FOUND_RESPONSES.has(e.code) ? ExitCode.NOT_FOUND : ExitCode.SERVER_ERROR, undefined, { response });
  }
  if (e instanceof RemotingTlsError) return make(ExitCode.UNREACHABLE, tlsRemedy(e.hint));
  if (e instanceof RemotingConnectionClosedError && e.hint) return make(ExitCode.UNREACHABLE, tlsRemedy(e.hint));
  if (e instanceof RemotingTimeoutError && e.hint === 'server-requires-tls') {
    return make(ExitCode.UNREACHABLE, 'the server sent nothing at all: it may require TLS (try --tls), or be overloaded (retry or raise --timeout)');
  }
  if (e instanceof RemotingConnectError) {
    return make(ExitCode.UNREACHABLE, 'check the address and that the server is running (-n, NAMESRV_ADDR, -b)');
  }
  if (e instanceof RemotingTimeoutError) return make(ExitCode.UNREACHABLE, 'the server may be overloaded; retry or raise --timeout');
  if (e instanceof RemotingConnectionClosedError) return make(ExitCode.UNREACHABLE, 'the server closed the connection; check its logs');
  if (e instanceof RemotingError) return make(ExitCode.UNREACHABLE);
  if (e instanceof ProtocolError) return make(ExitCode.SERVER_ERROR, 'the server answered something this version of mqadmin cannot read; run with --debug and report it');
  if (isPromptCancel(e)) return make(ExitCode.CANCELLED);
  // oclif's own parse errors carry their exit code (2 for usage).
  const oclifExit = (e as { oclif?: { exit?: number } }).oclif?.exit;
  if (typeof oclifExit === 'number') {
    return { exitCode: oclifExit === 0 ? ExitCode.OK : ExitCode.USAGE, kind: oclifExit === 0 ? 'ok' : 'usage', message: e.message };
  }
  return make(ExitCode.UNEXPECTED, 'this is a bug in mqadmin; run with --debug for the stack trace');
}

/** A refusal by an access check: one line naming the request, the server and the reason, and what to check. */
export function accessDenied(e: ResponseError): { message: string; remedy: string } | undefined {
  const reason = accessDeniedReason(e.code, e.remark);
  if (reason === undefined) return undefined;
  const server = e.addr ? ` by ${e.addr}` : '';
  return { message: `access denied${server} for ${e.requestName}: ${reason}`, remedy: accessRemedy(reason) };
}

export function accessRemedy(reason: string): string {
  const r = reason.toLowerCase();
  if (r.includes('no accesskey') || r.includes('username cannot be null')) {
    return 'this cluster requires credentials: pass --access-key and --secret-key (or MQADMIN_ACCESS_KEY / MQADMIN_SECRET_KEY, or a profile)';
  }
  if (r.includes('signature')) return 'the secret key does not match this access key: check --secret-key (or MQADMIN_SECRET_KEY, or the profile)';
  if (r.includes('no acl config') || r.includes('not found') || r.includes('is disabled')) {
    return 'the server does not know (or has disabled) this account: check --access-key (or MQADMIN_ACCESS_KEY, or the profile)';
  }
  if (r.includes('admin')) return 'this request needs an admin account (admin: true in plain_acl.yml, or a Super user in 5.x)';
  return "the account lacks permission for this topic or group: check its ACL (topicPerms/groupPerms in 4.x, the user's ACL in 5.x)";
}

/** What to do about a TLS mismatch (auth.md §5): the flags of the global TLS options. */
function tlsRemedy(hint: TlsHint): string {
  switch (hint) {
    case 'server-not-tls':
      return 'the server may not speak TLS; try without --tls';
    case 'server-requires-tls':
      return 'the server may require TLS; try --tls (with --tls-ca FILE unless its certificate is signed by a CA this machine trusts)';
    case 'untrusted-certificate':
      return 'trust the CA that signed the server certificate with --tls-ca FILE, or skip verification with --tls-insecure';
    case 'certificate-name':
      return 'use an address the certificate names (in -n or the broker address), or skip verification with --tls-insecure';
    case 'client-certificate':
      return 'the server wants a client certificate it trusts: pass --tls-cert FILE and --tls-key FILE';
    case 'handshake':
      return 'the server speaks TLS but refused the handshake; check its TLS settings and logs';
  }
}

function isPromptCancel(e: Error): boolean {
  return e.name === 'ExitPromptError' || e.name === 'AbortPromptError';
}
