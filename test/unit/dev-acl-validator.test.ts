// The plain-ACL validator of the embedded broker (src/dev/broker/acl), checked against the rules
// of 4.9.8 (auth.md §1.2-§1.6; Java PlainAccessValidator, PlainPermissionManager,
// RemoteAddressStrategyFactory, Permission): permissions, address expressions, the resources of
// each request code, the order of the checks, and the remarks of the refusals.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { computeSignature, signedContent, signRequest, SIGNATURE } from '../../src/protocol/acl.js';
import { RequestCode } from '../../src/protocol/codes.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import { createRequest, type RemotingCommand } from '../../src/remoting/command.js';
import { compileAddress, expandIP, sourceIp } from '../../src/dev/broker/acl/address.js';
import { AclError, checkPermission, checkResourcePerms, DENY, javaSplit, parsePerm, PUB, SUB, ANY } from '../../src/dev/broker/acl/permission.js';
import { JavaHashMap, neededResources } from '../../src/dev/broker/acl/resources.js';
import { checkRequest, compileAcl, type PlainAclData } from '../../src/dev/broker/acl/validator.js';

const EXC = 'org.apache.rocketmq.acl.common.AclException';
const validate = (line: number) => `org.apache.rocketmq.acl.plain.PlainPermissionManager.validate(PlainPermissionManager.java:${line})`;
const checkPerm = (line: number) => `org.apache.rocketmq.acl.plain.PlainPermissionManager.checkPerm(PlainPermissionManager.java:${line})`;
const PARSE = 'org.apache.rocketmq.acl.plain.PlainAccessValidator.parse(PlainAccessValidator.java:134)';

describe('permissions (auth.md §1.2)', () => {
  it('parses the text forms; anything else is DENY', () => {
    expect([parsePerm('PUB'), parsePerm('SUB'), parsePerm('PUB|SUB'), parsePerm(' SUB|PUB '), parsePerm('DENY')]).toEqual([PUB, SUB, PUB | SUB, PUB | SUB, DENY]);
    expect([parsePerm(null), parsePerm(undefined), parsePerm('pub'), parsePerm('ALL'), parsePerm('')]).toEqual([DENY, DENY, DENY, DENY, DENY]);
  });

  it('checkPermission: DENY wins, ANY needs PUB or SUB, else a common bit', () => {
    expect(checkPermission(PUB, PUB | SUB)).toBe(true);
    expect(checkPermission(SUB, PUB)).toBe(false);
    expect(checkPermission(PUB, PUB | DENY)).toBe(false);
    expect(checkPermission(ANY, SUB)).toBe(true);
    expect(checkPermission(ANY, DENY)).toBe(false);
    expect(checkPermission(ANY, 0)).toBe(false);
  });

  it('administrative updates accept only name=PERM with one of the allowed texts', () => {
    expect(() => checkResourcePerms(['a=PUB', 'b=SUB|PUB', 'c=DENY', ' d = PUB|SUB '])).not.toThrow();
    expect(() => checkResourcePerms(['a=ALL'])).toThrow(new AclError("Parse resource permission error for a=ALL.\nThe expected permissions are 'SUB' or 'PUB' or 'SUB|PUB' or 'PUB|SUB'."));
    expect(() => checkResourcePerms(['a'])).toThrow(new AclError("Parse Resource format error for a.\nThe expected resource format is 'Res=Perm'. For example: topicA=SUB"));
    expect(() => checkResourcePerms(['a=b=c'])).toThrow(/Parse Resource format error for a=b=c/);
    // Java String.split(","): trailing empty items dropped, an empty list item kept (and refused).
    expect(javaSplit('a=PUB,,b=SUB,', ',')).toEqual(['a=PUB', '', 'b=SUB']);
    expect(javaSplit('', ',')).toEqual(['']);
  });
});

