// The trace of one message (admin-commands.md §2.1): the trace messages Java clients with
// message trace on wrote to the trace topic, found by the message id as key (the key query of
// queryMsgByKey), decoded (src/protocol/trace.ts) and made into a timeline: sent, stored, each
// consumption attempt of each consumer group, transaction ends and recalls.
// Nothing here prints.

import { ResponseError } from '../protocol/errors.js';
import {
  consumeReturnTypeName,
  decodeTraceData,
  DEFAULT_TRACE_TOPIC,
  messageTypeName,
  type ConsumeReturnTypeName,
  type MessageTypeName,
  type SubAfterRecord,
  type SubBeforeRecord,
  type TraceRecord,
} from '../protocol/trace.js';
import { NotFoundError, type TargetFailure } from './errors.js';
import { parseMessageId, queryMessagesById, queryMessagesByIndex, type LocatedMessage } from './messages.js';
import type { MQAdmin } from './MQAdmin.js';

export interface TraceQueryOptions {
  /** The message's unique id (UNIQ_KEY); an offset id is resolved to it when no trace has it. */
  msgId: string;
  traceTopic?: string;
  /** Store-time window of the trace messages, ms; default all time. */
  begin?: number;
  end?: number;
  /** At most this many trace messages (the newest); default that of the key query (1000). */
  maxNum?: number;
}

/** A decoded record with where it came from. */
export type LocatedTraceRecord = TraceRecord & {
  /** The client that wrote the trace: the born host of the trace message, without its port (as Java shows it). */
  clientHost: string;
  /** The trace message that carried it. */
  traceMsgId: string;
  brokerName: string | null;
};

export interface SentEvent {
  kind: 'sent';
  time: number;
  group: string | null;
  clientHost: string;
  costMs: number;
  success: boolean;
  storeHost: string | null;
  offsetMsgId: string | null;
  msgType: MessageTypeName | null;
  bodyLength: number;
}

export interface StoredEvent {
  kind: 'stored';
  /** When the broker's answer reached the producer (send time + cost): the trace has no store time, it was stored by then. */
  time: number;
  storeHost: string;
  offsetMsgId: string | null;
}

export interface ConsumedEvent {
  kind: 'consumed';
  /** When the listener was called (SubBefore); the end when only the SubAfter record is there. */
  time: number | null;
  /** When the listener returned (SubAfter); null when it has no result in the trace. */
  endTime: number | null;
  group: string | null;
  clientHost: string;
  costMs: number | null;
  /** null: no SubAfter record (still running, the client stopped, or the trace was lost). */
  success: boolean | null;
  /** The message's reconsume times at this delivery: 0 the first time. */
  reconsumeTimes: number | null;
  result: ConsumeReturnTypeName | null;
  requestId: string | null;
}

export interface TransactionEvent {
  kind: 'transaction';
  time: number;
  group: string | null;
  clientHost: string;
  state: string;
  fromTransactionCheck: boolean;
}

export interface RecalledEvent {
  kind: 'recalled';
  time: number;
  group: string | null;
  clientHost: string;
  success: boolean;
}

export type TraceEvent = SentEvent | StoredEvent | ConsumedEvent | TransactionEvent | RecalledEvent;

export interface TraceConsumer {
  group: string | null;
  attempts: number;
  /** The highest reconsume times seen: how many times it was redelivered. */
  retries: number;
  /** `consumed`: an attempt succeeded; `failed`: the last attempt failed; `no result`: the last attempt has no SubAfter record. */
  status: 'consumed' | 'failed' | 'no result';
  lastTime: number | null;
  clients: string[];
}

export interface MessageTrace {
  msgId: string;
  traceTopic: string;
  /** When `-i` was an offset id: it, and the unique id the message carries. */
  resolvedFrom?: string;
  /** What the send record says about the message (null when no producer traced it). */
  message: { topic: string | null; tags: string | null; keys: string | null; storeHost: string | null; offsetMsgId: string | null; bodyLength: number; msgType: MessageTypeName | null } | null;
  /** In time order. */
  events: TraceEvent[];
  consumers: TraceConsumer[];
  records: LocatedTraceRecord[];
  /** Trace messages read. */
  traceMessages: number;
  /** Records of those messages that could not be decoded. */
  malformed: number;
  truncated: boolean;
  hint?: string;
  failures: TargetFailure[];
}

/** `ip:port` or `[v6]:port` without the port. */
function hostOnly(addr: string): string {
  const m = /^\[(.*)\]:\d+$/.exec(addr) ?? /^(.*):\d+$/.exec(addr);
  return m ? m[1]! : addr;
}

