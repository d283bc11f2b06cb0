// bin/run.js end to end for applyMetadata: two in-process dev clusters (A the source, B the
// target) on ephemeral ports, reached through two profiles, and a file written by exportMetadata.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MQAdmin } from '../../src/admin/MQAdmin.js';
import { startDevCluster, type DevCluster } from '../../src/dev/cluster.js';
import { getAllSubscriptionGroupConfig } from '../../src/protocol/requests/groups.js';
import { getAllTopicConfig } from '../../src/protocol/requests/topics.js';
import { runCli } from '../helpers/cli.js';

let dir: string;
let a: DevCluster;
let b: DevCluster;
let env: Record<string, string>;
let adminB: MQAdmin;

const run = (args: string[]) => runCli(args, { env, timeoutMs: 30_000 });
const apply = (...extra: string[]) => run(['applyMetadata', '--from-profile', 'a', '--to-profile', 'b', '-c', 'DefaultCluster', ...extra]);
const onA = (...args: string[]) => run([...args, '--profile', 'a']);
const onB = (...args: string[]) => run([...args, '--profile', 'b']);
const topicsOfB = () => adminB.call(b.brokers[0]!.addr, getAllTopicConfig, undefined);
const groupsOfB = () => adminB.call(b.brokers[0]!.addr, getAllSubscriptionGroupConfig, undefined);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mqadmin-apply-'));
  a = await startDevCluster({ dataDir: join(dir, 'a'), namesrvPort: 0, brokerPort: 0 });
  b = await startDevCluster({ dataDir: join(dir, 'b'), namesrvPort: 0, brokerPort: 0 });
  const config = join(dir, 'config.yaml');
  writeFileSync(config, `profiles:\n  a:\n    namesrvAddr: ${a.namesrvAddr}\n  b:\n    namesrvAddr: ${b.namesrvAddr}\n`, { mode: 0o600 });
  env = { MQADMIN_CONFIG: config };
  adminB = new MQAdmin({ namesrvAddr: [b.namesrvAddr], timeoutMs: 5000 });
  for (const args of [
    ['updateTopic', '-c', 'DefaultCluster', '-t', 'AmTopic1', '-r', '4', '-w', '4'],
    ['updateTopic', '-c', 'DefaultCluster', '-t', 'AmOrdered', '-r', '2', '-w', '2', '-p', '4', '-o', 'true'],
    ['updateSubGroup', '-c', 'DefaultCluster', '-g', 'AmGroup1', '-r', '3', '-d', 'true', '-q', '2'],
  ]) {
    const r = await onA(...args);
    expect(r.code, r.stderr).toBe(0);
  }
}, 60_000);

