// updateTopicPerm and the NameServer-side commands (NameServer config, KV config, write
// permission of a broker, order configuration) against the in-process dev cluster: what they
// change is read back through the wire (routes, GET_KV_CONFIG, GET_NAMESRV_CONFIG).

import { afterEach, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { InvalidArgumentError, NotFoundError } from '../../src/admin/errors.js';
import { applyUpdateTopic, applyUpdateTopicPerm, fetchTopicConfig, planUpdateTopic, planUpdateTopicPerm } from '../../src/admin/topics.js';
import { changeWritePerm, checkBrokerName, deleteKv, getKv, getNamesrvConfigs, putKv, updateNamesrvConfigChecked, updateOrderConf } from '../../src/admin/namesrvConfig.js';
import { getKvConfig } from '../../src/protocol/requests/namesrv.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';

let cluster: EmbeddedCluster | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await cluster?.destroy();
  cluster = undefined;
});

function admin(namesrvAddr: string): MQAdmin {
  const a = new MQAdmin({ namesrvAddr, timeoutMs: 2000 });
  closers.push(() => a.close());
  return a;
}

async function createTopic(a: MQAdmin, topic: string, extra: { order?: boolean; readQueueNums?: number; writeQueueNums?: number } = {}): Promise<void> {
  const r = await applyUpdateTopic(a, await planUpdateTopic(a, { topic, cluster: 'DefaultCluster', ...extra }));
  expect(r.failures).toEqual([]);
}

async function routePerms(a: MQAdmin, topic: string): Promise<Array<[string, number]>> {
  const route = await a.examineTopicRoute(topic);
  return route.queueDatas.map((q) => [q.brokerName, q.perm] as [string, number]).sort();
}

describe('updateTopicPerm', () => {
  it("changes the perm in the broker and the route, keeps the queue numbers and the order flag", async () => {
    cluster = await startEmbedded({ brokers: 2 });
    const a = admin(cluster.namesrvAddr);
    await createTopic(a, 'PermT', { order: true, readQueueNums: 3, writeQueueNums: 5 });

    const plan = await planUpdateTopicPerm(a, { topic: 'PermT', cluster: 'DefaultCluster', perm: 4 });
    expect(plan.brokers.map((b) => [b.brokerName, b.before, b.after, b.action, b.lossy, b.readQueueNums, b.writeQueueNums, b.order])).toEqual([
      ['broker-a', 6, 4, 'update', true, 3, 5, true],
      ['broker-b', 6, 4, 'update', true, 3, 5, true],
    ]);
    expect(plan.lossy).toBe(true);
    const result = await applyUpdateTopicPerm(a, plan);
    expect(result.failures).toEqual([]);
    expect(result.brokers.map((b) => b.outcome)).toEqual(['updated', 'updated']);
    expect(await routePerms(a, 'PermT')).toEqual([['broker-a', 4], ['broker-b', 4]]);
    for (const b of cluster.brokers) {
      expect(await fetchTopicConfig(a, b.address, 'PermT')).toMatchObject({ perm: 4, readQueueNums: 3, writeQueueNums: 5, order: true });
    }

    // One broker with -b; giving back a permission is not lossy; the same perm sends nothing.
    const one = await planUpdateTopicPerm(a, { topic: 'PermT', brokerAddr: cluster.brokers[1]!.address, perm: 6 });
    expect(one.brokers.map((b) => [b.brokerName, b.before, b.after, b.lossy])).toEqual([['broker-b', 4, 6, false]]);
    await applyUpdateTopicPerm(a, one);
    expect(await routePerms(a, 'PermT')).toEqual([['broker-a', 4], ['broker-b', 6]]);
    const same = await applyUpdateTopicPerm(a, await planUpdateTopicPerm(a, { topic: 'PermT', brokerAddr: cluster.brokers[1]!.address, perm: 6 }));
    expect(same.brokers.map((b) => b.outcome)).toEqual(['unchanged']);
  });

  it('refuses bad perms before sending, and reports unknown topics, clusters and brokers as not found', async () => {
    cluster = await startEmbedded();
    const a = admin(cluster.namesrvAddr);
    await createTopic(a, 'PermU');
    for (const perm of [0, 1, 3, 5, 7, 8]) {
      await expect(planUpdateTopicPerm(a, { topic: 'PermU', cluster: 'DefaultCluster', perm })).rejects.toThrow(InvalidArgumentError);
    }
    await expect(planUpdateTopicPerm(a, { topic: 'PermU', cluster: 'Nope', perm: 4 })).rejects.toThrow(NotFoundError);
    await expect(planUpdateTopicPerm(a, { topic: 'NoSuchTopic', cluster: 'DefaultCluster', perm: 4 })).rejects.toThrow(NotFoundError);
    await expect(planUpdateTopicPerm(a, { topic: 'PermU', brokerAddr: '127.0.0.1:1', perm: 4 })).rejects.toThrow(/not in the cluster table/);
    expect(await routePerms(a, 'PermU')).toEqual([['broker-a', 6]]);
    // TBW102 may get its template perm 7 back.
    const tbw = await planUpdateTopicPerm(a, { topic: 'TBW102', cluster: 'DefaultCluster', perm: 7 });
    expect(tbw.brokers[0]!.after).toBe(7);
  });
});

