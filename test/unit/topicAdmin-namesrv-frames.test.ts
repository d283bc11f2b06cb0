// updateTopicPerm, getNamesrvConfig and the order configuration against the frames the Java
// mqadmin 4.9.8 really exchanged (test/fixtures): the admin operations run over a client that
// answers with the captured responses, and what they send is compared with what the Java tool
// sent (extFields, Signature and AccessKey aside); the captured answers decode to what
// transcript.txt printed. Requests without a capture (write perm, NameServer config update) are
// checked for their shape.

import { describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { applyUpdateTopicPerm, planUpdateTopicPerm, validateTopicPerm } from '../../src/admin/topics.js';
import { changeWritePerm, getNamesrvConfigs, parseOrderConf, updateOrderConf } from '../../src/admin/namesrvConfig.js';
import { buildRequest, readResponse } from '../../src/protocol/requests/define.js';
import { addWritePermOfBroker, updateNamesrvConfig, wipeWritePermOfBroker } from '../../src/protocol/requests/namesrv.js';
import type { RemotingClient } from '../../src/remoting/client.js';
import { decodeFrame, encodeFrame } from '../../src/remoting/codec.js';
import { createResponse, type RemotingCommand } from '../../src/remoting/command.js';
import { scenarioFrames, transcript } from '../helpers/fixtures.js';
import { loadExchanges } from '../helpers/replayServer.js';

const SETS = ['rocketmq-4.9.8', 'rocketmq-4.9.8-binary'];
const VOLATILE = new Set(['Signature', 'AccessKey']);
const NAMESRV = '127.0.0.1:9876';
const BROKER = '127.0.0.1:10911';

function fields(cmd: RemotingCommand, drop: string[] = []): Record<string, string> {
  return Object.fromEntries(
    Object.entries(cmd.extFields ?? {})
      .filter(([k, v]) => !VOLATILE.has(k) && !drop.includes(k) && v !== undefined && v !== null)
      .map(([k, v]) => [k, String(v)]),
  );
}

/**
 * A client that answers each request with the captured response of the request with the same
 * code and fields (the NameServer's at 127.0.0.1:9876, the broker's at 127.0.0.1:10911), or with
 * `extra` for codes the capture lacks. Everything sent is kept.
 */
class CapturedClient {
  readonly sent: Array<{ addr: string; cmd: RemotingCommand }> = [];
  constructor(
    private readonly scenario: string,
    private readonly extra: (addr: string, cmd: RemotingCommand) => RemotingCommand | undefined = () => undefined,
  ) {}

  async invoke(addr: string, cmd: RemotingCommand): Promise<RemotingCommand> {
    // What the transport writes: every extField a string.
    const wire = decodeFrame(encodeFrame(cmd));
    this.sent.push({ addr, cmd: wire });
    const own = this.extra(addr, wire);
    if (own) return own;
    const exchanges = loadExchanges(this.scenario, addr === NAMESRV ? 9876 : 10911);
    // 5.x's `attributes` (empty) is the one field the 4.9.8 tool does not send.
    const key = JSON.stringify(Object.entries(fields(wire, ['attributes'])).sort());
    const hit = exchanges.find((e) => e.request.code === wire.code && JSON.stringify(Object.entries(fields(e.request)).sort()) === key);
    if (!hit) throw new Error(`no captured answer for ${wire.code} ${key} at ${addr}`);
    return { ...hit.response, opaque: wire.opaque };
  }

  async close(): Promise<void> {}
}

function adminOver(client: CapturedClient): MQAdmin {
  return new MQAdmin({ namesrvAddr: NAMESRV, client: client as unknown as RemotingClient });
}

/** The n-th captured request with `code`. */
function javaRequest(scenario: string, code: number, n = 0): RemotingCommand {
  const frames = scenarioFrames(scenario).filter((f) => f.dir === 'c2s' && f.kind === 'req' && f.code === code);
  return decodeFrame(frames[n]!.bytes);
}

/** The broker's topic table before updateTopicPerm, as it registered it (updateTopic-order). */
function capturedTopicTable(set: string): RemotingCommand['body'] {
  const reg = javaRequest(`${set}/updateTopic-order`, 103);
  const wrapper = JSON.parse(reg.body!.toString('utf8')).topicConfigSerializeWrapper;
  return Buffer.from(JSON.stringify(wrapper), 'utf8');
}

for (const set of SETS) {
  describe(`as the Java tool did it (${set})`, () => {
    it('updateTopicPerm -c DefaultCluster -t FxOrderTopic -p 4: the same UPDATE_AND_CREATE_TOPIC, "from 6 to 4"', async () => {
      const scenario = `${set}/updateTopicPerm`;
      const client = new CapturedClient(scenario, (addr, cmd) =>
        cmd.code === 21 && addr === BROKER ? createResponse(cmd, 0, { body: capturedTopicTable(set) }) : undefined,
      );
      const admin = adminOver(client);
      const plan = await planUpdateTopicPerm(admin, { topic: 'FxOrderTopic', cluster: 'DefaultCluster', perm: 4 });
      expect(plan.failures).toEqual([]);
      expect(plan.brokers).toMatchObject([{ brokerName: 'broker-a', addr: BROKER, readQueueNums: 2, writeQueueNums: 2, topicSysFlag: 0, before: 6, after: 4, lossy: true }]);
      const result = await applyUpdateTopicPerm(admin, plan);
      expect(result.failures).toEqual([]);
      expect(result.brokers.map((b) => b.outcome)).toEqual(['updated']);

      // The transcript: "update topic perm from 6 to 4 in 127.0.0.1:10911 success."
      const [, from, to, addr] = /update topic perm from (\d) to (\d) in (\S+) success/.exec(transcript(scenario))!;
      expect([result.brokers[0]!.before, result.brokers[0]!.after, result.brokers[0]!.addr]).toEqual([Number(from), Number(to), addr]);

      const ours = client.sent.filter((s) => s.cmd.code === 17);
      expect(ours.map((s) => s.addr)).toEqual([BROKER]);
      // 5.x's `attributes` is the only extra field, and empty.
      expect(fields(ours[0]!.cmd).attributes).toBe('');
      expect(fields(ours[0]!.cmd, ['attributes'])).toEqual(fields(javaRequest(scenario, 17)));
      // The route asked for is the topic's, with the Java fields.
      expect(fields(client.sent.find((s) => s.cmd.code === 105)!.cmd)).toEqual(fields(javaRequest(scenario, 105)));
    });

    it('getNamesrvConfig: the same request, and the answer is what the Java tool printed, sorted', async () => {
      const scenario = `${set}/getNamesrvConfig`;
      const client = new CapturedClient(scenario);
      const result = await getNamesrvConfigs(adminOver(client));
      expect(result.failures).toEqual([]);
      expect(fields(client.sent[0]!.cmd)).toEqual(fields(javaRequest(scenario, 319)));
      const printed = transcript(scenario)
        .split('\n')
        .map((l) => /^(\S+)\s+=  (.*)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!] as const);
      expect(printed.length).toBeGreaterThan(15);
      const config = result.namesrvs[NAMESRV]!;
      expect(Object.entries(config)).toEqual([...printed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(transcript(scenario)).toContain(`============${NAMESRV}============`);
    });

    it('updateOrderConf -m put: the same GET_KV_CONFIG and PUT_KV_CONFIG as updateTopic -o true; the not-found answer reads as no value before', async () => {
      const scenario = `${set}/updateTopic-order`;
      let put: string | null = null;
      const client = new CapturedClient(scenario, (_addr, cmd) => {
        if (cmd.code === 100) put = cmd.extFields!.value as string;
        // After the put, the NameServer holds the value (the capture has no second read).
        if (cmd.code === 101 && put !== null) return createResponse(cmd, 0, { extFields: { value: put } });
        return undefined;
      });
      const result = await updateOrderConf(adminOver(client), { topic: 'FxOrderTopic', method: 'put', orderConf: 'broker-a:2' });
      expect(result.failures).toEqual([]);
      const gets = client.sent.filter((s) => s.cmd.code === 101);
      expect(fields(gets[0]!.cmd)).toEqual(fields(javaRequest(scenario, 101)));
      const puts = client.sent.filter((s) => s.cmd.code === 100);
      if (set === 'rocketmq-4.9.8') {
        // The plain capture found no entry (code 22): before is null, and the put is Java's.
        expect(puts).toHaveLength(1);
        expect(fields(puts[0]!.cmd)).toEqual(fields(javaRequest(scenario, 100)));
        expect(result.method === 'put' && result.namesrvs[0]).toEqual({ addr: NAMESRV, before: null, after: 'broker-a:2', outcome: 'set' });
      } else {
        // The binary capture's NameServer already held it (the earlier run's): nothing is sent.
        expect(puts).toHaveLength(0);
        expect(result.method === 'put' && result.namesrvs[0]).toEqual({ addr: NAMESRV, before: 'broker-a:2', after: 'broker-a:2', outcome: 'unchanged' });
      }
      // The transcript's `orderConf=[broker-a:2]`.
      expect(transcript(scenario)).toContain(`orderConf=[${put ?? 'broker-a:2'}]`);
    });
  });
}

describe('request shapes without a capture', () => {
  it('WIPE_WRITE_PERM_OF_BROKER / ADD_WRITE_PERM_OF_BROKER: header brokerName; the counts from the answer header', async () => {
    expect(fields(buildRequest(wipeWritePermOfBroker, { brokerName: 'broker-a' }))).toEqual({ brokerName: 'broker-a' });
    expect(fields(buildRequest(addWritePermOfBroker, { brokerName: 'broker-a' }))).toEqual({ brokerName: 'broker-a' });
    const req = buildRequest(wipeWritePermOfBroker, { brokerName: 'broker-a' });
    expect(readResponse(wipeWritePermOfBroker, createResponse(req, 0, { extFields: { wipeTopicCount: '7' } }), { brokerName: 'broker-a' }, 'ns')).toBe(7);
    expect(readResponse(addWritePermOfBroker, createResponse(req, 0, { extFields: { addTopicCount: '3' } }), { brokerName: 'broker-a' }, 'ns')).toBe(3);

    // Over two NameServers, each count is reported; a failing one is kept apart.
    const client = {
      async invoke(addr: string, cmd: RemotingCommand) {
        if (addr === '127.0.0.1:9877') return createResponse(cmd, 1, { remark: 'boom' });
        return createResponse(cmd, 0, { extFields: { wipeTopicCount: '5' } });
      },
      async close() {},
    };
    const admin = new MQAdmin({ namesrvAddr: '127.0.0.1:9876;127.0.0.1:9877', client: client as unknown as RemotingClient });
    const r = await changeWritePerm(admin, 'broker-a', 'wipe');
    expect(r.namesrvs).toEqual([{ addr: '127.0.0.1:9876', topicCount: 5 }]);
    expect(r.failures.map((f) => f.target)).toEqual(['127.0.0.1:9877']);
  });

  it('UPDATE_NAMESRV_CONFIG: one `key=value` line in the body, no header', () => {
    const req = buildRequest(updateNamesrvConfig, { properties: { orderMessageEnable: 'true' } });
    expect(fields(req)).toEqual({});
    expect(Buffer.from(req.body as Buffer).toString('utf8')).toBe('orderMessageEnable=true\n');
  });

  it('perm and order configuration checks', () => {
    expect(validateTopicPerm('T', 6)).toBe(6);
    expect(() => validateTopicPerm('T', 7)).toThrow(/invalid perm 7/);
    expect(validateTopicPerm('TBW102', 7)).toBe(7);
    expect(parseOrderConf('broker-a:4;broker-b:8;')).toEqual([
      { brokerName: 'broker-a', queueNums: 4 },
      { brokerName: 'broker-b', queueNums: 8 },
    ]);
    expect(() => parseOrderConf('')).toThrow(/empty/);
    expect(() => parseOrderConf('broker-a:x')).toThrow(/invalid order configuration entry/);
  });
});