afterAll(async () => {
  await adminB?.close();
  await a?.close();
  await b?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('applyMetadata from cluster A to cluster B', () => {
  it('--dry-run shows the plan and changes nothing; without --yes and no terminal it is exit 2', async () => {
    const dry = await apply('--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan.empty).toBe(false);
    expect(plan.attributesSupported).toBe(true);
    const created = plan.topics.topics.filter((t: { brokers: Array<{ action: string }> }) => t.brokers[0]!.action === 'create').map((t: { topic: string }) => t.topic);
    expect(created).toEqual(['AmOrdered', 'AmTopic1']);
    expect(plan.groups.brokers.map((g: { group: string; action: string }) => [g.group, g.action])).toEqual([['AmGroup1', 'create']]);
    // No system topic or group in the plan.
    const names = plan.topics.topics.map((t: { topic: string }) => t.topic).join(',');
    expect(names).not.toMatch(/TBW102|SCHEDULE_TOPIC|RMQ_SYS|rmq_sys|%RETRY%|%DLQ%/);
    expect(Object.keys(await topicsOfB())).not.toContain('AmTopic1');
    expect(Object.keys(await groupsOfB())).not.toContain('AmGroup1');

    const text = await apply('--dry-run');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/dry run: nothing was changed/);
    expect(text.stdout).toMatch(/AmTopic1\s+broker-a\s+\S+\s+create\s+read 4, write 4, perm 6 \(RW-\)/);

    const noYes = await apply();
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/pass --yes/);
    expect(Object.keys(await topicsOfB())).not.toContain('AmTopic1');
  }, 60_000);

  it('creates everything from scratch, then finds nothing to do', async () => {
    const r = await apply('--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/AmTopic1\s+broker-a\s+\S+\s+created/);
    expect(r.stdout).toMatch(/AmGroup1\s+broker-a\s+\S+\s+created/);
    const topics = await topicsOfB();
    expect(topics.AmTopic1).toMatchObject({ readQueueNums: 4, writeQueueNums: 4, perm: 6, order: false });
    expect(topics.AmOrdered).toMatchObject({ readQueueNums: 2, writeQueueNums: 2, perm: 4, order: true });
    expect((await groupsOfB()).AmGroup1).toMatchObject({ retryMaxTimes: 3, consumeBroadcastEnable: true, retryQueueNums: 2 });

    const again = await apply('--yes', '--json');
    expect(again.code, again.stderr).toBe(0);
    const res = JSON.parse(again.stdout);
    expect(res.empty).toBe(true);
    // A plan, not a result: nothing was sent.
    expect(res.topics.topics.every((t: { brokers: Array<{ action: string }> }) => t.brokers.every((x) => x.action === 'unchanged'))).toBe(true);
    expect(res.groups.brokers.every((x: { action: string }) => x.action === 'unchanged')).toBe(true);
    const text = await apply();
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Nothing to do/);
  }, 60_000);

  it('after edits on both: changes what A changed, keeps what only B has unless --prune', async () => {
    for (const args of [
      ['updateTopic', '-c', 'DefaultCluster', '-t', 'AmTopic1', '-r', '8', '-w', '8'],
      ['updateTopic', '-c', 'DefaultCluster', '-t', 'AmTopic2', '-r', '1', '-w', '1'],
      ['updateSubGroup', '-c', 'DefaultCluster', '-g', 'AmGroup1', '-r', '5', '-s', 'false'],
    ]) {
      const r = await onA(...args);
      expect(r.code, r.stderr).toBe(0);
    }
    const onlyB = await onB('updateTopic', '-c', 'DefaultCluster', '-t', 'BOnlyTopic');
    expect(onlyB.code, onlyB.stderr).toBe(0);

    const r = await apply('--yes', '--json');
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.plan.onlyOnTarget.topics).toEqual(['BOnlyTopic']);
    expect(res.plan.lossy).toBe(true); // consumeEnable true -> false
    expect(res.topics.rows.filter((x: { action: string }) => x.action !== 'unchanged').map((x: { topic: string; outcome: string }) => [x.topic, x.outcome])).toEqual([
      ['AmTopic1', 'updated'],
      ['AmTopic2', 'created'],
    ]);
    expect(res.deleted).toEqual([]);
    const topics = await topicsOfB();
    expect(topics.AmTopic1).toMatchObject({ readQueueNums: 8, writeQueueNums: 8 });
    expect(topics.AmTopic2).toMatchObject({ readQueueNums: 1, writeQueueNums: 1 });
    expect(topics.BOnlyTopic).toBeDefined();
    expect((await groupsOfB()).AmGroup1).toMatchObject({ retryMaxTimes: 5, consumeEnable: false });

    const noYes = await apply('--prune');
    expect(noYes.code).toBe(2);
    expect((await topicsOfB()).BOnlyTopic).toBeDefined();
    const pruned = await apply('--prune', '--yes');
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toMatch(/topic\s+BOnlyTopic\s+deleted/);
    expect((await topicsOfB()).BOnlyTopic).toBeUndefined();
    expect((await topicsOfB()).AmTopic1).toBeDefined();
  }, 90_000);

  it('from a file written by exportMetadata; a decrease is lossy and needs --yes', async () => {
    const exp = await onA('exportMetadata', '-c', 'DefaultCluster', '-f', join(dir, 'export'));
    expect(exp.code, exp.stderr).toBe(0);
    const raise = await onB('updateTopic', '-c', 'DefaultCluster', '-t', 'AmTopic1', '-r', '16', '-w', '16');
    expect(raise.code, raise.stderr).toBe(0);
    const file = join(dir, 'export', 'metadata.json');
    const dry = await run(['applyMetadata', '-f', file, '-c', 'DefaultCluster', '--profile', 'b', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/AmTopic1\s+broker-a\s+\S+\s+update\s+read queues 16 -> 8, write queues 16 -> 8/);
    const noYes = await run(['applyMetadata', '-f', file, '-c', 'DefaultCluster', '--profile', 'b']);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/topic AmTopic1 \(queues or permissions removed\)/);
    expect((await topicsOfB()).AmTopic1).toMatchObject({ readQueueNums: 16 });
    const r = await run(['applyMetadata', '-f', file, '-c', 'DefaultCluster', '--profile', 'b', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect((await topicsOfB()).AmTopic1).toMatchObject({ readQueueNums: 8, writeQueueNums: 8 });
    const again = await run(['applyMetadata', '-f', file, '-c', 'DefaultCluster', '--profile', 'b', '--json']);
    expect(JSON.parse(again.stdout).empty).toBe(true);
  }, 60_000);

  it('from a 4.9-style file: system topics and groups left alone, order flag kept', async () => {
    const file = join(dir, 'v49.json');
    const topic = (name: string, extra: object = {}) => ({ topicName: name, readQueueNums: 4, writeQueueNums: 4, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false, ...extra });
    const group = (name: string) => ({ groupName: name, consumeEnable: true, consumeFromMinEnable: false, consumeBroadcastEnable: false, retryQueueNums: 1, retryMaxTimes: 7, brokerId: 0, whichBrokerWhenConsumeSlowly: 1, notifyConsumerIdsChangedEnable: true });
    writeFileSync(
      file,
      JSON.stringify({
        exportTime: 1,
        topicConfigTable: {
          V49Ordered: topic('V49Ordered', { order: true }),
          TBW102: topic('TBW102', { perm: 7 }),
          SCHEDULE_TOPIC_XXXX: topic('SCHEDULE_TOPIC_XXXX'),
          RMQ_SYS_TRACE_TOPIC: topic('RMQ_SYS_TRACE_TOPIC'),
          rmq_sys_wheel: topic('rmq_sys_wheel'),
          '%RETRY%V49Group': topic('%RETRY%V49Group'),
          '%DLQ%V49Group': topic('%DLQ%V49Group'),
        },
        subscriptionGroupTable: { V49Group: group('V49Group'), TOOLS_CONSUMER: group('TOOLS_CONSUMER'), CID_RMQ_SYS_X: group('CID_RMQ_SYS_X') },
      }),
    );
    const r = await run(['applyMetadata', '-f', file, '-c', 'DefaultCluster', '--profile', 'b', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.plan.topics.topics.map((t: { topic: string }) => t.topic)).toEqual(['V49Ordered']);
    expect(res.plan.groups.groups).toEqual(['V49Group']);
    expect(res.plan.skipped.map((x: { name: string }) => x.name).sort()).toEqual(
      ['%DLQ%V49Group', '%RETRY%V49Group', 'CID_RMQ_SYS_X', 'RMQ_SYS_TRACE_TOPIC', 'SCHEDULE_TOPIC_XXXX', 'TBW102', 'TOOLS_CONSUMER', 'rmq_sys_wheel'],
    );
    const topics = await topicsOfB();
    expect(topics.V49Ordered).toMatchObject({ readQueueNums: 4, order: true });
    expect((await groupsOfB()).V49Group).toMatchObject({ retryMaxTimes: 7 });
  }, 30_000);

  it('a file that is not metadata JSON is exit 2, before anything is sent', async () => {
    for (const [name, text] of [['array.json', '[1,2]'], ['other.json', '{"foo":1}'], ['broken.json', '{"topicConfigTable":']] as const) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const r = await run(['applyMetadata', '-f', path, '-c', 'DefaultCluster', '--profile', 'b', '--json']);
      expect(r.code, `${name}: ${r.stdout}`).toBe(2);
      expect(JSON.parse(r.stdout).error.exitCode).toBe(2);
    }
    const missing = await run(['applyMetadata', '-f', join(dir, 'nope.json'), '-c', 'DefaultCluster', '--profile', 'b']);
    expect(missing.code).toBe(2);
  }, 30_000);
  it('--from-namesrvAddr with -n: the same comparison without profiles; no source is exit 2', async () => {
    const r = await runCli(['applyMetadata', '--from-namesrvAddr', a.namesrvAddr, '-n', b.namesrvAddr, '-c', 'DefaultCluster', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.empty).toBe(true);
    expect(plan.onlyOnTarget).toEqual({ topics: ['V49Ordered'], groups: ['V49Group'] });
    const none = await runCli(['applyMetadata', '-n', b.namesrvAddr, '-c', 'DefaultCluster']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give the source/);
  }, 30_000);
});
