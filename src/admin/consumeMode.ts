// setConsumeMode (admin-commands.md §1.3): a group's consume mode on a topic, PULL (classic
// client rebalance) or POP (broker-side assignment), with SET_MESSAGE_REQUEST_MODE (401) to one
// broker or every master of a cluster. 5.x only: a 4.9.x broker answers REQUEST_CODE_NOT_SUPPORTED.
// Nothing here prints.

import { ResponseCode, requestCodeName } from '../protocol/codes.js';
import { ResponseError } from '../protocol/errors.js';
import { setMessageRequestMode, type MessageRequestMode } from '../protocol/requests/batchConfig.js';
import type { Settled } from './concurrency.js';
import type { BrokerAddress } from './cluster.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, UnavailableOnServerError, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { resolveBrokers, type TargetSelector } from './targets.js';
import { validateGroupName } from './groups.js';
import { validateTopicName } from './topics.js';

export const MESSAGE_REQUEST_MODES: readonly MessageRequestMode[] = ['PULL', 'POP'];

export interface BrokerOutcome extends BrokerAddress {
  outcome: 'done' | 'failed';
  error?: string;
}

/**
 * Per-broker outcomes of a fan-out. When every broker failed the same way the whole command
 * fails that way: all REQUEST_CODE_NOT_SUPPORTED is "this server cannot do that" (exit 3), all
 * of `notFoundCodes` is not found (exit 4).
 */
export function settleBrokers<T>(
  targets: readonly BrokerAddress[],
  settled: readonly Settled<T>[],
  what: { requestCode: number; feature: string; notFoundCodes?: readonly number[] },
): { brokers: Array<BrokerOutcome & { value?: T }>; failures: TargetFailure[] } {
  const errors = settled.map((s) => (s.ok ? undefined : s.error));
  if (targets.length > 0 && errors.every((e) => e instanceof ResponseError && e.code === ResponseCode.REQUEST_CODE_NOT_SUPPORTED)) {
    const addrs = targets.map((t) => t.addr).join(', ');
    throw new UnavailableOnServerError(
      `${targets.length === 1 ? `broker ${addrs} does` : `the brokers ${addrs} do`} not support ${what.feature}: ${requestCodeName(what.requestCode)} (${what.requestCode}) is answered REQUEST_CODE_NOT_SUPPORTED (a 4.x broker; it needs RocketMQ 5.x)`,
      targets[0]!.addr,
      'not-supported',
    );
  }
  const nf = what.notFoundCodes ?? [];
  if (targets.length > 0 && nf.length > 0 && errors.every((e) => e instanceof ResponseError && nf.includes(e.code))) {
    const e = errors[0] as ResponseError;
    throw new NotFoundError(`${e.remark?.trim() || e.codeName} (${e.codeName}, from ${targets.map((t) => t.addr).join(', ')})`);
  }
  const brokers: Array<BrokerOutcome & { value?: T }> = [];
  const failures: TargetFailure[] = [];
  targets.forEach((t, i) => {
    const s = settled[i]!;
    if (s.ok) brokers.push({ ...t, outcome: 'done', value: s.value });
    else {
      const f = toTargetFailure(t.addr, s.error);
      failures.push(f);
      brokers.push({ ...t, outcome: 'failed', error: f.error });
    }
  });
  return { brokers, failures };
}

export interface SetConsumeModeOptions extends TargetSelector {
  topic: string;
  group: string;
  mode: string;
  popShareQueueNum?: number;
}

export interface SetConsumeModeResult {
  topic: string;
  group: string;
  mode: MessageRequestMode;
  popShareQueueNum: number;
  brokers: BrokerOutcome[];
  failures: TargetFailure[];
}

export async function setConsumeMode(admin: MQAdmin, options: SetConsumeModeOptions): Promise<SetConsumeModeResult> {
  validateTopicName(options.topic);
  validateGroupName(options.group);
  if (!MESSAGE_REQUEST_MODES.includes(options.mode as MessageRequestMode)) {
    throw new InvalidArgumentError(`invalid mode "${options.mode}": expected PULL or POP (upper case, as the Java tool takes it)`);
  }
  const mode = options.mode as MessageRequestMode;
  const popShareQueueNum = options.popShareQueueNum ?? 0;
  if (!Number.isInteger(popShareQueueNum)) throw new InvalidArgumentError(`invalid popShareQueueNum ${popShareQueueNum}: expected an integer`);
  if (options.topic.startsWith('%RETRY%')) throw new InvalidArgumentError('a retry topic cannot have a consume mode (the broker refuses it)');
  const { brokers: targets } = await resolveBrokers(admin, options);
  const settled = await admin.fanOut(targets, (t) => admin.call(t.addr, setMessageRequestMode, { topic: options.topic, consumerGroup: options.group, mode, popShareQueueNum }));
  const { brokers, failures } = settleBrokers(targets, settled, {
    requestCode: setMessageRequestMode.code,
    feature: 'consume modes (POP)',
    notFoundCodes: [ResponseCode.TOPIC_NOT_EXIST, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST],
  });
  return { topic: options.topic, group: options.group, mode, popShareQueueNum, brokers: brokers.map(({ value: _v, ...b }) => b), failures };
}
