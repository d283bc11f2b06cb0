// The pieces of the user and ACL commands that decide things without a broker: input checks,
// the 5.3.3 merge rule the plans predict, what each broker refusal is turned into, passwords on
// the command line, and the views (never a password, broker columns only with several brokers).

import { afterEach, describe, expect, it } from 'vitest';
import {
  aclEntries,
  authCall,
  mergeAclEntries,
  validateActions,
  validateResources,
  validateSourceIps,
  validateSubject,
  validateUserType,
} from '../../src/admin/auth.js';
import { InvalidArgumentError, NotFoundError, RefusedError, UnavailableOnServerError } from '../../src/admin/errors.js';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { classifyError } from '../../src/cli/exitCodes.js';
import { passwordsFromArgv } from '../../src/cli/authFlags.js';
import { authCreateUser, authGetAcl, authUpdateUser } from '../../src/protocol/requests/auth.js';
import { ResponseError } from '../../src/protocol/errors.js';
import { createResponse } from '../../src/remoting/command.js';
import { renderUsers } from '../../src/render/views/auth.js';
import { makeStyle } from '../../src/render/style.js';
import { FakeServer } from '../helpers/fakeServer.js';

describe('input checks', () => {
  it('subjects, resources, actions, IPs, user types', () => {
    expect(validateSubject('user:alice')).toBe('User:alice');
    expect(() => validateSubject('alice')).toThrow(InvalidArgumentError);
    expect(validateResources('topic:a, Group:g,topic:a')).toEqual(['Topic:a', 'Group:g']);
    expect(validateResources('*')).toEqual(['*']);
    expect(() => validateResources('Topic:a,Queue:b')).toThrow(/invalid resource "Queue:b"/);
    expect(validateActions('pub, sub,ALL')).toEqual(['Pub', 'Sub', 'All']);
    expect(() => validateActions('Any')).toThrow(/Any cannot be stored/);
    expect(validateSourceIps('10.0.0.0/8, 127.0.0.1,::1,fd00::/8')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8']);
    for (const bad of ['10.0.0.0/33', 'host.example', '1.2.3.4/8/1', '::1/129']) expect(() => validateSourceIps(bad)).toThrow(/invalid source IP/);
    expect(validateUserType('SUPER')).toBe('Super');
    expect(() => validateUserType('admin')).toThrow(/Super or Normal/);
  });
});

describe('the merge rule of 5.3.3 create/update ACL', () => {
  const before = aclEntries({
    subject: 'User:a',
    policies: [
      { policyType: 'Custom', entries: [{ resource: 'Topic:t', actions: ['Pub'], decision: 'Allow' }, { resource: 'Group:g', actions: ['Sub'], decision: 'Allow' }] },
      { policyType: 'Default', entries: [{ resource: 'Topic:t', actions: ['Sub'], decision: 'Deny' }] },
    ],
  });

  it('replaces the entry of the same resource in the same policy type, adds the others, removes nothing', () => {
    const incoming = aclEntries({ subject: 'User:a', policies: [{ entries: [{ resource: 'topic:t', actions: ['Pub', 'Sub'], decision: 'Allow' }, { resource: 'Topic:new*', actions: ['Sub'], decision: 'Deny', sourceIps: ['10.0.0.0/8'] }] }] });
    const { after, changes } = mergeAclEntries(before, incoming);
    expect(after.map((e) => `${e.policyType} ${e.resource} ${e.actions.join('|')} ${e.decision}`)).toEqual([
      'Custom topic:t Pub|Sub Allow',
      'Custom Group:g Sub Allow',
      'Default Topic:t Sub Deny',
      'Custom Topic:new* Sub Deny',
    ]);
    expect(changes.map((c) => [c.kind, c.resource])).toEqual([
      ['changed', 'topic:t'],
      ['added', 'Topic:new*'],
    ]);
  });

  it('the same entries again change nothing', () => {
    const custom = before.filter((e) => e.policyType === 'Custom');
    expect(mergeAclEntries(before, custom).changes).toEqual([]);
  });
});

describe('what a broker refusal becomes', () => {
  let fake: FakeServer | undefined;
  let admin: MQAdmin | undefined;
  afterEach(async () => {
    await admin?.close();
    await fake?.close();
  });

  async function refusedWith(code: number, remark: string, version = 479): Promise<unknown> {
    fake = await FakeServer.start();
    fake.respond = (req) => createResponse(req, code, { remark, version });
    admin = new MQAdmin({ namesrvAddr: fake.address, timeoutMs: 2000 });
    const user = { user: { username: 'alice', password: 'pw', userType: 'Super' } };
    const def = remark.includes('acl') || remark.includes('subject') ? authGetAcl : remark.includes('update') ? authUpdateUser : authCreateUser;
    const args = def === authGetAcl ? { subject: 'User:alice' } : user;
    return (authCall(admin, fake.address, def as typeof authCreateUser, args as typeof user, 'user alice') as Promise<unknown>).then(
      () => undefined,
      (err: unknown) => err,
    );
  }

  const cases: Array<[number, string, number | undefined, (e: unknown) => void, number]> = [
    [3, ' request type 3001 not supported', 409, (e) => expect(e).toBeInstanceOf(UnavailableOnServerError), 3],
    [1, 'The super user can only be create by super user', undefined, (e) => expect((e as Error).message).toMatch(/^only a Super user may create a Super user/), 6],
    [16, 'The super user can only be update by super user', undefined, (e) => expect((e as Error).message).toMatch(/^only a Super user may change a Super user/), 6],
    [16, 'The user is existed', undefined, (e) => expect(e).toBeInstanceOf(RefusedError), 3],
    [16, 'The user is not exist', undefined, (e) => expect(e).toBeInstanceOf(NotFoundError), 4],
    [16, 'The subject is not exist.', undefined, (e) => expect(e).toBeInstanceOf(NotFoundError), 4],
    [16, 'The acl is not exist.', undefined, (e) => expect(e).toBeInstanceOf(NotFoundError), 4],
    [16, 'The source ip is invalid.', undefined, (e) => expect(e).toBeInstanceOf(RefusedError), 3],
    [1, 'An system error occurred, please try again later.', undefined, (e) => expect(classifyError(e).remedy).toContain('authenticationMetadataProvider'), 3],
    [16, 'User:bob has no permission to access Cluster:DefaultCluster from 127.0.0.1, no matched policies.', undefined, (e) => expect(e).toBeInstanceOf(ResponseError), 6],
    [16, 'check signature failed.', undefined, (e) => expect(e).toBeInstanceOf(ResponseError), 6],
  ];

  for (const [code, remark, version, check, exit] of cases) {
    it(`${code} ${remark.trim()} -> exit ${exit}`, async () => {
      const err = await refusedWith(code, remark, version);
      check(err);
      expect(classifyError(err).exitCode).toBe(exit);
      await admin!.close();
      await fake!.close();
      admin = undefined;
      fake = undefined;
    });
  }
});

describe('passwords', () => {
  it('found in every spelling of the flag', () => {
    expect(passwordsFromArgv(['-u', 'a', '-p', 'one', '-ptwo', '--password', 'three', '--password=four', '--passwd=five', '-c', 'C'])).toEqual(['one', 'two', 'three', 'four', 'five']);
  });

  it('views show masks, and the broker columns only with several brokers', async () => {
    const style = makeStyle(false);
    const users = [{ username: 'alice', password: '******', userType: 'Normal', userStatus: 'enable' }];
    const one = await renderUsers({ filter: null, brokers: [{ cluster: 'C', brokerName: 'broker-a', brokerId: 0, addr: '127.0.0.1:1', users }], failures: [] }, style);
    expect(one.split('\n')[2]).toMatch(/^USERNAME\s+PASSWORD\s+TYPE\s+STATUS$/);
    const two = await renderUsers(
      {
        filter: 'al',
        brokers: [
          { cluster: 'C', brokerName: 'broker-a', brokerId: 0, addr: '127.0.0.1:1', users },
          { cluster: 'C', brokerName: 'broker-b', brokerId: 0, addr: '127.0.0.1:2', users },
        ],
        failures: [],
      },
      style,
    );
    expect(two.split('\n')[0]).toBe('Users matching "al" on 2 brokers');
    expect(two.split('\n')[2]).toMatch(/^BROKER\s+ADDRESS\s+USERNAME\s+PASSWORD\s+TYPE\s+STATUS$/);
    expect(two.split('\n').slice(3)).toHaveLength(2);
  });
});
