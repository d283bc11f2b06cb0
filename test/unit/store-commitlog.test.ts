import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { indexKeyHash, javaStringHashCode, tagsCode } from '../../src/protocol/javaHash.js';
import { decodeMessage, encodeMessage, MESSAGE_MAGIC_BLANK, MESSAGE_MAGIC_V2 } from '../../src/protocol/message.js';
import { createOffsetMessageId } from '../../src/protocol/messageId.js';
import { BORN_HOST, clock, msg, STORE_HOST, StoreFixture } from './store-helpers.js';

const fx = new StoreFixture();
afterEach(() => fx.cleanup());

const CL0 = '00000000000000000000';

describe('commit log records', () => {
  it('stores the verified example of message-format.md §1 byte for byte', async () => {
    const { store, dir } = await fx.open({ now: () => 1_700_000_000_005 });
    const props = 'UNIQ_KEY\u00017F00000100002A9F0000000000000000\u0002WAIT\u0001true\u0002TAGS\u0001TagA\u0002KEYS\u0001k1 k2\u0002';
    const r = await store.putMessage(msg({ queueId: 1, body: Buffer.from('Hello'), properties: props }));
    expect(r).toMatchObject({ status: 'PUT_OK', commitLogOffset: 0, queueOffset: 0, storeTimestamp: 1_700_000_000_005, wroteBytes: 178 });
    expect(r.msgIds).toEqual(['7F00000100002A9F0000000000000000']);
    const expected = Buffer.concat([
      Buffer.from(
        '000000b2' + 'daa320a7' + '77d18982' + '00000001' + '00000000' + '0000000000000000' + '0000000000000000' + '00000000' +
          '0000018bcfe56800' + '7f000001' + '0000d431' + '0000018bcfe56805' + '7f000001' + '00002a9f' + '00000000' +
          '0000000000000000' + '00000005' + '48656c6c6f' + '09' + '546f70696354657374' + '0049',
        'hex',
      ),
      Buffer.from(props, 'utf8'),
    ]);
    expect(expected.length).toBe(178);
    expect(store.lookMessageByOffset(0)).toEqual(expected);
    expect(readFileSync(join(dir, 'commitlog', CL0))).toEqual(expected);
  });

  it('assigns physical and queue offsets, store host and time; records decode back', async () => {
    const { store } = await fx.open({ now: clock([1000, 2000, 3000, 4000]) });
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(
        await store.putMessage(
          msg({ queueId: 2, flag: 7, body: Buffer.from(`body-${i}`), properties: { TAGS: 'TagA', KEYS: `k${i} x`, UNIQ_KEY: `U${i}` }, reconsumeTimes: i }),
        ),
      );
    }
    let expectedOffset = 0;
    results.forEach((r, i) => {
      expect(r.status).toBe('PUT_OK');
      expect(r.commitLogOffset).toBe(expectedOffset);
      expect(r.queueOffset).toBe(i);
      expect(r.msgIds).toEqual([createOffsetMessageId(STORE_HOST, expectedOffset)]);
      const raw = store.lookMessageByOffset(r.commitLogOffset) as Buffer;
      expect(raw.length).toBe(r.wroteBytes);
      const m = decodeMessage(raw);
      expect(m).toMatchObject({
        topic: 'TopicTest',
        queueId: 2,
        flag: 7,
        queueOffset: i,
        commitLogOffset: expectedOffset,
        storeHost: STORE_HOST,
        bornHost: BORN_HOST,
        storeTimestamp: (i + 1) * 1000,
        reconsumeTimes: i,
        offsetMsgId: r.msgIds[0],
        tags: 'TagA',
        keys: [`k${i}`, 'x'],
        uniqKey: `U${i}`,
      });
      expect(m.body.toString()).toBe(`body-${i}`);
      // Byte-identical to what the shared encoder produces for the same fields.
      expect(raw).toEqual(
        encodeMessage({
          topic: 'TopicTest',
          queueId: 2,
          flag: 7,
          queueOffset: i,
          commitLogOffset: expectedOffset,
          bornTimestamp: 1_700_000_000_000,
          bornHost: BORN_HOST,
          storeTimestamp: (i + 1) * 1000,
          storeHost: STORE_HOST,
          reconsumeTimes: i,
          body: `body-${i}`,
          properties: { TAGS: 'TagA', KEYS: `k${i} x`, UNIQ_KEY: `U${i}` },
        }),
      );
      expectedOffset += r.wroteBytes;
    });
    expect(store.stats()).toMatchObject({ putMessageTimesTotal: 3, commitLogMinOffset: 0, commitLogMaxOffset: expectedOffset });
    expect(store.getEarliestMessageTimeOfStore()).toBe(1000);
    expect(store.lookMessageByOffset(expectedOffset)).toBeNull();
    expect(store.lookMessageByOffset(3)).toBeNull();
  });

  it('sets the IPv6 sysFlag bits and 56-character offset ids from the host strings', async () => {
    const { store } = await fx.open({ storeHost: '[::1]:10911' });
    const r = await store.putMessage(msg({ bornHost: '[2001:db8::7]:40000', sysFlag: 0x10 | 0x20 }));
    const m = decodeMessage(store.lookMessageByOffset(0) as Buffer);
    expect(m.sysFlag & 0x30).toBe(0x30);
    expect(m.storeHost).toBe('[::1]:10911');
    expect(m.bornHost).toBe('[2001:db8::7]:40000');
    expect(r.msgIds[0]).toHaveLength(56);
    expect(r.msgIds[0]).toBe(createOffsetMessageId('[::1]:10911', 0));

    const { store: v4 } = await fx.open();
    await v4.putMessage(msg({ sysFlag: 0x30 | 0x1 }));
    expect(decodeMessage(v4.lookMessageByOffset(0) as Buffer, { decompress: false }).sysFlag).toBe(0x1);
  });

  it('uses the V2 record for topics longer than 127 bytes', async () => {
    const { store } = await fx.open();
    const topic = 'T'.repeat(200);
    const r = await store.putMessage(msg({ topic }));
    const raw = store.lookMessageByOffset(0) as Buffer;
    expect(raw.readInt32BE(4)).toBe(MESSAGE_MAGIC_V2);
    expect(decodeMessage(raw).topic).toBe(topic);
    expect(store.getMessage(topic, 0, 0, 1).records).toEqual([raw]);
    expect(r.status).toBe('PUT_OK');
  });

  it('rolls over to a new segment with a BLANK filler when record + 8 does not fit', async () => {
    // 100-byte bodies make 200-byte records: 5 fit in 1024 bytes, leaving 24.
    const { store, dir } = await fx.open({ commitLogSegmentSize: 1024 });
    const offsets: number[] = [];
    for (let i = 0; i < 7; i++) offsets.push((await store.putMessage(msg({ body: Buffer.alloc(100, 0x41 + i) }))).commitLogOffset);
    expect(offsets).toEqual([0, 200, 400, 600, 800, 1024, 1224]);
    expect(readdirSync(join(dir, 'commitlog')).sort()).toEqual([CL0, '00000000000000001024']);
    const seg0 = readFileSync(join(dir, 'commitlog', CL0));
    expect(seg0.length).toBe(1024);
    expect(seg0.readInt32BE(1000)).toBe(24);
    expect(seg0.readInt32BE(1004)).toBe(MESSAGE_MAGIC_BLANK);
    expect(seg0.subarray(1000, 1008).toString('hex')).toBe('00000018cbd43194');
    const seg1 = readFileSync(join(dir, 'commitlog', '00000000000000001024'));
    expect(seg1.length).toBe(400);
    expect(decodeMessage(seg1.subarray(0, 200)).commitLogOffset).toBe(1024);

    for (const [i, off] of offsets.entries()) {
      const m = decodeMessage(store.lookMessageByOffset(off) as Buffer);
      expect(m.commitLogOffset).toBe(off);
      expect(m.queueOffset).toBe(i);
      expect(m.body.equals(Buffer.alloc(100, 0x41 + i))).toBe(true);
    }
    const pulled = store.getMessage('TopicTest', 0, 3, 32);
    expect(pulled.status).toBe('FOUND');
    expect(pulled.queueOffsets).toEqual([3, 4, 5, 6]);
    expect(pulled.records.map((r) => decodeMessage(r).commitLogOffset)).toEqual([600, 800, 1024, 1224]);
    expect(store.lookMessageByOffset(1000)).toBeNull();
    expect(store.stats().commitLogMaxOffset).toBe(1424);
  });

  it('writes an 8-byte filler when exactly 8 bytes are left', async () => {
    const { store, dir } = await fx.open({ commitLogSegmentSize: 1008 });
    const offsets: number[] = [];
    for (let i = 0; i < 6; i++) offsets.push((await store.putMessage(msg({ body: Buffer.alloc(100) }))).commitLogOffset);
    expect(offsets).toEqual([0, 200, 400, 600, 800, 1008]);
    const seg0 = readFileSync(join(dir, 'commitlog', CL0));
    expect(seg0.subarray(1000).toString('hex')).toBe('00000008cbd43194');
  });

  it('refuses a record that can never fit a segment', async () => {
    const { store } = await fx.open({ commitLogSegmentSize: 1024 });
    const r = await store.putMessage(msg({ body: Buffer.alloc(1000) }));
    expect(r.status).toBe('MESSAGE_ILLEGAL');
    expect(store.stats().commitLogMaxOffset).toBe(0);
  });
});

