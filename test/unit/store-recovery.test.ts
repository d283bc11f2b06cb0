import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import type { DefaultMessageStore } from '../../src/dev/store/index.js';
import { decodeMessage, encodeMessage } from '../../src/protocol/message.js';
import { BORN_HOST, msg, STORE_HOST, StoreFixture, tempDir } from './store-helpers.js';

const fx = new StoreFixture();
afterEach(() => fx.cleanup());

const T = 'TopicTest';
const ALL = Number.MAX_SAFE_INTEGER;
const CQ0 = '00000000000000000000';
/** Small geometry so that every structure has several files. */
const SMALL = { commitLogSegmentSize: 2048, consumeQueueEntriesPerSegment: 4, indexSlots: 7, indexMaxEntries: 6, flushIntervalMs: 3_600_000 };

interface Snapshot {
  maxOffset: number;
  queues: Map<number, { max: number; records: Buffer[] }>;
  keys: Map<string, number[]>;
}

async function putMany(store: DefaultMessageStore, from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i++) {
    const r = await store.putMessage(msg({ queueId: i % 2, body: Buffer.alloc(150, i), properties: { KEYS: `key-${i}`, UNIQ_KEY: `U${i}` } }));
    expect(r.status).toBe('PUT_OK');
  }
}

function snapshot(store: DefaultMessageStore, n: number): Snapshot {
  const queues = new Map<number, { max: number; records: Buffer[] }>();
  for (const q of store.queueIdsOf(T)) {
    const records: Buffer[] = [];
    for (let off = 0; ; ) {
      const r = store.getMessage(T, q, off, 32);
      if (r.status !== 'FOUND') break;
      records.push(...r.records);
      off = r.nextBeginOffset;
    }
    queues.set(q, { max: store.getMaxOffsetInQueue(T, q), records });
  }
  const keys = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    for (const k of [`key-${i}`, `U${i}`]) keys.set(k, store.queryMessage(T, k, 32, 0, ALL).records.map((b) => decodeMessage(b).commitLogOffset));
  }
  return { maxOffset: store.stats().commitLogMaxOffset, queues, keys };
}

function lastSegment(dir: string): string {
  const names = readdirSync(join(dir, 'commitlog')).sort();
  return join(dir, 'commitlog', names[names.length - 1] as string);
}

function readCheckpoint(dir: string): { offset: number; clean: boolean } {
  const b = readFileSync(join(dir, 'checkpoint'));
  expect(b.subarray(0, 4).toString()).toBe('MQCP');
  return { offset: Number(b.readBigInt64BE(8)), clean: (b.readInt32BE(24) & 1) === 1 };
}

describe('clean shutdown', () => {
  it('keeps everything; queue and commit-log offsets continue; no scan at open', async () => {
    const { store, dir } = await fx.open(SMALL);
    await putMany(store, 0, 20);
    const before = snapshot(store, 20);
    await store.close();
    expect(existsSync(join(dir, 'abort'))).toBe(false);
    expect(readCheckpoint(dir)).toEqual({ offset: before.maxOffset, clean: true });

    const { store: again } = await fx.open(SMALL, dir);
    expect(again.openInfo).toEqual({ recovered: false });
    expect(existsSync(join(dir, 'abort'))).toBe(true);
    expect(snapshot(again, 20)).toEqual(before);
    const r = await again.putMessage(msg({ queueId: 0, properties: { KEYS: 'after' } }));
    expect(r.queueOffset).toBe(10);
    const lastSeg = before.maxOffset - (before.maxOffset % 2048);
    // Either right after the last record or at the next segment (after a filler).
    expect([before.maxOffset, lastSeg + 2048]).toContain(r.commitLogOffset);
    expect(decodeMessage(again.lookMessageByOffset(r.commitLogOffset) as Buffer).queueOffset).toBe(10);
    expect(again.queryMessage(T, 'after', 32, 0, ALL).records).toHaveLength(1);
  });
});

