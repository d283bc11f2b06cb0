// The export commands against the frames the Java mqadmin 4.9.8 and 5.3.3 really sent and
// received (test/fixtures/rocketmq-*-more/export*): every captured request and response decodes;
// our requests carry the Java tool's code and extFields; the answers decode to what the Java
// tool wrote; the fastjson pretty writer and HashMap order reproduce the Java tool's files.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashMap, isExportedGroup, isExportedTopic, javaDryRun, prettyFastJson } from '../../src/admin/export.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { RequestCode, ResponseCode } from '../../src/protocol/codes.js';
import { decodeClusterInfo } from '../../src/protocol/bodies/cluster.js';
import { decodeConsumerConnection } from '../../src/protocol/bodies/consumer.js';
import { decodeTopicRouteData } from '../../src/protocol/bodies/route.js';
import { parseFastJson, type FastJsonObject } from '../../src/protocol/fastjson.js';
import { getBrokerRuntimeInfo } from '../../src/protocol/requests/broker.js';
import { getConsumerConnectionList } from '../../src/protocol/requests/consumer.js';
import { buildRequest, readResponse, type RequestDefinition } from '../../src/protocol/requests/define.js';
import { getAllSubscriptionGroupWrapper, getAllTopicConfigWrapper, getSystemTopicListFromBroker, popRollback } from '../../src/protocol/requests/export.js';
import { STATS_NOT_EXIST, viewBrokerStatsData } from '../../src/protocol/requests/stats.js';
import { getBrokerConfig } from '../../src/protocol/requests/brokerConfig.js';
import { ResponseError } from '../../src/protocol/errors.js';
import { FIXTURES_DIR, scenarioExchanges } from '../helpers/fixtures.js';

const V4 = 'rocketmq-4.9.8-more';
const V5 = 'rocketmq-5.3.3-more';
const SCENARIOS = [...['exportMetadata', 'exportConfigs', 'exportMetrics'].flatMap((s) => [`${V4}/${s}`, `${V5}/${s}`]), `${V5}/exportPopRecord`];

const exchanges = scenarioExchanges;

const ofCode = (scenario: string, code: number) => exchanges(scenario).filter((x) => x.request.code === code && x.request.flag !== 1);

function javaFields(cmd: RemotingCommand): Record<string, string> {
  const { Signature: _s, AccessKey: _a, ...rest } = cmd.extFields ?? {};
  return rest;
}

function sameRequest<A>(def: RequestDefinition<A, unknown>, args: A, captured: RemotingCommand): void {
  const ours = buildRequest(def, args);
  expect(ours.code).toBe(captured.code);
  expect(ours.extFields ?? {}).toEqual(javaFields(captured));
}

function exported(scenario: string, file: string): string {
  return readFileSync(join(FIXTURES_DIR, scenario, 'exported', file), 'utf8');
}

