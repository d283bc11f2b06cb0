// The 5.3.3 authentication and authorization of the dev broker (--auth), unit by unit: the
// model's parsing and matching (resources, actions, source IPs), the order of matching policy
// entries, the contexts per request code, and every refusal of auth.md §2.7 with its exact text,
// checked also against requests the real Java tools sent to a real 5.3.3 broker.

import { describe, expect, it } from 'vitest';
import { computeSignature, signedContent, signRequest } from '../../src/protocol/acl.js';
import { RequestCode } from '../../src/protocol/codes.js';
import { createRequest, type RemotingCommand } from '../../src/remoting/command.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import { authorizationContexts } from '../../src/dev/broker/auth/contexts.js';
import { authenticate, authorizeContext, checkRequest, matchPolicyEntry, type AuthData } from '../../src/dev/broker/auth/evaluator.js';
import {
  actionsMatch,
  comparePolicyEntries,
  deletePolicyEntry,
  isIpInRange,
  isValidIpOrCidr,
  javaListSort,
  mergeAcl,
  parseResource,
  resourceKey,
  resourceMatches,
  subjectOf,
  type Acl,
  type PolicyEntry,
  type User,
} from '../../src/dev/broker/auth/model.js';
import { listAcls } from '../../src/dev/broker/auth/processors.js';
import { scenarioFrames } from '../helpers/fixtures.js';

const res = (key: string) => parseResource(key)!;
const entry = (resource: string, actions: PolicyEntry['actions'], decision: PolicyEntry['decision'] = 'Allow', sourceIps: string[] | null = null): PolicyEntry => ({
  resource: res(resource),
  actions,
  sourceIps,
  decision,
});
const user = (username: string, password: string, userType: User['userType'] = 'Normal', userStatus: User['userStatus'] = 'enable'): User => ({ username, password, userType, userStatus });

function data(users: User[], acls: Acl[] = []): AuthData {
  return { users: new Map(users.map((u) => [u.username, u])), acls: new Map(acls.map((a) => [a.subject, a])) };
}

const signed = (code: number, extFields: Record<string, string>, accessKey: string, secretKey: string, body?: string): RemotingCommand => {
  const request = createRequest(code, { extFields, ...(body !== undefined ? { body } : {}) });
  signRequest(request, { accessKey, secretKey });
  return request;
};

const send = (topic: string, group = 'G') => ({ a: group, b: topic, c: 'TBW102', d: '4', e: '0', f: '0', g: '0', h: '0', i: '', j: '0', k: 'false', m: 'false' });
const CTX = { clusterName: 'DefaultCluster', sourceIp: '127.0.0.1' };

