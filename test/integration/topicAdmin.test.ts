// Topics, broker configuration and autoCreateTopic against the in-process dev cluster: the admin
// operations of issue 4 change real broker and NameServer state, read back through the wire.

import { afterEach, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { NotFoundError, InvalidArgumentError } from '../../src/admin/errors.js';
import { applyDeleteTopic, applyUpdateTopic, fetchTopicConfig, planDeleteTopic, planUpdateTopic, topicStatus } from '../../src/admin/topics.js';
import { autoCreateTopic, getBrokerConfigs, updateBrokerConfigChecked } from '../../src/admin/brokerConfig.js';
import { getKvConfig } from '../../src/protocol/requests/namesrv.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest, type RemotingCommand } from '../../src/remoting/command.js';
import { encodeMessageProperties } from '../../src/protocol/properties.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';

let cluster: EmbeddedCluster | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await cluster?.destroy();
  cluster = undefined;
});

function admin(namesrvAddr: string): MQAdmin {
  const a = new MQAdmin({ namesrvAddr });
  closers.push(() => a.close());
  return a;
}

function client(): RemotingClient {
  const c = new RemotingClient({ requestTimeoutMs: 5000 });
  closers.push(() => c.close());
  return c;
}

/** A SEND_MESSAGE_V2 request as the Java producer builds it (messages.md B.3). */
function send(topic: string, body: string): RemotingCommand {
  return createRequest(310, {
    extFields: { a: 'PG', b: topic, c: 'TBW102', d: 4, e: -1, f: 0, g: Date.now(), h: 0, i: encodeMessageProperties({ WAIT: 'true' }), j: 0, k: false, m: false },
    body,
  });
}

describe('updateTopic', () => {
  it('creates with the Java defaults on every master, then patches only what is given', async () => {
    cluster = await startEmbedded({ brokers: 2 });
    const a = admin(cluster.namesrvAddr);

    const plan = await planUpdateTopic(a, { topic: 'PatchMe', cluster: 'DefaultCluster', writeQueueNums: 16, readQueueNums: 16 });
    expect(plan.brokers.map((b) => [b.brokerName, b.action])).toEqual([['broker-a', 'create'], ['broker-b', 'create']]);
    expect(plan.lossy).toBe(false);
    const created = await applyUpdateTopic(a, plan);
    expect(created.failures).toEqual([]);
    expect(created.brokers.map((b) => b.outcome)).toEqual(['created', 'created']);
    const route = await a.examineTopicRoute('PatchMe');
    expect(route.queueDatas.map((q) => [q.brokerName, q.readQueueNums, q.writeQueueNums, q.perm]).sort()).toEqual([
      ['broker-a', 16, 16, 6],
      ['broker-b', 16, 16, 6],
    ]);

    // -p 4 on a 16-queue topic: the Java tool would rebuild it as 8/8; ours keeps the queues.
    const patch = await planUpdateTopic(a, { topic: 'PatchMe', cluster: 'DefaultCluster', perm: 4 });
    expect(patch.brokers[0]!.changes).toEqual([{ field: 'perm', before: 6, after: 4, lossy: true }]);
    expect(patch.lossy).toBe(true);
    await applyUpdateTopic(a, patch);
    for (const b of cluster.brokers) {
      expect(await fetchTopicConfig(a, b.address, 'PatchMe')).toMatchObject({ readQueueNums: 16, writeQueueNums: 16, perm: 4, order: false });
    }

    // Asking for what is already there changes nothing and sends nothing.
    const again = await applyUpdateTopic(a, await planUpdateTopic(a, { topic: 'PatchMe', cluster: 'DefaultCluster', perm: 4, readQueueNums: 16 }));
    expect(again.brokers.map((b) => b.outcome)).toEqual(['unchanged', 'unchanged']);
  });

  it('flags shrinking as lossy, applies it to one broker only with -b, and writes the order configuration', async () => {
    cluster = await startEmbedded({ brokers: 2 });
    const a = admin(cluster.namesrvAddr);
    await applyUpdateTopic(a, await planUpdateTopic(a, { topic: 'Shrink', cluster: 'DefaultCluster' }));
    const addrB = cluster.brokers[1]!.address;
    const shrink = await planUpdateTopic(a, { topic: 'Shrink', brokerAddr: addrB, writeQueueNums: 2, order: true });
    expect(shrink.brokers).toHaveLength(1);
    expect(shrink.brokers[0]!.changes).toEqual([
      { field: 'writeQueueNums', before: 8, after: 2, lossy: true },
      { field: 'order', before: false, after: true, lossy: false },
    ]);
    expect(shrink.lossy).toBe(true);
    const result = await applyUpdateTopic(a, shrink);
    expect(result.failures).toEqual([]);
    expect(await fetchTopicConfig(a, cluster.brokers[0]!.address, 'Shrink')).toMatchObject({ writeQueueNums: 8, order: false });
    expect(await fetchTopicConfig(a, addrB, 'Shrink')).toMatchObject({ readQueueNums: 8, writeQueueNums: 2, order: true });
    expect(await a.callNamesrv(getKvConfig, { namespace: 'ORDER_TOPIC_CONFIG', key: 'Shrink' })).toBe('broker-b:2');
  });

  it('refuses bad input before anything is sent', async () => {
    cluster = await startEmbedded();
    const a = admin(cluster.namesrvAddr);
    await expect(planUpdateTopic(a, { topic: 'bad topic!', cluster: 'DefaultCluster' })).rejects.toThrow(InvalidArgumentError);
    await expect(planUpdateTopic(a, { topic: 'T', cluster: 'DefaultCluster', perm: 5 })).rejects.toThrow(/invalid perm 5/);
    await expect(planUpdateTopic(a, { topic: 'T', cluster: 'DefaultCluster', writeQueueNums: -1 })).rejects.toThrow(/invalid write queue number -1/);
    await expect(planUpdateTopic(a, { topic: 'T', cluster: 'NoSuchCluster' })).rejects.toThrow(NotFoundError);
    await expect(planUpdateTopic(a, { topic: 'T', brokerAddr: '127.0.0.1:1' })).rejects.toThrow(/not in the cluster table/);
    await expect(a.examineTopicRoute('T')).rejects.toThrow(NotFoundError);
  });
});

