// Address expressions of plain ACL (auth.md §1.4, Java `RemoteAddressStrategyFactory` and the
// helpers of `AclUtils` in 4.9.8): global white lists and each account's `whiteRemoteAddress`.
// An expression compiles to a matcher over the request's source IP, or throws AclError with the
// message the Java broker gives for the same expression. The quirks of the Java code are kept
// (e.g. `192.168.1-10.5` ignores its last octet), so that a file means what it means there.

import { isIPv6 } from 'node:net';
import { AclError, splitTokens } from './permission.js';

export type AddressMatcher = (ip: string) => boolean;

const never: AddressMatcher = () => false;
const always: AddressMatcher = () => true;

/** commons-validator `isValidInet4Address`: four decimal octets 0-255 without leading zeros. */
export function isValidIPv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return false;
  return m.slice(1).every((o) => Number(o) <= 255 && !(o.length > 1 && o.startsWith('0')));
}

export function isValidIPv6(s: string): boolean {
  return isIPv6(s);
}

/** `AclUtils.expandIP(address, parts)`: upper case, `::` expanded, every group padded to 4 digits. */
export function expandIP(address: string, parts: number): string {
  let s = address.toUpperCase();
  const colons = s.split(':').length - 1;
  const pad = parts - colons;
  if (pad > 0) s = s.split('::').join(':'.repeat(pad + 1));
  return s
    .split(':')
    .map((g) => (g.length < 4 ? g.padStart(4, '0') : g))
    .join(':');
}

/** The IP part of a connection's `ip:port` (IPv4-mapped IPv6 shown as IPv4, brackets removed). */
export function sourceIp(remoteAddress: string): string {
  let host = remoteAddress.includes(':') ? remoteAddress.slice(0, remoteAddress.lastIndexOf(':')) : remoteAddress;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(host)) host = host.slice(7);
  return host;
}

const isBlank = (s: string | null | undefined): boolean => s === null || s === undefined || s.trim() === '';

/** Compiles one expression; blank matches nothing, `*` everything. Throws AclError when invalid. */
export function compileAddress(expression: string | null | undefined): AddressMatcher {
  if (isBlank(expression)) return never;
  const expr = expression!;
  if (expr === '*' || expr === '*.*.*.*' || expr === '*:*:*:*:*:*:*:*') return always;
  if (expr.endsWith('}')) {
    if (expr.includes(':')) {
      const parts = splitTokens(expr, ':');
      const last = parts[parts.length - 1]!;
      if (!last.startsWith('{')) throw new AclError('MultipleRemoteAddressStrategy netaddress examine scope Exception netaddress');
      return multiple(braceAddresses(expr, last));
    }
    const parts = splitTokens(expr, '.');
    if (parts.length < 4) throw new AclError('MultipleRemoteAddressStrategy has got a/some wrong format IP(s) ');
    const last = parts[parts.length - 1]!;
    if (!last.startsWith('{')) throw new AclError('MultipleRemoteAddressStrategy netaddress examine scope Exception netaddress');
    return multiple(braceAddresses(expr, last));
  }
  if (expr.includes(',')) return multiple(splitTokens(expr, ','));
  if (expr.includes('*') || expr.includes('-')) return range(expr);
  return one(expr);
}

/** `a.b.c.{x,y}` -> `a.b.c.x`, `a.b.c.y` (`AclUtils.getAddresses`). */
function braceAddresses(expr: string, last: string): string[] {
  const prefix = expr.slice(0, expr.indexOf('{'));
  return splitTokens(last.slice(1, -1), ',').map((p) => prefix + p);
}

const examineError = (address: string): AclError => new AclError(`Netaddress examine Exception netaddress is ${address}`);

function multiple(addresses: string[]): AddressMatcher {
  const set = new Set<string>();
  for (const a of addresses) {
    if (isValidIPv4(a)) set.add(a);
    else if (isValidIPv6(a)) set.add(expandIP(a, 8));
    else throw examineError(a);
  }
  return (ip) => set.has(isValidIPv6(ip) ? expandIP(ip, 8) : ip);
}

function one(address: string): AddressMatcher {
  if (!isValidIPv4(address) && !isValidIPv6(address)) throw examineError(address);
  const expected = expandIP(address, 8).toUpperCase();
  return (ip) => expandIP(ip, 8).toUpperCase() === expected;
}

/** Java `Integer.parseInt(s.trim())` with Java's message on failure. */
function parseDecimal(s: string, radix = 10): number {
  const t = radix === 10 ? s.trim() : s;
  const ok = radix === 10 ? /^[+-]?\d+$/.test(t) : /^[+-]?[0-9a-fA-F]+$/.test(t);
  if (!ok) throw new AclError(`For input string: "${t}"`);
  return parseInt(t, radix);
}

const scopeError = (expr: string): AclError => new AclError(`Netaddress examine scope Exception netaddress is ${expr}`);

