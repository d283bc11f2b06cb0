// ali-ons (shared/peers.md), a client nobody here wrote, against `dev up --acl` in-process: it
// signs as `AclClientRPCHook` does but over its own typed header values (numbers, booleans) plus
// an `OnsChannel` field; the embedded broker verifies that signature, so ali-ons produces and
// consumes with the right credentials and is refused with the real remarks with wrong ones.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { startDevCluster, type DevCluster } from '../../src/dev/cluster.js';
import { updateAndCreateAclConfig } from '../../src/protocol/requests/acl.js';
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
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-dev-acl-ons-'));
  cluster = await startDevCluster({ dataDir: dir, namesrvPort: 0, brokerPort: 0, acl: true });
  const admin = new MQAdmin({ namesrvAddr: cluster.namesrvAddr, credentials: { accessKey: cluster.acl!.accessKey, secretKey: cluster.acl!.secretKey } });
  try {
    const broker = cluster.brokers[0]!.addr;
    await admin.createAndUpdateTopicConfig(broker, { topic: 'OnsAclTopic', readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    await admin.call(broker, updateAndCreateAclConfig, { accessKey: 'ons-app-1', secretKey: 'ons-secret-1', defaultTopicPerm: 'PUB|SUB', defaultGroupPerm: 'SUB' });
  } finally {
    await admin.close();
  }
  return cluster;
}

const RIGHT = { accessKey: 'ons-app-1', secretKey: 'ons-secret-1' };
const WRONG = { accessKey: 'ons-app-1', secretKey: 'not-the-secret' };

describe('ali-ons against dev up --acl', () => {
  it('produces and consumes with the right credentials (its signature verifies)', async () => {
    const { namesrvAddr } = await setUp();
    const producer = onsProducer(namesrvAddr, 'OnsAclProducer', RIGHT);
    cleanups.push(() => producer.close());
    await producer.ready();
    for (let i = 0; i < 6; i++) {
      const msg = new ons.Message('OnsAclTopic', 'TagA', `acl-body-${i}`);
      msg.keys = [`acl-key-${i}`];
      expect((await producer.send(msg)).sendStatus).toBe('SEND_OK');
    }

    const errors: Error[] = [];
    const received = new Set<string>();
    const consumer = onsConsumer(namesrvAddr, 'OnsAclGroup', (err) => errors.push(err), { ...RIGHT, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    cleanups.push(() => consumer.close());
    consumer.subscribe('OnsAclTopic', '*', async (msg) => {
      received.add(msg.body.toString());
    });
    await consumer.ready();
    await waitFor(() => received.size === 6, 20_000, 'all 6 messages');
    expect([...received].sort()).toEqual(Array.from({ length: 6 }, (_, i) => `acl-body-${i}`));
    expect(errors.filter((e) => /AclException/.test(e.message))).toEqual([]);
  }, 40_000);

  it('is refused with a wrong secret: the send fails with the real remark', async () => {
    const { namesrvAddr } = await setUp();
    const producer = onsProducer(namesrvAddr, 'OnsAclBadProducer', WRONG);
    cleanups.push(() => producer.close());
    await producer.ready();
    const err = await producer.send(new ons.Message('OnsAclTopic', 'TagA', 'refused')).then(
      () => undefined,
      (e: Error) => e,
    );
    // ali-ons retries a SYSTEM_ERROR and then reports only that it gave up; nothing was stored.
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(/^Send \[\d+\] times, still failed/);
    expect(cluster!.snapshot().brokers[0]!.messagesPut).toBe(0);

    const errors: Error[] = [];
    const consumer = onsConsumer(namesrvAddr, 'OnsAclBadGroup', (e) => errors.push(e), { ...WRONG });
    cleanups.push(() => consumer.close());
    consumer.subscribe('OnsAclTopic', '*', async () => undefined);
    await consumer.ready().catch((e: Error) => errors.push(e));
    // The consumer's errors carry the broker's remark as is.
    const remark = 'org.apache.rocketmq.acl.common.AclException: Check signature failed for accessKey=ons-app-1, org.apache.rocketmq.acl.plain.PlainPermissionManager.validate(PlainPermissionManager.java:684)';
    await waitFor(() => errors.some((e) => e.message.includes(remark)), 15_000, 'an ACL refusal of the consumer');
  }, 40_000);
});
