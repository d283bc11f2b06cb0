// The 5.x user and ACL administration requests (3001-3010) against the frames the Java 5.3.3
// mqadmin really sent and received (test/fixtures/rocketmq-5.3.3-more/*User, *Acl): every
// captured request and answer decodes, and our requests carry the same extFields (AccessKey and
// Signature aside) and the same body bytes.

import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { buildRequest, readResponse, type RequestDefinition } from '../../src/protocol/requests/define.js';
import {
  authCreateAcl,
  authCreateUser,
  authDeleteAcl,
  authDeleteUser,
  authGetAcl,
  authGetUser,
  authListAcl,
  authListUser,
  authUpdateAcl,
  authUpdateUser,
} from '../../src/protocol/requests/auth.js';
import {
  aclOf,
  canonicalAction,
  canonicalUserType,
  decodeAclInfo,
  decodeUserInfo,
  encodeAclInfo,
  encodeAclInfoList,
  encodeUserInfo,
  encodeUserInfoList,
  parseResource,
  subjectUsername,
} from '../../src/protocol/bodies/auth.js';
import { parseFastJson } from '../../src/protocol/fastjson.js';
import { scenarioFrames, scenarioIndex } from '../helpers/fixtures.js';

const SET = 'rocketmq-5.3.3-more';
const VOLATILE = new Set(['Signature', 'AccessKey']);

function captured(scenario: string, code: number, n = 0): { req: RemotingCommand; res: RemotingCommand } {
  const frames = scenarioFrames(`${SET}/${scenario}`);
  const reqFrames = frames.filter((f) => f.dir === 'c2s' && f.kind === 'req' && f.code === code);
  const reqFrame = reqFrames[n];
  if (!reqFrame) throw new Error(`no request ${code} #${n} in ${scenario}`);
  const req = decodeFrame(reqFrame.bytes);
  const index = scenarioIndex(`${SET}/${scenario}`);
  const [client, server] = index.find((e) => e.file === reqFrame.file)!.connection.split('>');
  const entry = index.find((e) => e.kind === 'response' && e.connection === `${server}>${client}` && e.header.opaque === req.opaque)!;
  const res = decodeFrame(frames.find((f) => f.file === entry.file)!.bytes);
  return { req, res };
}

const javaFields = (cmd: RemotingCommand): Record<string, string> =>
  Object.fromEntries(Object.entries(cmd.extFields ?? {}).filter(([k]) => !VOLATILE.has(k)));

