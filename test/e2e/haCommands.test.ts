// The HA and controller commands end to end: bin/run.js against the real answers of RocketMQ
// 5.3.3 (test/fixtures/rocketmq-5.3.3-more: haStatus of broker-a5 on 10951 with its slave; the ctrl
// cluster, NameServer 9888 with the DLedger controller embedded on 9889 and broker-c5 on 10991 in
// controller mode), checking the facts of the Java transcripts and the requests the Java tool
// sent; then against the embedded dev cluster, which has no slave and no controller.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/remoting/codec.js';
import { createResponse, type RemotingCommand } from '../../src/remoting/command.js';
import { runCli } from '../helpers/cli.js';
import { startEmbedded, type EmbeddedCluster } from '../helpers/embedded.js';
import { scenarioFrames, transcript } from '../helpers/fixtures.js';
import { startReplayCluster, type ReplayCluster, type ReplayOptions } from '../helpers/replayServer.js';

const V5 = 'rocketmq-5.3.3-more';
const DEFAULT5: ReplayOptions = { namesrvPort: 9877, brokerPort: 10951 };
/** The controller plays the "broker" of the replay: its frames were captured on 9889. */
const CTRL: ReplayOptions = { namesrvPort: 9888, brokerPort: 9889 };
const CTRL_BROKER: ReplayOptions = { namesrvPort: 9888, brokerPort: 10991 };
const lines = (text: string) => text.trimEnd().split('\n');
const cells = (line: string) => line.trim().split(/\s{2,}/);

function javaRequest(scenario: string, code: number, n = 0): RemotingCommand {
  const frames = scenarioFrames(`${V5}/${scenario}`).filter((f) => f.dir === 'c2s' && f.kind === 'req' && f.code === code);
  return decodeFrame(frames[n]!.bytes);
}

const ok = (request: RemotingCommand, body?: string): RemotingCommand => createResponse(request, 0, { version: 479, ...(body !== undefined ? { body } : {}) });

