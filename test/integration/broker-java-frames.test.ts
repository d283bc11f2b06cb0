// The embedded broker answering the exact requests the real Java producer and push consumer
// sent to a real RocketMQ 4.9.8 broker (test/fixtures/rocketmq-4.9.8/producer-java and
// consumer-java): the same response codes, queue ids and queue offsets, the fields Java
// clients read, and messages that decode to what was sent.

import { afterEach, describe, expect, it } from 'vitest';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest, type RemotingCommand } from '../../src/remoting/command.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { parseFastJson } from '../../src/protocol/fastjson.js';
import { decodeMessage, decodeMessages } from '../../src/protocol/message.js';
import { decodeMessageId } from '../../src/protocol/messageId.js';
import { scenarioFrames } from '../helpers/fixtures.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';

let cluster: EmbeddedCluster | undefined;
const clients: RemotingClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await cluster?.destroy();
  cluster = undefined;
});

/** Captured request/response pairs of one server port, matched by opaque and connection order. */
function exchanges(scenario: string, port: number, code?: number): Array<{ request: RemotingCommand; response: RemotingCommand | undefined }> {
  const frames = scenarioFrames(scenario).filter((f) => f.serverPort === port);
  const decoded = frames.map((f) => ({ f, cmd: decodeFrame(f.bytes) }));
  return decoded
    .filter(({ f, cmd }) => f.dir === 'c2s' && f.kind === 'req' && (code === undefined || cmd.code === code))
    .map(({ cmd }) => ({ request: cmd, response: decoded.find(({ f, cmd: r }) => f.dir === 's2c' && f.kind === 'resp' && r.opaque === cmd.opaque)?.cmd }));
}

async function createFxTopic(namesrvAddr: string, brokerAddr: string): Promise<void> {
  const admin = new MQAdmin({ namesrvAddr });
  try {
    await admin.createAndUpdateTopicConfig(brokerAddr, { topic: 'FxTopic', readQueueNums: 4, writeQueueNums: 4, perm: 6 });
  } finally {
    await admin.close();
  }
}

