import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DefaultMessageStore } from '../../src/dev/store/index.js';
import { indexKeyHash, javaStringHashCode } from '../../src/protocol/javaHash.js';
import { decodeMessage } from '../../src/protocol/message.js';
import { clock, msg, StoreFixture } from './store-helpers.js';

const fx = new StoreFixture();
afterEach(() => fx.cleanup());

const T = 'TopicTest';
const ALL = Number.MAX_SAFE_INTEGER;

function indexFiles(dir: string): string[] {
  return readdirSync(join(dir, 'index')).sort();
}

function header(file: Buffer): Record<string, number> {
  return {
    beginTimestamp: Number(file.readBigInt64BE(0)),
    endTimestamp: Number(file.readBigInt64BE(8)),
    beginPhyOffset: Number(file.readBigInt64BE(16)),
    endPhyOffset: Number(file.readBigInt64BE(24)),
    hashSlotCount: file.readInt32BE(32),
    indexCount: file.readInt32BE(36),
  };
}

function entry(file: Buffer, slots: number, n: number): { hash: number; phyOffset: number; timeDiff: number; prev: number } {
  const at = 40 + slots * 4 + n * 20;
  return { hash: file.readInt32BE(at), phyOffset: Number(file.readBigInt64BE(at + 4)), timeDiff: file.readInt32BE(at + 12), prev: file.readInt32BE(at + 16) };
}

const slotOf = (file: Buffer, slots: number, key: string): number => file.readInt32BE(40 + (indexKeyHash(T, key) % slots) * 4);
const offsets = (store: DefaultMessageStore, key: string, maxNum = 32, begin = 0, end = ALL): number[] =>
  store.queryMessage(T, key, maxNum, begin, end).records.map((r) => decodeMessage(r).commitLogOffset);