describe('consume queue files', () => {
  it('writes 20-byte units [offset][size][tag code] into segments named by byte offset', async () => {
    let negativeTag = '';
    for (let i = 0; javaStringHashCode(negativeTag) >= 0; i++) negativeTag = `a-rather-long-tag-${i}`;
    const { store, dir } = await fx.open({ consumeQueueEntriesPerSegment: 4 });
    const tags = ['TagA', undefined, negativeTag, 'TagA', 'x', 'y'];
    const puts = [];
    for (const t of tags) puts.push(await store.putMessage(msg({ queueId: 3, properties: t ? { TAGS: t } : {} })));
    await store.putMessage(msg({ queueId: 3, tagsCode: 1_800_000_000_000, properties: { TAGS: 'ignored' } }));
    const qdir = join(dir, 'consumequeue', 'TopicTest', '3');
    expect(readdirSync(qdir).sort()).toEqual([CL0, '00000000000000000080']);
    const units = Buffer.concat([readFileSync(join(qdir, CL0)), readFileSync(join(qdir, '00000000000000000080'))]);
    expect(units.length).toBe(7 * 20);
    puts.forEach((r, k) => {
      expect(Number(units.readBigInt64BE(k * 20))).toBe(r.commitLogOffset);
      expect(units.readInt32BE(k * 20 + 8)).toBe(r.wroteBytes);
      expect(units.readBigInt64BE(k * 20 + 12)).toBe(BigInt(tagsCode(tags[k])));
    });
    expect(units.readBigInt64BE(12)).toBe(2598919n);
    expect(units.readBigInt64BE(2 * 20 + 12)).toBeLessThan(0n);
    expect(units.subarray(2 * 20 + 12, 2 * 20 + 16).toString('hex')).toBe('ffffffff');
    expect(units.readBigInt64BE(6 * 20 + 12)).toBe(1_800_000_000_000n);
    expect(store.getMaxOffsetInQueue('TopicTest', 3)).toBe(7);
    expect(store.queueIdsOf('TopicTest')).toEqual([3]);
  });

  it('computes the delivery time as tag code of SCHEDULE_TOPIC_XXXX records', async () => {
    const { store, dir } = await fx.open({ now: () => 50_000 });
    await store.putMessage(msg({ topic: 'SCHEDULE_TOPIC_XXXX', queueId: 2, properties: { DELAY: '3', REAL_TOPIC: 'T', REAL_QID: '0', TAGS: 'A' } }));
    await store.putMessage(msg({ topic: 'SCHEDULE_TOPIC_XXXX', queueId: 17, properties: { DELAY: '99' } }));
    const q2 = readFileSync(join(dir, 'consumequeue', 'SCHEDULE_TOPIC_XXXX', '2', CL0));
    expect(Number(q2.readBigInt64BE(12))).toBe(50_000 + 10_000);
    const q17 = readFileSync(join(dir, 'consumequeue', 'SCHEDULE_TOPIC_XXXX', '17', CL0));
    expect(Number(q17.readBigInt64BE(12))).toBe(50_000 + 2 * 3_600_000);
  });
});

