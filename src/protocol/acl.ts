// Request signing as the Java `AclClientRPCHook` does it (behaviours.md §6), used by the CLI
// for ACL 1.0 (4.x) and authentication 2.0 (5.x) alike, and the server-side check of the same
// signature for the embedded cluster (auth.md §1.5, §2.4).
//
//   content   = the values of every ext field but `Signature`, in Java TreeMap key order
//               (UTF-16 code units), concatenated without separators, as UTF-8, then the body
//   Signature = Base64(HMAC-SHA1(secretKey, content))

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RemotingCommand } from '../remoting/command.js';
import type { RpcHook } from '../remoting/hook.js';

export const ACCESS_KEY = 'AccessKey';
export const SECRET_KEY = 'SecretKey';
export const SIGNATURE = 'Signature';
export const SECURITY_TOKEN = 'SecurityToken';
export const UNIQUE_KEY_QUERY = '_UNIQUE_KEY_QUERY';

/**
 * The request version a key query by unique key is sent with when signed. A 4.9.8 ACL broker
 * leaves `_UNIQUE_KEY_QUERY` out of the signed content whatever the version; a 5.x broker leaves
 * it out only for requests of version <= 399 (4.9.3 and older clients, auth.md §2.4). Signing
 * without it and presenting 399 verifies on both, where the Java tool's own signature (with it,
 * version 4.9.8+) is refused by a 4.9.8 broker.
 */
export const LEGACY_SIGNING_VERSION = 399;

export interface Credentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}

/** Java's String.compareTo: UTF-16 code units, which is what JavaScript's < compares. */
function javaOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The bytes a signature is computed over: sorted ext-field values (but `exclude`) and the body. */
export function signedContent(
  extFields: Record<string, string> | null | undefined,
  body: Buffer | null | undefined,
  exclude: readonly string[] = [SIGNATURE],
): Buffer {
  const keys = Object.keys(extFields ?? {}).filter((k) => !exclude.includes(k)).sort(javaOrder);
  let text = '';
  for (const key of keys) {
    const value = extFields![key];
    if (value !== undefined && value !== null) text += value;
  }
  const head = Buffer.from(text, 'utf8');
  return body && body.length > 0 ? Buffer.concat([head, body]) : head;
}

export function computeSignature(secretKey: string, content: Buffer): string {
  return createHmac('sha1', Buffer.from(secretKey, 'utf8')).update(content).digest('base64');
}

/**
 * Adds `AccessKey`, `SecurityToken` and `Signature` to a request about to be sent. A query by
 * unique key is signed without `_UNIQUE_KEY_QUERY` and sent as version 399 (see
 * LEGACY_SIGNING_VERSION), so that 4.9.8 and 5.x brokers both verify it.
 */
export function signRequest(request: RemotingCommand, credentials: Credentials): void {
  const ext = (request.extFields ??= {});
  delete ext[SIGNATURE];
  ext[ACCESS_KEY] = credentials.accessKey;
  if (credentials.securityToken) ext[SECURITY_TOKEN] = credentials.securityToken;
  else delete ext[SECURITY_TOKEN];
  const exclude = [SIGNATURE];
  if (UNIQUE_KEY_QUERY in ext) {
    exclude.push(UNIQUE_KEY_QUERY);
    request.version = Math.min(request.version, LEGACY_SIGNING_VERSION);
  }
  ext[SIGNATURE] = computeSignature(credentials.secretKey, signedContent(ext, request.body, exclude));
}

/** The client hook: every request is signed, to NameServers and brokers alike (as Java does). */
export function aclClientHook(credentials: Credentials): RpcHook {
  return { beforeRequest: (_addr, request) => signRequest(request, credentials) };
}

export type SignatureCheck = 'ok' | 'missing' | 'mismatch';

/**
 * Checks a received request's signature against `secretKey`. `excludeUniqueKeyQuery` is how the
 * server rebuilds the content: always for a 4.9.8 plain-ACL broker, only for version <= 399 in
 * 5.x authentication (auth.md §1.5, §2.4). Constant-time compare.
 */
export function verifySignature(request: RemotingCommand, secretKey: string, excludeUniqueKeyQuery: boolean): SignatureCheck {
  const given = request.extFields?.[SIGNATURE];
  if (!given) return 'missing';
  const exclude = excludeUniqueKeyQuery ? [SIGNATURE, UNIQUE_KEY_QUERY] : [SIGNATURE];
  const expected = Buffer.from(computeSignature(secretKey, signedContent(request.extFields, request.body, exclude)), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? 'ok' : 'mismatch';
}

/** Shows that a secret is set without showing any of it. */
export function maskSecret(secret: string | undefined): string | undefined {
  if (secret === undefined) return undefined;
  return secret.length === 0 ? '' : '******';
}