describe('index file format (store.md §4)', () => {
  it('writes header, slots and chained entries', async () => {
    const slots = 101;
    const { store, dir } = await fx.open({ indexSlots: slots, indexMaxEntries: 50, now: clock([10_000, 25_500]) });
    const a = await store.putMessage(msg({ properties: { UNIQ_KEY: 'U1', KEYS: 'k1  k2' } }));
    const b = await store.putMessage(msg({ properties: { KEYS: 'k1' } }));
    const [name] = indexFiles(dir);
    expect(name).toMatch(/^\d{17}$/);
    const file = readFileSync(join(dir, 'index', name as string));
    expect(file.length).toBe(40 + slots * 4 + 50 * 20);
    const hashes = ['U1', 'k1', 'k2'].map((k) => indexKeyHash(T, k));
    expect(header(file)).toEqual({
      beginTimestamp: 10_000,
      endTimestamp: 25_500,
      beginPhyOffset: a.commitLogOffset,
      endPhyOffset: b.commitLogOffset,
      hashSlotCount: new Set(hashes.map((h) => h % slots)).size,
      indexCount: 5,
    });
    // UNIQ_KEY first, then the KEYS tokens (the empty token between two spaces is skipped).
    expect(entry(file, slots, 1)).toEqual({ hash: hashes[0], phyOffset: a.commitLogOffset, timeDiff: 0, prev: 0 });
    expect(entry(file, slots, 2)).toMatchObject({ hash: hashes[1], phyOffset: a.commitLogOffset, timeDiff: 0 });
    expect(entry(file, slots, 3)).toMatchObject({ hash: hashes[2], phyOffset: a.commitLogOffset, timeDiff: 0 });
    // (25 500 - 10 000) / 1000, truncated to whole seconds.
    expect(entry(file, slots, 4)).toEqual({ hash: hashes[1], phyOffset: b.commitLogOffset, timeDiff: 15, prev: 2 });
    expect(slotOf(file, slots, 'k1')).toBe(4);
    expect(slotOf(file, slots, 'k2')).toBe(3);
    expect(slotOf(file, slots, 'U1')).toBe(1);
    expect(Buffer.alloc(20).equals(file.subarray(40 + slots * 4, 40 + slots * 4 + 20))).toBe(true);
  });

  it('answers key and UNIQ_KEY queries with the last-update values of the newest file', async () => {
    const { store } = await fx.open({ indexSlots: 1000, indexMaxEntries: 1000, now: clock([1_000_000, 2_000_000, 3_000_000]) });
    const a = await store.putMessage(msg({ properties: { UNIQ_KEY: 'ID-A', KEYS: 'order-1 user-9' } }));
    const b = await store.putMessage(msg({ properties: { UNIQ_KEY: 'ID-B', KEYS: 'order-2 user-9' } }));
    const c = await store.putMessage(msg({ topic: 'Other', properties: { KEYS: 'order-1' } }));
    expect(offsets(store, 'ID-A')).toEqual([a.commitLogOffset]);
    expect(offsets(store, 'order-2')).toEqual([b.commitLogOffset]);
    expect(offsets(store, 'user-9')).toEqual([a.commitLogOffset, b.commitLogOffset]);
    const r = store.queryMessage(T, 'order-1', 32, 0, ALL);
    expect(r.records).toHaveLength(1);
    expect(r.indexLastUpdateTimestamp).toBe(3_000_000);
    expect(r.indexLastUpdatePhyoffset).toBe(c.commitLogOffset);
    // Java sets the last-update values only when something matched.
    expect(store.queryMessage(T, 'missing', 32, 0, ALL)).toEqual({ records: [], indexLastUpdateTimestamp: 0, indexLastUpdatePhyoffset: 0 });
  });

  it('matches hashes only: colliding keys return both records', async () => {
    expect(javaStringHashCode('Aa')).toBe(javaStringHashCode('BB'));
    expect(indexKeyHash(T, 'Aa')).toBe(indexKeyHash(T, 'BB'));
    const { store } = await fx.open({ indexSlots: 1000, indexMaxEntries: 1000 });
    const a = await store.putMessage(msg({ properties: { KEYS: 'Aa' } }));
    const b = await store.putMessage(msg({ properties: { KEYS: 'BB' } }));
    expect(offsets(store, 'Aa')).toEqual([a.commitLogOffset, b.commitLogOffset]);
    expect(offsets(store, 'BB')).toEqual([a.commitLogOffset, b.commitLogOffset]);
    expect(store.queryMessage(T, 'Aa', 32, 0, ALL).records.map((r) => decodeMessage(r).keys)).toEqual([['Aa'], ['BB']]);
  });

  it('follows a shared slot chain but keeps only equal hashes', async () => {
    const { store } = await fx.open({ indexSlots: 1, indexMaxEntries: 1000 });
    const puts: number[] = [];
    for (let i = 0; i < 10; i++) puts.push((await store.putMessage(msg({ properties: { KEYS: `key-${i % 3}` } }))).commitLogOffset);
    expect(offsets(store, 'key-1')).toEqual([1, 4, 7].map((i) => puts[i]));
    expect(offsets(store, 'key-9')).toEqual([]);
  });

  it('filters by time in whole seconds', async () => {
    const { store } = await fx.open({ indexSlots: 100, indexMaxEntries: 100, now: clock([100_000, 200_999, 300_000]) });
    const puts = [];
    for (let i = 0; i < 3; i++) puts.push((await store.putMessage(msg({ properties: { KEYS: 'w' } }))).commitLogOffset);
    expect(offsets(store, 'w', 32, 150_000, 250_000)).toEqual([puts[1]]);
    expect(offsets(store, 'w', 32, 0, 150_000)).toEqual([puts[0]]);
    expect(offsets(store, 'w', 32, 250_000, ALL)).toEqual([puts[2]]);
    // Stored as 100 s after the first entry: 200 000, so a window after it misses the 200 999 message.
    expect(offsets(store, 'w', 32, 200_500, 201_000)).toEqual([]);
    expect(offsets(store, 'w', 32, 200_000, 200_000)).toEqual([puts[1]]);
  });

  it('caps maxNum at 64 and returns the newest matches sorted by offset', async () => {
    const { store } = await fx.open({ indexSlots: 100, indexMaxEntries: 1000 });
    for (let i = 0; i < 100; i++) await store.putMessage(msg({ body: Buffer.from(`b${i}`), properties: { KEYS: 'same' } }));
    const queueOffsets = (maxNum: number): number[] => store.queryMessage(T, 'same', maxNum, 0, ALL).records.map((r) => decodeMessage(r).queueOffset);
    expect(queueOffsets(1000)).toEqual(Array.from({ length: 64 }, (_, i) => 36 + i));
    expect(queueOffsets(10)).toEqual(Array.from({ length: 10 }, (_, i) => 90 + i));
  });

  it('rolls over to a new file when full; the new file continues the previous one', async () => {
    const times = Array.from({ length: 10 }, (_, i) => 100_000 + i * 10_000);
    const slots = 7;
    const { store, dir } = await fx.open({ indexSlots: slots, indexMaxEntries: 5, now: clock(times) });
    const puts = [];
    for (let i = 0; i < 10; i++) puts.push((await store.putMessage(msg({ properties: { KEYS: 'all' } }))).commitLogOffset);
    const names = indexFiles(dir);
    expect(names).toHaveLength(3);
    expect(new Set(names).size).toBe(3);
    expect(store.indexFileNames()).toEqual(names);
    const files = names.map((n) => readFileSync(join(dir, 'index', n)));
    // Entries 1..4 per file (full when indexCount reaches maxIndexNum).
    expect(files.map((f) => header(f).indexCount)).toEqual([5, 5, 3]);
    expect(header(files[1]!)).toMatchObject({ beginPhyOffset: puts[4], beginTimestamp: times[4], endPhyOffset: puts[7], endTimestamp: times[7] });
    // Java computes the first entry's timeDiff before replacing the begin values inherited from
    // the previous file's end: (140 000 - 130 000) / 1000.
    expect(entry(files[1]!, slots, 1)).toMatchObject({ phyOffset: puts[4], timeDiff: 10, prev: 0 });
    expect(entry(files[1]!, slots, 2)).toMatchObject({ phyOffset: puts[5], timeDiff: 10, prev: 1 });
    expect(entry(files[0]!, slots, 1)).toMatchObject({ phyOffset: puts[0], timeDiff: 0 });
    expect(offsets(store, 'all')).toEqual(puts);
    const r = store.queryMessage(T, 'all', 32, 0, ALL);
    expect(r.indexLastUpdatePhyoffset).toBe(puts[9]);
    expect(r.indexLastUpdateTimestamp).toBe(times[9]);
    // Files are sparse at their full Java size.
    expect(statSync(join(dir, 'index', names[0]!)).size).toBe(40 + slots * 4 + 5 * 20);
  });
});
