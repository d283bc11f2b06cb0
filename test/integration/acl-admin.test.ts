// The ACL 1.0 operations of src/admin/acl.ts against the embedded cluster in process: the dev
// broker answers GET_BROKER_CLUSTER_ACL_CONFIG (54) as 4.9.8 does (REQUEST_CODE_NOT_SUPPORTED,
// after the ACL check when ACL is on), and the operations work over two brokers sharing one
// accounts file (the second finds the account already deleted), report every secret they see and
// return none in clear.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  aclConfigVersions,
  applyDeleteAclConfig,
  applyUpdateAclConfig,
  getAclConfig,
  planDeleteAclConfig,
  planUpdateAclConfig,
} from '../../src/admin/acl.js';
import { InvalidArgumentError, UnavailableOnServerError } from '../../src/admin/errors.js';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { startDevCluster, type DevCluster } from '../../src/dev/cluster.js';
import { readAclFile } from '../../src/dev/broker/acl/accounts.js';
import { signRequest } from '../../src/protocol/acl.js';
import { RequestCode } from '../../src/protocol/codes.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest, type RemotingCommand } from '../../src/remoting/command.js';

let dir: string;
let cluster: DevCluster | undefined;
const closers: Array<{ close(): Promise<void> }> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-acl-admin-'));
});

afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c.close().catch(() => undefined);
  await cluster?.close();
  cluster = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function call(addr: string, code: number, credentials?: { accessKey: string; secretKey: string }): Promise<RemotingCommand> {
  const client = new RemotingClient({ requestTimeoutMs: 3000 });
  closers.push(client);
  const request = createRequest(code);
  if (credentials) signRequest(request, credentials);
  return client.invoke(addr, request);
}

function adminClient(timeoutMs = 3000): MQAdmin {
  const admin = new MQAdmin({ namesrvAddr: cluster!.namesrvAddr, timeoutMs, ...(cluster!.acl ? { credentials: { accessKey: cluster!.acl.accessKey, secretKey: cluster!.acl.secretKey } } : {}) });
  closers.push(admin);
  return admin;
}

describe('GET_BROKER_CLUSTER_ACL_CONFIG (54) on the dev broker', () => {
  it('with ACL: checked like any request, then REQUEST_CODE_NOT_SUPPORTED as 4.9.8 answers it', async () => {
    cluster = await startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0, acl: true });
    const broker = cluster.brokers[0]!.addr;
    const signed = await call(broker, RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG, cluster.acl!);
    expect(signed).toMatchObject({ code: 3, remark: ' request type 54 not supported', body: null });
    const unsigned = await call(broker, RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG);
    expect(unsigned.code).toBe(1);
    expect(unsigned.remark).toMatch(/^org\.apache\.rocketmq\.acl\.common\.AclException: No accessKey is configured/);
  });

  it('without ACL: REQUEST_CODE_NOT_SUPPORTED too', async () => {
    cluster = await startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0 });
    expect(await call(cluster.brokers[0]!.addr, RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG)).toMatchObject({ code: 3, remark: ' request type 54 not supported' });
  });
});

