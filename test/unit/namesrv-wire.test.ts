// The embedded NameServer against real Apache RocketMQ 4.9.8 frames (test/fixtures): requests
// captured from a real broker and the Java mqadmin are written to our NameServer byte for byte,
// and its answers are compared with what the real NameServer answered.
//
// Constructed with version 409 our NameServer behaves as 4.9.8 and must reproduce the captured
// responses exactly. With the default (5.3.3, version 479) the only differences are the ones
// 5.x makes: `version` 479, BrokerData's `enableActingMaster` (messages.md A.4) and the newer
// FAQ link in remarks.
import { connect as netConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeFrame, FrameDecoder } from '../../src/remoting/codec.js';
import { RemotingClient } from '../../src/remoting/client.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { decodeClusterInfo } from '../../src/protocol/bodies/cluster.js';
import { decodeTopicList } from '../../src/protocol/bodies/simple.js';
import { parseFastJson } from '../../src/protocol/fastjson.js';
import { NameServer, type NameServerOptions } from '../../src/dev/namesrv/index.js';
import { scenarioFrames } from '../helpers/fixtures.js';

const S = 'rocketmq-4.9.8';
const B = 'rocketmq-4.9.8-binary';

function frame(scenario: string, file: string): Buffer {
  const f = scenarioFrames(scenario).find((x) => x.file === file);
  if (!f) throw new Error(`no frame ${scenario}/${file}`);
  return f.bytes;
}

function command(scenario: string, file: string): RemotingCommand {
  return decodeFrame(frame(scenario, file));
}

const servers: NameServer[] = [];
const sockets: Socket[] = [];
const clients: RemotingClient[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startNameServer(options: NameServerOptions = {}): Promise<NameServer> {
  const ns = new NameServer(options);
  servers.push(ns);
  await ns.start();
  return ns;
}

/** A peer that writes captured bytes and reads whole frames back, length prefix included. */
async function rawPeer(ns: NameServer): Promise<{ exchange(request: Buffer): Promise<Buffer>; send(request: Buffer): void }> {
  const [host, port] = [ns.address.slice(0, ns.address.lastIndexOf(':')), Number(ns.address.slice(ns.address.lastIndexOf(':') + 1))];
  const socket = netConnect({ host, port });
  sockets.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
  const decoder = new FrameDecoder();
  const frames: Buffer[] = [];
  let wake: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    for (const content of decoder.pushRaw(chunk)) {
      const prefix = Buffer.alloc(4);
      prefix.writeInt32BE(content.length, 0);
      frames.push(Buffer.concat([prefix, content]));
    }
    wake?.();
  });
  const next = async (): Promise<Buffer> => {
    const deadline = Date.now() + 2000;
    while (frames.length === 0) {
      if (Date.now() > deadline) throw new Error('no frame from the NameServer');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return frames.shift() as Buffer;
  };
  return {
    send: (request) => void socket.write(request),
    exchange: async (request) => {
      socket.write(request);
      return next();
    },
  };
}

/** The 5.x form of a captured 4.9.8 body: BrokerData gains `enableActingMaster` (A.4). */
function as5x(body: string): string {
  return body.replaceAll('"cluster":"DefaultCluster"}', '"cluster":"DefaultCluster","enableActingMaster":false}');
}