/** `AclUtils.verify(expr, index)`: the first `index` octets (groups) are in range. */
function verify(expr: string, index: number): void {
  if (expr.includes(':')) {
    const groups = splitTokens(expandIP(expr, 8), ':');
    for (let i = 0; i < index; i++) {
      const g = groups[i];
      if (g === undefined || !/^[+-]?[0-9a-fA-F]+$/.test(g) || parseInt(g, 16) > 0xffff || parseInt(g, 16) < 0) throw scopeError(expr);
    }
    return;
  }
  const octets = splitTokens(expr, '.');
  if (octets.length !== 4) throw scopeError(expr);
  for (let i = 0; i < index; i++) {
    const n = parseDecimal(octets[i]!);
    if (n < 0 || n > 255) throw scopeError(expr);
  }
}

/** `RangeRemoteAddressStrategy`: the first `*` or `m-n` part after the first decides. */
function range(expr: string): AddressMatcher {
  let start = 0;
  let end = 0;
  let index = 0;
  let head: string | null = null;
  const analyse = (parts: string[], i: number, radix: 10 | 16): boolean => {
    const raw = parts[i];
    if (raw === undefined) throw scopeError(expr);
    const value = raw.trim();
    index = i;
    if (value === '*') {
      start = 0;
      end = radix === 10 ? 255 : 0xffff;
    } else if (value.includes('-')) {
      if (value.indexOf('-') === 0) throw new AclError(`RangeRemoteAddressStrategy netaddress examine scope Exception value ${value} `);
      const bounds = splitTokens(value, '-');
      if (bounds.length < 2) throw scopeError(expr);
      start = parseDecimal(bounds[0]!, radix);
      end = parseDecimal(bounds[1]!, radix);
      const max = radix === 10 ? 255 : 0xffff;
      if (!(end >= 0 && end <= max && start >= 0 && start <= max && start <= end)) {
        throw new AclError(`RangeRemoteAddressStrategy netaddress examine scope Exception start is ${start} , end is ${end}`);
      }
    }
    return end > 0;
  };

  if (expr.includes(':')) {
    ipv6RangeCheck(expr);
    const parts = splitTokens(expr, ':');
    for (let i = 1; i < parts.length; i++) {
      if (analyse(parts, i, 16)) {
        verify(expr, index - 1);
        const pre = v6Prefix(expr);
        index = splitTokens(pre, ':').length;
        head = pre;
        break;
      }
    }
  } else {
    const parts = splitTokens(expr, '.');
    if (analyse(parts, 1, 10) || analyse(parts, 2, 10) || analyse(parts, 3, 10)) {
      verify(expr, index - 1);
      head = parts.slice(0, index).map((p) => `${p.trim()}.`).join('');
    }
  }
  // Java would fail at request time (a null head); such an expression can never match.
  if (head === null) return never;
  const prefix = head;
  const at = index;
  return (ip) => {
    if (isValidIPv4(ip)) {
      if (!ip.startsWith(prefix)) return false;
      let value: string;
      if (at === 3) value = ip.slice(prefix.length);
      else if (at === 2) value = ip.slice(prefix.length, ip.lastIndexOf('.'));
      else value = ip.slice(prefix.length, ip.lastIndexOf('.', ip.lastIndexOf('.') - 1));
      const n = Number(value);
      return Number.isInteger(n) && n >= start && n <= end;
    }
    if (isValidIPv6(ip)) {
      const full = expandIP(ip, 8).toUpperCase();
      if (!full.startsWith(prefix)) return false;
      const n = parseInt(full.slice(5 * at, 5 * at + 4), 16);
      return n >= start && n <= end;
    }
    return false;
  };
}

/** `AclUtils.IPv6AddressCheck`: `*` only at the end; `-` only in the last (or next to last before `*`) group. */
function ipv6RangeCheck(expr: string): void {
  const asterisk = expr.indexOf('*');
  const minus = expr.indexOf('-');
  if (asterisk > -1 && asterisk !== expr.length - 1) throw scopeError(expr);
  if (minus > -1) {
    const limit = asterisk === -1 ? expr.lastIndexOf(':') : expr.lastIndexOf(':', expr.lastIndexOf(':') - 1);
    if (minus <= limit) throw scopeError(expr);
  }
}

/** `AclUtils.v6ipProcess`: the expanded fixed groups before the range. */
function v6Prefix(expr: string): string {
  const star = expr.includes('*');
  const minus = expr.includes('-');
  if (star && minus) {
    const lastColon = expr.lastIndexOf(':');
    const secondLast = expr.slice(0, lastColon).lastIndexOf(':');
    return expandIP(expr.slice(0, secondLast), 6);
  }
  if (!star && !minus) return expandIP(expr, 8);
  return expandIP(expr.slice(0, expr.lastIndexOf(':')), 7);
}