describe('the ACL 1.0 operations over two brokers sharing one accounts file', () => {
  it('create, versions, accounts not served, delete (the second broker finds none), secrets reported', async () => {
    cluster = await startDevCluster({ dataDir: dir, brokers: 2, namesrvPort: 0, brokerPort: 0, acl: true });
    const admin = adminClient();
    const seen: string[] = [];
    const onSecret = (s: string) => seen.push(s);

    await expect(planUpdateAclConfig(admin, { cluster: 'DefaultCluster', accessKey: 'writer01', secretKey: 'tiny' }, { onSecret })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(planUpdateAclConfig(admin, { cluster: 'DefaultCluster', accessKey: 'writer01', secretKey: 'writer-secret-1', topicPerms: [] })).rejects.toThrow('-t names no topic permission (TOPIC=PERM,...)');

    const plan = await planUpdateAclConfig(admin, { cluster: 'DefaultCluster', accessKey: 'writer01', secretKey: 'writer-secret-1', defaultTopicPerm: 'PUB', admin: true }, { onSecret });
    expect(seen).toContain('writer-secret-1');
    expect(JSON.stringify(plan)).not.toContain('writer-secret-1');
    expect(plan.brokers.map((b) => [b.brokerName, b.action, b.admin])).toEqual([
      ['broker-a', 'create-or-update', true],
      ['broker-b', 'create-or-update', true],
    ]);
    const before = (await aclConfigVersions(admin, { cluster: 'DefaultCluster' })).brokers[0]!.versions.files[0]!.counter;
    const result = await applyUpdateAclConfig(admin, plan);
    expect(JSON.stringify(result)).not.toContain('writer-secret-1');
    expect(result.brokers.map((b) => b.result)).toEqual(['created or updated', 'created or updated']);
    expect(readAclFile(cluster.acl!.file).accounts!.find((a) => a.accessKey === 'writer01')).toMatchObject({ secretKey: 'writer-secret-1', admin: true, defaultTopicPerm: 'PUB' });
    // Both brokers wrote the shared file: its version moved twice, and both report the same file.
    const versions = await aclConfigVersions(admin, { cluster: 'DefaultCluster' });
    expect(versions.failures).toEqual([]);
    expect(versions.brokers.map((b) => [b.brokerName, b.versions.files.map((f) => [f.file, f.counter])])).toEqual([
      ['broker-a', [[cluster.acl!.file, before + 2]]],
      ['broker-b', [[cluster.acl!.file, before + 2]]],
    ]);

    const config = await getAclConfig(admin, { brokerAddr: cluster.brokers[1]!.addr });
    expect(config.brokers).toEqual([expect.objectContaining({ brokerName: 'broker-b', accountsServed: false, accounts: null, files: [expect.objectContaining({ file: cluster.acl!.file })] })]);

    const deletePlan = await planDeleteAclConfig(admin, { cluster: 'DefaultCluster', accessKey: 'writer01' });
    const deleted = await applyDeleteAclConfig(admin, deletePlan);
    expect(deleted.brokers.map((b) => b.result).sort()).toEqual(['absent', 'deleted']);
    expect(deleted.failures).toEqual([]);
    await expect(applyDeleteAclConfig(admin, deletePlan)).rejects.toThrow('no account writer01 on any of the 2 brokers: nothing was deleted');
  });

  it('ACL off: UnavailableOnServerError naming it (209 with no remark; no answer to 52)', async () => {
    cluster = await startDevCluster({ dataDir: dir, brokers: 2, namesrvPort: 0, brokerPort: 0 });
    const admin = adminClient(800);
    const plan = await planUpdateAclConfig(admin, { brokerAddr: cluster.brokers[0]!.addr, accessKey: 'writer01', secretKey: 'writer-secret-1' });
    const err = await applyUpdateAclConfig(admin, plan).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableOnServerError);
    expect(err).toMatchObject({ reason: 'acl-off', addr: cluster.brokers[0]!.addr });
    const silent = await aclConfigVersions(admin, { cluster: 'DefaultCluster' }).then(() => undefined, (e: unknown) => e);
    expect(silent).toMatchObject({ reason: 'acl-off-probably', addr: cluster.brokers[0]!.addr });
    // Every broker alike: one error, naming the others.
    expect((silent as Error).message).toMatch(new RegExp(`\\(likewise on ${cluster.brokers[1]!.addr}\\)$`));
    const deleted = await applyDeleteAclConfig(admin, await planDeleteAclConfig(admin, { cluster: 'DefaultCluster', accessKey: 'writer01' })).then(() => undefined, (e: unknown) => e);
    expect(deleted).toMatchObject({ reason: 'acl-off', message: expect.stringContaining(`(likewise on ${cluster.brokers[1]!.addr})`) });
  });
});
