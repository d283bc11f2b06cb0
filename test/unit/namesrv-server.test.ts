// The embedded NameServer over loopback, driven by our RemotingClient and MQAdmin as brokers and
// tools would drive it: registration and expiry (injected clock, closed connections), DataVersion
// gating, write-perm commands, topic deletion, KV config and ordering, configuration, and the
// answers to unknown codes (messages.md B.1, behaviours.md §4, framing.md §9).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { NotFoundError } from '../../src/admin/errors.js';
import { decodeClusterInfo } from '../../src/protocol/bodies/cluster.js';
import { decodeTopicRouteData } from '../../src/protocol/bodies/route.js';
import { decodeKVTable, decodeTopicList } from '../../src/protocol/bodies/simple.js';
import { RequestCode } from '../../src/protocol/codes.js';
import { parseFastJson } from '../../src/protocol/fastjson.js';
import { crc32 } from '../../src/protocol/message.js';
import { parseJavaProperties } from '../../src/protocol/properties.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest, type ExtFieldValue, type RemotingCommand } from '../../src/remoting/command.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import { encodeCompressedRegisterBrokerBody, KVConfigFileError, NameServer, type NameServerOptions, type TopicConfigEntry } from '../../src/dev/namesrv/index.js';
import { scenarioFrames } from '../helpers/fixtures.js';

const servers: NameServer[] = [];
const clients: RemotingClient[] = [];
const admins: MQAdmin[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(admins.splice(0).map((a) => a.close()));
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(options: NameServerOptions = {}): Promise<{ ns: NameServer; client: RemotingClient; call: (code: number, ext?: Record<string, ExtFieldValue>, body?: Buffer | string, version?: number) => Promise<RemotingCommand> }> {
  const ns = new NameServer(options);
  servers.push(ns);
  await ns.start();
  const client = newClient();
  const call = (code: number, ext: Record<string, ExtFieldValue> = {}, body?: Buffer | string, version?: number): Promise<RemotingCommand> =>
    client.invoke(ns.address, createRequest(code, { extFields: ext, body: body ?? null, version }));
  return { ns, client, call };
}

function newClient(): RemotingClient {
  const client = new RemotingClient({ requestTimeoutMs: 2000 });
  clients.push(client);
  return client;
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'namesrv-test-'));
  dirs.push(d);
  return d;
}

function fixtureRegistration(): RemotingCommand {
  return decodeFrame(scenarioFrames('rocketmq-4.9.8/registerBroker').find((f) => f.kind === 'req')!.bytes);
}

function topicJson(t: TopicConfigEntry): Record<string, unknown> {
  return { order: t.order, perm: t.perm, readQueueNums: t.readQueueNums, topicFilterType: t.topicFilterType, topicName: t.topicName, topicSysFlag: t.topicSysFlag, writeQueueNums: t.writeQueueNums };
}

function topic(name: string, queues = 4, perm = 6, topicSysFlag = 0): TopicConfigEntry {
  return { topicName: name, readQueueNums: queues, writeQueueNums: queues, perm, topicSysFlag, topicFilterType: 'SINGLE_TAG', order: false };
}

interface BrokerSpec {
  brokerName?: string;
  brokerAddr?: string;
  brokerId?: number;
  clusterName?: string;
  haServerAddr?: string;
  counter?: number;
  topics?: TopicConfigEntry[];
  compressed?: boolean;
  extra?: Record<string, ExtFieldValue>;
}

