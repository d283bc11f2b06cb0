// ACL 1.0 administration requests against the frames the Java mqadmin 4.9.8 really sent and
// received on an ACL broker (test/fixtures/rocketmq-4.9.8-more/acl-*): our requests for the same
// command lines carry the same header fields (and, signed with the same account, the same
// Signature), and the captured answers decode. Plus the checks made before anything is sent, and
// the body of code 54 as 4.6-4.9.7 brokers write it.

import { describe, expect, it } from 'vitest';
import { accountProblem, accountView, splitList, whiteListProblem } from '../../src/admin/acl.js';
import { signRequest } from '../../src/protocol/acl.js';
import { RequestCode } from '../../src/protocol/codes.js';
import { parseFastJson } from '../../src/protocol/fastjson.js';
import {
  decodeBrokerAclConfig,
  deleteAclConfig,
  getBrokerClusterAclConfig,
  getBrokerClusterAclInfo,
  updateAndCreateAclConfig,
  updateGlobalWhiteAddrsConfig,
  type AclAccountArgs,
} from '../../src/protocol/requests/acl.js';
import { buildRequest, readResponse, type RequestDefinition } from '../../src/protocol/requests/define.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { accountSecretsFromArgv } from '../../src/commands/updateAclConfig.js';
import { scenarioFrames, scenarioIndex, transcript } from '../helpers/fixtures.js';

const SET = 'rocketmq-4.9.8-more';
/** The account the captures were signed with (test/fixtures/README.md). */
const JAVA_ACCOUNT = { accessKey: 'rocketmq2', secretKey: '12345678' };
const VOLATILE = new Set(['Signature', 'AccessKey']);

function captured(scenario: string, code: number): { request: RemotingCommand; response: RemotingCommand } {
  const frames = scenarioFrames(`${SET}/${scenario}`);
  const index = scenarioIndex(`${SET}/${scenario}`);
  const reqFrame = frames.find((f) => f.dir === 'c2s' && f.kind === 'req' && f.code === code)!;
  const request = decodeFrame(reqFrame.bytes);
  const [client, server] = index.find((e) => e.file === reqFrame.file)!.connection.split('>');
  const entry = index.find((e) => e.kind === 'response' && e.connection === `${server}>${client}` && e.header.opaque === request.opaque)!;
  return { request, response: decodeFrame(frames.find((f) => f.file === entry.file)!.bytes) };
}

const javaFields = (cmd: RemotingCommand): Record<string, string> => Object.fromEntries(Object.entries(cmd.extFields ?? {}).filter(([k]) => !VOLATILE.has(k)));

function ours<A>(def: RequestDefinition<A, unknown>, args: A): RemotingCommand {
  const built = buildRequest(def, args);
  return { ...built, extFields: Object.fromEntries(Object.entries(built.extFields ?? {}).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)])) };
}

/** Our request signed as the Java tool's was: the same Signature means the same fields and values. */
function signature(cmd: RemotingCommand): string {
  const copy = { ...cmd, extFields: { ...cmd.extFields } };
  signRequest(copy, JAVA_ACCOUNT);
  return copy.extFields.Signature!;
}

describe('updateAclConfig (UPDATE_AND_CREATE_ACL_CONFIG, 50)', () => {
  it('sends what the Java tool sent for -a fxuser01 -s fxsecret01 -i SUB -u SUB -t SecureTopic=PUB|SUB -g FxAclGroup=SUB -m false', () => {
    expect(transcript(`${SET}/acl-updateAclConfig`)).toContain('-a fxuser01 -s fxsecret01 -i SUB -u SUB -t SecureTopic=PUB|SUB -g FxAclGroup=SUB -m false');
    const { request, response } = captured('acl-updateAclConfig', RequestCode.UPDATE_AND_CREATE_ACL_CONFIG);
    // The arguments as the command builds them from those flags.
    const args: AclAccountArgs = {
      accessKey: 'fxuser01',
      secretKey: 'fxsecret01',
      admin: false,
      defaultTopicPerm: 'SUB',
      defaultGroupPerm: 'SUB',
      topicPerms: splitList('SecureTopic=PUB|SUB'),
      groupPerms: splitList('FxAclGroup=SUB'),
    };
    const built = ours(updateAndCreateAclConfig, args);
    expect(built.code).toBe(request.code);
    expect(built.extFields).toEqual(javaFields(request));
    expect(signature(built)).toBe(request.extFields!.Signature);
    expect(accountProblem(args)).toBeUndefined();
    expect(response.code).toBe(0);
    expect(readResponse(updateAndCreateAclConfig, response, args, '127.0.0.1:10981')).toBeUndefined();
  });

  it('leaves out what is not given (the broker keeps the stored value) but always sends admin', () => {
    expect(ours(updateAndCreateAclConfig, { accessKey: 'fxuser01', secretKey: 'fxsecret01' }).extFields).toEqual({ accessKey: 'fxuser01', secretKey: 'fxsecret01', admin: 'false' });
    expect(ours(updateAndCreateAclConfig, { accessKey: 'fxuser01', secretKey: 'fxsecret01', whiteRemoteAddress: '' }).extFields).toMatchObject({ whiteRemoteAddress: '' });
  });
});

