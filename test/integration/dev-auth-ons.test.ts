// ali-ons (shared/peers.md), a client nobody here wrote, against `dev up --auth` in-process: it
// signs as `AclClientRPCHook` does (username as access key, password as secret key), and the
// embedded broker authenticates it and authorizes it by the user's ACL as a 5.3.3 broker does:
// a user with Pub/Sub on the topic and Sub on the group produces and consumes; without an ACL for
// the group its consumer is refused with the real remark.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { startDevCluster, type DevCluster } from '../../src/dev/cluster.js';
import { aclOf } from '../../src/protocol/bodies/auth.js';
import { authCreateAcl, authCreateUser } from '../../src/protocol/requests/auth.js';
import { ons, onsConsumer, onsProducer, waitFor } from '../helpers/ons.js';

let dir: string | undefined;
let cluster: DevCluster | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await cluster?.close();
  cluster = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function setUp(): Promise<DevCluster> {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-auth-ons-'));
  cluster = await startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0, auth: true });
  const admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr, credentials: { accessKey: cluster.auth!.accessKey, secretKey: cluster.auth!.secretKey } });
  try {
    const broker = cluster.brokers[0]!.addr;
    await admin.createAndUpdateTopicConfig(broker, { topic: 'OnsAuthTopic', readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    await admin.call(broker, authCreateUser, { user: { username: 'ons-app', password: 'ons-password' } });
    const acl = aclOf('User:ons-app', ['Topic:OnsAuthTopic'], ['Pub', 'Sub'], 'Allow');
    await admin.call(broker, authCreateAcl, { acl: { ...acl, subject: 'User:ons-app' } });
    const group = aclOf('User:ons-app', ['Group:OnsAuthGroup'], ['Sub'], 'Allow');
    await admin.call(broker, authCreateAcl, { acl: { ...group, subject: 'User:ons-app' } });
  } finally {
    await admin.close();
  }
  return cluster;
}

const RIGHT = { accessKey: 'ons-app', secretKey: 'ons-password' };

describe('ali-ons against dev up --auth', () => {
  it('produces and consumes as a user whose ACL allows it', async () => {
    const { namesrvAddr } = await setUp();
    const producer = onsProducer(namesrvAddr, 'OnsAuthProducer', RIGHT);
    cleanups.push(() => producer.close());
    await producer.ready();
    for (let i = 0; i < 6; i++) {
      const msg = new ons.Message('OnsAuthTopic', 'TagA', `auth-body-${i}`);
      msg.keys = [`auth-key-${i}`];
      expect((await producer.send(msg)).sendStatus).toBe('SEND_OK');
    }

    const errors: Error[] = [];
    const received = new Set<string>();
    const consumer = onsConsumer(namesrvAddr, 'OnsAuthGroup', (err) => errors.push(err), { ...RIGHT, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    cleanups.push(() => consumer.close());
    consumer.subscribe('OnsAuthTopic', '*', async (msg) => {
      received.add(msg.body.toString());
    });
    await consumer.ready();
    await waitFor(() => received.size === 6, 20_000, 'all 6 messages');
    expect([...received].sort()).toEqual(Array.from({ length: 6 }, (_, i) => `auth-body-${i}`));
    expect(errors.filter((e) => /no permission|not found|signature/.test(e.message))).toEqual([]);
  }, 40_000);

  it('is refused what the ACL does not give, and with a wrong password, with the real remarks', async () => {
    const { namesrvAddr } = await setUp();
    const wrong = onsProducer(namesrvAddr, 'OnsAuthBadProducer', { accessKey: 'ons-app', secretKey: 'not-the-password' });
    cleanups.push(() => wrong.close());
    await wrong.ready();
    const err = await wrong.send(new ons.Message('OnsAuthTopic', 'TagA', 'refused')).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(cluster!.snapshot().brokers[0]!.messagesPut).toBe(0);

    const errors: Error[] = [];
    const consumer = onsConsumer(namesrvAddr, 'OnsOtherGroup', (e) => errors.push(e), { ...RIGHT });
    cleanups.push(() => consumer.close());
    consumer.subscribe('OnsAuthTopic', '*', async () => undefined);
    await consumer.ready().catch((e: Error) => errors.push(e));
    await waitFor(
      () => errors.some((e) => e.message.includes('User:ons-app has no permission to access Group:OnsOtherGroup from 127.0.0.1, no matched policies.')),
      15_000,
      'the refusal of the consumer group',
    );
  }, 40_000);
});