function ourFields<A>(def: RequestDefinition<A, unknown>, args: A): Record<string, string> {
  const built = buildRequest(def, args);
  return Object.fromEntries(Object.entries(built.extFields ?? {}).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
}

function ourBody<A>(def: RequestDefinition<A, unknown>, args: A): string {
  const body = buildRequest(def, args).body;
  return body === null || body === undefined ? '' : Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
}

const bodyText = (cmd: RemotingCommand): string => (cmd.body ? cmd.body.toString('utf8') : '');

describe('user requests as the Java 5.3.3 tool sent them', () => {
  it('AUTH_CREATE_USER (createUser -u fxuser2 -p fxuser2-pass)', () => {
    const { req, res } = captured('createUser', 3001);
    const args = { user: { username: 'fxuser2', password: 'fxuser2-pass' } };
    expect(ourFields(authCreateUser, args)).toEqual(javaFields(req));
    expect(ourBody(authCreateUser, args)).toBe(bodyText(req));
    expect(decodeUserInfo(parseFastJson(req.body!))).toEqual(args.user);
    expect(readResponse(authCreateUser, res, args, '127.0.0.1:10971')).toBeUndefined();
  });

  it('AUTH_UPDATE_USER (updateUser -p only: the body carries only the password)', () => {
    const { req, res } = captured('updateUser', 3002);
    const args = { user: { username: 'fxuser2', password: 'fxuser2-pass2' } };
    expect(ourFields(authUpdateUser, args)).toEqual(javaFields(req));
    expect(ourBody(authUpdateUser, args)).toBe(bodyText(req));
    expect(readResponse(authUpdateUser, res, args, '127.0.0.1:10971')).toBeUndefined();
  });

  it('AUTH_DELETE_USER', () => {
    const { req, res } = captured('deleteUser', 3003);
    expect(ourFields(authDeleteUser, { username: 'fxuser2' })).toEqual(javaFields(req));
    expect(req.body?.length ?? 0).toBe(0);
    expect(ourBody(authDeleteUser, { username: 'fxuser2' })).toBe('');
    expect(readResponse(authDeleteUser, res, { username: 'fxuser2' }, 'b')).toBeUndefined();
  });

  it('AUTH_GET_USER: the answer is the whole user', () => {
    const { req, res } = captured('getUser', 3004);
    expect(ourFields(authGetUser, { username: 'fxuser2' })).toEqual(javaFields(req));
    const user = readResponse(authGetUser, res, { username: 'fxuser2' }, 'b');
    expect(user).toEqual({ username: 'fxuser2', password: 'fxuser2-pass2', userType: 'Normal', userStatus: 'enable' });
    // Our encoder writes the broker's bytes back (the dev broker answers with it).
    expect(encodeUserInfo(user!)).toBe(bodyText(res));
  });

  it('AUTH_GET_USER of an unknown user: SUCCESS without a body is "no user"', () => {
    const { res } = captured('getUser', 3004);
    const empty: RemotingCommand = { ...res, body: null };
    expect(readResponse(authGetUser, empty, { username: 'x' }, 'b')).toBeUndefined();
  });

  it('AUTH_LIST_USER without a filter sends no header field; the answer lists every user', () => {
    const { req, res } = captured('listUser', 3005);
    expect(ourFields(authListUser, undefined)).toEqual(javaFields(req));
    expect(ourFields(authListUser, {})).toEqual(javaFields(req));
    expect(ourFields(authListUser, { filter: 'fx' })).toEqual({ filter: 'fx' });
    const users = readResponse(authListUser, res, undefined, 'b');
    expect(users.map((u) => [u.username, u.userType, u.userStatus])).toEqual([
      ['app1', 'Normal', 'enable'],
      ['fxuser2', 'Normal', 'enable'],
      ['rocketmq', 'Super', 'enable'],
      ['rocketmq-inner', 'Super', 'enable'],
    ]);
    expect(users[2]!.password).toBe('12345678');
    expect(encodeUserInfoList(users)).toBe(bodyText(res));
    expect(readResponse(authListUser, { ...res, body: null }, undefined, 'b')).toEqual([]);
  });

  it('copyUser: AUTH_GET_USER on both sides, then AUTH_UPDATE_USER with the whole user', () => {
    const first = captured('copyUser', 3004, 0);
    const second = captured('copyUser', 3004, 1);
    expect(ourFields(authGetUser, { username: 'fxuser2' })).toEqual(javaFields(first.req));
    expect(ourFields(authGetUser, { username: 'fxuser2' })).toEqual(javaFields(second.req));
    const source = readResponse(authGetUser, first.res, { username: 'fxuser2' }, 'b')!;
    const { req, res } = captured('copyUser', 3002);
    const args = { user: { ...source, username: source.username! } };
    expect(ourFields(authUpdateUser, args)).toEqual(javaFields(req));
    expect(ourBody(authUpdateUser, args)).toBe(bodyText(req));
    expect(readResponse(authUpdateUser, res, args, 'b')).toBeUndefined();
  });
});

describe('ACL requests as the Java 5.3.3 tool sent them', () => {
  it('AUTH_CREATE_ACL (-s User:fxuser2 -r Topic:SecureTopic5 -a Pub -d Allow): one policy without type, one entry', () => {
    const { req, res } = captured('createAcl', 3006);
    const acl = aclOf('User:fxuser2', ['Topic:SecureTopic5'], ['Pub'], 'Allow');
    const args = { acl: { ...acl, subject: 'User:fxuser2' } };
    expect(ourFields(authCreateAcl, args)).toEqual(javaFields(req));
    expect(ourBody(authCreateAcl, args)).toBe(bodyText(req));
    expect(decodeAclInfo(parseFastJson(req.body!))).toEqual(acl);
    expect(readResponse(authCreateAcl, res, args, 'b')).toBeUndefined();
  });

  it('AUTH_UPDATE_ACL with two resources: one entry per resource, same actions and decision', () => {
    const { req, res } = captured('updateAcl', 3007);
    const acl = aclOf('User:fxuser2', ['Topic:SecureTopic5', 'Group:SecureGroup5'], ['Pub', 'Sub'], 'Allow');
    const args = { acl: { ...acl, subject: 'User:fxuser2' } };
    expect(ourFields(authUpdateAcl, args)).toEqual(javaFields(req));
    expect(ourBody(authUpdateAcl, args)).toBe(bodyText(req));
    expect(readResponse(authUpdateAcl, res, args, 'b')).toBeUndefined();
  });

  it('source IPs go into every entry', () => {
    const acl = aclOf('User:a', ['Topic:t', 'Group:g'], ['Sub'], 'Deny', ['10.0.0.0/8', '127.0.0.1']);
    expect(encodeAclInfo(acl)).toBe(
      '{"policies":[{"entries":[{"actions":["Sub"],"decision":"Deny","resource":"Topic:t","sourceIps":["10.0.0.0/8","127.0.0.1"]},' +
        '{"actions":["Sub"],"decision":"Deny","resource":"Group:g","sourceIps":["10.0.0.0/8","127.0.0.1"]}]}],"subject":"User:a"}',
    );
  });

  it('AUTH_DELETE_ACL with a resource: header subject and resource, no policyType', () => {
    const { req, res } = captured('deleteAcl', 3008);
    const args = { subject: 'User:fxuser2', resource: 'Group:SecureGroup5' };
    expect(ourFields(authDeleteAcl, args)).toEqual(javaFields(req));
    expect(ourFields(authDeleteAcl, { subject: 'User:x' })).toEqual({ subject: 'User:x' });
    expect(ourBody(authDeleteAcl, args)).toBe('');
    expect(readResponse(authDeleteAcl, res, args, 'b')).toBeUndefined();
  });

  it('AUTH_GET_ACL: policies with their type and entries', () => {
    const { req, res } = captured('getAcl', 3009);
    expect(ourFields(authGetAcl, { subject: 'User:fxuser2' })).toEqual(javaFields(req));
    const acl = readResponse(authGetAcl, res, { subject: 'User:fxuser2' }, 'b')!;
    expect(acl).toEqual({
      subject: 'User:fxuser2',
      policies: [
        {
          policyType: 'Custom',
          entries: [
            { resource: 'Topic:SecureTopic5', actions: ['Pub', 'Sub'], decision: 'Allow' },
            { resource: 'Group:SecureGroup5', actions: ['Pub', 'Sub'], decision: 'Allow' },
          ],
        },
      ],
    });
    expect(encodeAclInfo(acl)).toBe(bodyText(res));
  });

  it('AUTH_LIST_ACL without filters sends no header field; the answer lists every subject', () => {
    const { req, res } = captured('listAcl', 3010);
    expect(ourFields(authListAcl, undefined)).toEqual(javaFields(req));
    expect(ourFields(authListAcl, { subjectFilter: 'User:a', resourceFilter: 'Topic:t' })).toEqual({ subjectFilter: 'User:a', resourceFilter: 'Topic:t' });
    const acls = readResponse(authListAcl, res, undefined, 'b');
    expect(acls.map((a) => a.subject)).toEqual(['User:app1', 'User:fxuser2']);
    expect(acls[0]!.policies![0]!.entries![1]).toEqual({ resource: 'Group:SecureGroup5', actions: ['Sub'], decision: 'Allow' });
    expect(encodeAclInfoList(acls)).toBe(bodyText(res));
    expect(readResponse(authListAcl, { ...res, body: null }, undefined, 'b')).toEqual([]);
  });

  it('copyAcl: AUTH_GET_ACL on both sides, then AUTH_UPDATE_ACL with the ACL as read (policy type included)', () => {
    const first = captured('copyAcl', 3009, 0);
    const source = readResponse(authGetAcl, first.res, { subject: 'User:fxuser2' }, 'b')!;
    const { req, res } = captured('copyAcl', 3007);
    const args = { acl: { ...source, subject: source.subject! } };
    expect(ourFields(authUpdateAcl, args)).toEqual(javaFields(req));
    expect(ourBody(authUpdateAcl, args)).toBe(bodyText(req));
    expect(readResponse(authUpdateAcl, res, args, 'b')).toBeUndefined();
  });

  it('failure answers are errors with the broker remark', () => {
    const { res } = captured('getAcl', 3009);
    const refused: RemotingCommand = { ...res, code: 16, remark: 'The subject is not exist.', body: null };
    expect(() => readResponse(authGetAcl, refused, { subject: 'User:x' }, '127.0.0.1:10971')).toThrow(/NO_PERMISSION \(16\) from 127.0.0.1:10971: The subject is not exist/);
  });
});

describe('auth vocabulary', () => {
  it('resources as Resource.of reads them', () => {
    expect(parseResource('*')).toEqual({ type: 'Any', name: '', pattern: 'ANY', key: '*' });
    expect(parseResource('topic:*')).toEqual({ type: 'Topic', name: '', pattern: 'ANY', key: 'Topic:*' });
    expect(parseResource('Topic:abc*')).toEqual({ type: 'Topic', name: 'abc', pattern: 'PREFIXED', key: 'Topic:abc*' });
    expect(parseResource('GROUP:G1')).toEqual({ type: 'Group', name: 'G1', pattern: 'LITERAL', key: 'Group:G1' });
    expect(parseResource('Cluster:DefaultCluster')?.type).toBe('Cluster');
    for (const bad of ['', 'Topic', 'Topic:', 'Queue:x', 'Topic:a*b', ':x']) expect(parseResource(bad)).toBeUndefined();
  });

  it('names case-insensitively, written as the broker writes them', () => {
    expect(canonicalAction('pub')).toBe('Pub');
    expect(canonicalAction('ALL')).toBe('All');
    expect(canonicalAction('write')).toBeUndefined();
    expect(canonicalUserType('super')).toBe('Super');
    expect(subjectUsername('User:alice')).toBe('alice');
    expect(subjectUsername('alice')).toBeUndefined();
  });
});