/** The records of the trace messages about one message id, in the order they were stored. */
export function traceRecordsOf(msgId: string, traceMessages: readonly LocatedMessage[]): { records: LocatedTraceRecord[]; malformed: number } {
  const wanted = msgId.toUpperCase();
  const records: LocatedTraceRecord[] = [];
  let malformed = 0;
  for (const m of traceMessages) {
    const decoded = decodeTraceData(m.body);
    malformed += decoded.malformed.length;
    for (const r of decoded.records) {
      if (r.msgId.toUpperCase() !== wanted) continue;
      const clientHost = r.type === 'Pub' && r.clientHost ? r.clientHost : hostOnly(m.bornHost);
      records.push({ ...r, clientHost, traceMsgId: m.msgId, brokerName: m.brokerName });
    }
  }
  return { records, malformed };
}

/** Events in time order; a consumption attempt pairs its SubBefore and SubAfter records by request id. */
export function traceTimeline(records: readonly LocatedTraceRecord[]): { events: TraceEvent[]; consumers: TraceConsumer[] } {
  const keyed: Array<{ event: TraceEvent; order: number }> = [];
  let order = 0;
  const add = (event: TraceEvent) => keyed.push({ event, order: order++ });
  const befores: Array<LocatedTraceRecord & SubBeforeRecord> = [];
  const afters: Array<LocatedTraceRecord & SubAfterRecord> = [];
  for (const r of records) {
    switch (r.type) {
      case 'Pub':
        add({
          kind: 'sent', time: r.timestamp, group: r.groupName, clientHost: r.clientHost, costMs: r.costTime, success: r.success,
          storeHost: r.storeHost, offsetMsgId: r.offsetMsgId, msgType: messageTypeName(r.msgType), bodyLength: r.bodyLength,
        });
        if (r.success && r.storeHost) add({ kind: 'stored', time: r.timestamp + r.costTime, storeHost: r.storeHost, offsetMsgId: r.offsetMsgId });
        break;
      case 'SubBefore':
        befores.push(r);
        break;
      case 'SubAfter':
        afters.push(r);
        break;
      case 'EndTransaction':
        add({ kind: 'transaction', time: r.timestamp, group: r.groupName, clientHost: r.clientHost, state: r.transactionState, fromTransactionCheck: r.fromTransactionCheck });
        break;
      case 'Recall':
        add({ kind: 'recalled', time: r.timestamp, group: r.groupName, clientHost: r.clientHost, success: r.success });
        break;
    }
  }
  const unmatched = [...afters];
  for (const b of befores) {
    const i = unmatched.findIndex((a) => a.requestId === b.requestId && (a.groupName === null || a.groupName === b.groupName));
    const a = i >= 0 ? unmatched.splice(i, 1)[0] : undefined;
    add({
      kind: 'consumed', time: b.timestamp, endTime: a?.timestamp ?? null, group: b.groupName, clientHost: b.clientHost,
      costMs: a?.costTime ?? null, success: a ? a.success : null, reconsumeTimes: b.retryTimes,
      result: a ? consumeReturnTypeName(a.contextCode) : null, requestId: b.requestId,
    });
  }
  for (const a of unmatched) {
    add({
      kind: 'consumed', time: a.timestamp, endTime: a.timestamp, group: a.groupName, clientHost: a.clientHost, costMs: a.costTime,
      success: a.success, reconsumeTimes: null, result: consumeReturnTypeName(a.contextCode), requestId: a.requestId,
    });
  }
  // Time order; an event without a time keeps its place after those of its kind that have one.
  const rank: Record<TraceEvent['kind'], number> = { sent: 0, stored: 1, transaction: 2, consumed: 3, recalled: 4 };
  keyed.sort((x, y) => {
    const tx = x.event.time ?? Number.MAX_SAFE_INTEGER;
    const ty = y.event.time ?? Number.MAX_SAFE_INTEGER;
    return tx - ty || rank[x.event.kind] - rank[y.event.kind] || x.order - y.order;
  });
  const events = keyed.map((k) => k.event);

  const byGroup = new Map<string | null, ConsumedEvent[]>();
  for (const e of events) {
    if (e.kind !== 'consumed') continue;
    const list = byGroup.get(e.group) ?? [];
    list.push(e);
    byGroup.set(e.group, list);
  }
  const consumers: TraceConsumer[] = [...byGroup.entries()]
    .map(([group, attempts]) => {
      const last = attempts[attempts.length - 1]!;
      return {
        group,
        attempts: attempts.length,
        retries: Math.max(0, ...attempts.map((a) => a.reconsumeTimes ?? 0)),
        status: attempts.some((a) => a.success === true) ? 'consumed' : last.success === false ? 'failed' : 'no result',
        lastTime: last.endTime ?? last.time,
        clients: [...new Set(attempts.map((a) => a.clientHost))].sort(),
      } satisfies TraceConsumer;
    })
    .sort((a, b) => (a.group ?? '').localeCompare(b.group ?? ''));
  return { events, consumers };
}

