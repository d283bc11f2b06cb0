// Finding, reading and sending messages (issue 5; behaviours.md §7, message-format.md §8.3):
// queries by key and unique key across every broker of a topic, view by offset id, pull by
// queue offset, printing a time window, and a send built like a Java producer's.
// Nothing here prints; every operation returns data, with per-broker failures kept apart.

import { deflateSync } from 'node:zlib';
import { ResponseError, ProtocolError } from '../protocol/errors.js';
import { ZLIB_COMPRESSED_SYSFLAG, type MessageExt } from '../protocol/message.js';
import { decodeMessageId, MalformedMessageIdError, UniqueIdGenerator, type DecodedMessageId } from '../protocol/messageId.js';
import { isReadable, isWritable } from '../protocol/perm.js';
import { MASTER_ID, type TopicRouteData } from '../protocol/bodies/route.js';
import {
  encodeProducerProperties,
  getMaxOffset,
  getMinOffset,
  LONG_MAX,
  MAX_QUERY_HITS,
  MAX_UNIQUE_QUERY_HITS,
  pullMessage,
  queryConsumerOffset,
  queryMessage,
  searchOffsetByTimestamp,
  sendMessageV2,
  viewMessageById,
  TOOLS_CONSUMER_GROUP,
  type PullAnswer,
  type SendStatus,
} from '../protocol/requests/message.js';
import { getConsumerConnectionList } from '../protocol/requests/consumer.js';
import { RemotingError } from '../remoting/errors.js';
import { InvalidArgumentError, NotFoundError, toTargetFailure, type TargetFailure } from './errors.js';
import type { MQAdmin } from './MQAdmin.js';
import { brokerTargets, type BrokerTarget } from './targets.js';

/** A message and where it was read. */
export type LocatedMessage = MessageExt & {
  /** Broker name, when the route tells it (null for a view by id without a topic). */
  brokerName: string | null;
  /** The address that answered. */
  brokerAddr: string;
};

// ---------------------------------------------------------------------------------------------
// Brokers of a topic

/**
 * Runs `fn` on the broker's master; on a transport failure (unreachable, timeout) on each
 * slave in turn. An answer, even an error, ends the search.
 */
async function onBroker<T>(target: BrokerTarget, fn: (addr: string) => Promise<T>): Promise<{ addr: string; value: T }> {
  let last: unknown;
  for (const addr of target.addrs) {
    try {
      return { addr, value: await fn(addr) };
    } catch (err) {
      if (!(err instanceof RemotingError)) throw err;
      last = err;
    }
  }
  throw last;
}

async function topicBrokers(admin: MQAdmin, topic: string, cluster?: string): Promise<BrokerTarget[]> {
  const route = await admin.examineTopicRoute(topic);
  const targets = brokerTargets(route, cluster);
  if (targets.length === 0) {
    if (cluster !== undefined) {
      const known = [...new Set(route.brokerDatas.map((b) => b.cluster))].sort();
      throw new NotFoundError(`topic "${topic}" has no broker in cluster "${cluster}"`, known.length ? `its clusters: ${known.join(', ')}` : undefined);
    }
    throw new NotFoundError(`topic "${topic}" has no broker in its route`);
  }
  return targets;
}

// ---------------------------------------------------------------------------------------------
// Index queries: by key, by unique key

export interface IndexQueryOptions {
  topic: string;
  key: string;
  /** Unique-key query (`UNIQ_KEY`) instead of a KEYS token. */
  unique?: boolean;
  /** Store-time window, ms; default all time. */
  begin?: number;
  end?: number;
  /** At most this many messages in the result (the newest are kept); default 1000. */
  maxNum?: number;
  /** Only the brokers of this cluster. */
  cluster?: string;
}

export interface IndexQueryResult {
  topic: string;
  key: string;
  unique: boolean;
  begin: number;
  /** null: no end. */
  end: number | null;
  /** Sorted by store time. */
  messages: LocatedMessage[];
  /** True when more messages may exist than were returned (see `hint`). */
  truncated: boolean;
  /** Brokers whose hits reached a limit: more may exist there. */
  truncatedBrokers: string[];
  hint?: string;
  /** Brokers asked (names). */
  brokers: string[];
  /** Hits the index returned that were another key or topic (hash collisions), filtered out. */
  collisions: number;
  failures: TargetFailure[];
}

export const DEFAULT_QUERY_MAX = 1000;
/** Safety bound on index pages per broker. */
const MAX_PAGES = 200;

interface BrokerQueryOutcome {
  addr: string;
  matches: MessageExt[];
  collisions: number;
  truncated: boolean;
}

/**
 * One broker: QUERY_MESSAGE pages walking back in time. A broker returns at most 64 hits (32 for
 * unique keys), the newest first; while a page is full, the next one asks again with the window
 * ending at the oldest hit so far. A page with nothing new (over 64 hits within one second of
 * index time) or reaching `maxNum` stops the walk and marks the broker truncated.
 */
