// Behaviours of the embedded cluster that clients rely on: TBW102 auto-creation and its switch,
// two brokers, retry/DLQ and delay levels, key queries, the 5.x server-side offset reset, and
// malformed input that closes one connection while the server keeps serving the others.

import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest, type RemotingCommand } from '../../src/remoting/command.js';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { clusterOverview } from '../../src/admin/cluster.js';
import { parseFastJson } from '../../src/protocol/fastjson.js';
import { decodeMessage, decodeMessages } from '../../src/protocol/message.js';
import { decodeMessageId } from '../../src/protocol/messageId.js';
import { encodeMessageProperties } from '../../src/protocol/properties.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';

let cluster: EmbeddedCluster | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await cluster?.destroy();
  cluster = undefined;
});

function client(): RemotingClient {
  const c = new RemotingClient({ requestTimeoutMs: 5000 });
  closers.push(() => c.close());
  return c;
}

function admin(namesrvAddr: string): MQAdmin {
  const a = new MQAdmin({ namesrvAddr });
  closers.push(() => a.close());
  return a;
}

/** A SEND_MESSAGE_V2 request as the Java producer builds it (messages.md B.3). */
function send(topic: string, body: string, props: Record<string, string>, queueId = -1): RemotingCommand {
  return createRequest(310, {
    extFields: { a: 'PG', b: topic, c: 'TBW102', d: 4, e: queueId, f: 0, g: Date.now(), h: 0, i: encodeMessageProperties({ WAIT: 'true', ...props }), j: 0, k: false, m: false },
    body,
  });
}

