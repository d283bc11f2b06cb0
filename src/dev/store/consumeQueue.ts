/**
 * Consume queues (store.md §3): one per (topic, queueId), an array of 20-byte units
 * `[commit-log offset int64][size int32][tag code int64]` in segment files named by their starting
 * byte offset. Unit `k` (byte `20k`) describes the message whose QUEUEOFFSET is `k`, so every
 * lookup is offset arithmetic.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { FilePool, listOffsetFiles, offsetFileName, StoreFile } from './files.js';

export const CQ_UNIT_SIZE = 20;
/** Size field of a filler unit `[0][Integer.MAX_VALUE][0]` (store.md §3). */
export const CQ_BLANK_SIZE = 0x7fffffff;

export interface CqUnit {
  commitLogOffset: number;
  size: number;
  tagsCode: number;
}

export function readUnit(buf: Buffer, at: number): CqUnit {
  return {
    commitLogOffset: Number(buf.readBigInt64BE(at)),
    size: buf.readInt32BE(at + 8),
    tagsCode: Number(buf.readBigInt64BE(at + 12)),
  };
}

function encodeUnit(buf: Buffer, at: number, commitLogOffset: number, size: number, tagsCode: number): void {
  buf.writeBigInt64BE(BigInt(commitLogOffset), at);
  buf.writeInt32BE(size, at + 8);
  buf.writeBigInt64BE(BigInt(tagsCode), at + 12);
}

export function isBlankUnit(u: CqUnit): boolean {
  return u.size === CQ_BLANK_SIZE && u.commitLogOffset === 0;
}

export class ConsumeQueue {
  readonly dir: string;
  readonly segmentBytes: number;
  private readonly files = new Map<number, StoreFile>();
  private starts: number[] = [];
  /** Number of units written = the next queue offset. */
  maxOffset = 0;
  /** First unit that is not a filler. */
  minOffset = 0;

  constructor(
    root: string,
    readonly topic: string,
    readonly queueId: number,
    readonly unitsPerSegment: number,
    private readonly pool: FilePool,
  ) {
    this.dir = join(root, topic, String(queueId));
    this.segmentBytes = unitsPerSegment * CQ_UNIT_SIZE;
  }

  /**
   * Reads the segment list and the unit count. Returns false when the files are not one
   * contiguous run from byte 0 with full non-last segments, i.e. some were deleted or damaged
   * outside the store (it never deletes consume-queue segments itself).
   */
  load(): boolean {
    this.starts = listOffsetFiles(this.dir);
    for (const start of this.starts) this.files.set(start, new StoreFile(join(this.dir, offsetFileName(start)), this.pool));
    if (this.starts.length === 0) return false;
    let intact = true;
    this.starts.forEach((start, i) => {
      if (start !== i * this.segmentBytes) intact = false;
      else if (i < this.starts.length - 1 && (this.files.get(start) as StoreFile).size() !== this.segmentBytes) intact = false;
    });
    if (!intact) return false;
    const lastStart = this.starts[this.starts.length - 1] as number;
    const last = this.files.get(lastStart) as StoreFile;
    const size = last.size();
    const whole = Math.min(size - (size % CQ_UNIT_SIZE), this.segmentBytes);
    // A torn final unit (crash mid-write) is dropped; recovery re-dispatches it.
    if (whole !== size) last.truncate(whole);
    this.maxOffset = (lastStart + whole) / CQ_UNIT_SIZE;
    this.minOffset = this.findMinOffset();
    return true;
  }

  private findMinOffset(): number {
    let k = 0;
    while (k < this.maxOffset) {
      const chunk = this.readUnits(k, 1024);
      if (!chunk) return k;
      for (let at = 0; at < chunk.length; at += CQ_UNIT_SIZE, k++) {
        if (!isBlankUnit(readUnit(chunk, at))) return k;
      }
    }
    return k;
  }

  private segment(start: number, create: boolean): StoreFile | undefined {
    let f = this.files.get(start);
    if (!f && create) {
      fs.mkdirSync(this.dir, { recursive: true });
      f = new StoreFile(join(this.dir, offsetFileName(start)), this.pool);
      f.truncate(0);
      this.files.set(start, f);
      this.starts.push(start);
      this.starts.sort((a, b) => a - b);
    }
    return f;
  }

  /** Creates the first (empty) segment, so the queue exists on disk before any unit. */
  ensureCreated(): void {
    this.segment(0, true);
  }

  private writeAt(offset: number, data: Buffer): void {
    let pos = offset * CQ_UNIT_SIZE;
    let done = 0;
    while (done < data.length) {
      const start = pos - (pos % this.segmentBytes);
      const n = Math.min(data.length - done, start + this.segmentBytes - pos);
      (this.segment(start, true) as StoreFile).write(pos - start, data.subarray(done, done + n));
      done += n;
      pos += n;
    }
  }

