/**
 * The embedded broker's message store (store.md §1–§4): commit log, consume queues and index
 * files in RocketMQ's on-disk formats, with Java's observable semantics for offsets, pulls,
 * searches by time and key queries.
 *
 * Unlike Java, dispatch to the consume queue and the index happens synchronously inside the put,
 * so the queue-offset table always equals the consume queues' max offsets and a message is
 * pullable as soon as its put resolves.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { tagsCode as javaTagsCode } from '../../protocol/javaHash.js';
import { crc32, encodeMessage, MessageSysFlag } from '../../protocol/message.js';
import { createOffsetMessageIdFromBytes, parseHostPort } from '../../protocol/messageId.js';
import { decodeMessageProperties, encodeMessageProperties } from '../../protocol/properties.js';
import { CommitLog, RecordPos, type RecordView } from './commitLog.js';
import { ConsumeQueue, CQ_UNIT_SIZE, isBlankUnit, listQueueDirs, readUnit } from './consumeQueue.js';
import { diskUsageOf, FilePool, StoreFile } from './files.js';
import { IndexService } from './indexService.js';
import type {
  DispatchListener,
  GetMessageResult,
  GetMessageStatus,
  MessageFilter,
  MessageStore,
  MessageStoreConfig,
  PutMessageInput,
  PutMessageResult,
  PutStatus,
  QueryMessageResult,
  StoreStats,
  TimeBoundary,
} from './types.js';

/** Java `MessageStoreConfig` defaults. */
const DEFAULT_COMMIT_LOG_SEGMENT_SIZE = 1024 * 1024 * 1024;
const DEFAULT_CQ_ENTRIES_PER_SEGMENT = 300_000;
const DEFAULT_INDEX_SLOTS = 5_000_000;
const DEFAULT_INDEX_MAX_ENTRIES = 20_000_000;
const DEFAULT_FLUSH_INTERVAL_MS = 500;
const DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;
const DEFAULT_SYNC_FLUSH_TIMEOUT_MS = 5000;
/** store.md §6 `messageDelayLevel`. */
const DEFAULT_DELAY_LEVELS = '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h';
const SCHEDULE_TOPIC = 'SCHEDULE_TOPIC_XXXX';

/** Pull limits (Java `maxFilterMessageSize`, `maxTransferBytes/CountOnMessageInMemory`, `MAX_PULL_MSG_SIZE`): everything is "in memory" here. */
const MAX_FILTER_MESSAGE_SIZE = 16000;
const MAX_TRANSFER_BYTES = 256 * 1024;
const MAX_TRANSFER_COUNT = 32;
const MAX_PULL_MSG_SIZE = 128 * 1024 * 1024;
/** Java's encoder buffer: body limit + 64 KiB for everything else. */
const RECORD_OVERHEAD_LIMIT = 64 * 1024;
const MAX_PROPERTIES_SIZE = 32767;

/**
 * `checkpoint` (this store's own format, 32 bytes, rewritten in place):
 * `[magic 'MQCP'][int32 version 1][int64 offset][int64 written-at ms][int32 flags][int32 crc32 of bytes 0..27]`.
 * `offset`: every commit-log byte below it and every consume-queue unit / index entry of the
 * records below it has been fsynced. Flag bit 0: written by a clean close (offset = exact end).
 */
const CHECKPOINT_MAGIC = 0x4d514350;
const CHECKPOINT_SIZE = 32;
const CHECKPOINT_CLEAN = 1;

interface Checkpoint {
  offset: number;
  writtenAt: number;
  clean: boolean;
}

function encodeCheckpoint(cp: Checkpoint): Buffer {
  const b = Buffer.alloc(CHECKPOINT_SIZE);
  b.writeInt32BE(CHECKPOINT_MAGIC, 0);
  b.writeInt32BE(1, 4);
  b.writeBigInt64BE(BigInt(cp.offset), 8);
  b.writeBigInt64BE(BigInt(cp.writtenAt), 16);
  b.writeInt32BE(cp.clean ? CHECKPOINT_CLEAN : 0, 24);
  b.writeUInt32BE(crc32(b.subarray(0, 28)), 28);
  return b;
}

function decodeCheckpoint(b: Buffer): Checkpoint | undefined {
  if (b.length < CHECKPOINT_SIZE || b.readInt32BE(0) !== CHECKPOINT_MAGIC || b.readInt32BE(4) !== 1) return undefined;
  if (b.readUInt32BE(28) !== crc32(b.subarray(0, 28))) return undefined;
  return { offset: Number(b.readBigInt64BE(8)), writtenAt: Number(b.readBigInt64BE(16)), clean: (b.readInt32BE(24) & CHECKPOINT_CLEAN) !== 0 };
}

/** `"1s 5s 1m 2h"` -> delay in ms per level (level n = element n-1). */
function parseDelayLevels(spec: string): number[] {
  const unit: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return spec
    .trim()
    .split(/\s+/)
    .map((item) => {
      const m = /^(\d+)([smhd])$/.exec(item);
      if (!m) throw new Error(`bad delay level ${JSON.stringify(item)}`);
      return Number(m[1]) * (unit[m[2] as string] as number);
    });
}

function transactionType(sysFlag: number): number {
  return sysFlag & MessageSysFlag.TRANSACTION_MASK;
}