describe('NameServer configuration', () => {
  it('updateNamesrvConfig writes every NameServer, reads back, and getNamesrvConfig shows it sorted', async () => {
    cluster = await startEmbedded();
    const a = admin(cluster.namesrvAddr);
    const before = await getNamesrvConfigs(a);
    const config = before.namesrvs[cluster.namesrvAddr]!;
    expect(config.orderMessageEnable).toBe('false');
    expect(Object.keys(config)).toEqual([...Object.keys(config)].sort());

    const r = await updateNamesrvConfigChecked(a, { key: 'orderMessageEnable', value: 'TRUE' });
    expect(r.failures).toEqual([]);
    expect(r.namesrvs).toEqual([{ addr: cluster.namesrvAddr, key: 'orderMessageEnable', before: 'false', requested: 'true', after: 'true', taken: true, unchanged: false }]);
    expect((await getNamesrvConfigs(a, { key: 'ORDERMESSAGE' })).namesrvs).toEqual({ [cluster.namesrvAddr]: { orderMessageEnable: 'true' } });
    const again = await updateNamesrvConfigChecked(a, { key: 'orderMessageEnable', value: 'true' });
    expect(again.namesrvs[0]).toMatchObject({ unchanged: true, taken: true });
  });

  it('refuses unknown keys with suggestions, bad values and black-listed keys; --force sends and reports not taken', async () => {
    cluster = await startEmbedded();
    const a = admin(cluster.namesrvAddr);
    await expect(updateNamesrvConfigChecked(a, { key: 'orderMessageEnabled', value: 'true' })).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      remedy: expect.stringMatching(/did you mean orderMessageEnable/),
    });
    await expect(updateNamesrvConfigChecked(a, { key: 'orderMessageEnable', value: 'yes' })).rejects.toThrow(/boolean setting/);
    await expect(updateNamesrvConfigChecked(a, { key: 'kvConfigPath', value: '/tmp/x' })).rejects.toThrow(/configBlackList/);
    const forced = await updateNamesrvConfigChecked(a, { key: 'noSuchKey', value: '1', force: true });
    expect(forced.failures).toMatchObject([{ target: cluster.namesrvAddr, kind: 'NotTaken' }]);
  });

  it('a NameServer that does not answer is a failure next to the others; all down is an error', async () => {
    cluster = await startEmbedded();
    const a = admin(`${cluster.namesrvAddr};127.0.0.1:1`);
    const r = await getNamesrvConfigs(a);
    expect(Object.keys(r.namesrvs)).toEqual([cluster.namesrvAddr]);
    expect(r.failures.map((f) => f.target)).toEqual(['127.0.0.1:1']);
    await expect(getNamesrvConfigs(admin('127.0.0.1:1'))).rejects.toThrow();
  });
});

describe('KV config', () => {
  it('put, get, delete on every NameServer, with before and after', async () => {
    cluster = await startEmbedded();
    const a = admin(cluster.namesrvAddr);
    const put = await putKv(a, { namespace: 'NS1', key: 'k1', value: 'v1' });
    expect(put.failures).toEqual([]);
    expect(put.namesrvs).toEqual([{ addr: cluster.namesrvAddr, before: null, after: 'v1', outcome: 'set' }]);
    expect(await a.callNamesrv(getKvConfig, { namespace: 'NS1', key: 'k1' })).toBe('v1');
    const put2 = await putKv(a, { namespace: 'NS1', key: 'k1', value: 'v2' });
    expect(put2.namesrvs[0]).toMatchObject({ before: 'v1', after: 'v2', outcome: 'set' });
    expect((await putKv(a, { namespace: 'NS1', key: 'k1', value: 'v2' })).namesrvs[0]!.outcome).toBe('unchanged');
    expect((await getKv(a, { namespace: 'NS1', key: 'k1' })).namesrvs).toEqual([{ addr: cluster.namesrvAddr, value: 'v2' }]);

    const del = await deleteKv(a, { namespace: 'NS1', key: 'k1' });
    expect(del.namesrvs).toEqual([{ addr: cluster.namesrvAddr, before: 'v2', after: null, outcome: 'deleted' }]);
    expect(await a.callNamesrv(getKvConfig, { namespace: 'NS1', key: 'k1' })).toBeNull();
    await expect(deleteKv(a, { namespace: 'NS1', key: 'k1' })).rejects.toThrow(NotFoundError);
    await expect(getKv(a, { namespace: 'NS1', key: 'k1' })).rejects.toThrow(NotFoundError);
    await expect(putKv(a, { namespace: ' ', key: 'k', value: 'v' })).rejects.toThrow(InvalidArgumentError);
  });

  it('reports each NameServer: one down is a failure, the other is set', async () => {
    cluster = await startEmbedded();
    const a = admin(`127.0.0.1:1;${cluster.namesrvAddr}`);
    const put = await putKv(a, { namespace: 'NS2', key: 'k', value: 'v' });
    expect(put.namesrvs.map((n) => [n.addr, n.outcome])).toEqual([
      ['127.0.0.1:1', 'failed'],
      [cluster.namesrvAddr, 'set'],
    ]);
    expect(put.failures.map((f) => f.target)).toEqual(['127.0.0.1:1']);
  });
});

