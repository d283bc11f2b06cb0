// The statistics and monitoring commands against the frames the Java mqadmin 4.9.8 and 5.3.3
// really sent and received (test/fixtures/rocketmq-*-more): every captured request and response
// of these scenarios decodes; our requests carry the Java tool's extFields; the captured answers
// decode to the figures the Java tool printed (transcript.txt).

import { describe, expect, it } from 'vitest';
import { allocateAveragely, javaHashOrder, messageQueueHash, readableQueues } from '../../src/admin/stats.js';
import { testBody, writableTargets } from '../../src/admin/sendTest.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { RequestCode, ResponseCode } from '../../src/protocol/codes.js';
import { decodeClusterInfo } from '../../src/protocol/bodies/cluster.js';
import { decodeConsumeStats, decodeConsumerConnection, decodeConsumerRunningInfo } from '../../src/protocol/bodies/consumer.js';
import { decodeTopicRouteData } from '../../src/protocol/bodies/route.js';
import { decodeGroupList, decodeTopicList } from '../../src/protocol/bodies/simple.js';
import { sum24h } from '../../src/protocol/bodies/stats.js';
import { javaStringHashCode } from '../../src/protocol/javaHash.js';
import { parseFastJson } from '../../src/protocol/fastjson.js';
import { buildRequest, readResponse, type RequestDefinition } from '../../src/protocol/requests/define.js';
import { getConsumeStats } from '../../src/protocol/requests/consumer.js';
import { queryTopicConsumeByWho } from '../../src/protocol/requests/broker.js';
import { sendMessageV2 } from '../../src/protocol/requests/message.js';
import { getAllProducerInfo, getBrokerConsumeStats, groupStatsKey, STATS_NOT_EXIST, StatsName, viewBrokerStatsData } from '../../src/protocol/requests/stats.js';
import { ResponseError } from '../../src/protocol/errors.js';
import { scenarioExchanges, scenarioFrames, transcript, type ScenarioExchange } from '../helpers/fixtures.js';

const V4 = 'rocketmq-4.9.8-more';
const V5 = 'rocketmq-5.3.3-more';
const SCENARIOS = [
  ...['statsAll', 'brokerConsumeStats', 'brokerConsumeStats-online', 'clusterRT', 'checkMsgSendRT', 'sendMsgStatus', 'producer', 'allocateMQ', 'allocateMQ-online', 'startMonitoring', 'startMonitoring-round'].map((s) => `${V4}/${s}`),
  ...['statsAll', 'brokerConsumeStats', 'clusterRT', 'checkMsgSendRT', 'sendMsgStatus', 'producer', 'allocateMQ'].map((s) => `${V5}/${s}`),
];

type Exchange = ScenarioExchange;
const exchanges = scenarioExchanges;

const ofCode = (scenario: string, code: number) => exchanges(scenario).filter((x) => x.request.code === code && x.request.flag !== 1);

function javaFields(cmd: RemotingCommand): Record<string, string> {
  const { Signature: _s, AccessKey: _a, ...rest } = cmd.extFields ?? {};
  return rest;
}

function ourFields<A>(def: RequestDefinition<A, unknown>, args: A): Record<string, string> {
  return Object.fromEntries(Object.entries(buildRequest(def, args).extFields ?? {}).map(([k, v]) => [k, String(v)]));
}

const answer = <A, R>(def: RequestDefinition<A, R>, x: Exchange, args: A): R => readResponse(def, x.response!, args, `127.0.0.1:${x.serverPort}`);