/** PREPARED and ROLLBACK records get queue offset 0 and no consume-queue unit (store.md §2). */
function goesToConsumeQueue(sysFlag: number): boolean {
  const t = transactionType(sysFlag);
  return t === MessageSysFlag.TRANSACTION_NOT_TYPE || t === MessageSysFlag.TRANSACTION_COMMIT;
}

function queueKey(topic: string, queueId: number): string {
  return `${topic}-${queueId}`;
}

interface DispatchRequest {
  topic: string;
  queueId: number;
  queueOffset: number;
  commitLogOffset: number;
  size: number;
  sysFlag: number;
  storeTimestamp: number;
  tagsCode: number;
  uniqKey: string | undefined;
  keys: string | undefined;
}

/** A put in the making: encoded with placeholder offsets, patched once the position is known. */
interface PreparedRecord {
  input: PutMessageInput;
  record: Buffer;
  props: Record<string, string>;
  tagsCode: number;
  storeTimestamp: number;
  queueOffset: number;
}

function failure(status: PutStatus, remark: string): PutMessageResult {
  return { status, msgIds: [], commitLogOffset: -1, queueOffset: -1, storeTimestamp: 0, wroteBytes: 0, remark };
}

class Rejected extends Error {
  constructor(
    readonly status: PutStatus,
    message: string,
  ) {
    super(message);
  }
}

export interface StoreOpenInfo {
  /** Whether the last run ended without close() and the commit log was scanned. */
  recovered: boolean;
  /** Commit-log offset the scan started from, and the valid end it found. */
  scanFrom?: number;
  validEnd?: number;
  /** Bytes cut from the commit-log tail. */
  truncatedBytes?: number;
}

export class DefaultMessageStore implements MessageStore {
  readonly config: Required<Omit<MessageStoreConfig, 'now'>> & { now: () => number };
  private readonly pool = new FilePool();
  private readonly commitLog: CommitLog;
  private readonly indexService: IndexService;
  private readonly cqRoot: string;
  /** topic -> queueId -> consume queue. */
  private readonly queues = new Map<string, Map<number, ConsumeQueue>>();
  /** store.md §2: `"<topic>-<queueId>"` -> next queue offset. */
  private readonly queueOffsetTable = new Map<string, number>();
  private readonly dirtyQueues = new Set<ConsumeQueue>();
  private readonly checkpointFile: StoreFile;
  private readonly abortPath: string;
  private readonly storeHostBytes: { ipBytes: Buffer; port: number };
  private readonly delayLevels: number[];
  private readonly listeners: DispatchListener[] = [];
  private pendingNotifications: Array<[string, number, number, number]> = [];
  private notifyScheduled = false;

  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private checkpointOffset = -1;
  /**
   * End of the last record whose dispatch completed: what a checkpoint may claim. Equal to the
   * commit-log max offset except after a failed dispatch, whose record recovery must redo.
   */
  private dispatchedOffset = 0;
  private syncWaiters: Array<{ upTo: number; done: (ok: boolean) => void }> = [];
  private syncLoopRunning = false;
  private commitLogSynced = 0;
  private state: 'open' | 'closing' | 'closed' = 'open';
  /** Cleared when a write failed half-way: the files need a recovery before taking more. */
  private writable = true;
  /** How open() found the store. */
  openInfo: StoreOpenInfo = { recovered: false };

  private readonly counters = { putMessageTimesTotal: 0, putMessageSizeTotal: 0, getMessageTimesTotal: 0 };
  private readonly bootTimestamp: number;

  private constructor(config: MessageStoreConfig) {
    this.config = {
      dir: config.dir,
      storeHost: config.storeHost,
      commitLogSegmentSize: config.commitLogSegmentSize ?? DEFAULT_COMMIT_LOG_SEGMENT_SIZE,
      consumeQueueEntriesPerSegment: config.consumeQueueEntriesPerSegment ?? DEFAULT_CQ_ENTRIES_PER_SEGMENT,
      indexSlots: config.indexSlots ?? DEFAULT_INDEX_SLOTS,
      indexMaxEntries: config.indexMaxEntries ?? DEFAULT_INDEX_MAX_ENTRIES,
      flush: config.flush ?? 'async',
      flushIntervalMs: config.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS,
      maxMessageSize: config.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
      syncFlushTimeoutMs: config.syncFlushTimeoutMs ?? DEFAULT_SYNC_FLUSH_TIMEOUT_MS,
      messageDelayLevel: config.messageDelayLevel ?? DEFAULT_DELAY_LEVELS,
      now: config.now ?? Date.now,
    };
    const hp = parseHostPort(this.config.storeHost);
    this.storeHostBytes = { ipBytes: hp.ipBytes, port: hp.port };
    this.delayLevels = parseDelayLevels(this.config.messageDelayLevel);
    const dir = this.config.dir;
    fs.mkdirSync(dir, { recursive: true });
    this.commitLog = new CommitLog(join(dir, 'commitlog'), this.config.commitLogSegmentSize, this.pool);
    this.cqRoot = join(dir, 'consumequeue');
    this.indexService = new IndexService(join(dir, 'index'), this.config.indexSlots, this.config.indexMaxEntries, this.pool);
    this.checkpointFile = new StoreFile(join(dir, 'checkpoint'), this.pool);
    this.abortPath = join(dir, 'abort');
    this.bootTimestamp = Date.now();
  }

