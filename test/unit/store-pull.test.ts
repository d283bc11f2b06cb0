import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DefaultMessageStore } from '../../src/dev/store/index.js';
import { tagsCode } from '../../src/protocol/javaHash.js';
import { decodeMessage } from '../../src/protocol/message.js';
import { clock, msg, StoreFixture, tempDir } from './store-helpers.js';

const fx = new StoreFixture();
afterEach(() => fx.cleanup());

const T = 'TopicTest';
const CQ0 = '00000000000000000000';
const codes = (...tags: string[]): ((code: number) => boolean) => {
  const set = new Set(tags.map((t) => tagsCode(t)));
  return (code) => set.has(code);
};

async function fill(store: DefaultMessageStore, n: number, tag: (i: number) => string | undefined = () => undefined, queueId = 0): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t = tag(i);
    await store.putMessage(msg({ queueId, body: Buffer.from(`m${i}`), properties: t ? { TAGS: t } : {} }));
  }
}

/** Overwrites consume-queue units with fillers `[0][Integer.MAX_VALUE][0]` in a closed store. */
function blankUnits(dir: string, queueId: number, units: number[]): void {
  const file = join(dir, 'consumequeue', T, String(queueId), CQ0);
  const blank = Buffer.alloc(20);
  blank.writeInt32BE(0x7fffffff, 8);
  const fd = openSync(file, 'r+');
  for (const k of units) writeSync(fd, blank, 0, 20, k * 20);
  closeSync(fd);
}