describe('every captured frame of the export scenarios decodes', () => {
  for (const scenario of SCENARIOS) {
    it(scenario, () => {
      const all = exchanges(scenario);
      expect(all.length).toBeGreaterThan(0);
      for (const { request, response } of all) {
        expect(request.code).toBeGreaterThan(0);
        if (request.body && request.body.length > 0 && request.body[0] === 0x7b) expect(() => parseFastJson(request.body!)).not.toThrow();
        if (!response) continue;
        const addr = '127.0.0.1:1';
        switch (request.code) {
          case RequestCode.GET_BROKER_CLUSTER_INFO:
            expect(Object.keys(decodeClusterInfo(parseFastJson(response.body!)).clusterAddrTable)).toContain('DefaultCluster');
            break;
          case RequestCode.GET_ROUTEINFO_BY_TOPIC:
            if (response.code === ResponseCode.SUCCESS) expect(decodeTopicRouteData(parseFastJson(response.body!)).brokerDatas.length).toBeGreaterThan(0);
            else expect(response.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
            break;
          case RequestCode.GET_ALL_TOPIC_CONFIG:
            sameRequest(getAllTopicConfigWrapper, undefined, request);
            expect(Object.keys(readResponse(getAllTopicConfigWrapper, response, undefined, addr).topicConfigTable as FastJsonObject).length).toBeGreaterThan(0);
            break;
          case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER:
            sameRequest(getSystemTopicListFromBroker, undefined, request);
            expect(readResponse(getSystemTopicListFromBroker, response, undefined, addr)).toContain('TBW102');
            break;
          case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG:
            sameRequest(getAllSubscriptionGroupWrapper, undefined, request);
            expect(Object.keys(readResponse(getAllSubscriptionGroupWrapper, response, undefined, addr).subscriptionGroupTable as FastJsonObject).length).toBeGreaterThan(0);
            break;
          case RequestCode.GET_BROKER_CONFIG:
            sameRequest(getBrokerConfig, undefined, request);
            expect(readResponse(getBrokerConfig, response, undefined, addr).brokerClusterName).toBe('DefaultCluster');
            break;
          case RequestCode.GET_BROKER_RUNTIME_INFO:
            sameRequest(getBrokerRuntimeInfo, undefined, request);
            expect(readResponse(getBrokerRuntimeInfo, response, undefined, addr).commitLogDiskRatio).toBe('0.23');
            break;
          case RequestCode.VIEW_BROKER_STATS_DATA: {
            const args = { statsName: request.extFields!.statsName!, statsKey: request.extFields!.statsKey! };
            sameRequest(viewBrokerStatsData, args, request);
            expect(response.code).toBe(ResponseCode.SYSTEM_ERROR);
            expect(response.remark).toMatch(STATS_NOT_EXIST);
            expect(() => readResponse(viewBrokerStatsData, response, args, addr)).toThrow(ResponseError);
            break;
          }
          case RequestCode.GET_CONSUMER_CONNECTION_LIST: {
            const args = { consumerGroup: request.extFields!.consumerGroup! };
            sameRequest(getConsumerConnectionList, args, request);
            const c = readResponse(getConsumerConnectionList, response, args, addr);
            if (response.code === ResponseCode.SUCCESS) expect(decodeConsumerConnection(parseFastJson(response.body!)).connections.length).toBeGreaterThan(0);
            else expect(c).toBeNull();
            break;
          }
          case RequestCode.POP_ROLLBACK:
            sameRequest(popRollback, undefined, request);
            expect(request.body ?? Buffer.alloc(0)).toHaveLength(0);
            expect(response.code).toBe(ResponseCode.SUCCESS);
            expect(readResponse(popRollback, response, undefined, addr)).toBeUndefined();
            break;
          default:
            // The Java tool's own client traffic (heartbeats, unregister, 5.x GET_BROKER_MEMBER_GROUP...).
            expect(response.code).toBeGreaterThanOrEqual(0);
        }
      }
    });
  }
});

describe('the Java tool asks for what we ask for', () => {
  it('exportMetadata -c: 21, 305 and 201 of the master', () => {
    for (const v of [V4, V5]) {
      const codes = exchanges(`${v}/exportMetadata`).map((x) => x.request.code);
      for (const c of [21, 305, 201]) expect(codes).toContain(c);
    }
  });
  it('exportMetrics: the TOPIC_PUT_NUMS items of the half and schedule topics', () => {
    for (const v of [V4, V5]) {
      expect(ofCode(`${v}/exportMetrics`, RequestCode.VIEW_BROKER_STATS_DATA).map((x) => x.request.extFields!.statsKey)).toEqual(['RMQ_SYS_TRANS_HALF_TOPIC', 'SCHEDULE_TOPIC_XXXX']);
    }
  });
});

describe('exportPopRecord -d, as the Java tool reads it', () => {
  it('is a dry run only for "false"', () => {
    expect([undefined, 'true', 'TRUE', 'yes', '', 'false', 'False', ' FALSE '].map(javaDryRun)).toEqual([false, false, false, false, false, true, true, true]);
  });
});

describe('filters and the fastjson pretty form', () => {
  it('keeps the topics and groups the Java tool exported (4.9.8)', () => {
    const x = exchanges(`${V4}/exportMetadata`);
    const topics = readResponse(getAllTopicConfigWrapper, ofCode(`${V4}/exportMetadata`, 21)[0]!.response!, undefined, '');
    const system = new Set(readResponse(getSystemTopicListFromBroker, ofCode(`${V4}/exportMetadata`, 305)[0]!.response!, undefined, ''));
    const groups = readResponse(getAllSubscriptionGroupWrapper, ofCode(`${V4}/exportMetadata`, 201)[0]!.response!, undefined, '');
    expect(x.length).toBeGreaterThan(0);
    const java = JSON.parse(exported(`${V4}/exportMetadata`, 'metadata.json'));
    const keptTopics = Object.entries(topics.topicConfigTable as Record<string, FastJsonObject>).filter(([n, c]) => isExportedTopic(n, c, system, false)).map(([n]) => n);
    expect(keptTopics.sort()).toEqual(Object.keys(java.topicConfigTable).sort());
    const keptGroups = Object.keys(groups.subscriptionGroupTable as object).filter(isExportedGroup);
    expect(keptGroups.sort()).toEqual(Object.keys(java.subscriptionGroupTable).sort());
  });

  it('writes beans alphabetically, HashMaps in Java order, tabs and no spaces', () => {
    expect(prettyFastJson(hashMap([['masterBrokerSize', 1], ['namesrvSize', 1], ['slaveBrokerSize', 0]]))).toBe('{\n\t"namesrvSize":1,\n\t"slaveBrokerSize":0,\n\t"masterBrokerSize":1\n}');
    expect(prettyFastJson({ b: [], a: {} })).toBe('{\n\t"a":{},\n\t"b":[]\n}');
    expect(prettyFastJson(hashMap([['x', ['A', 'B']]]))).toBe('{\n\t"x":[\n\t\t"A",\n\t\t"B"\n\t]\n}');
  });
});
