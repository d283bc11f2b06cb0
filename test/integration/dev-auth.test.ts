// `dev up --auth` in-process: startDevCluster({ auth: true }) authenticates and authorizes every
// broker request as a 5.3.3 broker with authenticationEnabled and authorizationEnabled does
// (auth.md §2): our MQAdmin signed with the Super user works, Normal users get what their ACL
// gives, refusals are NO_PERMISSION (16) with the real remarks, codes 3001-3010 manage the shared
// users and ACL files, and the real frames the Java 5.3.3 tools sent (test/fixtures/
// rocketmq-5.3.3-more: createUser ... copyAcl, secure-*, error-secure-*) get the answers the real
// broker gave them.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { printMessages, queryMessagesByIndex, sendMessage } from '../../src/admin/messages.js';
import { signRequest } from '../../src/protocol/acl.js';
import { aclOf, type AclInfo } from '../../src/protocol/bodies/auth.js';
import { RequestCode } from '../../src/protocol/codes.js';
import { ResponseError } from '../../src/protocol/errors.js';
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
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest, type RemotingCommand } from '../../src/remoting/command.js';
import { decodeFrame, encodeFrame, FrameDecoder } from '../../src/remoting/codec.js';
import { startDevCluster, type DevCluster } from '../../src/dev/cluster.js';
import { devClientOptions } from '../../src/dev/state.js';
import { authFiles, brokerAuthDir, DEV_SUPER_USER } from '../../src/dev/broker/auth/store.js';
import { scenarioFrames } from '../helpers/fixtures.js';

let dir: string;
let cluster: DevCluster | undefined;
const closers: Array<{ close(): Promise<void> }> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-auth-'));
});

afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c.close().catch(() => undefined);
  await cluster?.close();
  cluster = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const start = async (brokers = 1): Promise<DevCluster> => {
  cluster = await startDevCluster({ dataDir: dir, brokers, namesrvPort: 0, brokerPort: 0, auth: true });
  return cluster;
};

type Creds = { accessKey: string; secretKey: string };

function adminWith(credentials?: Creds): MQAdmin {
  const admin = new MQAdmin({ namesrvAddr: cluster!.namesrvAddr, timeoutMs: 3000, ...(credentials ? { credentials } : {}) });
  closers.push(admin);
  return admin;
}

const superUser = (): Creds => ({ accessKey: cluster!.auth!.accessKey, secretKey: cluster!.auth!.secretKey });
const brokerAddr = (): string => cluster!.brokers[0]!.addr;

async function refusal(promise: Promise<unknown>): Promise<{ code: number; remark: string | null }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ResponseError);
  return { code: (err as ResponseError).code, remark: (err as ResponseError).remark };
}

const denied = (remark: string) => ({ code: 16, remark });

/** The AclInfo of createAcl/updateAcl (one policy, one entry per resource). */
const aclFor = (subject: string, ...rest: Parameters<typeof aclOf> extends [string, ...infer R] ? R : never): AclInfo & { subject: string } => ({ ...aclOf(subject, ...rest), subject });

/** A request of our own, signed or not, without the admin client's decoding. */
async function rawCall(addr: string, code: number, extFields: Record<string, string>, credentials?: Creds, body?: string): Promise<RemotingCommand> {
  const client = new RemotingClient({ requestTimeoutMs: 3000 });
  closers.push(client);
  const request = createRequest(code, { extFields, ...(body !== undefined ? { body } : {}) });
  if (credentials) signRequest(request, credentials);
  return client.invoke(addr, request);
}

