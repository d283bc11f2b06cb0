// The HA and controller codecs against the real frames of the Java 5.3.3 tool and servers
// (test/fixtures/rocketmq-5.3.3-more: haStatus on broker-a5 with its slave, the ctrl cluster with
// the DLedger controller embedded in the NameServer on 9889): every captured request and response
// of these codes decodes, and our requests carry the Java tool's fields.

import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/protocol/codes.js';
import { buildRequest, readResponse } from '../../src/protocol/requests/define.js';
import {
  controllerCleanBrokerData,
  controllerElectMaster,
  controllerGetMetadata,
  controllerGetSyncStateData,
  decodeElectMasterResponse,
  getBrokerEpochCache,
  getBrokerHaStatus,
  getControllerConfig,
  updateControllerConfig,
} from '../../src/protocol/requests/ha.js';
import { controllerBlackList, haStatusOf, parseDLedgerPeers } from '../../src/admin/ha.js';
import { rewriteBn } from '../../src/cli/controllerFlags.js';
import { scenarioFrames } from '../helpers/fixtures.js';

const V5 = 'rocketmq-5.3.3-more';

/** Request/response pairs of one code in a scenario (matched by file order: the reply follows). */
function exchanges(scenario: string, code: number): Array<{ request: RemotingCommand; response: RemotingCommand }> {
  const frames = scenarioFrames(`${V5}/${scenario}`).map((f) => ({ f, cmd: decodeFrame(f.bytes) }));
  const out: Array<{ request: RemotingCommand; response: RemotingCommand }> = [];
  frames.forEach(({ f, cmd }, i) => {
    if (f.dir !== 'c2s' || f.kind !== 'req' || cmd.code !== code) return;
    const reply = frames.slice(i + 1).find((x) => x.f.dir === 's2c' && x.f.kind === 'resp' && x.f.serverPort === f.serverPort && x.cmd.opaque === cmd.opaque);
    out.push({ request: cmd, response: reply!.cmd });
  });
  return out;
}

const fields = (c: RemotingCommand) => c.extFields ?? {};

describe('GET_BROKER_HA_STATUS (907)', () => {
  it('decodes the master with its slave, and our request is the Java one (no header, no body)', () => {
    const [x] = exchanges('haStatus', RequestCode.GET_BROKER_HA_STATUS);
    expect(x).toBeDefined();
    expect(Object.keys(fields(x!.request))).toEqual([]);
    const ours = buildRequest(getBrokerHaStatus, undefined);
    expect(ours.code).toBe(907);
    expect(ours.body).toBeNull();
    const info = readResponse(getBrokerHaStatus, x!.response, undefined, '127.0.0.1:10951');
    expect(info.master).toBe(true);
    expect(info.masterCommitLogMaxOffset).toBe(712889);
    expect(info.inSyncSlaveNums).toBe(1);
    expect(info.haConnectionInfo).toEqual([{ addr: '127.0.0.1:41798', slaveAckOffset: 712889, diff: 0, inSync: true, transferredByteInSecond: 0, transferFromWhere: 712889 }]);
    const status = haStatusOf({ cluster: 'DefaultCluster', brokerName: 'broker-a5', brokerId: 0, addr: '127.0.0.1:10951' }, info);
    expect(status.slaves[0]).toMatchObject({ behindBytes: 0, catchUpSeconds: 0, inSync: true });
  });

  it('a slave and a slave behind: the catch-up time comes from the transfer speed', () => {
    const slave = haStatusOf({ cluster: 'C', brokerName: 'b', brokerId: 1, addr: 'x:1' }, {
      master: false, masterCommitLogMaxOffset: 0, inSyncSlaveNums: 0, haConnectionInfo: [],
      haClientRuntimeInfo: { masterAddr: '127.0.0.1:10952', maxOffset: 42, lastReadTimestamp: 1, lastWriteTimestamp: 2, transferredByteInSecond: 2048, masterFlushOffset: 7, activated: true },
    });
    expect(slave).toMatchObject({ role: 'slave', masterHaAddr: '127.0.0.1:10952', maxOffset: 42, transferKBps: 2, masterFlushOffset: 7 });
    const behind = haStatusOf({ cluster: 'C', brokerName: 'b', brokerId: 0, addr: 'x:1' }, {
      master: true, masterCommitLogMaxOffset: 1000, inSyncSlaveNums: 0,
      haConnectionInfo: [{ addr: 'y:2', slaveAckOffset: 0, diff: 1000, inSync: false, transferredByteInSecond: 100, transferFromWhere: 0 }, { addr: 'z:3', slaveAckOffset: 0, diff: 1000, inSync: false, transferredByteInSecond: 0, transferFromWhere: 0 }],
      haClientRuntimeInfo: { masterAddr: null, maxOffset: 0, lastReadTimestamp: 0, lastWriteTimestamp: 0, transferredByteInSecond: 0, masterFlushOffset: 0, activated: false },
    });
    expect(behind.slaves.map((s) => s.catchUpSeconds)).toEqual([10, null]);
  });
});

