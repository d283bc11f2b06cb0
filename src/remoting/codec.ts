// Frame codec (framing.md §2, §4, §5).
//
//   int32 frameLength   = 4 + headerLength + bodyLength (does not count itself)
//   int32 headerInfo    = serializeType << 24 | headerLength
//   header bytes        JSON (type 0) or the binary "ROCKETMQ" layout (type 1)
//   body bytes          the rest
//
// This module is the only place that knows these bytes.

import {
  DEFAULT_LANGUAGE,
  LANGUAGE_CODES,
  type RemotingCommand,
  type SerializeType,
} from './command.js';
import { FrameDecodeError, FrameTooLargeError } from './errors.js';

/** Java's `LengthFieldBasedFrameDecoder` limit: frameLength + 4 <= 16 MiB (framing.md §2). */
export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

const SERIALIZE_JSON = 0;
const SERIALIZE_ROCKETMQ = 1;

// ---------------------------------------------------------------------------------------------
// Encoding

/**
 * Encodes a whole frame, length prefix included. The header is written the way Java writes it:
 * JSON keys in alphabetical order with `serializeTypeCurrentRPC`, or the binary layout, so that
 * a frame decoded from a Java peer re-encodes to the same bytes.
 */
export function encodeFrame(cmd: RemotingCommand, serializeType: SerializeType = cmd.serializeType): Buffer {
  const header = serializeType === 'ROCKETMQ' ? encodeBinaryHeader(cmd) : encodeJsonHeader(cmd);
  const bodyLength = cmd.body ? cmd.body.length : 0;
  const prefix = Buffer.allocUnsafe(8);
  prefix.writeInt32BE(4 + header.length + bodyLength, 0);
  const typeByte = serializeType === 'ROCKETMQ' ? SERIALIZE_ROCKETMQ : SERIALIZE_JSON;
  prefix.writeUInt32BE(((typeByte << 24) | (header.length & 0xffffff)) >>> 0, 4);
  return cmd.body && bodyLength > 0 ? Buffer.concat([prefix, header, cmd.body]) : Buffer.concat([prefix, header]);
}

