// Broker configuration: reading it (GET_BROKER_CONFIG) from one broker or a cluster, changing one key
// checked against the current value's type and read back, and the autoCreateTopicEnable switch
// with its TBW102 template (behaviours.md §7, store.md §7). Nothing here prints.

import { PERM_INHERIT, PERM_READ, PERM_WRITE, permToString } from '../protocol/perm.js';
import { updateAndCreateTopic } from '../protocol/requests/broker.js';
import { getAllTopicConfig } from '../protocol/requests/topics.js';
import { getBrokerConfig, updateBrokerConfig } from '../protocol/requests/brokerConfig.js';
import type { BrokerAddress } from './cluster.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { type TargetSelector, resolveBrokers } from './targets.js';
import { AUTO_CREATE_TOPIC, TOPIC_DEFAULTS } from './topics.js';

// ---------------------------------------------------------------------------------------------
// Broker configuration

export interface BrokerConfigEntry extends Partial<BrokerAddress> {
  addr: string;
  /** Sorted by key; filtered when a key filter was given. */
  config: Record<string, string>;
}

export interface BrokerConfigResult {
  brokers: BrokerConfigEntry[];
  failures: TargetFailure[];
}

/** GET_BROKER_CONFIG from one broker or every broker (masters and slaves) of a cluster. */
export async function getBrokerConfigs(admin: MQAdmin, selector: TargetSelector & { key?: string }): Promise<BrokerConfigResult> {
  const { brokers: targets } = await resolveBrokers(admin, selector, { includeSlaves: true });
  const settled = await admin.fanOut(targets, (t) => admin.call(t.addr, getBrokerConfig, undefined));
  const brokers: BrokerConfigEntry[] = [];
  const failures: TargetFailure[] = [];
  const filter = selector.key?.toLowerCase();
  targets.forEach((t, i) => {
    const r = settled[i]!;
    if (!r.ok) {
      failures.push(toTargetFailure(t.addr, r.error));
      return;
    }
    const config: Record<string, string> = {};
    for (const k of Object.keys(r.value).sort()) if (filter === undefined || k.toLowerCase().includes(filter)) config[k] = r.value[k]!;
    brokers.push({ ...t, config });
  });
  return { brokers, failures };
}

export interface UpdateBrokerConfigOptions extends TargetSelector {
  key: string;
  value: string;
  /** With -c: slaves too (masters only otherwise). */
  includeSlaves?: boolean;
  /** Send a key the broker does not list. */
  force?: boolean;
}

export interface BrokerConfigChange extends BrokerAddress {
  key: string;
  before: string | null;
  /** The value sent (normalised: booleans in lower case, numbers trimmed). */
  requested: string;
  /** Read back after writing; null when the read-back failed. */
  after: string | null;
  /** The broker holds the requested value after the update. */
  taken: boolean;
  /** Nothing was sent: the broker already had the value. */
  unchanged: boolean;
}

export interface UpdateBrokerConfigResult {
  key: string;
  value: string;
  brokers: BrokerConfigChange[];
  failures: TargetFailure[];
}

/** The distance between two names, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** Up to `n` known keys closest to `key`: containing it first, then by edit distance. */
export function closestKeys(key: string, known: readonly string[], n = 3): string[] {
  const lower = key.toLowerCase();
  return [...known]
    .map((k) => ({ k, d: k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase()) ? 0 : editDistance(key, k) }))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, n)
    .map((e) => e.k);
}

/**
 * Checks `value` against the type of the current value: a boolean setting takes only
 * true/false (a Java broker reads anything else as false), a number setting only a number.
 * Returns the value to send.
 */
export function checkConfigValue(key: string, value: string, current: string | undefined): string {
  const v = value.trim();
  if (current === undefined) return v;
  if (current === 'true' || current === 'false') {
    if (!/^(true|false)$/i.test(v)) throw new InvalidArgumentError(`${key} is a boolean setting (now ${current}): give true or false, not "${value}"`);
    return v.toLowerCase();
  }
  if (/^-?\d+$/.test(current.trim())) {
    if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError(`${key} is an integer setting (now ${current}): "${value}" is not an integer`);
    return v;
  }
  if (/^-?\d+\.\d+$/.test(current.trim()) && !/^-?\d+(\.\d+)?$/.test(v)) {
    throw new InvalidArgumentError(`${key} is a decimal setting (now ${current}): "${value}" is not a number`);
  }
  return v;
}

/**
 * UPDATE_BROKER_CONFIG with checks: the key must be one the brokers list (unless `force`), the
 * value must fit the current value's type; then each broker's setting is read back.
 */
