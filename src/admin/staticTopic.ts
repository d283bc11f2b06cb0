// updateStaticTopic (admin-commands.md §7.2, 5.x only): a static topic's logic queues, their
// mapping to physical queues per broker, grown to a new total. The plan is computed from every
// master's current config and mapping (GET_TOPIC_CONFIG with lo=true) and shown before anything
// is written; then each broker gets UPDATE_AND_CREATE_STATIC_TOPIC (513) with its new config and
// mapping. The old and new mappings are also written to files in the temp directory, as the Java
// tool does, for a manual rollback. Nothing here prints.

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringifyFastJson } from '../protocol/fastjson.js';
import type { TopicConfig } from '../protocol/bodies/topicAdmin.js';
import {
  GLOBAL_SCOPE,
  getTopicConfigAndMapping,
  updateAndCreateStaticTopic,
  type TopicConfigAndMapping,
  type TopicQueueMappingDetail,
} from '../protocol/requests/staticTopic.js';
import { listBrokerAddresses, type BrokerAddress } from './cluster.js';
import { settleBrokers } from './consumeMode.js';
import { InvalidArgumentError, NotFoundError, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { validateTopicName } from './topics.js';

export interface UpdateStaticTopicOptions {
  topic: string;
  totalQueues: number;
  /** Broker names (-b), or */
  brokerNames?: string[];
  /** cluster names (-c): all their broker names. */
  clusters?: string[];
  now?: number;
}

export interface StaticBrokerPlan extends BrokerAddress {
  action: 'create' | 'update' | 'epoch';
  before: { readQueueNums: number; writeQueueNums: number; logicQueues: number[] } | null;
  after: { readQueueNums: number; writeQueueNums: number; logicQueues: number[] };
  /** Logic queue ids newly led by this broker. */
  added: number[];
  config: TopicConfig;
  mapping: TopicQueueMappingDetail;
}

export interface UpdateStaticTopicPlan {
  topic: string;
  oldTotal: number;
  totalQueues: number;
  oldEpoch: number | null;
  epoch: number;
  /** Nothing to do: the topic already has this many logic queues. */
  unchanged: boolean;
  brokers: StaticBrokerPlan[];
  /** What the brokers had, for the .before file. */
  old: Record<string, TopicConfigAndMapping>;
}

export interface UpdateStaticTopicResult extends UpdateStaticTopicPlan {
  beforeFile: string | null;
  afterFile: string | null;
  outcomes: Array<BrokerAddress & { outcome: 'done' | 'failed'; error?: string }>;
  failures: TargetFailure[];
}

const leaderOf = (m: TopicQueueMappingDetail, id: number): string | undefined => m.hostedQueues[id]?.at(-1)?.bname;

/** The target broker names, every master, and every master's current config and mapping. */
async function readStaticTopic(admin: MQAdmin, options: { topic: string; brokerNames?: string[]; clusters?: string[] }): Promise<{ masters: BrokerAddress[]; targets: string[]; old: Record<string, TopicConfigAndMapping> }> {
  const info = await admin.examineClusterInfo();
  const masters = listBrokerAddresses(info).filter((b) => b.brokerId === 0);
  let targets: string[];
  if (options.brokerNames?.length) {
    for (const b of options.brokerNames) {
      if (!info.brokerAddrTable[b]) throw new NotFoundError(`broker ${b} is not in the cluster table of the NameServer`, `known brokers: ${Object.keys(info.brokerAddrTable).sort().join(', ')}`);
    }
    targets = [...new Set(options.brokerNames)];
  } else if (options.clusters?.length) {
    targets = [];
    for (const c of options.clusters) {
      const names = info.clusterAddrTable[c];
      if (!names) throw new NotFoundError(`cluster "${c}" not found`, `known clusters: ${Object.keys(info.clusterAddrTable).sort().join(', ')}`);
      targets.push(...names);
    }
    targets = [...new Set(targets)];
  } else throw new InvalidArgumentError('give broker names (-b) or clusters (-c)');
  const targetMasters = masters.filter((m) => targets.includes(m.brokerName));
  if (targetMasters.length === 0) throw new NotFoundError(`no master of ${targets.join(', ')} is registered`);

  // Every master's current config and mapping (the topic may live outside the targets too).
  const settled = await admin.fanOut(masters, (m) => admin.call(m.addr, getTopicConfigAndMapping, { topic: options.topic }));
  const { brokers: read } = settleBrokers(masters, settled, { requestCode: getTopicConfigAndMapping.code, feature: 'static topics' });
  // The whole mapping is needed: a broker that cannot be read stops everything (its own exit code).
  const unread = settled.find((x) => !x.ok);
  if (unread && !unread.ok) throw unread.error;
  const old: Record<string, TopicConfigAndMapping> = {};
  read.forEach((r) => {
    if (r.value) old[r.brokerName] = r.value;
  });
  for (const [name, v] of Object.entries(old)) {
    if (!v.mapping) throw new InvalidArgumentError(`topic ${options.topic} exists on ${name} as a normal topic: only a new topic (or a static one) can be made static`);
  }
  return { masters, targets, old };
}

export { readStaticTopic };

export async function planUpdateStaticTopic(admin: MQAdmin, options: UpdateStaticTopicOptions): Promise<UpdateStaticTopicPlan> {
  validateTopicName(options.topic);
  if (!Number.isInteger(options.totalQueues) || options.totalQueues <= 0 || options.totalQueues > 65535) {
    throw new InvalidArgumentError(`invalid total queue number ${options.totalQueues}: expected an integer from 1 to 65535`);
  }
  const { masters, targets, old } = await readStaticTopic(admin, options);
  const details = Object.values(old).map((v) => v.mapping!);
  for (const [name, v] of Object.entries(old)) {
    if (Object.keys(v.mapping!.hostedQueues).length > 0 && !targets.includes(name)) {
      throw new InvalidArgumentError(`broker ${name} hosts queues of ${options.topic} but is not a target: name it with -b (or its cluster with -c)`);
    }
  }
  const epochs = new Set(details.map((d) => d.epoch));
  const totals = new Set(details.map((d) => d.totalQueues));
  if (epochs.size > 1 || totals.size > 1) {
    throw new InvalidArgumentError(`the brokers disagree on the mapping of ${options.topic} (epochs ${[...epochs].join(', ')}, totals ${[...totals].join(', ')}); fix it before growing the topic`);
  }
  const oldTotal = details[0]?.totalQueues ?? 0;
  const oldEpoch = details[0]?.epoch ?? null;
  if (options.totalQueues < oldTotal) throw new InvalidArgumentError(`cannot decrease the queue number of static topic ${options.topic}: ${options.totalQueues} < ${oldTotal}`);
  const epoch = Math.max((oldEpoch ?? 0) + 1000, options.now ?? Date.now());
  const unchanged = options.totalQueues === oldTotal;

  // Load = logic queues each target leads now; each new logic queue goes to the least loaded
  // (ties: broker name order, where the Java tool shuffles).
  const load = new Map<string, number>(targets.map((t) => [t, 0]));
  for (const d of details) for (const id of Object.keys(d.hostedQueues).map(Number)) {
    const leader = leaderOf(d, id);
    if (leader && load.has(leader) && d.bname === leader) load.set(leader, load.get(leader)! + 1);
  }
  const work = new Map<string, { config: TopicConfig; mapping: TopicQueueMappingDetail; added: number[] }>();
  for (const [name, v] of Object.entries(old)) work.set(name, { config: { ...v.config }, mapping: structuredClone(v.mapping!), added: [] });
  if (!unchanged) {
    for (let id = oldTotal; id < options.totalQueues; id++) {
      const name = [...load].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]![0];
      load.set(name, load.get(name)! + 1);
      let w = work.get(name);
      if (!w) {
        w = {
          config: { topicName: options.topic, readQueueNums: 0, writeQueueNums: 0, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false, attributes: {} },
          mapping: { topic: options.topic, scope: GLOBAL_SCOPE, totalQueues: 0, bname: name, epoch: 0, dirty: false, currIdMap: {}, hostedQueues: {} },
          added: [],
        };
        work.set(name, w);
      }
      w.config.readQueueNums += 1;
      w.config.writeQueueNums += 1;
      w.mapping.hostedQueues[id] = [{ gen: 0, queueId: w.config.writeQueueNums - 1, bname: name, logicOffset: 0, startOffset: 0, endOffset: -1, timeOfStart: -1, timeOfEnd: -1 }];
      w.added.push(id);
    }
  }
  // Brokers of the target clusters that have nothing yet get an empty config, so all know the topic.
  if (options.clusters?.length && !unchanged) {
    for (const t of targets) {
      if (!work.has(t)) {
        work.set(t, {
          config: { topicName: options.topic, readQueueNums: 0, writeQueueNums: 0, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false, attributes: {} },
          mapping: { topic: options.topic, scope: GLOBAL_SCOPE, totalQueues: 0, bname: t, epoch: 0, dirty: false, currIdMap: {}, hostedQueues: {} },
          added: [],
        });
      }
    }
  }
  const brokers: StaticBrokerPlan[] = [];
  for (const [name, w] of [...work].sort((a, b) => a[0].localeCompare(b[0]))) {
    const addr = masters.find((m) => m.brokerName === name);
    if (!addr) throw new NotFoundError(`broker ${name} has no master registered`);
    w.mapping.epoch = epoch;
    w.mapping.totalQueues = options.totalQueues;
    const before = old[name] ? { readQueueNums: old[name].config.readQueueNums, writeQueueNums: old[name].config.writeQueueNums, logicQueues: Object.keys(old[name].mapping!.hostedQueues).map(Number).sort((a, b) => a - b) } : null;
    brokers.push({
      ...addr,
      action: before === null ? 'create' : w.added.length > 0 ? 'update' : 'epoch',
      before,
      after: { readQueueNums: w.config.readQueueNums, writeQueueNums: w.config.writeQueueNums, logicQueues: Object.keys(w.mapping.hostedQueues).map(Number).sort((a, b) => a - b) },
      added: w.added,
      config: w.config,
      mapping: w.mapping,
    });
  }
  return { topic: options.topic, oldTotal, totalQueues: options.totalQueues, oldEpoch, epoch, unchanged, brokers: unchanged ? [] : brokers, old };
}