describe('write permission of a broker', () => {
  it('wipeWritePerm makes the routes read-only, addWritePerm restores 6', async () => {
    cluster = await startEmbedded({ brokers: 2 });
    const a = admin(cluster.namesrvAddr);
    await createTopic(a, 'WpA');
    await createTopic(a, 'WpB');
    await expect(checkBrokerName(a, 'broker-z')).rejects.toThrow(NotFoundError);
    await expect(checkBrokerName(a, cluster.brokers[0]!.address)).rejects.toMatchObject({ remedy: expect.stringMatching(/broker name.*not its address/) });
    expect((await checkBrokerName(a, 'broker-a')).map((b) => b.addr)).toEqual([cluster.brokers[0]!.address]);

    const wiped = await changeWritePerm(a, 'broker-a', 'wipe');
    expect(wiped.failures).toEqual([]);
    expect(wiped.namesrvs).toHaveLength(1);
    // WpA, WpB, and the broker's own topics (TBW102, SELF_TEST_TOPIC, ...): at least our two.
    expect(wiped.namesrvs[0]!.topicCount).toBeGreaterThanOrEqual(2);
    expect(await routePerms(a, 'WpA')).toEqual([['broker-a', 4], ['broker-b', 6]]);
    expect(await routePerms(a, 'WpB')).toEqual([['broker-a', 4], ['broker-b', 6]]);

    const added = await changeWritePerm(a, 'broker-a', 'add');
    expect(added.namesrvs[0]!.topicCount).toBe(wiped.namesrvs[0]!.topicCount);
    expect(await routePerms(a, 'WpA')).toEqual([['broker-a', 6], ['broker-b', 6]]);
  });
});

describe('updateOrderConf', () => {
  it('put shows in GET_KV_CONFIG and, with orderMessageEnable=true, in the route; get and delete', async () => {
    cluster = await startEmbedded({ brokers: 2 });
    const a = admin(cluster.namesrvAddr);
    await createTopic(a, 'OrderT');
    const put = await updateOrderConf(a, { topic: 'OrderT', method: 'put', orderConf: ' broker-a:4 ; broker-b:2 ' });
    expect(put).toMatchObject({ method: 'put', namespace: 'ORDER_TOPIC_CONFIG', key: 'OrderT', value: 'broker-a:4;broker-b:2', failures: [] });
    expect(await a.callNamesrv(getKvConfig, { namespace: 'ORDER_TOPIC_CONFIG', key: 'OrderT' })).toBe('broker-a:4;broker-b:2');
    // orderMessageEnable is false by default: the route leaves the order configuration out.
    expect((await a.examineTopicRoute('OrderT')).orderTopicConf).toBeUndefined();
    await updateNamesrvConfigChecked(a, { key: 'orderMessageEnable', value: 'true' });
    expect((await a.examineTopicRoute('OrderT')).orderTopicConf).toBe('broker-a:4;broker-b:2');

    const got = await updateOrderConf(a, { topic: 'OrderT', method: 'GET' });
    expect(got).toMatchObject({ method: 'get', namesrvs: [{ addr: cluster.namesrvAddr, value: 'broker-a:4;broker-b:2' }], inconsistent: false });
    const del = await updateOrderConf(a, { topic: 'OrderT', method: 'delete' });
    expect(del.method).toBe('delete');
    expect((await a.examineTopicRoute('OrderT')).orderTopicConf).toBeUndefined();
    await expect(updateOrderConf(a, { topic: 'OrderT', method: 'get' })).rejects.toThrow(NotFoundError);
  });

  it('checks the method and the value before anything is sent', async () => {
    cluster = await startEmbedded();
    const a = admin(cluster.namesrvAddr);
    await expect(updateOrderConf(a, { topic: 'T', method: 'post' })).rejects.toThrow(/invalid method "post"/);
    await expect(updateOrderConf(a, { topic: 'T', method: 'put' })).rejects.toThrow(/needs -v/);
    await expect(updateOrderConf(a, { topic: 'T', method: 'put', orderConf: 'broker-a' })).rejects.toThrow(/invalid order configuration entry/);
    await expect(updateOrderConf(a, { topic: 'T', method: 'put', orderConf: 'broker-a:0' })).rejects.toThrow(InvalidArgumentError);
    await expect(updateOrderConf(a, { topic: 'T', method: 'put', orderConf: 'broker-a:2;broker-a:4' })).rejects.toThrow(/twice/);
    await expect(updateOrderConf(a, { topic: 'T', method: 'put', orderConf: 'broker-x:2' })).rejects.toThrow(NotFoundError);
    await expect(a.callNamesrv(getKvConfig, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T' })).resolves.toBeNull();
  });
});