function pull(group: string, topic: string, queueId: number, queueOffset: number, sysFlag = 4): RemotingCommand {
  return createRequest(11, {
    extFields: { consumerGroup: group, topic, queueId, queueOffset, maxMsgNums: 32, sysFlag, commitOffset: 0, suspendTimeoutMillis: 1000, subscription: '*', subVersion: 0, expressionType: 'TAG' },
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('topic auto-creation through TBW102 (store.md §7)', () => {
  it('creates a topic on first send, registers it, refuses once autoCreateTopicEnable=false, and needs TBW102 repaired after', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!.address;
    const c = client();
    const a = admin(cluster.namesrvAddr);
    const tbw = await a.examineTopicRoute('TBW102');
    expect(tbw.queueDatas[0]).toMatchObject({ perm: 7, readQueueNums: 8, writeQueueNums: 8 });

    const first = await c.invoke(broker, send('AutoTopic', 'hello', { KEYS: 'k1' }));
    expect(first.code).toBe(0);
    const route = await a.examineTopicRoute('AutoTopic');
    expect(route.queueDatas).toEqual([{ brokerName: 'broker-a', perm: 6, readQueueNums: 4, topicSysFlag: 0, writeQueueNums: 4 }]);

    const off = await c.invoke(broker, createRequest(25, { body: 'autoCreateTopicEnable=false\n' }));
    expect(off.code).toBe(0);
    const config = await c.invoke(broker, createRequest(26));
    expect(config.body!.toString()).toMatch(/^autoCreateTopicEnable=false$/m);
    const refused = await c.invoke(broker, send('AutoTopic2', 'hello', {}));
    expect(refused.code).toBe(17);
    expect(refused.remark).toMatch(/^topic\[AutoTopic2\] not exist, apply first please!/);

    // The refused send stripped TBW102's inherit bit, as a Java broker does: switching the
    // setting back on is not enough until TBW102 is repaired (perm 7).
    const on = await c.invoke(broker, createRequest(25, { body: 'autoCreateTopicEnable=true\n' }));
    expect(on.code).toBe(0);
    expect((await c.invoke(broker, send('AutoTopic2', 'hello', {}))).code).toBe(17);
    await a.createAndUpdateTopicConfig(broker, { topic: 'TBW102', readQueueNums: 8, writeQueueNums: 8, perm: 7 });
    expect((await c.invoke(broker, send('AutoTopic2', 'hello', {}))).code).toBe(0);
  });

  it('an unknown or blacklisted config key: ignored, or refused with NO_PERMISSION', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!.address;
    const c = client();
    expect((await c.invoke(broker, createRequest(25, { body: 'noSuchKey=1\n' }))).code).toBe(0);
    expect((await c.invoke(broker, createRequest(26))).body!.toString()).not.toMatch(/noSuchKey/);
    const black = await c.invoke(broker, createRequest(25, { body: 'brokerConfigPath=/tmp/x\n' }));
    expect([black.code, black.remark]).toEqual([16, 'Can not update config in black list.']);
  });
});

describe('two brokers', () => {
  it('a topic created on the cluster has queues on both, and both take messages', async () => {
    cluster = await startEmbedded({ brokers: 2 });
    const a = admin(cluster.namesrvAddr);
    const overview = await clusterOverview(a);
    expect(overview.brokers.map((b) => [b.brokerName, b.brokerId, b.version])).toEqual([
      ['broker-a', 0, 'V5_3_3'],
      ['broker-b', 0, 'V5_3_3'],
    ]);
    for (const b of cluster.brokers) await a.createAndUpdateTopicConfig(b.address, { topic: 'Both', readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    const route = await a.examineTopicRoute('Both');
    expect(route.queueDatas.map((q) => q.brokerName).sort()).toEqual(['broker-a', 'broker-b']);
    const c = client();
    for (const b of cluster.brokers) {
      const r = await c.invoke(b.address, send('Both', `to ${b.address}`, {}));
      expect(r.code).toBe(0);
      const id = decodeMessageId(r.extFields!.msgId!);
      expect(id.kind === 'offset' && id.address).toBe(b.address);
    }
  });
});

describe('retry, dead letters and delay levels (behaviours.md §3.6, store.md §6)', () => {
  it('send-back with delay level -1 lands in %DLQ%; with 0 it waits in the schedule topic', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!.address;
    const c = client();
    const a = admin(cluster.namesrvAddr);
    await a.createAndUpdateTopicConfig(broker, { topic: 'Work', readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    const sent = await c.invoke(broker, send('Work', 'job', { KEYS: 'job-1' }, 0));
    const id = decodeMessageId(sent.extFields!.msgId!);
    if (id.kind !== 'offset') throw new Error('expected an offset id');

    const dlq = await c.invoke(broker, createRequest(36, { extFields: { offset: Number(id.commitLogOffset), group: 'WorkGroup', delayLevel: -1, originMsgId: sent.extFields!.msgId, originTopic: 'Work', unitMode: false, maxReconsumeTimes: 16 } }));
    expect(dlq.code).toBe(0);
    const fromDlq = await c.invoke(broker, pull('WorkGroup', '%DLQ%WorkGroup', 0, 0));
    expect(fromDlq.code).toBe(0);
    const [dead] = decodeMessages(fromDlq.body!);
    expect(dead!.body.toString()).toBe('job');
    expect(dead!.reconsumeTimes).toBe(1);
    expect(dead!.properties.RETRY_TOPIC).toBe('Work');
    expect(dead!.properties.ORIGIN_MESSAGE_ID).toBe(sent.extFields!.msgId);

    const retry = await c.invoke(broker, createRequest(36, { extFields: { offset: Number(id.commitLogOffset), group: 'WorkGroup', delayLevel: 0, originTopic: 'Work', unitMode: false } }));
    expect(retry.code).toBe(0);
    // Level 3 + reconsumeTimes(0) = 10 s: parked in SCHEDULE_TOPIC_XXXX queue 2, not yet in %RETRY%.
    const scheduled = await c.invoke(broker, pull('WorkGroup', 'SCHEDULE_TOPIC_XXXX', 2, 0));
    expect(scheduled.code).toBe(0);
    const [parked] = decodeMessages(scheduled.body!);
    expect(parked!.properties).toMatchObject({ REAL_TOPIC: '%RETRY%WorkGroup', DELAY: '3' });
    const notYet = await c.invoke(broker, pull('WorkGroup', '%RETRY%WorkGroup', 0, 0));
    expect(notYet.code).not.toBe(0);
  });

  it('a message with DELAY=1 reaches its topic after about a second, with the same unique id', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!.address;
    const c = client();
    await admin(cluster.namesrvAddr).createAndUpdateTopicConfig(broker, { topic: 'Later', readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    const sentAt = Date.now();
    const r = await c.invoke(broker, send('Later', 'soon', { DELAY: '1', UNIQ_KEY: 'C0A80001000000000000000000000001' }, 0));
    expect(r.code).toBe(0);
    expect((await c.invoke(broker, pull('G', 'Later', 0, 0))).code).not.toBe(0);
    let found: ReturnType<typeof decodeMessages> = [];
    for (let i = 0; i < 40 && found.length === 0; i++) {
      await sleep(100);
      const p = await c.invoke(broker, pull('G', 'Later', 0, 0));
      if (p.code === 0) found = decodeMessages(p.body!);
    }
    expect(found).toHaveLength(1);
    expect(found[0]!.uniqKey).toBe('C0A80001000000000000000000000001');
    expect(found[0]!.properties.DELAY).toBeUndefined();
    expect(found[0]!.storeTimestamp - sentAt).toBeGreaterThanOrEqual(900);
  });
});

describe('key queries and the server-side offset reset', () => {
  it('QUERY_MESSAGE finds messages by key and by unique key; VIEW_MESSAGE_BY_ID by offset', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!.address;
    const c = client();
    await admin(cluster.namesrvAddr).createAndUpdateTopicConfig(broker, { topic: 'Orders', readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    for (let i = 0; i < 5; i++) await c.invoke(broker, send('Orders', `order ${i}`, { KEYS: `order-${i} shared`, UNIQ_KEY: `C0A8000100000000000000000000000${i}` }));
    const byKey = await c.invoke(broker, createRequest(12, { extFields: { topic: 'Orders', key: 'shared', maxNum: 64, beginTimestamp: 0, endTimestamp: Number.MAX_SAFE_INTEGER } }));
    expect(byKey.code).toBe(0);
    expect(decodeMessages(byKey.body!).map((m) => m.body.toString()).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `order ${i}`));
    expect(Number(byKey.extFields!.indexLastUpdateTimestamp)).toBeGreaterThan(0);
    const byUniq = await c.invoke(broker, createRequest(12, { extFields: { topic: 'Orders', key: 'C0A80001000000000000000000000003', maxNum: 32, beginTimestamp: 0, endTimestamp: Number.MAX_SAFE_INTEGER, _UNIQUE_KEY_QUERY: 'true' } }));
    expect(decodeMessages(byUniq.body!).filter((m) => m.uniqKey === 'C0A80001000000000000000000000003').map((m) => m.body.toString())).toEqual(['order 3']);
    const none = await c.invoke(broker, createRequest(12, { extFields: { topic: 'Orders', key: 'nope', maxNum: 64, beginTimestamp: 0, endTimestamp: Number.MAX_SAFE_INTEGER } }));
    expect([none.code, none.remark]).toEqual([22, 'can not find message, maybe time range not correct']);
    const missing = await c.invoke(broker, createRequest(33, { extFields: { offset: 999_999 } }));
    expect(missing.code).toBe(1);
  });

  it('INVOKE_BROKER_TO_RESET_OFFSET resets on the broker and the next pull moves there', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!.address;
    const c = client();
    await admin(cluster.namesrvAddr).createAndUpdateTopicConfig(broker, { topic: 'Replay', readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    for (let i = 0; i < 3; i++) await c.invoke(broker, send('Replay', `m${i}`, {}, 0));
    expect((await c.invoke(broker, createRequest(15, { extFields: { consumerGroup: 'RG', topic: 'Replay', queueId: 0, commitOffset: 3 } }))).code).toBe(0);
    const reset = await c.invoke(broker, createRequest(222, { extFields: { topic: 'Replay', group: 'RG', timestamp: 0, isForce: true, queueId: -1 } }));
    expect(reset.code).toBe(0);
    const table = parseFastJson(reset.body!) as { offsetTable: Map<unknown, unknown> };
    expect([...table.offsetTable.entries()]).toEqual([[{ brokerName: 'broker-a', queueId: 0, topic: 'Replay' }, 0]]);
    const query = await c.invoke(broker, createRequest(14, { extFields: { consumerGroup: 'RG', topic: 'Replay', queueId: 0 } }));
    expect(query.extFields!.offset).toBe('0');
    const moved = await c.invoke(broker, pull('RG', 'Replay', 0, 3));
    expect([moved.code, moved.extFields!.nextBeginOffset]).toEqual([21, '0']);
  });
});

describe('bad input closes one connection; the server keeps serving', () => {
  async function rawExchange(addr: string, bytes: Buffer): Promise<{ closed: boolean; data: Buffer }> {
    const [host, port] = addr.split(':');
    return new Promise((resolve) => {
      const socket = connect(Number(port), host!);
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ closed: false, data: Buffer.concat(chunks) });
      }, 1500);
      socket.on('data', (d) => chunks.push(d));
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ closed: true, data: Buffer.concat(chunks) });
      });
      socket.on('error', () => undefined);
      socket.on('connect', () => socket.write(bytes));
    });
  }

  it('unknown serialization type, broken JSON header, oversize frame, wrong lengths', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!.address;
    const json = Buffer.from('{"code":105,"flag":0', 'utf8');
    const brokenJson = Buffer.alloc(8 + json.length);
    brokenJson.writeInt32BE(4 + json.length, 0);
    brokenJson.writeInt32BE(json.length, 4);
    json.copy(brokenJson, 8);
    const cases: Record<string, Buffer> = {
      'serialization type 7': Buffer.from([0, 0, 0, 8, 7, 0, 0, 2, 0x7b, 0x7d, 0, 0]),
      'broken JSON header': brokenJson,
      'oversize frame': Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0]),
      'header longer than the frame': Buffer.from([0, 0, 0, 8, 0, 0, 0x10, 0, 0, 0, 0, 0]),
      'negative length': Buffer.from([0xff, 0xff, 0xff, 0xf0]),
    };
    const c = client();
    for (const [name, bytes] of Object.entries(cases)) {
      const r = await rawExchange(broker, bytes);
      expect(r.closed, name).toBe(true);
      // Everyone else is still served.
      expect((await c.invoke(broker, createRequest(28))).code, name).toBe(0);
      expect((await c.invoke(cluster.namesrvAddr, createRequest(106))).code, name).toBe(0);
    }
    const unknown = await c.invoke(broker, createRequest(9999));
    expect([unknown.code, unknown.remark]).toEqual([3, ' request type 9999 not supported']);
    const unknownNs = await c.invoke(cluster.namesrvAddr, createRequest(9999));
    expect(unknownNs.code).toBe(3);
  });
});

