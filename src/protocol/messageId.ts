/**
 * The two kinds of RocketMQ message id (message-format.md §8) and the "ip:port" address helpers
 * the stored-record codec shares with them.
 *
 * - offset id (broker-generated): store host IP (4|16 bytes) + int32 port + int64 commit-log offset;
 * - unique id / `UNIQ_KEY` (client-generated): client IP (4|16) + int16 pid + int32 class-loader
 *   hash + int32 ms since the start of the month + int16 counter.
 * Both are upper-case hex of the same length (32 chars for IPv4, 56 for IPv6), so only decoding
 * tells them apart (§8.3).
 */
import { randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';

export class MalformedMessageIdError extends Error {
  constructor(
    readonly id: string,
    reason: string,
  ) {
    super(`malformed message id ${JSON.stringify(id)}: ${reason}`);
    this.name = 'MalformedMessageIdError';
  }
}

export class InvalidAddressError extends Error {
  constructor(
    readonly address: string,
    reason: string,
  ) {
    super(`invalid address ${JSON.stringify(address)}: ${reason}`);
    this.name = 'InvalidAddressError';
  }
}

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

/** IPv4 dotted quad, or RFC 5952 compressed lower-case IPv6 (`::1`, `::ffff:1.2.3.4`). */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  if (bytes.length !== 16) throw new RangeError(`an IP address has 4 or 16 bytes, got ${bytes.length}`);
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  // Longest run of two or more zero groups becomes "::" (the first one on a tie).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Bytes of an IPv4 or IPv6 literal (4 or 16 bytes). */
export function parseIp(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (!isIPv6(ip)) throw new InvalidAddressError(ip, 'not an IPv4 or IPv6 literal');
  let text = ip.split('%')[0] as string;
  const out = Buffer.alloc(16);
  // A trailing dotted quad stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${(((v4[0] as number) << 8) | (v4[1] as number)).toString(16)}:${(((v4[2] as number) << 8) | (v4[3] as number)).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined
      ? headGroups
      : [...headGroups, ...new Array<string>(8 - headGroups.length - restGroups.length).fill('0'), ...restGroups];
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

export interface HostPort {
  ip: string;
  port: number;
  /** 4 or 16 bytes. */
  ipBytes: Buffer;
}

/** `"ip:port"`, with IPv6 written `"[ip]:port"` (also accepted without brackets). */
export function formatHostPort(ip: Uint8Array | string, port: number): string {
  const text = typeof ip === 'string' ? ip : formatIp(ip);
  return text.includes(':') ? `[${text}]:${port}` : `${text}:${port}`;
}

/** Parses `"1.2.3.4:10911"` or `"[::1]:10911"` (an unbracketed IPv6 takes the last `:` as the port separator). */
export function parseHostPort(address: string): HostPort {
  const sep = address.lastIndexOf(':');
  if (sep <= 0) throw new InvalidAddressError(address, 'expected ip:port');
  let host = address.slice(0, sep);
  const portText = address.slice(sep + 1);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new InvalidAddressError(address, 'bad port');
  const ipBytes = parseIp(host);
  return { ip: formatIp(ipBytes), port: Number(portText), ipBytes };
}

// ---------------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------------

/** `UtilAll.bytes2string`: upper-case hex. */
function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

function idBytes(id: string): Buffer {
  if (id.length !== 32 && id.length !== 56) {
    throw new MalformedMessageIdError(id, `length ${id.length}, expected 32 (IPv4) or 56 (IPv6) hex digits`);
  }
  if (!/^[0-9a-fA-F]*$/.test(id)) throw new MalformedMessageIdError(id, 'not hexadecimal');
  return Buffer.from(id, 'hex');
}

/** Offset message id of a stored record (§8.1): what the broker returns as `msgId` on send. */
export function createOffsetMessageId(storeHost: string, commitLogOffset: number | bigint): string {
  const { ipBytes, port } = parseHostPort(storeHost);
  return createOffsetMessageIdFromBytes(ipBytes, port, commitLogOffset);
}

export function createOffsetMessageIdFromBytes(ipBytes: Uint8Array, port: number, commitLogOffset: number | bigint): string {
  const buf = Buffer.alloc(ipBytes.length + 12);
  buf.set(ipBytes, 0);
  buf.writeInt32BE(port, ipBytes.length);
  buf.writeBigInt64BE(BigInt(commitLogOffset), ipBytes.length + 4);
  return toHex(buf);
}

export interface OffsetMessageId {
  kind: 'offset';
  /** `"ip:port"` of the broker that stored the message (`"[v6]:port"` for IPv6). */
  address: string;
  ip: string;
  port: number;
  /** int64, exact. */
  commitLogOffset: bigint;
}

export interface UniqueMessageId {
  kind: 'unique';
  ip: string;
  /** Low 16 bits of the producer's pid (unsigned). */
  pid: number;
  /** Java `int` (signed). */
  classLoaderHash: number;
  /** Milliseconds since the start of the producer's month (unsigned 32 bits, as Java reads it back). */
  monthOffsetMs: number;
  /** Per-process 16-bit counter (unsigned). */
  counter: number;
  /**
   * Approximate creation time (epoch ms): `monthOffsetMs` after the start of the current month,
   * or of the previous one when that would not be in the past (Java
   * `MessageClientIDSetter.getNearlyTimeFromID`). Uses this process's time zone unless `utc`.
   */
  approxTime?: number;
}

export type DecodedMessageId = OffsetMessageId | UniqueMessageId;

export interface DecodeMessageIdOptions {
  /** "Now" for {@link UniqueMessageId.approxTime}; default `Date.now()`. */
  now?: number;
  /** Interpret the month start in UTC instead of local time. */
  utc?: boolean;
}

function startOfMonth(ms: number, utc: boolean, monthDelta = 0): number {
  const d = new Date(ms);
  return utc
    ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthDelta, 1)
    : new Date(d.getFullYear(), d.getMonth() + monthDelta, 1).getTime();
}

/**
 * Reads an id as an offset id if its "port" field is in 0..65535 — the test Java's
 * `queryMsgById` applies (§8.3) — otherwise as a unique id. A unique id whose pid has zero low
 * bits passes as an offset id, as in Java: callers should fall back to a unique-key query when
 * the offset lookup fails.
 * @throws MalformedMessageIdError if the id is not 32 or 56 hex digits
 */
export function decodeMessageId(id: string, options: DecodeMessageIdOptions = {}): DecodedMessageId {
  const bytes = idBytes(id);
  const ipLen = bytes.length === 16 ? 4 : 16;
  const port = bytes.readInt32BE(ipLen);
  if (port >= 0 && port <= 65535) {
    const ipBytes = bytes.subarray(0, ipLen);
    return {
      kind: 'offset',
      address: formatHostPort(ipBytes, port),
      ip: formatIp(ipBytes),
      port,
      commitLogOffset: bytes.readBigInt64BE(ipLen + 4),
    };
  }
  return decodeUniqueMessageId(id, options);
}

/** Decodes an id as a `UNIQ_KEY` regardless of its port field (§8.2). */
export function decodeUniqueMessageId(id: string, options: DecodeMessageIdOptions = {}): UniqueMessageId {
  const bytes = idBytes(id);
  const ipLen = bytes.length === 16 ? 4 : 16;
  const monthOffsetMs = bytes.readUInt32BE(ipLen + 6);
  const now = options.now ?? Date.now();
  const utc = options.utc ?? false;
  let start = startOfMonth(now, utc);
  if (start + monthOffsetMs >= now) start = startOfMonth(now, utc, -1);
  return {
    kind: 'unique',
    ip: formatIp(bytes.subarray(0, ipLen)),
    pid: bytes.readUInt16BE(ipLen),
    classLoaderHash: bytes.readInt32BE(ipLen + 2),
    monthOffsetMs,
    counter: bytes.readUInt16BE(ipLen + 10),
    approxTime: start + monthOffsetMs,
  };
}

/** `'offset'` or `'unique'` by the rule of {@link decodeMessageId}. */
export function classifyMessageId(id: string): DecodedMessageId['kind'] {
  const bytes = idBytes(id);
  const port = bytes.readInt32BE(bytes.length === 16 ? 4 : 16);
  return port >= 0 && port <= 65535 ? 'offset' : 'unique';
}

// ---------------------------------------------------------------------------------------------
// UNIQ_KEY generation (Java MessageClientIDSetter)
// ---------------------------------------------------------------------------------------------

/** Java 5.x `UtilAll.isInternalIP`: 10/8, 172.16/12, 192.168/16 and 127/8. */
function internalIPv4(b: Buffer): boolean {
  const [a, c] = [b[0] as number, b[1] as number];
  return a === 10 || a === 127 || (a === 172 && c >= 16 && c <= 31) || (a === 192 && c === 168);
}

/** Java `isInternalV6IP`: any-local, loopback, link-local (fe80::/10), site-local (fec0::/10). */
function internalIPv6(b: Buffer): boolean {
  const first = ((b[0] as number) << 8) | (b[1] as number);
  const anyOrLoopback = b.subarray(0, 15).every((x) => x === 0) && (b[15] === 0 || b[15] === 1);
  return anyOrLoopback || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0;
}

/**
 * The client IP Java (5.3.3 `UtilAll.getIP`) puts into unique ids: the first non-internal address
 * of either family in interface enumeration order, else the first internal IPv4 (a later
 * non-loopback one replacing a loopback one), else a "fake IP" made of the low 4 bytes of the
 * current time (`MessageClientIDSetter.createFakeIP`). Node's interface order may differ from
 * Java's.
 */
export function defaultClientIp(now: number = Date.now()): Buffer {
  let internal: Buffer | undefined;
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) {
      let bytes: Buffer;
      try {
        bytes = parseIp(a.address);
      } catch {
        continue;
      }
      if (bytes.length === 4) {
        if (!internalIPv4(bytes)) return bytes;
        if (internal === undefined || internal[0] === 127) internal = bytes;
      } else if (!internalIPv6(bytes)) {
        return bytes;
      }
    }
  }
  if (internal) return internal;
  const fake = Buffer.alloc(8);
  fake.writeBigInt64BE(BigInt(now));
  return fake.subarray(4);
}

