// The 5.x user and ACL commands end to end: bin/run.js against the real answers of the secured
// RocketMQ 5.3.3 broker (test/fixtures/rocketmq-5.3.3-more, NameServer 9887, broker-s5 10971),
// printing the facts the Java transcripts show (never a password), sending the requests the Java
// tool sent, and the refusals: 4.x brokers (exit 3), access (exit 6), not found (exit 4), usage
// (exit 2).

import { afterEach, describe, expect, it } from 'vitest';
import { encodeAclInfo, encodeUserInfo } from '../../src/protocol/bodies/auth.js';
import { createResponse, type RemotingCommand } from '../../src/remoting/command.js';
import { runCli } from '../helpers/cli.js';
import { FakeServer } from '../helpers/fakeServer.js';
import { scenarioFrames, transcript } from '../helpers/fixtures.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import { startReplayCluster, type ReplayCluster, type ReplayOptions } from '../helpers/replayServer.js';

const V5 = 'rocketmq-5.3.3-more';
const SECURE: ReplayOptions = { namesrvPort: 9887, brokerPort: 10971 };
/** Every password the captured broker holds: none may ever be printed. */
const PASSWORDS = ['app1-secret', 'fxuser2-pass2', 'fxuser2-pass', '12345678', 'inner-secret-5'];
const lines = (text: string) => text.trimEnd().split('\n');
const cells = (line: string) => line.trim().split(/\s{2,}/);

function expectNoPassword(...texts: string[]): void {
  for (const t of texts) for (const p of PASSWORDS) expect(t).not.toContain(p);
}

/** The Java tool's request of a scenario (code, n-th), decoded. */
function javaRequest(scenario: string, code: number, n = 0): RemotingCommand {
  const frames = scenarioFrames(`${V5}/${scenario}`).filter((f) => f.dir === 'c2s' && f.kind === 'req' && f.code === code);
  return decodeFrame(frames[n]!.bytes);
}

const fieldsOf = (cmd: RemotingCommand): Record<string, string> =>
  Object.fromEntries(Object.entries(cmd.extFields ?? {}).filter(([k]) => k !== 'Signature' && k !== 'AccessKey'));

const ok = (request: RemotingCommand, body?: string): RemotingCommand => createResponse(request, 0, { version: 479, ...(body !== undefined ? { body } : {}) });

