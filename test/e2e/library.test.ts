// The package entry point (dist/index.js, as `import 'mqadmin'` resolves it) used as a library
// against replayed RocketMQ 4.9.8 answers.

import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/cli.js';
import { startReplayCluster, type ReplayCluster } from '../helpers/replayServer.js';

type Lib = typeof import('../../src/index.js');
const lib = (await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)) as Lib;

let cluster: ReplayCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

describe('the library entry point', () => {
  it('exports the codec, transport, codecs and admin API', () => {
    for (const name of ['encodeFrame', 'decodeFrame', 'FrameDecoder', 'RemotingClient', 'RemotingServer', 'parseFastJson', 'stringifyFastJson', 'decodeMessages', 'encodeMessage', 'decodeMessageId', 'MQAdmin', 'clusterOverview', 'topicList', 'brokerStatus'] as const) {
      expect(typeof lib[name], name).toBe('function');
    }
  });

  it('MQAdmin reads a route and the cluster, sending what a Java client sends', async () => {
    cluster = await startReplayCluster(['rocketmq-4.9.8/topicRoute', 'rocketmq-4.9.8/clusterList']);
    const admin = new lib.MQAdmin({ namesrvAddr: `127.0.0.1:1;${cluster.namesrvAddr}`, timeoutMs: 2000 });
    try {
      // The first NameServer refuses connections: the admin moves on to the next one.
      const route = await admin.examineTopicRoute('FxTopic');
      expect(route.queueDatas).toEqual([{ brokerName: 'broker-a', perm: 6, readQueueNums: 4, topicSysFlag: 0, writeQueueNums: 4 }]);
      const overview = await lib.clusterOverview(admin);
      expect(overview.brokers.map((b) => [b.brokerName, b.addr, b.version])).toEqual([['broker-a', cluster.brokerAddr, 'V4_9_8']]);
    } finally {
      await admin.close();
    }
    expect(cluster.received.map((r) => r.request.code)).toEqual([105, 106, 28]);
    for (const { request } of cluster.received) {
      expect(request.language).toBe('JAVA');
      expect(request.version).toBe(479);
      expect(request.serializeType).toBe('JSON');
      for (const v of Object.values(request.extFields ?? {})) expect(typeof v).toBe('string');
    }
  });

  it('decodes a captured frame and its fastjson body', async () => {
    const { scenarioFrames } = await import('../helpers/fixtures.js');
    const frame = scenarioFrames('rocketmq-4.9.8/clusterList').find((f) => f.kind === 'resp' && f.serverPort === 9876)!;
    const cmd = lib.decodeFrame(frame.bytes);
    expect(cmd).toMatchObject({ code: 0, language: 'JAVA', version: 409, flag: 1, serializeType: 'JSON' });
    const body = lib.parseFastJson(cmd.body!) as { clusterAddrTable: Record<string, string[]> };
    expect(body.clusterAddrTable.DefaultCluster).toEqual(['broker-a']);
  });
});