describe('every captured frame of the statistics scenarios decodes', () => {
  for (const scenario of SCENARIOS) {
    it(scenario, () => {
      const frames = scenarioFrames(scenario);
      expect(frames.length).toBeGreaterThan(0);
      for (const f of frames) {
        const cmd = decodeFrame(f.bytes);
        expect(cmd.code).toBe(f.code);
        expect(cmd.flag & 1).toBe(f.kind === 'resp' ? 1 : 0);
      }
      // And each answer body of the codes these commands send decodes with our readers.
      for (const x of exchanges(scenario)) {
        const res = x.response;
        if (!res || res.code !== ResponseCode.SUCCESS || !res.body || res.body.length === 0) continue;
        const body = () => parseFastJson(res.body!);
        switch (x.request.code) {
          case RequestCode.GET_ROUTEINFO_BY_TOPIC:
            expect(decodeTopicRouteData(body()).brokerDatas.length).toBeGreaterThan(0);
            break;
          case RequestCode.GET_BROKER_CLUSTER_INFO:
            expect(Object.keys(decodeClusterInfo(body()).clusterAddrTable).length).toBeGreaterThan(0);
            break;
          case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER:
            expect(decodeTopicList(body()).topicList.length).toBeGreaterThan(0);
            break;
          case RequestCode.QUERY_TOPIC_CONSUME_BY_WHO:
            expect(decodeGroupList(body()).length).toBeGreaterThan(0);
            break;
          case RequestCode.GET_CONSUME_STATS:
            expect(decodeConsumeStats(body()).consumeTps).toBeGreaterThanOrEqual(0);
            break;
          case RequestCode.GET_CONSUMER_CONNECTION_LIST:
            expect(decodeConsumerConnection(body()).connections.length).toBeGreaterThan(0);
            break;
          case RequestCode.GET_CONSUMER_RUNNING_INFO:
            expect(Object.keys(decodeConsumerRunningInfo(body()).properties).length).toBeGreaterThan(0);
            break;
          case RequestCode.VIEW_BROKER_STATS_DATA:
            expect(answer(viewBrokerStatsData, x, { statsName: '', statsKey: '' }).statsMinute.sum).toBeGreaterThanOrEqual(0);
            break;
          case RequestCode.GET_BROKER_CONSUME_STATS:
            expect(answer(getBrokerConsumeStats, x, { isOrder: false }).groups.length).toBeGreaterThan(0);
            break;
          case RequestCode.GET_ALL_PRODUCER_INFO:
            expect(answer(getAllProducerInfo, x, undefined).length).toBeGreaterThan(0);
            break;
        }
      }
    });
  }
});

