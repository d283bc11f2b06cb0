// RouteInfoManager without sockets: the registration rules of behaviours.md §4.2, liveness and
// expiry of §4.3 with an injected clock, and the RegisterBrokerBody decoder (A.22) in both forms,
// fed with a real broker's body from the fixtures.
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/remoting/codec.js';
import {
  decodeRegisterBrokerBody,
  encodeCompressedRegisterBrokerBody,
  encodeTopicRouteData,
  RegisterBrokerBodyError,
  RouteInfoManager,
  type DataVersion,
  type RegisterBrokerRequest,
  type TopicConfigEntry,
  type TopicConfigWrapper,
} from '../../src/dev/namesrv/routeInfo.js';
import { scenarioFrames } from '../helpers/fixtures.js';

function topic(name: string, queues = 4, perm = 6, topicSysFlag = 0): TopicConfigEntry {
  return { topicName: name, readQueueNums: queues, writeQueueNums: queues, perm, topicSysFlag, topicFilterType: 'SINGLE_TAG', order: false };
}

function wrapper(counter: number, topics: TopicConfigEntry[], timestamp = 1000): TopicConfigWrapper {
  return {
    dataVersion: { counter, timestamp, stateVersion: 0 },
    topicConfigTable: new Map(topics.map((t) => [t.topicName, t])),
    topicQueueMappingInfoMap: new Map(),
  };
}

const SYSTEM = [topic('TBW102', 8, 7), topic('SELF_TEST_TOPIC', 1)];

function reg(over: Partial<RegisterBrokerRequest<string>> & { topicConfigWrapper: TopicConfigWrapper }): RegisterBrokerRequest<string> {
  return {
    clusterName: 'DefaultCluster',
    brokerAddr: '127.0.0.1:10911',
    brokerName: 'broker-a',
    brokerId: 0,
    haServerAddr: '127.0.0.1:10912',
    filterServerList: [],
    channel: 'ch-a',
    ...over,
  };
}

function clocked(start = 1_000_000): { clock: { t: number }; routes: RouteInfoManager<string> } {
  const clock = { t: start };
  return { clock, routes: new RouteInfoManager<string>({ now: () => clock.t, defaultBrokerExpiryMs: 120_000 }) };
}

function fixtureBody(scenario: string, file: string): { body: Buffer; version: number } {
  const cmd = decodeFrame(scenarioFrames(`rocketmq-4.9.8/${scenario}`).find((f) => f.file === file)!.bytes);
  return { body: cmd.body!, version: cmd.version };
}

