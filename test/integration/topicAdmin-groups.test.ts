// Subscription groups against the in-process dev cluster: create with the Java defaults, patch
// only what is given, read back, delete (with the retry and DLQ topics on -c).

import { afterEach, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { NotFoundError } from '../../src/admin/errors.js';
import { applyDeleteSubGroup, getConsumerConfig, planDeleteSubGroup, updateSubGroup } from '../../src/admin/groups.js';
import { applyUpdateTopic, planUpdateTopic } from '../../src/admin/topics.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';

let cluster: EmbeddedCluster | undefined;
let admin: MQAdmin | undefined;
afterEach(async () => {
  await admin?.close();
  admin = undefined;
  await cluster?.destroy();
  cluster = undefined;
});

describe('subscription groups', () => {
  it('creates with the Java defaults, patches one setting, keeps the rest, deletes', async () => {
    cluster = await startEmbedded({ brokers: 2 });
    const a = (admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr }));
    await expect(getConsumerConfig(a, 'GroupX')).rejects.toThrow(NotFoundError);

    const created = await updateSubGroup(a, { group: 'GroupX', cluster: 'DefaultCluster', retryMaxTimes: 5 });
    expect(created.failures).toEqual([]);
    expect(created.brokers.map((b) => [b.brokerName, b.outcome])).toEqual([['broker-a', 'created'], ['broker-b', 'created']]);

    const patched = await updateSubGroup(a, { group: 'GroupX', brokerAddr: cluster.brokers[0]!.address, consumeBroadcastEnable: true, retryMaxTimes: 5 });
    expect(patched.brokers).toMatchObject([{ brokerName: 'broker-a', outcome: 'updated', changes: [{ field: 'consumeBroadcastEnable', before: false, after: true }] }]);

    const read = await getConsumerConfig(a, 'GroupX');
    expect(read.missingOn).toEqual([]);
    const byBroker = Object.fromEntries(read.brokers.map((b) => [b.brokerName, b.config]));
    expect(byBroker['broker-a']).toMatchObject({ groupName: 'GroupX', retryMaxTimes: 5, consumeBroadcastEnable: true, consumeEnable: true, retryQueueNums: 1 });
    expect(byBroker['broker-b']).toMatchObject({ retryMaxTimes: 5, consumeBroadcastEnable: false });

    const unchanged = await updateSubGroup(a, { group: 'GroupX', cluster: 'DefaultCluster', retryMaxTimes: 5 });
    expect(unchanged.brokers.map((b) => b.outcome)).toEqual(['unchanged', 'unchanged']);

    // The group's retry topic, as a consumer would have made it.
    await applyUpdateTopic(a, await planUpdateTopic(a, { topic: '%RETRY%GroupX', cluster: 'DefaultCluster', readQueueNums: 1, writeQueueNums: 1 }));
    const deleted = await applyDeleteSubGroup(a, await planDeleteSubGroup(a, { group: 'GroupX', cluster: 'DefaultCluster', removeOffset: true }));
    expect(deleted.failures).toEqual([]);
    expect(deleted.deletedOn).toHaveLength(2);
    expect(deleted.topics).toEqual([{ topic: '%RETRY%GroupX', routeRemoved: true }, { topic: '%DLQ%GroupX', routeRemoved: true }]);
    await expect(a.examineTopicRoute('%RETRY%GroupX')).rejects.toThrow(NotFoundError);
    await expect(getConsumerConfig(a, 'GroupX')).rejects.toThrow(NotFoundError);
  });
});