describe('deleteAclConfig (DELETE_ACL_CONFIG, 51)', () => {
  it('sends what the Java tool sent for -a fxuser01', () => {
    const { request, response } = captured('acl-deleteAclConfig', RequestCode.DELETE_ACL_CONFIG);
    const built = ours(deleteAclConfig, { accessKey: 'fxuser01' });
    expect(built.extFields).toEqual(javaFields(request));
    expect(signature(built)).toBe(request.extFields!.Signature);
    expect(readResponse(deleteAclConfig, response, { accessKey: 'fxuser01' }, '127.0.0.1:10981')).toBeUndefined();
  });
});

describe('updateGlobalWhiteAddr (UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, 53)', () => {
  it('sends what the Java tool sent for -g 10.10.103.*,192.168.0.*', () => {
    const { request, response } = captured('acl-updateGlobalWhiteAddr', RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG);
    const args = { globalWhiteAddrs: splitList('10.10.103.*,192.168.0.*') };
    const built = ours(updateGlobalWhiteAddrsConfig, args);
    expect(built.extFields).toEqual(javaFields(request));
    expect(signature(built)).toBe(request.extFields!.Signature);
    expect(whiteListProblem(args.globalWhiteAddrs)).toBeUndefined();
    expect(readResponse(updateGlobalWhiteAddrsConfig, response, args, '127.0.0.1:10981')).toBeUndefined();
  });

  it('and with -p, the file', () => {
    const { request } = captured('acl-updateGlobalWhiteAddr-path', RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG);
    const built = ours(updateGlobalWhiteAddrsConfig, { globalWhiteAddrs: ['10.10.104.*'], aclFileFullPath: '/opt/rmq0/rocketmq-4.9.8/conf/aclcluster/plain_acl.yml' });
    expect(built.extFields).toEqual(javaFields(request));
    expect(signature(built)).toBe(request.extFields!.Signature);
  });
});

describe('clusterAclConfigVersion (GET_BROKER_CLUSTER_ACL_INFO, 52)', () => {
  it('sends no header field, and the captured answers decode to what the Java tool printed', () => {
    for (const [scenario, counter, time] of [
      ['acl-clusterAclConfigVersion', 1, 1796355173798],
      ['acl-clusterAclConfigVersion-after', 4, 1796355196328],
    ] as const) {
      const { request, response } = captured(scenario, RequestCode.GET_BROKER_CLUSTER_ACL_INFO);
      const built = ours(getBrokerClusterAclInfo, undefined);
      expect(built.extFields).toEqual(javaFields(request));
      expect(signature(built)).toBe(request.extFields!.Signature);
      const info = readResponse(getBrokerClusterAclInfo, response, undefined, '127.0.0.1:10981');
      const file = '/opt/rmq0/rocketmq-4.9.8/conf/aclcluster/plain_acl.yml';
      expect(info).toEqual({
        version: { counter, timestamp: time },
        allAclFileVersion: { [file]: { counter, timestamp: time } },
        brokerName: 'broker-acl',
        brokerAddr: '127.0.0.1:10981',
        clusterName: 'AclCluster',
      });
      // The Java row: cluster, broker, address, file, counter, yyyy-MM-dd HH:mm:ss (the capture ran in UTC).
      const row = transcript(`${SET}/${scenario}`).split('\n').find((l) => l.startsWith('AclCluster'))!.trim().split(/\s{2,}/);
      expect(row).toEqual(['AclCluster', 'broker-acl', '127.0.0.1:10981', file, String(counter), new Date(time).toISOString().slice(0, 19).replace('T', ' ')]);
    }
  });
});