describe('resources, actions, source IPs (Java Resource / PolicyEntry / IPAddressUtils)', () => {
  it('parses resource keys as Resource.of does, quirks included', () => {
    expect(parseResource('*')).toEqual({ type: 'Any', name: null, pattern: 'ANY' });
    expect(parseResource('Topic:*')).toEqual({ type: 'Topic', name: null, pattern: 'ANY' });
    expect(parseResource('Topic:abc*')).toEqual({ type: 'Topic', name: 'abc', pattern: 'PREFIXED' });
    // Up to the first `*`.
    expect(parseResource('Topic:a*b*')).toEqual({ type: 'Topic', name: 'a', pattern: 'PREFIXED' });
    expect(parseResource('group:G1')).toEqual({ type: 'Group', name: 'G1', pattern: 'LITERAL' });
    expect(parseResource('Cluster:DefaultCluster')).toEqual({ type: 'Cluster', name: 'DefaultCluster', pattern: 'LITERAL' });
    expect(parseResource('Queue:x')).toBeUndefined();
    expect(parseResource('  ')).toBeUndefined();
    expect(['*', 'Topic:*', 'Topic:abc*', 'Group:G1', 'Namespace:ns'].map((k) => resourceKey(res(k)))).toEqual(['*', 'Topic:*', 'Topic:abc*', 'Group:G1', 'Namespace:ns']);
    expect(resourceKey(res('topic:orders'))).toBe('Topic:orders');
    expect(subjectOf('User:alice')).toEqual({ username: 'alice' });
    expect(subjectOf('user:alice')).toEqual({ username: 'alice' });
    expect(subjectOf('Role:x')).toBeUndefined();
  });

  it('matches LITERAL, PREFIXED, Type:* and * resources', () => {
    const topic = res('Topic:orders-eu');
    expect(resourceMatches(res('*'), topic)).toBe(true);
    expect(resourceMatches(res('*'), res('Group:G'))).toBe(true);
    expect(resourceMatches(res('Topic:*'), topic)).toBe(true);
    expect(resourceMatches(res('Topic:*'), res('Group:orders-eu'))).toBe(false);
    expect(resourceMatches(res('Topic:orders*'), topic)).toBe(true);
    expect(resourceMatches(res('Topic:order-*'), topic)).toBe(false);
    expect(resourceMatches(res('Topic:orders-eu'), topic)).toBe(true);
    expect(resourceMatches(res('Topic:orders'), topic)).toBe(false);
    expect(resourceMatches(res('Group:orders-eu'), topic)).toBe(false);
  });

  it('matches actions: one of those asked, All in the entry, Any in the request; an entry without actions never', () => {
    expect(actionsMatch(['Pub'], ['Pub'])).toBe(true);
    expect(actionsMatch(['Pub'], ['Sub'])).toBe(false);
    expect(actionsMatch(['Sub'], ['Sub', 'Get'])).toBe(true);
    expect(actionsMatch(['Get'], ['Pub', 'Sub', 'Get'])).toBe(true);
    expect(actionsMatch(['All'], ['Create'])).toBe(true);
    expect(actionsMatch(['Pub'], ['Any'])).toBe(true);
    expect(actionsMatch([], ['Any'])).toBe(false);
  });

  it('source IPs: plain IPs compared as text, CIDR ranges by value (v4 and v6); what an ACL may hold', () => {
    expect(isIpInRange('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(isIpInRange('127.0.0.2', '127.0.0.1')).toBe(false);
    expect(isIpInRange('127.0.0.1', '127.0.0.0/8')).toBe(true);
    expect(isIpInRange('10.1.2.3', '10.1.0.0/16')).toBe(true);
    expect(isIpInRange('10.2.0.1', '10.1.0.0/16')).toBe(false);
    expect(isIpInRange('10.2.0.1', '0.0.0.0/0')).toBe(true);
    expect(isIpInRange('192.168.1.7', '192.168.1.7/32')).toBe(true);
    expect(isIpInRange('2001:db8::1', '2001:db8::/32')).toBe(true);
    expect(isIpInRange('2001:db9::1', '2001:db8::/32')).toBe(false);
    expect(isIpInRange('127.0.0.1', '2001:db8::/32')).toBe(false);
    expect(() => isIpInRange('127.0.0.1', 'nonsense/8')).toThrow();
    expect(['10.0.0.1', '10.0.0.0/8', '::1', '2001:db8::/32', '0.0.0.0/0'].map(isValidIpOrCidr)).toEqual([true, true, true, true, true]);
    expect(['10.0.0.256', '10.0.0.0/33', '010.0.0.1', '10.0.0', '10.0.0.0/', 'host/8', ''].map(isValidIpOrCidr)).toEqual([false, false, false, false, false, false, false]);
  });
});

describe('which matching entry decides (AclAuthorizationHandler)', () => {
  const ctx = (resource: string, actions: PolicyEntry['actions'] = ['Pub'], sourceIp = '127.0.0.1') => ({ resource: res(resource), actions, sourceIp });
  const acl = (policies: Acl['policies']): Acl => ({ subject: 'User:u', policies });

  it('a typed entry comes before a * entry, the shorter prefix first, Allow before Deny on ties', () => {
    expect(comparePolicyEntries(entry('*', ['All']), entry('Topic:T', ['Pub']))).toBe(1);
    expect(comparePolicyEntries(entry('Topic:T', ['Pub']), entry('*', ['All']))).toBe(-1);
    expect(comparePolicyEntries(entry('Topic:ab*', ['Pub']), entry('Topic:abc*', ['Pub']))).toBe(-1);
    expect(comparePolicyEntries(entry('Topic:T', ['Pub'], 'Deny'), entry('Topic:T', ['Sub'], 'Allow'))).toBe(1);
    // Not antisymmetric as coded: a literal or prefixed first operand is "smaller" than anything of the same type.
    expect(comparePolicyEntries(entry('Topic:T', ['Pub']), entry('Topic:T*', ['Pub']))).toBe(-1);
    expect(comparePolicyEntries(entry('Topic:T*', ['Pub']), entry('Topic:T', ['Pub']))).toBe(-1);
    expect(comparePolicyEntries(entry('Topic:*', ['Pub'], 'Deny'), entry('Topic:T', ['Pub']))).toBe(1);

    // Deny on the topic wins over Allow on everything.
    expect(matchPolicyEntry(acl([{ policyType: 'Custom', entries: [entry('*', ['All']), entry('Topic:T', ['Pub'], 'Deny')] }]), ctx('Topic:T'))?.decision).toBe('Deny');
    // Both for the same resource: Allow wins the tie (as coded, whatever its comment says).
    expect(matchPolicyEntry(acl([{ policyType: 'Custom', entries: [entry('Topic:T', ['Pub'], 'Deny'), entry('Topic:T', ['All'])] }]), ctx('Topic:T'))?.decision).toBe('Allow');
    // Two prefixes: the shorter decides.
    expect(matchPolicyEntry(acl([{ policyType: 'Custom', entries: [entry('Topic:orders-*', ['Pub'], 'Deny'), entry('Topic:ord*', ['Pub'])] }]), ctx('Topic:orders-eu'))?.decision).toBe('Allow');
  });

  it('reproduces Java List.sort (TimSort) steps, so a comparator that is no total order gives Java\'s order', () => {
    const cmp = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);
    expect(javaListSort([5, 3, 9, 1, 1, 7], cmp)).toEqual([1, 1, 3, 5, 7, 9]);
    // A descending run is reversed first, then the rest inserted.
    expect(javaListSort([9, 8, 7, 1, 2], cmp)).toEqual([1, 2, 7, 8, 9]);
    // Literal vs prefixed depends on position, as in Java: compare(second, first) is -1 either
    // way, so the leading "descending run" is reversed and the later entry decides.
    const lit = entry('Topic:T', ['Pub'], 'Deny');
    const pre = entry('Topic:T*', ['Pub'], 'Allow');
    expect(javaListSort([lit, pre], comparePolicyEntries)[0]).toBe(pre);
    expect(javaListSort([pre, lit], comparePolicyEntries)[0]).toBe(lit);
  });

  it('Custom entries first; the Default policy only when no Custom entry matches; actions and IPs filter', () => {
    const both = acl([
      { policyType: 'Default', entries: [entry('*', ['All'], 'Deny')] },
      { policyType: 'Custom', entries: [entry('Topic:T', ['Pub'])] },
    ]);
    expect(matchPolicyEntry(both, ctx('Topic:T'))?.decision).toBe('Allow');
    expect(matchPolicyEntry(both, ctx('Topic:Other'))?.decision).toBe('Deny');
    expect(matchPolicyEntry(both, ctx('Topic:T', ['Sub']))?.decision).toBe('Deny');
    const fromIps = acl([{ policyType: 'Custom', entries: [entry('Topic:T', ['Pub'], 'Allow', ['10.0.0.0/8', '192.168.0.1'])] }]);
    expect(matchPolicyEntry(fromIps, ctx('Topic:T', ['Pub'], '10.9.8.7'))).toBeDefined();
    expect(matchPolicyEntry(fromIps, ctx('Topic:T', ['Pub'], '192.168.0.1'))).toBeDefined();
    expect(matchPolicyEntry(fromIps, ctx('Topic:T', ['Pub'], '127.0.0.1'))).toBeUndefined();
  });

  it('merges and deletes entries as Acl.updatePolicy / deletePolicy do', () => {
    const old = acl([{ policyType: 'Custom', entries: [entry('Topic:T', ['Pub']), entry('Group:G', ['Sub'])] }]);
    const merged = mergeAcl(old, [
      { policyType: 'Custom', entries: [entry('Topic:T', ['Pub', 'Sub'], 'Deny', ['10.0.0.1']), entry('Topic:U', ['Pub'])] },
      { policyType: 'Default', entries: [entry('*', ['Get'])] },
    ]);
    expect(merged.policies.map((p) => [p.policyType, p.entries.map((e) => `${resourceKey(e.resource)} ${e.actions.join('|')} ${e.decision} ${e.sourceIps?.join(',') ?? '-'}`)])).toEqual([
      ['Custom', ['Topic:T Pub|Sub Deny 10.0.0.1', 'Group:G Sub Allow -', 'Topic:U Pub Allow -']],
      ['Default', ['* Get Allow -']],
    ]);
    expect(old.policies[0]!.entries[0]!.actions).toEqual(['Pub']);
    const less = deletePolicyEntry(merged, 'Default', res('*'));
    expect(less.policies.map((p) => p.policyType)).toEqual(['Custom']);
    expect(deletePolicyEntry(less, 'Custom', res('Group:G')).policies[0]!.entries.map((e) => resourceKey(e.resource))).toEqual(['Topic:T', 'Topic:U']);
  });

  it('lists with the subject and resource filters of LocalAuthorizationMetadataProvider', () => {
    const store = {
      listAcls: (): Acl[] => [
        { subject: 'User:app1', policies: [{ policyType: 'Custom', entries: [entry('Topic:SecureTopic5', ['Pub']), entry('Group:G', ['Sub'])] }] },
        { subject: 'User:app2', policies: [{ policyType: 'Custom', entries: [entry('Group:G', ['Sub'])] }] },
      ],
    };
    expect(listAcls(store).map((a) => a.subject)).toEqual(['User:app1', 'User:app2']);
    expect(listAcls(store, 'app2').map((a) => a.subject)).toEqual(['User:app2']);
    expect(listAcls(store, undefined, 'Topic').map((a) => [a.subject, a.policies[0]!.entries.length])).toEqual([['User:app1', 1]]);
    // The subject key containing the filter keeps every entry (as coded).
    expect(listAcls(store, undefined, 'app1').map((a) => [a.subject, a.policies[0]!.entries.length])).toEqual([['User:app1', 2]]);
  });
});

describe('authorization contexts per request code (DefaultAuthorizationContextBuilder)', () => {
  const contexts = (code: number, extFields: Record<string, string>, body?: string) =>
    authorizationContexts(createRequest(code, { extFields: { AccessKey: 'u', ...extFields }, ...(body !== undefined ? { body } : {}) }), '127.0.0.1', 'DefaultCluster').map(
      (c) => `${resourceKey(c.resource)} ${c.actions.join('/')}`,
    );

  it('names the resources and actions as the 5.3.3 builder does', () => {
    expect(contexts(RequestCode.SEND_MESSAGE_V2, send('T'))).toEqual(['Topic:T Pub']);
    expect(contexts(RequestCode.SEND_MESSAGE_V2, send('%RETRY%G1', 'G1'))).toEqual(['Group:G1 Sub']);
    expect(contexts(RequestCode.SEND_MESSAGE, { topic: '%RETRY%G2' })).toEqual(['Group:G2 Sub']);
    expect(contexts(RequestCode.PULL_MESSAGE, { topic: 'T', consumerGroup: 'G' })).toEqual(['Topic:T Sub', 'Group:G Sub']);
    expect(contexts(RequestCode.PULL_MESSAGE, { topic: '%RETRY%G', consumerGroup: 'G' })).toEqual(['Group:G Sub']);
    expect(contexts(RequestCode.QUERY_MESSAGE, { topic: 'T' })).toEqual(['Topic:T Sub/Get']);
    expect(contexts(RequestCode.QUERY_CONSUMER_OFFSET, { topic: 'T', consumerGroup: 'G', queueId: '0' })).toEqual(['Topic:T Sub/Get', 'Group:G Sub/Get']);
    expect(contexts(RequestCode.UPDATE_CONSUMER_OFFSET, { topic: 'T', consumerGroup: 'G' })).toEqual(['Topic:T Sub/Update', 'Group:G Sub/Update']);
    expect(contexts(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { consumerGroup: 'G' })).toEqual(['Group:G Sub/Get']);
    expect(contexts(RequestCode.UNREGISTER_CLIENT, { clientID: 'c', producerGroup: 'P' })).toEqual([]);
    expect(contexts(RequestCode.UNREGISTER_CLIENT, { clientID: 'c', consumerGroup: 'G' })).toEqual(['Group:G Sub']);
    expect(contexts(RequestCode.CONSUMER_SEND_MSG_BACK, { group: 'G', originTopic: 'T' })).toEqual(['Group:G Sub']);
    expect(contexts(RequestCode.END_TRANSACTION, {})).toEqual([]);
    expect(contexts(RequestCode.END_TRANSACTION, { topic: 'T' })).toEqual(['Topic:T Pub']);
    const heartbeat = JSON.stringify({
      clientID: 'c',
      producerDataSet: [{ groupName: 'P' }],
      consumerDataSet: [{ groupName: 'G', subscriptionDataSet: [{ topic: 'T' }, { topic: '%RETRY%G' }] }],
    });
    expect(contexts(RequestCode.HEART_BEAT, {}, heartbeat)).toEqual(['Group:G Sub', 'Topic:T Sub']);
    expect(contexts(RequestCode.HEART_BEAT, {}, JSON.stringify({ clientID: 'c', producerDataSet: [{ groupName: 'P' }] }))).toEqual([]);
    expect(contexts(RequestCode.LOCK_BATCH_MQ, {}, JSON.stringify({ consumerGroup: 'G', mqSet: [{ topic: 'T', brokerName: 'b', queueId: 0 }] }))).toEqual(['Group:G Sub', 'Topic:T Sub']);
    // By annotation.
    expect(contexts(RequestCode.UPDATE_AND_CREATE_TOPIC, { topic: 'T' })).toEqual(['Topic:T Create']);
    expect(contexts(RequestCode.DELETE_TOPIC_IN_BROKER, { topic: 'T' })).toEqual(['Topic:T Delete']);
    expect(contexts(RequestCode.GET_MAX_OFFSET, { topic: 'T', queueId: '0' })).toEqual(['Topic:T Get']);
    expect(contexts(RequestCode.GET_CONSUME_STATS, { consumerGroup: 'G', topicList: 'A;B' })).toEqual(['Group:G Get', 'Topic:A Get', 'Topic:B Get']);
    expect(contexts(RequestCode.AUTH_LIST_USER, {})).toEqual(['Cluster:DefaultCluster Get']);
    expect(contexts(RequestCode.AUTH_CREATE_USER, { username: 'x' })).toEqual(['Cluster:DefaultCluster Update']);
    expect(contexts(RequestCode.VIEW_BROKER_STATS_DATA, { statsName: 'x', statsKey: 'y' })).toEqual(['Cluster:DefaultCluster Get']);
    // No context: allowed for any authenticated user (auth.md §2.5).
    for (const code of [RequestCode.GET_BROKER_RUNTIME_INFO, RequestCode.GET_BROKER_CONFIG, RequestCode.UPDATE_BROKER_CONFIG, RequestCode.GET_ALL_TOPIC_CONFIG, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP]) {
      expect({ code, contexts: contexts(code, {}) }).toEqual({ code, contexts: [] });
    }
  });

  it('a body the rules need but cannot read refuses the request', () => {
    const request = signed(RequestCode.HEART_BEAT, {}, 'u', 'password-1', 'not json');
    expect(checkRequest(data([user('u', 'password-1')]), request, CTX)).toBe('parse authorization context error.');
  });
});

describe('the refusals of auth.md §2.7, word for word', () => {
  const users = [user('u', 'secret-u'), user('off', 'secret-off', 'Normal', 'disable'), user('root', 'secret-root', 'Super')];

  it('authentication: unsigned, unknown user, disabled user, bad signature, no metadata provider', () => {
    const d = data(users);
    expect(authenticate(d, createRequest(RequestCode.GET_BROKER_RUNTIME_INFO))).toBe('username cannot be null.');
    expect(authenticate(d, createRequest(RequestCode.GET_BROKER_RUNTIME_INFO, { extFields: { topic: 'T' } }))).toBe('username cannot be null.');
    expect(authenticate(d, signed(RequestCode.GET_BROKER_RUNTIME_INFO, {}, 'x', 'whatever'))).toBe('User:x is not found.');
    expect(authenticate(d, signed(RequestCode.GET_BROKER_RUNTIME_INFO, {}, 'off', 'secret-off'))).toBe('User:off is disabled.');
    expect(authenticate(d, signed(RequestCode.GET_BROKER_RUNTIME_INFO, {}, 'u', 'wrong'))).toBe('check signature failed.');
    const noSignature = createRequest(RequestCode.GET_BROKER_RUNTIME_INFO, { extFields: { AccessKey: 'u' } });
    expect(authenticate(d, noSignature)).toBe('check signature failed.');
    expect(authenticate(d, signed(RequestCode.GET_BROKER_RUNTIME_INFO, {}, 'u', 'secret-u'))).toBeUndefined();
    expect(authenticate(undefined, signed(RequestCode.GET_BROKER_RUNTIME_INFO, {}, 'u', 'secret-u'))).toBe('The authenticationMetadataProvider is not configured');
  });

  it('the _UNIQUE_KEY_QUERY rule: left out of the signed content only for version <= 399', () => {
    const d = data(users);
    // Ours: signed without it, sent as version 399.
    const ours = signed(RequestCode.QUERY_MESSAGE, { topic: 'T', key: 'k', maxNum: '32', beginTimestamp: '0', endTimestamp: '1', _UNIQUE_KEY_QUERY: 'true' }, 'u', 'secret-u');
    expect(ours.version).toBe(399);
    expect(authenticate(d, ours)).toBeUndefined();
    // The same signature presented as a 5.x client: the field now counts, and the signature fails.
    expect(authenticate(d, { ...ours, version: 479 })).toBe('check signature failed.');
    // A 5.x client signs it in: verified at 479.
    const withField = createRequest(RequestCode.QUERY_MESSAGE, { extFields: { topic: 'T', key: 'k', _UNIQUE_KEY_QUERY: 'true', AccessKey: 'u' } });
    withField.extFields!.Signature = computeSignature('secret-u', signedContent(withField.extFields, null));
    expect(authenticate(d, withField)).toBeUndefined();
  });

  it('authorization: no ACL, no matching entry, a Deny, a vanished user; Super users pass', () => {
    const acl: Acl = { subject: 'User:u', policies: [{ policyType: 'Custom', entries: [entry('Topic:Open', ['Pub']), entry('Topic:Closed', ['Pub'], 'Deny')] }] };
    const d = data(users, [acl]);
    const noAcl = data(users);
    const ctx = (username: string, topic: string) => ({ username, resource: res(`Topic:${topic}`), actions: ['Pub' as const], sourceIp: '127.0.0.1' });
    expect(authorizeContext(noAcl, ctx('u', 'T'))).toBe('User:u has no permission to access Topic:T from 127.0.0.1, no matched policies.');
    expect(authorizeContext(d, ctx('u', 'T'))).toBe('User:u has no permission to access Topic:T from 127.0.0.1, no matched policies.');
    expect(authorizeContext(d, ctx('u', 'Closed'))).toBe('User:u has no permission to access Topic:Closed from 127.0.0.1, the decision is deny.');
    expect(authorizeContext(d, ctx('u', 'Open'))).toBeUndefined();
    expect(authorizeContext(d, ctx('gone', 'Open'))).toBe('User:gone not found.');
    expect(authorizeContext(noAcl, ctx('root', 'Anything'))).toBeUndefined();
    // A source IP range nobody can read (a hand-edited file): the generic refusal.
    const broken = data(users, [{ subject: 'User:u', policies: [{ policyType: 'Custom', entries: [entry('Topic:T', ['Pub'], 'Allow', ['bad/8'])] }] }]);
    expect(authorizeContext(broken, ctx('u', 'T'))).toBe('Authorization failed. Please verify your access rights and try again.');
    // Both steps through checkRequest, the first refused context naming the refusal.
    expect(checkRequest(d, signed(RequestCode.SEND_MESSAGE_V2, send('Closed'), 'u', 'secret-u'), CTX)).toBe(
      'User:u has no permission to access Topic:Closed from 127.0.0.1, the decision is deny.',
    );
    expect(checkRequest(d, signed(RequestCode.PULL_MESSAGE, { topic: 'Open', consumerGroup: 'G' }, 'u', 'secret-u'), CTX)).toBe(
      'User:u has no permission to access Topic:Open from 127.0.0.1, no matched policies.',
    );
  });

  it('gives the captured 5.3.3 broker answers to the captured Java requests', () => {
    // The secure cluster's users (listUser/transcript.txt) and app1's ACL (listAcl).
    const secure = data(
      [user('app1', 'app1-secret'), user('fxuser2', 'fxuser2-pass2'), user('rocketmq', '12345678', 'Super'), user('rocketmq-inner', 'inner-secret-5', 'Super')],
      [{ subject: 'User:app1', policies: [{ policyType: 'Custom', entries: [entry('Topic:SecureTopic5', ['Pub', 'Sub']), entry('Group:SecureGroup5', ['Sub'])] }] }],
    );
    const cases: Array<[string, string]> = [
      ['error-secure-denied-updateTopic', '002-c2s-10971-req-17.bin'],
      ['error-secure-producer-unknown-user', '002-c2s-10971-req-310.bin'],
      ['error-secure-producer-unknown-user', '004-c2s-10971-req-34.bin'],
      ['error-secure-producer-unknown-user', '006-c2s-10971-req-35.bin'],
      ['error-secure-unknown-user', '002-c2s-10971-req-3005.bin'],
      ['error-secure-unsigned', '000-c2s-10971-req-28.bin'],
      ['error-secure-wrong-secret', '002-c2s-10971-req-3005.bin'],
      ['secure-clusterList', '002-c2s-10971-req-28.bin'],
      ['secure-sendMessage', '002-c2s-10971-req-310.bin'],
      ['secure-producer-java', '004-c2s-10971-req-310.bin'],
      ['secure-producer-java', '010-c2s-10971-req-34.bin'],
      ['secure-producer-java', '012-c2s-10971-req-35.bin'],
    ];
    for (const [scenario, file] of cases) {
      const frames = scenarioFrames(`rocketmq-5.3.3-more/${scenario}`);
      const request = decodeFrame(frames.find((f) => f.file === file)!.bytes);
      const answer = frames.map((f) => ({ f, c: decodeFrame(f.bytes) })).find(({ f, c }) => f.dir === 's2c' && f.serverPort === 10971 && c.opaque === request.opaque)!.c;
      const ours = checkRequest(secure, request, { clusterName: 'SecureCluster5', sourceIp: '127.0.0.1' });
      expect({ scenario, file, refusal: ours ?? null }).toEqual({ scenario, file, refusal: answer.code === 16 ? answer.remark : null });
    }
  });
});