/** A REGISTER_BROKER as a 5.3.3 broker builds it (A.22), with a correct bodyCrc32. */
function registration(spec: BrokerSpec = {}): RemotingCommand {
  const topics = spec.topics ?? [topic('TBW102', 8, 7), topic('SELF_TEST_TOPIC', 1), topic('T1')];
  const dataVersion = { counter: spec.counter ?? 1, stateVersion: 0, timestamp: 1700000000000 };
  let body: Buffer;
  if (spec.compressed) {
    body = encodeCompressedRegisterBrokerBody(
      { topicConfigWrapper: { dataVersion, topicConfigTable: new Map(topics.map((t) => [t.topicName, t])), topicQueueMappingInfoMap: new Map() }, filterServerList: [] },
      { version: 479 },
    );
  } else {
    const topicConfigTable = Object.fromEntries(topics.map((t) => [t.topicName, topicJson(t)]));
    body = Buffer.from(JSON.stringify({ filterServerList: [], topicConfigSerializeWrapper: { dataVersion, topicConfigTable } }));
  }
  return createRequest(RequestCode.REGISTER_BROKER, {
    extFields: {
      brokerName: spec.brokerName ?? 'broker-a',
      brokerAddr: spec.brokerAddr ?? '127.0.0.1:10911',
      clusterName: spec.clusterName ?? 'DefaultCluster',
      haServerAddr: spec.haServerAddr ?? '127.0.0.1:10912',
      brokerId: spec.brokerId ?? 0,
      compressed: spec.compressed ?? false,
      bodyCrc32: crc32(body) & 0x7fffffff,
      enableActingMaster: false,
      heartbeatTimeoutMillis: 120000,
      ...spec.extra,
    },
    body,
  });
}

async function route(call: (code: number, ext?: Record<string, ExtFieldValue>) => Promise<RemotingCommand>, name: string): Promise<ReturnType<typeof decodeTopicRouteData> | number> {
  const r = await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: name });
  return r.code === 0 ? decodeTopicRouteData(parseFastJson(r.body!)) : r.code;
}