describe('queue locks for orderly consumers (behaviours.md §3.8)', () => {
  it('a queue locked by one client is refused to another until unlocked', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!.address;
    const c = client();
    const mqs = [0, 1].map((queueId) => ({ brokerName: 'broker-a', queueId, topic: 'Ordered' }));
    const lock = async (clientId: string, mqSet: unknown[]) => {
      const r = await c.invoke(broker, createRequest(41, { body: JSON.stringify({ clientId, consumerGroup: 'OG', mqSet, onlyThisBroker: false }) }));
      expect(r.code).toBe(0);
      return (parseFastJson(r.body!) as { lockOKMQSet: Array<{ queueId: number }> }).lockOKMQSet.map((m) => m.queueId).sort();
    };
    expect(await lock('client-a', mqs)).toEqual([0, 1]);
    expect(await lock('client-b', mqs)).toEqual([]);
    expect(await lock('client-a', mqs)).toEqual([0, 1]);
    const unlock = await c.invoke(broker, createRequest(42, { body: JSON.stringify({ clientId: 'client-a', consumerGroup: 'OG', mqSet: [mqs[1]] }) }));
    expect(unlock.code).toBe(0);
    expect(await lock('client-b', mqs)).toEqual([1]);
  });
});

describe('transactions', () => {
  it('are refused with a clear code and remark, never silence', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!.address;
    const c = client();
    await admin(cluster.namesrvAddr).createAndUpdateTopicConfig(broker, { topic: 'Tx', readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    const half = send('Tx', 'half', { TRAN_MSG: 'true', PGROUP: 'PG' });
    half.extFields!.f = '4';
    const r = await c.invoke(broker, half);
    expect([r.code, r.remark]).toEqual([16, 'the broker[broker-a] sending transaction message is forbidden']);
    void decodeMessage;
  });
});
