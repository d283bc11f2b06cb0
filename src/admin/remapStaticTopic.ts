// remappingStaticTopic (admin-commands.md §7.3, 5.x only): spreads a static topic's logic queues
// over the target brokers. A moved logic queue gets a new physical queue (a new item, gen + 1) on
// its "map-in" broker, while the "map-out" broker keeps serving the old offsets; a broker is
// either map-in or map-out. The plan (which logic queue moves where) is shown before anything is
// written; then, as the Java tool: 513 to the map-in brokers, 513 to the map-out brokers, the old
// leaders' physical max offsets (202, lo=false) fix each new item's logic offset (rounded up to
// a 10 000 block with at least half a block of headroom), 513 to the map-in brokers again, and
// 513 to every other broker (the new epoch). A failed step stops there. Nothing here prints.

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TopicConfig } from '../protocol/bodies/topicAdmin.js';
import {
  GLOBAL_SCOPE,
  getPhysicalTopicStats,
  updateAndCreateStaticTopic,
  type LogicQueueMappingItem,
  type TopicConfigAndMapping,
  type TopicQueueMappingDetail,
} from '../protocol/requests/staticTopic.js';
import type { BrokerAddress } from './cluster.js';
import { settleBrokers } from './consumeMode.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { readStaticTopic, wrapper } from './staticTopic.js';
import { validateTopicName } from './topics.js';

export const BLOCK_SEQ_SIZE = 10_000;

/** The Java blockSeqRoundUp: the next block boundary, at least half a block away. */
export function blockSeqRoundUp(offset: number, block = BLOCK_SEQ_SIZE): number {
  const n = Math.floor(offset / block);
  const r = offset % block;
  return r < block / 2 ? (n + 1) * block : (n + 2) * block;
}

export interface LogicQueueMove {
  logicQueue: number;
  from: string;
  to: string;
  /** The physical queue created on `to`. */
  queueId: number;
  gen: number;
}

export interface RemapBrokerPlan extends BrokerAddress {
  role: 'map-in' | 'map-out' | 'epoch';
  config: TopicConfig;
  mapping: TopicQueueMappingDetail;
}

export interface RemapStaticTopicPlan {
  topic: string;
  totalQueues: number;
  oldEpoch: number;
  epoch: number;
  moves: LogicQueueMove[];
  /** Leaders before -> after, per broker. */
  leaders: Array<{ brokerName: string; before: number; after: number }>;
  brokers: RemapBrokerPlan[];
  old: Record<string, TopicConfigAndMapping>;
}

export interface RemapStep {
  step: string;
  brokers: string[];
  outcome: 'done' | 'failed' | 'skipped';
}

export interface RemapStaticTopicResult extends RemapStaticTopicPlan {
  beforeFile: string;
  afterFile: string;
  steps: RemapStep[];
  failures: TargetFailure[];
}

interface Leader {
  id: number;
  bname: string;
  items: LogicQueueMappingItem[];
}

/**
 * The balanced counts per target (the Java MappingAllocator with the before-remapping counts):
 * the least loaded brokers are handed out one by one, the one that led most before first.
 */
function balancedCounts(targets: string[], total: number, before: Map<string, number>): Map<string, number> {
  const counts = new Map<string, number>(targets.map((t) => [t, 0]));
  let least: string[] = [];
  let index = 0;
  for (let i = 0; i < total; i++) {
    if (least.length === 0) {
      const min = Math.min(...counts.values());
      least = [...counts].filter(([, c]) => c === min).map(([b]) => b).sort((a, b) => (before.get(a) ?? 0) - (before.get(b) ?? 0) || a.localeCompare(b));
      index = least.length - 1;
    }
    const next = least.splice(index % least.length, 1)[0]!;
    counts.set(next, counts.get(next)! + 1);
  }
  return counts;
}