  /**
   * Opens (creating if needed) the store in `config.dir`. After a clean close it only lists the
   * files; after an abnormal stop (the `abort` marker is still there) it validates the commit
   * log from the last checkpoint, cuts a torn tail and re-dispatches (see {@link recover}).
   */
  static async open(config: MessageStoreConfig): Promise<DefaultMessageStore> {
    const store = new DefaultMessageStore(config);
    store.start();
    return store;
  }

  private start(): void {
    fs.mkdirSync(this.cqRoot, { recursive: true });
    const checkpoint = this.readCheckpoint();
    const abort = fs.existsSync(this.abortPath);
    this.commitLog.load();
    this.indexService.load();
    const damaged = this.loadConsumeQueues();

    const extent = this.commitLog.physicalExtent();
    const cleanEnd = checkpoint?.clean === true && (this.commitLog.hasSegments() ? extent === checkpoint.offset : checkpoint.offset === 0);
    if (!abort && cleanEnd && damaged.size === 0 && checkpoint) {
      this.commitLog.maxOffset = checkpoint.offset;
      this.checkpointOffset = checkpoint.offset;
    } else if (!abort && !checkpoint && !this.commitLog.hasSegments() && this.queues.size === 0 && this.indexService.fileCount === 0) {
      // A new store.
    } else {
      this.recover(checkpoint, damaged);
    }
    this.commitLogSynced = this.commitLog.maxOffset;
    this.dispatchedOffset = this.commitLog.maxOffset;
    for (const [topic, byId] of this.queues) {
      for (const [queueId, cq] of byId) this.queueOffsetTable.set(queueKey(topic, queueId), cq.maxOffset);
    }
    fs.writeFileSync(this.abortPath, '');
    this.flushTimer = setInterval(() => {
      this.flushAll().catch(() => {
        // retried at the next tick; a put in sync mode reports its own flush failure
      });
    }, this.config.flushIntervalMs);
    this.flushTimer.unref();
  }

  /** Loads every consume queue; returns those whose files are not intact (to rebuild). */
  private loadConsumeQueues(): Set<ConsumeQueue> {
    const damaged = new Set<ConsumeQueue>();
    for (const { topic, queueId } of listQueueDirs(this.cqRoot)) {
      const cq = new ConsumeQueue(this.cqRoot, topic, queueId, this.config.consumeQueueEntriesPerSegment, this.pool);
      if (!cq.load()) damaged.add(cq);
      this.queueMap(topic).set(queueId, cq);
    }
    return damaged;
  }

  private queueMap(topic: string): Map<number, ConsumeQueue> {
    let m = this.queues.get(topic);
    if (!m) {
      m = new Map();
      this.queues.set(topic, m);
    }
    return m;
  }

  private readCheckpoint(): Checkpoint | undefined {
    try {
      return decodeCheckpoint(fs.readFileSync(join(this.config.dir, 'checkpoint')));
    } catch {
      return undefined;
    }
  }

  /** Rewrites the checkpoint in place; never moves it backwards. Returns whether it wrote. */
  private writeCheckpoint(offset: number, clean: boolean): boolean {
    if (offset < this.checkpointOffset || (offset === this.checkpointOffset && !clean)) return false;
    this.checkpointFile.write(0, encodeCheckpoint({ offset, writtenAt: Date.now(), clean }));
    this.checkpointOffset = offset;
    return true;
  }

  /**
   * Abnormal-stop recovery. `P` = checkpoint offset (everything below it was durable, store.md
   * §2 dispatch included). Consume-queue units and index entries for records at or beyond `P` are
   * dropped, then the commit log is scanned and validated from `P` (from its first segment when
   * there is no usable checkpoint, when a consume queue was found damaged, or when the index is
   * missing) and each valid record is re-dispatched where it is missing. The scan stops at the
   * first invalid record; the tail from there is cut, along with anything pointing into it.
   */
  private recover(checkpoint: Checkpoint | undefined, damaged: Set<ConsumeQueue>): void {
    const clMin = this.commitLog.hasSegments() ? this.commitLog.minOffset : 0;
    const extent = this.commitLog.physicalExtent();
    let p = checkpoint ? checkpoint.offset : clMin;
    if (p < clMin || p > extent) p = clMin;
    const indexFrom = this.indexService.fileCount === 0 ? clMin : p;
    const rebuild = new Set<string>();
    for (const cq of damaged) {
      cq.destroy();
      rebuild.add(queueKey(cq.topic, cq.queueId));
    }
    for (const byId of this.queues.values()) {
      for (const cq of byId.values()) {
        if (!damaged.has(cq)) cq.truncateTail((u) => isBlankUnit(u) || u.commitLogOffset >= p);
      }
    }
    // Reads below need the log's bounds; the scan then settles the real end.
    this.commitLog.maxOffset = extent;
    const storeTimestampOf = (off: number): number => this.commitLog.storeTimestamp(off);
    this.indexService.rollbackFrom(indexFrom, storeTimestampOf);

    const scanFrom = Math.min(p, indexFrom, rebuild.size > 0 ? clMin : p);
    const validEnd = this.commitLog.scan(scanFrom, (rec: RecordView, _raw: Buffer, at: number) => {
      const props = decodeMessageProperties(rec.properties);
      this.dispatch(
        {
          topic: rec.topic,
          queueId: rec.queueId,
          queueOffset: rec.queueOffset,
          commitLogOffset: at,
          size: rec.size,
          sysFlag: rec.sysFlag,
          storeTimestamp: rec.storeTimestamp,
          tagsCode: this.defaultTagsCode(rec.topic, props, rec.storeTimestamp),
          uniqKey: props.UNIQ_KEY,
          keys: props.KEYS,
        },
        at >= p || rebuild.has(queueKey(rec.topic, rec.queueId)),
        at >= indexFrom,
        true,
      );
    });
    this.commitLog.truncate(validEnd);
    if (validEnd < p) {
      // Durable data was damaged (not a torn tail): drop whatever points past the valid end.
      for (const byId of this.queues.values()) {
        for (const cq of byId.values()) cq.truncateTail((u) => isBlankUnit(u) || u.commitLogOffset + u.size > validEnd);
      }
      this.indexService.rollbackFrom(validEnd, storeTimestampOf);
    }
    // Rebuilt queues that turned out to have no record left do not exist.
    for (const cq of damaged) {
      if (cq.maxOffset > 0) continue;
      cq.destroy();
      const byId = this.queues.get(cq.topic);
      byId?.delete(cq.queueId);
      if (byId?.size === 0) this.queues.delete(cq.topic);
    }
    this.commitLog.syncNow();
    for (const byId of this.queues.values()) for (const cq of byId.values()) cq.syncNow();
    this.dirtyQueues.clear();
    this.indexService.syncNow();
    this.checkpointOffset = -1;
    this.writeCheckpoint(validEnd, false);
    this.checkpointFile.syncNow();
    this.openInfo = { recovered: true, scanFrom, validEnd, truncatedBytes: extent - validEnd };
  }

