// The embedded cluster in-process (startDevCluster) seen through our own admin API: brokers
// registered and serving, only loopback listening, everything closed by close(), data kept
// across a restart, and a failed start that leaves nothing listening.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clusterOverview } from '../../src/admin/cluster.js';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { DevPortError, startDevCluster, type DevCluster } from '../../src/dev/cluster.js';
import { RequestCode } from '../../src/protocol/codes.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';

let dir: string;
let cluster: DevCluster | undefined;
let admin: MQAdmin | undefined;
const servers: Server[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-cluster-'));
});

afterEach(async () => {
  await admin?.close();
  admin = undefined;
  await cluster?.close();
  cluster = undefined;
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const portOf = (addr: string): number => Number(addr.slice(addr.lastIndexOf(':') + 1));

/** Resolves with 'open' or the connect error code. */
function dial(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

async function occupy(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as { port: number }).port;
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Holds `port` until the test ends; false if it is taken. */
async function occupyAt(port: number): Promise<boolean> {
  const server = createServer();
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (ok) servers.push(server);
  return ok;
}

describe('startDevCluster', () => {
  it('starts a NameServer and N brokers that our admin API sees, on 127.0.0.1 only', async () => {
    const lines: string[] = [];
    cluster = await startDevCluster({ dataDir: dir, brokers: 3, namesrvPort: 0, brokerPort: 0, log: (l) => lines.push(l) });
    expect(cluster.clusterName).toBe('DefaultCluster');
    expect(cluster.namesrvAddr).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(cluster.brokers.map((b) => b.name)).toEqual(['broker-a', 'broker-b', 'broker-c']);
    for (const b of cluster.brokers) {
      expect(b.addr).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(b.dataDir).toBe(join(dir, b.name));
    }
    expect(readdirSync(dir).sort()).toEqual(['broker-a', 'broker-b', 'broker-c', 'namesrv']);
    expect(lines.some((l) => /broker-c serving at 127\.0\.0\.1:\d+/.test(l))).toBe(true);

    admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr, timeoutMs: 3000 });
    const overview = await clusterOverview(admin);
    expect(overview.failures).toEqual([]);
    expect(overview.clusters).toEqual({ DefaultCluster: ['broker-a', 'broker-b', 'broker-c'] });
    expect(overview.brokers.map((b) => [b.brokerName, b.brokerId, b.addr])).toEqual(cluster.brokers.map((b) => [b.name, 0, b.addr]));
    expect(overview.brokers.every((b) => b.version !== null)).toBe(true);
    expect(await admin.fetchAllTopicList()).toEqual(expect.arrayContaining(['TBW102', 'broker-a', 'broker-b', 'broker-c']));

    const snapshot = cluster.snapshot();
    expect(snapshot.brokers.map((b) => b.brokerName)).toEqual(['broker-a', 'broker-b', 'broker-c']);
    expect(snapshot.brokers[0]!.topics).toContain('TBW102');

    // Not reachable on any other interface of this machine.
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      for (const addr of [cluster.namesrvAddr, ...cluster.brokers.map((b) => b.addr)]) {
        expect(await dial(external.address, portOf(addr))).not.toBe('open');
      }
    }
  });

  it('close() stops every listener and connection, and is safe to call twice', async () => {
    cluster = await startDevCluster({ dataDir: dir, brokers: 2, namesrvPort: 0, brokerPort: 0 });
    const addrs = [cluster.namesrvAddr, ...cluster.brokers.map((b) => b.addr)];
    for (const addr of addrs) expect(await dial('127.0.0.1', portOf(addr))).toBe('open');
    await cluster.close();
    await cluster.close();
    cluster = undefined;
    for (const addr of addrs) expect(await dial('127.0.0.1', portOf(addr))).toBe('ECONNREFUSED');
  });

  it('keeps topics and groups across a restart in the same data directory', async () => {
    cluster = await startDevCluster({ dataDir: dir, brokers: 1, namesrvPort: 0, brokerPort: 0 });
    const client = new RemotingClient({ requestTimeoutMs: 3000 });
    try {
      const brokerAddr = cluster.brokers[0]!.addr;
      const topic = await client.invoke(brokerAddr, createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, {
        extFields: { topic: 'KeptTopic', defaultTopic: 'TBW102', readQueueNums: 4, writeQueueNums: 4, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false },
      }));
      expect(topic.code).toBe(0);
      const group = await client.invoke(brokerAddr, createRequest(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, {
        body: JSON.stringify({ groupName: 'KeptGroup', consumeEnable: true, consumeFromMinEnable: true, consumeBroadcastEnable: true, retryQueueNums: 1, retryMaxTimes: 16, brokerId: 0, whichBrokerWhenConsumeSlowly: 1 }),
      }));
      expect(group.code).toBe(0);
    } finally {
      await client.close();
    }
    await cluster.close();

    cluster = await startDevCluster({ dataDir: dir, brokers: 1, namesrvPort: 0, brokerPort: 0 });
    const broker = cluster.snapshot().brokers[0]!;
    expect(broker.topics).toContain('KeptTopic');
    expect(broker.groups).toContain('KeptGroup');
    admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr, timeoutMs: 3000 });
    expect(await admin.fetchAllTopicList()).toContain('KeptTopic');
    expect((await admin.examineTopicRoute('KeptTopic')).queueDatas).toEqual([expect.objectContaining({ brokerName: 'broker-a', readQueueNums: 4, writeQueueNums: 4 })]);
  });

  it('places broker i at brokerPort + 10 * i', async () => {
    // The small race with other processes taking these ports is accepted.
    const base = await freePort();
    cluster = await startDevCluster({ dataDir: dir, brokers: 2, namesrvPort: 0, brokerPort: base });
    expect(cluster.brokers.map((b) => portOf(b.addr))).toEqual([base, base + 10]);
  });
});

describe('startDevCluster failures', () => {
  it('a NameServer port in use: DevPortError naming it, nothing started', async () => {
    const port = await occupy();
    const err = await startDevCluster({ dataDir: dir, namesrvPort: port, brokerPort: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DevPortError);
    expect((err as DevPortError).message).toBe(`port ${port} (NameServer) is already in use on 127.0.0.1`);
    expect(readdirSync(dir)).toEqual(['namesrv']);
  });

  it('a broker port in use: the NameServer and the brokers already started are closed again', async () => {
    const namesrvPort = await freePort();
    // broker-a on a free port, broker-b (10 further) on one we hold.
    let base = 0;
    for (let attempt = 0; attempt < 20 && base === 0; attempt++) {
      const candidate = await freePort();
      if (candidate + 10 <= 65535 && (await occupyAt(candidate + 10))) base = candidate;
    }
    expect(base).toBeGreaterThan(0);
    const err = await startDevCluster({ dataDir: dir, brokers: 2, namesrvPort, brokerPort: base }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DevPortError);
    expect((err as DevPortError).message).toBe(`port ${base + 10} (broker broker-b) is already in use on 127.0.0.1`);
    expect(await dial('127.0.0.1', namesrvPort)).toBe('ECONNREFUSED');
    expect(await dial('127.0.0.1', base)).toBe('ECONNREFUSED');
  });
});
