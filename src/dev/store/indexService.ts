/**
 * Index files (store.md §4): `index/<yyyyMMddHHmmssSSS>` = 40-byte header + `slots` 4-byte hash
 * slots + `maxEntries` 20-byte entries, each entry chaining to the previous one of its slot. The
 * store matches 32-bit key hashes only; the requester re-checks keys and topic.
 *
 * Files are created sparse at their full Java size (ftruncate), written with positional writes.
 * Per key the writes go entry, then header, then slot, so a process killed between two of them
 * leaves either an entry beyond `indexCount` (ignored) or a counted entry no slot points to yet
 * (rolled back by recovery): never a slot pointing past `indexCount`, which Java's put would treat
 * as empty and so cut the chain.
 */
import * as fs from 'node:fs';
import { basename, join } from 'node:path';
import { indexKeyHash } from '../../protocol/javaHash.js';
import { MessageSysFlag } from '../../protocol/message.js';
import { FilePool, StoreFile } from './files.js';

export const INDEX_HEADER_SIZE = 40;
const SLOT_SIZE = 4;
const ENTRY_SIZE = 20;
const INVALID_INDEX = 0;
/** Java `DefaultMessageStore.queryMessage` / `MessageStoreConfig.maxMsgsNumBatch`. */
export const MAX_MSGS_NUM_BATCH = 64;

interface IndexHeader {
  beginTimestamp: number;
  endTimestamp: number;
  beginPhyOffset: number;
  endPhyOffset: number;
  hashSlotCount: number;
  indexCount: number;
}