  /**
   * Java's tag code for a record (`CommitLog.checkMessageAndReturnSize`): for a delayed message in
   * SCHEDULE_TOPIC_XXXX the delivery time (store time + delay of its level, store.md §6), else the
   * hash of TAGS.
   */
  private defaultTagsCode(topic: string, props: Record<string, string>, storeTimestamp: number): number {
    let code = javaTagsCode(props.TAGS);
    const delay = props.DELAY;
    if (topic === SCHEDULE_TOPIC && delay !== undefined) {
      let level = Number.parseInt(delay, 10);
      if (level > this.delayLevels.length) level = this.delayLevels.length;
      if (level > 0) code = storeTimestamp + (this.delayLevels[level - 1] ?? 1000);
    }
    return code;
  }

  private consumeQueue(topic: string, queueId: number, create: boolean): ConsumeQueue | undefined {
    let cq = this.queues.get(topic)?.get(queueId);
    if (!cq && create) {
      cq = new ConsumeQueue(this.cqRoot, topic, queueId, this.config.consumeQueueEntriesPerSegment, this.pool);
      cq.ensureCreated();
      this.queueMap(topic).set(queueId, cq);
    }
    return cq;
  }

  /** Consume queue then index (Java's dispatcher order); `recovering` = re-dispatch from the commit log. */
  private dispatch(req: DispatchRequest, toQueue: boolean, toIndex: boolean, recovering: boolean): void {
    if (toQueue && goesToConsumeQueue(req.sysFlag)) {
      const cq = this.consumeQueue(req.topic, req.queueId, true) as ConsumeQueue;
      if (cq.put(req.queueOffset, req.commitLogOffset, req.size, req.tagsCode, recovering)) {
        this.dirtyQueues.add(cq);
        if (!recovering) this.notify(req.topic, req.queueId, req.queueOffset, req.tagsCode);
      }
    }
    if (toIndex) {
      this.indexService.buildIndex({
        topic: req.topic,
        commitLogOffset: req.commitLogOffset,
        storeTimestamp: req.storeTimestamp,
        sysFlag: req.sysFlag,
        uniqKey: req.uniqKey,
        keys: req.keys,
      });
    }
  }

