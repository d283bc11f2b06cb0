/**
 * The binary stored-message record (message-format.md §1–§4) carried by PULL_MESSAGE,
 * QUERY_MESSAGE, VIEW_MESSAGE_BY_ID, CONSUME_MESSAGE_DIRECTLY and CHECK_TRANSACTION_STATE
 * bodies, and the SEND_BATCH_MESSAGE body (§5). All integers big-endian.
 */
import * as zlib from 'node:zlib';
import { createOffsetMessageIdFromBytes, formatHostPort, parseHostPort } from './messageId.js';
import { decodeMessageProperties, encodeMessageProperties, type MessagePropertiesInput } from './properties.js';

/** MAGICCODE values (§1). V2 (2-byte topic length) is written by 5.x brokers for topics > 127 bytes. */
export const MESSAGE_MAGIC_V1 = -626843481; // 0xDAA320A7
export const MESSAGE_MAGIC_V2 = -626843477; // 0xDAA320AB
/** End-of-file filler in a commit-log file; never part of a response. */
export const MESSAGE_MAGIC_BLANK = -875286124; // 0xCBD43194

/** Message sysFlag bits (§2); not the pull or topic sysFlags. */
export const MessageSysFlag = {
  COMPRESSED: 0x1,
  MULTI_TAGS: 0x2,
  TRANSACTION_MASK: 0xc,
  TRANSACTION_NOT_TYPE: 0x0,
  TRANSACTION_PREPARED: 0x4,
  TRANSACTION_COMMIT: 0x8,
  TRANSACTION_ROLLBACK: 0xc,
  BORNHOST_V6: 0x10,
  STOREHOST_V6: 0x20,
  NEED_UNWRAP: 0x40,
  INNER_BATCH: 0x80,
  COMPRESSION_TYPE_MASK: 0x700,
} as const;

export type CompressionType = 'zlib' | 'lz4' | 'zstd';

/** `(sysFlag & 0x700) >> 8`: 0 (legacy) and 3 are zlib, 1 LZ4, 2 ZSTD (§2, §3). */
export function compressionTypeOf(sysFlag: number): CompressionType | undefined {
  if ((sysFlag & MessageSysFlag.COMPRESSED) === 0) return undefined;
  const t = (sysFlag & MessageSysFlag.COMPRESSION_TYPE_MASK) >> 8;
  return t === 1 ? 'lz4' : t === 2 ? 'zstd' : t === 0 || t === 3 ? 'zlib' : undefined;
}

/** The sysFlag bits a producer sets for a body it compressed with zlib (`0x301`, §3). */
export const ZLIB_COMPRESSED_SYSFLAG = MessageSysFlag.COMPRESSED | (3 << 8);

// ---------------------------------------------------------------------------------------------
// CRC-32
// ---------------------------------------------------------------------------------------------

let crcTable: Int32Array | undefined;