/** Java `UtilAll.timeMillisToHumanString`: local time `yyyyMMddHHmmssSSS`. */
export function indexFileName(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}${p(d.getMilliseconds(), 3)}`;
}

export class IndexFile {
  readonly header: IndexHeader;
  private readonly file: StoreFile;

  private constructor(
    readonly path: string,
    readonly slotNum: number,
    readonly maxEntries: number,
    pool: FilePool,
    header: IndexHeader,
  ) {
    this.file = new StoreFile(path, pool);
    this.header = header;
  }

  static totalSize(slotNum: number, maxEntries: number): number {
    return INDEX_HEADER_SIZE + slotNum * SLOT_SIZE + maxEntries * ENTRY_SIZE;
  }

  /** A new file; its begin/end values start from the previous file's end values (Java constructor). */
  static create(path: string, slotNum: number, maxEntries: number, pool: FilePool, prevEndPhyOffset: number, prevEndTimestamp: number): IndexFile {
    const f = new IndexFile(path, slotNum, maxEntries, pool, {
      beginTimestamp: prevEndTimestamp > 0 ? prevEndTimestamp : 0,
      endTimestamp: prevEndTimestamp > 0 ? prevEndTimestamp : 0,
      beginPhyOffset: prevEndPhyOffset > 0 ? prevEndPhyOffset : 0,
      endPhyOffset: prevEndPhyOffset > 0 ? prevEndPhyOffset : 0,
      hashSlotCount: 0,
      indexCount: 1,
    });
    f.file.truncate(IndexFile.totalSize(slotNum, maxEntries));
    f.writeHeader();
    return f;
  }

  /** @throws Error when the file does not have this geometry's size */
  static load(path: string, slotNum: number, maxEntries: number, pool: FilePool): IndexFile {
    const f = new IndexFile(path, slotNum, maxEntries, pool, {
      beginTimestamp: 0,
      endTimestamp: 0,
      beginPhyOffset: 0,
      endPhyOffset: 0,
      hashSlotCount: 0,
      indexCount: 1,
    });
    const expected = IndexFile.totalSize(slotNum, maxEntries);
    const size = f.file.size();
    if (size !== expected) {
      f.file.closeFd();
      throw new Error(`index file ${path} has ${size} bytes, expected ${expected} for ${slotNum} slots / ${maxEntries} entries`);
    }
    const h = f.file.read(0, INDEX_HEADER_SIZE);
    f.header.beginTimestamp = Number(h.readBigInt64BE(0));
    f.header.endTimestamp = Number(h.readBigInt64BE(8));
    f.header.beginPhyOffset = Number(h.readBigInt64BE(16));
    f.header.endPhyOffset = Number(h.readBigInt64BE(24));
    f.header.hashSlotCount = h.readInt32BE(32);
    // Java `IndexHeader.load`: a non-positive count means 1; past the capacity means garbage.
    f.header.indexCount = Math.min(Math.max(h.readInt32BE(36), 1), maxEntries);
    return f;
  }

  get name(): string {
    return basename(this.path);
  }

  private writeHeader(): void {
    const h = Buffer.alloc(INDEX_HEADER_SIZE);
    h.writeBigInt64BE(BigInt(this.header.beginTimestamp), 0);
    h.writeBigInt64BE(BigInt(this.header.endTimestamp), 8);
    h.writeBigInt64BE(BigInt(this.header.beginPhyOffset), 16);
    h.writeBigInt64BE(BigInt(this.header.endPhyOffset), 24);
    h.writeInt32BE(this.header.hashSlotCount, 32);
    h.writeInt32BE(this.header.indexCount, 36);
    this.file.write(0, h);
  }

  private slotPos(hash: number): number {
    return INDEX_HEADER_SIZE + (hash % this.slotNum) * SLOT_SIZE;
  }

  private entryPos(n: number): number {
    return INDEX_HEADER_SIZE + this.slotNum * SLOT_SIZE + n * ENTRY_SIZE;
  }

  isWriteFull(): boolean {
    return this.header.indexCount >= this.maxEntries;
  }

  /**
   * Java `IndexFile.putKey` (store.md §4) for the keys of one message, as many as the file has
   * room for; returns how many were put. The entries are contiguous, so they go in one write,
   * then the header, then the slots (see the file comment for why in that order).
   */
  putKeys(keyHashes: readonly number[], phyOffset: number, storeTimestamp: number): number {
    const room = this.maxEntries - this.header.indexCount;
    const count = Math.min(room, keyHashes.length);
    if (count <= 0) return 0;
    const first = this.header.indexCount;
    const entries = Buffer.alloc(count * ENTRY_SIZE);
    // Slots updated earlier in this call are not on disk yet.
    const pendingSlots = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const keyHash = keyHashes[i] as number;
      const n = first + i;
      const slotPos = this.slotPos(keyHash);
      let slotValue = pendingSlots.get(slotPos) ?? this.file.read(slotPos, SLOT_SIZE).readInt32BE(0);
      if (slotValue <= INVALID_INDEX || slotValue > n) slotValue = INVALID_INDEX;
      // Computed against the begin timestamp as it is before this entry: for the first entry of
      // a rolled file that is still the previous file's end (Java order of operations).
      let timeDiff = Math.trunc((storeTimestamp - this.header.beginTimestamp) / 1000);
      if (this.header.beginTimestamp <= 0) timeDiff = 0;
      else if (timeDiff > 0x7fffffff) timeDiff = 0x7fffffff;
      else if (timeDiff < 0) timeDiff = 0;
      const at = i * ENTRY_SIZE;
      entries.writeInt32BE(keyHash, at);
      entries.writeBigInt64BE(BigInt(phyOffset), at + 4);
      entries.writeInt32BE(timeDiff, at + 12);
      entries.writeInt32BE(slotValue, at + 16);
      pendingSlots.set(slotPos, n);
      if (n <= 1) {
        this.header.beginPhyOffset = phyOffset;
        this.header.beginTimestamp = storeTimestamp;
      }
      if (slotValue === INVALID_INDEX) this.header.hashSlotCount++;
    }
    this.file.write(this.entryPos(first), entries);
    this.header.indexCount = first + count;
    this.header.endPhyOffset = phyOffset;
    this.header.endTimestamp = storeTimestamp;
    this.writeHeader();
    const slot = Buffer.alloc(SLOT_SIZE);
    for (const [slotPos, n] of pendingSlots) {
      slot.writeInt32BE(n, 0);
      this.file.write(slotPos, slot);
    }
    return count;
  }

  /** Java `IndexFile.isTimeMatched`. */
  isTimeMatched(begin: number, end: number): boolean {
    const { beginTimestamp: b, endTimestamp: e } = this.header;
    return (begin < b && end > e) || (begin >= b && begin <= e) || (end >= b && end <= e);
  }

  /** Java `IndexFile.selectPhyOffset`: follows the slot chain, matching hashes and times. */
  selectPhyOffset(out: number[], keyHash: number, maxNum: number, begin: number, end: number): void {
    const count = this.header.indexCount;
    const slotValue = this.file.read(this.slotPos(keyHash), SLOT_SIZE).readInt32BE(0);
    if (slotValue <= INVALID_INDEX || slotValue > count || count <= 1) return;
    for (let next = slotValue; ; ) {
      if (out.length >= maxNum) break;
      const e = this.file.read(this.entryPos(next), ENTRY_SIZE);
      if (e.length !== ENTRY_SIZE) break;
      const hashRead = e.readInt32BE(0);
      const phyOffsetRead = Number(e.readBigInt64BE(4));
      const timeDiff = e.readInt32BE(12);
      const prev = e.readInt32BE(16);
      if (timeDiff < 0) break;
      const timeRead = this.header.beginTimestamp + timeDiff * 1000;
      if (hashRead === keyHash && timeRead >= begin && timeRead <= end) out.push(phyOffsetRead);
      if (prev <= INVALID_INDEX || prev > count || prev === next || timeRead < begin) break;
      next = prev;
    }
  }

  /**
   * Recovery: removes the newest entries whose commit-log offset is `>= from`, restoring their
   * slots to the previous chain element. `storeTimestampOf` gives the exact store time of the new
   * last entry (falls back to the stored second granularity). Returns the entries left.
   */
  rollbackFrom(from: number, storeTimestampOf: (phyOffset: number) => number): number {
    let n = this.header.indexCount - 1;
    let changed = false;
    let lastKept: { phyOffset: number; timeDiff: number } | undefined;
    for (; n >= 1; n--) {
      const e = this.file.read(this.entryPos(n), ENTRY_SIZE);
      const phyOffset = Number(e.readBigInt64BE(4));
      if (phyOffset < from) {
        lastKept = { phyOffset, timeDiff: e.readInt32BE(12) };
        break;
      }
      const slotPos = this.slotPos(e.readInt32BE(0));
      const slotValue = this.file.read(slotPos, SLOT_SIZE).readInt32BE(0);
      if (slotValue === n) {
        const prev = e.readInt32BE(16);
        const slot = Buffer.alloc(SLOT_SIZE);
        slot.writeInt32BE(prev, 0);
        this.file.write(slotPos, slot);
        if (prev === INVALID_INDEX) this.header.hashSlotCount = Math.max(0, this.header.hashSlotCount - 1);
      }
      changed = true;
    }
    if (changed) {
      this.header.indexCount = n + 1;
      if (lastKept) {
        const ts = storeTimestampOf(lastKept.phyOffset);
        this.header.endPhyOffset = lastKept.phyOffset;
        this.header.endTimestamp = ts >= 0 ? ts : this.header.beginTimestamp + lastKept.timeDiff * 1000;
      }
      this.writeHeader();
    }
    return this.header.indexCount - 1;
  }

  async sync(): Promise<void> {
    await this.file.sync();
  }

  syncNow(): void {
    this.file.syncNow();
  }

  isDirty(): boolean {
    return this.file.dirty;
  }

  close(): void {
    this.file.closeFd();
  }

  unlink(): void {
    this.file.unlink();
  }
}

export interface IndexQueryResult {
  phyOffsets: number[];
  indexLastUpdateTimestamp: number;
  indexLastUpdatePhyoffset: number;
}

/** What a dispatched record contributes to the index. */
export interface IndexRequest {
  topic: string;
  commitLogOffset: number;
  storeTimestamp: number;
  sysFlag: number;
  uniqKey?: string | undefined;
  keys?: string | undefined;
}

export class IndexService {
  /** Ascending by name (= creation time). */
  private files: IndexFile[] = [];

  constructor(
    readonly dir: string,
    readonly slotNum: number,
    readonly maxEntries: number,
    private readonly pool: FilePool,
  ) {}

  load(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const names = fs
      .readdirSync(this.dir)
      .filter((n) => /^\d{17}$/.test(n))
      .sort();
    this.files = names.map((n) => IndexFile.load(join(this.dir, n), this.slotNum, this.maxEntries, this.pool));
  }

  get fileCount(): number {
    return this.files.length;
  }

  /** Names of the index files, oldest first (for tests and diagnostics). */
  fileNames(): string[] {
    return this.files.map((f) => f.name);
  }

  private newest(): IndexFile | undefined {
    return this.files[this.files.length - 1];
  }

  /** Java `getAndCreateLastIndexFile`: the newest file unless full, else a new one continuing it. */
  private writableFile(): IndexFile {
    const last = this.newest();
    if (last && !last.isWriteFull()) return last;
    // Named by wall-clock creation time (not the store's injectable clock, which stamps records).
    // Names have millisecond resolution; tiny test geometries can fill a file within one.
    let t = Date.now();
    let name = indexFileName(t);
    while ((last && name <= last.name) || fs.existsSync(join(this.dir, name))) name = indexFileName(++t);
    const f = IndexFile.create(join(this.dir, name), this.slotNum, this.maxEntries, this.pool, last?.header.endPhyOffset ?? 0, last?.header.endTimestamp ?? 0);
    this.files.push(f);
    return f;
  }

  /** Java `IndexService.buildIndex` (store.md §4). */
  buildIndex(req: IndexRequest): void {
    let file = this.writableFile();
    if (req.commitLogOffset < file.header.endPhyOffset) return;
    if ((req.sysFlag & MessageSysFlag.TRANSACTION_MASK) === MessageSysFlag.TRANSACTION_ROLLBACK) return;
    const hashes: number[] = [];
    if (req.uniqKey !== undefined) hashes.push(indexKeyHash(req.topic, req.uniqKey));
    if (req.keys) {
      for (const key of req.keys.split(' ')) if (key.length > 0) hashes.push(indexKeyHash(req.topic, key));
    }
    for (let done = 0; done < hashes.length; ) {
      const n = file.putKeys(done === 0 ? hashes : hashes.slice(done), req.commitLogOffset, req.storeTimestamp);
      done += n;
      if (done < hashes.length) file = this.writableFile();
    }
  }

  /** Java `IndexService.queryOffset`. */
  query(topic: string, key: string, maxNum: number, begin: number, end: number): IndexQueryResult {
    const limit = Math.min(maxNum, MAX_MSGS_NUM_BATCH);
    const phyOffsets: number[] = [];
    let indexLastUpdateTimestamp = 0;
    let indexLastUpdatePhyoffset = 0;
    const hash = indexKeyHash(topic, key);
    for (let i = this.files.length - 1; i >= 0; i--) {
      const f = this.files[i] as IndexFile;
      if (i === this.files.length - 1) {
        indexLastUpdateTimestamp = f.header.endTimestamp;
        indexLastUpdatePhyoffset = f.header.endPhyOffset;
      }
      if (f.isTimeMatched(begin, end)) f.selectPhyOffset(phyOffsets, hash, limit, begin, end);
      if (f.header.beginTimestamp < begin) break;
      if (phyOffsets.length >= limit) break;
    }
    return { phyOffsets, indexLastUpdateTimestamp, indexLastUpdatePhyoffset };
  }

  /**
   * Recovery: drops every entry for commit-log offsets `>= from`, newest file first; files left
   * without entries are deleted (a new one is created, continuing the previous file, on demand).
   */
  rollbackFrom(from: number, storeTimestampOf: (phyOffset: number) => number): void {
    while (this.files.length > 0) {
      const f = this.newest() as IndexFile;
      const left = f.rollbackFrom(from, storeTimestampOf);
      if (left > 0) break;
      f.unlink();
      this.files.pop();
    }
  }

  /** Deletes all index files (full rebuild). */
  destroy(): void {
    for (const f of this.files) f.unlink();
    this.files = [];
  }

  async sync(): Promise<void> {
    await Promise.all(this.files.filter((f) => f.isDirty()).map((f) => f.sync()));
  }

  syncNow(): void {
    for (const f of this.files) f.syncNow();
  }

  close(): void {
    for (const f of this.files) f.close();
  }
}
