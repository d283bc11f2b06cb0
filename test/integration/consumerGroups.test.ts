// Consumer groups against the embedded cluster with real ali-ons clients: lag equals what was
// sent minus what was consumed (consumer online and offline), a reset to a time between two
// batches makes the group consume exactly the second batch again, --dry-run changes nothing,
// unknown groups change nothing, and many groups are listed correctly.

import { afterEach, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import {
  cloneGroupOffset,
  consumerConnection,
  consumerProgress,
  consumerProgressAll,
  consumerStatus,
  executeReset,
  planReset,
} from '../../src/admin/consumer.js';
import { NotFoundError } from '../../src/admin/errors.js';
import { getAllSubscriptionGroupConfig, updateConsumerOffset } from '../../src/protocol/requests/consumer.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { runCli } from '../helpers/cli.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';
import { ons, onsConsumer, onsProducer, waitFor, type OnsConsumer, type OnsProducer } from '../helpers/ons.js';

let cluster: EmbeddedCluster | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await cluster?.destroy();
  cluster = undefined;
});

async function setup(queues = 4): Promise<{ admin: MQAdmin; namesrvAddr: string; brokerAddr: string }> {
  cluster = await startEmbedded();
  const admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr });
  cleanups.push(() => admin.close());
  const info = await admin.examineClusterInfo();
  const brokerAddr = Object.values(info.brokerAddrTable)[0]!.brokerAddrs['0']!;
  await admin.createAndUpdateTopicConfig(brokerAddr, { topic: 'CgTopic', readQueueNums: queues, writeQueueNums: queues, perm: 6 });
  return { admin, namesrvAddr: cluster.namesrvAddr, brokerAddr };
}

async function producer(namesrvAddr: string): Promise<OnsProducer> {
  const p = onsProducer(namesrvAddr, 'CgProducer');
  cleanups.push(() => p.close());
  await p.ready();
  return p;
}

async function send(p: OnsProducer, prefix: string, count: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const m = new ons.Message('CgTopic', 'TagA', `${prefix}-${i}`);
    m.keys = [`${prefix}-${i}`];
    expect((await p.send(m)).sendStatus).toBe('SEND_OK');
    keys.push(`${prefix}-${i}`);
  }
  return keys;
}

/** A push consumer recording every key it gets (duplicates counted). */
async function consumer(namesrvAddr: string, group: string): Promise<{ c: OnsConsumer; got: string[] }> {
  const c = onsConsumer(namesrvAddr, group);
  cleanups.push(() => c.close());
  const got: string[] = [];
  c.subscribe('CgTopic', '*', async (msg) => {
    got.push(msg.keys);
  });
  await c.ready();
  return { c, got };
}

const topicQueues = (r: Awaited<ReturnType<typeof consumerProgress>>) => r.queues.filter((q) => !q.retry);