export async function updateBrokerConfigChecked(admin: MQAdmin, options: UpdateBrokerConfigOptions): Promise<UpdateBrokerConfigResult> {
  const key = options.key.trim();
  if (key === '' || /[=:\s]/.test(key)) throw new InvalidArgumentError(`invalid config key "${options.key}"`);
  if (/[\r\n]/.test(options.value)) throw new InvalidArgumentError('the value must be one line');
  const { brokers: targets } = await resolveBrokers(admin, options, { includeSlaves: options.includeSlaves });
  const failures: TargetFailure[] = [];
  const read = await admin.fanOut(targets, (t) => admin.call(t.addr, getBrokerConfig, undefined));
  const readable: Array<{ target: BrokerAddress; config: Record<string, string> }> = [];
  targets.forEach((t, i) => {
    const r = read[i]!;
    if (r.ok) readable.push({ target: t, config: r.value });
    else failures.push(toTargetFailure(t.addr, r.error));
  });
  // Checked on every broker before anything is sent.
  const requested = new Map<string, string>();
  for (const { target, config } of readable) {
    if (!(key in config) && !options.force) {
      const suggestions = closestKeys(key, Object.keys(config));
      throw new InvalidArgumentError(
        `unknown broker config key "${key}" (on ${target.addr}): the broker would ignore it`,
        `${suggestions.length ? `did you mean ${suggestions.join(', ')}? ` : ''}--force sends it anyway`,
      );
    }
    requested.set(target.addr, checkConfigValue(key, options.value, config[key]));
  }
  const settled = await admin.fanOut(readable, async ({ target, config }) => {
    const value = requested.get(target.addr)!;
    const before = config[key] ?? null;
    if (before === value) return { before, after: before, unchanged: true };
    await admin.call(target.addr, updateBrokerConfig, { properties: { [key]: value } });
    let after: string | null = null;
    try {
      after = (await admin.call(target.addr, getBrokerConfig, undefined))[key] ?? null;
    } catch {
      after = null;
    }
    return { before, after, unchanged: false };
  });
  const brokers: BrokerConfigChange[] = [];
  readable.forEach(({ target }, i) => {
    const r = settled[i]!;
    const value = requested.get(target.addr)!;
    if (!r.ok) {
      failures.push(toTargetFailure(target.addr, r.error));
      return;
    }
    const taken = r.value.after === value;
    brokers.push({ ...target, key, before: r.value.before, requested: value, after: r.value.after, taken, unchanged: r.value.unchanged });
    if (!taken) {
      failures.push({
        target: target.addr,
        kind: 'NotTaken',
        error: r.value.after === null ? `could not read ${key} back after the update` : `the broker did not take ${key}=${value}: it holds ${r.value.after}`,
      });
    }
  });
  return { key, value: options.value, brokers, failures };
}

// ---------------------------------------------------------------------------------------------
// autoCreateTopicEnable and TBW102

export interface AutoCreateBrokerState extends BrokerAddress {
  /** autoCreateTopicEnable as the broker reports it; null if it has no such key. */
  enabled: boolean | null;
  /** TBW102 on the broker, null when absent. */
  template: { perm: number; readQueueNums: number; writeQueueNums: number } | null;
  /** The TBW102 queue data the NameServer hands to producers for this broker, null when none. */
  routePerm: number | null;
  /** Auto-creation works: enabled, TBW102 present with the inherit bit and writable. */
  effective: boolean;
  /** What is wrong, in words, when not effective. */
  problems: string[];
  /** What this run did to the broker. */
  actions: string[];
}

export interface AutoCreateResult {
  /** Set when a change was asked for. */
  requested: boolean | null;
  brokers: AutoCreateBrokerState[];
  failures: TargetFailure[];
}

const TEMPLATE_PERM = PERM_READ | PERM_WRITE | PERM_INHERIT;

async function readAutoCreateState(admin: MQAdmin, t: BrokerAddress, routePerm: number | null): Promise<AutoCreateBrokerState> {
  const [config, topics] = await Promise.all([admin.call(t.addr, getBrokerConfig, undefined), admin.call(t.addr, getAllTopicConfig, undefined)]);
  const flag = config.autoCreateTopicEnable;
  const enabled = flag === undefined ? null : flag.trim().toLowerCase() === 'true';
  const tbw = topics[AUTO_CREATE_TOPIC];
  const template = tbw ? { perm: tbw.perm, readQueueNums: tbw.readQueueNums, writeQueueNums: tbw.writeQueueNums } : null;
  const problems: string[] = [];
  if (enabled === false) problems.push('autoCreateTopicEnable is false');
  if (enabled === null) problems.push('the broker has no autoCreateTopicEnable setting');
  if (!template) problems.push(`${AUTO_CREATE_TOPIC} is missing on the broker`);
  else if ((template.perm & PERM_INHERIT) === 0 || (template.perm & PERM_WRITE) === 0) {
    problems.push(`${AUTO_CREATE_TOPIC} has perm ${template.perm} (${permToString(template.perm)}), not ${TEMPLATE_PERM} (${permToString(TEMPLATE_PERM)})`);
  }
  if (template && routePerm === null) problems.push(`the NameServer has no ${AUTO_CREATE_TOPIC} route for the broker`);
  return { ...t, enabled, template, routePerm, effective: problems.length === 0, problems, actions: [] };
}