describe('deleteTopic and topicStatus', () => {
  it('reports queue offsets, then deletes the topic from the brokers and the NameServer', async () => {
    cluster = await startEmbedded();
    const a = admin(cluster.namesrvAddr);
    await applyUpdateTopic(a, await planUpdateTopic(a, { topic: 'Doomed', cluster: 'DefaultCluster', readQueueNums: 2, writeQueueNums: 2, order: true }));
    const c = client();
    for (let i = 0; i < 3; i++) expect((await c.invoke(cluster.brokers[0]!.address, send('Doomed', `m${i}`))).code).toBe(0);

    const status = await topicStatus(a, 'Doomed');
    expect(status.queues.map((q) => [q.brokerName, q.queueId, q.minOffset])).toEqual([['broker-a', 0, 0], ['broker-a', 1, 0]]);
    expect(status.totalMaxOffset).toBe(3);
    expect(status.totalMessages).toBe(3);
    expect(status.lastUpdateTimestamp).toBeGreaterThan(Date.now() - 60_000);

    await expect(planDeleteTopic(a, { topic: 'Doomed', cluster: 'Nope' })).rejects.toThrow(/cluster "Nope" not found/);
    const plan = await planDeleteTopic(a, { topic: 'Doomed', cluster: 'DefaultCluster' });
    const result = await applyDeleteTopic(a, plan);
    expect(result.failures).toEqual([]);
    expect(result.deletedOn).toEqual([cluster.brokers[0]!.address]);
    expect(result.routeRemoved).toBe(true);
    expect(result.orderConfDeleted).toBe(true);
    await expect(a.examineTopicRoute('Doomed')).rejects.toThrow(NotFoundError);
    expect(await fetchTopicConfig(a, cluster.brokers[0]!.address, 'Doomed')).toBeNull();
    expect(await a.callNamesrv(getKvConfig, { namespace: 'ORDER_TOPIC_CONFIG', key: 'Doomed' })).toBeNull();
    await expect(planDeleteTopic(a, { topic: 'Doomed', cluster: 'DefaultCluster' })).rejects.toThrow(NotFoundError);
  });
});