function encodeJsonHeader(cmd: RemotingCommand): Buffer {
  // fastjson writes bean properties alphabetically and omits nulls (framing.md §4).
  let json = `{"code":${cmd.code | 0}`;
  if (cmd.extFields) {
    const parts: string[] = [];
    for (const [key, value] of Object.entries(cmd.extFields)) {
      if (value === null || value === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${JSON.stringify(String(value))}`);
    }
    json += `,"extFields":{${parts.join(',')}}`;
  }
  json += `,"flag":${cmd.flag | 0},"language":${JSON.stringify(cmd.language)},"opaque":${cmd.opaque | 0}`;
  if (cmd.remark !== null && cmd.remark !== undefined) json += `,"remark":${JSON.stringify(cmd.remark)}`;
  json += `,"serializeTypeCurrentRPC":"JSON","version":${cmd.version | 0}}`;
  return Buffer.from(json, 'utf8');
}

function encodeBinaryHeader(cmd: RemotingCommand): Buffer {
  const remark = cmd.remark ? Buffer.from(cmd.remark, 'utf8') : null;
  const entries: Array<[Buffer, Buffer]> = [];
  let extLength = 0;
  if (cmd.extFields) {
    for (const [key, value] of Object.entries(cmd.extFields)) {
      // Java skips null keys and values; an empty string cannot be sent (it decodes as null).
      if (value === null || value === undefined) continue;
      const k = Buffer.from(key, 'utf8');
      const v = Buffer.from(String(value), 'utf8');
      entries.push([k, v]);
      extLength += 2 + k.length + 4 + v.length;
    }
  }
  const remarkLength = remark ? remark.length : 0;
  const out = Buffer.allocUnsafe(2 + 1 + 2 + 4 + 4 + 4 + remarkLength + 4 + extLength);
  let pos = 0;
  // code and version are int16 in this layout: Java casts with (short).
  out.writeInt16BE((cmd.code << 16) >> 16, pos); pos += 2;
  out.writeUInt8(languageOrdinal(cmd.language), pos); pos += 1;
  out.writeInt16BE((cmd.version << 16) >> 16, pos); pos += 2;
  out.writeInt32BE(cmd.opaque | 0, pos); pos += 4;
  out.writeInt32BE(cmd.flag | 0, pos); pos += 4;
  out.writeInt32BE(remarkLength, pos); pos += 4;
  if (remark) { remark.copy(out, pos); pos += remark.length; }
  out.writeInt32BE(extLength, pos); pos += 4;
  for (const [k, v] of entries) {
    out.writeInt16BE(k.length, pos); pos += 2;
    k.copy(out, pos); pos += k.length;
    out.writeInt32BE(v.length, pos); pos += 4;
    v.copy(out, pos); pos += v.length;
  }
  return out;
}

function languageOrdinal(language: string): number {
  const index = (LANGUAGE_CODES as readonly string[]).indexOf(language);
  // OTHER for names we cannot express; never NODE_JS-style unknowns that a 4.9 peer maps to null.
  return index >= 0 ? index : LANGUAGE_CODES.indexOf('OTHER');
}

// ---------------------------------------------------------------------------------------------
// Decoding

/**
 * Decodes one whole frame (length prefix included). Throws FrameDecodeError when the bytes are
 * not exactly one valid frame.
 */
export function decodeFrame(frame: Buffer): RemotingCommand {
  if (frame.length < 8) throw new FrameDecodeError(`frame too short: ${frame.length} bytes`);
  const frameLength = frame.readInt32BE(0);
  if (frameLength !== frame.length - 4) {
    throw new FrameDecodeError(`frame length field says ${frameLength} bytes but ${frame.length - 4} follow it`);
  }
  return decodeFrameContent(frame.subarray(4));
}

/**
 * Bounds on the header of a frame, so that the work one frame costs is bounded (servers use
 * them; Java has only the frame size, but no real request comes near these).
 */
export interface DecodeLimits {
  /** Largest header, in bytes. */
  maxHeaderBytes?: number;
  /** Most ext fields. */
  maxExtFields?: number;
}

/** What the embedded servers accept: a request header is a few hundred bytes and a few dozen fields. */
export const SERVER_DECODE_LIMITS: Required<DecodeLimits> = { maxHeaderBytes: 256 * 1024, maxExtFields: 512 };

/** Decodes the bytes that follow the length prefix: header info, header, body. */
export function decodeFrameContent(content: Buffer, limits: DecodeLimits = {}): RemotingCommand {
  if (content.length < 4) throw new FrameDecodeError(`frame too short: ${content.length} bytes after the length`);
  const headerInfo = content.readUInt32BE(0);
  const type = headerInfo >>> 24;
  const headerLength = headerInfo & 0xffffff;
  if (headerLength > content.length - 4) {
    throw new FrameDecodeError(`header length ${headerLength} exceeds the frame (${content.length - 4} bytes)`);
  }
  if (limits.maxHeaderBytes !== undefined && headerLength > limits.maxHeaderBytes) {
    throw new FrameDecodeError(`header of ${headerLength} bytes exceeds the limit of ${limits.maxHeaderBytes}`);
  }
  const header = content.subarray(4, 4 + headerLength);
  const bodyBytes = content.subarray(4 + headerLength);
  const body = bodyBytes.length > 0 ? bodyBytes : null;
  const maxFields = limits.maxExtFields ?? Infinity;
  if (type === SERIALIZE_JSON) return { ...decodeJsonHeader(header, maxFields), body, serializeType: 'JSON' };
  if (type === SERIALIZE_ROCKETMQ) return { ...decodeBinaryHeader(header, maxFields), body, serializeType: 'ROCKETMQ' };
  throw new FrameDecodeError(`unknown serialization type ${type} in header info 0x${headerInfo.toString(16)}`);
}

type Header = Omit<RemotingCommand, 'body' | 'serializeType'>;

function tooManyFields(max: number): FrameDecodeError {
  return new FrameDecodeError(`header has more than ${max} ext fields`);
}

function decodeJsonHeader(header: Buffer, maxFields: number): Header {
  let parsed: unknown;
  try {
    parsed = JSON.parse(header.toString('utf8'));
  } catch (err) {
    throw new FrameDecodeError(`JSON header is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new FrameDecodeError('JSON header is not an object');
  }
  const h = parsed as Record<string, unknown>;
  return {
    code: toInt(h.code, 'code'),
    language: decodeLanguage(h.language),
    version: toInt(h.version ?? 0, 'version'),
    opaque: toInt(h.opaque ?? 0, 'opaque'),
    flag: toInt(h.flag ?? 0, 'flag'),
    remark: typeof h.remark === 'string' ? h.remark : h.remark == null ? null : String(h.remark),
    extFields: decodeJsonExtFields(h.extFields, maxFields),
  };
}

function toInt(value: unknown, field: string): number {
  // Java accepts numbers given as strings; peers like ali-ons are loose about types.
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new FrameDecodeError(`JSON header field ${field} is not a number`);
  return Math.trunc(n);
}

function decodeLanguage(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return LANGUAGE_CODES[value] ?? `UNKNOWN(${value})`;
  return DEFAULT_LANGUAGE;
}

function decodeJsonExtFields(value: unknown, maxFields: number): Record<string, string> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new FrameDecodeError('JSON header extFields is not an object');
  const out: Record<string, string> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > maxFields) throw tooManyFields(maxFields);
  for (const [key, v] of entries) {
    // Java coerces typed values to strings (ali-ons sends numbers and booleans); null = absent.
    if (v === null || v === undefined) continue;
    out[key] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

function decodeBinaryHeader(header: Buffer, maxFields: number): Header {
  let pos = 0;
  const need = (n: number, what: string): void => {
    if (pos + n > header.length) throw new FrameDecodeError(`binary header truncated reading ${what}`);
  };
  need(17, 'fixed fields');
  const code = header.readInt16BE(pos); pos += 2;
  const languageByte = header.readUInt8(pos); pos += 1;
  const version = header.readInt16BE(pos); pos += 2;
  const opaque = header.readInt32BE(pos); pos += 4;
  const flag = header.readInt32BE(pos); pos += 4;
  const remarkLength = header.readInt32BE(pos); pos += 4;
  if (remarkLength < 0 || remarkLength > header.length - pos) throw new FrameDecodeError(`binary header remark length ${remarkLength} is out of range`);
  // A zero length decodes as null, as Java does.
  const remark = remarkLength > 0 ? header.toString('utf8', pos, pos + remarkLength) : null;
  pos += remarkLength;
  need(4, 'ext fields length');
  const extLength = header.readInt32BE(pos); pos += 4;
  if (extLength < 0 || extLength > header.length - pos) throw new FrameDecodeError(`binary header ext fields length ${extLength} is out of range`);
  let extFields: Record<string, string> | null = null;
  if (extLength > 0) {
    extFields = {};
    const end = pos + extLength;
    let count = 0;
    while (pos < end) {
      if (++count > maxFields) throw tooManyFields(maxFields);
      if (pos + 2 > end) throw new FrameDecodeError('binary header ext field truncated reading key length');
      const keyLength = header.readInt16BE(pos); pos += 2;
      if (keyLength < 0 || pos + keyLength + 4 > end) throw new FrameDecodeError(`binary header ext key length ${keyLength} is out of range`);
      const key = header.toString('utf8', pos, pos + keyLength); pos += keyLength;
      const valueLength = header.readInt32BE(pos); pos += 4;
      if (valueLength < 0 || pos + valueLength > end) throw new FrameDecodeError(`binary header ext value length ${valueLength} is out of range`);
      // Later duplicates win (FastCodesHeader fields may repeat in extFields): a map put.
      if (valueLength > 0) extFields[key] = header.toString('utf8', pos, pos + valueLength);
      else delete extFields[key];
      pos += valueLength;
    }
  }
  return {
    code,
    language: LANGUAGE_CODES[languageByte] ?? `UNKNOWN(${languageByte})`,
    version,
    opaque,
    flag,
    remark,
    extFields,
  };
}

// ---------------------------------------------------------------------------------------------
// Streaming

/**
 * Reassembles frames from a byte stream split or coalesced at any point. Chunks are kept in a
 * list and copied once per frame, so a large frame arriving in many small reads costs one copy.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1;
  private brokenError: Error | undefined;

  constructor(private readonly maxFrameSize: number = DEFAULT_MAX_FRAME_SIZE) {}

  /** Feeds bytes; returns every whole frame they complete, as commands. */
  push(chunk: Buffer): RemotingCommand[] {
    return this.pushRaw(chunk).map((content) => decodeFrameContent(content));
  }

  /**
   * Feeds bytes; returns the content (after the length prefix) of every frame completed. When
   * the stream turns out to be broken (a bad length prefix) after some frames were completed,
   * those frames are returned and the error is kept in `broken`, so the good frames that came
   * before it are still served; the next call throws it.
   */
  pushRaw(chunk: Buffer): Buffer[] {
    if (this.brokenError) throw this.brokenError;
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Buffer[] = [];
    try {
      for (;;) {
        if (this.expected < 0) {
          if (this.buffered < 4) break;
          const frameLength = this.take(4).readInt32BE(0);
          if (frameLength < 4) throw new FrameDecodeError(`invalid frame length ${frameLength}`);
          if (frameLength + 4 > this.maxFrameSize) throw new FrameTooLargeError(frameLength + 4, this.maxFrameSize);
          this.expected = frameLength;
        }
        if (this.buffered < this.expected) break;
        frames.push(this.take(this.expected));
        this.expected = -1;
      }
    } catch (err) {
      this.brokenError = err as Error;
      if (frames.length === 0) throw err;
    }
    return frames;
  }

  /** The error that broke the stream, once a bad length prefix has been seen. */
  get broken(): Error | undefined {
    return this.brokenError;
  }

  /** Bytes received that do not yet form a whole frame. */
  get pendingBytes(): number {
    return this.buffered + (this.expected >= 0 ? 4 : 0);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let copied = 0;
      while (copied < n) {
        const c = this.chunks[0]!;
        const len = Math.min(c.length, n - copied);
        c.copy(out, copied, 0, len);
        copied += len;
        if (len === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(len);
      }
    }
    this.buffered -= n;
    return out;
  }
}