describe('against the replayed 5.3.3 secured broker', () => {
  let replay: ReplayCluster | undefined;
  afterEach(async () => {
    await replay?.close();
    replay = undefined;
  });

  const start = async (scenarios: string[], respond?: ReplayOptions['respond']) => {
    replay = await startReplayCluster(scenarios.map((s) => `${V5}/${s}`), { ...SECURE, ...(respond ? { respond } : {}) });
    return replay;
  };
  const sent = (code: number) => replay!.received.filter((r) => r.role === 'broker' && r.request.code === code).map((r) => r.request);

  it('listUser -c: the users, types and statuses of the Java transcript, passwords masked', async () => {
    await start(['listUser']);
    const r = await runCli(['listUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe(`Users on broker-s5 (${replay!.brokerAddr})`);
    expect(cells(out[2]!)).toEqual(['USERNAME', 'PASSWORD', 'TYPE', 'STATUS']);
    // Java: one row per user: name, password (in clear), type, status.
    const java = lines(transcript(`${V5}/listUser`)).slice(2, 6).map((l) => l.trim().split(/\s+/));
    expect(out.slice(3).map(cells)).toEqual(java.map(([name, , type, status]) => [name, '******', type, status]));
    expectNoPassword(r.stdout, r.stderr);
    expect(fieldsOf(sent(3005)[0]!)).toEqual(fieldsOf(javaRequest('listUser', 3005)));

    const json = await runCli(['listUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '--json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.brokers).toHaveLength(1);
    expect(doc.brokers[0].addr).toBe(replay!.brokerAddr);
    expect(doc.brokers[0].users).toContainEqual({ username: 'rocketmq', password: '******', userType: 'Super', userStatus: 'enable' });
    expect(doc.failures).toEqual([]);
    expectNoPassword(json.stdout);
  });

  it('getUser: the user of the transcript, password masked; JSON too', async () => {
    await start(['getUser']);
    const r = await runCli(['getUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'fxuser2']);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe(`User fxuser2 on broker-s5 (${replay!.brokerAddr})`);
    // Java: fxuser2  fxuser2-pass2  Normal  enable
    const [name, , type, status] = lines(transcript(`${V5}/getUser`))[2]!.trim().split(/\s+/);
    expect(cells(out[3]!)).toEqual([name, '******', type, status]);
    expectNoPassword(r.stdout, r.stderr);
    expect(fieldsOf(sent(3004)[0]!)).toEqual(fieldsOf(javaRequest('getUser', 3004)));
    const json = await runCli(['getUser', '-n', replay!.namesrvAddr, '-b', replay!.brokerAddr, '-u', 'fxuser2', '--json']);
    expect(JSON.parse(json.stdout).brokers[0].user).toEqual({ username: 'fxuser2', password: '******', userType: 'Normal', userStatus: 'enable' });
    expectNoPassword(json.stdout);
  });

  it('getUser of a user no broker has is exit 4 (the Java tool prints nothing)', async () => {
    await start(['getUser'], (role, req) => (role === 'broker' && req.code === 3004 ? ok(req) : undefined));
    const r = await runCli(['getUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'nobody']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`user nobody not found on ${replay!.brokerAddr}`);
  });

  it('createUser: the request the Java tool sent, the result per broker, no password shown', async () => {
    await start(['createUser']);
    const r = await runCli(['createUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'fxuser2', '-p', 'fxuser2-pass']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe('User fxuser2 (Normal, enable, password ******)');
    // Java: create user to 127.0.0.1:10971 success.
    expect(transcript(`${V5}/createUser`)).toContain('create user to 127.0.0.1:10971 success.');
    expect(cells(out[3]!)).toEqual(['broker-s5', replay!.brokerAddr, 'created']);
    const ours = sent(3001)[0]!;
    const java = javaRequest('createUser', 3001);
    expect(fieldsOf(ours)).toEqual(fieldsOf(java));
    expect(ours.body!.toString()).toBe(java.body!.toString());
    expectNoPassword(r.stdout, r.stderr);
  });

  it('createUser without -p and without a terminal is exit 2, nothing sent', async () => {
    await start(['createUser']);
    const r = await runCli(['createUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'fxuser2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no password for user fxuser2: give it with -p');
    expect(sent(3001)).toHaveLength(0);
  });

  it('createUser of an existing user: the broker says so, exit 3', async () => {
    await start(['createUser'], (role, req) => (role === 'broker' && req.code === 3001 ? createResponse(req, 16, { version: 479, remark: 'The user is existed' }) : undefined));
    const r = await runCli(['createUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'fxuser2', '-p', 'fxuser2-pass']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`user fxuser2 already exists on ${replay!.brokerAddr}`);
    expect(r.stderr).toContain('updateUser');
  });

  it('createUser -t Super signed by a Normal user: the 5.3.3 Super-user rule, exit 6', async () => {
    await start(['createUser'], (role, req) =>
      role === 'broker' && req.code === 3001 ? createResponse(req, 1, { version: 479, remark: 'The super user can only be create by super user' }) : undefined,
    );
    const r = await runCli(['createUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'boss', '-p', 'boss-password', '-t', 'super']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('only a Super user may create a Super user');
    expect(r.stderr).toContain("sign with a Super user's credentials");
    expect(r.stderr).not.toContain('boss-password');
    // -t is sent as the broker spells it.
    expect(JSON.parse(sent(3001)[0]!.body!.toString())).toEqual({ password: 'boss-password', userType: 'Super', username: 'boss' });
  });

  it('updateUser: reads first, sends only what changes (as the Java tool sent it), shows before -> after', async () => {
    // The user as it was before the captured update (password fxuser2-pass).
    await start(['updateUser'], (role, req) =>
      role === 'broker' && req.code === 3004 ? ok(req, encodeUserInfo({ password: 'fxuser2-pass', userStatus: 'enable', userType: 'Normal', username: 'fxuser2' })) : undefined,
    );
    const r = await runCli(['updateUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'fxuser2', '-p', 'fxuser2-pass2', '-s', 'disable']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(transcript(`${V5}/updateUser`)).toContain('update user to 127.0.0.1:10971 success.');
    const out = lines(r.stdout);
    expect(cells(out[3]!)).toEqual(['broker-s5', replay!.brokerAddr, 'updated', 'password changed, userStatus enable -> disable']);
    const ours = sent(3002)[0]!;
    expect(fieldsOf(ours)).toEqual(fieldsOf(javaRequest('updateUser', 3002)));
    expect(JSON.parse(ours.body!.toString())).toEqual({ password: 'fxuser2-pass2', userStatus: 'disable', username: 'fxuser2' });
    expectNoPassword(r.stdout, r.stderr);

    // The Java tool's own update (-p only): the same bytes.
    replay!.received.length = 0;
    const same = await runCli(['updateUser', '-n', replay!.namesrvAddr, '-b', replay!.brokerAddr, '-u', 'fxuser2', '-p', 'fxuser2-pass2']);
    expect(same.code).toBe(0);
    expect(sent(3002)[0]!.body!.toString()).toBe(javaRequest('updateUser', 3002).body!.toString());
  });

  it('updateUser changing nothing sends nothing; --dry-run sends nothing; an unknown user is exit 4', async () => {
    await start(['getUser', 'updateUser']);
    const r = await runCli(['updateUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'fxuser2', '-p', 'fxuser2-pass2', '-t', 'Normal']);
    expect(r.code).toBe(0);
    expect(cells(lines(r.stdout)[3]!)).toEqual(['broker-s5', replay!.brokerAddr, 'unchanged', 'no change']);
    const dry = await runCli(['updateUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'fxuser2', '-t', 'Super', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(lines(dry.stdout)[0]).toBe('User fxuser2 (dry run: nothing was changed)');
    expect(cells(lines(dry.stdout)[3]!)).toEqual(['broker-s5', replay!.brokerAddr, 'update', 'userType Normal -> Super']);
    expect(sent(3002)).toHaveLength(0);
    await replay!.close();
    await start(['updateUser'], (role, req) => (role === 'broker' && req.code === 3004 ? ok(req) : undefined));
    const missing = await runCli(['updateUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'ghost', '-s', 'disable']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('user ghost not found');
    const nothing = await runCli(['updateUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'ghost']);
    expect(nothing.code).toBe(2);
    const badStatus = await runCli(['updateUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'ghost', '-s', 'off']);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('enable or disable');
  });

  it('deleteUser: exit 2 without --yes off a terminal; --dry-run; --yes sends what the Java tool sent', async () => {
    await start(['deleteUser', 'getUser', 'getAcl']);
    const refused = await runCli(['deleteUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'fxuser2']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('deleting user fxuser2: pass --yes to do it');
    const dry = await runCli(['deleteUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'fxuser2', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(cells(lines(dry.stdout)[3]!)).toEqual(['broker-s5', replay!.brokerAddr, 'delete', 'Normal', 'its ACL (2 entries) too']);
    expect(sent(3003)).toHaveLength(0);
    const r = await runCli(['deleteUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'fxuser2', '--yes']);
    expect(r.code).toBe(0);
    expect(transcript(`${V5}/deleteUser`)).toContain('delete user to 127.0.0.1:10971 success.');
    expect(cells(lines(r.stdout)[3]!)).toEqual(['broker-s5', replay!.brokerAddr, 'deleted', 'Normal', 'its ACL (2 entries) too']);
    expect(sent(3003).map(fieldsOf)).toEqual([fieldsOf(javaRequest('deleteUser', 3003))]);
    expectNoPassword(r.stdout, r.stderr, dry.stdout);
  });

  it('deleteUser of a user no broker has is exit 4 (the Java tool prints success)', async () => {
    await start(['deleteUser'], (role, req) => (role === 'broker' && req.code === 3004 ? ok(req) : undefined));
    const r = await runCli(['deleteUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-u', 'ghost', '--yes']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('user ghost not found');
    expect(sent(3003)).toHaveLength(0);
  });

  it('copyUser: source and target read, the whole user sent to the target as the Java tool did', async () => {
    // The target (the same broker in the capture) first has the user with an older password.
    let reads = 0;
    await start(['copyUser'], (role, req) => {
      if (role !== 'broker' || req.code !== 3004) return undefined;
      reads++;
      return reads === 1 ? undefined : ok(req, encodeUserInfo({ password: 'old', userStatus: 'enable', userType: 'Normal', username: 'fxuser2' }));
    });
    const b = replay!.brokerAddr;
    const r = await runCli(['copyUser', '-n', replay!.namesrvAddr, '-f', b, '-t', b, '-u', 'fxuser2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(transcript(`${V5}/copyUser`)).toContain('copy user of fxuser2 from 127.0.0.1:10971 to 127.0.0.1:10971 success.');
    const out = lines(r.stdout);
    expect(out[0]).toBe(`Users from ${b} to ${b}`);
    expect(cells(out[3]!)).toEqual(['fxuser2', 'Normal', 'enable', 'updated', 'password changed']);
    const ours = sent(3002)[0]!;
    const java = javaRequest('copyUser', 3002);
    expect(fieldsOf(ours)).toEqual(fieldsOf(java));
    expect(ours.body!.toString()).toBe(java.body!.toString());
    expectNoPassword(r.stdout, r.stderr);
  });

  it('copyUser where the target already has the same user changes nothing; a name the source lacks is exit 4', async () => {
    await start(['copyUser']);
    const b = replay!.brokerAddr;
    const r = await runCli(['copyUser', '-n', replay!.namesrvAddr, '-f', b, '-t', b, '-u', 'fxuser2', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).users).toEqual([{ username: 'fxuser2', userType: 'Normal', userStatus: 'enable', action: 'unchanged', changes: [], outcome: 'unchanged' }]);
    expect(sent(3002)).toHaveLength(0);
    await replay!.close();
    await start(['copyUser'], (role, req) => (role === 'broker' && req.code === 3004 ? ok(req) : undefined));
    const none = await runCli(['copyUser', '-n', replay!.namesrvAddr, '-f', replay!.brokerAddr, '-t', replay!.brokerAddr, '-u', 'ghost']);
    expect(none.code).toBe(4);
    expect(none.stderr).toContain(`user ghost not found on ${replay!.brokerAddr}`);
  });

  it('listAcl -c: the rows of the Java transcript', async () => {
    await start(['listAcl']);
    const r = await runCli(['listAcl', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe(`ACLs on broker-s5 (${replay!.brokerAddr})`);
    expect(cells(out[2]!)).toEqual(['SUBJECT', 'POLICY', 'RESOURCE', 'ACTIONS', 'SOURCE IPS', 'DECISION']);
    // Java: User:app1  Custom  Topic:SecureTopic5  [Pub, Sub]  null  Allow
    const java = lines(transcript(`${V5}/listAcl`)).slice(2, 6).map((l) => {
      const m = /^(\S+)\s+(\S+)\s+(\S+)\s+\[(.*?)\]\s+(\S+)\s+(\S+)\s*$/.exec(l)!;
      return [m[1], m[2], m[3], m[4], m[5] === 'null' ? 'any' : m[5], m[6]];
    });
    expect(out.slice(3).map(cells)).toEqual(java);
    expect(fieldsOf(sent(3010)[0]!)).toEqual(fieldsOf(javaRequest('listAcl', 3010)));
    const json = await runCli(['listAcl', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '--json']);
    const doc = JSON.parse(json.stdout);
    expect(doc.brokers[0].acls.map((a: { subject: string }) => a.subject)).toEqual(['User:app1', 'User:fxuser2']);
    expect(doc.brokers[0].acls[0].entries[1]).toEqual({ subject: 'User:app1', policyType: 'Custom', resource: 'Group:SecureGroup5', actions: ['Sub'], sourceIps: null, decision: 'Allow' });
    // Filters go to the broker as the Java header fields.
    await runCli(['listAcl', '-n', replay!.namesrvAddr, '-b', replay!.brokerAddr, '-s', 'User:app1', '-r', 'Topic:SecureTopic5']);
    expect(fieldsOf(sent(3010).at(-1)!)).toEqual({ subjectFilter: 'User:app1', resourceFilter: 'Topic:SecureTopic5' });
  });

  it('getAcl: the rows of the transcript; a subject without an ACL is exit 4; a bare name is exit 2', async () => {
    await start(['getAcl']);
    const r = await runCli(['getAcl', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-s', 'User:fxuser2']);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe(`ACL of User:fxuser2 on broker-s5 (${replay!.brokerAddr})`);
    expect(out.slice(3).map(cells)).toEqual([
      ['User:fxuser2', 'Custom', 'Topic:SecureTopic5', 'Pub, Sub', 'any', 'Allow'],
      ['User:fxuser2', 'Custom', 'Group:SecureGroup5', 'Pub, Sub', 'any', 'Allow'],
    ]);
    for (const l of lines(transcript(`${V5}/getAcl`)).slice(2, 4)) expect(l).toMatch(/^User:fxuser2\s+Custom\s+(Topic:SecureTopic5|Group:SecureGroup5)\s+\[Pub, Sub\]\s+null\s+Allow/);
    expect(fieldsOf(sent(3009)[0]!)).toEqual(fieldsOf(javaRequest('getAcl', 3009)));
    const bare = await runCli(['getAcl', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-s', 'fxuser2']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('did you mean User:fxuser2?');
    await replay!.close();
    await start(['getAcl'], (role, req) => (role === 'broker' && req.code === 3009 ? ok(req) : undefined));
    const none = await runCli(['getAcl', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-s', 'User:fxuser2']);
    expect(none.code).toBe(4);
    expect(none.stderr).toContain(`User:fxuser2 has no ACL on ${replay!.brokerAddr}`);
  });

  it('createAcl: the AclInfo the Java tool sent (one policy, one entry), the change per broker', async () => {
    // No ACL yet for the subject.
    await start(['createAcl'], (role, req) => (role === 'broker' && req.code === 3009 ? ok(req) : undefined));
    const r = await runCli(['createAcl', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-s', 'User:fxuser2', '-r', 'Topic:SecureTopic5', '-a', 'Pub', '-d', 'Allow']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(transcript(`${V5}/createAcl`)).toContain('create acl to 127.0.0.1:10971 success.');
    expect(cells(lines(r.stdout)[3]!)).toEqual(['broker-s5', replay!.brokerAddr, 'created', '+ Topic:SecureTopic5 Pub Allow']);
    const ours = sent(3006)[0]!;
    const java = javaRequest('createAcl', 3006);
    expect(fieldsOf(ours)).toEqual(fieldsOf(java));
    expect(ours.body!.toString()).toBe(java.body!.toString());
  });

  it('updateAcl: names in any case are sent as the broker writes them; the Java bytes; merge shown before -> after', async () => {
    const before = { subject: 'User:fxuser2', policies: [{ policyType: 'Custom', entries: [{ resource: 'Topic:SecureTopic5', actions: ['Pub'], decision: 'Allow' }] }] };
    await start(['updateAcl'], (role, req) => (role === 'broker' && req.code === 3009 ? ok(req, encodeAclInfo(before)) : undefined));
    const r = await runCli(['updateAcl', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-s', 'user:fxuser2', '-r', 'topic:SecureTopic5,Group:SecureGroup5', '-a', 'pub,SUB', '-d', 'allow']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(transcript(`${V5}/updateAcl`)).toContain('update acl to 127.0.0.1:10971 success.');
    expect(cells(lines(r.stdout)[3]!)).toEqual(['broker-s5', replay!.brokerAddr, 'updated', 'Topic:SecureTopic5: Pub Allow -> Pub, Sub Allow; + Group:SecureGroup5 Pub, Sub Allow']);
    const ours = sent(3007)[0]!;
    const java = javaRequest('updateAcl', 3007);
    expect(fieldsOf(ours)).toEqual(fieldsOf(java));
    expect(ours.body!.toString()).toBe(java.body!.toString());
  });

  it('createAcl/updateAcl refuse bad input before sending (exit 2) and a subject that is no user (exit 4)', async () => {
    await start(['createAcl', 'getAcl']);
    const base = ['createAcl', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-s', 'User:fxuser2'];
    for (const [args, text] of [
      [['-r', 'Queue:x', '-a', 'Pub', '-d', 'Allow'], 'invalid resource "Queue:x"'],
      [['-r', 'Topic:x', '-a', 'Write', '-d', 'Allow'], 'invalid action "Write"'],
      [['-r', 'Topic:x', '-a', 'Any', '-d', 'Allow'], 'the action Any cannot be stored'],
      [['-r', 'Topic:x', '-a', 'Pub', '-d', 'Maybe'], 'Allow or Deny'],
      [['-r', 'Topic:x', '-a', 'Pub', '-d', 'Allow', '-i', '10.0.0.300'], 'invalid source IP'],
    ] as const) {
      const r = await runCli([...base, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(text);
    }
    expect(replay!.received.filter((x) => x.role === 'broker')).toHaveLength(0);
    await replay!.close();
    await start(['createAcl'], (role, req) => (role === 'broker' && req.code === 3009 ? createResponse(req, 16, { version: 479, remark: 'The subject is not exist.' }) : undefined));
    const r = await runCli(['createAcl', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-s', 'User:ghost', '-r', 'Topic:x', '-a', 'Pub', '-d', 'Allow']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('User:ghost is not a user on');
    expect(r.stderr).toContain('createUser');
  });

  it('deleteAcl -r: exit 2 without --yes; --dry-run; --yes sends the Java header fields', async () => {
    await start(['deleteAcl', 'getAcl']);
    const args = ['deleteAcl', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '-s', 'User:fxuser2', '-r', 'Group:SecureGroup5'];
    const refused = await runCli(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    const dry = await runCli([...args, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(cells(lines(dry.stdout)[3]!)).toEqual(['broker-s5', replay!.brokerAddr, 'delete', '- Group:SecureGroup5 Pub, Sub Allow']);
    expect(sent(3008)).toHaveLength(0);
    const r = await runCli([...args, '--yes']);
    expect(r.code).toBe(0);
    expect(transcript(`${V5}/deleteAcl`)).toContain('delete acl to 127.0.0.1:10971 success.');
    expect(cells(lines(r.stdout)[3]!)).toEqual(['broker-s5', replay!.brokerAddr, 'deleted', '- Group:SecureGroup5 Pub, Sub Allow']);
    expect(sent(3008).map(fieldsOf)).toEqual([fieldsOf(javaRequest('deleteAcl', 3008))]);
    // A resource the ACL does not have: nothing to delete, exit 4.
    const absent = await runCli([...args.slice(0, -1), 'Topic:Other', '--yes']);
    expect(absent.code).toBe(4);
    expect(absent.stderr).toContain('User:fxuser2 has no entry for Topic:Other');
  });

  it('copyAcl: the ACL as read sent with its policy type, as the Java tool did', async () => {
    let reads = 0;
    await start(['copyAcl'], (role, req) => {
      if (role !== 'broker' || req.code !== 3009) return undefined;
      reads++;
      // The target holds an older ACL of the subject.
      return reads === 1 ? undefined : ok(req, encodeAclInfo({ subject: 'User:fxuser2', policies: [{ policyType: 'Custom', entries: [{ resource: 'Topic:SecureTopic5', actions: ['Sub'], decision: 'Allow' }] }] }));
    });
    const b = replay!.brokerAddr;
    const r = await runCli(['copyAcl', '-n', replay!.namesrvAddr, '-f', b, '-t', b, '-s', 'User:fxuser2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(transcript(`${V5}/copyAcl`)).toContain('copy acl of User:fxuser2 from 127.0.0.1:10971 to 127.0.0.1:10971 success.');
    expect(cells(lines(r.stdout)[3]!)).toEqual(['User:fxuser2', '2', 'updated', 'Topic:SecureTopic5: Sub Allow -> Pub, Sub Allow; + Group:SecureGroup5 Pub, Sub Allow']);
    const ours = sent(3007)[0]!;
    const java = javaRequest('copyAcl', 3007);
    expect(fieldsOf(ours)).toEqual(fieldsOf(java));
    expect(ours.body!.toString()).toBe(java.body!.toString());
  });

  it('refused by authentication (unknown user, wrong secret): exit 6 with the broker reason', async () => {
    for (const [scenario, reason] of [
      ['error-secure-unknown-user', 'User:nobody is not found.'],
      ['error-secure-wrong-secret', 'check signature failed.'],
    ] as const) {
      await start([scenario]);
      const r = await runCli(['listUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '--access-key', 'nobody', '--secret-key', 'nobody-secret']);
      expect(r.code, scenario).toBe(6);
      expect(r.stderr).toContain(reason);
      expect(r.stderr).toContain('access denied');
      expect(r.stderr).not.toContain('nobody-secret');
      const json = await runCli(['listUser', '-n', replay!.namesrvAddr, '-c', 'SecureCluster5', '--json']);
      expect(json.code).toBe(6);
      expect(JSON.parse(json.stdout).error.kind).toBe('access_denied');
      await replay!.close();
      replay = undefined;
    }
  });

  it('a password given with a misspelt flag is not echoed by the parse error', async () => {
    const r = await runCli(['createUser', '-n', '127.0.0.1:1', '-c', 'C', '-u', 'x', '--passwrd=very-secret-pw']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('very-secret-pw');
  });
});

describe('against a 4.x broker', () => {
  let fake: FakeServer | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  /** One fake server as the NameServer (its cluster table names itself) and a 4.9.8 broker. */
  async function start4x(answer: (req: RemotingCommand) => RemotingCommand): Promise<FakeServer> {
    fake = await FakeServer.start();
    const addr = fake.address;
    fake.respond = (req) =>
      req.code === 106
        ? createResponse(req, 0, {
            version: 409,
            body: `{"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"${addr}"},"brokerName":"broker-a","cluster":"DefaultCluster"}},"clusterAddrTable":{"DefaultCluster":["broker-a"]}}`,
          })
        : answer(req);
    return fake;
  }

  it('REQUEST_CODE_NOT_SUPPORTED is one line naming 4.x and the ACL 1.0 commands, exit 3', async () => {
    await start4x((req) => createResponse(req, 3, { version: 409, remark: ` request type ${req.code} not supported` }));
    for (const args of [
      ['listUser', '-c', 'DefaultCluster'],
      ['createUser', '-c', 'DefaultCluster', '-u', 'alice', '-p', 'alice-pw'],
      ['createAcl', '-b', fake!.address, '-s', 'User:alice', '-r', 'Topic:T', '-a', 'Pub', '-d', 'Allow'],
    ]) {
      const r = await runCli([...args, '-n', fake!.address]);
      expect(r.code, args[0]).toBe(3);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`broker ${fake!.address} is RocketMQ 4.x (V4_9_8)`);
      expect(r.stderr).toContain('updateAclConfig');
    }
    const json = await runCli(['getAcl', '-c', 'DefaultCluster', '-s', 'User:alice', '-n', fake!.address, '--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).error.message).toContain('use the ACL 1.0 commands');
  });

  it('a 4.x version in any other refusal reads the same', async () => {
    await start4x((req) => createResponse(req, 1, { version: 409, remark: 'unknown' }));
    const r = await runCli(['getUser', '-c', 'DefaultCluster', '-u', 'alice', '-n', fake!.address]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('is RocketMQ 4.x (V4_9_8)');
  });
});