export interface UniqueIdGeneratorOptions {
  /** Client IP (string or 4/16 bytes); default {@link defaultClientIp}. */
  ip?: string | Uint8Array;
  /** Default `process.pid` (only the low 16 bits are used). */
  pid?: number;
  /** Java uses the class loader's identity hash; default a random int32. */
  classLoaderHash?: number;
  /** First counter value (Java starts at 0). */
  counter?: number;
  /** Clock; default `Date.now`. */
  now?: () => number;
  /** Month boundaries in UTC instead of this process's local time zone. */
  utc?: boolean;
}

/** Builds `UNIQ_KEY` ids exactly like Java's `MessageClientIDSetter.createUniqID` (§8.2). */
export class UniqueIdGenerator {
  private readonly prefix: string;
  private readonly now: () => number;
  private readonly utc: boolean;
  private counter: number;
  private monthStart = 0;
  private nextMonthStart = 0;

  constructor(options: UniqueIdGeneratorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.utc = options.utc ?? false;
    const ip = options.ip === undefined ? defaultClientIp(this.now()) : typeof options.ip === 'string' ? parseIp(options.ip) : Buffer.from(options.ip);
    if (ip.length !== 4 && ip.length !== 16) throw new RangeError('client IP must have 4 or 16 bytes');
    const fixed = Buffer.alloc(ip.length + 6);
    fixed.set(ip, 0);
    fixed.writeUInt16BE((options.pid ?? process.pid) & 0xffff, ip.length);
    fixed.writeInt32BE((options.classLoaderHash ?? randomBytes(4).readInt32BE(0)) | 0, ip.length + 2);
    this.prefix = toHex(fixed);
    this.counter = (options.counter ?? 0) & 0xffff;
  }

  next(): string {
    const current = this.now();
    if (current >= this.nextMonthStart) {
      this.monthStart = startOfMonth(current, this.utc);
      this.nextMonthStart = startOfMonth(current, this.utc, 1);
    }
    // Java keeps the difference in an int (it wraps after ~24.8 days; the bits are the same as
    // the unsigned value) and rounds small negative differences (clock steps) to 0.
    let diff = (current - this.monthStart) | 0;
    if (diff < 0 && diff > -1_000_000) diff = 0;
    const tail = Buffer.alloc(6);
    tail.writeInt32BE(diff, 0);
    tail.writeUInt16BE(this.counter, 4);
    this.counter = (this.counter + 1) & 0xffff;
    return this.prefix + toHex(tail);
  }
}