describe('broker configuration', () => {
  it('reads, changes with read-back, refuses unknown keys and mistyped values', async () => {
    cluster = await startEmbedded();
    const a = admin(cluster.namesrvAddr);
    const addr = cluster.brokers[0]!.address;
    const read = await getBrokerConfigs(a, { brokerAddr: addr, key: 'autocreatetopic' });
    expect(read.brokers[0]!.config).toEqual({ autoCreateTopicEnable: 'true' });

    const changed = await updateBrokerConfigChecked(a, { cluster: 'DefaultCluster', key: 'maxMessageSize', value: '8388608' });
    expect(changed.failures).toEqual([]);
    expect(changed.brokers).toMatchObject([{ addr, before: '4194304', after: '8388608', taken: true, unchanged: false }]);
    expect((await getBrokerConfigs(a, { brokerAddr: addr, key: 'maxMessageSize' })).brokers[0]!.config.maxMessageSize).toBe('8388608');

    await expect(updateBrokerConfigChecked(a, { brokerAddr: addr, key: 'autoCreateTopicEnabled', value: 'true' })).rejects.toThrow(
      expect.objectContaining({ message: expect.stringMatching(/unknown broker config key "autoCreateTopicEnabled"/), remedy: expect.stringMatching(/did you mean autoCreateTopicEnable/) }),
    );
    await expect(updateBrokerConfigChecked(a, { brokerAddr: addr, key: 'autoCreateTopicEnable', value: 'ture' })).rejects.toThrow(/boolean setting/);
    await expect(updateBrokerConfigChecked(a, { brokerAddr: addr, key: 'maxMessageSize', value: '8M' })).rejects.toThrow(/integer setting/);
    // Nothing was sent by the refused calls.
    expect((await getBrokerConfigs(a, { brokerAddr: addr })).brokers[0]!.config).toMatchObject({ autoCreateTopicEnable: 'true', maxMessageSize: '8388608' });

    // --force sends an unknown key; the broker ignores it, which is reported as not taken.
    const forced = await updateBrokerConfigChecked(a, { brokerAddr: addr, key: 'noSuchKey', value: '1', force: true });
    expect(forced.brokers[0]).toMatchObject({ taken: false, after: null });
    expect(forced.failures).toHaveLength(1);
  });
});

describe('autoCreateTopic', () => {
  it('off: a send to a new topic is refused (and strips TBW102\'s inherit bit, as Java does); on: TBW102 is repaired and the topic is created', async () => {
    cluster = await startEmbedded();
    const a = admin(cluster.namesrvAddr);
    const addr = cluster.brokers[0]!.address;
    const c = client();

    const off = await updateBrokerConfigChecked(a, { brokerAddr: addr, key: 'autoCreateTopicEnable', value: 'FALSE' });
    expect(off.brokers[0]).toMatchObject({ before: 'true', requested: 'false', after: 'false', taken: true });
    const refused = await c.invoke(addr, send('NewTopicOff', 'x'));
    expect(refused.code).toBe(17);

    const shown = await autoCreateTopic(a, {});
    expect(shown.brokers[0]).toMatchObject({ enabled: false, effective: false, template: { perm: 6 } });

    const on = await autoCreateTopic(a, { cluster: 'DefaultCluster', enable: true });
    expect(on.failures).toEqual([]);
    expect(on.brokers[0]).toMatchObject({ enabled: true, effective: true, actions: ['set autoCreateTopicEnable=true', 'repaired TBW102: perm 6 -> 7'] });
    expect((await c.invoke(addr, send('NewTopicOn', 'x'))).code).toBe(0);
    expect((await a.examineTopicRoute('NewTopicOn')).queueDatas[0]).toMatchObject({ perm: 6, writeQueueNums: 4 });
  });

  it('repairs a missing TBW102 on a broker that started with auto-creation off', async () => {
    cluster = await startEmbedded({ brokerOptions: { config: { autoCreateTopicEnable: 'false' } } });
    const a = admin(cluster.namesrvAddr);
    const addr = cluster.brokers[0]!.address;
    const c = client();
    expect(await fetchTopicConfig(a, addr, 'TBW102')).toBeNull();
    await expect(a.examineTopicRoute('TBW102')).rejects.toThrow(NotFoundError);

    const before = await autoCreateTopic(a, { brokerAddr: addr });
    expect(before.brokers[0]!.problems).toEqual(['autoCreateTopicEnable is false', 'TBW102 is missing on the broker']);

    const on = await autoCreateTopic(a, { brokerAddr: addr, enable: true });
    expect(on.failures).toEqual([]);
    expect(on.brokers[0]!.actions).toEqual(['set autoCreateTopicEnable=true', 'created TBW102 (perm 7, 8 queues)']);
    expect(on.brokers[0]).toMatchObject({ enabled: true, template: { perm: 7, writeQueueNums: 8 }, routePerm: 7, effective: true });
    expect((await a.examineTopicRoute('TBW102')).queueDatas[0]).toMatchObject({ perm: 7, readQueueNums: 8, writeQueueNums: 8 });
    expect((await c.invoke(addr, send('AfterRepair', 'x'))).code).toBe(0);
    expect((await a.examineTopicRoute('AfterRepair')).queueDatas).toHaveLength(1);

    const disabled = await autoCreateTopic(a, { brokerAddr: addr, enable: false });
    expect(disabled.failures).toEqual([]);
    expect(disabled.brokers[0]).toMatchObject({ enabled: false, effective: false });
    expect((await c.invoke(addr, send('AfterDisable', 'x'))).code).toBe(17);
  });
});
