/**
 * File plumbing shared by the commit log, the consume queues and the index: positional reads and
 * writes on cached descriptors, dirty tracking for the flush service, and a bounded pool of open
 * descriptors (a dev broker may have thousands of queue files; the usual soft limit is 1024 fds).
 */
import * as fs from 'node:fs';
import { join } from 'node:path';

/** Files are named by a 20-digit, zero-padded offset (store.md §1). */
export function offsetFileName(offset: number): string {
  return String(offset).padStart(20, '0');
}

export function isOffsetFileName(name: string): boolean {
  return /^\d{20}$/.test(name);
}

/** Lists `dir`'s offset-named files as sorted start offsets (empty when the directory is missing). */
export function listOffsetFiles(dir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names
    .filter(isOffsetFileName)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Bytes a path tree occupies on disk (allocated blocks, so sparse files count what they use). */
export function diskUsageOf(path: string): number {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(path);
  } catch {
    return 0;
  }
  if (st.isDirectory()) {
    let total = 0;
    for (const name of fs.readdirSync(path)) total += diskUsageOf(join(path, name));
    return total;
  }
  return typeof st.blocks === 'number' && st.blocks >= 0 ? st.blocks * 512 : st.size;
}

/**
 * Descriptor pool: keeps at most `limit` files open, closing the least recently used one that no
 * asynchronous fsync is holding. A dirty file is fsynced before its descriptor is closed, so
 * eviction never loses durability bookkeeping.
 */
export class FilePool {
  private readonly open = new Set<StoreFile>();

  constructor(readonly limit = 512) {}

  /** Marks `file` most recently used, opening room for it if needed. */
  touch(file: StoreFile): void {
    if (this.open.has(file)) {
      this.open.delete(file);
      this.open.add(file);
      return;
    }
    if (this.open.size >= this.limit) {
      for (const victim of this.open) {
        if (victim.pins > 0) continue;
        victim.closeFd();
        break;
      }
    }
    this.open.add(file);
  }

  forget(file: StoreFile): void {
    this.open.delete(file);
  }

  closeAll(): void {
    for (const f of [...this.open]) f.closeFd();
  }

  /** Closes every descriptor without fsync (what a killed process leaves behind). */
  closeAllWithoutSync(): void {
    for (const f of [...this.open]) {
      f.dirty = false;
      f.closeFd();
    }
  }
}

/** One file of the store, opened lazily through the pool. */
export class StoreFile {
  private fdValue: number | undefined;
  /** Written since the last fsync started. */
  dirty = false;
  /** Asynchronous fsyncs in flight (the descriptor must stay open). */
  pins = 0;
  /** Deleted (e.g. DELETE_TOPIC) while an fsync may still be in flight. */
  removed = false;
  private inflight: Promise<void> | undefined;

  constructor(
    readonly path: string,
    private readonly pool: FilePool,
  ) {}

  get fd(): number {
    if (this.fdValue === undefined) {
      this.pool.touch(this);
      this.fdValue = fs.openSync(this.path, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    } else {
      this.pool.touch(this);
    }
    return this.fdValue;
  }

  size(): number {
    return fs.fstatSync(this.fd).size;
  }

  /** Reads up to `length` bytes at `position`; shorter only at end of file. */
  read(position: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    const fd = this.fd;
    let got = 0;
    while (got < length) {
      const n = fs.readSync(fd, buf, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return got === length ? buf : buf.subarray(0, got);
  }

  write(position: number, data: Uint8Array): void {
    const fd = this.fd;
    let done = 0;
    while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done, position + done);
    this.dirty = true;
  }

  /** Sets the length (extending leaves a hole: no blocks are allocated). */
  truncate(length: number): void {
    fs.ftruncateSync(this.fd, length);
    this.dirty = true;
  }

  /**
   * fsync on the thread pool; the descriptor is pinned meanwhile. When nothing was written since
   * the last fsync started, waits for that one instead, so a caller never takes "not dirty" for
   * "durable" while another caller's fsync is still running.
   */
  sync(): Promise<void> {
    if (!this.dirty) return this.inflight ?? Promise.resolve();
    this.dirty = false;
    const fd = this.fd;
    this.pins++;
    const p: Promise<void> = new Promise<void>((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())))
      .catch((e: unknown) => {
        // A file deleted meanwhile has nothing left to make durable.
        if (this.removed) return;
        this.dirty = true;
        throw e;
      })
      .finally(() => {
        this.pins--;
        if (this.inflight === p) this.inflight = undefined;
      });
    this.inflight = p;
    return p;
  }

  /** Synchronous fsync (also when an asynchronous one is still running: it may predate writes we need). */
  syncNow(): void {
    if (this.fdValue === undefined || (!this.dirty && this.pins === 0)) return;
    fs.fsyncSync(this.fdValue);
    this.dirty = false;
  }

  closeFd(): void {
    if (this.fdValue === undefined) return;
    if (this.dirty) this.syncNow();
    fs.closeSync(this.fdValue);
    this.fdValue = undefined;
    this.pool.forget(this);
  }

  unlink(): void {
    this.removed = true;
    if (this.fdValue !== undefined) {
      fs.closeSync(this.fdValue);
      this.fdValue = undefined;
      this.pool.forget(this);
    }
    this.dirty = false;
    fs.rmSync(this.path, { force: true });
  }
}