describe('as a 4.9.8 NameServer (version 409): byte-identical answers', () => {
  it('REGISTER_BROKER of a real broker gets the real response, and GET_BROKER_CLUSTER_INFO / GET_ROUTEINFO_BY_TOPIC the real bodies', async () => {
    const ns = await startNameServer({ version: 409 });
    const peer = await rawPeer(ns);

    expect(await peer.exchange(frame(`${S}/registerBroker`, '000-c2s-9876-req-103.bin'))).toEqual(
      frame(`${S}/registerBroker`, '001-s2c-9876-resp-0.bin'),
    );
    expect(await peer.exchange(frame(`${S}/clusterList`, '000-c2s-9876-req-106.bin'))).toEqual(frame(`${S}/clusterList`, '002-s2c-9876-resp-0.bin'));
    expect(await peer.exchange(frame(`${S}/clusterList`, '001-c2s-9876-req-105.bin'))).toEqual(frame(`${S}/clusterList`, '003-s2c-9876-resp-0.bin'));
    // TOPIC_NOT_EXIST with Java's remark and FAQ line.
    expect(await peer.exchange(frame(`${S}/error-topicRoute-missing`, '001-c2s-9876-req-105.bin'))).toEqual(
      frame(`${S}/error-topicRoute-missing`, '003-s2c-9876-resp-17.bin'),
    );
  });

  it('answers binary-header requests in the binary header, byte for byte', async () => {
    const ns = await startNameServer({ version: 409 });
    const peer = await rawPeer(ns);
    await peer.exchange(frame(`${S}/registerBroker`, '000-c2s-9876-req-103.bin'));
    expect(await peer.exchange(frame(`${B}/clusterList`, '000-c2s-9876-req-106.bin'))).toEqual(frame(`${B}/clusterList`, '002-s2c-9876-resp-0.bin'));
    expect(await peer.exchange(frame(`${B}/clusterList`, '001-c2s-9876-req-105.bin'))).toEqual(frame(`${B}/clusterList`, '003-s2c-9876-resp-0.bin'));
  });

  it('KV config: GET missing -> QUERY_NOT_FOUND with extFields {}, PUT, then REGISTER_BROKER returns ORDER_TOPIC_CONFIG as the real one did', async () => {
    const ns = await startNameServer({ version: 409 });
    const peer = await rawPeer(ns);
    const order = `${S}/updateTopic-order`;
    expect(await peer.exchange(frame(order, '008-c2s-9876-req-101.bin'))).toEqual(frame(order, '009-s2c-9876-resp-22.bin'));
    expect(await peer.exchange(frame(order, '010-c2s-9876-req-100.bin'))).toEqual(frame(order, '011-s2c-9876-resp-0.bin'));
    const route = `${S}/topicRoute`;
    expect(await peer.exchange(frame(route, '004-c2s-9876-req-103.bin'))).toEqual(frame(route, '005-s2c-9876-resp-0.bin'));
    // The same data, asked for by the Java mqadmin: the FxTopic route of the capture.
    expect(await peer.exchange(frame(route, '001-c2s-9876-req-105.bin'))).toEqual(frame(route, '002-s2c-9876-resp-0.bin'));
  });

  it('GET_ALL_TOPIC_LIST_FROM_NAMESERVER lists the registered topics (Java hash order aside)', async () => {
    const ns = await startNameServer({ version: 409 });
    const peer = await rawPeer(ns);
    await peer.exchange(frame(`${S}/topicRoute`, '004-c2s-9876-req-103.bin'));
    const ours = decodeFrame(await peer.exchange(frame(`${S}/topicList`, '001-c2s-9876-req-206.bin')));
    const real = command(`${S}/topicList`, '003-s2c-9876-resp-0.bin');
    expect(ours.code).toBe(0);
    expect(ours.extFields).toBeNull();
    expect(new Set(decodeTopicList(parseFastJson(ours.body!)).topicList)).toEqual(new Set(decodeTopicList(parseFastJson(real.body!)).topicList));
    expect(ours.body!.length).toBe(real.body!.length);
  });

  it('DELETE_TOPIC_IN_NAMESRV with clusterName answers as the real one and removes the route', async () => {
    const ns = await startNameServer({ version: 409 });
    const peer = await rawPeer(ns);
    await peer.exchange(frame(`${S}/topicRoute`, '004-c2s-9876-req-103.bin'));
    const del = `${S}/deleteTopic`;
    expect(await peer.exchange(frame(del, '006-c2s-9876-req-216.bin'))).toEqual(frame(del, '007-s2c-9876-resp-0.bin'));
    expect(ns.snapshot().topics.map((t) => t.topic)).not.toContain('FxOrderTopic');
    expect(ns.snapshot().topics.map((t) => t.topic)).toContain('FxTopic');
  });

  it('GET_NAMESRV_CONFIG lists the 4.9.8 settings in the same order, paths and port aside', async () => {
    const ns = await startNameServer({ version: 409, dataDir: '/tmp/ns-wire-config' });
    const peer = await rawPeer(ns);
    const ours = decodeFrame(await peer.exchange(frame(`${S}/getNamesrvConfig`, '001-c2s-9876-req-319.bin')));
    const real = command(`${S}/getNamesrvConfig`, '003-s2c-9876-resp-0.bin');
    const port = ns.address.slice(ns.address.lastIndexOf(':') + 1);
    const local: Record<string, string> = {
      kvConfigPath: '/tmp/ns-wire-config/kvConfig.json',
      configStorePath: '/tmp/ns-wire-config/namesrv.properties',
      listenPort: port,
      rocketmqHome: process.env.ROCKETMQ_HOME ?? '/tmp/ns-wire-config',
    };
    const expected = real.body!
      .toString('utf8')
      .split('\n')
      .map((line) => {
        const key = line.slice(0, line.indexOf('='));
        return key in local ? `${key}=${local[key]}` : line;
      })
      .join('\n');
    expect(ours.body!.toString('utf8')).toBe(expected);
  });

  it('a oneway REGISTER_BROKER (4.9.8 broker after an auto-create) gets no reply', async () => {
    const ns = await startNameServer({ version: 409 });
    const peer = await rawPeer(ns);
    const oneway = command(`${S}/deleteTopic`, '010-c2s-9876-req-103.bin');
    expect(oneway.flag & 2).toBe(2);
    peer.send(frame(`${S}/deleteTopic`, '010-c2s-9876-req-103.bin'));
    // The next frame we get must be the answer to the following request (opaque 0), not to the oneway one (62).
    const answer = decodeFrame(await peer.exchange(frame(`${S}/clusterList`, '000-c2s-9876-req-106.bin')));
    expect(answer.opaque).toBe(0);
    expect(decodeClusterInfo(parseFastJson(answer.body!)).clusterAddrTable).toEqual({ DefaultCluster: ['broker-a'] });
    expect(ns.snapshot().topics.map((t) => t.topic)).toContain('RMQ_SYS_TRANS_HALF_TOPIC');
  });
});

