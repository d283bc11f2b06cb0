// What a request needs, as 4.9.8's `PlainAccessValidator.parse` derives it (auth.md §1.3): a
// map resource -> needed permission, where a group is its retry topic `%RETRY%<group>`. The map
// iterates in Java HashMap order, because the first failing resource names the refusal.

import type { RemotingCommand } from '../../../remoting/command.js';
import { RequestCode } from '../../../protocol/codes.js';
import { parseFastJson } from '../../../protocol/fastjson.js';
import { javaStringHashCode } from '../../../protocol/javaHash.js';
import { AclError, PUB, SUB } from './permission.js';

export const RETRY_PREFIX = '%RETRY%';
export const TRACE_TOPIC = 'RMQ_SYS_TRACE_TOPIC';

export const isRetryTopic = (resource: string | null | undefined): boolean => typeof resource === 'string' && resource.startsWith(RETRY_PREFIX);
const retryTopic = (group: string | null | undefined): string | undefined => (group === null || group === undefined ? undefined : RETRY_PREFIX + group);

/**
 * A string-keyed map that iterates as java.util.HashMap<String, V> does: by bucket of the final
 * table (16 slots, doubled past 3/4 full), then in insertion order within a bucket. A put of an
 * existing key keeps its place.
 */
export class JavaHashMap<V> {
  private readonly entries = new Map<string, { value: V; seq: number }>();
  private seq = 0;

  set(key: string, value: V): void {
    const existing = this.entries.get(key);
    if (existing) existing.value = value;
    else this.entries.set(key, { value, seq: this.seq++ });
  }

  get(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries in Java iteration order. */
  ordered(): Array<[string, V]> {
    let capacity = 16;
    while (this.entries.size > capacity * 0.75) capacity *= 2;
    const bucket = (key: string): number => {
      const h = javaStringHashCode(key);
      return (h ^ (h >>> 16)) & (capacity - 1);
    };
    return [...this.entries.entries()]
      .map(([key, e]) => ({ key, value: e.value, seq: e.seq, bucket: bucket(key) }))
      .sort((a, b) => a.bucket - b.bucket || a.seq - b.seq)
      .map((e) => [e.key, e.value]);
  }
}

/**
 * The resources `request` needs, or null when it needs none (Java leaves the map null). A body
 * that cannot be read is an AclError (Java wraps the parse exception, auth.md §1.5).
 */
export function neededResources(request: RemotingCommand): JavaHashMap<number> | null {
  const f = request.extFields;
  if (!f) return null;
  let map: JavaHashMap<number> | null = null;
  const add = (resource: string | undefined, perm: number): void => {
    if (resource === undefined) return;
    (map ??= new JavaHashMap<number>()).set(resource, perm);
  };
  switch (request.code) {
    case RequestCode.SEND_MESSAGE:
      // The Java code reads a `group` field the send header does not have: retry topics check nothing.
      if (isRetryTopic(f.topic)) add(retryTopic(f.group), SUB);
      else add(f.topic, PUB);
      break;
    case RequestCode.SEND_MESSAGE_V2:
      if (isRetryTopic(f.b)) add(retryTopic(f.a), SUB);
      else add(f.b, PUB);
      break;
    case RequestCode.CONSUMER_SEND_MSG_BACK:
      add(retryTopic(f.group), SUB);
      break;
    case RequestCode.PULL_MESSAGE:
      add(f.topic, SUB);
      add(retryTopic(f.consumerGroup), SUB);
      break;
    case RequestCode.QUERY_MESSAGE:
      add(f.topic, SUB);
      break;
    case RequestCode.HEART_BEAT:
      for (const consumer of heartbeatConsumers(request.body)) {
        add(retryTopic(consumer.group), SUB);
        for (const topic of consumer.topics) add(topic, SUB);
      }
      break;
    case RequestCode.UNREGISTER_CLIENT:
    case RequestCode.GET_CONSUMER_LIST_BY_GROUP:
      add(retryTopic(f.consumerGroup), SUB);
      break;
    case RequestCode.UPDATE_CONSUMER_OFFSET:
      add(retryTopic(f.consumerGroup), SUB);
      add(f.topic, SUB);
      break;
    default:
      break;
  }
  return map;
}

/** The consumers of a HEART_BEAT body: group and subscribed topics, in body order. */
function heartbeatConsumers(body: Buffer | null): Array<{ group: string | undefined; topics: string[] }> {
  // Java decodes a missing body with a NullPointerException (no message).
  if (!body || body.length === 0) throw new AclError(null);
  let parsed: unknown;
  try {
    parsed = parseFastJson(body);
  } catch (err) {
    throw new AclError((err as Error).message);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new AclError(null);
  const set = (parsed as Record<string, unknown>).consumerDataSet;
  if (set === undefined) return [];
  if (!Array.isArray(set)) throw new AclError(null);
  return set.map((raw) => {
    const data = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const subs = data.subscriptionDataSet === undefined ? [] : data.subscriptionDataSet;
    if (!Array.isArray(subs)) throw new AclError(null);
    const topics = subs
      .map((s) => (s !== null && typeof s === 'object' ? (s as Record<string, unknown>).topic : undefined))
      .filter((t): t is string | number => typeof t === 'string' || typeof t === 'number')
      .map(String);
    const group = data.groupName === undefined || data.groupName === null ? undefined : String(data.groupName);
    return { group, topics };
  });
}