describe('puts', () => {
  it('gives batches consecutive queue offsets and one offset id per record', async () => {
    const { store } = await fx.open();
    await store.putMessage(msg());
    const r = await store.putMessages([msg({ body: Buffer.from('a') }), msg({ body: Buffer.from('bb') }), msg({ body: Buffer.from('ccc') })]);
    expect(r.status).toBe('PUT_OK');
    expect(r.queueOffset).toBe(1);
    expect(r.msgIds).toHaveLength(3);
    const got = store.getMessage('TopicTest', 0, 1, 32);
    expect(got.queueOffsets).toEqual([1, 2, 3]);
    const decoded = got.records.map((b) => decodeMessage(b));
    expect(decoded.map((m) => m.body.toString())).toEqual(['a', 'bb', 'ccc']);
    expect(decoded.map((m) => m.offsetMsgId)).toEqual(r.msgIds);
    expect(decoded[0]?.commitLogOffset).toBe(r.commitLogOffset);
    expect(r.wroteBytes).toBe(decoded.reduce((n, m) => n + m.storeSize, 0));
    expect((await store.putMessages([])).status).toBe('MESSAGE_ILLEGAL');
  });

  it('rejects oversized bodies and properties without writing anything', async () => {
    const { store } = await fx.open({ maxMessageSize: 1024 });
    expect((await store.putMessage(msg({ body: Buffer.alloc(1024) }))).status).toBe('PUT_OK');
    const max = store.stats().commitLogMaxOffset;
    const big = await store.putMessage(msg({ body: Buffer.alloc(1025) }));
    expect(big.status).toBe('MESSAGE_ILLEGAL');
    expect(big.remark).toMatch(/maxMessageSize/);
    const props = await store.putMessage(msg({ properties: { BIG: 'x'.repeat(32767) } }));
    expect(props.status).toBe('PROPERTIES_SIZE_EXCEEDED');
    // 32767 bytes exactly is allowed: "K\u0001" + value + "\u0002".
    expect((await store.putMessage(msg({ properties: { K: 'v'.repeat(32767 - 3) } }))).status).toBe('PUT_OK');
    const batch = await store.putMessages([msg({ body: Buffer.alloc(600) }), msg({ body: Buffer.alloc(600) })]);
    expect(batch.status).toBe('MESSAGE_ILLEGAL');
    const badHost = await store.putMessage(msg({ bornHost: 'nowhere' }));
    expect(badHost.status).toBe('MESSAGE_ILLEGAL');
    expect(store.getMaxOffsetInQueue('TopicTest', 0)).toBe(2);
    expect(store.stats().commitLogMaxOffset).toBeGreaterThan(max);
  });

  it('keeps prepared/rollback transaction records out of the consume queue, with queue offset 0', async () => {
    const { store } = await fx.open();
    const seen: number[] = [];
    store.onDispatch((_t, _q, off) => seen.push(off));
    await store.putMessage(msg({ properties: { KEYS: 'normal0' } }));
    const prepared = await store.putMessage(msg({ sysFlag: 0x4, properties: { KEYS: 'half' } }));
    const rollback = await store.putMessage(msg({ sysFlag: 0xc, properties: { KEYS: 'rolled' } }));
    const commit = await store.putMessage(msg({ sysFlag: 0x8, properties: { KEYS: 'committed' } }));
    const normal = await store.putMessage(msg({ properties: { KEYS: 'normal1' } }));
    expect(prepared.queueOffset).toBe(0);
    expect(rollback.queueOffset).toBe(0);
    expect(decodeMessage(store.lookMessageByOffset(prepared.commitLogOffset) as Buffer).queueOffset).toBe(0);
    expect(decodeMessage(store.lookMessageByOffset(rollback.commitLogOffset) as Buffer).queueOffset).toBe(0);
    expect(commit.queueOffset).toBe(1);
    expect(normal.queueOffset).toBe(2);
    expect(store.getMaxOffsetInQueue('TopicTest', 0)).toBe(3);
    const pulled = store.getMessage('TopicTest', 0, 0, 32).records.map((b) => decodeMessage(b).commitLogOffset);
    expect(pulled).toEqual([0, commit.commitLogOffset, normal.commitLogOffset]);
    // Prepared records are indexed, rollback records are not (store.md §4).
    expect(store.queryMessage('TopicTest', 'half', 32, 0, Number.MAX_SAFE_INTEGER).records).toHaveLength(1);
    expect(store.queryMessage('TopicTest', 'rolled', 32, 0, Number.MAX_SAFE_INTEGER).records).toHaveLength(0);
    expect(store.queryMessage('TopicTest', 'committed', 32, 0, Number.MAX_SAFE_INTEGER).records).toHaveLength(1);
    await Promise.resolve();
    expect(seen).toEqual([0, 1, 2]);
  });

  it('notifies dispatch listeners after the put, in order', async () => {
    const { store } = await fx.open();
    const events: string[] = [];
    store.onDispatch((t, q, off, code) => events.push(`${t}/${q}/${off}/${code}`));
    const p1 = store.putMessage(msg({ queueId: 1, properties: { TAGS: 'TagA' } }));
    const p2 = store.putMessage(msg({ queueId: 0 }));
    expect(events).toEqual([]);
    // Pullable as soon as the put has been issued: dispatch is synchronous.
    expect(store.getMaxOffsetInQueue('TopicTest', 1)).toBe(1);
    await Promise.all([p1, p2]);
    expect(events).toEqual(['TopicTest/1/0/2598919', 'TopicTest/0/0/0']);
  });

  it('acknowledges concurrent sync-flush puts (grouped fsyncs)', async () => {
    const { store } = await fx.open({ flush: 'sync' });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.putMessage(msg({ body: Buffer.from(`m${i}`) }))));
    expect(results.every((r) => r.status === 'PUT_OK')).toBe(true);
    expect(results.map((r) => r.queueOffset)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('topics, stats and lifecycle', () => {
  it('deletes a topic: its queues go, offsets restart at 0, the records stay in the commit log', async () => {
    const { store, dir } = await fx.open();
    await store.putMessage(msg({ topic: 'Gone', queueId: 0 }));
    await store.putMessage(msg({ topic: 'Gone', queueId: 5 }));
    const kept = await store.putMessage(msg({ topic: 'Kept' }));
    expect(store.queueIdsOf('Gone')).toEqual([0, 5]);
    store.deleteTopic('Gone');
    expect(store.queueIdsOf('Gone')).toEqual([]);
    expect(existsSync(join(dir, 'consumequeue', 'Gone'))).toBe(false);
    expect(store.getMessage('Gone', 0, 0, 1).status).toBe('NO_MATCHED_LOGIC_QUEUE');
    expect(store.getMaxOffsetInQueue('Gone', 0)).toBe(0);
    expect(store.lookMessageByOffset(0)).not.toBeNull();
    expect((await store.putMessage(msg({ topic: 'Gone', queueId: 0 }))).queueOffset).toBe(0);
    expect(store.getMessage('Kept', 0, 0, 1).records[0]).toEqual(store.lookMessageByOffset(kept.commitLogOffset));
    await store.close();

    const { store: again } = await fx.open({}, dir);
    expect(again.openInfo.recovered).toBe(false);
    expect(again.queueIdsOf('Gone')).toEqual([0]);
    expect(again.getMaxOffsetInQueue('Gone', 0)).toBe(1);
  });

  it('reports stats, disk usage and the abort marker', async () => {
    const { store, dir } = await fx.open({ indexSlots: 100, indexMaxEntries: 100 });
    expect(existsSync(join(dir, 'abort'))).toBe(true);
    expect(store.getEarliestMessageTimeOfStore()).toBe(-1);
    const r = await store.putMessage(msg({ body: Buffer.alloc(5000), properties: { KEYS: 'k' } }));
    expect(store.getMessage('TopicTest', 0, 0, 1).status).toBe('FOUND');
    const s = store.stats();
    expect(s).toMatchObject({ putMessageTimesTotal: 1, putMessageSizeTotal: r.wroteBytes, getMessageTimesTotal: 1, commitLogMaxOffset: r.wroteBytes });
    expect(s.bootTimestamp).toBeGreaterThan(0);
    expect(store.diskUsage()).toBeGreaterThanOrEqual(r.wroteBytes);
    expect(indexKeyHash('TopicTest', 'k')).toBeGreaterThan(0);
    await store.close();
    expect(existsSync(join(dir, 'abort'))).toBe(false);
    expect(statSync(join(dir, 'checkpoint')).size).toBe(32);
    expect((await store.putMessage(msg())).status).toBe('SERVICE_NOT_AVAILABLE');
  });
});