/** TopicRemappingDetailWrapper, the Java tool's backup file format. */
export function wrapper(
  topic: string,
  epoch: number,
  configs: Record<string, { config: TopicConfig; mapping: TopicQueueMappingDetail | null }>,
  remap?: { mapIn: string[]; mapOut: string[] },
): string {
  return stringifyFastJson({
    brokerConfigMap: mapToRecordMaps(configs),
    brokerToMapIn: remap?.mapIn ?? [],
    brokerToMapOut: remap?.mapOut ?? [],
    epoch,
    topic,
    type: remap ? 'REMAPPING' : 'CREATE_OR_UPDATE',
  });
}

function mapToRecordMaps(configs: Record<string, { config: TopicConfig; mapping: TopicQueueMappingDetail | null }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(configs).sort()) {
    const { config, mapping } = configs[name]!;
    const intMap = <T>(m: Record<number, T>) => new Map(Object.keys(m).map(Number).sort((a, b) => a - b).map((k) => [k, m[k]!]));
    out[name] = {
      ...config,
      mappingDetail: mapping ? { ...mapping, currIdMap: intMap(mapping.currIdMap), hostedQueues: intMap(mapping.hostedQueues) } : null,
    };
  }
  return out;
}

/** Writes the backup files, then UPDATE_AND_CREATE_STATIC_TOPIC to each broker's master. */
export async function applyUpdateStaticTopic(admin: MQAdmin, plan: UpdateStaticTopicPlan, options: { dir?: string } = {}): Promise<UpdateStaticTopicResult> {
  const dir = options.dir ?? tmpdir();
  let beforeFile: string | null = null;
  if (Object.keys(plan.old).length > 0 && plan.oldEpoch !== null) {
    beforeFile = join(dir, `${plan.topic}-${plan.oldEpoch}.before`);
    writeFileSync(beforeFile, wrapper(plan.topic, plan.oldEpoch, plan.old));
  }
  if (plan.unchanged) return { ...plan, beforeFile, afterFile: null, outcomes: [], failures: [] };
  const afterFile = join(dir, `${plan.topic}-${plan.epoch}.after`);
  writeFileSync(afterFile, wrapper(plan.topic, plan.epoch, Object.fromEntries(plan.brokers.map((b) => [b.brokerName, { config: b.config, mapping: b.mapping }]))));
  const settled = await admin.fanOut(plan.brokers, (b) => admin.call(b.addr, updateAndCreateStaticTopic, { config: b.config, mapping: b.mapping }));
  const { brokers, failures } = settleBrokers(plan.brokers, settled, { requestCode: updateAndCreateStaticTopic.code, feature: 'static topics' });
  return { ...plan, beforeFile, afterFile, outcomes: brokers.map(({ value: _v, ...b }) => ({ cluster: b.cluster, brokerName: b.brokerName, brokerId: b.brokerId, addr: b.addr, outcome: b.outcome, ...(b.error ? { error: b.error } : {}) })), failures };
}