async function queryBroker(admin: MQAdmin, target: BrokerTarget, o: Required<Pick<IndexQueryOptions, 'topic' | 'key' | 'begin' | 'maxNum'>> & { unique: boolean; end: number | null }, accept: (m: MessageExt) => boolean): Promise<BrokerQueryOutcome> {
  const limit = o.unique ? MAX_UNIQUE_QUERY_HITS : MAX_QUERY_HITS;
  let end: number | bigint = o.end ?? LONG_MAX;
  const seen = new Set<number>();
  const matches: MessageExt[] = [];
  let collisions = 0;
  let addr = target.addrs[0]!;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await onBroker(target, (a) =>
      admin.call(a, queryMessage, { topic: o.topic, key: o.key, maxNum: limit, beginTimestamp: o.begin, endTimestamp: end, uniqueKey: o.unique }),
    );
    addr = answer.addr;
    const hits = answer.value.messages;
    let fresh = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const m of hits) {
      oldest = Math.min(oldest, m.storeTimestamp);
      if (seen.has(m.commitLogOffset)) continue;
      seen.add(m.commitLogOffset);
      fresh++;
      if (accept(m)) matches.push(m);
      else collisions++;
    }
    if (hits.length < limit) return { addr, matches, collisions, truncated: false };
    if (fresh === 0 || matches.length >= o.maxNum || oldest < o.begin) return { addr, matches, collisions, truncated: fresh === 0 || matches.length >= o.maxNum };
    end = oldest;
  }
  return { addr, matches, collisions, truncated: true };
}

/** `keys` and topic re-checked: the index matches 32-bit hashes only (message-format.md §4). */
export function keyMatcher(topic: string, key: string): (m: MessageExt) => boolean {
  return (m) => m.topic === topic && (m.keys ?? []).includes(key);
}

/** The message's id (UNIQ_KEY, else offset id) equals the unique key, and its topic is the topic. */
export function uniqueKeyMatcher(topic: string, id: string): (m: MessageExt) => boolean {
  const wanted = id.toUpperCase();
  return (m) => m.topic === topic && m.msgId.toUpperCase() === wanted;
}

export function compareMessages(a: LocatedMessage, b: LocatedMessage): number {
  return (
    a.storeTimestamp - b.storeTimestamp ||
    (a.brokerName ?? '').localeCompare(b.brokerName ?? '') ||
    a.queueId - b.queueId ||
    a.queueOffset - b.queueOffset ||
    a.commitLogOffset - b.commitLogOffset
  );
}

/**
 * QUERY_MESSAGE to every broker of the topic's route in parallel (the master; a slave when the
 * master does not answer), hits re-checked by key (or id) and topic, merged and sorted by store
 * time. Nothing found and no broker failed: NotFoundError.
 */
