// Subscription groups: create or patch (updateSubGroup), delete, and the consumer config of a
// group across the brokers. Nothing here prints.

import { defaultSubscriptionGroup, type SubscriptionGroupConfig } from '../protocol/bodies/topicAdmin.js';
import { deleteSubscriptionGroup, getAllSubscriptionGroupConfig, updateAndCreateSubscriptionGroup } from '../protocol/requests/groups.js';
import { deleteTopicInBroker } from '../protocol/requests/topics.js';
import { deleteTopicInNamesrv } from '../protocol/requests/namesrv.js';
import type { BrokerAddress } from './cluster.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { type TargetSelector, resolveBrokers } from './targets.js';
import { TOPIC_NAME_RE } from './topics.js';

// ---------------------------------------------------------------------------------------------
// Subscription groups

/** The settings `updateSubGroup` can change, by their SubscriptionGroupConfig names. */
export interface SubGroupSettings {
  consumeEnable?: boolean;
  consumeFromMinEnable?: boolean;
  consumeBroadcastEnable?: boolean;
  /** 5.x. */
  consumeMessageOrderly?: boolean;
  retryQueueNums?: number;
  retryMaxTimes?: number;
  brokerId?: number;
  whichBrokerWhenConsumeSlowly?: number;
  notifyConsumerIdsChangedEnable?: boolean;
}

export interface UpdateSubGroupOptions extends TargetSelector, SubGroupSettings {
  group: string;
}

export interface SubGroupChange {
  field: keyof SubGroupSettings;
  before: number | boolean | null;
  after: number | boolean;
}

export interface BrokerSubGroupOutcome extends BrokerAddress {
  outcome: 'created' | 'updated' | 'unchanged' | 'failed';
  changes: SubGroupChange[];
  /** The config as sent (or as found, when unchanged). */
  config: SubscriptionGroupConfig | null;
  error?: string;
}

export interface UpdateSubGroupResult {
  group: string;
  brokers: BrokerSubGroupOutcome[];
  failures: TargetFailure[];
}

const SUBGROUP_FIELDS: Array<keyof SubGroupSettings> = [
  'consumeEnable',
  'consumeFromMinEnable',
  'consumeBroadcastEnable',
  'consumeMessageOrderly',
  'retryQueueNums',
  'retryMaxTimes',
  'brokerId',
  'whichBrokerWhenConsumeSlowly',
  'notifyConsumerIdsChangedEnable',
];

/** Group names follow the topic rules (Java checks them the same way). */
export function validateGroupName(group: string): string {
  if (group.trim() === '') throw new InvalidArgumentError('the group name is blank');
  if (!TOPIC_NAME_RE.test(group) || group.length > 255) throw new InvalidArgumentError(`invalid group name "${group}": only letters, digits, %, |, _ and - are allowed`);
  return group;
}

async function fetchGroupConfig(admin: MQAdmin, addr: string, group: string): Promise<SubscriptionGroupConfig | null> {
  return (await admin.call(addr, getAllSubscriptionGroupConfig, undefined))[group] ?? null;
}

/**
 * Creates the group on every master of the cluster (or one broker) with the Java defaults, or
 * changes only the settings given on an existing one, keeping every other field as the broker
 * has it (5.x fields included).
 */
export async function updateSubGroup(admin: MQAdmin, options: UpdateSubGroupOptions): Promise<UpdateSubGroupResult> {
  validateGroupName(options.group);
  for (const k of ['retryQueueNums', 'retryMaxTimes', 'brokerId', 'whichBrokerWhenConsumeSlowly'] as const) {
    const v = options[k];
    if (v !== undefined && (!Number.isInteger(v) || v < (k === 'retryMaxTimes' ? -1 : 0))) throw new InvalidArgumentError(`invalid ${k} ${v}`);
  }
  const { brokers: targets } = await resolveBrokers(admin, options);
  const settled = await admin.fanOut(targets, async (t): Promise<Omit<BrokerSubGroupOutcome, keyof BrokerAddress>> => {
    const current = await fetchGroupConfig(admin, t.addr, options.group);
    const next: SubscriptionGroupConfig = { ...(current ?? defaultSubscriptionGroup(options.group)) };
    const changes: SubGroupChange[] = [];
    for (const field of SUBGROUP_FIELDS) {
      const want = options[field];
      if (want === undefined) continue;
      const had = current ? ((current[field] as number | boolean | undefined) ?? null) : null;
      next[field] = want;
      if (had !== want) changes.push({ field, before: had, after: want });
    }
    if (current && changes.length === 0) return { outcome: 'unchanged', changes, config: current };
    await admin.call(t.addr, updateAndCreateSubscriptionGroup, { config: next });
    return { outcome: current ? 'updated' : 'created', changes, config: next };
  });
  const brokers: BrokerSubGroupOutcome[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (r.ok) brokers.push({ ...t, ...r.value });
    else {
      const f = toTargetFailure(t.addr, r.error);
      failures.push(f);
      brokers.push({ ...t, outcome: 'failed', changes: [], config: null, error: f.error });
    }
  });
  return { group: options.group, brokers, failures };
}