describe('controller requests', () => {
  it('CONTROLLER_GET_METADATA_INFO (1005): every captured answer decodes (leader, peers)', () => {
    const all = ['getControllerMetaData', 'getSyncStateSet', 'getBrokerEpoch', 'getControllerConfig', 'electMaster'].flatMap((s) => exchanges(s, 1005));
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const x of all) {
      expect(Object.keys(fields(x.request))).toEqual([]);
      const m = readResponse(controllerGetMetadata, x.response, undefined, 'c');
      expect(m).toEqual({ group: 'group1', controllerLeaderId: 'n0', controllerLeaderAddress: '127.0.0.1:9889', isLeader: true, peers: ['n0:127.0.0.1:9889'] });
    }
    expect(buildRequest(controllerGetMetadata, undefined).extFields ?? {}).toEqual({});
  });

  it('CONTROLLER_GET_SYNC_STATE_DATA (1006): our body is the Java one; the replicas decode', () => {
    const [x] = exchanges('getSyncStateSet', 1006);
    const ours = buildRequest(controllerGetSyncStateData, { brokerNames: ['broker-c5'] });
    expect(Buffer.from(ours.body!).toString()).toBe(x!.request.body!.toString());
    expect(Object.keys(fields(x!.request))).toEqual([]);
    const r = readResponse(controllerGetSyncStateData, x!.response, { brokerNames: ['broker-c5'] }, 'c');
    expect(r).toEqual([{ brokerName: 'broker-c5', masterBrokerId: 1, masterAddress: '127.0.0.1:10991', masterEpoch: 1, syncStateSetEpoch: 1, inSyncReplicas: [{ brokerName: 'broker-c5', brokerId: 1, brokerAddress: '127.0.0.1:10991', alive: true }], notInSyncReplicas: [] }]);
  });

  it('GET_BROKER_EPOCH_CACHE (1007): the last epoch ends at the max offset, as the Java tool prints it', () => {
    const [x] = exchanges('getBrokerEpoch', 1007);
    expect(Object.keys(fields(x!.request))).toEqual([]);
    expect(buildRequest(getBrokerEpochCache, undefined).code).toBe(1007);
    const e = readResponse(getBrokerEpochCache, x!.response, undefined, 'b');
    expect(e).toEqual({ clusterName: 'ControllerCluster', brokerName: 'broker-c5', brokerId: 0, maxOffset: 0, epochList: [{ epoch: 1, startOffset: 0, endOffset: 0 }] });
  });

  it('GET_CONTROLLER_CONFIG (1010): the properties decode; the black list; UPDATE_CONTROLLER_CONFIG (1009) body', () => {
    const [x] = exchanges('getControllerConfig', 1010);
    expect(Object.keys(fields(x!.request))).toEqual([]);
    const config = readResponse(getControllerConfig, x!.response, undefined, 'c');
    expect(config.controllerDLegerPeers).toBe('n0-127.0.0.1:9889');
    expect(config.enableControllerInNamesrv).toBe('true');
    expect(Object.keys(config)).toHaveLength(48);
    expect([...controllerBlackList(config)].sort()).toEqual(['configBlackList', 'configStorePath', 'rocketmqHome']);
    expect(parseDLedgerPeers(config.controllerDLegerPeers!)).toEqual(['127.0.0.1:9889']);
    expect(parseDLedgerPeers('n0-127.0.0.1:9878;n1-127.0.0.1:9868;')).toEqual(['127.0.0.1:9878', '127.0.0.1:9868']);
    const upd = buildRequest(updateControllerConfig, { properties: { enableElectUncleanMaster: 'true' } });
    expect(upd.code).toBe(1009);
    expect(Buffer.from(upd.body!).toString()).toBe('enableElectUncleanMaster=true\n');
  });

  it('CONTROLLER_ELECT_MASTER (1002): our header has the Java fields; the 2011 refusal decodes', () => {
    const [x] = exchanges('electMaster', 1002);
    const java = fields(x!.request);
    const ours = buildRequest(controllerElectMaster, { clusterName: 'ControllerCluster', brokerName: 'broker-c5', brokerId: 1, invokeTime: Number(java.invokeTime) });
    expect(ours.extFields).toEqual(java);
    expect(x!.response.code).toBe(2011);
    expect(decodeElectMasterResponse(x!.response)).toEqual({ masterBrokerId: 1, masterAddress: '127.0.0.1:10991', masterEpoch: 1, syncStateSetEpoch: 1, members: null });
    const ok = decodeElectMasterResponse({ ...x!.response, code: 0, body: Buffer.from('{"brokerAddrs":{2:"127.0.0.1:10992",1:"127.0.0.1:10991"},"brokerName":"broker-c5","cluster":"ControllerCluster"}') });
    expect(ok.members).toEqual({ cluster: 'ControllerCluster', brokerName: 'broker-c5', brokerAddrs: [{ brokerId: 1, addr: '127.0.0.1:10991' }, { brokerId: 2, addr: '127.0.0.1:10992' }] });
  });

  it('CLEAN_BROKER_DATA (1011): CleanControllerBrokerDataRequestHeader fields, nulls left out', () => {
    const r = buildRequest(controllerCleanBrokerData, { clusterName: 'C', brokerName: 'b', brokerControllerIdsToClean: '1;2', isCleanLivingBroker: false, invokeTime: 5 });
    expect(r.code).toBe(1011);
    expect(r.extFields).toEqual({ clusterName: 'C', brokerName: 'b', brokerControllerIdsToClean: '1;2', isCleanLivingBroker: 'false', invokeTime: '5' });
    const all = buildRequest(controllerCleanBrokerData, { brokerName: 'b', isCleanLivingBroker: true, invokeTime: 5 });
    expect(all.extFields).toEqual({ brokerName: 'b', isCleanLivingBroker: 'true', invokeTime: '5' });
  });

  it('-bn is read as --brokerName', () => {
    expect(rewriteBn(['-a', 'x', '-bn', 'broker-a', '-b', '1', '-bn=z'])).toEqual(['-a', 'x', '--brokerName', 'broker-a', '-b', '1', '--brokerName=z']);
  });
});