export async function planRemappingStaticTopic(admin: MQAdmin, options: { topic: string; brokerNames?: string[]; clusters?: string[]; now?: number }): Promise<RemapStaticTopicPlan> {
  validateTopicName(options.topic);
  const { masters, targets, old } = await readStaticTopic(admin, options);
  const names = Object.keys(old).sort();
  if (names.length === 0) throw new NotFoundError(`topic ${options.topic} is on no broker`, 'create it with updateStaticTopic');
  const details = names.map((n) => old[n]!.mapping!);
  if (new Set(details.map((d) => d.epoch)).size > 1 || new Set(details.map((d) => d.totalQueues)).size > 1) {
    throw new InvalidArgumentError(`the brokers disagree on the mapping of ${options.topic} (epoch or total); fix it before remapping`);
  }
  const total = details[0]!.totalQueues;
  const oldEpoch = details[0]!.epoch;
  const leaders = new Map<number, Leader>();
  for (const d of details) {
    for (const [k, items] of Object.entries(d.hostedQueues)) {
      const id = Number(k);
      const last = items.at(-1);
      if (!last || last.bname !== d.bname || leaders.has(id)) continue;
      leaders.set(id, { id, bname: d.bname, items });
    }
  }
  for (let id = 0; id < total; id++) if (!leaders.has(id)) throw new InvalidArgumentError(`logic queue ${id} of ${options.topic} has no leader: the mapping is incomplete`);
  const before = new Map<string, number>();
  for (const l of leaders.values()) before.set(l.bname, (before.get(l.bname) ?? 0) + 1);

  // Keep as many logic queues where they are as the balanced counts allow; a broker that must
  // give some away gives away all it leads beyond what it keeps, and takes none.
  const expected = balancedCounts(targets, total, before);
  const waiting: number[] = [];
  const assigned = new Map<number, string>();
  for (const id of [...leaders.keys()].sort((a, b) => a - b)) {
    const b = leaders.get(id)!.bname;
    const left = expected.get(b);
    if (left !== undefined && left > 0) {
      assigned.set(id, b);
      expected.set(b, left - 1);
    } else {
      waiting.push(id);
      if (left !== undefined) expected.delete(b);
    }
  }
  for (const [b, left] of [...expected].sort((x, y) => x[0].localeCompare(y[0]))) {
    for (let i = 0; i < left; i++) assigned.set(waiting.shift()!, b);
  }
  const epoch = Math.max(oldEpoch + 1000, options.now ?? Date.now());
  const work = new Map<string, { config: TopicConfig; mapping: TopicQueueMappingDetail }>();
  for (const n of names) work.set(n, { config: { ...old[n]!.config }, mapping: structuredClone(old[n]!.mapping!) });
  const moves: LogicQueueMove[] = [];
  const mapIn = new Set<string>();
  const mapOut = new Set<string>();
  for (const [id, to] of [...assigned].sort((a, b) => a[0] - b[0])) {
    const l = leaders.get(id)!;
    if (l.bname === to) continue;
    mapIn.add(to);
    mapOut.add(l.bname);
    let w = work.get(to);
    if (!w) {
      w = {
        config: { topicName: options.topic, readQueueNums: 0, writeQueueNums: 0, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false, attributes: {} },
        mapping: { topic: options.topic, scope: GLOBAL_SCOPE, totalQueues: total, bname: to, epoch, dirty: false, currIdMap: {}, hostedQueues: {} },
      };
      work.set(to, w);
    }
    w.config.readQueueNums += 1;
    w.config.writeQueueNums += 1;
    const last = l.items.at(-1)!;
    const item: LogicQueueMappingItem = { gen: last.gen + 1, queueId: w.config.writeQueueNums - 1, bname: to, logicOffset: -1, startOffset: 0, endOffset: -1, timeOfStart: -1, timeOfEnd: -1 };
    const items = [...l.items.map((x) => ({ ...x })), item];
    w.mapping.hostedQueues[id] = items;
    work.get(l.bname)!.mapping.hostedQueues[id] = items.map((x) => ({ ...x }));
    moves.push({ logicQueue: id, from: l.bname, to, queueId: item.queueId, gen: item.gen });
  }
  for (const w of work.values()) {
    w.mapping.epoch = epoch;
    w.mapping.totalQueues = total;
  }
  const after = new Map<string, number>();
  for (const [, b] of assigned) after.set(b, (after.get(b) ?? 0) + 1);
  for (const [, b] of assigned) if (!targets.includes(b)) throw new InvalidArgumentError(`logic queues would stay on ${b}, which is not a target`);
  const brokers: RemapBrokerPlan[] = [...work].sort((a, b) => a[0].localeCompare(b[0])).map(([name, w]) => {
    const addr = masters.find((m) => m.brokerName === name);
    if (!addr) throw new NotFoundError(`broker ${name} has no master registered`);
    return { ...addr, role: mapIn.has(name) ? 'map-in' : mapOut.has(name) ? 'map-out' : 'epoch', config: w.config, mapping: w.mapping };
  });
  const all = [...new Set([...targets, ...names])].sort();
  return {
    topic: options.topic,
    totalQueues: total,
    oldEpoch,
    epoch,
    moves,
    leaders: all.map((b) => ({ brokerName: b, before: before.get(b) ?? 0, after: after.get(b) ?? 0 })),
    brokers,
    old,
  };
}