describe('getMessage statuses and nextBeginOffset (store.md §3.1)', () => {
  it('answers the out-of-range cases', async () => {
    const { store } = await fx.open();
    await fill(store, 10);
    expect(store.getMessage(T, 7, 0, 32)).toEqual({ status: 'NO_MATCHED_LOGIC_QUEUE', nextBeginOffset: 0, minOffset: 0, maxOffset: 0, records: [], queueOffsets: [] });
    expect(store.getMessage('Nope', 0, 5, 32)).toMatchObject({ status: 'NO_MATCHED_LOGIC_QUEUE', nextBeginOffset: 0 });
    expect(store.getMessage(T, 0, 10, 32)).toMatchObject({ status: 'OFFSET_OVERFLOW_ONE', nextBeginOffset: 10, minOffset: 0, maxOffset: 10, records: [] });
    expect(store.getMessage(T, 0, 15, 32)).toMatchObject({ status: 'OFFSET_OVERFLOW_BADLY', nextBeginOffset: 10, maxOffset: 10 });
  });

  it('NO_MESSAGE_IN_QUEUE for an existing empty queue', async () => {
    const dir = tempDir();
    fx.dirs.push(dir);
    mkdirSync(join(dir, 'consumequeue', T, '0'), { recursive: true });
    writeFileSync(join(dir, 'consumequeue', T, '0', CQ0), '');
    const { store } = await fx.open({}, dir);
    expect(store.queueIdsOf(T)).toEqual([0]);
    expect(store.getMessage(T, 0, 3, 32)).toMatchObject({ status: 'NO_MESSAGE_IN_QUEUE', nextBeginOffset: 0, minOffset: 0, maxOffset: 0 });
  });

  it('OFFSET_TOO_SMALL below a min offset raised by filler units', async () => {
    const { store, dir } = await fx.open();
    await fill(store, 5);
    await store.close();
    blankUnits(dir, 0, [0, 1]);
    const { store: s } = await fx.open({}, dir);
    expect(s.getMinOffsetInQueue(T, 0)).toBe(2);
    expect(s.getMessage(T, 0, 1, 32)).toMatchObject({ status: 'OFFSET_TOO_SMALL', nextBeginOffset: 2, minOffset: 2, maxOffset: 5 });
    expect(s.getMessage(T, 0, 2, 32)).toMatchObject({ status: 'FOUND', nextBeginOffset: 5, queueOffsets: [2, 3, 4] });
    expect(s.getMessageStoreTimestamp(T, 0, 1)).toBe(-1);
  });

  it('FOUND: up to maxMsgNums records in queue order, next = last examined + 1', async () => {
    const { store } = await fx.open();
    await fill(store, 10);
    const r = store.getMessage(T, 0, 3, 4);
    expect(r).toMatchObject({ status: 'FOUND', nextBeginOffset: 7, minOffset: 0, maxOffset: 10, queueOffsets: [3, 4, 5, 6] });
    expect(r.records.map((b) => decodeMessage(b).body.toString())).toEqual(['m3', 'm4', 'm5', 'm6']);
    expect(r.records.map((b) => decodeMessage(b).queueOffset)).toEqual([3, 4, 5, 6]);
    expect(store.getMessage(T, 0, 8, 32)).toMatchObject({ status: 'FOUND', nextBeginOffset: 10, queueOffsets: [8, 9] });
    // Java's isTheBatchFull never refuses the first message.
    expect(store.getMessage(T, 0, 0, 0)).toMatchObject({ status: 'FOUND', nextBeginOffset: 1, queueOffsets: [0] });
  });

  it('filters by tag code; NO_MATCHED_MESSAGE moves next past the examined units', async () => {
    const { store } = await fx.open();
    await fill(store, 10, (i) => (i % 2 === 0 ? 'A' : 'B'));
    expect(store.getMessage(T, 0, 0, 3, codes('A'))).toMatchObject({ status: 'FOUND', nextBeginOffset: 5, queueOffsets: [0, 2, 4] });
    expect(store.getMessage(T, 0, 1, 32, codes('A'))).toMatchObject({ status: 'FOUND', nextBeginOffset: 10, queueOffsets: [2, 4, 6, 8] });
    expect(store.getMessage(T, 0, 0, 32, codes('A', 'B')).queueOffsets).toHaveLength(10);
    expect(store.getMessage(T, 0, 0, 32, codes('C'))).toMatchObject({ status: 'NO_MATCHED_MESSAGE', nextBeginOffset: 10, records: [] });
    expect(store.getMessage(T, 0, 9, 32, codes('A'))).toMatchObject({ status: 'NO_MATCHED_MESSAGE', nextBeginOffset: 10 });
  });

  it('examines at most max(16000, 20 * maxMsgNums) bytes of units per pull', async () => {
    const { store } = await fx.open();
    await fill(store, 1100, () => 'B');
    expect(store.getMessage(T, 0, 0, 32, codes('A'))).toMatchObject({ status: 'NO_MATCHED_MESSAGE', nextBeginOffset: 800 });
    expect(store.getMessage(T, 0, 50, 1000, codes('A'))).toMatchObject({ status: 'NO_MATCHED_MESSAGE', nextBeginOffset: 1050 });
  });

  it('stops at the end of the consume-queue segment', async () => {
    const { store } = await fx.open({ consumeQueueEntriesPerSegment: 10 });
    await fill(store, 15);
    expect(store.getMessage(T, 0, 5, 32)).toMatchObject({ status: 'FOUND', nextBeginOffset: 10, queueOffsets: [5, 6, 7, 8, 9] });
    expect(store.getMessage(T, 0, 10, 32)).toMatchObject({ status: 'FOUND', nextBeginOffset: 15, queueOffsets: [10, 11, 12, 13, 14] });
    expect(store.getMessage(T, 0, 0, 32, codes('X'))).toMatchObject({ status: 'NO_MATCHED_MESSAGE', nextBeginOffset: 10 });
  });

  it('bounds a batch by 32 messages and 256 KiB', async () => {
    const { store } = await fx.open();
    await fill(store, 40);
    expect(store.getMessage(T, 0, 0, 64)).toMatchObject({ status: 'FOUND', nextBeginOffset: 32 });
    expect(store.getMessage(T, 0, 0, 64).records).toHaveLength(32);

    for (let i = 0; i < 3; i++) await store.putMessage(msg({ queueId: 1, body: Buffer.alloc(100 * 1024) }));
    await store.putMessage(msg({ queueId: 1, body: Buffer.alloc(300 * 1024) }));
    expect(store.getMessage(T, 1, 0, 32)).toMatchObject({ status: 'FOUND', nextBeginOffset: 2, queueOffsets: [0, 1] });
    expect(store.getMessage(T, 1, 2, 32)).toMatchObject({ status: 'FOUND', nextBeginOffset: 3, queueOffsets: [2] });
    // A single record over the limit still goes out alone.
    expect(store.getMessage(T, 1, 3, 32)).toMatchObject({ status: 'FOUND', nextBeginOffset: 4, queueOffsets: [3] });
  });

  it('MESSAGE_WAS_REMOVING when a unit has no record behind it', async () => {
    const { store, dir } = await fx.open();
    await fill(store, 4);
    await store.close();
    blankUnits(dir, 0, [3]);
    const { store: s } = await fx.open({}, dir);
    expect(s.getMessage(T, 0, 3, 32)).toMatchObject({ status: 'MESSAGE_WAS_REMOVING', nextBeginOffset: 4, records: [] });
    // As in Java, the filler's size (Integer.MAX_VALUE) ends a batch that already holds a record.
    expect(s.getMessage(T, 0, 2, 32)).toMatchObject({ status: 'FOUND', nextBeginOffset: 3, queueOffsets: [2] });
  });
});