describe('address expressions (auth.md §1.4)', () => {
  const m = (expr: string | null, ip: string) => compileAddress(expr)(ip);

  it('blank matches nothing; *, *.*.*.* and the IPv6 form match everything', () => {
    for (const blank of [null, '', '   ']) expect(m(blank, '127.0.0.1')).toBe(false);
    for (const all of ['*', '*.*.*.*', '*:*:*:*:*:*:*:*']) expect(m(all, '10.1.2.3')).toBe(true);
  });

  it('single addresses, lists and brace lists', () => {
    expect(m('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(m('127.0.0.1', '127.0.0.2')).toBe(false);
    expect(m('10.0.0.1,127.0.0.1', '127.0.0.1')).toBe(true);
    expect(m('10.0.0.1,127.0.0.1', '10.0.0.2')).toBe(false);
    expect(m('192.168.1.{1,2,3}', '192.168.1.2')).toBe(true);
    expect(m('192.168.1.{1,2,3}', '192.168.1.4')).toBe(false);
    expect(m('::1', '0:0:0:0:0:0:0:1')).toBe(true);
    expect(m('2001:db8::{1,2}', '2001:db8::2')).toBe(true);
    expect(expandIP('2001:db8::1', 8)).toBe('2001:0DB8:0000:0000:0000:0000:0000:0001');
  });

  it('ranges: the first * or m-n after the first octet decides, as the Java code does', () => {
    expect(m('192.168.*.*', '192.168.200.7')).toBe(true);
    expect(m('192.168.*.*', '192.169.0.1')).toBe(false);
    expect(m('192.*.*.*', '192.1.2.3')).toBe(true);
    expect(m('192.168.1-10.*', '192.168.5.99')).toBe(true);
    expect(m('192.168.1-10.*', '192.168.11.1')).toBe(false);
    expect(m('10.10.103.*', '10.10.103.254')).toBe(true);
    expect(m('10.10.103.1-20', '10.10.103.21')).toBe(false);
    // Quirk kept from Java: after a range in the third octet the fourth is not looked at.
    expect(m('192.168.1-10.5', '192.168.5.99')).toBe(true);
  });

  it('invalid expressions fail with the Java messages', () => {
    expect(() => compileAddress('1.2.3')).toThrow(new AclError('Netaddress examine Exception netaddress is 1.2.3'));
    expect(() => compileAddress('10.0.0.256')).toThrow(new AclError('Netaddress examine Exception netaddress is 10.0.0.256'));
    expect(() => compileAddress('10.0.0.1,nope')).toThrow(new AclError('Netaddress examine Exception netaddress is nope'));
    expect(() => compileAddress('1.2.{3}')).toThrow(new AclError('MultipleRemoteAddressStrategy has got a/some wrong format IP(s) '));
    expect(() => compileAddress('192.168.10-1.*')).toThrow(new AclError('RangeRemoteAddressStrategy netaddress examine scope Exception start is 10 , end is 1'));
    expect(() => compileAddress('192.168.-1.*')).toThrow(new AclError('RangeRemoteAddressStrategy netaddress examine scope Exception value -1 '));
    expect(() => compileAddress('192.168.*')).toThrow(new AclError('Netaddress examine scope Exception netaddress is 192.168.*'));
  });

  it('takes the IP of a connection address', () => {
    expect(sourceIp('127.0.0.1:51234')).toBe('127.0.0.1');
    expect(sourceIp('[::1]:51234')).toBe('::1');
    expect(sourceIp('[::ffff:127.0.0.1]:51234')).toBe('127.0.0.1');
  });
});

const req = (code: number, extFields: Record<string, string> | null, body?: string): RemotingCommand => {
  const r = createRequest(code, { ...(body !== undefined ? { body } : {}) });
  r.extFields = extFields;
  return r;
};
const needs = (r: RemotingCommand): Array<[string, number]> | null => neededResources(r)?.ordered() ?? null;

describe('what each request needs (auth.md §1.3)', () => {
  it('sends: the topic PUB, or for a retry topic the group SUB', () => {
    expect(needs(req(RequestCode.SEND_MESSAGE, { topic: 'T', producerGroup: 'P' }))).toEqual([['T', PUB]]);
    // The Java code reads a `group` field for SEND_MESSAGE, which a send header does not carry.
    expect(needs(req(RequestCode.SEND_MESSAGE, { topic: '%RETRY%G', producerGroup: 'P' }))).toBeNull();
    expect(needs(req(RequestCode.SEND_MESSAGE, { topic: '%RETRY%G', group: 'G' }))).toEqual([['%RETRY%G', SUB]]);
    expect(needs(req(RequestCode.SEND_MESSAGE_V2, { a: 'P', b: 'T' }))).toEqual([['T', PUB]]);
    expect(needs(req(RequestCode.SEND_MESSAGE_V2, { a: 'G', b: '%RETRY%G' }))).toEqual([['%RETRY%G', SUB]]);
    expect(needs(req(RequestCode.SEND_BATCH_MESSAGE, { a: 'P', b: 'T' }))).toBeNull();
  });

  it('consumer requests: the group as its retry topic, and the topic, SUB', () => {
    expect(needs(req(RequestCode.CONSUMER_SEND_MSG_BACK, { group: 'G', offset: '1' }))).toEqual([['%RETRY%G', SUB]]);
    expect(needs(req(RequestCode.PULL_MESSAGE, { topic: 'SecureTopic', consumerGroup: 'FxAclGroup' }))).toEqual([
      ['%RETRY%FxAclGroup', SUB],
      ['SecureTopic', SUB],
    ]);
    expect(needs(req(RequestCode.QUERY_MESSAGE, { topic: 'T', key: 'k' }))).toEqual([['T', SUB]]);
    expect(needs(req(RequestCode.UNREGISTER_CLIENT, { clientID: 'c', consumerGroup: 'G' }))).toEqual([['%RETRY%G', SUB]]);
    expect(needs(req(RequestCode.UNREGISTER_CLIENT, { clientID: 'c', producerGroup: 'P' }))).toBeNull();
    expect(needs(req(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { consumerGroup: 'G' }))).toEqual([['%RETRY%G', SUB]]);
    // Java HashMap order (as a JVM prints it), not insertion order.
    expect(needs(req(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'G', topic: 'T', queueId: '0', commitOffset: '1' }))).toEqual([
      ['T', SUB],
      ['%RETRY%G', SUB],
    ]);
  });

  it('heartbeats: each consumer group and its subscribed topics; producers nothing', () => {
    const body = JSON.stringify({
      clientID: 'c',
      producerDataSet: [{ groupName: 'P' }],
      consumerDataSet: [{ groupName: 'G', subscriptionDataSet: [{ topic: 'T1' }, { topic: '%RETRY%G' }] }],
    });
    expect(needs(req(RequestCode.HEART_BEAT, {}, body))).toEqual([
      ['%RETRY%G', SUB],
      ['T1', SUB],
    ]);
    expect(needs(req(RequestCode.HEART_BEAT, {}, JSON.stringify({ clientID: 'c', producerDataSet: [{ groupName: 'P' }] })))).toBeNull();
    // No body: Java's NullPointerException, a bare AclException.
    expect(() => neededResources(req(RequestCode.HEART_BEAT, {}))).toThrow(AclError);
  });

  it('everything else needs no resource; no ext fields at all, nothing', () => {
    for (const code of [RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.GET_BROKER_RUNTIME_INFO, RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.UPDATE_AND_CREATE_ACL_CONFIG]) {
      expect(needs(req(code, { topic: 'T', consumerGroup: 'G' }))).toBeNull();
    }
    expect(needs(req(RequestCode.PULL_MESSAGE, null))).toBeNull();
  });

  it('iterates as java.util.HashMap (checked against a JVM: the first failing resource names the refusal)', () => {
    const order = (keys: string[]) => {
      const map = new JavaHashMap<number>();
      for (const k of keys) map.set(k, 1);
      return map.ordered().map(([k]) => k);
    };
    // Outputs of `new HashMap<String, Byte>()` filled in this order, printed by OpenJDK 17.
    expect(order(['SecureTopic', '%RETRY%FxAclGroup'])).toEqual(['%RETRY%FxAclGroup', 'SecureTopic']);
    expect(order(['AclTopic', '%RETRY%BadGroup'])).toEqual(['AclTopic', '%RETRY%BadGroup']);
    expect(order(['BB', 'Aa'])).toEqual(['BB', 'Aa']);
    const many = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10', 't11', 't12', 't13', '%RETRY%g1', '%RETRY%g2'];
    expect(order(many)).toEqual(['t4', 't5', 't6', 't7', 't8', 't9', 't10', 't12', 't11', 't13', '%RETRY%g1', '%RETRY%g2', 't1', 't2', 't3']);
  });
});

describe('the check (auth.md §1.5) and its remarks (§1.6)', () => {
  const data: PlainAclData = {
    globalWhiteRemoteAddresses: ['10.10.103.*'],
    accounts: [
      { accessKey: 'rocketmq2', secretKey: '12345678', admin: true },
      { accessKey: 'reader01', secretKey: 'reader-secret', admin: false, defaultTopicPerm: 'SUB', defaultGroupPerm: 'DENY', topicPerms: ['Orders=SUB', 'Audit=DENY'], groupPerms: ['G1=SUB'] },
      { accessKey: 'scoped-admin', secretKey: 'scoped-secret', admin: true, defaultTopicPerm: 'DENY', topicPerms: ['Only=PUB|SUB'] },
      { accessKey: 'local-app', secretKey: 'local-secret', whiteRemoteAddress: '127.0.0.*' },
      // A second definition of an access key is ignored: the first counts.
      { accessKey: 'rocketmq2', secretKey: 'other-secret', admin: false },
    ],
  };
  const acl = compileAcl(data);
  const LOCAL = '127.0.0.1:40000';

  const signed = (code: number, fields: Record<string, string>, ak: string, sk: string, body?: string): RemotingCommand => {
    const r = createRequest(code, { extFields: fields, ...(body !== undefined ? { body } : {}) });
    signRequest(r, { accessKey: ak, secretKey: sk });
    return r;
  };
  const remark = (r: RemotingCommand, from = LOCAL): string | undefined => checkRequest(acl, r, from)?.remark;

  it('1-3: global white list, then the access key', () => {
    const unsigned = req(RequestCode.GET_BROKER_RUNTIME_INFO, {});
    expect(remark(unsigned, '10.10.103.7:1234')).toBeUndefined();
    expect(remark(unsigned)).toBe(`${EXC}: No accessKey is configured, ${validate(664)}`);
    expect(remark(req(RequestCode.GET_BROKER_RUNTIME_INFO, null))).toBe(`${EXC}: No accessKey is configured, ${validate(664)}`);
    expect(remark(signed(26, {}, 'nobody-here', 'whatever-123'))).toBe(`${EXC}: No acl config for nobody-here, ${validate(668)}`);
  });

  it("4-5: the account's white address skips the signature; otherwise it must verify", () => {
    expect(remark(signed(26, {}, 'local-app', 'not-its-secret'))).toBeUndefined();
    expect(remark(signed(26, {}, 'local-app', 'not-its-secret'), '10.0.0.1:1')).toBe(`${EXC}: Check signature failed for accessKey=local-app, ${validate(684)}`);
    expect(remark(signed(26, {}, 'rocketmq2', '12345678'))).toBeUndefined();
    expect(remark(signed(26, {}, 'rocketmq2', 'other-secret'))).toBe(`${EXC}: Check signature failed for accessKey=rocketmq2, ${validate(684)}`);
    const noSignature = req(26, { AccessKey: 'rocketmq2' });
    expect(remark(noSignature)).toBe(`${EXC}: Check signature failed for accessKey=rocketmq2, ${validate(684)}`);
    // Tampered after signing.
    const tampered = signed(RequestCode.PULL_MESSAGE, { topic: 'Orders', consumerGroup: 'G1' }, 'rocketmq2', '12345678');
    tampered.extFields!.topic = 'Other';
    expect(remark(tampered)).toMatch(/Check signature failed/);
  });

  it('5: _UNIQUE_KEY_QUERY is left out of the content (the Java tool includes it and is refused)', () => {
    const fields = { topic: 'Orders', key: 'C0A8', maxNum: '32', beginTimestamp: '0', endTimestamp: '9223372036854775807', _UNIQUE_KEY_QUERY: 'true' };
    const java = createRequest(RequestCode.QUERY_MESSAGE, { extFields: { ...fields, AccessKey: 'reader01' } });
    java.extFields![SIGNATURE] = computeSignature('reader-secret', signedContent(java.extFields, null));
    expect(remark(java)).toBe(`${EXC}: Check signature failed for accessKey=reader01, ${validate(684)}`);
    expect(remark(signed(RequestCode.QUERY_MESSAGE, fields, 'reader01', 'reader-secret'))).toBeUndefined();
  });

  it('6-7: publishing to the trace topic is allowed; admin codes need admin', () => {
    expect(remark(signed(RequestCode.SEND_MESSAGE_V2, { a: 'P', b: 'RMQ_SYS_TRACE_TOPIC' }, 'reader01', 'reader-secret'))).toBeUndefined();
    for (const code of [17, 25, 215, 200, 207]) {
      expect(remark(signed(code, { topic: 'X' }, 'reader01', 'reader-secret'))).toBe(`${EXC}: Need admin permission for request code=${code}, but accessKey=reader01 is not, ${checkPerm(581)}`);
    }
    // Other admin codes need a known account only.
    for (const code of [50, 51, 52, 53, 21, 26, 202, 208]) expect(remark(signed(code, {}, 'reader01', 'reader-secret'))).toBeUndefined();
  });

  it('8-9: resources against explicit permissions, then the defaults', () => {
    // An admin account without explicit permissions may do anything.
    expect(remark(signed(RequestCode.SEND_MESSAGE_V2, { a: 'P', b: 'Anything' }, 'rocketmq2', '12345678'))).toBeUndefined();
    // An admin account with explicit permissions is checked like any other.
    expect(remark(signed(RequestCode.SEND_MESSAGE_V2, { a: 'P', b: 'Only' }, 'scoped-admin', 'scoped-secret'))).toBeUndefined();
    expect(remark(signed(RequestCode.SEND_MESSAGE_V2, { a: 'P', b: 'Other' }, 'scoped-admin', 'scoped-secret'))).toBe(`${EXC}: No default permission for topic:Other, ${checkPerm(606)}`);

    const pull = (topic: string, group: string) => signed(RequestCode.PULL_MESSAGE, { topic, consumerGroup: group, queueId: '0' }, 'reader01', 'reader-secret');
    expect(remark(pull('Orders', 'G1'))).toBeUndefined();
    expect(remark(pull('Whatever', 'G1'))).toBeUndefined();
    expect(remark(pull('Audit', 'G1'))).toBe(`${EXC}: No default permission for topic:Audit, ${checkPerm(611)}`);
    expect(remark(pull('Orders', 'G2'))).toBe(`${EXC}: No default permission for group:G2, ${checkPerm(606)}`);
    expect(remark(signed(RequestCode.SEND_MESSAGE_V2, { a: 'P', b: 'Orders' }, 'reader01', 'reader-secret'))).toBe(`${EXC}: No default permission for topic:Orders, ${checkPerm(611)}`);
  });

  it('a request whose resources cannot be read is refused, even from a white-listed address', () => {
    const heartbeat = req(RequestCode.HEART_BEAT, {});
    expect(remark(heartbeat, '10.10.103.7:1')).toBe(`${EXC}, ${PARSE}`);
    const broken = req(RequestCode.HEART_BEAT, {}, '{"consumerDataSet": [');
    expect(remark(broken)).toMatch(new RegExp(`^${EXC}: .+, ${PARSE.replace(/[.()]/g, '\\$&')}$`));
  });

  it('an invalid file fails as a whole, as the Java loader does', () => {
    expect(() => compileAcl({ accounts: [{ accessKey: 'abc', secretKey: '12345678' }] })).toThrow(
      new AclError('The accessKey=abc and secretKey=12345678 cannot be null and length should longer than 6'),
    );
    expect(() => compileAcl({ accounts: [{ accessKey: 'abcdefg', secretKey: '12345678', topicPerms: ['T'] }] })).toThrow(new AclError('Parse resource permission failed for topic:T'));
    expect(() => compileAcl({ globalWhiteRemoteAddresses: ['x.y'] })).toThrow(/Netaddress examine Exception netaddress is x.y/);
  });
});

describe('ali-ons signatures', () => {
  // ali-ons' own signing (lib/channel.js beforeRequest) over typed header values, encoded by its
  // own RemotingCommand: our decoder turns the typed JSON values back into the text it signed.
  const require = createRequire(import.meta.url);
  const Channel = require('ali-ons/lib/channel.js') as { prototype: { beforeRequest(this: unknown, cmd: unknown): void } };
  const OnsCommand = require('ali-ons/lib/protocol/command/remoting_command.js') as {
    createRequestCommand(code: number, header: Record<string, unknown>): { body: Buffer | null; encode(): Buffer };
  };
  const acl = compileAcl({ accounts: [{ accessKey: 'ons-app-1', secretKey: 'ons-secret-1', defaultTopicPerm: 'PUB|SUB', defaultGroupPerm: 'SUB' }] });

  const onsFrame = (secretKey: string): RemotingCommand => {
    const cmd = OnsCommand.createRequestCommand(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'G', topic: 'T', queueId: 3, commitOffset: 1796355222269, isUnitMode: false });
    Channel.prototype.beforeRequest.call({ accessKey: 'ons-app-1', secretKey, onsChannel: 'ALIYUN' }, cmd);
    return decodeFrame(cmd.encode());
  };

  it('verifies its signature over typed values, and refuses a wrong secret', () => {
    const ok = onsFrame('ons-secret-1');
    expect(ok.extFields).toMatchObject({ queueId: '3', commitOffset: '1796355222269', isUnitMode: 'false', OnsChannel: 'ALIYUN' });
    expect(checkRequest(acl, ok, '127.0.0.1:1')).toBeUndefined();
    expect(checkRequest(acl, onsFrame('wrong-secret'), '127.0.0.1:1')?.remark).toBe(`${EXC}: Check signature failed for accessKey=ons-app-1, ${validate(684)}`);
  });
});