/** Runs the steps in order; the first that fails stops the rest. */
export async function applyRemappingStaticTopic(admin: MQAdmin, plan: RemapStaticTopicPlan, options: { dir?: string } = {}): Promise<RemapStaticTopicResult> {
  const dir = options.dir ?? tmpdir();
  const beforeFile = join(dir, `${plan.topic}-${plan.oldEpoch}.before`);
  writeFileSync(beforeFile, wrapper(plan.topic, plan.oldEpoch, plan.old));
  const mapIn = plan.brokers.filter((b) => b.role === 'map-in');
  const mapOut = plan.brokers.filter((b) => b.role === 'map-out');
  const others = plan.brokers.filter((b) => b.role === 'epoch');
  const afterFile = join(dir, `${plan.topic}-${plan.epoch}.after`);
  const writeAfter = () =>
    writeFileSync(
      afterFile,
      wrapper(plan.topic, plan.epoch, Object.fromEntries(plan.brokers.map((b) => [b.brokerName, { config: b.config, mapping: b.mapping }])), {
        mapIn: mapIn.map((b) => b.brokerName),
        mapOut: mapOut.map((b) => b.brokerName),
      }),
    );
  writeAfter();
  const steps: RemapStep[] = [];
  const failures: TargetFailure[] = [];
  let stopped = false;
  const send = async (step: string, list: RemapBrokerPlan[]) => {
    if (list.length === 0) return;
    if (stopped) {
      steps.push({ step, brokers: list.map((b) => b.brokerName), outcome: 'skipped' });
      return;
    }
    const settled = await admin.fanOut(list, (b) => admin.call(b.addr, updateAndCreateStaticTopic, { config: b.config, mapping: b.mapping }));
    const r = settleBrokers(list, settled, { requestCode: updateAndCreateStaticTopic.code, feature: 'static topics' });
    failures.push(...r.failures);
    stopped = r.failures.length > 0;
    steps.push({ step, brokers: list.map((b) => b.brokerName), outcome: stopped ? 'failed' : 'done' });
  };
  await send('create the new queues on the map-in brokers', mapIn);
  await send('hand over on the map-out brokers', mapOut);
  if (mapOut.length > 0) {
    if (stopped) steps.push({ step: 'fix the logic offsets', brokers: mapOut.map((b) => b.brokerName), outcome: 'skipped' });
    else {
      try {
        for (const out of mapOut) {
          const stats = await admin.call(out.addr, getPhysicalTopicStats, { topic: plan.topic });
          for (const move of plan.moves.filter((m) => m.from === out.brokerName)) {
            const target = plan.brokers.find((b) => b.brokerName === move.to)!;
            const items = target.mapping.hostedQueues[move.logicQueue]!;
            const newItem = items.at(-1)!;
            if (newItem.logicOffset > 0) continue;
            const oldLeader = items.at(-2)!;
            const o = stats.find((x) => x.brokerName === out.brokerName && x.queueId === oldLeader.queueId);
            if (!o) throw new Error(`no offset of queue ${oldLeader.queueId} on ${out.brokerName}`);
            if (o.maxOffset < oldLeader.startOffset) throw new Error(`the max offset ${o.maxOffset} of queue ${oldLeader.queueId} on ${out.brokerName} is below its start offset`);
            const logic = oldLeader.logicOffset + (o.maxOffset - oldLeader.startOffset);
            const fixed = blockSeqRoundUp(logic);
            newItem.logicOffset = fixed;
            const mirror = out.mapping.hostedQueues[move.logicQueue]?.at(-1);
            if (mirror) mirror.logicOffset = fixed;
          }
        }
        steps.push({ step: 'fix the logic offsets', brokers: mapOut.map((b) => b.brokerName), outcome: 'done' });
        writeAfter();
      } catch (err) {
        failures.push(toTargetFailure(mapOut.map((b) => b.addr).join(','), err));
        steps.push({ step: 'fix the logic offsets', brokers: mapOut.map((b) => b.brokerName), outcome: 'failed' });
        stopped = true;
      }
    }
  }
  await send('write the fixed items on the map-in brokers', mapIn);
  await send('update the epoch on the other brokers', others);
  return { ...plan, beforeFile, afterFile, steps, failures };
}