function noTrace(id: string, traceTopic: string, windowed: boolean, unique?: string): NotFoundError {
  const what = unique ? `message ${id} (unique id ${unique})` : `message ${id}`;
  return new NotFoundError(
    `no trace of ${what} in ${traceTopic}${windowed ? ' in the time window' : ''}`,
    windowed
      ? 'widen the window (-b, -e): it applies to the store time of the trace messages'
      : 'the producer and the consumers write traces only with message trace on (Java enableMsgTrace); traces are keyed by the unique id (UNIQ_KEY) that sendMessage and producers print',
  );
}

/**
 * QUERY_MESSAGE by the message id as key on every broker of the trace topic (as the Java tool),
 * hits re-checked by key and topic, each trace message's records decoded and those of the id
 * kept, then the timeline. An id with no trace: NotFoundError; an offset id is first resolved to
 * the unique id the message carries (VIEW_MESSAGE_BY_ID), since traces are keyed by that.
 */
export async function queryMessageTrace(admin: MQAdmin, o: TraceQueryOptions): Promise<MessageTrace> {
  const traceTopic = o.traceTopic ?? DEFAULT_TRACE_TOPIC;
  const id = o.msgId.trim().toUpperCase();
  const decodedId = parseMessageId(id);
  const windowed = o.begin !== undefined || o.end !== undefined;

  const search = async (key: string) => {
    try {
      return await queryMessagesByIndex(admin, { topic: traceTopic, key, begin: o.begin, end: o.end, maxNum: o.maxNum });
    } catch (err) {
      if (err instanceof NotFoundError && err.cause instanceof ResponseError) {
        throw new NotFoundError(
          `trace topic "${traceTopic}" not found: the NameServer has no route for it`,
          traceTopic === DEFAULT_TRACE_TOPIC ? 'no client with message trace on has written to this cluster yet; a custom trace topic is given with -t' : 'check the name with `mqadmin topicList`',
          { cause: err },
        );
      }
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  };

  let key = id;
  let resolvedFrom: string | undefined;
  let found = await search(key);
  if ((found === null || traceRecordsOf(key, found.messages).records.length === 0) && decodedId.kind === 'offset') {
    const unique = await uniqueIdOf(admin, id);
    if (unique && unique !== id) {
      resolvedFrom = id;
      key = unique;
      found = await search(key);
    }
  }
  if (found === null) throw noTrace(id, traceTopic, windowed, resolvedFrom ? key : undefined);
  const { records, malformed } = traceRecordsOf(key, found.messages);
  if (records.length === 0 && found.failures.length === 0) throw noTrace(id, traceTopic, windowed, resolvedFrom ? key : undefined);

  const { events, consumers } = traceTimeline(records);
  const pub = records.find((r) => r.type === 'Pub');
  const trace: MessageTrace = {
    msgId: key,
    traceTopic,
    message: pub && pub.type === 'Pub'
      ? { topic: pub.topic, tags: pub.tags, keys: pub.keys, storeHost: pub.storeHost, offsetMsgId: pub.offsetMsgId, bodyLength: pub.bodyLength, msgType: messageTypeName(pub.msgType) }
      : null,
    events,
    consumers,
    records,
    traceMessages: new Set(records.map((r) => r.traceMsgId)).size,
    malformed,
    truncated: found.truncated,
    failures: found.failures,
  };
  if (resolvedFrom) trace.resolvedFrom = resolvedFrom;
  if (found.hint) trace.hint = found.hint.replace('raise -m', 'raise --maxNum');
  return trace;
}

/** The UNIQ_KEY of the message an offset id names, or null when it cannot be read. */
async function uniqueIdOf(admin: MQAdmin, offsetId: string): Promise<string | null> {
  try {
    const [lookup] = await queryMessagesById(admin, [offsetId]);
    return lookup?.messages[0]?.uniqKey?.toUpperCase() ?? null;
  } catch {
    return null;
  }
}
