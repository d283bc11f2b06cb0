/**
 * The commit log (store.md §2): one logical byte stream of stored records (message-format.md §1)
 * split into fixed-size segments named by their 20-digit start offset. A record never spans two
 * segments; when `record + 8` does not fit, an 8-byte BLANK filler `[remaining][0xCBD43194]` ends
 * the segment. Segment files grow as they are written; a finished segment is extended (sparsely)
 * to the full segment size so the geometry matches Java's.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { bodyCrc, MESSAGE_MAGIC_BLANK, MESSAGE_MAGIC_V1, MESSAGE_MAGIC_V2, MessageSysFlag } from '../../protocol/message.js';
import { FilePool, listOffsetFiles, offsetFileName, StoreFile } from './files.js';

/** Java `CommitLog.END_FILE_MIN_BLANK_LENGTH`: room always left for the filler header. */
export const END_FILE_MIN_BLANK_LENGTH = 8;

/** Offsets of the fixed fields of a stored record (message-format.md §1). */
export const RecordPos = {
  TOTAL_SIZE: 0,
  MAGIC: 4,
  BODY_CRC: 8,
  QUEUE_ID: 12,
  FLAG: 16,
  QUEUE_OFFSET: 20,
  PHYSICAL_OFFSET: 28,
  SYS_FLAG: 36,
  BORN_TIMESTAMP: 40,
  BORN_HOST: 48,
} as const;

/** Smallest V1 record: IPv4 hosts, empty body, topic and properties. */
const MIN_RECORD_SIZE = 88 + 1 + 2;

/** What the store needs of a record: where it goes (dispatch) and whether it is intact. */
export interface RecordView {
  size: number;
  queueId: number;
  queueOffset: number;
  physicalOffset: number;
  sysFlag: number;
  storeTimestamp: number;
  topic: string;
  /** The encoded property string (message-format.md §6). */
  properties: string;
}

function storeTimestampPos(sysFlag: number): number {
  return RecordPos.BORN_HOST + (sysFlag & MessageSysFlag.BORNHOST_V6 ? 20 : 8);
}

/**
 * Parses and checks the record at `at` (its TOTALSIZE bytes must be in `buf`): magic, field
 * lengths adding up to TOTALSIZE and, when asked, BODYCRC. Returns the reason when it is not a
 * well-formed record.
 */
export function parseStoredRecord(buf: Buffer, at: number, verifyCrc: boolean): RecordView | string {
  if (at + 8 > buf.length) return 'truncated header';
  const size = buf.readInt32BE(at);
  const magic = buf.readInt32BE(at + RecordPos.MAGIC);
  if (magic !== MESSAGE_MAGIC_V1 && magic !== MESSAGE_MAGIC_V2) return `bad magic 0x${(magic >>> 0).toString(16)}`;
  if (size < MIN_RECORD_SIZE || at + size > buf.length) return `bad total size ${size}`;
  const end = at + size;
  const sysFlag = buf.readInt32BE(at + RecordPos.SYS_FLAG);
  const tsPos = at + storeTimestampPos(sysFlag);
  let p = tsPos + 8 + (sysFlag & MessageSysFlag.STOREHOST_V6 ? 20 : 8) + 4 + 8;
  if (p + 4 > end) return 'truncated fixed fields';
  const bodyLen = buf.readInt32BE(p);
  p += 4;
  if (bodyLen < 0 || p + bodyLen > end) return `bad body length ${bodyLen}`;
  const bodyStart = p;
  p += bodyLen;
  const v1 = magic === MESSAGE_MAGIC_V1;
  if (p + (v1 ? 1 : 2) > end) return 'truncated topic length';
  const topicLen = v1 ? buf.readInt8(p) : buf.readUInt16BE(p);
  p += v1 ? 1 : 2;
  if (topicLen < 0 || p + topicLen + 2 > end) return `bad topic length ${topicLen}`;
  const topic = buf.toString('utf8', p, p + topicLen);
  p += topicLen;
  const propsLen = buf.readInt16BE(p);
  p += 2;
  if (propsLen < 0 || p + propsLen !== end) return `bad properties length ${propsLen}`;
  if (verifyCrc && bodyCrc(buf.subarray(bodyStart, bodyStart + bodyLen)) !== buf.readInt32BE(at + RecordPos.BODY_CRC)) {
    return 'body CRC mismatch';
  }
  return {
    size,
    queueId: buf.readInt32BE(at + RecordPos.QUEUE_ID),
    queueOffset: Number(buf.readBigInt64BE(at + RecordPos.QUEUE_OFFSET)),
    physicalOffset: Number(buf.readBigInt64BE(at + RecordPos.PHYSICAL_OFFSET)),
    sysFlag,
    storeTimestamp: Number(buf.readBigInt64BE(tsPos)),
    topic,
    properties: buf.toString('utf8', p, end),
  };
}