describe('search by timestamp (store.md §3.2)', () => {
  // queue offset:        0     1     2     3     4     5
  const times = [1000, 2000, 2000, 2000, 3000, 5000];

  async function timed(): Promise<DefaultMessageStore> {
    const { store } = await fx.open({ now: clock(times) });
    await fill(store, times.length);
    return store;
  }

  it('stores the injected times', async () => {
    const store = await timed();
    expect(times.map((_, k) => store.getMessageStoreTimestamp(T, 0, k))).toEqual(times);
    expect(store.getMessageStoreTimestamp(T, 0, 6)).toBe(-1);
    expect(store.getMessageStoreTimestamp(T, 9, 0)).toBe(-1);
    expect(store.getEarliestMessageTime(T, 0)).toBe(1000);
    expect(store.getEarliestMessageTime(T, 9)).toBe(-1);
  });

  it('LOWER: first offset with time >= t (max when all are older)', async () => {
    const store = await timed();
    const lower = (t: number): number => store.getOffsetInQueueByTime(T, 0, t, 'LOWER');
    expect([500, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000].map(lower)).toEqual([0, 0, 1, 1, 4, 4, 5, 5, 6]);
    expect(store.getOffsetInQueueByTime(T, 0, 2000)).toBe(1);
  });

  it('UPPER: last offset with time <= t (0 when the first is newer, max-1 when all are older)', async () => {
    const store = await timed();
    const upper = (t: number): number => store.getOffsetInQueueByTime(T, 0, t, 'UPPER');
    expect([500, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000].map(upper)).toEqual([0, 0, 0, 3, 3, 4, 4, 5, 5]);
  });

  it('NEAREST (4.9.8): closest entry, ties to the older, the probe order decides among equals', async () => {
    const store = await timed();
    const nearest = (t: number): number => store.getOffsetInQueueByTime(T, 0, t, 'NEAREST');
    // 2000: the first probe (offset 2) already matches.
    expect(nearest(2000)).toBe(2);
    expect(nearest(1400)).toBe(0);
    expect(nearest(1500)).toBe(0);
    expect(nearest(1600)).toBe(1);
    expect(nearest(4000)).toBe(4);
    expect(nearest(4001)).toBe(5);
    expect(nearest(500)).toBe(0);
    expect(nearest(9000)).toBe(5);
  });

  it('answers 0 for empty and unknown queues', async () => {
    const { store } = await fx.open();
    for (const b of ['LOWER', 'UPPER', 'NEAREST'] as const) expect(store.getOffsetInQueueByTime(T, 0, 1000, b)).toBe(0);
  });

  it('starts from the min offset; UPPER still answers 0 when the first kept message is newer', async () => {
    const { store, dir } = await fx.open({ now: clock(times) });
    await fill(store, times.length);
    await store.close();
    blankUnits(dir, 0, [0, 1]);
    const { store: s } = await fx.open({}, dir);
    expect(s.getOffsetInQueueByTime(T, 0, 500, 'LOWER')).toBe(2);
    expect(s.getOffsetInQueueByTime(T, 0, 1500, 'UPPER')).toBe(0);
    expect(s.getOffsetInQueueByTime(T, 0, 2000, 'LOWER')).toBe(2);
    expect(s.getOffsetInQueueByTime(T, 0, 2000, 'UPPER')).toBe(3);
    expect(s.getEarliestMessageTime(T, 0)).toBe(2000);
  });
});
