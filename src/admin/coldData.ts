// Cold data flow control (admin-commands.md §8, 5.x only): the per-group cold-read thresholds of
// a broker and its accounting, GET_COLD_DATA_FLOW_CTR_INFO (2003), UPDATE_COLD_DATA_FLOW_CTR_CONFIG
// (2001) and REMOVE_COLD_DATA_FLOW_CTR_CONFIG (2002). Reading goes to masters and slaves (-c),
// changes to masters. Nothing here prints.

import {
  getColdDataFlowCtrInfo,
  removeColdDataFlowCtrConfig,
  updateColdDataFlowCtrConfig,
  type ColdDataFlowCtrInfo,
} from '../protocol/requests/batchConfig.js';
import type { BrokerAddress } from './cluster.js';
import { InvalidArgumentError, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { settleBrokers, type BrokerOutcome } from './consumeMode.js';
import { resolveBrokers, type TargetSelector } from './targets.js';
import { validateGroupName } from './groups.js';

const FEATURE = 'cold data flow control';

export interface BrokerColdInfo extends BrokerOutcome {
  /** null: the broker sent no table. */
  info?: ColdDataFlowCtrInfo | null;
}

export interface ColdDataFlowCtrInfoResult {
  brokers: BrokerColdInfo[];
  failures: TargetFailure[];
}

export async function coldDataFlowCtrInfo(admin: MQAdmin, selector: TargetSelector): Promise<ColdDataFlowCtrInfoResult> {
  const { brokers: targets } = await resolveBrokers(admin, selector, { includeSlaves: true });
  const settled = await admin.fanOut(targets, (t) => admin.call(t.addr, getColdDataFlowCtrInfo, undefined));
  const { brokers, failures } = settleBrokers(targets, settled, { requestCode: getColdDataFlowCtrInfo.code, feature: FEATURE });
  return { brokers: brokers.map(({ value, ...b }) => (b.outcome === 'done' ? { ...b, info: value ?? null } : b)), failures };
}

export interface ColdGroupChangeResult {
  action: 'update' | 'remove';
  group: string;
  threshold?: number;
  brokers: BrokerOutcome[];
  failures: TargetFailure[];
}

export function validateThreshold(v: number): number {
  if (!Number.isSafeInteger(v) || v < 0) throw new InvalidArgumentError(`invalid threshold ${v}: expected a number of bytes, 0 or more`);
  return v;
}

export async function updateColdDataFlowCtrGroupConfig(admin: MQAdmin, options: TargetSelector & { group: string; threshold: number }): Promise<ColdGroupChangeResult> {
  validateGroupName(options.group);
  validateThreshold(options.threshold);
  const { brokers: targets } = await resolveBrokers(admin, options);
  const settled = await admin.fanOut(targets, (t) => admin.call(t.addr, updateColdDataFlowCtrConfig, { group: options.group, threshold: options.threshold }));
  const { brokers, failures } = settleBrokers(targets, settled, { requestCode: updateColdDataFlowCtrConfig.code, feature: FEATURE });
  return { action: 'update', group: options.group, threshold: options.threshold, brokers: brokers.map(({ value: _v, ...b }) => b), failures };
}

export interface RemoveColdGroupPlan {
  group: string;
  brokers: BrokerAddress[];
  /** Per broker, the threshold the group has now (null: none; undefined: not readable). */
  current: Array<{ addr: string; threshold: number | null | undefined }>;
}

/** Reads the current thresholds so the plan shows what is removed; changes nothing. */
export async function planRemoveColdDataFlowCtrGroupConfig(admin: MQAdmin, options: TargetSelector & { group: string }): Promise<RemoveColdGroupPlan> {
  validateGroupName(options.group);
  const { brokers } = await resolveBrokers(admin, options);
  const settled = await admin.fanOut(brokers, (t) => admin.call(t.addr, getColdDataFlowCtrInfo, undefined));
  // A 4.x broker: say so now, before asking anything.
  settleBrokers(brokers, settled, { requestCode: getColdDataFlowCtrInfo.code, feature: FEATURE });
  const current = brokers.map((b, i) => {
    const s = settled[i]!;
    return { addr: b.addr, threshold: s.ok ? (s.value?.configTable[options.group] ?? null) : undefined };
  });
  return { group: options.group, brokers, current };
}

export async function applyRemoveColdDataFlowCtrGroupConfig(admin: MQAdmin, plan: RemoveColdGroupPlan): Promise<ColdGroupChangeResult> {
  const settled = await admin.fanOut(plan.brokers, (t) => admin.call(t.addr, removeColdDataFlowCtrConfig, { group: plan.group }));
  const { brokers, failures } = settleBrokers(plan.brokers, settled, { requestCode: removeColdDataFlowCtrConfig.code, feature: FEATURE });
  return { action: 'remove', group: plan.group, brokers: brokers.map(({ value: _v, ...b }) => b), failures };
}