describe('statsAll', () => {
  it('VIEW_BROKER_STATS_DATA (315) carries statsName and statsKey, as the Java tool sends them', () => {
    for (const set of [V4, V5]) {
      const sent = ofCode(`${set}/statsAll`, RequestCode.VIEW_BROKER_STATS_DATA).map((x) => javaFields(x.request));
      expect(sent[0]).toEqual(ourFields(viewBrokerStatsData, { statsName: StatsName.TOPIC_PUT_NUMS, statsKey: 'FxTopic2' }));
      expect(sent[1]).toEqual(ourFields(viewBrokerStatsData, { statsName: StatsName.GROUP_GET_NUMS, statsKey: groupStatsKey('FxTopic2', set === V4 ? 'FxGroup2' : 'FxTopic2') }));
    }
  });

  it('QUERY_TOPIC_CONSUME_BY_WHO (300) and GET_CONSUME_STATS (208) as the Java tool sends them', () => {
    for (const set of [V4, V5]) {
      const [who] = ofCode(`${set}/statsAll`, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO);
      expect(javaFields(who!.request)).toEqual(ourFields(queryTopicConsumeByWho, { topic: 'FxTopic2' }));
      const [stats] = ofCode(`${set}/statsAll`, RequestCode.GET_CONSUME_STATS);
      const group = javaFields(stats!.request).consumerGroup!;
      expect(javaFields(stats!.request)).toEqual(ourFields(getConsumeStats, { consumerGroup: group, topic: 'FxTopic2' }));
    }
  });

  it('4.9.8: the answers give the row the Java tool printed (0, 0.07, 0.07, 4, 4)', () => {
    const s = `${V4}/statsAll`;
    const java = transcript(s).split('\n')[2]!.trim().split(/\s+/);
    expect(java).toEqual(['FxTopic2', 'FxGroup2', '0', '0.07', '0.07', '4', '4']);
    const [put, get] = ofCode(s, RequestCode.VIEW_BROKER_STATS_DATA).map((x) => answer(viewBrokerStatsData, x, { statsName: '', statsKey: '' }));
    expect(put!.statsMinute.tps.toFixed(2)).toBe(java[3]);
    expect(get!.statsMinute.tps.toFixed(2)).toBe(java[4]);
    // Day and hour empty on a young item: the 24-hour figure falls back to the minute's sum.
    expect(put!.statsDay.sum).toBe(0);
    expect(String(sum24h(put!))).toBe(java[5]);
    expect(String(sum24h(get!))).toBe(java[6]);
    const [stats] = ofCode(s, RequestCode.GET_CONSUME_STATS);
    const cs = answer(getConsumeStats, stats!, { consumerGroup: 'FxGroup2' });
    expect(String(cs.offsetTable.reduce((n, q) => n + q.offset.brokerOffset - q.offset.consumerOffset, 0))).toBe(java[2]);
  });

  it('5.3.3: four groups; an item that does not exist is SYSTEM_ERROR "The stats <n> <k> not exist" (zeros)', () => {
    const s = `${V5}/statsAll`;
    const rows = transcript(s).split('\n').slice(2, 6).map((l) => l.trim().split(/\s+/));
    expect(rows.map((r) => r[1])).toEqual(['FxTopic2', 'FxTraceGroup2', 'FxGroup2', 'FxPopGroup2']);
    const [who] = ofCode(s, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO);
    expect(answer(queryTopicConsumeByWho, who!, { topic: 'FxTopic2' })).toEqual(['FxTopic2', 'FxTraceGroup2', 'FxGroup2', 'FxPopGroup2']);
    const views = ofCode(s, RequestCode.VIEW_BROKER_STATS_DATA);
    const [put] = views;
    const p = answer(viewBrokerStatsData, put!, { statsName: '', statsKey: '' });
    // Day empty, hour 19: the Java 24-hour figure is the hour's.
    expect(p.statsDay.sum).toBe(0);
    expect(sum24h(p)).toBe(19);
    expect(p.statsMinute.tps.toFixed(2)).toBe(rows[0]![3]);
    const missing = views[1]!;
    expect(missing.response!.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(missing.response!.remark).toMatch(STATS_NOT_EXIST);
    expect(() => answer(viewBrokerStatsData, missing, { statsName: '', statsKey: '' })).toThrow(ResponseError);
    // The other groups: out TPS and 24-hour figures as printed, and the lag from GET_CONSUME_STATS.
    const stats = ofCode(s, RequestCode.GET_CONSUME_STATS);
    for (const [i, row] of rows.entries()) {
      const cs = answer(getConsumeStats, stats[i]!, { consumerGroup: row[1]! });
      expect(String(cs.offsetTable.reduce((n, q) => n + q.offset.brokerOffset - q.offset.consumerOffset, 0))).toBe(row[2]);
      if (i === 0) continue;
      const g = answer(viewBrokerStatsData, views[i + 1]!, { statsName: '', statsKey: '' });
      expect(javaFields(views[i + 1]!.request).statsKey).toBe(`FxTopic2@${row[1]}`);
      expect(g.statsMinute.tps.toFixed(2)).toBe(row[4]);
      expect(String(sum24h(g))).toBe(row[6]);
    }
  });
});

describe('brokerConsumeStats', () => {
  for (const scenario of [`${V4}/brokerConsumeStats`, `${V4}/brokerConsumeStats-online`, `${V5}/brokerConsumeStats`]) {
    it(`${scenario}: GET_BROKER_CONSUME_STATS (317) isOrder=false; every printed row and the Diff Total come from the body`, () => {
      const [x] = ofCode(scenario, RequestCode.GET_BROKER_CONSUME_STATS);
      expect(javaFields(x!.request)).toEqual(ourFields(getBrokerConsumeStats, { isOrder: false }));
      const list = answer(getBrokerConsumeStats, x!, { isOrder: false });
      const lines = transcript(scenario).trimEnd().split('\n');
      const total = Number(/^Diff Total: (\d+)$/.exec(lines[lines.length - 2]!)![1]);
      expect(list.totalDiff).toBe(total);
      const printed = lines.slice(2).filter((l) => /^\S+\s+\S+\s+\S+\s+\d+\s+\d+/.test(l)).map((l) => l.trim().split(/\s{2,}/).slice(0, 7));
      expect(printed.length).toBeGreaterThan(0);
      const ours = list.groups.flatMap((g) =>
        g.stats.flatMap((cs) => cs.offsetTable.map(({ mq, offset }) => ({ topic: mq.topic, group: g.group, broker: mq.brokerName, qid: mq.queueId, ...offset }))),
      );
      for (const [topic, group, broker, qid, brokerOffset, consumerOffset, diff] of printed) {
        const row = ours.find((r) => r.topic === topic && r.group === group && r.broker === broker && r.qid === Number(qid));
        expect(row, `${topic} ${group} ${qid}`).toBeDefined();
        expect([row!.brokerOffset, row!.consumerOffset, row!.brokerOffset - row!.consumerOffset].map(String)).toEqual([brokerOffset, consumerOffset, diff]);
        expect(row!.lastTimestamp).toBeGreaterThan(0);
      }
      // The Java tool prints only queues with a last-consumed time, so lag never consumed is in its
      // total but on no row (4.9.8: BarT6 of BarG626388, 3 + 3).
      const printedLag = printed.reduce((n, r) => n + Number(r[6]), 0);
      const hiddenLag = ours.filter((r) => r.lastTimestamp === 0).reduce((n, r) => n + r.brokerOffset - r.consumerOffset, 0);
      expect(printedLag + hiddenLag).toBe(total);
    });
  }
  it('5.3.3 adds totalInflightDiff; 4.9.8 has none', () => {
    expect(answer(getBrokerConsumeStats, ofCode(`${V5}/brokerConsumeStats`, 317)[0]!, { isOrder: false }).totalInflightDiff).toBe(-1686);
    expect(answer(getBrokerConsumeStats, ofCode(`${V4}/brokerConsumeStats`, 317)[0]!, { isOrder: false }).totalInflightDiff).toBeNull();
  });
});

describe('producer', () => {
  for (const set of [V4, V5]) {
    it(`${set}: GET_ALL_PRODUCER_INFO (328) has no header; the table has every instance the Java tool printed`, () => {
      const [x] = ofCode(`${set}/producer`, RequestCode.GET_ALL_PRODUCER_INFO);
      expect(javaFields(x!.request)).toEqual(ourFields(getAllProducerInfo, undefined));
      const table = answer(getAllProducerInfo, x!, undefined);
      const lines = transcript(`${set}/producer`).split('\n').filter((l) => l.startsWith('producer group'));
      expect(lines.length).toBe(table.reduce((n, g) => n + g.producers.length, 0));
      for (const line of lines) {
        const m = /^producer group \((.+)\) instance : clientId=(.+),remoteIP=(\S+), language=(\w+), version=(\d+), lastUpdateTimestamp=(\d+)$/.exec(line)!;
        const p = table.find((g) => g.group === m[1])!.producers.find((q) => q.clientId === m[2])!;
        expect(p).toMatchObject({ remoteIP: m[3], language: m[4], version: Number(m[5]), lastUpdateTimestamp: Number(m[6]) });
      }
    });
  }
});

describe('allocateMQ', () => {
  for (const [scenario, ips] of [
    [`${V4}/allocateMQ`, ['127.0.0.1', '127.0.0.2']],
    [`${V4}/allocateMQ-online`, ['192.0.2.2']],
    [`${V5}/allocateMQ`, ['127.0.0.1', '127.0.0.2']],
  ] as const) {
    it(`${scenario}: in the Java orders the route gives the Java tool's JSON byte for byte`, () => {
      const route = ofCode(scenario, RequestCode.GET_ROUTEINFO_BY_TOPIC).find((x) => x.request.extFields?.topic === 'FxTopic2')!;
      const queues = javaHashOrder(readableQueues('FxTopic2', decodeTopicRouteData(parseFastJson(route.response!.body!))), messageQueueHash, (q) => `${q.brokerName}|${q.queueId}`);
      const result: Record<string, unknown> = {};
      for (const ip of javaHashOrder([...ips], javaStringHashCode)) {
        result[ip] = allocateAveragely(queues, ips, ip).map((q) => ({ brokerName: q.brokerName, queueId: q.queueId, topic: q.topic }));
      }
      expect(`${JSON.stringify({ result })}\n[exit 0]`).toBe(transcript(scenario).split('\n').slice(1).join('\n').trimEnd());
    });
  }
});

describe('sends (sendMsgStatus, checkMsgSendRT, clusterRT)', () => {
  it('SEND_MESSAGE_V2 (310) as the Java producer builds it; the answers give the printed offsets and ids', () => {
    for (const set of [V4, V5]) {
      const sends = ofCode(`${set}/sendMsgStatus`, RequestCode.SEND_MESSAGE_V2);
      const broker = set === V4 ? 'broker-a' : 'broker-a5';
      const printed = transcript(`${set}/sendMsgStatus`).split('\n').filter((l) => l.startsWith('rt='));
      // The warm-up send first (16 bytes asked, 22 sent: "hello jodie" x 2), then the printed ones.
      expect(sends.length).toBe(printed.length + 1);
      expect(sends[0]!.request.body!.length).toBe(22);
      for (const [i, line] of printed.entries()) {
        const x = sends[i + 1]!;
        const java = javaFields(x.request);
        const ours = ourFields(sendMessageV2, { producerGroup: 'PID_SMSC', topic: broker, queueId: 0, sysFlag: 0, bornTimestamp: Number(java.g), flag: 0, properties: java.i!, brokerName: broker, body: x.request.body! });
        expect(ours).toEqual(java);
        const a = answer(sendMessageV2, x, undefined as never);
        const m = /offsetMsgId=(\w+), messageQueue=MessageQueue \[topic=(\S+), brokerName=(\S+), queueId=(\d+)\], queueOffset=(\d+)/.exec(line)!;
        expect([a.offsetMsgId, broker, broker, String(a.queueId), String(a.queueOffset)]).toEqual(m.slice(1));
        expect(line).toContain(`msgId=${/UNIQ_KEY\u0001(\w+)/.exec(java.i!)![1]}`);
      }
    }
  });

  it("checkMsgSendRT takes the writable queues in turn with 'a' bodies of the size asked, as printed", () => {
    for (const set of [V4, V5]) {
      const s = `${set}/checkMsgSendRT`;
      const route = ofCode(s, RequestCode.GET_ROUTEINFO_BY_TOPIC).find((x) => x.request.extFields?.topic === 'FxTopic2')!;
      const targets = writableTargets(decodeTopicRouteData(parseFastJson(route.response!.body!)));
      const printed = transcript(s).split('\n').slice(2, 5).map((l) => l.trim().split(/\s+/));
      const sends = ofCode(s, RequestCode.SEND_MESSAGE_V2);
      expect(sends).toHaveLength(3);
      sends.forEach((x, i) => {
        expect([x.request.extFields!.n, x.request.extFields!.e]).toEqual([targets[i % targets.length]!.brokerName, String(targets[i % targets.length]!.queueId)]);
        expect([printed[i]![0], printed[i]![1], printed[i]![2]]).toEqual([x.request.extFields!.n, x.request.extFields!.e, 'true']);
        expect(x.request.body!.equals(testBody(64))).toBe(true);
        expect(x.response!.code).toBe(ResponseCode.SUCCESS);
      });
      // "Avg RT" leaves the first send out: (rt2 + rt3) / 2.
      const rts = printed.map((r) => Number(r[3]));
      expect(transcript(s)).toContain(`Avg RT: ${((rts[1]! + rts[2]!) / 2).toFixed(2)}`);
    }
  });

  it('clusterRT sends to the topic named after each broker of the cluster table', () => {
    for (const set of [V4, V5]) {
      const s = `${set}/clusterRT`;
      const [info] = ofCode(s, RequestCode.GET_BROKER_CLUSTER_INFO);
      const cluster = decodeClusterInfo(parseFastJson(info!.response!.body!));
      const brokers = [...cluster.clusterAddrTable.DefaultCluster!];
      const sends = ofCode(s, RequestCode.SEND_MESSAGE_V2);
      expect(sends.length % 3).toBe(0);
      for (const x of sends) {
        expect(brokers).toContain(x.request.extFields!.b);
        expect(x.request.extFields!.b).toBe(x.request.extFields!.n);
        expect(x.request.body!.equals(testBody(64))).toBe(true);
      }
      const row = transcript(s).split('\n')[2]!.trim().split(/\s+/);
      expect([row[0], row[1], row[3], row[4]]).toEqual(['DefaultCluster', brokers[0], '3', '0']);
    }
  });
});

describe('startMonitoring', () => {
  it('a round is the topic list, then per %RETRY% group consume stats, connections and running info', () => {
    const s = `${V4}/startMonitoring-round`;
    const [list] = ofCode(s, RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER);
    const retryGroups = decodeTopicList(parseFastJson(list!.response!.body!)).topicList.filter((t) => t.startsWith('%RETRY%')).map((t) => t.slice(7));
    const asked = [...new Set(ofCode(s, RequestCode.GET_CONSUME_STATS).map((x) => x.request.extFields!.consumerGroup!))];
    expect(asked.sort()).toEqual([...retryGroups].sort());
    // Only groups online are asked for their running info, through the broker.
    for (const x of ofCode(s, RequestCode.GET_CONSUMER_RUNNING_INFO)) {
      expect(x.response!.code).toBe(ResponseCode.SUCCESS);
      const info = decodeConsumerRunningInfo(parseFastJson(x.response!.body!));
      expect(info.properties.consumerGroup).toBe(x.request.extFields!.consumerGroup);
    }
    // The Java tool logs, it prints nothing; and it never ends (killed by timeout).
    expect(transcript(s).trim().split('\n').slice(1)).toEqual(['[exit 124]']);
  });
});
