// Delay levels (store.md §6): a message with DELAY=n is stored in SCHEDULE_TOPIC_XXXX queue n-1
// with its real topic and queue in properties, and re-stored in its real queue when due. The
// per-level progress is kept in delayOffset.json.

import { join } from 'node:path';
import { decodeMessage, type MessageExt } from '../../protocol/message.js';
import { MessageSysFlag } from '../../protocol/message.js';
import type { PutMessageInput } from '../store/types.js';
import type { BrokerContext } from './context.js';
import { readConfigFile, writeConfigFile } from './persistence.js';
import { SCHEDULE_TOPIC } from './topicConfigManager.js';

/** "1s 5s 10s 30s 1m ..." -> milliseconds per level (index 0 = level 1). */
export function parseDelayLevels(text: string): number[] {
  const unit: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return text.trim().split(/\s+/).map((item) => {
    const m = /^(\d+)([smhd])$/.exec(item);
    if (!m) throw new Error(`bad messageDelayLevel item "${item}"`);
    return Number(m[1]) * unit[m[2]!]!;
  });
}

/** Rewrites a send with DELAY > 0 into the schedule topic; returns the level used, or 0. */
export function applyDelayLevel(input: PutMessageInput, ctx: BrokerContext): number {
  const props = input.properties as Record<string, string>;
  const requested = Number(props.DELAY ?? 0);
  const txType = input.sysFlag & MessageSysFlag.TRANSACTION_MASK;
  if (!(requested > 0) || (txType !== MessageSysFlag.TRANSACTION_NOT_TYPE && txType !== MessageSysFlag.TRANSACTION_COMMIT)) return 0;
  const levels = parseDelayLevels(ctx.config.get('messageDelayLevel') ?? '');
  const level = Math.min(Math.trunc(requested), levels.length);
  props.DELAY = String(level);
  props.REAL_TOPIC = input.topic;
  props.REAL_QID = String(input.queueId);
  const storeTimestamp = Date.now();
  input.topic = SCHEDULE_TOPIC;
  input.queueId = level - 1;
  input.storeTimestamp = storeTimestamp;
  // The consume-queue tag code of a delayed record is its delivery time (store.md §3).
  input.tagsCode = storeTimestamp + levels[level - 1]!;
  return level;
}

export class ScheduleMessageService {
  private readonly offsets = new Map<number, number>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly busy = new Set<number>();
  private levels: number[] = [];
  private readonly file: string;
  private closed = false;

  constructor(private readonly ctx: BrokerContext, configDir: string) {
    this.file = join(configDir, 'delayOffset.json');
  }

  start(): void {
    this.levels = parseDelayLevels(this.ctx.config.get('messageDelayLevel') ?? '');
    const stored = readConfigFile(this.file) as { offsetTable?: Record<string, unknown> } | undefined;
    for (const [level, off] of Object.entries(stored?.offsetTable ?? {})) this.offsets.set(Number(level), Number(off));
    for (let level = 1; level <= this.levels.length; level++) this.schedule(level, 0);
  }

  /** A record reached the schedule topic: make sure its level is being watched. */
  onDispatch(queueId: number): void {
    const level = queueId + 1;
    if (!this.timers.has(level) && !this.busy.has(level)) this.schedule(level, 0);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.persist();
  }

  serialize(): Record<string, unknown> {
    return { dataVersion: { counter: 0, stateVersion: 0, timestamp: Date.now() }, offsetTable: new Map([...this.offsets].sort((a, b) => a[0] - b[0])) };
  }

  private schedule(level: number, delayMs: number): void {
    if (this.closed) return;
    const existing = this.timers.get(level);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.timers.delete(level);
      void this.deliver(level);
    }, Math.max(0, Math.min(delayMs, 2_147_000_000)));
    timer.unref();
    this.timers.set(level, timer);
  }

  /** Delivers every due record of a level in order, then sleeps until the next one is due. */
  private async deliver(level: number): Promise<void> {
    if (this.closed || this.busy.has(level)) return;
    this.busy.add(level);
    try {
      const queueId = level - 1;
      let offset = this.offsets.get(level) ?? 0;
      const min = this.ctx.store.getMinOffsetInQueue(SCHEDULE_TOPIC, queueId);
      if (offset < min) offset = min;
      for (;;) {
        if (this.closed) return;
        const result = this.ctx.store.getMessage(SCHEDULE_TOPIC, queueId, offset, 32);
        if (result.records.length === 0) break;
        for (const record of result.records) {
          const msg = decodeMessage(record, { decompress: false });
          const due = msg.storeTimestamp + this.levels[level - 1]!;
          const wait = due - Date.now();
          if (wait > 0) {
            this.offsets.set(level, offset);
            this.persist();
            this.schedule(level, wait);
            return;
          }
          await this.ctx.store.putMessage(restore(msg));
          offset = msg.queueOffset + 1;
          this.offsets.set(level, offset);
        }
        this.persist();
      }
    } catch (err) {
      this.ctx.log(`delay level ${level}: ${(err as Error).message}`);
      this.schedule(level, 1000);
    } finally {
      this.busy.delete(level);
    }
  }

  private persist(): void {
    writeConfigFile(this.file, this.serialize());
  }
}

/** The record to store in the real queue: topic and queue restored, DELAY gone, WAIT=false. */
function restore(msg: MessageExt): PutMessageInput {
  const props = { ...msg.properties };
  const topic = props.REAL_TOPIC ?? msg.topic;
  const queueId = Number(props.REAL_QID ?? msg.queueId);
  delete props.REAL_TOPIC;
  delete props.REAL_QID;
  delete props.DELAY;
  props.WAIT = 'false';
  return restoreAs(msg, { topic, queueId, properties: props });
}

/**
 * A stored record (decoded without decompressing) to append again elsewhere: body, flag,
 * sysFlag and born time/host are kept, as the Java broker keeps them for delayed, retried and
 * dead-lettered messages.
 */
export function restoreAs(msg: MessageExt, changes: Pick<PutMessageInput, 'topic' | 'queueId' | 'properties'> & Partial<PutMessageInput>): PutMessageInput {
  return {
    flag: msg.flag,
    sysFlag: msg.sysFlag,
    bornTimestamp: msg.bornTimestamp,
    bornHost: msg.bornHost,
    reconsumeTimes: msg.reconsumeTimes,
    preparedTransactionOffset: msg.preparedTransactionOffset,
    body: msg.body,
    ...changes,
  };
}