  private notify(topic: string, queueId: number, queueOffset: number, tagsCode: number): void {
    if (this.listeners.length === 0) return;
    this.pendingNotifications.push([topic, queueId, queueOffset, tagsCode]);
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      const batch = this.pendingNotifications;
      this.pendingNotifications = [];
      for (const [t, q, o, c] of batch) {
        for (const l of this.listeners) {
          try {
            l(t, q, o, c);
          } catch {
            // a listener's failure is its own business
          }
        }
      }
    });
  }

  // -------------------------------------------------------------------------------------------
  // Put
  // -------------------------------------------------------------------------------------------

  putMessage(msg: PutMessageInput): Promise<PutMessageResult> {
    return this.put([msg]);
  }

  putMessages(msgs: PutMessageInput[]): Promise<PutMessageResult> {
    if (msgs.length === 0) return Promise.resolve(failure('MESSAGE_ILLEGAL', 'empty batch'));
    return this.put(msgs);
  }

  private prepare(input: PutMessageInput, storeTimestamp: number): PreparedRecord {
    if (input.body.length > this.config.maxMessageSize) {
      throw new Rejected('MESSAGE_ILLEGAL', `message body size ${input.body.length} exceeds maxMessageSize ${this.config.maxMessageSize}`);
    }
    const propsString = typeof input.properties === 'string' ? input.properties : encodeMessageProperties(input.properties);
    const propsBytes = Buffer.byteLength(propsString, 'utf8');
    if (propsBytes > MAX_PROPERTIES_SIZE) {
      throw new Rejected('PROPERTIES_SIZE_EXCEEDED', `properties size ${propsBytes} exceeds ${MAX_PROPERTIES_SIZE}`);
    }
    if (Buffer.byteLength(input.topic, 'utf8') > 32767 || input.topic.length === 0) {
      throw new Rejected('MESSAGE_ILLEGAL', 'bad topic length');
    }
    const props = typeof input.properties === 'string' ? decodeMessageProperties(propsString) : { ...input.properties };
    let record: Buffer;
    try {
      record = encodeMessage({
        topic: input.topic,
        queueId: input.queueId,
        flag: input.flag,
        sysFlag: input.sysFlag,
        bornTimestamp: input.bornTimestamp,
        bornHost: input.bornHost,
        storeTimestamp,
        storeHost: this.config.storeHost,
        reconsumeTimes: input.reconsumeTimes,
        preparedTransactionOffset: input.preparedTransactionOffset,
        body: input.body,
        properties: propsString,
      });
    } catch (e) {
      throw new Rejected('MESSAGE_ILLEGAL', (e as Error).message);
    }
    if (record.length > this.config.maxMessageSize + RECORD_OVERHEAD_LIMIT) {
      throw new Rejected('MESSAGE_ILLEGAL', `message size ${record.length} exceeds the limit`);
    }
    return {
      input,
      record,
      props,
      tagsCode: input.tagsCode ?? this.defaultTagsCode(input.topic, props, storeTimestamp),
      storeTimestamp,
      queueOffset: 0,
    };
  }

  private async put(msgs: PutMessageInput[]): Promise<PutMessageResult> {
    if (this.state !== 'open') return failure('SERVICE_NOT_AVAILABLE', 'message store is shut down');
    if (!this.writable) return failure('SERVICE_NOT_AVAILABLE', 'message store is not writable after a write error');
    const now = this.config.now();
    let prepared: PreparedRecord[];
    try {
      prepared = msgs.map((m) => this.prepare(m, m.storeTimestamp ?? now));
    } catch (e) {
      if (e instanceof Rejected) return failure(e.status, e.message);
      throw e;
    }
    if (msgs.length > 1) {
      const bodies = msgs.reduce((n, m) => n + m.body.length, 0);
      if (bodies > this.config.maxMessageSize) return failure('MESSAGE_ILLEGAL', `batch body size ${bodies} exceeds maxMessageSize`);
    }

    // Queue offsets (store.md §2): consecutive per queue; transactional half/rollback records get 0.
    const next = new Map<string, number>();
    for (const r of prepared) {
      if (!goesToConsumeQueue(r.input.sysFlag)) continue;
      const key = queueKey(r.input.topic, r.input.queueId);
      const off = next.get(key) ?? this.queueOffsetTable.get(key) ?? 0;
      r.queueOffset = off;
      next.set(key, off + 1);
    }
    const total = prepared.reduce((n, r) => n + r.record.length, 0);
    let position: number | undefined;
    try {
      position = this.commitLog.append(total, (pos) => {
        let at = pos;
        for (const r of prepared) {
          r.record.writeBigInt64BE(BigInt(r.queueOffset), RecordPos.QUEUE_OFFSET);
          r.record.writeBigInt64BE(BigInt(at), RecordPos.PHYSICAL_OFFSET);
          at += r.record.length;
        }
        return prepared.length === 1 ? (prepared[0] as PreparedRecord).record : Buffer.concat(prepared.map((r) => r.record), total);
      });
    } catch (e) {
      return failure('SERVICE_NOT_AVAILABLE', `commit log write failed: ${(e as Error).message}`);
    }
    if (position === undefined) return failure('MESSAGE_ILLEGAL', `message of ${total} bytes does not fit a commit-log segment`);
    for (const [key, value] of next) this.queueOffsetTable.set(key, value);

    const msgIds: string[] = [];
    let at = position;
    try {
      for (const r of prepared) {
        msgIds.push(createOffsetMessageIdFromBytes(this.storeHostBytes.ipBytes, this.storeHostBytes.port, at));
        this.dispatch(
          {
            topic: r.input.topic,
            queueId: r.input.queueId,
            queueOffset: r.queueOffset,
            commitLogOffset: at,
            size: r.record.length,
            sysFlag: r.input.sysFlag,
            storeTimestamp: r.storeTimestamp,
            tagsCode: r.tagsCode,
            uniqKey: r.props.UNIQ_KEY,
            keys: r.props.KEYS,
          },
          true,
          true,
          false,
        );
        at += r.record.length;
      }
    } catch (e) {
      // The record is in the commit log but its dispatch is incomplete; the next open re-dispatches.
      this.writable = false;
      return failure('SERVICE_NOT_AVAILABLE', `dispatch failed: ${(e as Error).message}`);
    }
    this.dispatchedOffset = position + total;
    this.counters.putMessageTimesTotal += prepared.length;
    this.counters.putMessageSizeTotal += total;

    const first = prepared[0] as PreparedRecord;
    const result: PutMessageResult = {
      status: 'PUT_OK',
      msgIds,
      commitLogOffset: position,
      queueOffset: first.queueOffset,
      storeTimestamp: first.storeTimestamp,
      wroteBytes: total,
    };
    if (this.config.flush === 'sync' && !(await this.waitDurable(position + total))) result.status = 'FLUSH_DISK_TIMEOUT';
    return result;
  }

  /** Group commit: one fsync round serves every put that reached the log before it started. */
  private waitDurable(upTo: number): Promise<boolean> {
    if (upTo <= this.commitLogSynced) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        resolve(false);
      }, this.config.syncFlushTimeoutMs);
      this.syncWaiters.push({
        upTo,
        done: (ok) => {
          clearTimeout(timer);
          if (!settled) resolve(ok);
        },
      });
      if (!this.syncLoopRunning) void this.runSyncLoop();
    });
  }

  private async runSyncLoop(): Promise<void> {
    this.syncLoopRunning = true;
    try {
      while (this.syncWaiters.length > 0) {
        const target = this.commitLog.maxOffset;
        let ok = true;
        try {
          await this.commitLog.sync();
        } catch {
          ok = false;
        }
        if (ok) this.commitLogSynced = Math.max(this.commitLogSynced, target);
        const waiting = this.syncWaiters;
        this.syncWaiters = [];
        for (const w of waiting) {
          if (!ok) w.done(false);
          else if (w.upTo <= target) w.done(true);
          else this.syncWaiters.push(w);
        }
      }
    } finally {
      this.syncLoopRunning = false;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Reads
  // -------------------------------------------------------------------------------------------

  private ensureOpen(): void {
    if (this.state === 'closed') throw new Error('message store is closed');
  }

  /** store.md §3.1 (Java `DefaultMessageStore.getMessage`, one consume-queue file per call). */
  getMessage(topic: string, queueId: number, offset: number, maxMsgNums: number, filter?: MessageFilter): GetMessageResult {
    this.ensureOpen();
    this.counters.getMessageTimesTotal++;
    const records: Buffer[] = [];
    const queueOffsets: number[] = [];
    const cq = this.consumeQueue(topic, queueId, false);
    if (!cq) return { status: 'NO_MATCHED_LOGIC_QUEUE', nextBeginOffset: 0, minOffset: 0, maxOffset: 0, records, queueOffsets };
    const minOffset = cq.minOffset;
    const maxOffset = cq.maxOffset;
    const result = (status: GetMessageStatus, nextBeginOffset: number): GetMessageResult => ({ status, nextBeginOffset, minOffset, maxOffset, records, queueOffsets });
    if (maxOffset === 0) return result('NO_MESSAGE_IN_QUEUE', 0);
    if (offset < minOffset) return result('OFFSET_TOO_SMALL', minOffset);
    if (offset === maxOffset) return result('OFFSET_OVERFLOW_ONE', offset);
    if (offset > maxOffset) return result('OFFSET_OVERFLOW_BADLY', maxOffset);

    // Java stops examining units once (k - offset) * 20 >= max(maxFilterMessageSize, maxMsgNums * 20).
    const examine = Math.ceil(Math.max(MAX_FILTER_MESSAGE_SIZE, maxMsgNums * CQ_UNIT_SIZE) / CQ_UNIT_SIZE);
    const units = cq.readUnits(offset, examine);
    if (!units) return result('OFFSET_FOUND_NULL', cq.nextSegmentOffset(offset));
    let status: GetMessageStatus = 'NO_MATCHED_MESSAGE';
    let next = offset;
    let totalBytes = 0;
    for (let at = 0; at < units.length; at += CQ_UNIT_SIZE) {
      const u = readUnit(units, at);
      const k = offset + at / CQ_UNIT_SIZE;
      if (this.isTheBatchFull(u.size, maxMsgNums, totalBytes, records.length)) break;
      next = k + 1;
      if (filter && !isBlankUnit(u) && !filter(u.tagsCode)) {
        if (totalBytes === 0) status = 'NO_MATCHED_MESSAGE';
        continue;
      }
      const rec = isBlankUnit(u) ? null : this.commitLog.read(u.commitLogOffset, u.size);
      if (!rec) {
        if (totalBytes === 0) status = 'MESSAGE_WAS_REMOVING';
        continue;
      }
      records.push(rec);
      queueOffsets.push(k);
      totalBytes += rec.length;
      status = 'FOUND';
    }
    return result(status, next);
  }

  /** Java `isTheBatchFull` with the in-memory limits (256 KiB / 32 messages). */
  private isTheBatchFull(size: number, maxMsgNums: number, bufferTotal: number, messageTotal: number): boolean {
    if (bufferTotal === 0 || messageTotal === 0) return false;
    if (messageTotal + 1 > maxMsgNums) return true;
    if (bufferTotal + size > MAX_PULL_MSG_SIZE) return true;
    if (bufferTotal + size > MAX_TRANSFER_BYTES) return true;
    return messageTotal > MAX_TRANSFER_COUNT - 1;
  }

  getMaxOffsetInQueue(topic: string, queueId: number): number {
    return this.consumeQueue(topic, queueId, false)?.maxOffset ?? 0;
  }

  getMinOffsetInQueue(topic: string, queueId: number): number {
    return this.consumeQueue(topic, queueId, false)?.minOffset ?? 0;
  }

  /**
   * store.md §3.2. Store time of unit `k`; entries below the commit-log min offset (and filler
   * units) count as older than anything.
   */
  private unitTime(cq: ConsumeQueue, k: number): number {
    const u = cq.unit(k);
    if (!u) return -1;
    if (isBlankUnit(u) || u.commitLogOffset < this.commitLog.minOffset) return Number.NEGATIVE_INFINITY;
    return this.commitLog.storeTimestamp(u.commitLogOffset);
  }

  getOffsetInQueueByTime(topic: string, queueId: number, timestamp: number, boundary: TimeBoundary = 'LOWER'): number {
    this.ensureOpen();
    const cq = this.consumeQueue(topic, queueId, false);
    if (!cq || cq.maxOffset === 0 || cq.minOffset >= cq.maxOffset) return 0;
    const low = cq.minOffset;
    const high = cq.maxOffset - 1;
    if (boundary === 'NEAREST') return this.searchNearest(cq, low, high, timestamp);

    // 5.3.3 corner cases first: everything older / the first one newer.
    if (this.unitTime(cq, high) < timestamp) return boundary === 'LOWER' ? high + 1 : high;
    if (this.unitTime(cq, low) > timestamp) return boundary === 'LOWER' ? low : 0;
    let lo = low;
    let hi = high;
    if (boundary === 'LOWER') {
      // Smallest k with time(k) >= timestamp (exists: time(high) >= timestamp).
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.unitTime(cq, mid) >= timestamp) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    }
    // Largest k with time(k) <= timestamp (exists: time(low) <= timestamp).
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.unitTime(cq, mid) <= timestamp) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 4.9.8 `ConsumeQueue.getOffsetInQueueByTime`: the same probe sequence, so equal timestamps give the same pick. */
  private searchNearest(cq: ConsumeQueue, low: number, high: number, timestamp: number): number {
    let lo = low;
    let hi = high;
    let leftOffset = -1;
    let rightOffset = -1;
    let leftValue = -1;
    let rightValue = -1;
    while (hi >= lo) {
      const mid = Math.floor((lo + hi) / 2);
      const t = this.unitTime(cq, mid);
      if (t === Number.NEGATIVE_INFINITY) {
        lo = mid + 1;
        leftOffset = mid;
        continue;
      }
      if (t < 0) return 0;
      if (t === timestamp) return mid;
      if (t > timestamp) {
        hi = mid - 1;
        rightOffset = mid;
        rightValue = t;
      } else {
        lo = mid + 1;
        leftOffset = mid;
        leftValue = t;
      }
    }
    if (leftValue === -1) return rightOffset;
    if (rightValue === -1) return leftOffset;
    return Math.abs(timestamp - leftValue) > Math.abs(timestamp - rightValue) ? rightOffset : leftOffset;
  }

  getMessageStoreTimestamp(topic: string, queueId: number, queueOffset: number): number {
    this.ensureOpen();
    const cq = this.consumeQueue(topic, queueId, false);
    if (!cq || queueOffset < cq.minOffset || queueOffset >= cq.maxOffset) return -1;
    const u = cq.unit(queueOffset);
    if (!u || isBlankUnit(u)) return -1;
    return this.commitLog.storeTimestamp(u.commitLogOffset);
  }

  getEarliestMessageTime(topic: string, queueId: number): number {
    const cq = this.consumeQueue(topic, queueId, false);
    if (!cq) return -1;
    return this.getMessageStoreTimestamp(topic, queueId, cq.minOffset);
  }

  getEarliestMessageTimeOfStore(): number {
    this.ensureOpen();
    const first = this.commitLog.firstRecordAt(this.commitLog.minOffset);
    return first < 0 ? -1 : this.commitLog.storeTimestamp(first);
  }

  lookMessageByOffset(commitLogOffset: number): Buffer | null {
    this.ensureOpen();
    return this.commitLog.readRecord(commitLogOffset);
  }

  /** store.md §4 (Java `DefaultMessageStore.queryMessage`, up to three passes narrowing `end`). */
  queryMessage(topic: string, key: string, maxNum: number, begin: number, end: number): QueryMessageResult {
    this.ensureOpen();
    const result: QueryMessageResult = { records: [], indexLastUpdateTimestamp: 0, indexLastUpdatePhyoffset: 0 };
    let lastQueryMsgTime = end;
    for (let i = 0; i < 3; i++) {
      const q = this.indexService.query(topic, key, maxNum, begin, lastQueryMsgTime);
      if (q.phyOffsets.length === 0) break;
      q.phyOffsets.sort((a, b) => a - b);
      result.indexLastUpdateTimestamp = q.indexLastUpdateTimestamp;
      result.indexLastUpdatePhyoffset = q.indexLastUpdatePhyoffset;
      q.phyOffsets.forEach((off, m) => {
        const rec = this.commitLog.readRecord(off);
        if (!rec) return;
        if (m === 0) lastQueryMsgTime = this.commitLog.storeTimestamp(off);
        result.records.push(rec);
      });
      if (result.records.length > 0) break;
      if (lastQueryMsgTime < begin) break;
    }
    return result;
  }

  queueIdsOf(topic: string): number[] {
    return [...(this.queues.get(topic)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /**
   * QUERY_CONSUME_QUEUE: up to `count` units of a queue from `index` (filler units included, as
   * Java reads them), with the queue's index range; undefined for a queue the store does not have.
   */
  consumeQueueUnits(topic: string, queueId: number, index: number, count: number): { minOffset: number; maxOffset: number; units: Array<{ commitLogOffset: number; size: number; tagsCode: number }> } | undefined {
    this.ensureOpen();
    const cq = this.consumeQueue(topic, queueId, false);
    if (!cq) return undefined;
    const units: Array<{ commitLogOffset: number; size: number; tagsCode: number }> = [];
    for (let k = Math.max(index, cq.minOffset); k < cq.maxOffset && units.length < count; k++) {
      const u = cq.unit(k);
      if (!u) break;
      units.push(u);
    }
    return { minOffset: cq.minOffset, maxOffset: cq.maxOffset, units };
  }

  /** The topics the store has consume queues of. */
  topicsInStore(): string[] {
    return [...this.queues.keys()].sort();
  }

  /**
   * CLEAN_EXPIRED_CONSUMEQUEUE (Java `cleanExpiredConsumerQueue`): destroys the consume queues whose
   * last unit points below the commit log's min offset (every message gone); returns their
   * `topic@queueId`. A queue with no unit is kept.
   */
  cleanExpiredConsumeQueues(keep: (topic: string) => boolean): string[] {
    this.ensureOpen();
    const clMin = this.commitLog.hasSegments() ? this.commitLog.minOffset : 0;
    const cleaned: string[] = [];
    for (const [topic, byId] of this.queues) {
      if (keep(topic)) continue;
      for (const [queueId, cq] of byId) {
        if (cq.maxOffset === 0) continue;
        const last = cq.unit(cq.maxOffset - 1);
        if (!last || last.commitLogOffset >= clMin) continue;
        cq.destroy();
        this.dirtyQueues.delete(cq);
        byId.delete(queueId);
        cleaned.push(`${topic}@${queueId}`);
      }
      if (byId.size === 0) this.queues.delete(topic);
    }
    return cleaned;
  }

  /**
   * DELETE_TOPIC_IN_BROKER: drops the topic's consume queues and queue offsets (a re-created
   * topic starts again at 0). The records stay in the commit log; the checkpoint is moved past
   * them so that a crash recovery does not re-dispatch them into resurrected queues.
   */
  deleteTopic(topic: string): void {
    this.ensureOpen();
    const byId = this.queues.get(topic);
    for (const [queueId, cq] of byId ?? []) {
      cq.destroy();
      this.dirtyQueues.delete(cq);
      this.queueOffsetTable.delete(queueKey(topic, queueId));
    }
    this.queues.delete(topic);
    fs.rmSync(join(this.cqRoot, topic), { recursive: true, force: true });
    if (this.state === 'open') {
      this.syncEverythingNow();
      if (this.writeCheckpoint(this.dispatchedOffset, false)) this.checkpointFile.syncNow();
    }
  }

  onDispatch(listener: DispatchListener): void {
    this.listeners.push(listener);
  }

  stats(): StoreStats {
    return {
      ...this.counters,
      commitLogMinOffset: this.commitLog.minOffset,
      commitLogMaxOffset: this.commitLog.maxOffset,
      bootTimestamp: this.bootTimestamp,
    };
  }

  diskUsage(): number {
    return ['commitlog', 'consumequeue', 'index', 'checkpoint', 'abort'].reduce((n, name) => n + diskUsageOf(join(this.config.dir, name)), 0);
  }

  /** Names of the index files, oldest first (diagnostics and tests). */
  indexFileNames(): string[] {
    return this.indexService.fileNames();
  }

  // -------------------------------------------------------------------------------------------
  // Flush and shutdown
  // -------------------------------------------------------------------------------------------

  private syncEverythingNow(): void {
    this.commitLog.syncNow();
    for (const cq of this.dirtyQueues) cq.syncNow();
    this.dirtyQueues.clear();
    this.indexService.syncNow();
  }

  /** One flush round: fsync the commit log, then queues and index, then advance the checkpoint. */
  private flushAll(): Promise<void> {
    if (this.flushing) return this.flushing;
    const run = async (): Promise<void> => {
      const offset = this.dispatchedOffset;
      const queues = [...this.dirtyQueues];
      this.dirtyQueues.clear();
      try {
        await this.commitLog.sync();
        this.commitLogSynced = Math.max(this.commitLogSynced, offset);
        await Promise.all([...queues.map((cq) => cq.sync()), this.indexService.sync()]);
      } catch (e) {
        for (const cq of queues) this.dirtyQueues.add(cq);
        throw e;
      }
      if (this.state === 'closed') return;
      if (this.writeCheckpoint(offset, false)) await this.checkpointFile.sync();
    };
    this.flushing = run().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  async flush(): Promise<void> {
    this.ensureOpen();
    // A round already running may have started before the latest writes.
    if (this.flushing) await this.flushing.catch(() => undefined);
    await this.flushAll();
  }

  /**
   * Stops background work and releases the descriptors without any shutdown bookkeeping (no
   * flush, no checkpoint, the abort marker stays): on disk it looks as if the process had died
   * here. For crash tests, and for a broker giving up after a fatal error.
   */
  abandon(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.pool.closeAllWithoutSync();
  }

  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.flushing) await this.flushing.catch(() => undefined);
    // fsyncs in parallel on the thread pool; the synchronous pass below then finds little left.
    await this.flushAll().catch(() => undefined);
    while (this.syncLoopRunning) await new Promise((r) => setImmediate(r));
    this.syncEverythingNow();
    // A store that failed a write keeps its abort marker: the next open must recover.
    const clean = this.writable && this.dispatchedOffset === this.commitLog.maxOffset;
    this.writeCheckpoint(this.dispatchedOffset, clean);
    this.checkpointFile.syncNow();
    this.commitLog.close();
    for (const byId of this.queues.values()) for (const cq of byId.values()) cq.close();
    this.indexService.close();
    this.checkpointFile.closeFd();
    this.pool.closeAll();
    if (clean) fs.rmSync(this.abortPath, { force: true });
    this.state = 'closed';
  }
}