  /**
   * Writes the unit for queue offset `offset`; a gap is padded with filler units (store.md §3).
   * An offset below the max is already present and left alone, unless `replace` (a rebuild from
   * the commit log, where a later record with a lower offset belongs to a re-created topic and
   * supersedes what follows it).
   */
  put(offset: number, commitLogOffset: number, size: number, tagsCode: number, replace = false): boolean {
    if (offset < this.maxOffset) {
      if (!replace) return false;
      this.truncateTo(offset);
    }
    const gap = offset - this.maxOffset;
    const buf = Buffer.alloc((gap + 1) * CQ_UNIT_SIZE);
    for (let i = 0; i < gap; i++) encodeUnit(buf, i * CQ_UNIT_SIZE, 0, CQ_BLANK_SIZE, 0);
    encodeUnit(buf, gap * CQ_UNIT_SIZE, commitLogOffset, size, tagsCode);
    const wasEmpty = this.maxOffset === this.minOffset;
    this.writeAt(this.maxOffset, buf);
    this.maxOffset = offset + 1;
    if (wasEmpty) this.minOffset = offset;
    return true;
  }

  /** First queue offset of the segment after the one holding `offset` (Java `rollNextFile`). */
  nextSegmentOffset(offset: number): number {
    return (Math.floor(offset / this.unitsPerSegment) + 1) * this.unitsPerSegment;
  }

  /**
   * Raw units from `offset`, at most `maxCount`, never past the end of the segment holding
   * `offset` nor past the max (Java iterates one mapped file at a time). Null when that segment
   * file is missing.
   */
  readUnits(offset: number, maxCount: number): Buffer | null {
    if (offset < 0 || offset >= this.maxOffset) return Buffer.alloc(0);
    const count = Math.min(maxCount, this.maxOffset - offset, this.nextSegmentOffset(offset) - offset);
    const byte = offset * CQ_UNIT_SIZE;
    const start = byte - (byte % this.segmentBytes);
    const seg = this.segment(start, false);
    if (!seg) return null;
    const buf = seg.read(byte - start, count * CQ_UNIT_SIZE);
    return buf.subarray(0, buf.length - (buf.length % CQ_UNIT_SIZE));
  }

  unit(offset: number): CqUnit | null {
    const buf = this.readUnits(offset, 1);
    return buf && buf.length === CQ_UNIT_SIZE ? readUnit(buf, 0) : null;
  }

  /**
   * Recovery: drops units from the tail while `drop` says so (they point at or past the point
   * from which the commit log is re-dispatched, or beyond its valid end).
   */
  truncateTail(drop: (u: CqUnit) => boolean): void {
    let k = this.maxOffset;
    outer: while (k > 0) {
      const from = Math.max(0, k - 1024, (Math.ceil(k / this.unitsPerSegment) - 1) * this.unitsPerSegment);
      const chunk = this.readUnits(from, k - from);
      if (!chunk || chunk.length !== (k - from) * CQ_UNIT_SIZE) break;
      for (let i = k - from - 1; i >= 0; i--) {
        if (!drop(readUnit(chunk, i * CQ_UNIT_SIZE))) break outer;
        k--;
      }
    }
    this.truncateTo(k);
  }

  /** Keeps units `[0, units)`. */
  truncateTo(units: number): void {
    if (units >= this.maxOffset) return;
    const byte = units * CQ_UNIT_SIZE;
    for (const start of [...this.starts]) {
      const f = this.files.get(start) as StoreFile;
      if (start >= byte && start > 0) {
        f.unlink();
        this.files.delete(start);
      } else if (byte < start + this.segmentBytes) {
        f.truncate(Math.max(0, byte - start));
      }
    }
    this.starts = this.starts.filter((s) => s < byte || s === 0);
    this.maxOffset = units;
    if (this.minOffset > units) this.minOffset = units;
  }

  /** Deletes every file of the queue (DELETE_TOPIC, or a damaged queue about to be rebuilt). */
  destroy(): void {
    for (const f of this.files.values()) f.unlink();
    this.files.clear();
    this.starts = [];
    this.maxOffset = 0;
    this.minOffset = 0;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  async sync(): Promise<void> {
    await Promise.all([...this.files.values()].filter((f) => f.dirty).map((f) => f.sync()));
  }

  syncNow(): void {
    for (const f of this.files.values()) f.syncNow();
  }

  isDirty(): boolean {
    for (const f of this.files.values()) if (f.dirty) return true;
    return false;
  }

  close(): void {
    for (const f of this.files.values()) f.closeFd();
  }
}

/** Every `consumequeue/<topic>/<queueId>/` directory under `root`. */
export function listQueueDirs(root: string): Array<{ topic: string; queueId: number }> {
  const out: Array<{ topic: string; queueId: number }> = [];
  let topics: fs.Dirent[];
  try {
    topics = fs.readdirSync(root, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw e;
  }
  for (const t of topics) {
    if (!t.isDirectory()) continue;
    for (const q of fs.readdirSync(join(root, t.name), { withFileTypes: true })) {
      if (q.isDirectory() && /^\d+$/.test(q.name)) out.push({ topic: t.name, queueId: Number(q.name) });
    }
  }
  return out;
}
