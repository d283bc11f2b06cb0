// A client nobody here wrote: ali-ons (shared/peers.md) produces keyed messages to the embedded
// cluster and a push-consumer group consumes every one and commits offsets; after a restart
// the group resumes where it stopped.

import { afterEach, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { decodeMessageId } from '../../src/protocol/messageId.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';
import { ons, onsConsumer, onsProducer, waitFor, type OnsProducer } from '../helpers/ons.js';

let cluster: EmbeddedCluster | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await cluster?.destroy();
  cluster = undefined;
});

async function createTopic(namesrvAddr: string, topic: string, queues: number): Promise<void> {
  const admin = new MQAdmin({ namesrvAddr });
  try {
    const info = await admin.examineClusterInfo();
    for (const b of Object.values(info.brokerAddrTable)) {
      await admin.createAndUpdateTopicConfig(b.brokerAddrs['0']!, { topic, readQueueNums: queues, writeQueueNums: queues, perm: 6 });
    }
  } finally {
    await admin.close();
  }
}

function producer(namesrvAddr: string, group: string): OnsProducer {
  const p = onsProducer(namesrvAddr, group);
  cleanups.push(() => p.close());
  return p;
}

describe('ali-ons against the embedded cluster', () => {
  it('produces keyed messages, consumes every one, and resumes after a restart', async () => {
    cluster = await startEmbedded();
    const { namesrvAddr } = cluster;
    await createTopic(namesrvAddr, 'OnsTopic', 4);

    const prod = producer(namesrvAddr, 'OnsProducerGroup');
    await prod.ready();
    const sent = new Map<string, { msgId: string; queueId: number; queueOffset: number }>();
    for (let i = 0; i < 40; i++) {
      const msg = new ons.Message('OnsTopic', 'TagA', `body-${i}`);
      msg.keys = [`key-${i}`];
      const r = await prod.send(msg);
      expect(r.sendStatus).toBe('SEND_OK');
      // ali-ons sets no UNIQ_KEY: its msgId is the broker's offset id, pointing at this broker.
      const id = decodeMessageId(r.msgId);
      expect(id.kind).toBe('offset');
      if (id.kind === 'offset') expect(id.address).toBe(cluster.brokers[0]!.address);
      sent.set(`key-${i}`, { msgId: r.msgId, queueId: r.messageQueue.queueId, queueOffset: r.queueOffset });
    }
    // Sends are spread over the 4 queues, with consecutive offsets per queue.
    const perQueue = new Map<number, number[]>();
    for (const s of sent.values()) perQueue.set(s.queueId, [...(perQueue.get(s.queueId) ?? []), s.queueOffset]);
    expect(perQueue.size).toBeGreaterThan(1);
    for (const offsets of perQueue.values()) expect(offsets).toEqual(offsets.map((_, i) => i));

    const errors: Error[] = [];
    const received = new Map<string, string>();
    let cons = onsConsumer(namesrvAddr, 'OnsConsumerGroup', (e) => errors.push(e));
    cons.subscribe('OnsTopic', '*', async (msg) => {
      received.set(msg.keys, msg.body.toString());
    });
    await cons.ready();
    await waitFor(() => received.size === 40, 20_000, '40 messages');
    for (let i = 0; i < 40; i++) expect(received.get(`key-${i}`)).toBe(`body-${i}`);
    await cons.close();

    // The committed offsets cover every message.
    const admin = new MQAdmin({ namesrvAddr });
    cleanups.push(() => admin.close());
    const route = await admin.examineTopicRoute('%RETRY%OnsConsumerGroup');
    expect(route.brokerDatas.map((b) => b.brokerName)).toEqual(['broker-a']);

    // Restart the whole cluster on the same data; send more; the group resumes.
    await prod.close();
    await cluster.stop();
    cluster = await startEmbedded({ dataDir: cluster.dataDir });
    const prod2 = producer(cluster.namesrvAddr, 'OnsProducerGroup');
    await prod2.ready();
    for (let i = 40; i < 50; i++) {
      const msg = new ons.Message('OnsTopic', 'TagA', `body-${i}`);
      msg.keys = [`key-${i}`];
      expect((await prod2.send(msg)).sendStatus).toBe('SEND_OK');
    }
    const second = new Map<string, string>();
    cons = onsConsumer(cluster.namesrvAddr, 'OnsConsumerGroup', (e) => errors.push(e));
    cleanups.push(() => cons.close());
    cons.subscribe('OnsTopic', '*', async (msg) => {
      second.set(msg.keys, msg.body.toString());
    });
    await cons.ready();
    await waitFor(() => second.size >= 10, 20_000, '10 new messages');
    // Give a redelivery of old messages the chance to show up before asserting there is none.
    await new Promise((r) => setTimeout(r, 500));
    expect([...second.keys()].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `key-${40 + i}`).sort());
  }, 60_000);

  it('a server-side offset reset takes effect on a running ali-ons consumer', async () => {
    cluster = await startEmbedded();
    const { namesrvAddr } = cluster;
    await createTopic(namesrvAddr, 'ReplayTopic', 2);
    const prod = producer(namesrvAddr, 'ReplayProducer');
    await prod.ready();
    for (let i = 0; i < 20; i++) {
      const msg = new ons.Message('ReplayTopic', 'TagA', `replay-${i}`);
      msg.keys = [`replay-${i}`];
      await prod.send(msg);
    }
    const deliveries = new Map<string, number>();
    const cons = onsConsumer(namesrvAddr, 'ReplayGroup', () => undefined);
    cleanups.push(() => cons.close());
    cons.subscribe('ReplayTopic', '*', async (msg) => {
      deliveries.set(msg.keys, (deliveries.get(msg.keys) ?? 0) + 1);
    });
    await cons.ready();
    await waitFor(() => deliveries.size === 20, 20_000, '20 messages');
    // Let the consumer park its long-polling pulls, then reset the group to the beginning.
    await new Promise((r) => setTimeout(r, 300));
    const client = new RemotingClient();
    cleanups.push(() => client.close());
    const reset = await client.invoke(cluster.brokers[0]!.address, createRequest(222, { extFields: { topic: 'ReplayTopic', group: 'ReplayGroup', timestamp: 0, isForce: true, queueId: -1 } }));
    expect(reset.code).toBe(0);
    // ali-ons answers no broker request, yet it follows the moved offset of its next pull.
    await waitFor(() => [...deliveries.values()].every((n) => n >= 2), 10_000, 'every message a second time');
    expect(deliveries.size).toBe(20);
  }, 40_000);

  it('with two brokers, ali-ons spreads sends over both and consumes from both', async () => {
    cluster = await startEmbedded({ brokers: 2 });
    const { namesrvAddr } = cluster;
    await createTopic(namesrvAddr, 'SpreadTopic', 2);
    const prod = producer(namesrvAddr, 'SpreadProducer');
    await prod.ready();
    const brokersUsed = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const msg = new ons.Message('SpreadTopic', 'TagA', `spread-${i}`);
      msg.keys = [`spread-${i}`];
      const r = await prod.send(msg);
      expect(r.sendStatus).toBe('SEND_OK');
      brokersUsed.add(r.messageQueue.brokerName);
    }
    expect([...brokersUsed].sort()).toEqual(['broker-a', 'broker-b']);
    const received = new Set<string>();
    const cons = onsConsumer(namesrvAddr, 'SpreadGroup', () => undefined);
    cleanups.push(() => cons.close());
    cons.subscribe('SpreadTopic', '*', async (msg) => {
      received.add(msg.keys);
    });
    await cons.ready();
    await waitFor(() => received.size === 20, 20_000, '20 messages from both brokers');
  }, 40_000);
});