describe('NameServer: mqadmin against it', () => {
  it('MQAdmin sees the cluster, routes and topics of a real broker registration', async () => {
    const { ns, client } = await start();
    expect((await client.invoke(ns.address, fixtureRegistration())).code).toBe(0);
    const admin = new MQAdmin({ namesrvAddr: ns.address });
    admins.push(admin);

    const cluster = await admin.examineClusterInfo();
    expect(cluster.clusterAddrTable).toEqual({ DefaultCluster: ['broker-a'] });
    expect(cluster.brokerAddrTable['broker-a']).toEqual({ cluster: 'DefaultCluster', brokerName: 'broker-a', brokerAddrs: { '0': '127.0.0.1:10911' }, enableActingMaster: false });

    const tbw = await admin.examineTopicRoute('TBW102');
    expect(tbw.queueDatas).toEqual([{ brokerName: 'broker-a', perm: 7, readQueueNums: 8, writeQueueNums: 8, topicSysFlag: 0 }]);
    expect(tbw.brokerDatas.map((b) => b.brokerAddrs)).toEqual([{ '0': '127.0.0.1:10911' }]);

    expect((await admin.fetchAllTopicList()).sort()).toEqual(
      ['BenchmarkTest', 'DefaultCluster', 'DefaultCluster_REPLY_TOPIC', 'OFFSET_MOVED_EVENT', 'SCHEDULE_TOPIC_XXXX', 'SELF_TEST_TOPIC', 'TBW102', 'broker-a'],
    );
    expect((await admin.fetchTopicsByCluster('DefaultCluster')).length).toBe(8);
    expect(await admin.fetchTopicsByCluster('NoSuchCluster')).toEqual([]);
    await expect(admin.examineTopicRoute('NoSuchTopic')).rejects.toBeInstanceOf(NotFoundError);

    const snap = ns.snapshot();
    expect(snap.address).toBe(ns.address);
    expect(snap.brokers).toMatchObject([{ clusterName: 'DefaultCluster', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', haServerAddr: '127.0.0.1:10912' }]);
    expect(snap.topics).toHaveLength(8);
  });
});

describe('NameServer: registration and liveness', () => {
  it('every response carries version 479 and language JAVA; unknown codes get REQUEST_CODE_NOT_SUPPORTED', async () => {
    const { call } = await start();
    for (const code of [9999, RequestCode.SEND_MESSAGE, RequestCode.GET_ALL_TOPIC_CONFIG]) {
      const r = await call(code, {}, undefined, 409);
      expect([r.code, r.remark, r.version, r.language]).toEqual([3, ` request type ${code} not supported`, 479, 'JAVA']);
    }
    const ok = await call(RequestCode.GET_BROKER_CLUSTER_INFO, {}, undefined, 121);
    expect([ok.code, ok.version, ok.language]).toEqual([0, 479, 'JAVA']);
    expect(ok.body!.toString()).toBe('{"brokerAddrTable":{},"clusterAddrTable":{}}');
  });

  it('a compressed registration (compressed=true) is decoded', async () => {
    const { call } = await start();
    const r = await call(RequestCode.REGISTER_BROKER).catch(() => undefined);
    expect(r?.code).toBe(1); // missing header fields
    const c = newClient();
    const res = await c.invoke(servers[0]!.address, registration({ compressed: true, topics: [topic('TBW102', 8, 7), topic('Zipped', 3, 6)] }));
    expect(res.code).toBe(0);
    expect(await route(call, 'Zipped')).toMatchObject({ queueDatas: [{ readQueueNums: 3, writeQueueNums: 3, perm: 6 }] });
  });

  it('checks bodyCrc32 and refuses a single-topic first registration', async () => {
    const { ns, client, call } = await start();
    const bad = registration();
    bad.extFields!.bodyCrc32 = '12345';
    const r1 = await client.invoke(ns.address, bad);
    expect([r1.code, r1.remark, r1.extFields]).toEqual([1, 'crc32 not match', {}]);
    const r2 = await client.invoke(ns.address, registration({ topics: [topic('Only')] }));
    expect([r2.code, r2.remark]).toEqual([1, 'register broker failed']);
    expect(decodeClusterInfo(parseFastJson((await call(RequestCode.GET_BROKER_CLUSTER_INFO)).body!)).clusterAddrTable).toEqual({});
  });

  it('expires a broker with the injected clock unless it registers or queries its DataVersion, and closes its connection', async () => {
    const clock = { t: 1_000_000 };
    const lines: string[] = [];
    const { ns, call } = await start({ now: () => clock.t, brokerExpiryMs: 1000, scanIntervalMs: 10, log: (l) => lines.push(l) });
    const broker = newClient();
    // A 4.9.8-style registration (no heartbeatTimeoutMillis): the NameServer's brokerExpiryMs applies.
    expect((await broker.invoke(ns.address, registration({ extra: { heartbeatTimeoutMillis: undefined } }))).code).toBe(0);
    const brokerConn = broker.connections[0]!;

    clock.t += 900;
    const q = await broker.invoke(
      ns.address,
      createRequest(RequestCode.QUERY_DATA_VERSION, {
        extFields: { brokerName: 'broker-a', brokerAddr: '127.0.0.1:10911', clusterName: 'DefaultCluster', brokerId: 0 },
        body: '{"counter":1,"stateVersion":0,"timestamp":1700000000000}',
      }),
    );
    expect([q.code, q.extFields]).toEqual([0, { changed: 'false' }]);
    expect(q.body!.toString()).toBe('{"counter":1,"stateVersion":0,"timestamp":1700000000000}');

    clock.t += 1000; // exactly at the limit: still alive
    await new Promise((r) => setTimeout(r, 60));
    expect(await route(call, 'T1')).not.toBe(17);

    clock.t += 1;
    await vi.waitFor(async () => expect(await route(call, 'T1')).toBe(17));
    expect(ns.snapshot().brokers).toEqual([]);
    await vi.waitFor(() => expect(brokerConn.closed).toBe(true));
    expect(lines.some((l) => l.includes('expired'))).toBe(true);
  });

  it('BROKER_HEARTBEAT refreshes liveness (5.x)', async () => {
    const clock = { t: 0 };
    const { ns, client, call } = await start({ now: () => clock.t, scanIntervalMs: 10 });
    await client.invoke(ns.address, registration({ extra: { heartbeatTimeoutMillis: 500 } }));
    clock.t = 400;
    expect((await call(RequestCode.BROKER_HEARTBEAT, { clusterName: 'DefaultCluster', brokerAddr: '127.0.0.1:10911', brokerName: 'broker-a' })).code).toBe(0);
    clock.t = 800;
    await new Promise((r) => setTimeout(r, 50));
    expect(ns.snapshot().brokers).toHaveLength(1);
    clock.t = 901;
    await vi.waitFor(() => expect(ns.snapshot().brokers).toHaveLength(0));
  });

  it('unregisters a broker as soon as its connection closes', async () => {
    const { ns, call } = await start();
    const broker = newClient();
    await broker.invoke(ns.address, registration());
    expect(await route(call, 'T1')).not.toBe(17);
    await broker.close();
    await vi.waitFor(async () => expect(await route(call, 'T1')).toBe(17));
    expect(decodeClusterInfo(parseFastJson((await call(RequestCode.GET_BROKER_CLUSTER_INFO)).body!)).brokerAddrTable).toEqual({});
  });

  it('UNREGISTER_BROKER removes the broker and its topics', async () => {
    const { ns, client, call } = await start();
    await client.invoke(ns.address, registration());
    const r = await call(RequestCode.UNREGISTER_BROKER, { brokerName: 'broker-a', brokerAddr: '127.0.0.1:10911', clusterName: 'DefaultCluster', brokerId: 0 });
    expect([r.code, r.extFields]).toEqual([0, null]);
    expect(await route(call, 'T1')).toBe(17);
    expect(decodeTopicList(parseFastJson((await call(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).body!)).topicList).toEqual([]);
  });

  it('master and slave: the slave learns masterAddr/haServerAddr; only the master shapes queue data', async () => {
    const { ns, client, call } = await start();
    const master = await client.invoke(ns.address, registration());
    expect(master.extFields).toEqual({});
    const slave = await client.invoke(ns.address, registration({ brokerId: 1, brokerAddr: '127.0.0.1:10921', haServerAddr: '127.0.0.1:10922', counter: 9, topics: [topic('TBW102', 8, 7), topic('T1', 16, 2)] }));
    expect(slave.extFields).toEqual({ haServerAddr: '127.0.0.1:10912', masterAddr: '127.0.0.1:10911' });
    const r = await route(call, 'T1');
    expect(r).toMatchObject({ queueDatas: [{ readQueueNums: 4, perm: 6 }], brokerDatas: [{ brokerAddrs: { '0': '127.0.0.1:10911', '1': '127.0.0.1:10921' } }] });
  });

  it('DataVersion gating: WIPE_WRITE_PERM lasts until the broker registers a new DataVersion; ADD_WRITE_PERM sets RW', async () => {
    const { ns, client, call } = await start();
    await client.invoke(ns.address, registration({ counter: 1 }));
    const wipe = await call(RequestCode.WIPE_WRITE_PERM_OF_BROKER, { brokerName: 'broker-a' });
    expect([wipe.code, wipe.extFields]).toEqual([0, { wipeTopicCount: '3' }]);
    expect(await route(call, 'T1')).toMatchObject({ queueDatas: [{ perm: 4 }] });
    expect(await route(call, 'TBW102')).toMatchObject({ queueDatas: [{ perm: 5 }] });

    await client.invoke(ns.address, registration({ counter: 1 }));
    expect(await route(call, 'T1')).toMatchObject({ queueDatas: [{ perm: 4 }] });

    await client.invoke(ns.address, registration({ counter: 2 }));
    expect(await route(call, 'T1')).toMatchObject({ queueDatas: [{ perm: 6 }] });
    expect(await route(call, 'TBW102')).toMatchObject({ queueDatas: [{ perm: 7 }] });

    const add = await call(RequestCode.ADD_WRITE_PERM_OF_BROKER, { brokerName: 'broker-a' });
    expect([add.code, add.extFields]).toEqual([0, { addTopicCount: '3' }]);
    expect(await route(call, 'TBW102')).toMatchObject({ queueDatas: [{ perm: 6 }] });
    expect((await call(RequestCode.WIPE_WRITE_PERM_OF_BROKER, { brokerName: 'nobody' })).extFields).toEqual({ wipeTopicCount: '0' });

    const changed = await call(
      RequestCode.QUERY_DATA_VERSION,
      { brokerName: 'broker-a', brokerAddr: '127.0.0.1:10911', clusterName: 'DefaultCluster', brokerId: 0 },
      '{"counter":3,"stateVersion":0,"timestamp":1700000000000}',
    );
    expect(changed.extFields).toEqual({ changed: 'true' });
    expect(changed.body!.toString()).toBe('{"counter":2,"stateVersion":0,"timestamp":1700000000000}');
  });

  it('DELETE_TOPIC_IN_NAMESRV with and without clusterName', async () => {
    const { ns, client, call } = await start();
    await client.invoke(ns.address, registration({ topics: [topic('TBW102', 8, 7), topic('Shared'), topic('A')] }));
    await client.invoke(ns.address, registration({ clusterName: 'C2', brokerName: 'broker-b', brokerAddr: '127.0.0.1:20911', topics: [topic('TBW102', 8, 7), topic('Shared')] }));
    expect((await call(RequestCode.DELETE_TOPIC_IN_NAMESRV, { topic: 'Shared', clusterName: 'Unknown' })).code).toBe(0);
    expect(await route(call, 'Shared')).toMatchObject({ queueDatas: [{ brokerName: 'broker-a' }, { brokerName: 'broker-b' }] });
    await call(RequestCode.DELETE_TOPIC_IN_NAMESRV, { topic: 'Shared', clusterName: 'C2' });
    expect(await route(call, 'Shared')).toMatchObject({ queueDatas: [{ brokerName: 'broker-a' }], brokerDatas: [{ brokerName: 'broker-a' }] });
    await call(RequestCode.DELETE_TOPIC_IN_NAMESRV, { topic: 'A' });
    expect(await route(call, 'A')).toBe(17);
    const byCluster = await call(RequestCode.GET_TOPICS_BY_CLUSTER, { cluster: 'C2' });
    expect(decodeTopicList(parseFastJson(byCluster.body!)).topicList).toEqual(['TBW102']);
    const system = await call(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS);
    expect(system.body!.toString()).toBe('{"brokerAddr":"127.0.0.1:10911","topicList":["C2","DefaultCluster","broker-a","broker-b"]}');
    expect((await call(RequestCode.GET_UNIT_TOPIC_LIST)).body!.toString()).toBe('{"topicList":[]}');
  });

  it('REGISTER_TOPIC_IN_NAMESRV installs a route for a known broker (5.x)', async () => {
    const { ns, client, call } = await start();
    await client.invoke(ns.address, registration());
    const body = '{"brokerDatas":[],"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":2,"topicSysFlag":0,"writeQueueNums":2}]}';
    expect((await call(RequestCode.REGISTER_TOPIC_IN_NAMESRV, { topic: 'Single' }, body)).code).toBe(0);
    expect(await route(call, 'Single')).toMatchObject({ queueDatas: [{ brokerName: 'broker-a', readQueueNums: 2 }] });
  });
});

describe('NameServer: KV config, ordering and settings', () => {
  it('KV put/get/list/delete with Java remarks', async () => {
    const { call } = await start();
    const miss = await call(RequestCode.GET_KV_CONFIG, { namespace: 'NS', key: 'k' });
    expect([miss.code, miss.remark, miss.extFields]).toEqual([22, 'No config item, Namespace: NS Key: k', {}]);
    const missNs = await call(RequestCode.GET_KVLIST_BY_NAMESPACE, { namespace: 'NS' });
    expect([missNs.code, missNs.remark]).toEqual([22, 'No config item, Namespace: NS']);
    const noKey = await call(RequestCode.PUT_KV_CONFIG, { namespace: 'NS', value: 'v' });
    expect([noKey.code, noKey.remark]).toEqual([1, 'namespace or key is null']);

    expect((await call(RequestCode.PUT_KV_CONFIG, { namespace: 'NS', key: 'k', value: 'v1' })).code).toBe(0);
    const got = await call(RequestCode.GET_KV_CONFIG, { namespace: 'NS', key: 'k' });
    expect([got.code, got.extFields]).toEqual([0, { value: 'v1' }]);
    const list = await call(RequestCode.GET_KVLIST_BY_NAMESPACE, { namespace: 'NS' });
    expect(list.body!.toString()).toBe('{"table":{"k":"v1"}}');
    expect((await call(RequestCode.DELETE_KV_CONFIG, { namespace: 'NS', key: 'k' })).code).toBe(0);
    expect((await call(RequestCode.GET_KV_CONFIG, { namespace: 'NS', key: 'k' })).code).toBe(22);
    // The namespace outlives its last key, as in Java.
    expect(decodeKVTable(parseFastJson((await call(RequestCode.GET_KVLIST_BY_NAMESPACE, { namespace: 'NS' })).body!))).toEqual({});
  });

  it('ORDER_TOPIC_CONFIG goes back to brokers, and into routes once orderMessageEnable=true', async () => {
    const { ns, client, call } = await start();
    await client.invoke(ns.address, registration());
    await call(RequestCode.PUT_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T1', value: 'broker-a:4' });
    const reg = await client.invoke(ns.address, registration());
    expect(reg.body!.toString()).toBe('{"table":{"T1":"broker-a:4"}}');

    expect(await route(call, 'T1')).not.toHaveProperty('orderTopicConf');
    const upd = await call(RequestCode.UPDATE_NAMESRV_CONFIG, {}, 'orderMessageEnable=true\n');
    expect(upd.code).toBe(0);
    expect(await route(call, 'T1')).toMatchObject({ orderTopicConf: 'broker-a:4' });
    expect(await route(call, 'TBW102')).not.toHaveProperty('orderTopicConf');

    await call(RequestCode.UPDATE_NAMESRV_CONFIG, {}, 'returnOrderTopicConfigToBroker=false');
    expect((await client.invoke(ns.address, registration())).body).toBeNull();
  });

  it('GET/UPDATE_NAMESRV_CONFIG: sorted properties, existing keys only, black list, typed values', async () => {
    const dir = tempDir();
    const { ns, call } = await start({ dataDir: dir });
    const port = ns.address.split(':')[1];
    const text = (await call(RequestCode.GET_NAMESRV_CONFIG)).body!.toString('utf8');
    const props = parseJavaProperties(text);
    expect(Object.keys(props)).toEqual([...Object.keys(props)].sort());
    expect(props).toMatchObject({
      listenPort: port,
      kvConfigPath: join(dir, 'kvConfig.json'),
      orderMessageEnable: 'false',
      enableAllTopicList: 'true',
      scanNotActiveBrokerInterval: '5000',
      configBlackList: 'configBlackList;configStorePath;kvConfigPath',
      bindAddress: '127.0.0.1',
    });
    expect(props.rocketmqHome).toBeTruthy();

    const denied = await call(RequestCode.UPDATE_NAMESRV_CONFIG, {}, 'orderMessageEnable=true\nrocketmqHome=/x\n');
    expect([denied.code, denied.remark]).toEqual([16, 'Can not update config in black list.']);
    const bad = await call(RequestCode.UPDATE_NAMESRV_CONFIG, {}, 'a=\\uZZZZ');
    expect([bad.code, bad.remark]).toEqual([1, 'string2Properties error']);

    await call(RequestCode.UPDATE_NAMESRV_CONFIG, {}, 'productEnvName = dev \nwaitSecondsForService=abc\nnotAKey=1\nenableAllTopicList=false');
    const after = parseJavaProperties((await call(RequestCode.GET_NAMESRV_CONFIG)).body!);
    expect(after.productEnvName).toBe('dev');
    expect(after.waitSecondsForService).toBe('45');
    expect(after).not.toHaveProperty('notAKey');
    const all = await call(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER);
    expect([all.code, all.remark]).toEqual([1, 'disable']);
  });

  it('persists KV config to <dataDir>/kvConfig.json and reloads it after a restart', async () => {
    const dir = tempDir();
    const first = await start({ dataDir: dir });
    await first.call(RequestCode.PUT_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T1', value: 'broker-a:4;broker-b:4' });
    await first.call(RequestCode.PUT_KV_CONFIG, { namespace: 'NS', key: 'k', value: 'v' });
    await first.call(RequestCode.DELETE_KV_CONFIG, { namespace: 'NS', key: 'k' });
    await first.ns.close();
    expect(readFileSync(join(dir, 'kvConfig.json'), 'utf8')).toBe('{"configTable":{"ORDER_TOPIC_CONFIG":{"T1":"broker-a:4;broker-b:4"},"NS":{}}}');

    const second = await start({ dataDir: dir });
    const got = await second.call(RequestCode.GET_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T1' });
    expect(got.extFields).toEqual({ value: 'broker-a:4;broker-b:4' });
    expect(second.ns.snapshot().kvConfig).toEqual({ ORDER_TOPIC_CONFIG: { T1: 'broker-a:4;broker-b:4' }, NS: {} });
  });

  it('refuses to start on an unreadable kvConfig.json instead of overwriting it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kvConfig.json'), '{"configTable":');
    const ns = new NameServer({ dataDir: dir });
    servers.push(ns);
    await expect(ns.start()).rejects.toBeInstanceOf(KVConfigFileError);
  });
});
