// Consumer group configs (store.md §5 subscriptionGroup.json, messages.md A.9). With
// autoCreateSubscriptionGroup (the default) any lookup of an unknown group creates it.

import { join } from 'node:path';
import { newDataVersion, nextDataVersion, readConfigFile, readDataVersion, writeConfigFile, type DataVersion } from './persistence.js';

export interface SubscriptionGroupConfig {
  groupName: string;
  consumeEnable: boolean;
  consumeFromMinEnable: boolean;
  consumeBroadcastEnable: boolean;
  consumeMessageOrderly: boolean;
  retryQueueNums: number;
  retryMaxTimes: number;
  brokerId: number;
  whichBrokerWhenConsumeSlowly: number;
  notifyConsumerIdsChangedEnable: boolean;
  groupSysFlag: number;
  consumeTimeoutMinute: number;
  attributes: Record<string, string>;
  groupRetryPolicy: Record<string, unknown>;
}

export function defaultGroupConfig(groupName: string): SubscriptionGroupConfig {
  return {
    groupName,
    consumeEnable: true,
    consumeFromMinEnable: true,
    consumeBroadcastEnable: true,
    consumeMessageOrderly: false,
    retryQueueNums: 1,
    retryMaxTimes: 16,
    brokerId: 0,
    whichBrokerWhenConsumeSlowly: 1,
    notifyConsumerIdsChangedEnable: true,
    groupSysFlag: 0,
    consumeTimeoutMinute: 15,
    attributes: {},
    groupRetryPolicy: { type: 'CUSTOMIZED' },
  };
}

/** Java's group name rule for auto-created groups. */
export function validGroupName(group: string): boolean {
  return /^[%|a-zA-Z0-9_-]+$/.test(group) && group.length <= 255;
}

const BUILT_IN_GROUPS = ['TOOLS_CONSUMER', 'FILTERSRV_CONSUMER', 'SELF_TEST_C_GROUP', 'CID_ONS-HTTP-PROXY', 'CID_ONSAPI_PULL', 'CID_ONSAPI_PERMISSION', 'CID_ONSAPI_OWNER', 'CID_RMQ_SYS_TRANS'];
const BROADCAST_BUILT_INS = new Set(['CID_ONS-HTTP-PROXY', 'CID_ONSAPI_PULL', 'CID_ONSAPI_PERMISSION', 'CID_ONSAPI_OWNER']);

export class SubscriptionGroupManager {
  readonly table = new Map<string, SubscriptionGroupConfig>();
  dataVersion: DataVersion = newDataVersion();
  private readonly file: string;

  constructor(configDir: string, private readonly autoCreate: () => boolean) {
    this.file = join(configDir, 'subscriptionGroup.json');
  }

  load(): void {
    const stored = readConfigFile(this.file) as { dataVersion?: unknown; subscriptionGroupTable?: Record<string, unknown> } | undefined;
    if (stored) {
      this.dataVersion = readDataVersion(stored.dataVersion);
      for (const [name, raw] of Object.entries(stored.subscriptionGroupTable ?? {})) this.table.set(name, readGroupConfig(name, raw));
    }
    for (const g of BUILT_IN_GROUPS) {
      if (this.table.has(g)) continue;
      const config = defaultGroupConfig(g);
      config.consumeBroadcastEnable = BROADCAST_BUILT_INS.has(g) || config.consumeBroadcastEnable;
      this.table.set(g, config);
    }
    this.persist();
  }

  /** The group's config, created with defaults when auto-creation allows it. */
  find(group: string): SubscriptionGroupConfig | undefined {
    const existing = this.table.get(group);
    if (existing || !this.autoCreate() || !validGroupName(group)) return existing;
    const created = defaultGroupConfig(group);
    this.put(created);
    return created;
  }

  put(config: SubscriptionGroupConfig): void {
    this.table.set(config.groupName, config);
    nextDataVersion(this.dataVersion);
    this.persist();
  }

  delete(group: string): boolean {
    if (!this.table.delete(group)) return false;
    nextDataVersion(this.dataVersion);
    this.persist();
    return true;
  }

  /** The whole manager as GET_ALL_SUBSCRIPTIONGROUP_CONFIG returns it (messages.md A.10). */
  serialize(): Record<string, unknown> {
    const subscriptionGroupTable: Record<string, unknown> = {};
    for (const g of this.table.values()) subscriptionGroupTable[g.groupName] = writeGroupConfig(g);
    return { dataVersion: { ...this.dataVersion }, forbiddenTable: {}, subscriptionGroupTable };
  }

  persist(): void {
    writeConfigFile(this.file, this.serialize());
  }
}

export function writeGroupConfig(g: SubscriptionGroupConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(g).sort()) out[key] = (g as unknown as Record<string, unknown>)[key];
  return out;
}

export function readGroupConfig(name: string, raw: unknown): SubscriptionGroupConfig {
  const r = (raw ?? {}) as Record<string, unknown>;
  const d = defaultGroupConfig(typeof r.groupName === 'string' ? r.groupName : name);
  const bool = (v: unknown, dflt: boolean) => (v === undefined || v === null ? dflt : v === true || v === 'true');
  const num = (v: unknown, dflt: number) => (v === undefined || v === null || Number.isNaN(Number(v)) ? dflt : Number(v));
  return {
    groupName: d.groupName,
    consumeEnable: bool(r.consumeEnable, d.consumeEnable),
    consumeFromMinEnable: bool(r.consumeFromMinEnable, d.consumeFromMinEnable),
    consumeBroadcastEnable: bool(r.consumeBroadcastEnable, d.consumeBroadcastEnable),
    consumeMessageOrderly: bool(r.consumeMessageOrderly, d.consumeMessageOrderly),
    retryQueueNums: num(r.retryQueueNums, d.retryQueueNums),
    retryMaxTimes: num(r.retryMaxTimes, d.retryMaxTimes),
    brokerId: num(r.brokerId, d.brokerId),
    whichBrokerWhenConsumeSlowly: num(r.whichBrokerWhenConsumeSlowly, d.whichBrokerWhenConsumeSlowly),
    notifyConsumerIdsChangedEnable: bool(r.notifyConsumerIdsChangedEnable, d.notifyConsumerIdsChangedEnable),
    groupSysFlag: num(r.groupSysFlag, d.groupSysFlag),
    consumeTimeoutMinute: num(r.consumeTimeoutMinute, d.consumeTimeoutMinute),
    attributes: Object.fromEntries(Object.entries((r.attributes ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    groupRetryPolicy: (r.groupRetryPolicy ?? d.groupRetryPolicy) as Record<string, unknown>,
  };
}