/** Table-driven CRC-32, used when Node lacks `zlib.crc32` (exported so tests can compare both). */
export function crc32Portable(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = (crcTable[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** Standard CRC-32 (zlib polynomial), unsigned. `zlib.crc32` exists only in newer Node 20 releases. */
export function crc32(data: Uint8Array): number {
  return typeof nativeCrc32 === 'function' ? nativeCrc32(data) >>> 0 : crc32Portable(data);
}

/** BODYCRC of a record (§1, §9): CRC-32 of the stored body masked to 31 bits (Java `UtilAll.crc32`). */
export function bodyCrc(body: Uint8Array): number {
  return crc32(body) & 0x7fffffff;
}

// ---------------------------------------------------------------------------------------------
// Stored record
// ---------------------------------------------------------------------------------------------

export interface MessageExt {
  topic: string;
  queueId: number;
  flag: number;
  queueOffset: number;
  commitLogOffset: number;
  /** As stored (Java 5.x clears bit 0 in memory after decompressing; we keep the stored value). */
  sysFlag: number;
  bornTimestamp: number;
  /** `"ip:port"`, IPv6 as `"[::1]:port"`. */
  bornHost: string;
  storeTimestamp: number;
  storeHost: string;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  /** BODYCRC field as stored (covers the stored, possibly compressed, bytes). */
  bodyCRC: number;
  /** Decompressed body, unless {@link compressed} is true. */
  body: Buffer;
  properties: Record<string, string>;
  /** `TAGS` property. */
  tags?: string;
  /** `KEYS` property split on spaces (empty tokens dropped). */
  keys?: string[];
  /** `UNIQ_KEY` property. */
  uniqKey?: string;
  /** What Java shows as the message id: `UNIQ_KEY`, else the offset id (§8.2). */
  msgId: string;
  /** Offset message id computed from the store host and commit-log offset (§8.1). */
  offsetMsgId: string;
  /** TOTALSIZE. */
  storeSize: number;
  /** True when {@link body} still holds compressed bytes (decompression skipped, unsupported or failed). */
  compressed: boolean;
  /** Algorithm the stored body was compressed with, when sysFlag bit 0 is set. */
  compression?: CompressionType;
  magic: 'v1' | 'v2';
}

export interface DecodeMessagesOptions {
  /** Inflate zlib bodies (default true). LZ4/ZSTD bodies are always returned raw. */
  decompress?: boolean;
}

export interface DecodeMessagesResult {
  messages: MessageExt[];
  /** Bytes left undecoded because a record was truncated or garbled (0 when all was read). */
  trailingBytes: number;
  /** Why decoding stopped early. */
  error?: string;
}

class RecordError extends Error {}

/** Bounds-checked sequential reader: running past the end means a truncated record. */
class Cursor {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
    private readonly end: number,
  ) {}

  private need(n: number): number {
    if (n < 0 || this.pos + n > this.end) throw new RecordError(`record truncated at byte ${this.pos} (needs ${n} more)`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  i8(): number {
    return this.buf.readInt8(this.need(1));
  }
  i16(): number {
    return this.buf.readInt16BE(this.need(2));
  }
  u16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }
  i32(): number {
    return this.buf.readInt32BE(this.need(4));
  }
  i64(): number {
    return Number(this.buf.readBigInt64BE(this.need(8)));
  }
  bytes(n: number): Buffer {
    const at = this.need(n);
    return Buffer.from(this.buf.subarray(at, at + n));
  }
}

function decompressBody(raw: Buffer, compression: CompressionType | undefined, decompress: boolean): { body: Buffer; compressed: boolean } {
  if (!compression) return { body: raw, compressed: false };
  if (!decompress || compression !== 'zlib') return { body: raw, compressed: true };
  try {
    return { body: zlib.inflateSync(raw), compressed: false };
  } catch {
    // Java would stop decoding here; the record framing is intact, so keep it with its raw body.
    return { body: raw, compressed: true };
  }
}

/** Decodes the record at `start` (Java `MessageDecoder.decode`, sequential field reads). */
function decodeRecord(buf: Buffer, start: number, decompress: boolean): MessageExt {
  const r = new Cursor(buf, start, buf.length);
  const storeSize = r.i32();
  if (storeSize < 4 || start + storeSize > buf.length) {
    throw new RecordError(`TOTALSIZE ${storeSize} at byte ${start} exceeds the ${buf.length - start} bytes left`);
  }
  const magicCode = r.i32();
  if (magicCode !== MESSAGE_MAGIC_V1 && magicCode !== MESSAGE_MAGIC_V2) {
    throw new RecordError(`unknown MAGICCODE 0x${(magicCode >>> 0).toString(16)} at byte ${start + 4}`);
  }
  const bodyCRC = r.i32();
  const queueId = r.i32();
  const flag = r.i32();
  const queueOffset = r.i64();
  const commitLogOffset = r.i64();
  const sysFlag = r.i32();
  const bornTimestamp = r.i64();
  const bornIp = r.bytes(sysFlag & MessageSysFlag.BORNHOST_V6 ? 16 : 4);
  const bornPort = r.i32();
  const storeTimestamp = r.i64();
  const storeIp = r.bytes(sysFlag & MessageSysFlag.STOREHOST_V6 ? 16 : 4);
  const storePort = r.i32();
  const reconsumeTimes = r.i32();
  const preparedTransactionOffset = r.i64();
  const bodyLen = r.i32();
  if (bodyLen < 0) throw new RecordError(`negative BODYLENGTH at byte ${r.pos - 4}`);
  const rawBody = r.bytes(bodyLen);
  // V1: one signed byte (a negative length is an error, as in Java); V2: two bytes.
  const topicLen = magicCode === MESSAGE_MAGIC_V1 ? r.i8() : r.u16();
  if (topicLen < 0) throw new RecordError(`negative topic length at byte ${r.pos - 1}`);
  const topic = r.bytes(topicLen).toString('utf8');
  const propsLen = r.i16();
  const properties = propsLen > 0 ? decodeMessageProperties(r.bytes(propsLen).toString('utf8')) : (Object.create(null) as Record<string, string>);
  if (r.pos - start !== storeSize) {
    throw new RecordError(`TOTALSIZE ${storeSize} at byte ${start} does not match the ${r.pos - start} bytes of its fields`);
  }

  const compression = compressionTypeOf(sysFlag);
  const { body, compressed } = decompressBody(rawBody, compression, decompress);
  const offsetMsgId = createOffsetMessageIdFromBytes(storeIp, storePort, commitLogOffset);
  const tags = properties.TAGS;
  const keysProp = properties.KEYS;
  const uniqKey = properties.UNIQ_KEY;
  const msg: MessageExt = {
    topic,
    queueId,
    flag,
    queueOffset,
    commitLogOffset,
    sysFlag,
    bornTimestamp,
    bornHost: formatHostPort(bornIp, bornPort),
    storeTimestamp,
    storeHost: formatHostPort(storeIp, storePort),
    reconsumeTimes,
    preparedTransactionOffset,
    bodyCRC,
    body,
    properties,
    msgId: uniqKey ?? offsetMsgId,
    offsetMsgId,
    storeSize,
    compressed,
    magic: magicCode === MESSAGE_MAGIC_V1 ? 'v1' : 'v2',
  };
  if (tags !== undefined) msg.tags = tags;
  if (keysProp !== undefined) msg.keys = keysProp.split(' ').filter((k) => k !== '');
  if (uniqKey !== undefined) msg.uniqKey = uniqKey;
  if (compression) msg.compression = compression;
  return msg;
}

/**
 * Decodes concatenated stored records until the buffer ends (§4). Like Java's
 * `MessageDecoder.decodes`, a truncated or garbled record stops decoding; what was decoded
 * before it is returned, with the number of bytes left over. A record is garbled when its magic
 * is unknown, a length is negative, or its TOTALSIZE disagrees with its fields (Java would read on
 * misaligned). Unlike Java, a zlib body that fails to inflate does not stop decoding: the record
 * is kept with its raw body and `compressed: true`.
 */
export function decodeMessagesDetailed(buf: Buffer, options: DecodeMessagesOptions = {}): DecodeMessagesResult {
  const decompress = options.decompress ?? true;
  const messages: MessageExt[] = [];
  let pos = 0;
  while (pos < buf.length) {
    try {
      const msg = decodeRecord(buf, pos, decompress);
      messages.push(msg);
      pos += msg.storeSize;
    } catch (e) {
      if (!(e instanceof RecordError)) throw e;
      return { messages, trailingBytes: buf.length - pos, error: e.message };
    }
  }
  return { messages, trailingBytes: 0 };
}

/** {@link decodeMessagesDetailed} without the leftover information. */
export function decodeMessages(buf: Buffer, options: DecodeMessagesOptions = {}): MessageExt[] {
  return decodeMessagesDetailed(buf, options).messages;
}

export class MessageDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessageDecodeError';
  }
}

/**
 * Decodes a body that must hold exactly one record (VIEW_MESSAGE_BY_ID, CONSUME_MESSAGE_DIRECTLY,
 * CHECK_TRANSACTION_STATE).
 * @throws MessageDecodeError when the body is not exactly one valid record
 */
export function decodeMessage(buf: Buffer, options: DecodeMessagesOptions = {}): MessageExt {
  const { messages, trailingBytes, error } = decodeMessagesDetailed(buf, options);
  const [first] = messages;
  if (first === undefined || messages.length !== 1 || trailingBytes !== 0) {
    throw new MessageDecodeError(error ?? `expected exactly one message record, found ${messages.length}`);
  }
  return first;
}

export interface EncodeMessageInput {
  topic: string;
  queueId: number;
  flag?: number;
  queueOffset?: number | bigint;
  commitLogOffset?: number | bigint;
  /** Bits 4/5 (IPv6 hosts) are derived from the host addresses, whatever is passed here. */
  sysFlag?: number;
  bornTimestamp: number | bigint;
  bornHost: string;
  storeTimestamp: number | bigint;
  storeHost: string;
  reconsumeTimes?: number;
  preparedTransactionOffset?: number | bigint;
  /** Body as stored: already compressed when sysFlag says so. BODYCRC is computed over it. */
  body: Uint8Array | string;
  /**
   * Properties as a record/map (encoded with a trailing separator, as 5.x does), or an already
   * encoded properties string used verbatim (e.g. 4.9.8's form without the final `\u0002`).
   */
  properties?: MessagePropertiesInput | string;
  /** Default: V1, or V2 when the UTF-8 topic is longer than 127 bytes (5.x `autoMessageVersionOnTopicLen`). */
  magic?: 'v1' | 'v2';
}

/**
 * Encodes one stored record byte-identical to Java's broker encoder (`MessageExtEncoder`,
 * §1): computes TOTALSIZE and BODYCRC.
 * @throws RangeError when the topic does not fit the chosen magic or properties exceed 32767 bytes
 */
export function encodeMessage(msg: EncodeMessageInput): Buffer {
  const born = parseHostPort(msg.bornHost);
  const store = parseHostPort(msg.storeHost);
  const body = typeof msg.body === 'string' ? Buffer.from(msg.body, 'utf8') : msg.body;
  const topic = Buffer.from(msg.topic, 'utf8');
  const props = Buffer.from(
    typeof msg.properties === 'string' ? msg.properties : encodeMessageProperties(msg.properties ?? {}),
    'utf8',
  );
  const magic = msg.magic ?? (topic.length > 127 ? 'v2' : 'v1');
  if (magic === 'v1' && topic.length > 127) throw new RangeError(`topic of ${topic.length} bytes does not fit a V1 record (max 127)`);
  if (topic.length > 32767) throw new RangeError(`topic of ${topic.length} bytes is too long`);
  if (props.length > 32767) throw new RangeError(`properties of ${props.length} bytes exceed 32767`);

  const sysFlag =
    ((msg.sysFlag ?? 0) & ~(MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6)) |
    (born.ipBytes.length === 16 ? MessageSysFlag.BORNHOST_V6 : 0) |
    (store.ipBytes.length === 16 ? MessageSysFlag.STOREHOST_V6 : 0);
  const topicLenSize = magic === 'v1' ? 1 : 2;
  const size =
    4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + (born.ipBytes.length + 4) + 8 + (store.ipBytes.length + 4) + 4 + 8 +
    4 + body.length + topicLenSize + topic.length + 2 + props.length;

  const out = Buffer.alloc(size);
  let p = 0;
  p = out.writeInt32BE(size, p);
  p = out.writeInt32BE(magic === 'v1' ? MESSAGE_MAGIC_V1 : MESSAGE_MAGIC_V2, p);
  p = out.writeInt32BE(bodyCrc(body), p);
  p = out.writeInt32BE(msg.queueId, p);
  p = out.writeInt32BE(msg.flag ?? 0, p);
  p = out.writeBigInt64BE(BigInt(msg.queueOffset ?? 0), p);
  p = out.writeBigInt64BE(BigInt(msg.commitLogOffset ?? 0), p);
  p = out.writeInt32BE(sysFlag, p);
  p = out.writeBigInt64BE(BigInt(msg.bornTimestamp), p);
  p += born.ipBytes.copy(out, p);
  p = out.writeInt32BE(born.port, p);
  p = out.writeBigInt64BE(BigInt(msg.storeTimestamp), p);
  p += store.ipBytes.copy(out, p);
  p = out.writeInt32BE(store.port, p);
  p = out.writeInt32BE(msg.reconsumeTimes ?? 0, p);
  p = out.writeBigInt64BE(BigInt(msg.preparedTransactionOffset ?? 0), p);
  p = out.writeInt32BE(body.length, p);
  p += Buffer.from(body.buffer, body.byteOffset, body.byteLength).copy(out, p);
  p = magic === 'v1' ? out.writeInt8(topic.length, p) : out.writeUInt16BE(topic.length, p);
  p += topic.copy(out, p);
  p = out.writeInt16BE(props.length, p);
  props.copy(out, p);
  return out;
}

// ---------------------------------------------------------------------------------------------
// SEND_BATCH_MESSAGE body (§5)
// ---------------------------------------------------------------------------------------------

export interface BatchMessage {
  flag: number;
  body: Buffer;
  properties: Record<string, string>;
}

export interface BatchMessageInput {
  flag?: number;
  body: Uint8Array | string;
  /** Record/map (trailing separator, as 5.x writes) or a verbatim properties string. */
  properties?: MessagePropertiesInput | string;
}

/** Java `MessageDecoder.encodeMessages`: TOTALSIZE, MAGIC 0, BODYCRC 0, FLAG, body, int16 properties. */
export function encodeBatchBody(messages: readonly BatchMessageInput[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of messages) {
    const body = typeof m.body === 'string' ? Buffer.from(m.body, 'utf8') : Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength);
    const props = Buffer.from(typeof m.properties === 'string' ? m.properties : encodeMessageProperties(m.properties ?? {}), 'utf8');
    if (props.length > 32767) throw new RangeError(`properties of ${props.length} bytes exceed 32767`);
    const size = 4 + 4 + 4 + 4 + 4 + body.length + 2 + props.length;
    const rec = Buffer.alloc(size);
    let p = rec.writeInt32BE(size, 0);
    p = rec.writeInt32BE(0, p);
    p = rec.writeInt32BE(0, p);
    p = rec.writeInt32BE(m.flag ?? 0, p);
    p = rec.writeInt32BE(body.length, p);
    p += body.copy(rec, p);
    p = rec.writeInt16BE(props.length, p);
    props.copy(rec, p);
    parts.push(rec);
  }
  return Buffer.concat(parts);
}

/**
 * Java `MessageDecoder.decodeMessages` for SEND_BATCH_MESSAGE bodies. Java throws on a
 * malformed batch (and the broker answers an error), so this throws too.
 * @throws MessageDecodeError on truncation or a TOTALSIZE that disagrees with the fields
 */
export function decodeBatchBody(buf: Buffer): BatchMessage[] {
  const out: BatchMessage[] = [];
  let pos = 0;
  try {
    while (pos < buf.length) {
      const r = new Cursor(buf, pos, buf.length);
      const size = r.i32();
      r.i32(); // MAGICCODE, 0 in batches
      r.i32(); // BODYCRC, 0 in batches
      const flag = r.i32();
      const body = r.bytes(r.i32());
      const propsLen = r.i16();
      const properties = decodeMessageProperties(r.bytes(Math.max(propsLen, 0)).toString('utf8'));
      if (r.pos - pos !== size) throw new RecordError(`TOTALSIZE ${size} at byte ${pos} does not match the ${r.pos - pos} bytes of its fields`);
      out.push({ flag, body, properties });
      pos = r.pos;
    }
  } catch (e) {
    if (e instanceof RecordError) throw new MessageDecodeError(`malformed batch body: ${e.message}`);
    throw e;
  }
  return out;
}