async function templateRoutePerms(admin: MQAdmin): Promise<Map<string, number>> {
  const perms = new Map<string, number>();
  try {
    const route = await admin.examineTopicRoute(AUTO_CREATE_TOPIC);
    for (const q of route.queueDatas) perms.set(q.brokerName, q.perm);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  return perms;
}

/**
 * Shows autoCreateTopicEnable per master, or turns it on or off. Turning it on also repairs
 * TBW102 where it is missing or lost its inherit/write bits (perm 7, the broker's
 * defaultTopicQueueNums), then verifies through the NameServer's TBW102 route.
 */
export async function autoCreateTopic(admin: MQAdmin, options: TargetSelector & { enable?: boolean }): Promise<AutoCreateResult> {
  const { brokers: targets } = await resolveBrokers(admin, options, { allWhenNone: true });
  const failures: TargetFailure[] = [];
  const routePerms = await templateRoutePerms(admin);
  const read = await admin.fanOut(targets, (t) => readAutoCreateState(admin, t, routePerms.get(t.brokerName) ?? null));
  let states: AutoCreateBrokerState[] = [];
  targets.forEach((t, i) => {
    const r = read[i]!;
    if (r.ok) states.push(r.value);
    else failures.push(toTargetFailure(t.addr, r.error));
  });
  if (options.enable === undefined) return { requested: null, brokers: states, failures };

  const value = String(options.enable);
  const changed = await admin.fanOut(states, async (s) => {
    const actions: string[] = [];
    if (s.enabled !== options.enable) {
      await admin.call(s.addr, updateBrokerConfig, { properties: { autoCreateTopicEnable: value } });
      actions.push(`set autoCreateTopicEnable=${value}`);
    }
    if (options.enable) {
      const broken = !s.template || (s.template.perm & TEMPLATE_PERM) !== TEMPLATE_PERM;
      if (broken) {
        const config = await admin.call(s.addr, getBrokerConfig, undefined);
        const queues = Number(config.defaultTopicQueueNums ?? '') || TOPIC_DEFAULTS.writeQueueNums;
        const read = Math.max(queues, s.template?.readQueueNums ?? 0);
        const write = Math.max(queues, s.template?.writeQueueNums ?? 0);
        await admin.call(s.addr, updateAndCreateTopic, { topic: AUTO_CREATE_TOPIC, readQueueNums: read, writeQueueNums: write, perm: TEMPLATE_PERM });
        actions.push(s.template ? `repaired ${AUTO_CREATE_TOPIC}: perm ${s.template.perm} -> ${TEMPLATE_PERM}` : `created ${AUTO_CREATE_TOPIC} (perm ${TEMPLATE_PERM}, ${write} queues)`);
      }
    }
    return actions;
  });
  const actionsByAddr = new Map<string, string[]>();
  states.forEach((s, i) => {
    const r = changed[i]!;
    if (r.ok) actionsByAddr.set(s.addr, r.value);
    else failures.push(toTargetFailure(s.addr, r.error));
  });

  // Read everything back, the TBW102 route included: that is what producers see.
  const routeAfter = await templateRoutePerms(admin);
  const again = await admin.fanOut(states, (s) => readAutoCreateState(admin, s, routeAfter.get(s.brokerName) ?? null));
  const final: AutoCreateBrokerState[] = [];
  states.forEach((s, i) => {
    const r = again[i]!;
    if (!r.ok) {
      failures.push(toTargetFailure(s.addr, r.error));
      return;
    }
    const state = { ...r.value, actions: actionsByAddr.get(s.addr) ?? [] };
    final.push(state);
    if (!actionsByAddr.has(s.addr)) return;
    if (state.enabled !== options.enable) {
      failures.push({ target: s.addr, kind: 'NotTaken', error: `autoCreateTopicEnable is still ${String(state.enabled)}` });
    } else if (options.enable && !state.effective) {
      failures.push({ target: s.addr, kind: 'NotEffective', error: `auto-creation does not work yet: ${state.problems.join('; ')}` });
    }
  });
  states = final;
  return { requested: options.enable, brokers: states, failures };
}
