// Finding messages in the embedded cluster: messages sent by ali-ons (a client nobody here
// wrote) and by our sendMessage are found by key, by both kinds of id, by unique key and by queue
// offset; shared keys, hash collisions, time windows, paging past the broker's 64 hits, printMsg
// and the consumer-group track.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../../src/admin/errors.js';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import {
  messageTrack,
  printMessages,
  queryMessageByOffset,
  queryMessagesById,
  queryMessagesByIndex,
  sendMessage,
  type SendResult,
} from '../../src/admin/messages.js';
import { decodeMessageId } from '../../src/protocol/messageId.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';
import { ons, onsProducer, type OnsProducer } from '../helpers/ons.js';

let cluster: EmbeddedCluster;
let admin: MQAdmin;
let producer: OnsProducer;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createTopic(topic: string, queues: number): Promise<void> {
  const info = await admin.examineClusterInfo();
  for (const b of Object.values(info.brokerAddrTable)) {
    await admin.createAndUpdateTopicConfig(b.brokerAddrs['0']!, { topic, readQueueNums: queues, writeQueueNums: queues, perm: 6 });
  }
}

async function onsSend(topic: string, keys: string[], body: string) {
  const msg = new ons.Message(topic, 'TagA', body);
  msg.keys = keys;
  const r = await producer.send(msg);
  expect(r.sendStatus).toBe('SEND_OK');
  return r;
}

beforeAll(async () => {
  cluster = await startEmbedded();
  admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr });
  await createTopic('MsgTopic', 4);
  await createTopic('PageTopic', 2);
  producer = onsProducer(cluster.namesrvAddr, 'MsgProducer');
  await producer.ready();
}, 30_000);

afterAll(async () => {
  await producer?.close().catch(() => undefined);
  await admin?.close();
  await cluster?.destroy();
});

