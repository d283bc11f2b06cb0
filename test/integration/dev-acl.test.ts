// `dev up --acl` in-process: startDevCluster({ acl: true }) checks every broker request as a
// 4.9.8 broker with plain ACL does (auth.md §1): our MQAdmin signed with the admin account
// works, wrong or missing credentials and missing permissions get code 1 with the real
// remarks, the admin codes 50-53 manage the shared accounts file, and real captured Java frames
// (test/fixtures/rocketmq-4.9.8-more/acl-*) are answered as the real broker answered them.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { printMessages, queryMessagesByIndex, sendMessage } from '../../src/admin/messages.js';
import { updateSubGroup } from '../../src/admin/groups.js';
import { ResponseError } from '../../src/protocol/errors.js';
import { RequestCode } from '../../src/protocol/codes.js';
import { getBrokerClusterAclInfo, updateAndCreateAclConfig, deleteAclConfig, updateGlobalWhiteAddrsConfig } from '../../src/protocol/requests/acl.js';
import { signRequest } from '../../src/protocol/acl.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest, type RemotingCommand } from '../../src/remoting/command.js';
import { decodeFrame, encodeFrame, FrameDecoder } from '../../src/remoting/codec.js';
import { startDevCluster, type DevCluster } from '../../src/dev/cluster.js';
import { aclFilePath, DEV_ADMIN_ACCESS_KEY } from '../../src/dev/broker/acl/accounts.js';
import { scenarioFrames } from '../helpers/fixtures.js';

let dir: string;
let cluster: DevCluster | undefined;
const closers: Array<{ close(): Promise<void> }> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-acl-'));
});

afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c.close().catch(() => undefined);
  await cluster?.close();
  cluster = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const start = async (brokers = 1): Promise<DevCluster> => {
  cluster = await startDevCluster({ dataDir: dir, brokers, namesrvPort: 0, brokerPort: 0, acl: true });
  return cluster;
};

function adminWith(credentials?: { accessKey: string; secretKey: string }): MQAdmin {
  const admin = new MQAdmin({ namesrvAddr: cluster!.namesrvAddr, timeoutMs: 3000, ...(credentials ? { credentials } : {}) });
  closers.push(admin);
  return admin;
}

const adminAccount = () => ({ accessKey: cluster!.acl!.accessKey, secretKey: cluster!.acl!.secretKey });

/** Writes a captured frame as is and reads the answer (undefined when none comes in `ms`). */
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

const FIXTURES = 'rocketmq-4.9.8-more';

/** The request frame `file` of a captured scenario, and the answer the real broker gave it. */
function captured(scenario: string, file: string): { bytes: Buffer; request: RemotingCommand; response: RemotingCommand | undefined } {
  const frames = scenarioFrames(`${FIXTURES}/${scenario}`);
  const frame = frames.find((f) => f.file === file);
  if (!frame) throw new Error(`no ${file} in ${scenario}`);
  const request = decodeFrame(frame.bytes);
  const answer = frames.find((f) => f.dir === 's2c' && f.kind === 'resp' && f.serverPort === frame.serverPort && decodeFrame(f.bytes).opaque === request.opaque);
  return { bytes: frame.bytes, request, response: answer ? decodeFrame(answer.bytes) : undefined };
}

/** A refusal's remark as the real broker words it, with its access key swapped for ours. */
function realRemark(scenario: string, file: string, swap?: [string, string]): string {
  const remark = captured(scenario, file).response!.remark!;
  return swap ? remark.split(swap[0]).join(swap[1]) : remark;
}

async function expectRefused(promise: Promise<unknown>, remark: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ResponseError);
  expect((err as ResponseError).code).toBe(1);
  expect((err as ResponseError).remark).toBe(remark);
}

/** A signed request of our own, sent without the admin client's retries or decoding. */
async function signedCall(addr: string, code: number, extFields: Record<string, string>, credentials?: { accessKey: string; secretKey: string }, body?: string): Promise<RemotingCommand> {
  const client = new RemotingClient({ requestTimeoutMs: 3000 });
  closers.push(client);
  const request = createRequest(code, { extFields, ...(body !== undefined ? { body } : {}) });
  if (credentials) signRequest(request, credentials);
  return client.invoke(addr, request);
}