describe('getAclConfig (GET_BROKER_CLUSTER_ACL_CONFIG, 54)', () => {
  it('has no header; the body of a 4.6-4.9.7 broker (fastjson, nulls left out) decodes, and the view masks the secret', () => {
    expect(ours(getBrokerClusterAclConfig, undefined).extFields).toEqual({});
    expect(getBrokerClusterAclConfig.code).toBe(54);
    // GetBrokerClusterAclConfigResponseBody as fastjson writes it (fields sorted, nulls omitted).
    const body = Buffer.from(
      '{"globalWhiteAddrs":["10.10.103.*","192.168.0.*"],"plainAccessConfigs":[{"accessKey":"RocketMQ","admin":false,"defaultGroupPerm":"SUB","defaultTopicPerm":"DENY","groupPerms":["groupA=DENY","groupB=PUB|SUB"],"secretKey":"12345678","topicPerms":["topicA=DENY","topicB=PUB|SUB"],"whiteRemoteAddress":"192.168.0.*"},{"accessKey":"rocketmq2","admin":true,"secretKey":"12345678"}]}',
    );
    const config = decodeBrokerAclConfig(parseFastJson(body));
    expect(config.globalWhiteAddrs).toEqual(['10.10.103.*', '192.168.0.*']);
    expect(config.plainAccessConfigs[0]).toEqual({
      accessKey: 'RocketMQ', secretKey: '12345678', whiteRemoteAddress: '192.168.0.*', admin: false, defaultTopicPerm: 'DENY', defaultGroupPerm: 'SUB',
      topicPerms: ['topicA=DENY', 'topicB=PUB|SUB'], groupPerms: ['groupA=DENY', 'groupB=PUB|SUB'],
    });
    expect(config.plainAccessConfigs[1]).toMatchObject({ accessKey: 'rocketmq2', admin: true, defaultTopicPerm: null, topicPerms: [], whiteRemoteAddress: null });
    const view = accountView(config.plainAccessConfigs[0]!);
    expect(view.secretKey).toBe('******');
    expect(JSON.stringify(config.plainAccessConfigs.map(accountView))).not.toContain('12345678');
    expect(() => decodeBrokerAclConfig(parseFastJson(Buffer.from('{"plainAccessConfigs":{}}')))).toThrow(/not a list/);
  });
});

describe('checks before anything is sent', () => {
  const base = { accessKey: 'reader01', secretKey: 'reader-secret-1' };
  it('keys longer than 6 characters, known permissions, valid address expressions; the secret never named', () => {
    expect(accountProblem(base)).toBeUndefined();
    expect(accountProblem({ ...base, secretKey: 'short' })).toBe('the access key and the secret key must be longer than 6 characters (access key reader01: 8, secret key: 5)');
    expect(accountProblem({ ...base, secretKey: 'short' })).not.toContain('short');
    expect(accountProblem({ ...base, accessKey: 'abc' })).toMatch(/access key abc: 3/);
    expect(accountProblem({ ...base, defaultTopicPerm: 'sub' })).toBe('invalid defaultTopicPerm "sub": expected DENY, PUB, SUB, PUB|SUB, SUB|PUB (a broker reads anything else as DENY)');
    expect(accountProblem({ ...base, defaultGroupPerm: 'ALL' })).toMatch(/^invalid defaultGroupPerm "ALL"/);
    expect(accountProblem({ ...base, topicPerms: ['T=ALL'] })).toBe('Parse resource permission error for T=ALL.');
    expect(accountProblem({ ...base, groupPerms: ['G'] })).toBe('Parse Resource format error for G.');
    expect(accountProblem({ ...base, whiteRemoteAddress: '1.2.3' })).toBe('Netaddress examine Exception netaddress is 1.2.3');
    expect(accountProblem({ ...base, whiteRemoteAddress: '' })).toBeUndefined();
    expect(whiteListProblem(['10.10.*.*', '192.168.1.{1,2}', '*'])).toBeUndefined();
    expect(whiteListProblem(['10.10.103.*', '300.1.1.1'])).toMatch(/^invalid address expression "300\.1\.1\.1"/);
  });

  it('lists as the Java tool splits them (trimmed, no empty items)', () => {
    expect(splitList('a=SUB, b=PUB|SUB,,')).toEqual(['a=SUB', 'b=PUB|SUB']);
    expect(splitList('')).toEqual([]);
  });

  it('finds the secret of -s in every form before the flags are parsed', () => {
    expect(accountSecretsFromArgv(['-a', 'x', '-s', 'sec-1', '--secretKey', 'sec-2', '--secretKey=sec-3', '-ssec-4', '-s=sec-5', '--', '-s', 'no'])).toEqual(['sec-1', 'sec-2', 'sec-3', 'sec-4', 'sec-5']);
  });
});