describe('recovery after an abnormal stop', () => {
  it('cuts a torn/garbled commit-log tail and whatever points into it', async () => {
    const { store, dir } = await fx.open(SMALL);
    await putMany(store, 0, 9);
    await store.flush();
    const checkpoint = readCheckpoint(dir);
    await putMany(store, 9, 3);
    const before = snapshot(store, 12);
    const qmax0 = store.getMaxOffsetInQueue(T, 0);
    store.abandon();
    expect(checkpoint.clean).toBe(false);
    expect(checkpoint.offset).toBeLessThan(before.maxOffset);

    // Half of a well-formed next record, then a consume-queue unit pointing at it.
    const segPath = lastSegment(dir);
    const segStart = Number(segPath.slice(-20));
    const next = encodeMessage({ topic: T, queueId: 0, queueOffset: qmax0, commitLogOffset: before.maxOffset, bornTimestamp: 1, bornHost: BORN_HOST, storeTimestamp: 2, storeHost: STORE_HOST, body: 'lost', properties: { KEYS: 'lost' } });
    appendFileSync(segPath, next.subarray(0, 60));
    const unit = Buffer.alloc(20);
    unit.writeBigInt64BE(BigInt(before.maxOffset), 0);
    unit.writeInt32BE(next.length, 8);
    const cqFiles = readdirSync(join(dir, 'consumequeue', T, '0')).sort();
    appendFileSync(join(dir, 'consumequeue', T, '0', cqFiles[cqFiles.length - 1] as string), unit);

    const { store: again } = await fx.open(SMALL, dir);
    expect(again.openInfo).toEqual({ recovered: true, scanFrom: checkpoint.offset, validEnd: before.maxOffset, truncatedBytes: 60 });
    expect(statSync(segPath).size).toBe(before.maxOffset - segStart);
    expect(snapshot(again, 12)).toEqual(before);
    expect(again.queryMessage(T, 'lost', 32, 0, ALL).records).toEqual([]);
    const r = await again.putMessage(msg({ queueId: 0, properties: { KEYS: 'new' } }));
    expect(r.queueOffset).toBe(qmax0);
    expect(r.commitLogOffset).toBe(before.maxOffset);
    expect(again.getMessage(T, 0, qmax0, 32).records.map((b) => decodeMessage(b).keys)).toEqual([['new']]);
    expect(readCheckpoint(dir).offset).toBe(before.maxOffset);
  });

  it('drops a record whose body CRC does not match, with its queue unit and index entries', async () => {
    const { store, dir } = await fx.open(SMALL);
    await putMany(store, 0, 4);
    await store.flush();
    const put = await store.putMessage(msg({ queueId: 1, body: Buffer.from('will be damaged'), properties: { KEYS: 'bad' } }));
    expect(store.queryMessage(T, 'bad', 32, 0, ALL).records).toHaveLength(1);
    const before = snapshot(store, 4);
    store.abandon();

    const segPath = lastSegment(dir);
    const segStart = Number(segPath.slice(-20));
    const fd = openSync(segPath, 'r+');
    const bodyAt = put.commitLogOffset - segStart + 88;
    writeSync(fd, Buffer.from('W'), 0, 1, bodyAt);
    closeSync(fd);

    const { store: again } = await fx.open(SMALL, dir);
    expect(again.openInfo).toMatchObject({ recovered: true, validEnd: put.commitLogOffset });
    expect(again.getMaxOffsetInQueue(T, 1)).toBe(2);
    expect(again.queryMessage(T, 'bad', 32, 0, ALL).records).toEqual([]);
    const after = snapshot(again, 4);
    expect(after.keys).toEqual(before.keys);
    expect(after.queues.get(1)?.records).toHaveLength(2);
    const r = await again.putMessage(msg({ queueId: 1, properties: { KEYS: 'good' } }));
    expect(r).toMatchObject({ queueOffset: 2, commitLogOffset: put.commitLogOffset });
  });

  it('rebuilds everything from the commit log when there is no checkpoint', async () => {
    const { store, dir } = await fx.open(SMALL);
    await putMany(store, 0, 15);
    const before = snapshot(store, 15);
    store.abandon();
    expect(existsSync(join(dir, 'checkpoint'))).toBe(false);
    const { store: again } = await fx.open(SMALL, dir);
    expect(again.openInfo).toMatchObject({ recovered: true, scanFrom: 0, validEnd: before.maxOffset, truncatedBytes: 0 });
    expect(snapshot(again, 15)).toEqual(before);
  });

  it('rebuilds a deleted consume-queue file and a deleted index from the commit log', async () => {
    const { store, dir } = await fx.open(SMALL);
    await putMany(store, 0, 20);
    await store.flush();
    const before = snapshot(store, 20);
    const q0 = join(dir, 'consumequeue', T, '0');
    const cqBytes = new Map(readdirSync(q0).map((n) => [n, readFileSync(join(q0, n))]));
    expect(cqBytes.size).toBe(3);
    const indexFileCount = readdirSync(join(dir, 'index')).length;
    expect(indexFileCount).toBeGreaterThan(1);
    store.abandon();
    rmSync(join(q0, CQ0));
    rmSync(join(dir, 'index'), { recursive: true });

    const { store: again } = await fx.open(SMALL, dir);
    expect(again.openInfo).toMatchObject({ recovered: true, scanFrom: 0, validEnd: before.maxOffset });
    expect(new Map(readdirSync(q0).map((n) => [n, readFileSync(join(q0, n))]))).toEqual(cqBytes);
    expect(readdirSync(join(dir, 'index'))).toHaveLength(indexFileCount);
    expect(snapshot(again, 20)).toEqual(before);
  });

  it('also rebuilds a consume queue whose file vanished while the store was closed cleanly', async () => {
    const { store, dir } = await fx.open(SMALL);
    await putMany(store, 0, 6);
    const before = snapshot(store, 6);
    await store.close();
    const q1 = join(dir, 'consumequeue', T, '1', CQ0);
    const bytes = readFileSync(q1);
    rmSync(q1);
    const { store: again } = await fx.open(SMALL, dir);
    expect(again.openInfo.recovered).toBe(true);
    expect(readFileSync(q1)).toEqual(bytes);
    expect(snapshot(again, 6)).toEqual(before);
  });

  it('rebuilds a re-created topic from its latest incarnation', async () => {
    const { store, dir } = await fx.open(SMALL);
    for (let i = 0; i < 5; i++) await store.putMessage(msg({ topic: 'Re', body: Buffer.from(`old-${i}`) }));
    store.deleteTopic('Re');
    for (let i = 0; i < 2; i++) await store.putMessage(msg({ topic: 'Re', body: Buffer.from(`new-${i}`) }));
    await store.close();
    rmSync(join(dir, 'consumequeue', 'Re', '0', CQ0));
    const { store: again } = await fx.open(SMALL, dir);
    expect(again.openInfo.recovered).toBe(true);
    expect(again.getMaxOffsetInQueue('Re', 0)).toBe(2);
    expect(again.getMessage('Re', 0, 0, 32).records.map((b) => decodeMessage(b).body.toString())).toEqual(['new-0', 'new-1']);
  });

  it('keeps a deleted topic deleted across a crash', async () => {
    const { store, dir } = await fx.open(SMALL);
    await putMany(store, 0, 4);
    await store.putMessage(msg({ topic: 'Gone' }));
    store.deleteTopic('Gone');
    await putMany(store, 4, 2);
    store.abandon();
    const { store: again } = await fx.open(SMALL, dir);
    expect(again.openInfo.recovered).toBe(true);
    expect(again.queueIdsOf('Gone')).toEqual([]);
    expect(again.getMaxOffsetInQueue(T, 0)).toBe(3);
  });
});