describe('messages sent by ali-ons', () => {
  it('are found by key, by offset id, by unique key and by offset; a shared key returns all', async () => {
    const sent: Array<Awaited<ReturnType<typeof onsSend>>> = [];
    for (let i = 0; i < 30; i++) sent.push(await onsSend('MsgTopic', [`ons-${i}`, 'ons-shared'], `ons body ${i}`));

    const one = await queryMessagesByIndex(admin, { topic: 'MsgTopic', key: 'ons-7' });
    expect(one.messages).toHaveLength(1);
    const m = one.messages[0]!;
    expect(m.body.toString()).toBe('ons body 7');
    expect(m.offsetMsgId).toBe(sent[7]!.msgId);
    expect([m.brokerName, m.queueId, m.queueOffset]).toEqual(['broker-a', Number(sent[7]!.messageQueue.queueId), Number(sent[7]!.queueOffset)]);
    expect(one.truncated).toBe(false);

    const all = await queryMessagesByIndex(admin, { topic: 'MsgTopic', key: 'ons-shared' });
    expect(all.messages.map((x) => x.body.toString()).sort()).toEqual(sent.map((_, i) => `ons body ${i}`).sort());
    // Sorted by store time.
    const times = all.messages.map((x) => x.storeTimestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // ali-ons' msgId is the broker's offset id: read directly.
    const [byOffsetId] = await queryMessagesById(admin, [sent[3]!.msgId]);
    expect(byOffsetId).toMatchObject({ kind: 'offset', via: 'view', address: cluster.brokers[0]!.address });
    expect(byOffsetId!.messages[0]!.body.toString()).toBe('ons body 3');

    // The broker gave it a UNIQ_KEY: found by unique key through the index, with and without queryMsgById.
    const uniq = byOffsetId!.messages[0]!.uniqKey!;
    expect(decodeMessageId(uniq).kind).toBe('unique');
    const [byUnique] = await queryMessagesById(admin, [uniq], { topic: 'MsgTopic' });
    expect(byUnique).toMatchObject({ kind: 'unique', via: 'index' });
    expect(byUnique!.messages.map((x) => x.offsetMsgId)).toEqual([sent[3]!.msgId]);
    const byKey = await queryMessagesByIndex(admin, { topic: 'MsgTopic', key: uniq, unique: true });
    expect(byKey.messages.map((x) => x.body.toString())).toEqual(['ons body 3']);

    const atOffset = await queryMessageByOffset(admin, { topic: 'MsgTopic', brokerName: 'broker-a', queueId: Number(sent[5]!.messageQueue.queueId), offset: Number(sent[5]!.queueOffset) });
    expect(atOffset.offsetMsgId).toBe(sent[5]!.msgId);
    expect(atOffset.properties.MAX_OFFSET).toBeDefined();
  }, 30_000);

  it('hash collisions (keys Aa and BB) are filtered out', async () => {
    await onsSend('MsgTopic', ['Aa'], 'key Aa');
    await onsSend('MsgTopic', ['BB'], 'key BB');
    const aa = await queryMessagesByIndex(admin, { topic: 'MsgTopic', key: 'Aa' });
    expect(aa.messages.map((m) => m.body.toString())).toEqual(['key Aa']);
    expect(aa.collisions).toBeGreaterThanOrEqual(1);
    const bb = await queryMessagesByIndex(admin, { topic: 'MsgTopic', key: 'BB' });
    expect(bb.messages.map((m) => m.body.toString())).toEqual(['key BB']);
  });
});

describe('messages sent by sendMessage', () => {
  let r: SendResult;
  beforeAll(async () => {
    r = await sendMessage(admin, { topic: 'MsgTopic', body: 'hello from mqadmin', keys: 'send-1 send-common', tags: 'TagS' });
  });

  it('carry a real unique id and the broker offset id', () => {
    expect(r.status).toBe('SEND_OK');
    expect(decodeMessageId(r.msgId).kind).toBe('unique');
    const off = decodeMessageId(r.offsetMsgId);
    expect(off.kind === 'offset' && off.address).toBe(cluster.brokers[0]!.address);
    expect(r.brokerName).toBe('broker-a');
  });

  it('are found by key, by both ids, by unique key and by offset', async () => {
    const byKey = await queryMessagesByIndex(admin, { topic: 'MsgTopic', key: 'send-common' });
    expect(byKey.messages).toHaveLength(1);
    expect(byKey.messages[0]).toMatchObject({ msgId: r.msgId, offsetMsgId: r.offsetMsgId, tags: 'TagS', keys: ['send-1', 'send-common'] });
    expect(byKey.messages[0]!.properties.WAIT).toBeUndefined();

    const lookups = await queryMessagesById(admin, [r.offsetMsgId, r.msgId], { topic: 'MsgTopic' });
    expect(lookups.map((l) => [l.kind, l.via, l.messages.length])).toEqual([['offset', 'view', 1], ['unique', 'index', 1]]);
    for (const l of lookups) expect(l.messages[0]!.body.toString()).toBe('hello from mqadmin');

    const unique = await queryMessagesByIndex(admin, { topic: 'MsgTopic', key: r.msgId, unique: true });
    expect(unique.messages.map((m) => m.offsetMsgId)).toEqual([r.offsetMsgId]);

    const atOffset = await queryMessageByOffset(admin, { topic: 'MsgTopic', brokerName: r.brokerName, queueId: r.queueId, offset: r.queueOffset });
    expect(atOffset.msgId).toBe(r.msgId);
  });

  it('to a given queue, and large bodies compressed then shown decompressed', async () => {
    const big = 'x'.repeat(10_000);
    const s = await sendMessage(admin, { topic: 'MsgTopic', body: big, keys: 'send-big', brokerName: 'broker-a', queueId: 2 });
    expect([s.queueId, s.compressed]).toEqual([2, true]);
    const [l] = await queryMessagesById(admin, [s.offsetMsgId]);
    expect(l!.messages[0]!.sysFlag & 1).toBe(1);
    expect(l!.messages[0]!.body.toString()).toBe(big);
  });

  it('an unknown broker or topic is not found', async () => {
    await expect(sendMessage(admin, { topic: 'MsgTopic', body: 'x', brokerName: 'broker-z' })).rejects.toThrow(NotFoundError);
  });
});

describe('windows, limits and absent messages', () => {
  it('the window flags select by store time', async () => {
    const r = await sendMessage(admin, { topic: 'MsgTopic', body: 'windowed', keys: 'win-1' });
    const [l] = await queryMessagesById(admin, [r.offsetMsgId]);
    const t = l!.messages[0]!.storeTimestamp;
    await expect(queryMessagesByIndex(admin, { topic: 'MsgTopic', key: 'win-1', begin: t + 2000 })).rejects.toThrow(NotFoundError);
    await expect(queryMessagesByIndex(admin, { topic: 'MsgTopic', key: 'win-1', end: t - 2000 })).rejects.toThrow(NotFoundError);
    const inside = await queryMessagesByIndex(admin, { topic: 'MsgTopic', key: 'win-1', begin: t - 2000, end: t + 2000 });
    expect(inside.messages.map((m) => m.msgId)).toEqual([r.msgId]);
    await expect(queryMessagesByIndex(admin, { topic: 'MsgTopic', key: 'win-1', begin: t, end: t - 1 })).rejects.toThrow(InvalidArgumentError);
  });

  it('more hits than a broker returns at once are all found, by paging back in time', async () => {
    // 100 messages over about 4 s: fewer than 64 per second of index time.
    for (let i = 0; i < 100; i++) {
      await sendMessage(admin, { topic: 'PageTopic', body: `page ${i}`, keys: 'paged' });
      await sleep(40);
    }
    const r = await queryMessagesByIndex(admin, { topic: 'PageTopic', key: 'paged' });
    expect(r.messages).toHaveLength(100);
    expect(new Set(r.messages.map((m) => m.body.toString())).size).toBe(100);
    expect(r.truncated).toBe(false);

    const limited = await queryMessagesByIndex(admin, { topic: 'PageTopic', key: 'paged', maxNum: 10 });
    expect(limited.messages.map((m) => m.body.toString())).toEqual(Array.from({ length: 10 }, (_, i) => `page ${90 + i}`));
    expect(limited.truncated).toBe(true);
    expect(limited.hint).toMatch(/raise -m/);
  }, 30_000);

  it('more than 64 hits in one second is reported as truncated, with a hint', async () => {
    await Promise.all(Array.from({ length: 80 }, (_, i) => sendMessage(admin, { topic: 'PageTopic', body: `burst ${i}`, keys: 'burst' })));
    const r = await queryMessagesByIndex(admin, { topic: 'PageTopic', key: 'burst' });
    // Either the burst spread over seconds (all found) or the index cannot page it (truncated).
    if (r.messages.length < 80) {
      expect(r.truncated).toBe(true);
      expect(r.truncatedBrokers).toEqual(['broker-a']);
      expect(r.hint).toMatch(/narrow the window/);
    } else {
      expect(r.truncated).toBe(false);
    }
    expect(r.messages.length).toBeGreaterThanOrEqual(64);
  });

  it('absent or malformed ids and offsets', async () => {
    await expect(queryMessagesByIndex(admin, { topic: 'MsgTopic', key: 'no-such-key' })).rejects.toThrow(/no message with key "no-such-key" in topic "MsgTopic"/);
    await expect(queryMessagesById(admin, ['NOT-AN-ID'])).rejects.toThrow(InvalidArgumentError);
    await expect(queryMessagesById(admin, ['C0000202293E5FFD2B276CB338820003'])).rejects.toThrow(/-t|topic/);
    const r = await sendMessage(admin, { topic: 'MsgTopic', body: 'y' });
    const off = decodeMessageId(r.offsetMsgId);
    if (off.kind !== 'offset') throw new Error('expected an offset id');
    // The same broker, an offset far past the end of its commit log.
    const far = r.offsetMsgId.slice(0, 16) + (off.commitLogOffset + 10_000_000n).toString(16).toUpperCase().padStart(16, '0');
    const [absent] = await queryMessagesById(admin, [far]);
    expect(absent!.messages).toEqual([]);
    expect(absent!.notFound).toMatch(/no message at commit-log offset/);
    const [absentUnique] = await queryMessagesById(admin, ['C0000202293E5FFD2B276CB338820003'], { topic: 'MsgTopic' });
    expect(absentUnique!.messages).toEqual([]);
    await expect(queryMessageByOffset(admin, { topic: 'MsgTopic', brokerName: 'broker-a', queueId: 0, offset: 100_000 })).rejects.toThrow(/no message at offset 100000/);
    await expect(queryMessageByOffset(admin, { topic: 'MsgTopic', brokerName: 'broker-x', queueId: 0, offset: 0 })).rejects.toThrow(NotFoundError);
    await expect(queryMessageByOffset(admin, { topic: 'MsgTopic', brokerName: 'broker-a', queueId: 9, offset: 0 })).rejects.toThrow(/no queue 9/);
  });
});

describe('printMsg and the message track', () => {
  it('prints a topic window and filters tags by name', async () => {
    await createTopic('PrintTopic', 2);
    const before = Date.now();
    await sleep(1100);
    for (let i = 0; i < 6; i++) await sendMessage(admin, { topic: 'PrintTopic', body: `p${i}`, tags: i % 2 ? 'Odd' : 'Even' });
    const all = await printMessages(admin, { topic: 'PrintTopic' });
    expect(all.messages.map((m) => m.body.toString()).sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    const odd = await printMessages(admin, { topic: 'PrintTopic', subExpression: 'Odd' });
    expect(odd.messages.map((m) => m.body.toString()).sort()).toEqual(['p1', 'p3', 'p5']);
    const none = await printMessages(admin, { topic: 'PrintTopic', end: before });
    expect(none.messages).toEqual([]);
    const one = await printMessages(admin, { topic: 'PrintTopic', brokerName: 'broker-a', queueId: all.messages[0]!.queueId });
    expect(one.messages.every((m) => m.queueId === all.messages[0]!.queueId)).toBe(true);
    expect(one.queues).toHaveLength(1);
  });

  it('tracks each group: offline, consumed, not yet, filtered by tag, pull consumer', async () => {
    const r = await sendMessage(admin, { topic: 'MsgTopic', body: 'tracked', keys: 'track-1', tags: 'TagA', brokerName: 'broker-a', queueId: 1 });
    const [l] = await queryMessagesById(admin, [r.offsetMsgId], { topic: 'MsgTopic' });
    const msg = l!.messages[0]!;
    const client = new RemotingClient();
    try {
      const broker = cluster.brokers[0]!.address;
      const commit = (group: string, offset: number) =>
        client.invoke(broker, createRequest(15, { extFields: { consumerGroup: group, topic: 'MsgTopic', queueId: 1, commitOffset: offset } }));
      // Online groups: a heartbeat on this connection registers them (behaviours.md §3.2).
      const heartbeat = (group: string, consumeType: string, subString: string) =>
        client.invoke(broker, createRequest(34, {
          body: JSON.stringify({
            clientID: `track@${group}`,
            consumerDataSet: [{ groupName: group, consumeType, messageModel: 'CLUSTERING', consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET', unitMode: false,
              subscriptionDataSet: [{ topic: 'MsgTopic', subString, tagsSet: subString === '*' ? [] : [subString], codeSet: [], expressionType: 'TAG', subVersion: 1, classFilterMode: false }] }],
            producerDataSet: [],
          }),
        }));
      for (const [g, offset] of [['TrackDone', msg.queueOffset + 1], ['TrackBehind', msg.queueOffset], ['TrackLive', msg.queueOffset + 1], ['TrackLiveBehind', msg.queueOffset], ['TrackFiltered', msg.queueOffset + 1], ['TrackPull', msg.queueOffset + 1]] as const) {
        expect((await commit(g, offset)).code).toBe(0);
      }
      expect((await heartbeat('TrackLive', 'CONSUME_PASSIVELY', '*')).code).toBe(0);
      expect((await heartbeat('TrackLiveBehind', 'CONSUME_PASSIVELY', 'TagA')).code).toBe(0);
      expect((await heartbeat('TrackFiltered', 'CONSUME_PASSIVELY', 'TagB')).code).toBe(0);
      expect((await heartbeat('TrackPull', 'CONSUME_ACTIVELY', '*')).code).toBe(0);

      const track = await messageTrack(admin, msg);
      const of = (g: string) => track.find((t) => t.group === g);
      expect(of('TrackDone')).toMatchObject({ status: 'NOT_ONLINE', consumed: true, consumerOffset: msg.queueOffset + 1, online: false });
      expect(of('TrackBehind')).toMatchObject({ status: 'NOT_ONLINE', consumed: false });
      expect(of('TrackLive')).toMatchObject({ status: 'CONSUMED', consumed: true, online: true });
      expect(of('TrackLiveBehind')).toMatchObject({ status: 'NOT_CONSUMED_YET', consumed: false, online: true });
      expect(of('TrackFiltered')).toMatchObject({ status: 'CONSUMED_BUT_FILTERED', consumed: true });
      expect(of('TrackPull')).toMatchObject({ status: 'PULL' });
      expect(await messageTrack(admin, msg, 'TrackLive')).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

});