describe('the embedded broker answers real Java client requests', () => {
  it('SEND_MESSAGE_V2 from the Java producer: same queue ids and offsets, the fields Java reads', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!;
    await createFxTopic(cluster.namesrvAddr, broker.address);
    const client = new RemotingClient();
    clients.push(client);

    const sends = exchanges('rocketmq-4.9.8/producer-java', 10911, 310);
    expect(sends).toHaveLength(6);
    const ours: RemotingCommand[] = [];
    for (const { request, response } of sends) {
      const answer = await client.invoke(broker.address, request);
      ours.push(answer);
      expect(answer.code).toBe(response!.code);
      expect(answer.extFields!.queueId).toBe(response!.extFields!.queueId);
      expect(answer.extFields!.queueOffset).toBe(response!.extFields!.queueOffset);
      // Java clients read both without a null check (messages.md B.3).
      expect(answer.extFields!.MSG_REGION).toBe('DefaultRegion');
      expect(answer.extFields!.TRACE_ON).toBe('true');
      expect(answer.flag).toBe(1);
    }
    // The offset ids point at this broker, at increasing commit-log offsets, and find the
    // message with its keys and the producer's unique id.
    let last = -1;
    for (let i = 0; i < ours.length; i++) {
      const id = decodeMessageId(ours[i]!.extFields!.msgId!);
      expect(id.kind).toBe('offset');
      if (id.kind !== 'offset') continue;
      expect(id.address).toBe(broker.address);
      expect(Number(id.commitLogOffset)).toBeGreaterThan(last);
      last = Number(id.commitLogOffset);
      const view = await client.invoke(broker.address, createRequest(33, { extFields: { offset: Number(id.commitLogOffset) } }));
      expect(view.code).toBe(0);
      const msg = decodeMessage(view.body!);
      const sentProps = sends[i]!.request.extFields!.i!;
      expect(msg.keys).toEqual([`fxkey-${i}`]);
      expect(sentProps).toContain(`UNIQ_KEY\u0001${msg.uniqKey}`);
      expect(msg.properties.CLUSTER).toBe('DefaultCluster');
      expect(msg.properties.WAIT).toBeUndefined();
      expect(msg.body.toString()).toBe(sends[i]!.request.body!.toString());
      expect(msg.offsetMsgId).toBe(ours[i]!.extFields!.msgId);
    }
    // UNREGISTER_CLIENT as the Java producer sends it at shutdown.
    for (const { request, response } of exchanges('rocketmq-4.9.8/producer-java', 10911, 35)) {
      expect((await client.invoke(broker.address, request)).code).toBe(response!.code);
    }
  });

  it('the Java push consumer: heartbeat (with the notification), consumer list, offsets, pulls', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!;
    await createFxTopic(cluster.namesrvAddr, broker.address);
    const producer = new RemotingClient();
    clients.push(producer);
    for (const { request } of exchanges('rocketmq-4.9.8/producer-java', 10911, 310)) await producer.invoke(broker.address, request);

    const pushed: RemotingCommand[] = [];
    const consumer = new RemotingClient({ onRequest: (req) => void pushed.push(req) });
    clients.push(consumer);
    const captured = exchanges('rocketmq-4.9.8/consumer-java', 10911);
    const heartbeat = captured.find((x) => x.request.code === 34)!;
    const hb = await consumer.invoke(broker.address, heartbeat.request);
    expect(hb.code).toBe(0);
    // The real broker told the consumer to rebalance after its first heartbeat (frame 012).
    await new Promise((r) => setTimeout(r, 100));
    expect(pushed.map((p) => [p.code, p.extFields?.consumerGroup])).toEqual([[40, 'FxGroup']]);

    // The group's retry topic now has a route: mqadmin finds the group's brokers through it.
    const admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr });
    try {
      const route = await admin.examineTopicRoute('%RETRY%FxGroup');
      expect(route.queueDatas).toEqual([{ brokerName: 'broker-a', perm: 6, readQueueNums: 1, topicSysFlag: 0, writeQueueNums: 1 }]);
    } finally {
      await admin.close();
    }

    // The consumer's second heartbeat carries the subscription version its pulls use.
    const heartbeats = captured.filter((x) => x.request.code === 34);
    expect(heartbeats.length).toBeGreaterThan(1);
    for (const h of heartbeats.slice(1)) expect((await consumer.invoke(broker.address, h.request)).code).toBe(0);

    const list = captured.find((x) => x.request.code === 38)!;
    const ids = await consumer.invoke(broker.address, list.request);
    expect(parseFastJson(ids.body!)).toEqual(parseFastJson(list.response!.body!));

    // A brand-new group on a young queue gets offset 0, as the real broker answered.
    for (const q of captured.filter((x) => x.request.code === 14).slice(0, 4)) {
      const a = await consumer.invoke(broker.address, q.request);
      expect([a.code, a.extFields?.offset]).toEqual([q.response!.code, q.response!.extFields!.offset]);
    }

    // The first pulls of the four queues find the produced messages; the broker answers with
    // the offsets its queues hold.
    const pulls = captured.filter((x) => x.request.code === 11 && x.request.extFields!.queueOffset === '0').slice(0, 4);
    expect(pulls).toHaveLength(4);
    const expectedPerQueue: Record<string, number> = { '0': 2, '1': 2, '2': 1, '3': 1 };
    let total = 0;
    for (const { request, response } of pulls) {
      const a = await consumer.invoke(broker.address, request);
      const q = request.extFields!.queueId!;
      expect(a.code).toBe(response!.code);
      expect(a.remark).toBe('FOUND');
      expect(a.extFields!.nextBeginOffset).toBe(String(expectedPerQueue[q]));
      expect(a.extFields!.maxOffset).toBe(String(expectedPerQueue[q]));
      expect(a.extFields!.minOffset).toBe('0');
      const msgs = decodeMessages(a.body!);
      expect(msgs.map((m) => m.queueOffset)).toEqual(Array.from({ length: expectedPerQueue[q]! }, (_, i) => i));
      expect(msgs.every((m) => m.topic === 'FxTopic' && m.queueId === Number(q) && m.keys![0]!.startsWith('fxkey-'))).toBe(true);
      total += msgs.length;
    }
    expect(total).toBe(6);
  });

  it('a held pull wakes when a message arrives (long polling)', async () => {
    cluster = await startEmbedded();
    const broker = cluster.brokers[0]!;
    await createFxTopic(cluster.namesrvAddr, broker.address);
    const consumer = new RemotingClient();
    clients.push(consumer);
    const captured = exchanges('rocketmq-4.9.8/consumer-java', 10911);
    for (const h of captured.filter((x) => x.request.code === 34)) await consumer.invoke(broker.address, h.request);
    const pull = captured.find((x) => x.request.code === 11 && x.request.extFields!.queueId === '0')!.request;
    const started = Date.now();
    const held = consumer.invoke(broker.address, pull, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const send = exchanges('rocketmq-4.9.8/producer-java', 10911, 310)[0]!.request; // queue 0
    const producer = new RemotingClient();
    clients.push(producer);
    expect((await producer.invoke(broker.address, send)).code).toBe(0);
    const answer = await held;
    const waited = Date.now() - started;
    expect(answer.code).toBe(0);
    expect(decodeMessages(answer.body!).map((m) => m.keys)).toEqual([['fxkey-0']]);
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(5000);
  });
});