describe('dev cluster with --acl', () => {
  it('creates the accounts file with an admin account once, and our admin client works with it', async () => {
    await start();
    const acl = cluster!.acl!;
    expect(acl.created).toBe(true);
    expect(acl.accessKey).toBe(DEV_ADMIN_ACCESS_KEY);
    expect(acl.secretKey.length).toBeGreaterThanOrEqual(16);
    expect(acl.file).toBe(aclFilePath(dir));
    expect(statSync(acl.file).mode & 0o777).toBe(0o600);
    const data = parse(readFileSync(acl.file, 'utf8'));
    expect(data.accounts).toEqual([expect.objectContaining({ accessKey: DEV_ADMIN_ACCESS_KEY, secretKey: acl.secretKey, admin: true })]);

    const admin = adminWith(adminAccount());
    const broker = cluster!.brokers[0]!.addr;
    // Topics, groups, messages: sends, key and unique-key queries, pulls.
    await admin.createAndUpdateTopicConfig(broker, { topic: 'AclTopic', readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    expect(await admin.fetchAllTopicList()).toContain('AclTopic');
    await expect(admin.fetchBrokerRuntimeStats(broker)).resolves.toBeDefined();
    const group = await updateSubGroup(admin, { group: 'AclGroup', brokerAddr: broker });
    expect(group.brokers.map((b) => b.outcome)).toEqual(['created']);
    const sent = await sendMessage(admin, { topic: 'AclTopic', body: 'hello acl', keys: 'acl-key-1', tags: 'TagA' });
    expect(sent.status).toBe('SEND_OK');
    const byKey = await queryMessagesByIndex(admin, { topic: 'AclTopic', key: 'acl-key-1' });
    expect(byKey.messages.map((m) => m.body.toString())).toEqual(['hello acl']);
    // Our client signs a unique-key query without `_UNIQUE_KEY_QUERY` (version 399): 4.9.8 verifies it.
    const byUnique = await queryMessagesByIndex(admin, { topic: 'AclTopic', key: sent.msgId, unique: true });
    expect(byUnique.messages.map((m) => m.body.toString())).toEqual(['hello acl']);
    const printed = await printMessages(admin, { topic: 'AclTopic' });
    expect(printed.messages.map((m) => m.body.toString())).toEqual(['hello acl']);
    expect(printed.failures).toEqual([]);
  });

  it('refuses a wrong secret, an unknown access key and an unsigned request with the real remarks', async () => {
    await start();
    const broker = cluster!.brokers[0]!.addr;
    const topic = { topic: 'T1', readQueueNums: 1, writeQueueNums: 1, perm: 6 };

    const wrong = adminWith({ accessKey: DEV_ADMIN_ACCESS_KEY, secretKey: 'wrong-secret-9' });
    await expectRefused(wrong.createAndUpdateTopicConfig(broker, topic), realRemark('acl-error-wrongSecret', '005-s2c-10981-resp-1.bin', ['rocketmq2', DEV_ADMIN_ACCESS_KEY]));
    expect(realRemark('acl-error-wrongSecret', '005-s2c-10981-resp-1.bin')).toBe(
      'org.apache.rocketmq.acl.common.AclException: Check signature failed for accessKey=rocketmq2, org.apache.rocketmq.acl.plain.PlainPermissionManager.validate(PlainPermissionManager.java:684)',
    );

    const unknown = adminWith({ accessKey: 'nobody-here', secretKey: 'whatever-123' });
    await expectRefused(unknown.fetchBrokerRuntimeStats(broker), realRemark('acl-error-unknownAccessKey', '001-s2c-10981-resp-1.bin'));

    const unsigned = adminWith();
    await expectRefused(unsigned.fetchBrokerRuntimeStats(broker), realRemark('acl-error-unsigned', '005-s2c-10981-resp-1.bin'));
    // The NameServer never checks (auth.md §1.1).
    expect(await unsigned.fetchAllTopicList()).toContain('TBW102');
    expect(await wrong.fetchAllTopicList()).toContain('TBW102');
  });

  it('a reader is refused sends and topic creation, and allowed pulls', async () => {
    await start();
    const broker = cluster!.brokers[0]!.addr;
    const admin = adminWith(adminAccount());
    await admin.createAndUpdateTopicConfig(broker, { topic: 'AclTopic', readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    await sendMessage(admin, { topic: 'AclTopic', body: 'for the reader', keys: 'k1' });
    await admin.call(broker, updateAndCreateAclConfig, {
      accessKey: 'reader01',
      secretKey: 'reader-secret-1',
      defaultTopicPerm: 'DENY',
      defaultGroupPerm: 'SUB',
      topicPerms: ['AclTopic=SUB'],
      groupPerms: ['BadGroup=DENY'],
    });
    const reader = adminWith({ accessKey: 'reader01', secretKey: 'reader-secret-1' });

    const denied = realRemark('acl-error-reader1-pubDenied', '005-s2c-10981-resp-1.bin', ['SecureTopic', 'AclTopic']);
    expect(denied).toBe('org.apache.rocketmq.acl.common.AclException: No default permission for topic:AclTopic, org.apache.rocketmq.acl.plain.PlainPermissionManager.checkPerm(PlainPermissionManager.java:611)');
    await expectRefused(sendMessage(reader, { topic: 'AclTopic', body: 'nope' }), denied);
    // A topic it has no explicit permission for: the default (DENY), refused at the other line.
    await expectRefused(
      sendMessage(reader, { topic: 'TBW102', body: 'nope' }),
      'org.apache.rocketmq.acl.common.AclException: No default permission for topic:TBW102, org.apache.rocketmq.acl.plain.PlainPermissionManager.checkPerm(PlainPermissionManager.java:606)',
    );
    await expectRefused(
      reader.createAndUpdateTopicConfig(broker, { topic: 'Mine', readQueueNums: 1, writeQueueNums: 1, perm: 6 }),
      realRemark('acl-error-reader1-notAdmin', '005-s2c-10981-resp-1.bin', ['reader1', 'reader01']),
    );

    const printed = await printMessages(reader, { topic: 'AclTopic' });
    expect(printed.failures).toEqual([]);
    expect(printed.messages.map((m) => m.body.toString())).toEqual(['for the reader']);
    const pull = { consumerGroup: 'BadGroup', topic: 'AclTopic', queueId: '0', queueOffset: '0', maxMsgNums: '1', sysFlag: '4', expressionType: 'TAG', commitOffset: '0', suspendTimeoutMillis: '0', subscription: '*', subVersion: '0' };
    const refused = await signedCall(broker, RequestCode.PULL_MESSAGE, pull, { accessKey: 'reader01', secretKey: 'reader-secret-1' });
    expect(refused.code).toBe(1);
    expect(refused.remark).toBe('org.apache.rocketmq.acl.common.AclException: No default permission for group:BadGroup, org.apache.rocketmq.acl.plain.PlainPermissionManager.checkPerm(PlainPermissionManager.java:611)');
    const allowed = await signedCall(broker, RequestCode.PULL_MESSAGE, { ...pull, consumerGroup: 'GoodGroup' }, { accessKey: 'reader01', secretKey: 'reader-secret-1' });
    expect(allowed).toMatchObject({ code: 0 });
  });

  it('answers the real Java frames as the real 4.9.8 broker did', async () => {
    await start();
    const broker = cluster!.brokers[0]!.addr;
    const admin = adminWith(adminAccount());
    // The accounts of the capture's AclCluster that the frames are signed with.
    await admin.call(broker, updateAndCreateAclConfig, { accessKey: 'rocketmq2', secretKey: '12345678', admin: true });
    await admin.call(broker, updateAndCreateAclConfig, {
      accessKey: 'reader1',
      secretKey: 'reader-secret-1',
      defaultTopicPerm: 'DENY',
      defaultGroupPerm: 'DENY',
      topicPerms: ['SecureTopic=SUB'],
      groupPerms: ['FxAclGroup=SUB'],
    });
    await admin.createAndUpdateTopicConfig(broker, { topic: 'SecureTopic', readQueueNums: 2, writeQueueNums: 2, perm: 6 });

    // Refusals: the same code and the same remark, byte for byte.
    for (const [scenario, file] of [
      ['acl-error-wrongSecret', '004-c2s-10981-req-17.bin'],
      ['acl-error-unknownAccessKey', '000-c2s-10981-req-26.bin'],
      ['acl-error-reader1-notAdmin', '004-c2s-10981-req-17.bin'],
      ['acl-error-reader1-pubDenied', '004-c2s-10981-req-310.bin'],
      ['acl-error-unsigned', '004-c2s-10981-req-310.bin'],
      // The Java tool signs `_UNIQUE_KEY_QUERY`, which 4.9.8 leaves out: "Check signature failed".
      ['acl-queryMsgByUniqueKey', '004-c2s-10981-req-12.bin'],
      ['acl-queryMsgByKey', '002-c2s-10981-req-12.bin'],
    ] as const) {
      const { bytes, request, response } = captured(scenario, file);
      const ours = await replay(broker, bytes);
      expect({ scenario, code: ours?.code, remark: ours?.remark }).toEqual({ scenario, code: response!.code, remark: response!.remark });
      expect(ours!.opaque).toBe(request.opaque);
    }

    // Accepted: the Java producer's sends and the reader's consumer traffic.
    for (const file of ['004-c2s-10981-req-310.bin', '006-c2s-10981-req-310.bin', '008-c2s-10981-req-310.bin']) {
      expect((await replay(broker, captured('acl-producer-java', file).bytes))?.code).toBe(0);
    }
    for (const file of ['008-c2s-10981-req-34.bin', '011-c2s-10981-req-38.bin', '013-c2s-10981-req-14.bin', '040-c2s-10981-req-15.bin', '046-c2s-10981-req-35.bin']) {
      const { bytes, request } = captured('acl-consumer-java-reader1', file);
      // The offset commit is oneway, which hides a refusal: sent two-way (the flag is not signed).
      const answer = await replay(broker, (request.flag & 2) !== 0 ? encodeFrame({ ...request, flag: request.flag & ~2 }) : bytes);
      expect(answer).toBeDefined();
      // Each frame comes on a new connection, so e.g. 38 finds no consumer: only an ACL refusal counts here.
      expect({ file, refused: answer?.remark?.includes('AclException') ? answer.remark : 'no' }).toEqual({ file, refused: 'no' });
    }

    // The admin codes as the Java tool sent them: 50, 52, 53, 51 all SUCCESS without a remark.
    const update = await replay(broker, captured('acl-updateAclConfig', '004-c2s-10981-req-50.bin').bytes);
    expect(update).toMatchObject({ code: 0, remark: null, extFields: null });
    const stored = parse(readFileSync(aclFilePath(dir), 'utf8')).accounts.find((a: { accessKey: string }) => a.accessKey === 'fxuser01');
    expect(stored).toEqual({
      accessKey: 'fxuser01',
      secretKey: 'fxsecret01',
      admin: false,
      defaultTopicPerm: 'SUB',
      defaultGroupPerm: 'SUB',
      topicPerms: ['SecureTopic=PUB|SUB'],
      groupPerms: ['FxAclGroup=SUB'],
    });
    const versions = await replay(broker, captured('acl-clusterAclConfigVersion', '002-c2s-10981-req-52.bin').bytes);
    expect(versions?.code).toBe(0);
    expect(Object.keys(versions!.extFields!).sort()).toEqual(Object.keys(captured('acl-clusterAclConfigVersion', '002-c2s-10981-req-52.bin').response!.extFields!).sort());
    const white = await replay(broker, captured('acl-updateGlobalWhiteAddr', '004-c2s-10981-req-53.bin').bytes);
    expect(white).toMatchObject({ code: 0, remark: null });
    expect(parse(readFileSync(aclFilePath(dir), 'utf8')).globalWhiteRemoteAddresses).toEqual(['10.10.103.*', '192.168.0.*']);
    // A path that is not this cluster's file: refused as 4.9.8 refuses a file it does not have.
    const otherPath = await replay(broker, captured('acl-updateGlobalWhiteAddr-path', '002-c2s-10981-req-53.bin').bytes);
    expect(otherPath).toMatchObject({ code: 211, remark: 'The globalWhiteAddresses[10.10.104.*] has been updated failed.' });
    const deleted = await replay(broker, captured('acl-deleteAclConfig', '002-c2s-10981-req-51.bin').bytes);
    expect(deleted).toMatchObject({ code: 0, remark: null });
    expect(parse(readFileSync(aclFilePath(dir), 'utf8')).accounts.map((a: { accessKey: string }) => a.accessKey)).not.toContain('fxuser01');
  });

  it('codes 50-53: versions, validation refusals, the global white list, a file edited by hand', async () => {
    await start(2);
    const [a, b] = cluster!.brokers.map((x) => x.addr) as [string, string];
    const admin = adminWith(adminAccount());
    const before = await admin.call(a, getBrokerClusterAclInfo, undefined);
    expect(before).toMatchObject({ brokerName: 'broker-a', brokerAddr: a, clusterName: 'DefaultCluster', version: { counter: 1 } });
    expect(before.allAclFileVersion).toEqual({ [aclFilePath(dir)]: before.version });

    // One file for both brokers: an account created through broker-a signs on broker-b.
    await admin.call(a, updateAndCreateAclConfig, { accessKey: 'writer01', secretKey: 'writer-secret', defaultTopicPerm: 'PUB|SUB', defaultGroupPerm: 'SUB' });
    expect((await admin.call(b, getBrokerClusterAclInfo, undefined)).version.counter).toBe(2);
    const writer = adminWith({ accessKey: 'writer01', secretKey: 'writer-secret' });
    await expect(writer.fetchBrokerRuntimeStats(b)).resolves.toBeDefined();

    const refusal = async (promise: Promise<unknown>): Promise<{ code: number; remark: string | null }> => {
      const err = (await promise.then(() => undefined, (e: unknown) => e)) as ResponseError;
      expect(err).toBeInstanceOf(ResponseError);
      return { code: err.code, remark: err.remark };
    };
    expect(await refusal(admin.call(a, updateAndCreateAclConfig, { accessKey: 'short', secretKey: '123' }))).toEqual({
      code: 209,
      remark: 'The accessKey=short and secretKey=123 cannot be null and length should longer than 6',
    });
    expect(await refusal(admin.call(a, updateAndCreateAclConfig, { accessKey: 'writer02', secretKey: 'writer-secret', topicPerms: ['T=ALL'] }))).toEqual({
      code: 209,
      remark: "Parse resource permission error for T=ALL.\nThe expected permissions are 'SUB' or 'PUB' or 'SUB|PUB' or 'PUB|SUB'.",
    });
    expect(await refusal(admin.call(a, updateAndCreateAclConfig, { accessKey: 'writer02', secretKey: 'writer-secret', whiteRemoteAddress: '1.2.3' }))).toEqual({
      code: 209,
      remark: 'Netaddress examine Exception netaddress is 1.2.3',
    });
    expect(await refusal(admin.call(a, deleteAclConfig, { accessKey: 'nobody-here' }))).toEqual({
      code: 210,
      remark: 'The accesskey[nobody-here] corresponding to accessConfig has been deleted failed.',
    });
    expect(await refusal(admin.call(a, updateGlobalWhiteAddrsConfig, { globalWhiteAddrs: ['10.0.0.*', '10.0.0.256'] }))).toEqual({
      code: 211,
      remark: 'Netaddress examine Exception netaddress is 10.0.0.256',
    });

    // A global white list with our address lets everything in, unsigned.
    const unsigned = adminWith();
    await admin.call(a, updateGlobalWhiteAddrsConfig, { globalWhiteAddrs: ['127.0.0.1'] });
    await expect(unsigned.fetchBrokerRuntimeStats(b)).resolves.toBeDefined();
    await admin.call(a, updateGlobalWhiteAddrsConfig, { globalWhiteAddrs: ['10.10.103.*'] });
    await expect(unsigned.fetchBrokerRuntimeStats(b)).rejects.toMatchObject({ code: 1 });

    // An account's own white address skips its signature check.
    await admin.call(a, updateAndCreateAclConfig, { accessKey: 'local-app', secretKey: 'local-secret', whiteRemoteAddress: '127.0.0.*', defaultTopicPerm: 'SUB' });
    const anySecret = adminWith({ accessKey: 'local-app', secretKey: 'not-the-secret' });
    await expect(anySecret.fetchBrokerRuntimeStats(a)).resolves.toBeDefined();

    // Edited by hand: the next request sees the change.
    const file = aclFilePath(dir);
    const data = parse(readFileSync(file, 'utf8'));
    data.accounts.push({ accessKey: 'edited-by-hand', secretKey: 'hand-secret-1', admin: false });
    writeFileSync(file, stringify(data));
    const edited = adminWith({ accessKey: 'edited-by-hand', secretKey: 'hand-secret-1' });
    await expect(edited.fetchBrokerRuntimeStats(a)).resolves.toBeDefined();
    await expect(edited.fetchBrokerRuntimeStats(b)).resolves.toBeDefined();
    // A broken edit is not applied: the accounts before it stay in force.
    writeFileSync(file, 'accounts: [ {accessKey: x');
    await expect(edited.fetchBrokerRuntimeStats(a)).resolves.toBeDefined();
    writeFileSync(file, stringify(data));

    await admin.call(b, deleteAclConfig, { accessKey: 'edited-by-hand' });
    await expectRefused(edited.fetchBrokerRuntimeStats(a), 'org.apache.rocketmq.acl.common.AclException: No acl config for edited-by-hand, org.apache.rocketmq.acl.plain.PlainPermissionManager.validate(PlainPermissionManager.java:668)');
  });

  it('keeps the accounts across a restart; the admin account is created again if it was removed', async () => {
    await start();
    const first = cluster!.acl!;
    const admin = adminWith(adminAccount());
    await admin.call(cluster!.brokers[0]!.addr, updateAndCreateAclConfig, { accessKey: 'survivor', secretKey: 'survivor-secret' });
    await admin.close();
    await cluster!.close();

    await start();
    expect(cluster!.acl).toEqual({ ...first, created: false });
    const survivor = adminWith({ accessKey: 'survivor', secretKey: 'survivor-secret' });
    await expect(survivor.fetchBrokerRuntimeStats(cluster!.brokers[0]!.addr)).resolves.toBeDefined();
    await cluster!.close();

    const data = parse(readFileSync(first.file, 'utf8'));
    data.accounts = data.accounts.filter((x: { accessKey: string }) => x.accessKey !== DEV_ADMIN_ACCESS_KEY);
    writeFileSync(first.file, stringify(data));
    await start();
    expect(cluster!.acl!.created).toBe(true);
    expect(cluster!.acl!.secretKey).not.toBe(first.secretKey);
    expect(parse(readFileSync(first.file, 'utf8')).accounts.map((x: { accessKey: string }) => x.accessKey)).toEqual(['survivor', DEV_ADMIN_ACCESS_KEY]);
  });

  it('refuses to start on an accounts file it cannot use', async () => {
    const file = aclFilePath(dir);
    mkdirSync(join(dir, 'acl'), { recursive: true });
    writeFileSync(file, stringify({ accounts: [{ accessKey: 'short', secretKey: 'x' }] }));
    await expect(start()).rejects.toThrow(/the ACL accounts file .*plain_acl\.yml cannot be used: The accessKey=short and secretKey=x cannot be null/);
  });
});

describe('dev cluster without --acl', () => {
  it('checks nothing, and answers 50-53 as a 4.9.8 broker with aclEnable=false', async () => {
    cluster = await startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0 });
    const broker = cluster.brokers[0]!.addr;
    expect(cluster.acl).toBeUndefined();
    const signed = await signedCall(broker, RequestCode.GET_BROKER_RUNTIME_INFO, {}, { accessKey: 'whoever', secretKey: 'anything-at-all' });
    expect(signed.code).toBe(0);
    expect(await signedCall(broker, RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, { accessKey: 'someone1', secretKey: 'secret-12', admin: 'false' })).toMatchObject({ code: 209, remark: null });
    expect(await signedCall(broker, RequestCode.DELETE_ACL_CONFIG, { accessKey: 'someone1' })).toMatchObject({ code: 210, remark: null });
    expect(await signedCall(broker, RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, { globalWhiteAddrs: '*' })).toMatchObject({ code: 211, remark: null });
    // 52 gets no answer at all.
    expect(await replay(broker, encodeFrame(createRequest(RequestCode.GET_BROKER_CLUSTER_ACL_INFO)), 800)).toBeUndefined();
    expect(existsSync(join(dir, 'acl'))).toBe(false);
  });
});
