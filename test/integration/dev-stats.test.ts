// The embedded broker's statistics answering the exact requests the Java mqadmin sent to real
// brokers (test/fixtures/rocketmq-*-more): VIEW_BROKER_STATS_DATA counts the Java producer's
// captured sends and the pulls of a group, "not exist" before any; GET_BROKER_CONSUME_STATS has
// every group's offsets; GET_ALL_PRODUCER_INFO the producers of a captured Java heartbeat.

import { afterEach, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { RequestCode, ResponseCode } from '../../src/protocol/codes.js';
import { readResponse } from '../../src/protocol/requests/define.js';
import { pullMessage } from '../../src/protocol/requests/message.js';
import { updateConsumerOffset } from '../../src/protocol/requests/consumer.js';
import { getAllProducerInfo, getBrokerConsumeStats, viewBrokerStatsData } from '../../src/protocol/requests/stats.js';
import { scenarioFrames } from '../helpers/fixtures.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';

let cluster: EmbeddedCluster | undefined;
const closers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c.close();
  await cluster?.destroy();
  cluster = undefined;
});

const requests = (scenario: string, code: number): RemotingCommand[] =>
  scenarioFrames(scenario).filter((f) => f.dir === 'c2s' && f.kind === 'req' && f.code === code).map((f) => decodeFrame(f.bytes));

describe('the dev broker keeps the statistics the Java tools read', () => {
  it('VIEW_BROKER_STATS_DATA, GET_BROKER_CONSUME_STATS and GET_ALL_PRODUCER_INFO with real figures', async () => {
    cluster = await startEmbedded();
    const addr = cluster.brokers[0]!.address;
    const admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr });
    const client = new RemotingClient();
    closers.push(admin, client);
    await admin.createAndUpdateTopicConfig(addr, { topic: 'FxTopic2', readQueueNums: 4, writeQueueNums: 4, perm: 6 });

    // The Java statsAll's two requests, before anything happened: "not exist", as a real broker says.
    const [putReq, getReq] = requests('rocketmq-4.9.8-more/statsAll', RequestCode.VIEW_BROKER_STATS_DATA);
    for (const req of [putReq!, getReq!]) {
      const a = await client.invoke(addr, req);
      expect(a.code).toBe(ResponseCode.SYSTEM_ERROR);
      expect(a.remark).toBe(`The stats <${req.extFields!.statsName}> <${req.extFields!.statsKey}> not exist`);
    }

    // The Java checkMsgSendRT's three sends (queues 0, 1, 2 of FxTopic2, 64 bytes each).
    for (const send of requests('rocketmq-4.9.8-more/checkMsgSendRT', RequestCode.SEND_MESSAGE_V2)) {
      expect((await client.invoke(addr, send)).code).toBe(ResponseCode.SUCCESS);
    }
    const put = readResponse(viewBrokerStatsData, await client.invoke(addr, putReq!), { statsName: '', statsKey: '' }, addr);
    expect(put.statsMinute).toMatchObject({ sum: 3, avgpt: 1 });
    expect(put.statsHour.sum).toBe(3);
    expect(put.statsDay.sum).toBe(3);
    expect(put.statsMinute.tps).toBeGreaterThan(0);
    const size = await admin.call(addr, viewBrokerStatsData, { statsName: 'TOPIC_PUT_SIZE', statsKey: 'FxTopic2' });
    expect(size.statsMinute.sum).toBeGreaterThan(3 * 64);

    // FxGroup2 pulls two of them and commits: GROUP_GET_NUMS counts what the pulls handed out.
    for (const queueId of [0, 1]) {
      const p = await admin.call(addr, pullMessage, { topic: 'FxTopic2', queueId, queueOffset: 0, maxMsgNums: 32, consumerGroup: 'FxGroup2', brokerName: 'broker-a' });
      expect(p.messages).toHaveLength(1);
      await admin.call(addr, updateConsumerOffset, { consumerGroup: 'FxGroup2', topic: 'FxTopic2', queueId, commitOffset: 1, brokerName: 'broker-a' });
    }
    const got = readResponse(viewBrokerStatsData, await client.invoke(addr, getReq!), { statsName: '', statsKey: '' }, addr);
    expect(got.statsMinute).toMatchObject({ sum: 2, avgpt: 1 });

    // The Java brokerConsumeStats request: FxGroup2 on FxTopic2, offsets 1/1, 1/1, 1/0, 0/0.
    const [bcs] = requests('rocketmq-4.9.8-more/brokerConsumeStats', RequestCode.GET_BROKER_CONSUME_STATS);
    const list = readResponse(getBrokerConsumeStats, await client.invoke(addr, bcs!), { isOrder: false }, addr);
    expect(list.brokerAddr).toBe(addr);
    const g = list.groups.find((x) => x.group === 'FxGroup2')!;
    expect(g.stats).toHaveLength(1);
    expect(g.stats[0]!.consumeTps).toBeGreaterThan(0);
    expect(g.stats[0]!.offsetTable.map(({ mq, offset }) => [mq.topic, mq.brokerName, mq.queueId, offset.brokerOffset, offset.consumerOffset])).toEqual([
      ['FxTopic2', 'broker-a', 0, 1, 1],
      ['FxTopic2', 'broker-a', 1, 1, 1],
      ['FxTopic2', 'broker-a', 2, 1, 0],
      ['FxTopic2', 'broker-a', 3, 0, 0],
    ]);
    expect(g.stats[0]!.offsetTable[0]!.offset.lastTimestamp).toBeGreaterThan(Date.now() - 60_000);
    expect(list.totalDiff).toBe(1);
    // Groups of the broker without offsets are listed empty, as a Java broker lists them.
    expect(list.groups.find((x) => x.group === 'TOOLS_CONSUMER')?.stats).toEqual([]);
    // Only order topics: FxTopic2 is not one.
    const ordered = await admin.call(addr, getBrokerConsumeStats, { isOrder: true });
    expect(ordered.groups.find((x) => x.group === 'FxGroup2')!.stats).toEqual([]);

    // The Java clusterRT producer's heartbeat, then the Java producer request: its two groups.
    const [, heartbeat] = requests('rocketmq-4.9.8-more/clusterRT', RequestCode.HEART_BEAT);
    expect((await client.invoke(addr, heartbeat!)).code).toBe(ResponseCode.SUCCESS);
    const [prodReq] = requests('rocketmq-4.9.8-more/producer', RequestCode.GET_ALL_PRODUCER_INFO);
    const table = readResponse(getAllProducerInfo, await client.invoke(addr, prodReq!), undefined, addr);
    expect(table.map((t) => t.group).sort()).toEqual(['1796354811024', 'CLIENT_INNER_PRODUCER']);
    for (const t of table) {
      expect(t.producers).toEqual([{ clientId: '192.0.2.2@1870#2436295831869', remoteIP: expect.stringMatching(/^\/127\.0\.0\.1:\d+$/), language: 'JAVA', version: 409, lastUpdateTimestamp: expect.any(Number) }]);
    }
  });
});