/** `#Key\tvalue` lines of a Java transcript. */
function javaFacts(scenario: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines(transcript(`${V5}/${scenario}`))) {
    const m = /^#([^\t]+)\t(.*)$/.exec(l);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

describe('against the replayed 5.3.3 clusters', () => {
  let replay: ReplayCluster | undefined;
  afterEach(async () => {
    await replay?.close();
    replay = undefined;
  });
  const start = async (scenarios: string[], options: ReplayOptions, respond?: ReplayOptions['respond']) => {
    replay = await startReplayCluster(scenarios.map((s) => `${V5}/${s}`), { ...options, ...(respond ? { respond } : {}) });
    return replay;
  };
  const sent = (code: number) => replay!.received.filter((r) => r.request.code === code).map((r) => r.request);

  it('haStatus -b: the master, its offset and its slave as the Java transcript shows them', async () => {
    await start(['haStatus'], DEFAULT5);
    const r = await runCli(['haStatus', '-n', replay!.namesrvAddr, '-b', replay!.brokerAddr]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const facts = javaFacts('haStatus');
    const out = lines(r.stdout);
    expect(out[0]).toBe(`Master broker-a5 (${replay!.brokerAddr}): commit log max offset ${Number(facts.MasterCommitLogMaxOffset).toLocaleString('en-US')}, ${facts.SlaveNum} slave, ${facts.InSyncSlaveNum} in sync`);
    expect(cells(out[2]!)).toEqual(['SLAVE (HA ADDRESS)', 'ACK OFFSET', 'BEHIND', 'CATCH-UP', 'SPEED (KB/s)', 'STATUS', 'NEXT OFFSET']);
    // Java: 127.0.0.1:41798  712889  0  0.00  OK  712889
    const java = lines(transcript(`${V5}/haStatus`)).find((l) => l.startsWith('127.0.0.1:41798'))!.trim().split(/\s+/);
    const row = cells(out[3]!);
    expect(row[0]).toBe(java[0]);
    expect(row[1]!.replaceAll(',', '')).toBe(java[1]);
    expect(row[2]).toBe(`${java[2]} B`);
    expect(row[3]).toBe('0s');
    expect(row[4]).toBe(java[3]);
    expect(row[5]).toBe(java[4]);
    expect(row[6]!.replaceAll(',', '')).toBe(java[5]);
    expect(sent(907)).toHaveLength(1);
    expect(sent(907)[0]!.extFields ?? {}).toEqual(javaRequest('haStatus', 907).extFields ?? {});

    const json = await runCli(['haStatus', '-n', replay!.namesrvAddr, '-c', 'DefaultCluster', '--json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.brokers).toHaveLength(1); // masters only: the slave is not asked
    expect(doc.brokers[0]).toMatchObject({ brokerName: 'broker-a5', role: 'master', maxOffset: 712889, inSyncSlaves: 1 });
    expect(doc.brokers[0].slaves[0]).toMatchObject({ addr: '127.0.0.1:41798', ackOffset: 712889, behindBytes: 0, inSync: true });
    expect(doc.failures).toEqual([]);
  });

  it('haStatus -i with --rounds: one JSON line per round, then it ends', async () => {
    await start(['haStatus'], DEFAULT5);
    const r = await runCli(['haStatus', '-n', replay!.namesrvAddr, '-b', replay!.brokerAddr, '-i', '1', '--rounds', '2', '--json']);
    expect(r.code).toBe(0);
    const rounds = lines(r.stdout).map((l) => JSON.parse(l));
    expect(rounds).toHaveLength(2);
    expect(rounds[1].brokers[0].maxOffset).toBe(712889);
    expect(sent(907)).toHaveLength(2);
  });

  it('haStatus: a 4.x broker (no code 907) and a broker without an HA service: one line, exit 3', async () => {
    await start(['haStatus'], DEFAULT5, (role, req) => (role === 'broker' && req.code === 907 ? createResponse(req, 3, { remark: ' request type 907 not supported' }) : undefined));
    const r = await runCli(['haStatus', '-n', replay!.namesrvAddr, '-b', replay!.brokerAddr]);
    expect(r.code).toBe(3);
    expect(lines(r.stderr)[0]).toBe(`error: broker ${replay!.brokerAddr} does not know GET_BROKER_HA_STATUS (a RocketMQ 4.x broker): haStatus needs RocketMQ 5.x`);
    await replay!.close();
    await start(['haStatus'], DEFAULT5, (role, req) => (role === 'broker' && req.code === 907 ? createResponse(req, 1, { remark: 'Can not get HARuntimeInfo, may be duplicationEnable is true' }) : undefined));
    const d = await runCli(['haStatus', '-n', replay!.namesrvAddr, '-b', replay!.brokerAddr]);
    expect(d.code).toBe(3);
    expect(d.stderr).toContain('has no HA service');
  });

  it('haStatus -b on a slave: the HA address it follows, its offset and its last reads and writes', async () => {
    const body = '{"haClientRuntimeInfo":{"activated":true,"lastReadTimestamp":1796356323017,"lastWriteTimestamp":1796356324017,"masterAddr":"127.0.0.1:10952","masterFlushOffset":700000,"maxOffset":712889,"transferredByteInSecond":3072},"haConnectionInfo":[],"inSyncSlaveNums":0,"master":false,"masterCommitLogMaxOffset":0}';
    await start(['haStatus'], DEFAULT5, (role, req) => (role === 'broker' && req.code === 907 ? ok(req, body) : undefined));
    const r = await runCli(['haStatus', '-n', replay!.namesrvAddr, '-b', replay!.brokerAddr]);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe(`Slave broker-a5 (${replay!.brokerAddr})`);
    expect(r.stdout).toContain('Follows (HA address)   127.0.0.1:10952');
    expect(r.stdout).toContain('Commit log max offset  712,889');
    expect(r.stdout).toContain('Transfer speed         3.00 KB/s');
    expect(r.stdout).toContain('Master flush offset    700,000');
    expect(r.stdout).toMatch(/Last read {14}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.017/);
  });

  it('getControllerMetaData -a: group, leader and peers of the transcript', async () => {
    await start(['getControllerMetaData'], CTRL);
    const r = await runCli(['getControllerMetaData', '-n', replay!.namesrvAddr, '-a', replay!.brokerAddr]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const facts = javaFacts('getControllerMetaData');
    expect(r.stdout).toContain(`Controller group  ${facts.ControllerGroup}`);
    expect(r.stdout).toContain(`Leader id         ${facts.ControllerLeaderId}`);
    expect(r.stdout).toContain(`Leader address    ${facts.ControllerLeaderAddress}`);
    expect(r.stdout).toContain(`Peers             ${facts['Peer:']}`);
    expect(r.stdout).toContain('(the leader)');
    const json = await runCli(['getControllerMetaData', '-n', replay!.namesrvAddr, '-a', replay!.brokerAddr, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ group: 'group1', controllerLeaderId: 'n0', controllerLeaderAddress: '127.0.0.1:9889', isLeader: true, peers: ['n0:127.0.0.1:9889'], source: 'flag' });
  });

  it('without -a the controller is the NameServer\'s embedded one (enableControllerInNamesrv, controllerDLegerPeers)', async () => {
    let ctrl = '';
    await start(['getControllerMetaData'], CTRL, (role, req) =>
      role === 'namesrv' && req.code === 319 ? ok(req, `enableControllerInNamesrv=true\ncontrollerDLegerPeers=n0-${ctrl}\n`) : undefined,
    );
    ctrl = replay!.brokerAddr;
    const r = await runCli(['getControllerMetaData', '-n', replay!.namesrvAddr, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ addr: ctrl, source: 'namesrv', group: 'group1' });
  });

  it('getSyncStateSet -b: master, epochs and the in-sync replica of the transcript; the Java body', async () => {
    await start(['getSyncStateSet'], CTRL);
    const r = await runCli(['getSyncStateSet', '-n', replay!.namesrvAddr, '-a', replay!.brokerAddr, '-b', 'broker-c5']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const f = javaFacts('getSyncStateSet');
    const out = lines(r.stdout);
    expect(out[0]).toBe(`${f.brokerName}: master broker id ${f.MasterBrokerId} (${f.MasterAddr}), master epoch ${f.MasterEpoch}, sync-state set epoch ${f.SyncStateSetEpoch}, ${f.SyncStateSetNums} in sync`);
    expect(cells(out[2]!)).toEqual(['BROKER ID', 'ADDRESS', 'ROLE', 'IN SYNC', 'ALIVE']);
    // InSyncReplica: ReplicaIdentity{brokerName='broker-c5', brokerId=1, brokerAddress='127.0.0.1:10991', alive=true}
    expect(cells(out[3]!)).toEqual(['1', '127.0.0.1:10991', 'master', 'yes', 'yes']);
    expect(sent(1006)[0]!.body!.toString()).toBe(javaRequest('getSyncStateSet', 1006).body!.toString());
    expect(sent(1005)).toHaveLength(1);
  });

  it('getSyncStateSet -c: the broker names of the cluster from the NameServer', async () => {
    await start(['getSyncStateSet'], CTRL);
    const r = await runCli(['getSyncStateSet', '-n', replay!.namesrvAddr, '-a', replay!.brokerAddr, '-c', 'ControllerCluster', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).brokers[0]).toMatchObject({ brokerName: 'broker-c5', masterBrokerId: 1, masterEpoch: 1 });
    const unknown = await runCli(['getSyncStateSet', '-n', replay!.namesrvAddr, '-a', replay!.brokerAddr, '-c', 'Nope']);
    expect(unknown.code).toBe(4);
  });

  it('getBrokerEpoch -b: cluster, broker, address, id and epoch of the transcript', async () => {
    await start(['getBrokerEpoch'], CTRL_BROKER);
    const r = await runCli(['getBrokerEpoch', '-n', replay!.namesrvAddr, '-b', 'broker-c5']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const f = javaFacts('getBrokerEpoch');
    const out = lines(r.stdout);
    expect(out[0]).toBe(`${f.brokerName} (${replay!.brokerAddr}): cluster ${f.clusterName}, broker id ${f.brokerId}, max offset 0`);
    // #Epoch: EpochEntry{epoch=1, startOffset=0, endOffset=0}
    expect(cells(out[2]!)).toEqual(['EPOCH', 'START OFFSET', 'END OFFSET']);
    expect(cells(out[3]!)).toEqual(['1', '0', '0']);
    expect(sent(1007)[0]!.extFields ?? {}).toEqual(javaRequest('getBrokerEpoch', 1007).extFields ?? {});
  });

  it('getBrokerEpoch: a broker not in controller mode is one line, exit 3', async () => {
    await start(['getBrokerEpoch'], CTRL_BROKER, (role, req) => (role === 'broker' && req.code === 1007 ? createResponse(req, 1, { remark: 'this request only for controllerMode ' }) : undefined));
    const r = await runCli(['getBrokerEpoch', '-n', replay!.namesrvAddr, '-c', 'ControllerCluster']);
    expect(r.code).toBe(3);
    expect(lines(r.stderr)[0]).toBe(`error: broker ${replay!.brokerAddr} is not in controller mode: it keeps no epoch cache`);
  });

  it('getControllerConfig -a: every setting of the transcript; -k filters', async () => {
    await start(['getControllerConfig'], CTRL);
    const r = await runCli(['getControllerConfig', '-n', replay!.namesrvAddr, '-a', replay!.brokerAddr, '--json']);
    expect(r.code).toBe(0);
    const config = JSON.parse(r.stdout).controllers[0].config as Record<string, string>;
    const java = lines(transcript(`${V5}/getControllerConfig`)).filter((l) => / {2}= {2}/.test(l)).map((l) => {
      const i = l.indexOf('=  ');
      return [l.slice(0, i).trim(), l.slice(i + 3)] as const;
    });
    expect(java.length).toBe(48);
    for (const [k, v] of java) {
      if (k === 'jraftConfig') continue; // the Java tool prints its own object's toString
      expect(config[k]!.replaceAll(replay!.brokerAddr, '127.0.0.1:9889'), k).toBe(v);
    }
    const text = await runCli(['getControllerConfig', '-n', replay!.namesrvAddr, '-a', replay!.brokerAddr, '-k', 'elect']);
    expect(text.code).toBe(0);
    expect(lines(text.stdout)[0]).toBe(`Controller ${replay!.brokerAddr}`);
    expect(lines(text.stdout).slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['electMasterMaxRetryCount', 'enableElectUncleanMaster', 'serverSelectorThreads', 'useEpollNativeSelector']);
  });

  it('updateControllerConfig: checks the key, asks for --yes, sends key=value only and reads it back', async () => {
    let updated: string | undefined;
    await start(['getControllerConfig'], CTRL, (role, req) => {
      if (role !== 'broker') return undefined;
      if (req.code === 1009) {
        updated = req.body!.toString();
        return ok(req);
      }
      return undefined;
    });
    const base = ['updateControllerConfig', '-n', replay!.namesrvAddr, '-a', replay!.brokerAddr];
    const unknown = await runCli([...base, '-k', 'enableElectUnclean', '-v', 'true', '--yes']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown controller config key "enableElectUnclean"');
    expect(unknown.stderr).toContain('enableElectUncleanMaster');
    const black = await runCli([...base, '-k', 'configStorePath', '-v', '/tmp/x', '--yes']);
    expect(black.code).toBe(2);
    expect(black.stderr).toContain('black list');
    const badType = await runCli([...base, '-k', 'enableElectUncleanMaster', '-v', 'yes', '--yes']);
    expect(badType.code).toBe(2);
    const noYes = await runCli([...base, '-k', 'enableElectUncleanMaster', '-v', 'true']);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('pass --yes');
    const dry = await runCli([...base, '-k', 'enableElectUncleanMaster', '-v', 'true', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(cells(lines(dry.stdout)[1]!)).toEqual([replay!.brokerAddr, 'enableElectUncleanMaster', 'false', 'true', 'update']);
    expect(updated).toBeUndefined();
    // The replay keeps answering the captured config, so the read-back says it was not taken.
    const r = await runCli([...base, '-k', 'enableElectUncleanMaster', '-v', 'true', '--yes']);
    expect(updated).toBe('enableElectUncleanMaster=true\n');
    expect(r.code).toBe(3);
    expect(cells(lines(r.stdout)[1]!)).toEqual([replay!.brokerAddr, 'enableElectUncleanMaster', 'false', 'false', 'not taken']);
    expect(r.stderr).toContain('reads back as false, not true');
  });

  it('electMaster: the Java header; the controller\'s refusal (2011, the master is alive) is one line, exit 3', async () => {
    await start(['electMaster', 'getSyncStateSet'], CTRL);
    const base = ['electMaster', '-n', replay!.namesrvAddr, '-a', replay!.brokerAddr, '-c', 'ControllerCluster', '-bn', 'broker-c5', '-b', '1'];
    const noYes = await runCli(base);
    expect(noYes.code).toBe(2);
    expect(sent(1002)).toHaveLength(0);
    const dry = await runCli([...base, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(lines(dry.stdout)[1]).toBe('Now: master broker id 1 (127.0.0.1:10991), epoch 1');
    expect(sent(1002)).toHaveLength(0);
    const r = await runCli([...base, '--yes']);
    expect(r.code).toBe(3);
    expect(lines(r.stderr)[0]).toBe('error: no election for broker-c5 (broker id 1): the master is still alive (CONTROLLER_MASTER_STILL_EXIST: The old master 1 is still alive, not need to elect new master for broker broker-c5)');
    const java = { ...javaRequest('electMaster', 1002).extFields };
    const ours = { ...sent(1002)[0]!.extFields };
    expect(Number(ours.invokeTime)).toBeGreaterThan(Number(java.invokeTime));
    delete java.invokeTime;
    delete ours.invokeTime;
    expect(ours).toEqual(java);
  });

  it('electMaster: a new master is printed with the members of the broker', async () => {
    await start(['getSyncStateSet'], CTRL, (role, req) =>
      role === 'broker' && req.code === 1002
        ? createResponse(req, 0, { extFields: { masterBrokerId: '2', masterAddress: '127.0.0.1:10992', masterEpoch: '2', syncStateSetEpoch: '2' }, body: '{"brokerAddrs":{1:"127.0.0.1:10991",2:"127.0.0.1:10992"},"brokerName":"broker-c5","cluster":"ControllerCluster"}' })
        : undefined,
    );
    const r = await runCli(['electMaster', '-n', replay!.namesrvAddr, '-a', replay!.brokerAddr, '-c', 'ControllerCluster', '-bn', 'broker-c5', '-b', '2', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Master                broker id 2 (127.0.0.1:10992)');
    expect(r.stdout).toContain('Master epoch          2');
    expect(cells(lines(r.stdout).at(-1)!)).toEqual(['2', '127.0.0.1:10992']);
  });

  it('cleanBrokerMetadata: checks its input, asks for --yes, sends the Java header; a refusal is exit 3', async () => {
    let refuse = false;
    await start(['getSyncStateSet'], CTRL, (role, req) =>
      role === 'broker' && req.code === 1011 ? (refuse ? createResponse(req, 2009, { remark: 'The broker broker-c5 is still alive' }) : ok(req)) : undefined,
    );
    const base = ['cleanBrokerMetadata', '-n', replay!.namesrvAddr, '-a', replay!.brokerAddr, '-bn', 'broker-c5'];
    expect((await runCli([...base, '-b', '1', '--yes'])).code).toBe(2); // no -c and no -l
    expect((await runCli([...base, '-c', 'ControllerCluster', '-b', '1;x', '--yes'])).code).toBe(2);
    expect((await runCli([...base, '-c', 'ControllerCluster', '-b', '2'])).code).toBe(2); // no --yes
    const dry = await runCli([...base, '-c', 'ControllerCluster', '-b', '2', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(lines(dry.stdout)[0]).toBe(`Would remove broker id 2 of broker-c5 (cluster ControllerCluster) from controller ${replay!.brokerAddr} (dry run: nothing was changed)`);
    expect(sent(1011)).toHaveLength(0);
    const r = await runCli([...base, '-c', 'ControllerCluster', '-b', '2;3', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`Removed broker ids 2, 3 of broker-c5 (cluster ControllerCluster) from controller ${replay!.brokerAddr}`);
    const h = sent(1011)[0]!.extFields!;
    expect(h).toMatchObject({ clusterName: 'ControllerCluster', brokerName: 'broker-c5', brokerControllerIdsToClean: '2;3', isCleanLivingBroker: 'false' });
    expect(Number(h.invokeTime)).toBeGreaterThan(0);
    refuse = true;
    const refused = await runCli([...base, '-l', '--yes']);
    expect(refused.code).toBe(3);
    expect(lines(refused.stderr)[0]).toContain('refused to clean the metadata of broker-c5: CONTROLLER_INVALID_CLEAN_BROKER_METADATA');
    expect(sent(1011)[1]!.extFields).not.toHaveProperty('clusterName');
  });

  it('an address that is not a controller (REQUEST_CODE_NOT_SUPPORTED): one line, exit 3', async () => {
    await start(['getSyncStateSet'], CTRL, (role, req) => (role === 'broker' ? createResponse(req, 3, { remark: ' request type 1005 not supported' }) : undefined));
    for (const args of [['getControllerMetaData'], ['getSyncStateSet', '-b', 'broker-c5'], ['getControllerConfig'], ['electMaster', '-c', 'C', '-bn', 'b', '-b', '1', '--yes']]) {
      const r = await runCli([...args, '-n', replay!.namesrvAddr, '-a', replay!.brokerAddr]);
      expect(r.code, args[0]).toBe(3);
      expect(lines(r.stderr)[0], args[0]).toMatch(new RegExp(`^error: ${replay!.brokerAddr} is not a controller: it does not know (CONTROLLER_|GET_CONTROLLER_CONFIG)`));
    }
  });
});

describe('against the dev cluster (no slave, no controller)', () => {
  let cluster: EmbeddedCluster;
  beforeAll(async () => {
    cluster = await startEmbedded();
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('haStatus: the master has no slaves', async () => {
    const addr = cluster.brokers[0]!.address;
    const r = await runCli(['haStatus', '-n', cluster.namesrvAddr, '-c', 'DefaultCluster']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(new RegExp(`^Master broker-a \\(${addr}\\): commit log max offset [\\d,]+, 0 slaves, 0 in sync$`));
    expect(out[1]).toBe('No slaves are connected.');
  });

  it('the controller commands: not in controller mode, one line, exit 3', async () => {
    const n = ['-n', cluster.namesrvAddr];
    const meta = await runCli(['getControllerMetaData', ...n]);
    expect(meta.code).toBe(3);
    expect(lines(meta.stderr)[0]).toMatch(/^error: the cluster is not in controller mode: neither the NameServer .* has a controller nor its brokers .* use one$/);
    for (const args of [['getSyncStateSet', '-b', 'broker-a'], ['getControllerConfig'], ['updateControllerConfig', '-k', 'a', '-v', 'b', '--yes'], ['electMaster', '-c', 'DefaultCluster', '-bn', 'broker-a', '-b', '1', '--yes'], ['cleanBrokerMetadata', '-c', 'DefaultCluster', '-bn', 'broker-a', '--yes']]) {
      const r = await runCli([...args, ...n]);
      expect(r.code, args[0]).toBe(3);
      expect(r.stderr, args[0]).toContain('not in controller mode');
    }
    // The NameServer given as the controller does not know the codes.
    const asked = await runCli(['getControllerMetaData', ...n, '-a', cluster.namesrvAddr]);
    expect(asked.code).toBe(3);
    expect(lines(asked.stderr)[0]).toBe(`error: ${cluster.namesrvAddr} is not a controller: it does not know CONTROLLER_GET_METADATA_INFO, so the cluster is not in controller mode there`);
  });

  it('getBrokerEpoch: the broker is not in controller mode, exit 3', async () => {
    const r = await runCli(['getBrokerEpoch', '-n', cluster.namesrvAddr, '-b', 'broker-a']);
    expect(r.code).toBe(3);
    expect(lines(r.stderr)[0]).toBe(`error: broker ${cluster.brokers[0]!.address} is not in controller mode: it keeps no epoch cache`);
  });
});