describe('RegisterBrokerBody (A.22)', () => {
  it('decodes a real 4.9.8 broker registration body', () => {
    const { body, version } = fixtureBody('registerBroker', '000-c2s-9876-req-103.bin');
    const decoded = decodeRegisterBrokerBody(body, { compressed: false, version, now: 0 });
    expect(decoded.filterServerList).toEqual([]);
    expect(decoded.topicConfigWrapper.dataVersion).toEqual({ counter: 0, timestamp: 1795314793578, stateVersion: 0 });
    expect([...decoded.topicConfigWrapper.topicConfigTable.keys()].sort()).toEqual(
      ['BenchmarkTest', 'DefaultCluster', 'DefaultCluster_REPLY_TOPIC', 'OFFSET_MOVED_EVENT', 'SCHEDULE_TOPIC_XXXX', 'SELF_TEST_TOPIC', 'TBW102', 'broker-a'],
    );
    expect(decoded.topicConfigWrapper.topicConfigTable.get('SCHEDULE_TOPIC_XXXX')).toMatchObject({ readQueueNums: 18, writeQueueNums: 18, perm: 6 });
  });

  it('decodes the compressed form built by hand from the spec (4.9.8: five fields, no mapping count)', () => {
    const parts: Buffer[] = [];
    const put = (s: string): void => {
      const b = Buffer.from(s, 'utf8');
      const len = Buffer.alloc(4);
      len.writeInt32BE(b.length, 0);
      parts.push(len, b);
    };
    const int = (n: number): void => {
      const b = Buffer.alloc(4);
      b.writeInt32BE(n, 0);
      parts.push(b);
    };
    put('{"counter":3,"timestamp":1700000000000}');
    int(2);
    put('TopicA 4 2 6 SINGLE_TAG');
    put('TopicB 8 8 4 MULTI_TAG');
    put('["127.0.0.1:40001"]');
    const body = deflateSync(Buffer.concat(parts));
    const decoded = decodeRegisterBrokerBody(body, { compressed: true, version: 409, now: 0 });
    expect(decoded.topicConfigWrapper.dataVersion).toEqual({ counter: 3, timestamp: 1700000000000, stateVersion: 0 });
    expect(decoded.topicConfigWrapper.topicConfigTable.get('TopicA')).toEqual({ ...topic('TopicA', 4), writeQueueNums: 2 });
    expect(decoded.topicConfigWrapper.topicConfigTable.get('TopicB')).toMatchObject({ perm: 4, topicFilterType: 'MULTI_TAG' });
    expect(decoded.filterServerList).toEqual(['127.0.0.1:40001']);
    // A 5.x sender (version >= 413) must append the mapping count: without it the stream is short.
    expect(() => decodeRegisterBrokerBody(body, { compressed: true, version: 479, now: 0 })).toThrow(RegisterBrokerBodyError);
  });

  it('round-trips the 5.x compressed form (attributes JSON, mapping infos)', () => {
    const w = wrapper(7, [{ ...topic('T1'), attributes: { '+message.type': 'FIFO' } }, topic('T2', 2, 4)]);
    w.topicQueueMappingInfoMap.set('T1', { bname: 'broker-a', epoch: 0, topic: 'T1', totalQueues: 4 } as never);
    const body = encodeCompressedRegisterBrokerBody({ topicConfigWrapper: w, filterServerList: [] }, { version: 479 });
    const decoded = decodeRegisterBrokerBody(body, { compressed: true, version: 479, now: 0 });
    expect(decoded.topicConfigWrapper.topicConfigTable.get('T1')?.attributes).toEqual({ '+message.type': 'FIFO' });
    expect(decoded.topicConfigWrapper.topicConfigTable.get('T2')).toMatchObject({ readQueueNums: 2, perm: 4 });
    expect(decoded.topicConfigWrapper.dataVersion).toEqual(w.dataVersion);
    expect(decoded.topicConfigWrapper.topicQueueMappingInfoMap.get('T1')).toMatchObject({ bname: 'broker-a', totalQueues: 4 });
  });

  it('rejects garbage', () => {
    expect(() => decodeRegisterBrokerBody(Buffer.from('not json'), { compressed: false, version: 479, now: 0 })).toThrow(RegisterBrokerBodyError);
    expect(() => decodeRegisterBrokerBody(Buffer.from('{}'), { compressed: true, version: 479, now: 0 })).toThrow(RegisterBrokerBodyError);
  });

  it('an absent body is an empty registration with DataVersion {0,0,0}', () => {
    const decoded = decodeRegisterBrokerBody(null, { compressed: false, version: 479, now: 5 });
    expect(decoded.topicConfigWrapper.dataVersion).toEqual({ counter: 0, timestamp: 0, stateVersion: 0 });
    expect(decoded.topicConfigWrapper.topicConfigTable.size).toBe(0);
  });
});