/** Reads of at most this much per syscall while scanning (recovery). */
const SCAN_CHUNK = 4 * 1024 * 1024;

export class CommitLog {
  private readonly files = new Map<number, StoreFile>();
  /** Segment start offsets, ascending. */
  private starts: number[] = [];
  /** End of the last record: where the next append goes. */
  maxOffset = 0;

  constructor(
    readonly dir: string,
    readonly segmentSize: number,
    private readonly pool: FilePool,
  ) {}

  /** Finds the segment files (no reading). */
  load(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    this.starts = listOffsetFiles(this.dir);
    for (const start of this.starts) {
      if (start % this.segmentSize !== 0) throw new Error(`commit log segment ${offsetFileName(start)} does not fit segment size ${this.segmentSize}`);
      this.files.set(start, new StoreFile(join(this.dir, offsetFileName(start)), this.pool));
    }
  }

  /** Start of the oldest kept segment (store.md §2); the max offset when there is none. */
  get minOffset(): number {
    return this.starts[0] ?? this.maxOffset;
  }

  segmentStart(offset: number): number {
    return offset - (offset % this.segmentSize);
  }

  hasSegments(): boolean {
    return this.starts.length > 0;
  }

  /** Byte position just past the data of the last segment file (what a scan can reach at most). */
  physicalExtent(): number {
    const last = this.starts[this.starts.length - 1];
    return last === undefined ? 0 : last + (this.files.get(last) as StoreFile).size();
  }

  private segment(start: number, create: boolean): StoreFile | undefined {
    let f = this.files.get(start);
    if (!f && create) {
      f = new StoreFile(join(this.dir, offsetFileName(start)), this.pool);
      f.truncate(0);
      this.files.set(start, f);
      this.starts.push(start);
      this.starts.sort((a, b) => a - b);
    }
    return f;
  }

  /**
   * Appends `length` bytes at the end, first ending the segment with a BLANK filler when
   * `length + 8` does not fit (store.md §2). `encode` receives the final position and returns
   * exactly `length` bytes. Returns the position, or `undefined` when `length` can never fit a
   * segment.
   */
  append(length: number, encode: (position: number) => Buffer): number | undefined {
    if (length + END_FILE_MIN_BLANK_LENGTH > this.segmentSize) return undefined;
    let pos = this.maxOffset;
    let start = this.segmentStart(pos);
    const remaining = start + this.segmentSize - pos;
    if (length + END_FILE_MIN_BLANK_LENGTH > remaining) {
      const blank = Buffer.alloc(END_FILE_MIN_BLANK_LENGTH);
      blank.writeInt32BE(remaining, 0);
      blank.writeInt32BE(MESSAGE_MAGIC_BLANK, 4);
      const seg = this.segment(start, true) as StoreFile;
      seg.write(pos - start, blank);
      seg.truncate(this.segmentSize);
      pos = start + this.segmentSize;
      start = pos;
      // The filler alone is a consistent state: a crash here leaves the next append at `pos`.
      this.maxOffset = pos;
    }
    const data = encode(pos);
    if (data.length !== length) throw new Error(`encoded ${data.length} bytes, expected ${length}`);
    const seg = this.segment(start, true) as StoreFile;
    try {
      seg.write(pos - start, data);
    } catch (e) {
      // Leave no partial record behind (e.g. ENOSPC).
      try {
        seg.truncate(pos - start);
      } catch {
        // recovery at the next open truncates it
      }
      throw e;
    }
    this.maxOffset = pos + length;
    return pos;
  }

  /** `size` bytes at `offset` if they lie within the written log, else null. */
  read(offset: number, size: number): Buffer | null {
    if (offset < this.minOffset || size <= 0 || offset + size > this.maxOffset) return null;
    const start = this.segmentStart(offset);
    if (offset + size > start + this.segmentSize) return null;
    const seg = this.segment(start, false);
    if (!seg) return null;
    const buf = seg.read(offset - start, size);
    return buf.length === size ? buf : null;
  }

