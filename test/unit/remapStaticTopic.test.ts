// remappingStaticTopic's plan and steps against a scripted two-broker cluster: the balanced
// moves (the Java allocator), the new items (gen + 1, new physical queue, logic offset -1), the
// logic offsets fixed from the old leaders' physical max offsets, and the order of the requests.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MQAdmin } from '../../src/admin/MQAdmin.js';
import { mapSettled } from '../../src/admin/concurrency.js';
import { applyRemappingStaticTopic, blockSeqRoundUp, planRemappingStaticTopic } from '../../src/admin/remapStaticTopic.js';
import { RequestCode } from '../../src/protocol/codes.js';
import type { RequestDefinition } from '../../src/protocol/requests/define.js';
import type { TopicQueueMappingDetail } from '../../src/protocol/requests/staticTopic.js';

const dir = mkdtempSync(join(tmpdir(), 'mqadmin-remap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T = 'ST';
const item = (bname: string, queueId: number) => ({ gen: 0, queueId, bname, logicOffset: 0, startOffset: 0, endOffset: -1, timeOfStart: -1, timeOfEnd: -1 });
const detailA: TopicQueueMappingDetail = {
  topic: T, scope: '__global__', totalQueues: 4, bname: 'broker-a', epoch: 1000, dirty: false, currIdMap: {},
  hostedQueues: { 0: [item('broker-a', 0)], 1: [item('broker-a', 1)], 2: [item('broker-a', 2)], 3: [item('broker-a', 3)] },
};

function fakeAdmin() {
  const sent: Array<{ addr: string; code: number; args: any }> = [];
  const admin = {
    concurrency: 4,
    examineClusterInfo: async () => ({
      brokerAddrTable: {
        'broker-a': { cluster: 'C', brokerName: 'broker-a', brokerAddrs: { 0: 'A:1' } },
        'broker-b': { cluster: 'C', brokerName: 'broker-b', brokerAddrs: { 0: 'B:1' } },
      },
      clusterAddrTable: { C: ['broker-a', 'broker-b'] },
    }),
    fanOut: (items: readonly unknown[], fn: (x: unknown) => Promise<unknown>) => mapSettled(items, 1, fn),
    call: async (addr: string, def: RequestDefinition<any, any>, args: any) => {
      sent.push({ addr, code: def.code, args: structuredClone(args) });
      if (def.code === RequestCode.GET_TOPIC_CONFIG) {
        return addr === 'A:1'
          ? { config: { topicName: T, readQueueNums: 4, writeQueueNums: 4, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false, attributes: {} }, mapping: structuredClone(detailA) }
          : null;
      }
      if (def.code === RequestCode.GET_TOPIC_STATS_INFO) {
        return [0, 1, 2, 3].map((q) => ({ brokerName: 'broker-a', queueId: q, minOffset: 0, maxOffset: [5, 5, 123, 6000][q]!, lastUpdateTimestamp: 0 }));
      }
      return undefined;
    },
  };
  return { admin: admin as unknown as MQAdmin, sent };
}

describe('remappingStaticTopic', () => {
  it('blockSeqRoundUp as documented', () => {
    expect([123, 6000, 10000, 0].map((x) => blockSeqRoundUp(x))).toEqual([10000, 20000, 20000, 10000]);
  });

  it('moves half of the logic queues to the new broker, then fixes their logic offsets', async () => {
    const { admin, sent } = fakeAdmin();
    const plan = await planRemappingStaticTopic(admin, { topic: T, brokerNames: ['broker-a', 'broker-b'], now: 5 });
    expect(plan.epoch).toBe(2000);
    expect(plan.moves).toEqual([
      { logicQueue: 2, from: 'broker-a', to: 'broker-b', queueId: 0, gen: 1 },
      { logicQueue: 3, from: 'broker-a', to: 'broker-b', queueId: 1, gen: 1 },
    ]);
    expect(plan.leaders).toEqual([
      { brokerName: 'broker-a', before: 4, after: 2 },
      { brokerName: 'broker-b', before: 0, after: 2 },
    ]);
    const b = plan.brokers.find((x) => x.brokerName === 'broker-b')!;
    expect(b.role).toBe('map-in');
    expect([b.config.readQueueNums, b.config.writeQueueNums]).toEqual([2, 2]);
    expect(b.mapping.hostedQueues[2]!.map((i) => [i.bname, i.queueId, i.gen, i.logicOffset])).toEqual([['broker-a', 2, 0, 0], ['broker-b', 0, 1, -1]]);

    sent.length = 0;
    const result = await applyRemappingStaticTopic(admin, plan, { dir });
    expect(result.failures).toEqual([]);
    expect(sent.map((s) => `${s.code}@${s.addr}`)).toEqual(['513@B:1', '513@A:1', '202@A:1', '513@B:1']);
    expect(sent[2]!.args).toEqual({ topic: T });
    const last = sent[3]!.args.mapping as TopicQueueMappingDetail;
    expect(last.hostedQueues[2]!.at(-1)!.logicOffset).toBe(10000);
    expect(last.hostedQueues[3]!.at(-1)!.logicOffset).toBe(20000);
    expect(result.steps.map((s) => s.outcome)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('already balanced: only the epoch changes, one 513 per broker', async () => {
    const { admin, sent } = fakeAdmin();
    const plan = await planRemappingStaticTopic(admin, { topic: T, brokerNames: ['broker-a'], now: 5 });
    expect(plan.moves).toEqual([]);
    sent.length = 0;
    await applyRemappingStaticTopic(admin, plan, { dir });
    expect(sent.map((s) => `${s.code}@${s.addr}`)).toEqual(['513@A:1']);
    expect(sent[0]!.args.mapping.epoch).toBe(2000);
  });
});