/** Writes a frame as is and reads the answer (undefined when none comes in `ms`). */
function replay(addr: string, frame: Buffer, ms = 3000): Promise<RemotingCommand | undefined> {
  const [host, port] = [addr.slice(0, addr.lastIndexOf(':')), Number(addr.slice(addr.lastIndexOf(':') + 1))];
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const decoder = new FrameDecoder();
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, ms);
    socket.once('connect', () => socket.write(frame));
    socket.on('data', (chunk: Buffer) => {
      const response = decoder.push(chunk).find((c) => (c.flag & 1) === 1);
      if (!response) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(response);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** The request frame `file` of a captured 5.3.3 scenario, and the answer the real broker gave it. */
function captured(scenario: string, file: string): { bytes: Buffer; request: RemotingCommand; response: RemotingCommand } {
  const frames = scenarioFrames(`rocketmq-5.3.3-more/${scenario}`);
  const frame = frames.find((f) => f.file === file);
  if (!frame) throw new Error(`no ${file} in ${scenario}`);
  const request = decodeFrame(frame.bytes);
  const answer = frames.find((f) => f.dir === 's2c' && f.kind === 'resp' && f.serverPort === frame.serverPort && decodeFrame(f.bytes).opaque === request.opaque);
  if (!answer) throw new Error(`no answer to ${file} in ${scenario}`);
  return { bytes: frame.bytes, request, response: decodeFrame(answer.bytes) };
}

const pullFields = (topic: string, group: string) => ({
  consumerGroup: group,
  topic,
  queueId: '0',
  queueOffset: '0',
  maxMsgNums: '1',
  sysFlag: '4',
  commitOffset: '0',
  suspendTimeoutMillis: '0',
  subscription: '*',
  subVersion: '0',
  expressionType: 'TAG',
});

describe('dev cluster with --auth', () => {
  it('creates the users and ACL files with a Super user once; our client signed with it does everything', async () => {
    await start();
    const auth = cluster!.auth!;
    expect(auth).toMatchObject({ accessKey: DEV_SUPER_USER, created: true, files: authFiles(brokerAuthDir(dir, 'broker-a')) });
    expect(auth.secretKey.length).toBeGreaterThanOrEqual(16);
    for (const file of [auth.files.users, auth.files.acls]) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(auth.files.users, 'utf8')).users).toEqual([{ username: DEV_SUPER_USER, password: auth.secretKey, userType: 'Super', userStatus: 'enable' }]);
    expect(JSON.parse(readFileSync(auth.files.acls, 'utf8')).acls).toEqual([]);

    const admin = adminWith(superUser());
    const broker = brokerAddr();
    await admin.createAndUpdateTopicConfig(broker, { topic: 'AuthTopic', readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    await expect(admin.fetchBrokerRuntimeStats(broker)).resolves.toBeDefined();
    const sent = await sendMessage(admin, { topic: 'AuthTopic', body: 'hello auth', keys: 'auth-key-1', tags: 'TagA' });
    expect(sent.status).toBe('SEND_OK');
    const byKey = await queryMessagesByIndex(admin, { topic: 'AuthTopic', key: 'auth-key-1' });
    expect(byKey.messages.map((m) => m.body.toString())).toEqual(['hello auth']);
    // A unique-key query is signed without `_UNIQUE_KEY_QUERY` and sent as version 399: 5.x leaves it out too.
    const byUnique = await queryMessagesByIndex(admin, { topic: 'AuthTopic', key: sent.msgId, unique: true });
    expect(byUnique.messages.map((m) => m.body.toString())).toEqual(['hello auth']);
    const printed = await printMessages(admin, { topic: 'AuthTopic' });
    expect(printed.failures).toEqual([]);
    expect(printed.messages.map((m) => m.body.toString())).toEqual(['hello auth']);
    expect(await admin.call(broker, authListUser, undefined)).toEqual([{ username: DEV_SUPER_USER, password: auth.secretKey, userType: 'Super', userStatus: 'enable' }]);
  });

  it('refuses unsigned requests, unknown users and wrong passwords with the real remarks; the NameServer never checks', async () => {
    await start();
    const broker = brokerAddr();
    const unsigned = adminWith();
    expect(await refusal(unsigned.fetchBrokerRuntimeStats(broker))).toEqual(denied(captured('error-secure-unsigned', '000-c2s-10971-req-28.bin').response.remark!));
    expect(await refusal(unsigned.fetchBrokerRuntimeStats(broker))).toEqual(denied('username cannot be null.'));
    const unknown = adminWith({ accessKey: 'x', secretKey: 'whatever' });
    expect(await refusal(unknown.fetchBrokerRuntimeStats(broker))).toEqual(denied('User:x is not found.'));
    const wrong = adminWith({ accessKey: DEV_SUPER_USER, secretKey: 'wrong-password' });
    expect(await refusal(wrong.call(broker, authListUser, undefined))).toEqual(denied('check signature failed.'));
    expect(await refusal(sendMessage(wrong, { topic: 'TBW102', body: 'nope' }))).toEqual(denied('check signature failed.'));
    expect(await unsigned.fetchAllTopicList()).toContain('TBW102');
    expect(await wrong.fetchAllTopicList()).toContain('TBW102');
    // A oneway request that is refused gets no answer at all (Java aborts it silently).
    const oneway = createRequest(RequestCode.GET_BROKER_RUNTIME_INFO, { oneway: true });
    expect(await replay(broker, encodeFrame(oneway), 600)).toBeUndefined();
  });

  it('a Normal user gets what its ACL gives: refused without one, allowed with Pub/Sub, a Deny entry wins over *', async () => {
    await start();
    const broker = brokerAddr();
    const admin = adminWith(superUser());
    await admin.createAndUpdateTopicConfig(broker, { topic: 'T', readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    await admin.createAndUpdateTopicConfig(broker, { topic: 'Other', readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    await admin.call(broker, authCreateUser, { user: { username: 'u', password: 'u-password' } });
    const u = { accessKey: 'u', secretKey: 'u-password' };
    const asU = adminWith(u);

    expect(await refusal(sendMessage(asU, { topic: 'T', body: 'no acl yet' }))).toEqual(denied('User:u has no permission to access Topic:T from 127.0.0.1, no matched policies.'));
    expect(await rawCall(broker, RequestCode.PULL_MESSAGE, pullFields('T', 'G'), u)).toMatchObject(denied('User:u has no permission to access Topic:T from 127.0.0.1, no matched policies.'));
    expect(await refusal(asU.call(broker, authListUser, undefined))).toEqual(denied('User:u has no permission to access Cluster:DefaultCluster from 127.0.0.1, no matched policies.'));
    // Codes without an authorization context: any authenticated user (auth.md §2.5).
    await expect(asU.fetchBrokerRuntimeStats(broker)).resolves.toBeDefined();

    await admin.call(broker, authCreateAcl, { acl: aclFor('User:u', ['Topic:T', 'Group:G'], ['Pub', 'Sub'], 'Allow') });
    expect((await sendMessage(asU, { topic: 'T', body: 'with an acl' })).status).toBe('SEND_OK');
    const pulled = await rawCall(broker, RequestCode.PULL_MESSAGE, pullFields('T', 'G'), u);
    expect(pulled.code).toBe(0);
    expect(await rawCall(broker, RequestCode.PULL_MESSAGE, pullFields('T', 'OtherGroup'), u)).toMatchObject(
      denied('User:u has no permission to access Group:OtherGroup from 127.0.0.1, no matched policies.'),
    );
    expect(await refusal(sendMessage(asU, { topic: 'Other', body: 'not this topic' }))).toEqual(denied('User:u has no permission to access Topic:Other from 127.0.0.1, no matched policies.'));

    // Everything allowed, but a Deny on T: the typed entry decides over `*`.
    await admin.call(broker, authUpdateAcl, { acl: aclFor('User:u', ['*'], ['All'], 'Allow') });
    expect((await sendMessage(asU, { topic: 'Other', body: 'allowed by *' })).status).toBe('SEND_OK');
    await admin.call(broker, authUpdateAcl, { acl: aclFor('User:u', ['Topic:T'], ['Pub'], 'Deny') });
    expect(await refusal(sendMessage(asU, { topic: 'T', body: 'denied' }))).toEqual(denied('User:u has no permission to access Topic:T from 127.0.0.1, the decision is deny.'));
    expect((await sendMessage(asU, { topic: 'Other', body: 'still allowed' })).status).toBe('SEND_OK');
    // Only from elsewhere: no entry matches from 127.0.0.1.
    await admin.call(broker, authCreateUser, { user: { username: 'remote', password: 'remote-password' } });
    await admin.call(broker, authCreateAcl, { acl: aclFor('User:remote', ['Topic:*'], ['Pub'], 'Allow', ['10.0.0.0/8']) });
    expect(await refusal(sendMessage(adminWith({ accessKey: 'remote', secretKey: 'remote-password' }), { topic: 'T', body: 'from here' }))).toEqual(
      denied('User:remote has no permission to access Topic:T from 127.0.0.1, no matched policies.'),
    );

    // A Normal user with rights on the cluster still cannot make (or change) a Super user (auth.md §2.6).
    expect(await refusal(asU.call(broker, authCreateUser, { user: { username: 'boss', password: 'boss-password', userType: 'Super' } }))).toEqual({
      code: 1,
      remark: 'The super user can only be create by super user',
    });
    expect(await refusal(asU.call(broker, authUpdateUser, { user: { username: DEV_SUPER_USER, password: 'stolen-password' } }))).toEqual(
      denied('The super user can only be update by super user'),
    );
    expect(await refusal(asU.call(broker, authDeleteUser, { username: DEV_SUPER_USER }))).toEqual(denied('The super user can only be update by super user'));
    expect(await refusal(asU.call(broker, authUpdateUser, { user: { username: 'u', userType: 'Super' } }))).toEqual({ code: 1, remark: 'The super user can only be update by super user' });

    // Disabled: refused at authentication.
    await admin.call(broker, authUpdateUser, { user: { username: 'u', userStatus: 'disable' } });
    expect(await refusal(asU.fetchBrokerRuntimeStats(broker))).toEqual(denied('User:u is disabled.'));
  });

  it('codes 3001-3010: answers, errors and super-user rules of the 5.3.3 broker, persisted in the files', async () => {
    await start();
    const broker = brokerAddr();
    const admin = adminWith(superUser());
    const su = superUser();
    const files = cluster!.auth!.files;

    // Success answers carry the remark a 5.3.3 broker leaves in them.
    const created = await rawCall(broker, RequestCode.AUTH_CREATE_USER, { username: 'alice' }, su, '{"password":"alice-pass","username":"alice"}');
    expect(created).toMatchObject({ code: 0, remark: 'not set any response code', extFields: null, body: null });
    expect(await admin.call(broker, authGetUser, { username: 'alice' })).toEqual({ username: 'alice', password: 'alice-pass', userType: 'Normal', userStatus: 'enable' });
    expect(await refusal(admin.call(broker, authCreateUser, { user: { username: 'alice', password: 'again' } }))).toEqual(denied('The user is existed'));
    expect(await refusal(admin.call(broker, authCreateUser, { user: { username: 'bob', password: ' ' } }))).toEqual(denied('password can not be blank'));
    expect(await rawCall(broker, RequestCode.AUTH_CREATE_USER, {}, su, '{"password":"x"}')).toMatchObject({ code: 29, remark: 'The username is blank' });
    expect(await rawCall(broker, RequestCode.AUTH_CREATE_USER, { username: 'nobody' }, su)).toMatchObject({
      code: 1,
      remark: 'java.lang.NullPointerException, org.apache.rocketmq.broker.processor.AdminBrokerProcessor.createUser(AdminBrokerProcessor.java:3014)',
    });
    expect(await refusal(admin.call(broker, authUpdateUser, { user: { username: 'ghost', password: 'x' } }))).toEqual(denied('The user is not exist'));
    // A Super user may make Super users; a blank password in an update keeps the old one.
    await admin.call(broker, authCreateUser, { user: { username: 'root2', password: 'root2-pass', userType: 'super' } });
    await admin.call(broker, authUpdateUser, { user: { username: 'alice', password: '', userType: 'Normal', userStatus: 'DISABLE' } });
    expect(await admin.call(broker, authGetUser, { username: 'alice' })).toEqual({ username: 'alice', password: 'alice-pass', userType: 'Normal', userStatus: 'disable' });
    expect(await admin.call(broker, authGetUser, { username: 'ghost' })).toBeUndefined();
    expect(await rawCall(broker, RequestCode.AUTH_GET_USER, { username: ' ' }, su)).toMatchObject({ code: 29, remark: 'The username is blank' });
    expect((await admin.call(broker, authListUser, { filter: 'o' })).map((x) => x.username)).toEqual(['root2']);
    expect((await admin.call(broker, authListUser, undefined)).map((x) => x.username)).toEqual(['alice', DEV_SUPER_USER, 'root2']);
    expect(await rawCall(broker, RequestCode.AUTH_DELETE_USER, { username: 'ghost' }, su)).toMatchObject({ code: 0, remark: 'not set any response code' });
    expect(await rawCall(broker, RequestCode.AUTH_DELETE_USER, {}, su)).toMatchObject(denied('username can not be blank'));

    // ACLs: the user must exist; the entry checks in the manager's order.
    expect(await refusal(admin.call(broker, authCreateAcl, { acl: aclFor('User:ghost', ['Topic:T'], ['Pub'], 'Allow') }))).toEqual(denied('The subject of User:ghost is not exist.'));
    const bad = (resources: string[], actions: string[], decision: string, ips?: string[]) => refusal(admin.call(broker, authCreateAcl, { acl: aclFor('User:alice', resources, actions, decision, ips) }));
    expect(await bad(['Queue:T'], ['Pub'], 'Allow')).toEqual(denied('The resource is null.'));
    expect(await bad(['Topic:T'], ['Publish'], 'Allow')).toEqual(denied('The actions is empty.'));
    expect(await bad(['Topic:T'], ['Pub', 'Any'], 'Allow')).toEqual(denied('The actions can not be Any.'));
    expect(await bad(['Topic:T'], ['Pub'], 'Allow', ['10.0.0.0/33'])).toEqual(denied('The source ip is invalid.'));
    expect(await bad(['Topic:T'], ['Pub'], 'Maybe')).toEqual(denied('The decision is null or illegal.'));
    expect(await rawCall(broker, RequestCode.AUTH_CREATE_ACL, { subject: 'User:alice' }, su, '{"policies":[],"subject":"User:alice"}')).toMatchObject({
      code: 1,
      remark:
        'org.apache.rocketmq.auth.authorization.exception.AuthorizationException: The body of acl is null, org.apache.rocketmq.broker.processor.AdminBrokerProcessor.createAcl(AdminBrokerProcessor.java:3158)',
    });

    // Create and update merge (same resource replaced, others added), per policy type.
    await admin.call(broker, authCreateAcl, { acl: aclFor('User:alice', ['Topic:T', 'Group:G'], ['pub', 'SUB'], 'allow') });
    await admin.call(broker, authCreateAcl, { acl: aclFor('User:alice', ['Topic:T'], ['Sub'], 'Deny', ['10.0.0.0/8', '127.0.0.1']) });
    await admin.call(broker, authUpdateAcl, { acl: aclFor('User:alice', ['*'], ['Get'], 'Allow', undefined, 'Default') });
    const expected = {
      subject: 'User:alice',
      policies: [
        {
          policyType: 'Custom',
          entries: [
            { resource: 'Topic:T', actions: ['Sub'], sourceIps: ['10.0.0.0/8', '127.0.0.1'], decision: 'Deny' },
            { resource: 'Group:G', actions: ['Pub', 'Sub'], decision: 'Allow' },
          ],
        },
        { policyType: 'Default', entries: [{ resource: '*', actions: ['Get'], decision: 'Allow' }] },
      ],
    };
    expect(await admin.call(broker, authGetAcl, { subject: 'User:alice' })).toEqual(expected);
    expect(JSON.parse(readFileSync(files.acls, 'utf8')).acls).toEqual([expected]);
    expect(await admin.call(broker, authGetAcl, { subject: 'User:root2' })).toBeUndefined();
    expect(await refusal(admin.call(broker, authGetAcl, { subject: 'User:ghost' }))).toEqual(denied('The subject is not exist.'));
    expect((await admin.call(broker, authListAcl, { resourceFilter: 'Group' })).map((a) => a.policies?.map((p) => p.entries?.map((e) => e.resource)))).toEqual([[['Group:G']]]);
    expect(await admin.call(broker, authListAcl, { subjectFilter: 'root2' })).toEqual([]);

    // Delete: one entry (Custom by default), the Default policy's entry (then that policy goes), then all.
    await admin.call(broker, authDeleteAcl, { subject: 'User:alice', resource: 'Group:G' });
    await admin.call(broker, authDeleteAcl, { subject: 'User:alice', resource: '*', policyType: 'Default' });
    expect(await admin.call(broker, authGetAcl, { subject: 'User:alice' })).toEqual({
      subject: 'User:alice',
      policies: [{ policyType: 'Custom', entries: [{ resource: 'Topic:T', actions: ['Sub'], sourceIps: ['10.0.0.0/8', '127.0.0.1'], decision: 'Deny' }] }],
    });
    expect(await refusal(admin.call(broker, authDeleteAcl, { subject: 'User:root2' }))).toEqual(denied('The acl is not exist.'));
    expect(await refusal(admin.call(broker, authDeleteAcl, { subject: 'User:ghost' }))).toEqual(denied('The subject is not exist.'));
    expect(await refusal(admin.call(broker, authDeleteAcl, { subject: 'Role:x' }))).toEqual(denied('The subject is null.'));
    // Deleting the user deletes its ACL.
    await admin.call(broker, authDeleteUser, { username: 'alice' });
    expect(await admin.call(broker, authListAcl, undefined)).toEqual([]);
    expect(JSON.parse(readFileSync(files.users, 'utf8')).users.map((x: { username: string }) => x.username)).toEqual([DEV_SUPER_USER, 'root2']);
    for (const file of [files.users, files.acls]) expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('answers the real Java 5.3.3 frames as the real broker did', async () => {
    await start();
    const broker = brokerAddr();
    const admin = adminWith(superUser());
    // The secure cluster's users (listUser/transcript.txt) but fxuser2, which the captured createUser makes.
    await admin.call(broker, authCreateUser, { user: { username: 'rocketmq', password: '12345678', userType: 'Super' } });
    await admin.call(broker, authCreateUser, { user: { username: 'rocketmq-inner', password: 'inner-secret-5', userType: 'Super' } });
    await admin.call(broker, authCreateUser, { user: { username: 'app1', password: 'app1-secret' } });
    await admin.call(broker, authCreateAcl, {
      acl: { subject: 'User:app1', policies: [{ entries: [{ resource: 'Topic:SecureTopic5', actions: ['Pub', 'Sub'], decision: 'Allow' }, { resource: 'Group:SecureGroup5', actions: ['Sub'], decision: 'Allow' }] }] },
    });
    await admin.createAndUpdateTopicConfig(broker, { topic: 'SecureTopic5', readQueueNums: 4, writeQueueNums: 4, perm: 6 });

    /** Replays a captured request; the answer must have the captured code, remark and body. */
    const same = async (scenario: string, file: string, compareBody: (ours: Buffer | null, theirs: Buffer | null) => void = (a, b) => expect(a?.toString() ?? null).toBe(b?.toString() ?? null)) => {
      const { bytes, request, response } = captured(scenario, file);
      const ours = await replay(broker, bytes);
      expect({ scenario, file, code: ours?.code, remark: ours?.remark }).toEqual({ scenario, file, code: response.code, remark: response.remark });
      expect(ours!.opaque).toBe(request.opaque);
      compareBody(ours!.body, response.body);
    };

    // The user and ACL commands, in the order they were captured.
    await same('createUser', '002-c2s-10971-req-3001.bin');
    await same('updateUser', '004-c2s-10971-req-3002.bin');
    await same('getUser', '004-c2s-10971-req-3004.bin');
    await same('listUser', '004-c2s-10971-req-3005.bin', (ours, theirs) => {
      // Ours also holds the dev cluster's own Super user.
      const mine = JSON.parse(ours!.toString()) as Array<{ username: string }>;
      expect(JSON.stringify(mine.filter((x) => x.username !== DEV_SUPER_USER))).toBe(theirs!.toString());
    });
    for (const file of ['000-c2s-10971-req-3004.bin', '002-c2s-10971-req-3004.bin', '004-c2s-10971-req-3002.bin']) await same('copyUser', file);
    await same('createAcl', '002-c2s-10971-req-3006.bin');
    await same('updateAcl', '002-c2s-10971-req-3007.bin');
    await same('getAcl', '002-c2s-10971-req-3009.bin');
    await same('listAcl', '002-c2s-10971-req-3010.bin');
    for (const file of ['000-c2s-10971-req-3009.bin', '002-c2s-10971-req-3009.bin', '004-c2s-10971-req-3007.bin']) await same('copyAcl', file);
    await same('deleteAcl', '002-c2s-10971-req-3008.bin');
    expect(await admin.call(broker, authGetAcl, { subject: 'User:fxuser2' })).toEqual({
      subject: 'User:fxuser2',
      policies: [{ policyType: 'Custom', entries: [{ resource: 'Topic:SecureTopic5', actions: ['Pub', 'Sub'], decision: 'Allow' }] }],
    });
    await same('deleteUser', '002-c2s-10971-req-3003.bin');
    expect(await admin.call(broker, authGetUser, { username: 'fxuser2' })).toBeUndefined();
    expect((await admin.call(broker, authListAcl, undefined)).map((a) => a.subject)).toEqual(['User:app1']);

    // Refusals, and the accepted traffic of the Java tool and the Java producer.
    await same('error-secure-denied-updateTopic', '002-c2s-10971-req-17.bin');
    await same('error-secure-unknown-user', '002-c2s-10971-req-3005.bin');
    await same('error-secure-wrong-secret', '002-c2s-10971-req-3005.bin');
    await same('error-secure-unsigned', '000-c2s-10971-req-28.bin');
    for (const file of ['002-c2s-10971-req-310.bin', '004-c2s-10971-req-34.bin', '006-c2s-10971-req-35.bin']) await same('error-secure-producer-unknown-user', file);
    for (const [scenario, file] of [
      ['secure-clusterList', '002-c2s-10971-req-28.bin'],
      ['secure-sendMessage', '002-c2s-10971-req-310.bin'],
      ['secure-producer-java', '004-c2s-10971-req-310.bin'],
      ['secure-producer-java', '006-c2s-10971-req-310.bin'],
      ['secure-producer-java', '010-c2s-10971-req-34.bin'],
      ['secure-producer-java', '012-c2s-10971-req-35.bin'],
    ] as const) {
      const answer = await replay(broker, captured(scenario, file).bytes);
      expect({ scenario, file, code: answer?.code }).toEqual({ scenario, file, code: 0 });
    }
  });

  it('users and ACLs per broker, as on a real cluster; kept across restarts; edits by hand are picked up, broken ones are not', async () => {
    await start(2);
    const [a, b] = cluster!.brokers.map((x) => x.addr) as [string, string];
    const admin = adminWith(superUser());
    // The same Super user on both, each in its own files.
    await expect(admin.fetchBrokerRuntimeStats(b)).resolves.toBeDefined();
    expect(existsSync(authFiles(brokerAuthDir(dir, 'broker-b')).users)).toBe(true);
    // A user created on broker-a only is unknown to broker-b, until it is created there too
    // (what createUser -c does: one request per broker).
    await admin.call(a, authCreateUser, { user: { username: 'shared', password: 'shared-pass' } });
    const shared = adminWith({ accessKey: 'shared', secretKey: 'shared-pass' });
    await expect(shared.fetchBrokerRuntimeStats(a)).resolves.toBeDefined();
    expect(await refusal(shared.fetchBrokerRuntimeStats(b))).toEqual(denied('User:shared is not found.'));
    await admin.call(b, authCreateUser, { user: { username: 'shared', password: 'shared-pass' } });
    await expect(shared.fetchBrokerRuntimeStats(b)).resolves.toBeDefined();
    await admin.call(b, authCreateAcl, { acl: aclFor('User:shared', ['Topic:*'], ['Pub'], 'Allow') });
    expect(await admin.call(b, authGetAcl, { subject: 'User:shared' })).toMatchObject({ subject: 'User:shared' });
    await admin.call(a, authCreateAcl, { acl: aclFor('User:shared', ['Topic:*'], ['Pub'], 'Allow') });
    expect(await admin.call(a, authGetAcl, { subject: 'User:shared' })).toMatchObject({ subject: 'User:shared' });

    const files = cluster!.auth!.files;
    const users = JSON.parse(readFileSync(files.users, 'utf8'));
    users.users.push({ username: 'by-hand', password: 'by-hand-pass', userType: 'Normal', userStatus: 'enable' });
    writeFileSync(files.users, JSON.stringify(users));
    const byHand = adminWith({ accessKey: 'by-hand', secretKey: 'by-hand-pass' });
    await expect(byHand.fetchBrokerRuntimeStats(a)).resolves.toBeDefined();
    // broker-a's file: broker-b does not know the user.
    expect(await refusal(byHand.fetchBrokerRuntimeStats(b))).toEqual(denied('User:by-hand is not found.'));
    writeFileSync(files.users, '{ "users": [');
    await expect(byHand.fetchBrokerRuntimeStats(a)).resolves.toBeDefined();
    writeFileSync(files.users, JSON.stringify(users));

    const first = cluster!.auth!;
    await cluster!.close();
    await start();
    expect(cluster!.auth).toEqual({ ...first, created: false });
    const again = adminWith({ accessKey: 'shared', secretKey: 'shared-pass' });
    await expect(again.fetchBrokerRuntimeStats(brokerAddr())).resolves.toBeDefined();
    expect(await adminWith(superUser()).call(brokerAddr(), authGetAcl, { subject: 'User:shared' })).toMatchObject({ subject: 'User:shared' });
    await cluster!.close();

    // The Super user removed from the file: a new one with a new password.
    users.users = users.users.filter((x: { username: string }) => x.username !== DEV_SUPER_USER);
    writeFileSync(files.users, JSON.stringify(users));
    await start();
    expect(cluster!.auth!.created).toBe(true);
    expect(cluster!.auth!.secretKey).not.toBe(first.secretKey);
  });

  it('combines with --tls: signed requests over TLS, with the credentials and CA dev.json would hold', async () => {
    cluster = await startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0, auth: true, tls: true });
    const security = { security: { acl: { accessKey: cluster.auth!.accessKey, secretKey: cluster.auth!.secretKey }, tls: { caFile: cluster.tls!.caFile } } };
    const admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr, timeoutMs: 5000, ...devClientOptions(security) });
    closers.push(admin);
    await admin.createAndUpdateTopicConfig(brokerAddr(), { topic: 'TlsAuthTopic', readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    expect((await sendMessage(admin, { topic: 'TlsAuthTopic', body: 'over tls' })).status).toBe('SEND_OK');
    const wrong = new MQAdmin({ namesrvAddr: cluster.namesrvAddr, timeoutMs: 5000, credentials: { accessKey: DEV_SUPER_USER, secretKey: 'nope' }, tls: { ca: readFileSync(cluster.tls!.caFile) } });
    closers.push(wrong);
    expect(await refusal(wrong.fetchBrokerRuntimeStats(brokerAddr()))).toEqual(denied('check signature failed.'));
  });

  it('refuses to start on a users file it cannot use, and --acl with --auth', async () => {
    mkdirSync(join(brokerAuthDir(dir, 'broker-a'), 'auth'), { recursive: true });
    writeFileSync(authFiles(brokerAuthDir(dir, 'broker-a')).users, '{"users":[{"password":"no-name"}]}');
    await expect(start()).rejects.toThrow(/the auth files in .*auth cannot be used: .*users\.json: user 1 has no username/);
    await expect(startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0, auth: true, acl: true })).rejects.toThrow(/cannot both be on/);
  });
});

describe('dev cluster without --auth', () => {
  it('checks nothing, and answers 3001-3010 as a 5.3.3 broker without metadata provider; with --acl they are unknown', async () => {
    cluster = await startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0 });
    const broker = brokerAddr();
    expect(cluster.auth).toBeUndefined();
    const anyone = { accessKey: 'whoever', secretKey: 'anything' };
    expect((await rawCall(broker, RequestCode.GET_BROKER_RUNTIME_INFO, {}, anyone)).code).toBe(0);
    const generic = { code: 1, remark: 'An system error occurred, please try again later.' };
    expect(await rawCall(broker, RequestCode.AUTH_LIST_USER, {})).toMatchObject(generic);
    expect(await rawCall(broker, RequestCode.AUTH_GET_USER, { username: 'u' })).toMatchObject(generic);
    expect(await rawCall(broker, RequestCode.AUTH_CREATE_USER, { username: 'u' }, undefined, '{"password":"p","username":"u"}')).toMatchObject(generic);
    expect(await rawCall(broker, RequestCode.AUTH_CREATE_USER, { username: 'u' }, undefined, '{"username":"u"}')).toMatchObject(denied('password can not be blank'));
    expect(await rawCall(broker, RequestCode.AUTH_GET_USER, {})).toMatchObject({ code: 29, remark: 'The username is blank' });
    expect(await rawCall(broker, RequestCode.AUTH_DELETE_ACL, { subject: 'User:u' })).toMatchObject(generic);
    expect(await rawCall(broker, RequestCode.AUTH_GET_ACL, { subject: 'User:u' })).toMatchObject({
      code: 1,
      remark:
        'java.lang.IllegalStateException: The authenticationMetadataProvider is not configured., org.apache.rocketmq.auth.authorization.manager.AuthorizationMetadataManagerImpl.getAuthenticationMetadataProvider(AuthorizationMetadataManagerImpl.java:273)',
    });
    expect(await rawCall(broker, RequestCode.AUTH_LIST_ACL, {})).toMatchObject({ code: 1, remark: expect.stringMatching(/getAuthorizationMetadataProvider\(AuthorizationMetadataManagerImpl\.java:280\)$/) });
    await cluster.close();

    cluster = await startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0, acl: true });
    const aclAdmin = { accessKey: cluster.acl!.accessKey, secretKey: cluster.acl!.secretKey };
    expect(await rawCall(brokerAddr(), RequestCode.AUTH_LIST_USER, {}, aclAdmin)).toMatchObject({ code: 3 });
  });
});