export async function queryMessagesByIndex(admin: MQAdmin, options: IndexQueryOptions): Promise<IndexQueryResult> {
  const unique = options.unique ?? false;
  const begin = options.begin ?? 0;
  const end = options.end ?? null;
  const maxNum = options.maxNum ?? DEFAULT_QUERY_MAX;
  if (!Number.isInteger(maxNum) || maxNum < 1) throw new InvalidArgumentError(`the maximum number of messages must be a positive integer, not ${maxNum}`);
  if (end !== null && end < begin) throw new InvalidArgumentError('the end of the time window is before its beginning');
  const targets = await topicBrokers(admin, options.topic, options.cluster);
  const accept = unique ? uniqueKeyMatcher(options.topic, options.key) : keyMatcher(options.topic, options.key);
  const settled = await admin.fanOut(targets, (t) => queryBroker(admin, t, { topic: options.topic, key: options.key, unique, begin, end, maxNum }, accept));

  let messages: LocatedMessage[] = [];
  const failures: TargetFailure[] = [];
  const truncatedBrokers: string[] = [];
  let collisions = 0;
  settled.forEach((r, i) => {
    const t = targets[i]!;
    if (!r.ok) {
      failures.push(toTargetFailure(`${t.brokerName} (${t.addrs.join(', ')})`, r.error));
      return;
    }
    collisions += r.value.collisions;
    if (r.value.truncated) truncatedBrokers.push(t.brokerName);
    for (const m of r.value.matches) messages.push({ ...m, brokerName: t.brokerName, brokerAddr: r.value.addr });
  });
  messages.sort(compareMessages);
  let truncated = truncatedBrokers.length > 0;
  if (messages.length > maxNum) {
    messages = messages.slice(messages.length - maxNum);
    truncated = true;
  }
  const what = unique ? `message with unique key ${options.key}` : `message with key "${options.key}"`;
  if (messages.length === 0 && failures.length === 0) {
    const window = options.begin !== undefined || options.end !== undefined ? ' in the time window' : '';
    throw new NotFoundError(
      `no ${what} in topic "${options.topic}"${window}`,
      window ? 'widen the window (-b, -e), or check the key and topic' : 'check the key and the topic; keys are matched exactly (KEYS split on spaces)',
    );
  }
  const result: IndexQueryResult = {
    topic: options.topic,
    key: options.key,
    unique,
    begin,
    end,
    messages,
    truncated,
    truncatedBrokers,
    brokers: targets.map((t) => t.brokerName),
    collisions,
    failures,
  };
  if (truncated) {
    result.hint =
      `more messages may exist${truncatedBrokers.length ? ` (on ${truncatedBrokers.join(', ')})` : ''}: ` +
      (messages.length >= maxNum ? `raise -m (now ${maxNum}) or ` : '') +
      'narrow the window with -b and -e';
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// By id

export interface IdLookup {
  id: string;
  kind: DecodedMessageId['kind'];
  /** Offset ids: the store address and commit-log offset they carry. */
  address?: string;
  commitLogOffset?: string;
  /** Unique ids: the approximate time the producer made the id. */
  approxTime?: number;
  /** How it was found: VIEW_MESSAGE_BY_ID at the address, or a unique-key index search. */
  via: 'view' | 'index' | null;
  messages: LocatedMessage[];
  /** Why nothing was found. */
  notFound?: string;
  failures: TargetFailure[];
}

/** Decodes an id; a malformed one is a usage error (exit 2). */
export function parseMessageId(id: string, now?: number): DecodedMessageId {
  try {
    return decodeMessageId(id.trim(), now === undefined ? {} : { now });
  } catch (err) {
    if (err instanceof MalformedMessageIdError) {
      throw new InvalidArgumentError(err.message, 'a message id is 32 hex digits (56 with an IPv6 address), as printed by sendMessage or queryMsgByKey');
    }
    throw err;
  }
}

/** A unique id names no broker: its window starts a day before the time it carries (time zones, clocks). */
const UNIQUE_WINDOW_SLACK_MS = 24 * 3_600_000;

/**
 * Looks messages up by id (message-format.md §8.3). An offset id is read directly with
 * VIEW_MESSAGE_BY_ID at the address and commit-log offset it carries; when that fails and a
 * topic is known, the topic's index is searched for it as a unique key. A unique id needs the
 * topic: its brokers are searched in the window from a day before the time the id carries
 * (then all time). Ids are all checked before anything is sent.
 */
export async function queryMessagesById(admin: MQAdmin, ids: readonly string[], options: { topic?: string; now?: number } = {}): Promise<IdLookup[]> {
  const decoded = ids.map((id) => ({ id: id.trim().toUpperCase(), d: parseMessageId(id, options.now) }));
  for (const { id, d } of decoded) {
    if (d.kind === 'unique' && options.topic === undefined) {
      throw new InvalidArgumentError(`${id} is a unique (client) message id, which names no broker: its topic is needed`, `pass the topic with -t, e.g. queryMsgById -i ${id} -t TopicTest`);
    }
  }
  // The broker name of an address: from the topic's route, else from the cluster table.
  let names: Promise<Map<string, string>> | undefined;
  const brokerNameOf = async (addr: string): Promise<string | null> => {
    names ??= (async () => {
      const datas = options.topic !== undefined ? (await admin.examineTopicRoute(options.topic)).brokerDatas : Object.values((await admin.examineClusterInfo()).brokerAddrTable);
      return new Map(datas.flatMap((b) => Object.values(b.brokerAddrs).map((a) => [a, b.brokerName] as [string, string])));
    })().catch(() => new Map<string, string>());
    return (await names).get(addr) ?? null;
  };

  const out: IdLookup[] = [];
  for (const { id, d } of decoded) {
    const lookup: IdLookup = { id, kind: d.kind, via: null, messages: [], failures: [] };
    if (d.kind === 'offset') {
      lookup.address = d.address;
      lookup.commitLogOffset = d.commitLogOffset.toString();
      try {
        const msg = await admin.call(d.address, viewMessageById, { offset: d.commitLogOffset });
        lookup.messages = [{ ...msg, brokerName: await brokerNameOf(d.address), brokerAddr: d.address }];
        lookup.via = 'view';
      } catch (err) {
        // VIEW_MESSAGE_BY_ID answers SYSTEM_ERROR (or, at an offset that is no record, bytes that
        // are none) when nothing is there.
        const absent = err instanceof ResponseError || err instanceof ProtocolError;
        if (!absent && !(err instanceof RemotingError)) throw err;
        // As the Java tool: fall back to the topic's index, where the id could be a unique key.
        if (options.topic !== undefined) await searchUnique(admin, lookup, options.topic, 0);
        if (lookup.messages.length === 0) {
          if (!absent) throw err;
          lookup.notFound = `no message at commit-log offset ${lookup.commitLogOffset} of ${d.address}`;
        }
      }
    } else {
      lookup.approxTime = d.approxTime;
      await searchUnique(admin, lookup, options.topic!, Math.max(0, (d.approxTime ?? 0) - UNIQUE_WINDOW_SLACK_MS));
      if (lookup.messages.length === 0 && lookup.failures.length === 0) await searchUnique(admin, lookup, options.topic!, 0);
    }
    out.push(lookup);
  }
  return out;
}

async function searchUnique(admin: MQAdmin, lookup: IdLookup, topic: string, begin: number): Promise<void> {
  try {
    const r = await queryMessagesByIndex(admin, { topic, key: lookup.id, unique: true, begin });
    lookup.messages = r.messages;
    lookup.failures.push(...r.failures);
    lookup.via = 'index';
    delete lookup.notFound;
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    lookup.notFound = err.message;
  }
}

// ---------------------------------------------------------------------------------------------
// By queue offset

export interface QueueMessageOptions {
  topic: string;
  brokerName: string;
  queueId: number;
  offset: number;
}

async function brokerOfTopic(admin: MQAdmin, topic: string, brokerName: string): Promise<{ target: BrokerTarget; route: TopicRouteData }> {
  const route = await admin.examineTopicRoute(topic);
  const target = brokerTargets(route).find((t) => t.brokerName === brokerName);
  if (!target) {
    const known = route.brokerDatas.map((b) => b.brokerName).sort();
    throw new NotFoundError(`topic "${topic}" has no broker named "${brokerName}"`, known.length ? `its brokers: ${known.join(', ')}` : undefined);
  }
  return { target, route };
}

/**
 * The message at one queue offset: PULL_MESSAGE of one message as TOOLS_CONSUMER (behaviours.md
 * §7), at the master (a slave when the master does not answer).
 */
export async function queryMessageByOffset(admin: MQAdmin, o: QueueMessageOptions): Promise<LocatedMessage> {
  if (!Number.isInteger(o.queueId) || o.queueId < 0) throw new InvalidArgumentError(`invalid queue id ${o.queueId}`);
  if (!Number.isInteger(o.offset) || o.offset < 0) throw new InvalidArgumentError(`invalid queue offset ${o.offset}`);
  const { target, route } = await brokerOfTopic(admin, o.topic, o.brokerName);
  const queues = route.queueDatas.find((q) => q.brokerName === o.brokerName);
  if (queues && o.queueId >= Math.max(queues.readQueueNums, queues.writeQueueNums)) {
    throw new NotFoundError(`topic "${o.topic}" has no queue ${o.queueId} on ${o.brokerName}`, `its queues there are 0..${Math.max(queues.readQueueNums, queues.writeQueueNums) - 1}`);
  }
  const { addr, value } = await onBroker(target, (a) =>
    admin.call(a, pullMessage, { topic: o.topic, queueId: o.queueId, queueOffset: o.offset, maxMsgNums: 1, brokerName: o.brokerName }),
  );
  const msg = value.messages.find((m) => m.queueOffset === o.offset);
  if (!msg) {
    const range = value.maxOffset > value.minOffset ? `offsets ${value.minOffset}..${value.maxOffset - 1}` : 'no messages';
    throw new NotFoundError(`no message at offset ${o.offset} of ${o.topic} queue ${o.brokerName}:${o.queueId}`, `the queue holds ${range}`);
  }
  return { ...msg, brokerName: o.brokerName, brokerAddr: addr };
}

// ---------------------------------------------------------------------------------------------
// Printing a window of a topic or a queue

export interface PrintOptions {
  topic: string;
  /** Only this broker's queues (and, with `queueId`, only that queue). */
  brokerName?: string;
  queueId?: number;
  begin?: number;
  end?: number;
  /** Tag expression, `TagA || TagB`; default all. Filtered by the broker by hash and here by text. */
  subExpression?: string;
  /** Stop after this many messages in all (default no limit). */
  maxNum?: number;
  /** Called after each pull, for progress. */
  onProgress?: (read: number) => void;
}

export interface QueueRange {
  brokerName: string;
  queueId: number;
  /** First and end (exclusive) offsets read. */
  from: number;
  to: number;
  error?: string;
}

export interface PrintResult {
  topic: string;
  messages: LocatedMessage[];
  queues: QueueRange[];
  truncated: boolean;
  failures: TargetFailure[];
}

const PULL_BATCH = 32;

/**
 * Every message of the topic's queues (or one queue) stored in [begin, end]: per queue the
 * offsets from SEARCH_OFFSET_BY_TIMESTAMP (else min/max offsets), then PULL_MESSAGE in batches.
 */
export async function printMessages(admin: MQAdmin, o: PrintOptions): Promise<PrintResult> {
  const route = await admin.examineTopicRoute(o.topic);
  let targets = brokerTargets(route);
  if (o.brokerName !== undefined) {
    targets = targets.filter((t) => t.brokerName === o.brokerName);
    if (targets.length === 0) throw new NotFoundError(`topic "${o.topic}" has no broker named "${o.brokerName}"`);
  }
  const tags = parseTags(o.subExpression);
  const queues: Array<{ target: BrokerTarget; queueId: number }> = [];
  for (const t of targets) {
    const q = route.queueDatas.find((x) => x.brokerName === t.brokerName);
    if (!q || !isReadable(q.perm)) continue;
    for (let i = 0; i < q.readQueueNums; i++) if (o.queueId === undefined || o.queueId === i) queues.push({ target: t, queueId: i });
  }
  if (o.queueId !== undefined && queues.length === 0) throw new NotFoundError(`topic "${o.topic}" has no readable queue ${o.queueId}${o.brokerName ? ` on ${o.brokerName}` : ''}`);

  const messages: LocatedMessage[] = [];
  const ranges: QueueRange[] = [];
  const failures: TargetFailure[] = [];
  let truncated = false;
  const limit = o.maxNum ?? Number.POSITIVE_INFINITY;
  const settled = await admin.fanOut(queues, async ({ target, queueId }) => {
    const args = { topic: o.topic, queueId, brokerName: target.brokerName };
    const first = await onBroker(target, (a) =>
      o.begin !== undefined ? admin.call(a, searchOffsetByTimestamp, { ...args, timestamp: o.begin, boundaryType: 'LOWER' }) : admin.call(a, getMinOffset, args),
    );
    const addr = first.addr;
    const max = await admin.call(addr, getMaxOffset, args);
    const range: QueueRange = { brokerName: target.brokerName, queueId, from: first.value, to: max };
    const found: LocatedMessage[] = [];
    const reader = new QueueReader(admin, addr, { ...args, subscription: o.subExpression ?? '*' }, first.value, max);
    let offset = first.value;
    while (messages.length + found.length < limit) {
      const r = await reader.next(PULL_BATCH);
      offset = reader.offset;
      if (!r) break;
      let pastEnd = false;
      for (const m of r.messages) {
        if (o.end !== undefined && m.storeTimestamp > o.end) {
          pastEnd = true;
          break;
        }
        if (o.begin !== undefined && m.storeTimestamp < o.begin) continue;
        if (tags && !tags.has(m.tags ?? '')) continue;
        found.push({ ...m, brokerName: target.brokerName, brokerAddr: addr });
      }
      o.onProgress?.(messages.length + found.length);
      if (pastEnd) {
        offset = r.from;
        break;
      }
      offset = reader.offset;
    }
    range.to = Math.min(max, offset);
    return { range, found };
  });
  settled.forEach((r, i) => {
    const q = queues[i]!;
    if (r.ok) {
      ranges.push(r.value.range);
      messages.push(...r.value.found);
    } else {
      const f = toTargetFailure(`${q.target.brokerName}:${q.queueId}`, r.error);
      failures.push(f);
      ranges.push({ brokerName: q.target.brokerName, queueId: q.queueId, from: -1, to: -1, error: f.error });
    }
  });
  messages.sort(compareMessages);
  if (messages.length > limit) {
    messages.length = limit;
    truncated = true;
  }
  return { topic: o.topic, messages, queues: ranges, truncated, failures };
}

/** What one PULL_MESSAGE of a {@link QueueReader} brought. */
export interface PulledBatch {
  /** The offset pulled from. */
  from: number;
  status: PullAnswer['status'];
  messages: MessageExt[];
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
}

/**
 * Reads one queue with PULL_MESSAGE from an offset up to an end offset (exclusive), following
 * `nextBeginOffset` (past NO_MATCHED_MSG, holes, and OFFSET_ILLEGAL when the broker names a
 * later offset). Done at the end offset, or when the broker does not move on (NO_NEW_MSG at the
 * queue's end). Nothing is
 * committed: the pull's sysFlag carries only the subscription.
 */
export class QueueReader {
  offset: number;
  done = false;

  constructor(
    private readonly admin: MQAdmin,
    private readonly addr: string,
    private readonly queue: { topic: string; queueId: number; brokerName: string; consumerGroup?: string; subscription?: string },
    from: number,
    private readonly to: number,
  ) {
    this.offset = from;
  }

  /** The next batch that moved the offset (it may hold no message), or null when done. */
  async next(maxMsgNums: number): Promise<PulledBatch | null> {
    while (!this.done && this.offset < this.to) {
      const from = this.offset;
      const r = await this.admin.call(this.addr, pullMessage, { ...this.queue, queueOffset: from, maxMsgNums: Math.max(1, maxMsgNums) });
      // NO_NEW_MSG with a later offset is a hole in the queue (OFFSET_FOUND_NULL): go on.
      if (r.nextBeginOffset <= from) {
        this.done = true;
        break;
      }
      this.offset = r.nextBeginOffset;
      if (r.status === 'OFFSET_ILLEGAL') continue;
      return { from, status: r.status, messages: r.messages, nextBeginOffset: r.nextBeginOffset, minOffset: r.minOffset, maxOffset: r.maxOffset };
    }
    this.done = true;
    return null;
  }
}

function parseTags(expr: string | undefined): Set<string> | undefined {
  const e = (expr ?? '').trim();
  if (e === '' || e === '*') return undefined;
  return new Set(e.split('||').map((t) => t.trim()).filter(Boolean));
}

// ---------------------------------------------------------------------------------------------
// consumeMessage: pull messages without committing anything

export const DEFAULT_CONSUME_COUNT = 128;

export interface ConsumeOptions {
  topic: string;
  /** Only this broker's queues; with `queueId`, that one queue. */
  brokerName?: string;
  queueId?: number;
  /** With `queueId`: start at this queue offset (the queue's first offset when it is older). */
  offset?: number;
  /** Store-time window, ms. */
  begin?: number;
  end?: number;
  /** Stop after this many messages in all (default 128, as the Java tool). */
  count?: number;
  /** The group the pulls are made as (default TOOLS_CONSUMER); nothing is committed for it. */
  consumerGroup?: string;
  /** Each message as soon as it is pulled, in the order read. */
  onMessage?: (m: LocatedMessage) => void;
  /** Keep the messages in the result (default true; false when `onMessage` takes them). */
  collect?: boolean;
  onProgress?: (read: number, count: number) => void;
  now?: number;
}

export interface ConsumeQueue {
  brokerName: string;
  queueId: number;
  /** `read`: to the end of the queue or window; `cut`: the count was reached with more left; `not read`: the count was reached before it; `failed`. */
  status: 'read' | 'cut' | 'not read' | 'failed';
  /** The queue's offsets when it was read (null when not read). */
  minOffset: number | null;
  maxOffset: number | null;
  /** Offsets read, from `from` to `next` (exclusive). */
  from: number | null;
  next: number | null;
  messages: number;
  error?: string;
}

export interface ConsumeResult {
  topic: string;
  consumerGroup: string;
  count: number;
  /** Messages pulled and passed on. */
  read: number;
  /** In the order read: queue by queue, by offset. Empty with `collect: false`. */
  messages: LocatedMessage[];
  queues: ConsumeQueue[];
  /** The count stopped the reading before the end of every queue. */
  truncated: boolean;
  failures: TargetFailure[];
}

/** The option checks of the Java tool (admin-commands.md §2.2), as usage errors. */
function checkConsumeOptions(o: ConsumeOptions, count: number, now: number): void {
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError(`the message count must be a positive integer, not ${count}`);
  if (o.queueId !== undefined && o.brokerName === undefined) throw new InvalidArgumentError('a queue id (-i) needs the broker name (-b)', 'e.g. -b broker-a -i 0');
  if (o.offset !== undefined && o.queueId === undefined) throw new InvalidArgumentError('an offset (-o) needs the queue (-b and -i)', 'e.g. -b broker-a -i 0 -o 100');
  if (o.queueId !== undefined && (!Number.isInteger(o.queueId) || o.queueId < 0)) throw new InvalidArgumentError(`invalid queue id ${o.queueId}`);
  if (o.offset !== undefined && (!Number.isInteger(o.offset) || o.offset < 0)) throw new InvalidArgumentError(`invalid queue offset ${o.offset}`);
  if (o.begin !== undefined && o.begin > now) throw new InvalidArgumentError('the beginning of the time window (-s) is after now');
  if (o.end !== undefined && o.end > now) throw new InvalidArgumentError('the end of the time window (-e) is after now');
  if (o.begin !== undefined && o.end !== undefined && o.begin > o.end) throw new InvalidArgumentError('the end of the time window (-e) is before its beginning (-s)');
}

/**
 * Pulls messages the way the Java tool's `consumeMessage` does (admin-commands.md §2.2): queue
 * by queue (broker names in order, queue ids ascending; or the one queue of `brokerName` and
 * `queueId`), from the first offset (of the window with `begin`, at least `offset`) while the
 * store time is within `end`, until `count` messages in all. PULL_MESSAGE with sysFlag 4 only:
 * no offset is committed, no heartbeat is sent, the group's consumers are not disturbed.
 * A queue that fails is reported and the next one read.
 */
export async function consumeMessages(admin: MQAdmin, o: ConsumeOptions): Promise<ConsumeResult> {
  const count = o.count ?? DEFAULT_CONSUME_COUNT;
  checkConsumeOptions(o, count, o.now ?? Date.now());
  const consumerGroup = o.consumerGroup ?? TOOLS_CONSUMER_GROUP;
  const collect = o.collect ?? true;
  const route = await admin.examineTopicRoute(o.topic);
  let targets = brokerTargets(route);
  if (o.brokerName !== undefined) {
    targets = targets.filter((t) => t.brokerName === o.brokerName);
    if (targets.length === 0) {
      const known = route.brokerDatas.map((b) => b.brokerName).sort();
      throw new NotFoundError(`topic "${o.topic}" has no broker named "${o.brokerName}"`, known.length ? `its brokers: ${known.join(', ')}` : undefined);
    }
  }
  const queues: Array<{ target: BrokerTarget; queueId: number }> = [];
  for (const t of targets) {
    const q = route.queueDatas.find((x) => x.brokerName === t.brokerName);
    if (!q) continue;
    if (o.queueId !== undefined) {
      const n = Math.max(q.readQueueNums, q.writeQueueNums);
      if (o.queueId >= n) throw new NotFoundError(`topic "${o.topic}" has no queue ${o.queueId} on ${t.brokerName}`, `its queues there are 0..${n - 1}`);
      queues.push({ target: t, queueId: o.queueId });
    } else if (isReadable(q.perm)) {
      for (let i = 0; i < q.readQueueNums; i++) queues.push({ target: t, queueId: i });
    }
  }
  if (queues.length === 0) throw new NotFoundError(`topic "${o.topic}" has no readable queue${o.brokerName ? ` on ${o.brokerName}` : ''}`, 'check its permission with topicRoute');

  const result: ConsumeResult = { topic: o.topic, consumerGroup, count, read: 0, messages: [], queues: [], truncated: false, failures: [] };
  for (const { target, queueId } of queues) {
    const entry: ConsumeQueue = { brokerName: target.brokerName, queueId, status: 'not read', minOffset: null, maxOffset: null, from: null, next: null, messages: 0 };
    result.queues.push(entry);
    if (result.read >= count) {
      result.truncated = true;
      continue;
    }
    const args = { topic: o.topic, queueId, brokerName: target.brokerName };
    try {
      const { addr, value: min } = await onBroker(target, (a) => admin.call(a, getMinOffset, args));
      const max = await admin.call(addr, getMaxOffset, args);
      let from = o.begin !== undefined ? await admin.call(addr, searchOffsetByTimestamp, { ...args, timestamp: o.begin, boundaryType: 'LOWER' }) : min;
      if (o.offset !== undefined) {
        if (o.offset >= max) {
          const range = max > min ? `offsets ${min}..${max - 1}` : 'no messages';
          throw new NotFoundError(`no message at offset ${o.offset} of ${o.topic} queue ${target.brokerName}:${queueId}`, `the queue holds ${range}`);
        }
        from = Math.max(from, o.offset);
      }
      from = Math.max(from, min);
      Object.assign(entry, { minOffset: min, maxOffset: max, from, next: from });
      const reader = new QueueReader(admin, addr, { ...args, consumerGroup, subscription: '*' }, from, max);
      let stop = false;
      let cut = false;
      while (!stop) {
        const batch = await reader.next(Math.min(PULL_BATCH, count - result.read));
        if (!batch) break;
        entry.next = reader.offset;
        for (const m of batch.messages) {
          if (o.end !== undefined && m.storeTimestamp > o.end) {
            stop = true;
            entry.next = m.queueOffset;
            break;
          }
          if (result.read >= count) {
            stop = cut = true;
            entry.next = m.queueOffset;
            break;
          }
          if (o.begin !== undefined && m.storeTimestamp < o.begin) continue;
          const located: LocatedMessage = { ...m, brokerName: target.brokerName, brokerAddr: addr };
          result.read++;
          entry.messages++;
          if (collect) result.messages.push(located);
          o.onMessage?.(located);
        }
        o.onProgress?.(result.read, count);
        if (!stop && result.read >= count) {
          // Stopped at the count: cut unless the queue (or the window) ends here.
          cut = reader.offset < max;
          stop = true;
        }
      }
      entry.status = cut ? 'cut' : 'read';
      if (cut) result.truncated = true;
    } catch (err) {
      if (err instanceof NotFoundError || err instanceof InvalidArgumentError) throw err;
      const failure = toTargetFailure(`${target.brokerName}:${queueId}`, err);
      result.failures.push(failure);
      entry.status = 'failed';
      entry.error = failure.error;
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Message track: which groups consumed it

/**
 * Java's TrackType: NOT_ONLINE (no consumer of the group is connected), PULL (a pull consumer:
 * the broker cannot tell), CONSUMED, CONSUMED_BUT_FILTERED (consumed past it, but the group's
 * subscription does not take the message's tag), NOT_CONSUMED_YET, UNKNOWN (the broker did not
 * answer).
 */
export type TrackStatus = 'CONSUMED' | 'CONSUMED_BUT_FILTERED' | 'NOT_CONSUMED_YET' | 'NOT_ONLINE' | 'PULL' | 'UNKNOWN';

export interface TrackEntry {
  group: string;
  status: TrackStatus;
  /** The group's committed offset of the message's queue; null when it has none. */
  consumerOffset: number | null;
  /** Whether the committed offset is past the message, whatever the group's state. */
  consumed: boolean | null;
  online: boolean | null;
  error?: string;
}

/**
 * For each consumer group (the one given, else every group the broker knows consumes the
 * topic), the Java tool's message track: is the group online, and is its committed offset of
 * the message's queue past the message (behaviours.md §7, queryMsgById).
 */
export async function messageTrack(admin: MQAdmin, msg: LocatedMessage, group?: string): Promise<TrackEntry[]> {
  const groups = group !== undefined ? [group] : (await admin.queryTopicConsumeByWho(msg.brokerAddr, msg.topic)).sort();
  const settled = await admin.fanOut(groups, async (g) => {
    const [offset, connection] = await Promise.all([
      admin.call(msg.brokerAddr, queryConsumerOffset, { consumerGroup: g, topic: msg.topic, queueId: msg.queueId }),
      admin.call(msg.brokerAddr, getConsumerConnectionList, { consumerGroup: g }),
    ]);
    return { offset, connection };
  });
  return groups.map((g, i): TrackEntry => {
    const r = settled[i]!;
    if (!r.ok) return { group: g, status: 'UNKNOWN', consumerOffset: null, consumed: null, online: null, error: toTargetFailure(msg.brokerAddr, r.error).error };
    const { offset, connection } = r.value;
    const consumed = offset === null ? false : offset > msg.queueOffset;
    const base = { group: g, consumerOffset: offset, consumed, online: connection !== null };
    if (!connection) return { ...base, status: 'NOT_ONLINE' };
    if (connection.consumeType === 'CONSUME_ACTIVELY') return { ...base, status: 'PULL' };
    if (!consumed) return { ...base, status: 'NOT_CONSUMED_YET' };
    const sub = connection.subscriptions.find((x) => x.topic === msg.topic);
    const filtered = sub !== undefined && sub.subString.trim() !== '*' && sub.subString.trim() !== '' && !sub.tagsSet.includes(msg.tags ?? '');
    return { ...base, status: filtered ? 'CONSUMED_BUT_FILTERED' : 'CONSUMED' };
  });
}

/** The track of each message; a message whose broker cannot say gets none and a failure. */
export async function messageTracks(admin: MQAdmin, messages: readonly LocatedMessage[], group?: string): Promise<{ tracks: Array<TrackEntry[] | undefined>; failures: TargetFailure[] }> {
  const failures: TargetFailure[] = [];
  const tracks: Array<TrackEntry[] | undefined> = [];
  for (const m of messages) {
    try {
      tracks.push(await messageTrack(admin, m, group));
    } catch (err) {
      failures.push(toTargetFailure(m.brokerAddr, err));
      tracks.push(undefined);
    }
  }
  return { tracks, failures };
}

// ---------------------------------------------------------------------------------------------
// Send

export interface SendOptions {
  topic: string;
  body: Buffer | string;
  keys?: string;
  tags?: string;
  brokerName?: string;
  queueId?: number;
  /** Producer group; default the current time in ms, as the Java tool. */
  producerGroup?: string;
  /** Bodies of this size or more are zlib-compressed (Java `compressMsgBodyOverHowmuch`, 4096). */
  compressOver?: number;
  ids?: UniqueIdGenerator;
  now?: () => number;
}

export interface SendResult {
  status: SendStatus;
  /** The message's UNIQ_KEY: what Java calls its msgId. */
  msgId: string;
  /** The broker's offset message id. */
  offsetMsgId: string;
  topic: string;
  brokerName: string;
  brokerAddr: string;
  queueId: number;
  queueOffset: number;
  bodySize: number;
  compressed: boolean;
  /** Earlier attempts that failed (another broker was tried). */
  failures: TargetFailure[];
}

const DEFAULT_TOPIC = 'TBW102';
const DEFAULT_TOPIC_QUEUE_NUMS = 4;
let processIds: UniqueIdGenerator | undefined;

/**
 * Sends one message the way a Java producer does: route of the topic (the TBW102 route when the
 * topic has none, for brokers that auto-create), a writable queue (or the one given), a real
 * UNIQ_KEY, WAIT=true, SEND_MESSAGE_V2; up to 3 attempts on other brokers when one is unreachable.
 */
export async function sendMessage(admin: MQAdmin, o: SendOptions): Promise<SendResult> {
  const now = o.now ?? Date.now;
  let route: TopicRouteData;
  let queueLimit = Number.POSITIVE_INFINITY;
  try {
    route = await admin.examineTopicRoute(o.topic);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    try {
      route = await admin.examineTopicRoute(DEFAULT_TOPIC);
      queueLimit = DEFAULT_TOPIC_QUEUE_NUMS;
    } catch {
      throw err;
    }
  }
  const targets = new Map(brokerTargets(route).map((t) => [t.brokerName, t]));
  let candidates: Array<{ brokerName: string; queueId: number }> = [];
  for (const q of route.queueDatas) {
    if (!isWritable(q.perm) || !targets.get(q.brokerName)?.addrs.length) continue;
    if (!route.brokerDatas.find((b) => b.brokerName === q.brokerName)?.brokerAddrs[MASTER_ID]) continue;
    for (let i = 0; i < Math.min(q.writeQueueNums, queueLimit); i++) candidates.push({ brokerName: q.brokerName, queueId: i });
  }
  if (o.brokerName !== undefined) {
    if (!targets.has(o.brokerName)) {
      throw new NotFoundError(`topic "${o.topic}" has no broker named "${o.brokerName}"`, `its brokers: ${[...targets.keys()].sort().join(', ') || 'none'}`);
    }
    candidates = candidates.filter((c) => c.brokerName === o.brokerName);
    if (o.queueId !== undefined) candidates = [{ brokerName: o.brokerName, queueId: o.queueId }];
  } else if (o.queueId !== undefined) {
    const names = [...new Set(candidates.map((c) => c.brokerName))];
    if (names.length !== 1) throw new InvalidArgumentError('a queue id (-i) needs the broker name (-b) when the topic is on several brokers');
    candidates = [{ brokerName: names[0]!, queueId: o.queueId }];
  }
  if (candidates.length === 0) throw new NotFoundError(`topic "${o.topic}" has no writable queue${o.brokerName ? ` on ${o.brokerName}` : ''}`, 'check its permission with topicRoute');

  const raw = typeof o.body === 'string' ? Buffer.from(o.body, 'utf8') : o.body;
  const compress = raw.length >= (o.compressOver ?? 4096);
  const body = compress ? deflateSync(raw, { level: 5 }) : raw;
  processIds ??= new UniqueIdGenerator();
  const msgId = (o.ids ?? processIds).next();
  // Java `Message(topic, tags, keys, body)`: TAGS, KEYS, WAIT; the producer then adds UNIQ_KEY.
  const props: Array<[string, string]> = [];
  if (o.tags) props.push(['TAGS', o.tags]);
  if (o.keys) props.push(['KEYS', o.keys]);
  props.push(['WAIT', 'true'], ['UNIQ_KEY', msgId]);
  const properties = encodeProducerProperties(props);
  const producerGroup = o.producerGroup ?? String(now());

  const failures: TargetFailure[] = [];
  const tried = new Set<string>();
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const pool = candidates.filter((c) => !tried.has(c.brokerName));
    const pick = (pool.length ? pool : candidates)[Math.floor(Math.random() * (pool.length || candidates.length))]!;
    const addr = targets.get(pick.brokerName)!.addrs[0]!;
    try {
      const r = await admin.call(addr, sendMessageV2, {
        producerGroup, topic: o.topic, queueId: pick.queueId, sysFlag: compress ? ZLIB_COMPRESSED_SYSFLAG : 0, bornTimestamp: now(),
        flag: 0, properties, brokerName: pick.brokerName, body,
      });
      return {
        status: r.status, msgId, offsetMsgId: r.offsetMsgId, topic: o.topic, brokerName: pick.brokerName, brokerAddr: addr,
        queueId: r.queueId, queueOffset: r.queueOffset, bodySize: raw.length, compressed: compress, failures,
      };
    } catch (err) {
      if (!(err instanceof RemotingError)) throw err;
      failures.push(toTargetFailure(addr, err));
      tried.add(pick.brokerName);
      last = err;
      if (o.queueId !== undefined) break;
    }
  }
  throw last;
}