export interface DeleteSubGroupPlan {
  group: string;
  brokers: BrokerAddress[];
  /** With -c: the group's retry and DLQ topics are deleted too, as the Java tool does. */
  cluster: string | null;
  removeOffset: boolean;
}

export interface DeleteSubGroupResult extends DeleteSubGroupPlan {
  deletedOn: string[];
  /** `%RETRY%G` / `%DLQ%G` topics deleted (with -c), and whether their routes are gone. */
  topics: Array<{ topic: string; routeRemoved: boolean }>;
  failures: TargetFailure[];
}

export async function planDeleteSubGroup(admin: MQAdmin, options: TargetSelector & { group: string; removeOffset?: boolean }): Promise<DeleteSubGroupPlan> {
  validateGroupName(options.group);
  const { brokers } = await resolveBrokers(admin, options);
  return { group: options.group, brokers, cluster: options.cluster ?? null, removeOffset: options.removeOffset ?? false };
}

export async function applyDeleteSubGroup(admin: MQAdmin, plan: DeleteSubGroupPlan): Promise<DeleteSubGroupResult> {
  const failures: TargetFailure[] = [];
  const settled = await admin.fanOut(plan.brokers, (b) => admin.call(b.addr, deleteSubscriptionGroup, { groupName: plan.group, cleanOffset: plan.removeOffset }));
  const deletedOn: string[] = [];
  plan.brokers.forEach((b, i) => {
    const r = settled[i]!;
    if (r.ok) deletedOn.push(b.addr);
    else failures.push(toTargetFailure(b.addr, r.error));
  });
  const topics: DeleteSubGroupResult['topics'] = [];
  if (plan.cluster !== null) {
    const { brokers: all } = await resolveBrokers(admin, { cluster: plan.cluster }, { includeSlaves: true });
    for (const topic of [`%RETRY%${plan.group}`, `%DLQ%${plan.group}`]) {
      const del = await admin.fanOut(all, (b) => admin.call(b.addr, deleteTopicInBroker, { topic }));
      del.forEach((r, i) => {
        if (!r.ok) failures.push(toTargetFailure(all[i]!.addr, r.error));
      });
      for (const r of await admin.callEachNamesrv(deleteTopicInNamesrv, { topic, clusterName: plan.cluster })) {
        if (!r.ok) failures.push(toTargetFailure(r.addr, r.error));
      }
      let routeRemoved = false;
      try {
        await admin.examineTopicRoute(topic);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        routeRemoved = true;
      }
      topics.push({ topic, routeRemoved });
    }
  }
  return { ...plan, deletedOn, topics, failures };
}

export interface ConsumerConfigResult {
  group: string;
  /** The brokers (masters) that have the group, with its config. */
  brokers: Array<BrokerAddress & { config: SubscriptionGroupConfig }>;
  /** Masters that answered without the group. */
  missingOn: string[];
  failures: TargetFailure[];
}

/** The group's config on every master (GET_ALL_SUBSCRIPTIONGROUP_CONFIG); NotFoundError when none has it. */
export async function getConsumerConfig(admin: MQAdmin, group: string): Promise<ConsumerConfigResult> {
  validateGroupName(group);
  const { brokers: targets } = await resolveBrokers(admin, {}, { allWhenNone: true });
  const settled = await admin.fanOut(targets, (t) => fetchGroupConfig(admin, t.addr, group));
  const brokers: ConsumerConfigResult['brokers'] = [];
  const missingOn: string[] = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (!r.ok) failures.push(toTargetFailure(t.addr, r.error));
    else if (r.value) brokers.push({ ...t, config: r.value });
    else missingOn.push(t.addr);
  });
  if (brokers.length === 0 && failures.length === 0) {
    throw new NotFoundError(`subscription group "${group}" not found on any master`, 'create it with `mqadmin updateSubGroup -c CLUSTER -g GROUP`');
  }
  return { group, brokers, missingOn, failures };
}