describe('registration (behaviours.md §4.2)', () => {
  it('queue data changes only on the first registration or a new DataVersion; a wipe survives re-registration', () => {
    const { routes } = clocked();
    routes.registerBroker(reg({ topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T', 4)]) }));
    expect(routes.pickupTopicRouteData('T')?.queueDatas).toEqual([{ brokerName: 'broker-a', readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 }]);

    expect(routes.wipeWritePermOfBroker('broker-a')).toBe(3);
    expect(routes.pickupTopicRouteData('T')?.queueDatas[0]?.perm).toBe(4);
    expect(routes.pickupTopicRouteData('TBW102')?.queueDatas[0]?.perm).toBe(5);

    // The periodic re-registration with the same DataVersion (even with other queue numbers) changes nothing.
    routes.registerBroker(reg({ topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T', 16)]) }));
    expect(routes.pickupTopicRouteData('T')?.queueDatas[0]).toMatchObject({ perm: 4, readQueueNums: 4 });

    // A new DataVersion rewrites every topic in the body.
    routes.registerBroker(reg({ topicConfigWrapper: wrapper(2, [...SYSTEM, topic('T', 16)]) }));
    expect(routes.pickupTopicRouteData('T')?.queueDatas[0]).toMatchObject({ perm: 6, readQueueNums: 16 });

    expect(routes.addWritePermOfBroker('broker-a')).toBe(3);
    // ADD sets exactly RW: TBW102 loses its inherit bit.
    expect(routes.pickupTopicRouteData('TBW102')?.queueDatas[0]?.perm).toBe(6);
    expect(routes.wipeWritePermOfBroker('no-such-broker')).toBe(0);
  });

  it('topics missing from a registration stay; 5.x re-adds a topic the NameServer lost even with the same DataVersion, 4.9.8 does not', () => {
    for (const legacy of [false, true]) {
      const routes = new RouteInfoManager<string>({ legacy });
      routes.registerBroker(reg({ topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T')]) }));
      routes.registerBroker(reg({ topicConfigWrapper: wrapper(1, [...SYSTEM]) }));
      expect(routes.pickupTopicRouteData('T')).not.toBeNull();
      routes.deleteTopic('T');
      routes.registerBroker(reg({ topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T')]) }));
      expect(routes.pickupTopicRouteData('T') !== null).toBe(!legacy);
    }
  });

  it('deleteTopicWithBrokerRegistration drops topics the broker no longer reports', () => {
    const routes = new RouteInfoManager<string>();
    routes.deleteTopicWithBrokerRegistration = true;
    routes.registerBroker(reg({ topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T')]) }));
    routes.registerBroker(reg({ topicConfigWrapper: wrapper(2, [...SYSTEM]) }));
    expect(routes.pickupTopicRouteData('T')).toBeNull();
  });

  it('5.x refuses a single-topic registration from an unknown broker id and leaves no trace; 4.9.8 accepts it', () => {
    const routes = new RouteInfoManager<string>();
    expect(routes.registerBroker(reg({ topicConfigWrapper: wrapper(1, [topic('T')]) }))).toBeNull();
    expect(routes.getClusterInfo().brokerAddrTable.size).toBe(0);
    expect(routes.getClusterInfo().clusterAddrTable.size).toBe(0);
    // After the full registration, single-topic (incremental) registrations are fine.
    routes.registerBroker(reg({ topicConfigWrapper: wrapper(1, SYSTEM) }));
    expect(routes.registerBroker(reg({ topicConfigWrapper: wrapper(2, [topic('T')]) }))).toEqual({});
    expect(routes.pickupTopicRouteData('T')).not.toBeNull();

    const legacy = new RouteInfoManager<string>({ legacy: true });
    expect(legacy.registerBroker(reg({ topicConfigWrapper: wrapper(1, [topic('T')]) }))).toEqual({});
  });

  it('slaves get masterAddr/haServerAddr of a live master and never change queue data', () => {
    const routes = new RouteInfoManager<string>();
    expect(routes.registerBroker(reg({ topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T', 4)]) }))).toEqual({});
    const slave = routes.registerBroker(
      reg({ brokerId: 1, brokerAddr: '127.0.0.1:10921', haServerAddr: '127.0.0.1:10922', channel: 'ch-s', topicConfigWrapper: wrapper(5, [...SYSTEM, topic('T', 32, 2)]) }),
    );
    expect(slave).toEqual({ masterAddr: '127.0.0.1:10911', haServerAddr: '127.0.0.1:10912' });
    const route = routes.pickupTopicRouteData('T')!;
    expect(route.queueDatas[0]).toMatchObject({ readQueueNums: 4, perm: 6 });
    expect([...route.brokerDatas[0]!.brokerAddrs]).toEqual([[0, '127.0.0.1:10911'], [1, '127.0.0.1:10921']]);

    // Master gone, slave stays: the broker name keeps its queue data (§4.3).
    routes.unregisterBroker({ clusterName: 'DefaultCluster', brokerAddr: '127.0.0.1:10911', brokerName: 'broker-a', brokerId: 0 });
    expect([...routes.pickupTopicRouteData('T')!.brokerDatas[0]!.brokerAddrs]).toEqual([[1, '127.0.0.1:10921']]);
    // A slave without a live master gets no masterAddr.
    expect(routes.registerBroker(reg({ brokerId: 1, brokerAddr: '127.0.0.1:10921', channel: 'ch-s', topicConfigWrapper: wrapper(5, SYSTEM) }))).toEqual({});
    routes.unregisterBroker({ clusterName: 'DefaultCluster', brokerAddr: '127.0.0.1:10921', brokerName: 'broker-a', brokerId: 1 });
    expect(routes.pickupTopicRouteData('T')).toBeNull();
    expect(routes.getAllTopicList()).toEqual([]);
    expect(routes.getClusterInfo().clusterAddrTable.size).toBe(0);
  });

  it('an address switching from slave to master keeps a single id', () => {
    const routes = new RouteInfoManager<string>();
    routes.registerBroker(reg({ brokerId: 1, topicConfigWrapper: wrapper(1, SYSTEM) }));
    routes.registerBroker(reg({ brokerId: 0, topicConfigWrapper: wrapper(1, SYSTEM) }));
    expect([...routes.getClusterInfo().brokerAddrTable.get('broker-a')!.brokerAddrs]).toEqual([[0, '127.0.0.1:10911']]);
  });

  it('5.x acting master: the lowest slave of an enableActingMaster broker shapes read-only queue data', () => {
    const routes = new RouteInfoManager<string>();
    routes.registerBroker(reg({ brokerId: 1, brokerAddr: '127.0.0.1:10921', enableActingMaster: true, topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T')]) }));
    expect(routes.pickupTopicRouteData('T')?.queueDatas[0]?.perm).toBe(4);
    expect(routes.getClusterInfo().brokerAddrTable.get('broker-a')?.enableActingMaster).toBe(true);
    // An old-version slave (no enableActingMaster header) never does.
    const old = new RouteInfoManager<string>();
    old.registerBroker(reg({ brokerId: 1, topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T')]) }));
    expect(old.pickupTopicRouteData('T')).toBeNull();
  });

  it('filter servers appear in the route under the broker address', () => {
    const routes = new RouteInfoManager<string>();
    routes.registerBroker(reg({ filterServerList: ['127.0.0.1:40001'], topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T')]) }));
    expect([...routes.pickupTopicRouteData('T')!.filterServerTable]).toEqual([['127.0.0.1:10911', ['127.0.0.1:40001']]]);
    routes.registerBroker(reg({ filterServerList: [], topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T')]) }));
    expect(routes.pickupTopicRouteData('T')!.filterServerTable.size).toBe(0);
  });
});

describe('liveness and expiry (behaviours.md §4.3)', () => {
  it('expires a broker after its timeout without a refresh; QUERY_DATA_VERSION-style refreshes keep it', () => {
    const { clock, routes } = clocked();
    routes.registerBroker(reg({ topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T')]) }));
    clock.t += 100_000;
    expect(routes.updateBrokerInfoUpdateTimestamp('DefaultCluster', '127.0.0.1:10911')).toBe(true);
    clock.t += 120_000;
    expect(routes.scanNotActiveBroker()).toEqual([]);
    clock.t += 1;
    const gone = routes.scanNotActiveBroker();
    expect(gone).toEqual([{ clusterName: 'DefaultCluster', brokerAddr: '127.0.0.1:10911', brokerName: 'broker-a', brokerId: 0, channel: 'ch-a' }]);
    expect(routes.pickupTopicRouteData('T')).toBeNull();
    expect(routes.getAllTopicList()).toEqual([]);
    expect(routes.snapshot().brokers).toEqual([]);
    expect(routes.updateBrokerInfoUpdateTimestamp('DefaultCluster', '127.0.0.1:10911')).toBe(false);
  });

  it('honours a 5.x broker heartbeatTimeoutMillis', () => {
    const { clock, routes } = clocked();
    routes.registerBroker(reg({ heartbeatTimeoutMillis: 10_000, topicConfigWrapper: wrapper(1, SYSTEM) }));
    clock.t += 10_001;
    expect(routes.scanNotActiveBroker()).toHaveLength(1);
  });

  it('a closed connection removes every broker registered through it, and only those', () => {
    const routes = new RouteInfoManager<string>();
    routes.registerBroker(reg({ topicConfigWrapper: wrapper(1, [...SYSTEM, topic('A')]) }));
    routes.registerBroker(reg({ brokerName: 'broker-b', brokerAddr: '127.0.0.1:20911', channel: 'ch-b', topicConfigWrapper: wrapper(1, [...SYSTEM, topic('B')]) }));
    expect(routes.onChannelDestroy('ch-a').map((g) => g.brokerName)).toEqual(['broker-a']);
    expect(routes.pickupTopicRouteData('A')).toBeNull();
    expect(routes.pickupTopicRouteData('TBW102')!.brokerDatas.map((b) => b.brokerName)).toEqual(['broker-b']);
    expect(routes.onChannelDestroy('ch-a')).toEqual([]);
    expect(routes.hasChannel('ch-b')).toBe(true);
  });
});

describe('topic administration', () => {
  function twoClusters(): RouteInfoManager<string> {
    const routes = new RouteInfoManager<string>();
    routes.registerBroker(reg({ topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T'), topic('U', 1, 6, 1)]) }));
    routes.registerBroker(
      reg({ clusterName: 'Other', brokerName: 'broker-x', brokerAddr: '127.0.0.1:30911', channel: 'ch-x', topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T'), topic('S', 1, 6, 3)]) }),
    );
    return routes;
  }

  it('DELETE_TOPIC_IN_NAMESRV: per cluster, whole topic, unknown cluster', () => {
    const routes = twoClusters();
    routes.deleteTopic('T', 'NoSuchCluster');
    expect(routes.pickupTopicRouteData('T')!.queueDatas).toHaveLength(2);
    routes.deleteTopic('T', 'Other');
    expect(routes.pickupTopicRouteData('T')!.queueDatas.map((q) => q.brokerName)).toEqual(['broker-a']);
    routes.deleteTopic('T', 'DefaultCluster');
    expect(routes.pickupTopicRouteData('T')).toBeNull();
    routes.deleteTopic('TBW102');
    expect(routes.getAllTopicList()).not.toContain('TBW102');
  });

  it('topics by cluster, system topics, unit topics', () => {
    const routes = twoClusters();
    expect(routes.getTopicsByCluster('Other')).toEqual(['S', 'SELF_TEST_TOPIC', 'T', 'TBW102']);
    expect(routes.getTopicsByCluster('Nope')).toEqual([]);
    expect(routes.getSystemTopicList()).toEqual({ topicList: ['DefaultCluster', 'Other', 'broker-a', 'broker-x'], brokerAddr: '127.0.0.1:10911' });
    expect(routes.getUnitTopics()).toEqual(['S', 'U']);
    expect(routes.getHasUnitSubTopicList()).toEqual(['S']);
    expect(routes.getHasUnitSubUnUnitTopicList()).toEqual([]);
  });

  it('REGISTER_TOPIC_IN_NAMESRV installs queue data only for known broker names', () => {
    const routes = twoClusters();
    const q = { brokerName: 'broker-a', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicSysFlag: 0 };
    routes.registerTopic('New', [q, { ...q, brokerName: 'ghost' }]);
    expect(routes.pickupTopicRouteData('New')).toBeNull();
    routes.registerTopic('New', [q]);
    expect(routes.pickupTopicRouteData('New')!.queueDatas).toEqual([q]);
  });
});

describe('route JSON (A.4, framing.md §10.7)', () => {
  it('writes bare numeric ids in the plain form and quoted, sorted ones in the standard form', () => {
    const routes = new RouteInfoManager<string>();
    routes.registerBroker(reg({ brokerId: 0, topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T')]) }));
    routes.registerBroker(reg({ brokerId: 1, brokerAddr: '127.0.0.1:10921', channel: 'ch-s', topicConfigWrapper: wrapper(1, SYSTEM) }));
    const route = routes.pickupTopicRouteData('T')!;
    route.orderTopicConf = 'broker-a:4';
    const qd = '"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]';
    expect(encodeTopicRouteData(route, { standard: false }).toString()).toBe(
      `{"brokerDatas":[{"brokerAddrs":{0:"127.0.0.1:10911",1:"127.0.0.1:10921"},"brokerName":"broker-a","cluster":"DefaultCluster","enableActingMaster":false}],"filterServerTable":{},"orderTopicConf":"broker-a:4",${qd}}`,
    );
    expect(encodeTopicRouteData(route, { standard: true }).toString()).toBe(
      `{"brokerDatas":[{"brokerAddrs":{"0":"127.0.0.1:10911","1":"127.0.0.1:10921"},"brokerName":"broker-a","cluster":"DefaultCluster","enableActingMaster":false}],"filterServerTable":{},"orderTopicConf":"broker-a:4",${qd}}`,
    );
    expect(encodeTopicRouteData(route, { standard: false, legacy: true }).toString()).not.toContain('enableActingMaster');
  });

  it('escapes non-ASCII only in the standard form', () => {
    const routes = new RouteInfoManager<string>();
    routes.registerBroker(reg({ clusterName: 'Clusté', topicConfigWrapper: wrapper(1, [...SYSTEM, topic('T')]) }));
    const route = routes.pickupTopicRouteData('T')!;
    expect(encodeTopicRouteData(route, { standard: true }).toString()).toContain('"cluster":"Clust\\u00E9"');
    expect(encodeTopicRouteData(route, { standard: false }).toString()).toContain('"cluster":"Clusté"');
  });

  it('keeps a DataVersion per broker for QUERY_DATA_VERSION', () => {
    const routes = new RouteInfoManager<string>();
    const dv: DataVersion = { counter: 4, timestamp: 99, stateVersion: 0 };
    routes.registerBroker(reg({ topicConfigWrapper: { ...wrapper(0, SYSTEM), dataVersion: dv } }));
    expect(routes.isBrokerTopicConfigChanged('DefaultCluster', '127.0.0.1:10911', dv)).toBe(false);
    expect(routes.isBrokerTopicConfigChanged('DefaultCluster', '127.0.0.1:10911', { ...dv, counter: 5 })).toBe(true);
    expect(routes.isBrokerTopicConfigChanged('OtherCluster', '127.0.0.1:10911', dv)).toBe(true);
    expect(routes.queryBrokerTopicConfig('DefaultCluster', '127.0.0.1:10911')).toEqual(dv);
  });
});