describe('as a 5.3.3 NameServer (default)', () => {
  it('replays the real first registration through a RemotingClient; the response header matches the real one', async () => {
    const ns = await startNameServer();
    const client = new RemotingClient();
    clients.push(client);
    const request = command(`${S}/registerBroker`, '000-c2s-9876-req-103.bin');
    const response = await client.invoke(ns.address, request);
    const real = command(`${S}/registerBroker`, '001-s2c-9876-resp-0.bin');
    expect(response.code).toBe(real.code);
    expect(response.extFields).toEqual(real.extFields);
    expect(response.extFields).toEqual({});
    expect(response.remark).toBeNull();
    expect(response.body).toBeNull();
    expect(response.language).toBe('JAVA');
    expect(response.version).toBe(479);

    // A topic of that registration: the real route body plus 5.x's enableActingMaster.
    const route = await client.invoke(ns.address, command(`${S}/clusterList`, '001-c2s-9876-req-105.bin'));
    expect(route.code).toBe(0);
    expect(route.version).toBe(479);
    expect(route.body!.toString('utf8')).toBe(as5x(command(`${S}/clusterList`, '003-s2c-9876-resp-0.bin').body!.toString('utf8')));

    // Cluster info: the same content as the real answer, modulo 5.x's extra field.
    const cluster = await client.invoke(ns.address, command(`${S}/clusterList`, '000-c2s-9876-req-106.bin'));
    const realCluster = command(`${S}/clusterList`, '002-s2c-9876-resp-0.bin').body!.toString('utf8');
    expect(cluster.body!.toString('utf8')).toBe(as5x(realCluster));
    const decoded = decodeClusterInfo(parseFastJson(cluster.body!));
    expect(decoded.clusterAddrTable).toEqual(decodeClusterInfo(parseFastJson(realCluster)).clusterAddrTable);
    expect(decoded.brokerAddrTable['broker-a']?.brokerAddrs).toEqual({ '0': '127.0.0.1:10911' });
  });

  it('route JSON form follows the request version: plain for ali-ons (121), standard for >= 401 or acceptStandardJsonOnly', async () => {
    const ns = await startNameServer();
    const client = new RemotingClient();
    clients.push(client);
    await client.invoke(ns.address, command(`${S}/registerBroker`, '000-c2s-9876-req-103.bin'));
    const ask = command(`${S}/clusterList`, '001-c2s-9876-req-105.bin');
    const realStandard = as5x(command(`${S}/clusterList`, '003-s2c-9876-resp-0.bin').body!.toString('utf8'));
    const realPlain = realStandard.replace('{"0":"127.0.0.1:10911"}', '{0:"127.0.0.1:10911"}');
    expect(realPlain).not.toBe(realStandard);

    const plain = await client.invoke(ns.address, { ...ask, version: 121 });
    expect(plain.body!.toString('utf8')).toBe(realPlain);
    const forced = await client.invoke(ns.address, { ...ask, version: 121, extFields: { ...ask.extFields, acceptStandardJsonOnly: 'true' } });
    expect(forced.body!.toString('utf8')).toBe(realStandard);
    const v400 = await client.invoke(ns.address, { ...ask, version: 400 });
    expect(v400.body!.toString('utf8')).toBe(realPlain);
    const v401 = await client.invoke(ns.address, { ...ask, version: 401 });
    expect(v401.body!.toString('utf8')).toBe(realStandard);
  });

  it('TOPIC_NOT_EXIST carries the 5.3.3 remark', async () => {
    const ns = await startNameServer();
    const client = new RemotingClient();
    clients.push(client);
    const response = await client.invoke(ns.address, command(`${S}/error-topicRoute-missing`, '001-c2s-9876-req-105.bin'));
    expect(response.code).toBe(17);
    expect(response.remark).toBe('No topic route info in name server for the topic: NoSuchTopic\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.');
    expect(response.extFields).toBeNull();
  });
});
