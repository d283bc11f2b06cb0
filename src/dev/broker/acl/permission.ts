// Permissions of ACL 1.0 "plain ACL" as a 4.9.8 broker reads and checks them (auth.md §1.2,
// Java `acl/common/Permission.java`): the bits, the text forms, the check, and the request codes
// that need an admin account.

import { RequestCode } from '../../../protocol/codes.js';

export const DENY = 1;
export const ANY = 2;
export const PUB = 4;
export const SUB = 8;

export const PERM_TEXTS = ['DENY', 'PUB', 'SUB', 'PUB|SUB', 'SUB|PUB'] as const;
export type PermText = (typeof PERM_TEXTS)[number];

/** Codes only an `admin: true` account may send (auth.md §1.3). */
export const ADMIN_CODES: ReadonlySet<number> = new Set([
  RequestCode.UPDATE_AND_CREATE_TOPIC,
  RequestCode.UPDATE_BROKER_CONFIG,
  RequestCode.DELETE_TOPIC_IN_BROKER,
  RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
  RequestCode.DELETE_SUBSCRIPTIONGROUP,
]);

export function needAdminPerm(code: number): boolean {
  return ADMIN_CODES.has(code);
}

/** `PUB`, `SUB`, `PUB|SUB`, `SUB|PUB`, `DENY` (trimmed); anything else, and null, is DENY. */
export function parsePerm(text: string | null | undefined): number {
  if (text === null || text === undefined) return DENY;
  switch (text.trim()) {
    case 'PUB':
      return PUB;
    case 'SUB':
      return SUB;
    case 'PUB|SUB':
    case 'SUB|PUB':
      return PUB | SUB;
    default:
      return DENY;
  }
}

/** The text form of a parsed permission, for display. */
export function permText(perm: number): string {
  if (perm & DENY) return 'DENY';
  const parts = [perm & PUB ? 'PUB' : '', perm & SUB ? 'SUB' : ''].filter((p) => p !== '');
  return parts.length > 0 ? parts.join('|') : 'DENY';
}

/** Java `Permission.checkPermission(needed, owned)`. */
export function checkPermission(needed: number, owned: number): boolean {
  if ((owned & DENY) !== 0) return false;
  if ((needed & ANY) !== 0) return (owned & PUB) !== 0 || (owned & SUB) !== 0;
  return (needed & owned) !== 0;
}

/** An ACL failure, shown as Java's `AclException` (auth.md §1.6). */
export class AclError extends Error {
  /**
   * `frame` is the Java stack frame the real broker prints after the message (cosmetic, but kept
   * so that remarks read exactly like 4.9.8's); `message` null prints the bare class name.
   */
  constructor(
    readonly aclMessage: string | null,
    readonly frame: string = FRAME.parse,
  ) {
    super(aclMessage ?? 'AclException');
    this.name = 'AclError';
  }

  /** The remark a 4.9.8 broker sends: `exception.toString()` + `, ` + the first stack frame. */
  get remark(): string {
    const head = this.aclMessage === null ? ACL_EXCEPTION : `${ACL_EXCEPTION}: ${this.aclMessage}`;
    return `${head}, ${this.frame}`;
  }
}

export const ACL_EXCEPTION = 'org.apache.rocketmq.acl.common.AclException';

const manager = (method: string, line: number): string =>
  `org.apache.rocketmq.acl.plain.PlainPermissionManager.${method}(PlainPermissionManager.java:${line})`;

/** Where 4.9.8 throws each refusal (the first stack frame of its remark). */
export const FRAME = {
  noAccessKey: manager('validate', 664),
  unknownAccessKey: manager('validate', 668),
  noResource: manager('validate', 675),
  signature: manager('validate', 684),
  admin: manager('checkPerm', 581),
  defaultPerm: manager('checkPerm', 606),
  explicitPerm: manager('checkPerm', 611),
  parse: 'org.apache.rocketmq.acl.plain.PlainAccessValidator.parse(PlainAccessValidator.java:134)',
} as const;

/** Apache commons `StringUtils.split(s, ch)`: adjacent separators count as one, no empty tokens. */
export function splitTokens(s: string, separator: string): string[] {
  return s.split(separator).filter((t) => t !== '');
}

/** Java `String.split(regex)` for a one-character literal: trailing empty strings are removed. */
export function javaSplit(s: string, separator: string): string[] {
  const parts = s.split(separator);
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  // "".split(",") is [""] in Java too.
  return parts;
}

/**
 * What an administrative update accepts in `topicPerms` / `groupPerms` (Java
 * `Permission.checkResourcePerms`): `name=PERM` with one of the four allowed texts or DENY.
 */
export function checkResourcePerms(items: readonly string[] | null | undefined): void {
  if (!items || items.length === 0) return;
  for (const item of items) {
    const parts = splitTokens(item, '=');
    if (parts.length !== 2) {
      throw new AclError(`Parse Resource format error for ${item}.\nThe expected resource format is 'Res=Perm'. For example: topicA=SUB`);
    }
    const perm = parts[1]!.trim();
    if (perm !== 'DENY' && parsePerm(perm) === DENY) {
      throw new AclError(`Parse resource permission error for ${item}.\nThe expected permissions are 'SUB' or 'PUB' or 'SUB|PUB' or 'PUB|SUB'.`);
    }
  }
}