  /** The whole record starting at `offset` (VIEW_MESSAGE_BY_ID), null if there is no record there. */
  readRecord(offset: number): Buffer | null {
    const head = this.read(offset, 8);
    if (!head) return null;
    const magic = head.readInt32BE(4);
    if (magic !== MESSAGE_MAGIC_V1 && magic !== MESSAGE_MAGIC_V2) return null;
    const size = head.readInt32BE(0);
    if (size < MIN_RECORD_SIZE) return null;
    return this.read(offset, size);
  }

  /** STORETIMESTAMP of the record at `offset` (Java `pickupStoreTimestamp`), -1 when absent. */
  storeTimestamp(offset: number): number {
    // Every record is longer than the fields up to an IPv6 store timestamp.
    const head = this.read(offset, RecordPos.BORN_HOST + 20 + 8);
    if (!head) return -1;
    const magic = head.readInt32BE(RecordPos.MAGIC);
    if (magic !== MESSAGE_MAGIC_V1 && magic !== MESSAGE_MAGIC_V2) return -1;
    return Number(head.readBigInt64BE(storeTimestampPos(head.readInt32BE(RecordPos.SYS_FLAG))));
  }

  /** Offset of the first record at or after `offset`, skipping a BLANK filler (-1 at the end). */
  firstRecordAt(offset: number): number {
    const head = this.read(offset, 8);
    if (!head) return -1;
    if (head.readInt32BE(4) === MESSAGE_MAGIC_BLANK) return this.firstRecordAt(this.segmentStart(offset) + this.segmentSize);
    return offset;
  }

  /**
   * Walks records from `from` (a record boundary), validating each one (magic, TOTALSIZE within
   * the segment leaving room for a filler, field lengths, PHYSICALOFFSET equal to its position,
   * BODYCRC) and following BLANK fillers to the next segment. Stops at the first thing that is
   * not a valid record and returns that position: the valid end of the log.
   */
  scan(from: number, visit: (record: RecordView, raw: Buffer, at: number) => void): number {
    let pos = from;
    for (;;) {
      const start = this.segmentStart(pos);
      const seg = this.segment(start, false);
      if (!seg) return pos;
      const segEnd = start + this.segmentSize;
      const fileSize = seg.size();
      let chunkPos = pos;
      let chunk = seg.read(pos - start, Math.min(SCAN_CHUNK, Math.max(0, fileSize - (pos - start))));
      for (;;) {
        if (pos === segEnd) break;
        let at = pos - chunkPos;
        if (at + 8 > chunk.length) {
          chunkPos = pos;
          chunk = seg.read(pos - start, Math.min(Math.max(SCAN_CHUNK, 8), segEnd - pos));
          at = 0;
          if (chunk.length < 8) return pos;
        }
        const size = chunk.readInt32BE(at);
        const magic = chunk.readInt32BE(at + 4);
        if (magic === MESSAGE_MAGIC_BLANK) {
          if (size !== segEnd - pos) return pos;
          pos = segEnd;
          break;
        }
        if (magic !== MESSAGE_MAGIC_V1 && magic !== MESSAGE_MAGIC_V2) return pos;
        if (size < MIN_RECORD_SIZE || pos + size + END_FILE_MIN_BLANK_LENGTH > segEnd) return pos;
        if (at + size > chunk.length) {
          chunkPos = pos;
          chunk = seg.read(pos - start, Math.min(Math.max(SCAN_CHUNK, size), segEnd - pos));
          at = 0;
          if (chunk.length < size) return pos;
        }
        const view = parseStoredRecord(chunk, at, true);
        if (typeof view === 'string' || view.physicalOffset !== pos) return pos;
        visit(view, chunk.subarray(at, at + size), pos);
        pos += size;
      }
    }
  }

  /**
   * Cuts the log at `end`: the segment holding `end` is shortened to it and later segments are
   * deleted (a torn or garbled tail, store.md §2 recovery).
   */
  truncate(end: number): void {
    for (const start of [...this.starts]) {
      const f = this.files.get(start) as StoreFile;
      if (start >= end) {
        f.unlink();
        this.files.delete(start);
      } else if (end < start + this.segmentSize && f.size() > end - start) {
        f.truncate(end - start);
      }
    }
    this.starts = this.starts.filter((s) => s < end);
    this.maxOffset = end;
  }

  /** fsyncs every segment written since its last fsync. */
  async sync(): Promise<void> {
    await Promise.all([...this.files.values()].filter((f) => f.dirty).map((f) => f.sync()));
  }

  syncNow(): void {
    for (const f of this.files.values()) f.syncNow();
  }

  close(): void {
    for (const f of this.files.values()) f.closeFd();
  }
}