describe('consumer groups on the dev cluster with ali-ons clients', () => {
  it('lag is what was sent minus what was consumed, online and offline; connections and status', async () => {
    const { admin, namesrvAddr } = await setup();
    const p = await producer(namesrvAddr);
    const first = await send(p, 'a', 20);
    const { c, got } = await consumer(namesrvAddr, 'CgGroup');
    await waitFor(() => got.length >= 20, 20_000, '20 messages');
    // Online: everything consumed and committed -> no lag; the offsets add up to what was sent.
    await waitFor(() => false, 800, 'commits').catch(() => undefined);
    let r = await consumerProgress(admin, { group: 'CgGroup' });
    expect(topicQueues(r)).toHaveLength(4);
    expect(topicQueues(r).reduce((s, q) => s + q.brokerOffset, 0)).toBe(first.length);
    expect(topicQueues(r).reduce((s, q) => s + q.consumerOffset, 0)).toBe(got.length);
    expect(r.topicLag).toBe(0);
    expect(r.clients).toBe(1);
    expect(r.consumeTps).toBeGreaterThan(0);
    expect(r.failures).toEqual([]);

    const conn = await consumerConnection(admin, 'CgGroup');
    expect(conn.online).toBe(true);
    expect(conn.connections).toHaveLength(1);
    expect(conn.subscriptions.map((s) => s.topic).sort()).toEqual(['%RETRY%CgGroup', 'CgTopic']);
    const status = await consumerStatus(admin, 'CgGroup');
    expect(status.clients).toHaveLength(1);
    if (status.clients[0]!.info) expect(status.rebalanceOk).toBe(true);

    // Offline: 7 more sent, none consumed.
    await c.close();
    await send(p, 'b', 7);
    r = await consumerProgress(admin, { group: 'CgGroup' });
    expect(r.clients).toBe(0);
    expect(r.topicLag).toBe(7);
    expect(topicQueues(r).reduce((s, q) => s + q.lag, 0)).toBe(7);
    expect(r.totalLag).toBe(r.topicLag + r.retryLag);
  });

  it('a reset to a time between two batches makes an online group consume exactly the second batch again', async () => {
    const { admin, namesrvAddr } = await setup();
    const p = await producer(namesrvAddr);
    await send(p, 'one', 10);
    await new Promise((r) => setTimeout(r, 50));
    const between = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    const second = await send(p, 'two', 12);
    const { got } = await consumer(namesrvAddr, 'CgReset');
    await waitFor(() => got.length >= 22, 20_000, '22 messages');
    await new Promise((r) => setTimeout(r, 800));
    const consumedBefore = got.length;

    const plan = await planReset(admin, { group: 'CgReset', topic: 'CgTopic', target: { kind: 'time', ms: between }, force: true });
    expect(plan.queues).toHaveLength(4);
    expect(plan.queues.reduce((s, q) => s + q.delta, 0)).toBe(-12);
    const result = await executeReset(admin, plan);
    expect(result.failures).toEqual([]);
    expect(result.brokers.map((b) => b.path)).toEqual(['server']);
    for (const q of result.queues) expect(q.after).toBe(q.target);

    await waitFor(() => got.length >= consumedBefore + 12, 20_000, 'the second batch again');
    await new Promise((r) => setTimeout(r, 1000));
    expect(got.slice(consumedBefore).sort()).toEqual([...second].sort());
  });

  it('an offline group reset by time consumes exactly the second batch when it comes back', async () => {
    const { admin, namesrvAddr } = await setup(2);
    const p = await producer(namesrvAddr);
    await send(p, 'one', 6);
    const first = await consumer(namesrvAddr, 'CgOff');
    await waitFor(() => first.got.length >= 6, 20_000, '6 messages');
    await new Promise((r) => setTimeout(r, 800));
    await first.c.close();
    const between = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    const second = await send(p, 'two', 5);
    // Skip everything, then go back to the time between the batches.
    await executeReset(admin, await planReset(admin, { group: 'CgOff', topic: 'CgTopic', target: { kind: 'latest' }, force: true }));
    expect((await consumerProgress(admin, { group: 'CgOff' })).topicLag).toBe(0);
    const r = await executeReset(admin, await planReset(admin, { group: 'CgOff', topic: 'CgTopic', target: { kind: 'time', ms: between }, force: true }));
    expect(r.queues.reduce((s, q) => s + (q.before - (q.after ?? 0)), 0)).toBe(5);
    expect((await consumerProgress(admin, { group: 'CgOff' })).topicLag).toBe(5);
    const again = await consumer(namesrvAddr, 'CgOff');
    await waitFor(() => again.got.length >= 5, 20_000, 'the second batch');
    await new Promise((r) => setTimeout(r, 800));
    expect(again.got.sort()).toEqual([...second].sort());
  });

  it('-f false only moves offsets backwards; --dry-run and unknown groups change nothing', async () => {
    const { admin, namesrvAddr, brokerAddr } = await setup(2);
    const p = await producer(namesrvAddr);
    await send(p, 'x', 8);
    // The group exists (a subscription group) with offsets at 1 on both queues.
    const client = new RemotingClient({ requestTimeoutMs: 5000 });
    cleanups.push(() => client.close());
    await client.invoke(brokerAddr, createRequest(200, { body: JSON.stringify({ groupName: 'CgDry' }) }), 5000);
    for (const q of [0, 1]) await admin.call(brokerAddr, updateConsumerOffset, { consumerGroup: 'CgDry', topic: 'CgTopic', queueId: q, brokerName: 'broker-a', commitOffset: 1 });
    const offsets = async () => (await consumerProgress(admin, { group: 'CgDry', topic: 'CgTopic' })).queues.filter((q) => !q.retry).map((q) => q.consumerOffset);
    expect(await offsets()).toEqual([1, 1]);

    const forward = await planReset(admin, { group: 'CgDry', topic: 'CgTopic', target: { kind: 'latest' }, force: false });
    expect(forward.queues.map((q) => q.target)).toEqual([1, 1]);
    const back = await planReset(admin, { group: 'CgDry', topic: 'CgTopic', target: { kind: 'earliest' }, force: false });
    expect(back.queues.map((q) => q.target)).toEqual([0, 0]);

    const dry = await runCli(['resetOffsetByTime', '-n', namesrvAddr, '-g', 'CgDry', '-t', 'CgTopic', '-s', 'earliest', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).plan.queues.map((q: { target: number }) => q.target)).toEqual([0, 0]);
    expect(await offsets()).toEqual([1, 1]);

    const unknown = await runCli(['resetOffsetByTime', '-n', namesrvAddr, '-g', 'NoSuchGroup', '-t', 'CgTopic', '-s', 'earliest']);
    expect(unknown.code).toBe(4);
    await expect(planReset(admin, { group: 'NoSuchGroup', topic: 'CgTopic', target: { kind: 'earliest' }, force: true })).rejects.toBeInstanceOf(NotFoundError);
    // Nothing was created for it either.
    expect(Object.keys(await admin.call(brokerAddr, getAllSubscriptionGroupConfig, undefined))).not.toContain('NoSuchGroup');
    const noTopic = await runCli(['resetOffsetByTime', '-n', namesrvAddr, '-g', 'CgDry', '-t', 'NoSuchTopic', '-s', 'earliest']);
    expect(noTopic.code).toBe(4);

    // For real, with -s 0 (Java's epoch): back to 0, read back.
    const real = await runCli(['resetOffsetByTime', '-n', namesrvAddr, '-g', 'CgDry', '-t', 'CgTopic', '-s', '0', '--json']);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout).result.queues.map((q: { before: number; after: number }) => [q.before, q.after])).toEqual([[1, 0], [1, 0]]);
    expect(await offsets()).toEqual([0, 0]);

    // skipAccumulatedMessage: to the newest offset; cloneGroupOffset copies them to another group.
    const skip = await runCli(['skipAccumulatedMessage', '-n', namesrvAddr, '-g', 'CgDry', '-t', 'CgTopic']);
    expect(skip.code).toBe(0);
    const maxes = (await consumerProgress(admin, { group: 'CgDry', topic: 'CgTopic' })).queues.filter((q) => !q.retry).map((q) => q.brokerOffset);
    expect(await offsets()).toEqual(maxes);
    expect(maxes.reduce((a, b) => a + b, 0)).toBe(8);
    await client.invoke(brokerAddr, createRequest(200, { body: JSON.stringify({ groupName: 'CgCopy' }) }), 5000);
    const clone = await cloneGroupOffset(admin, { srcGroup: 'CgDry', destGroup: 'CgCopy', topic: 'CgTopic' });
    expect(clone.queues.map((q) => q.offset)).toEqual(maxes);
    expect((await consumerProgress(admin, { group: 'CgCopy', topic: 'CgTopic' })).queues.filter((q) => !q.retry).map((q) => q.consumerOffset)).toEqual(maxes);
  });

  it('lists many groups, each with its own lag, through bounded concurrency', async () => {
    const { admin, namesrvAddr, brokerAddr } = await setup(1);
    const p = await producer(namesrvAddr);
    await send(p, 'm', 30);
    const client = new RemotingClient({ requestTimeoutMs: 5000 });
    cleanups.push(() => client.close());
    const n = 120;
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const g = `Many-${String(i).padStart(3, '0')}`;
        await client.invoke(brokerAddr, createRequest(200, { body: JSON.stringify({ groupName: g }) }), 5000);
        await admin.call(brokerAddr, updateConsumerOffset, { consumerGroup: g, topic: 'CgTopic', queueId: 0, brokerName: 'broker-a', commitOffset: i % 31 });
      }),
    );
    let calls = 0;
    const all = await consumerProgressAll(admin, { concurrency: 8, onProgress: () => calls++ });
    expect(all.failures).toEqual([]);
    const many = all.groups.filter((g) => g.group.startsWith('Many-'));
    expect(many).toHaveLength(n);
    for (const g of many) expect(g.totalLag).toBe(30 - (Number(g.group.slice(5)) % 31));
    expect(all.groups.some((g) => g.group === 'TOOLS_CONSUMER')).toBe(false);
    expect(calls).toBe(all.groups.length + 1);

    const cli = await runCli(['consumerProgress', '-n', namesrvAddr, '--sort', 'lag', '--filter', 'Many-*', '--json']);
    expect(cli.code).toBe(0);
    const rows = JSON.parse(cli.stdout).groups as Array<{ group: string; totalLag: number }>;
    expect(rows).toHaveLength(n);
    expect(rows[0]!.totalLag).toBe(30);
    expect(rows.map((r) => r.totalLag)).toEqual([...rows.map((r) => r.totalLag)].sort((a, b) => b - a));
  });
});