// ---------------------------------------------------------------------------------------------
// kill -9 of a process appending with sync flush: every acknowledged message must survive.
// The store's sources are transpiled into a temp folder (as remoting-client.test.ts does) and
// run by a child `node`.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCES = [
  'src/dev/store/types.ts',
  'src/dev/store/files.ts',
  'src/dev/store/commitLog.ts',
  'src/dev/store/consumeQueue.ts',
  'src/dev/store/indexService.ts',
  'src/dev/store/messageStore.ts',
  'src/protocol/message.ts',
  'src/protocol/messageId.ts',
  'src/protocol/javaHash.ts',
  'src/protocol/properties.ts',
];

function transpileStore(): string {
  const out = tempDir();
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  for (const rel of SOURCES) {
    const { outputText } = ts.transpileModule(readFileSync(join(ROOT, rel), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const target = join(out, rel.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return out;
}

const CHILD = `
import { DefaultMessageStore } from './src/dev/store/messageStore.js';
const store = await DefaultMessageStore.open({
  dir: process.argv[2], storeHost: '127.0.0.1:10911', flush: 'sync',
  commitLogSegmentSize: 32 * 1024, consumeQueueEntriesPerSegment: 50, indexSlots: 31, indexMaxEntries: 100,
});
for (let i = 0; ; ) {
  const batch = [];
  for (let j = 0; j < 4; j++, i++) {
    const n = i;
    batch.push(store.putMessage({
      topic: 'KillTest', queueId: n % 3, flag: 0, sysFlag: 0, bornTimestamp: Date.now(), bornHost: '127.0.0.1:1234',
      reconsumeTimes: 0, preparedTransactionOffset: 0, body: Buffer.from('body-' + n + '-'.repeat(n % 50)),
      properties: { KEYS: 'key-' + n },
    }).then((r) => {
      if (r.status === 'PUT_OK') process.stdout.write('ack ' + n + ' ' + r.commitLogOffset + ' ' + r.queueOffset + '\\n');
    }));
  }
  await Promise.all(batch);
}
`;

describe('kill -9', () => {
  it('keeps every message acknowledged with sync flush', async () => {
    const build = transpileStore();
    fx.dirs.push(build);
    const dir = tempDir();
    fx.dirs.push(dir);
    writeFileSync(join(build, 'child.mjs'), CHILD);
    const child = spawn(process.execPath, [join(build, 'child.mjs'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child acknowledged too little: ${out.slice(-200)}`)), 15_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.split('\n').length > 300) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`child exited early (${code})`));
      });
    });
    await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');
    const acks = out
      .split('\n')
      .filter((l) => /^ack \d+ \d+ \d+$/.test(l))
      .map((l) => l.split(' ').slice(1).map(Number) as [number, number, number]);
    expect(acks.length).toBeGreaterThan(250);
    expect(existsSync(join(dir, 'abort'))).toBe(true);

    const { store } = await fx.open({ commitLogSegmentSize: 32 * 1024, consumeQueueEntriesPerSegment: 50, indexSlots: 31, indexMaxEntries: 100 }, dir);
    expect(store.openInfo.recovered).toBe(true);
    expect(readdirSync(join(dir, 'commitlog')).length).toBeGreaterThan(1);
    for (const [n, offset, queueOffset] of acks) {
      const m = decodeMessage(store.lookMessageByOffset(offset) as Buffer);
      expect(m.body.toString()).toBe(`body-${n}${'-'.repeat(n % 50)}`);
      expect(m.queueId).toBe(n % 3);
      expect(m.queueOffset).toBe(queueOffset);
      expect(store.getMaxOffsetInQueue('KillTest', n % 3)).toBeGreaterThan(queueOffset);
      const pulled = store.getMessage('KillTest', n % 3, queueOffset, 1);
      expect(pulled.records[0]).toEqual(store.lookMessageByOffset(offset));
      expect(store.queryMessage('KillTest', `key-${n}`, 32, 0, ALL).records.map((b) => decodeMessage(b).commitLogOffset)).toContain(offset);
    }
    // Queues hold consecutive offsets with no holes, and appends continue after them.
    for (const q of [0, 1, 2]) {
      const max = store.getMaxOffsetInQueue('KillTest', q);
      const seen: number[] = [];
      for (let off = 0; off < max; ) {
        const r = store.getMessage('KillTest', q, off, 32);
        expect(r.status).toBe('FOUND');
        seen.push(...r.records.map((b) => decodeMessage(b).queueOffset));
        off = r.nextBeginOffset;
      }
      expect(seen).toEqual(Array.from({ length: max }, (_, i) => i));
      const r = await store.putMessage(msg({ topic: 'KillTest', queueId: q }));
      expect(r.queueOffset).toBe(max);
    }
  }, 30_000);
});
