/**
 * Message trace records: the text the Java client's trace dispatcher writes as the body of its
 * messages to the trace topic (admin-commands.md §2.1, Java `TraceDataEncoder`/`TraceContext`).
 *
 * A body is a run of records, each ended by U+0002 (`FIELD_SPLITOR`); the fields of a record are
 * separated by U+0001 (`CONTENT_SPLITOR`). Java writes a null string as `null`, booleans as
 * `true`/`false`, numbers in decimal. Record types: `Pub` (a send), `SubBefore` / `SubAfter`
 * (a consumer about to run its listener / done with it), `EndTransaction`, and `Recall` (5.x).
 */

/** Between records (Java `TraceConstants.FIELD_SPLITOR`). */
export const TRACE_FIELD_SPLITOR = '\u0002';
/** Between the fields of a record (Java `TraceConstants.CONTENT_SPLITOR`). */
export const TRACE_CONTENT_SPLITOR = '\u0001';
/** The trace topic clients write to unless configured otherwise (`TopicValidator.RMQ_SYS_TRACE_TOPIC`). */
export const DEFAULT_TRACE_TOPIC = 'RMQ_SYS_TRACE_TOPIC';

/** `MessageType` by ordinal (`Order_Msg` is 5.x only). */
export const MESSAGE_TYPES = ['Normal_Msg', 'Trans_Msg_Half', 'Trans_msg_Commit', 'Delay_Msg', 'Order_Msg'] as const;
export type MessageTypeName = (typeof MESSAGE_TYPES)[number];

/** `ConsumeReturnType` by ordinal: the `contextCode` of a SubAfter record. */
export const CONSUME_RETURN_TYPES = ['SUCCESS', 'TIME_OUT', 'EXCEPTION', 'RETURNNULL', 'FAILED'] as const;
export type ConsumeReturnTypeName = (typeof CONSUME_RETURN_TYPES)[number];

export const TRANSACTION_STATES = ['COMMIT_MESSAGE', 'ROLLBACK_MESSAGE', 'UNKNOW'] as const;
export type TransactionState = (typeof TRANSACTION_STATES)[number];

export interface PubRecord {
  type: 'Pub';
  /** When the send started (epoch ms). */
  timestamp: number;
  regionId: string | null;
  /** Producer group. */
  groupName: string | null;
  topic: string | null;
  /** The message's unique id (`UNIQ_KEY`). */
  msgId: string;
  tags: string | null;
  keys: string | null;
  /** `ip:port` of the broker that stored it. */
  storeHost: string | null;
  bodyLength: number;
  /** Send round trip, ms. */
  costTime: number;
  msgType: number;
  /** The broker's offset message id; absent in 13-field (old) records. */
  offsetMsgId: string | null;
  success: boolean;
  /** A 15th field some versions wrote. */
  clientHost?: string | null;
}

export interface SubBeforeRecord {
  type: 'SubBefore';
  /** When the listener was called (epoch ms). */
  timestamp: number;
  regionId: string | null;
  /** Consumer group. */
  groupName: string | null;
  /** Shared by the SubBefore and SubAfter records of one consumption. */
  requestId: string | null;
  msgId: string;
  /** The message's reconsume times: 0 on first delivery. */
  retryTimes: number;
  keys: string | null;
}

export interface SubAfterRecord {
  type: 'SubAfter';
  requestId: string | null;
  msgId: string;
  /** Listener time per message of the batch, ms. */
  costTime: number;
  success: boolean;
  keys: string | null;
  /** `ConsumeReturnType` ordinal; null in records of clients older than the field. */
  contextCode: number | null;
  /** When the listener returned; null in CLOUD records (and old ones). */
  timestamp: number | null;
  /** Consumer group; null in CLOUD records (and old ones). */
  groupName: string | null;
}

export interface EndTransactionRecord {
  type: 'EndTransaction';
  timestamp: number;
  regionId: string | null;
  groupName: string | null;
  topic: string | null;
  msgId: string;
  tags: string | null;
  keys: string | null;
  storeHost: string | null;
  msgType: number;
  transactionId: string | null;
  transactionState: string;
  fromTransactionCheck: boolean;
}

export interface RecallRecord {
  type: 'Recall';
  timestamp: number;
  regionId: string | null;
  groupName: string | null;
  topic: string | null;
  msgId: string;
  success: boolean;
}

export type TraceRecord = PubRecord | SubBeforeRecord | SubAfterRecord | EndTransactionRecord | RecallRecord;
export type TraceType = TraceRecord['type'];

export const TRACE_TYPES: readonly TraceType[] = ['Pub', 'SubBefore', 'SubAfter', 'EndTransaction', 'Recall'];

export interface MalformedTraceRecord {
  text: string;
  reason: string;
}

export interface TraceDecodeResult {
  records: TraceRecord[];
  /** Records of a known type that could not be read (Java would fail on them), and unknown types. */
  malformed: MalformedTraceRecord[];
}

export function messageTypeName(ordinal: number): MessageTypeName | null {
  return MESSAGE_TYPES[ordinal] ?? null;
}

export function consumeReturnTypeName(code: number | null): ConsumeReturnTypeName | null {
  return code === null ? null : (CONSUME_RETURN_TYPES[code] ?? null);
}

// ---------------------------------------------------------------------------------------------
// Decoding

class FieldError extends Error {}

/** Java `String.split`: trailing empty strings are dropped. */
function javaSplit(text: string, sep: string): string[] {
  const parts = text.split(sep);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const nullable = (v: string | undefined): string | null => (v === undefined || v === 'null' ? null : v);

function str(line: string[], i: number): string {
  const v = line[i];
  if (v === undefined) throw new FieldError(`field ${i} is missing`);
  return v;
}

function long(line: string[], i: number): number {
  const v = str(line, i).trim();
  if (!/^-?\d+$/.test(v)) throw new FieldError(`field ${i} is not a number: "${v}"`);
  return Number(v);
}

/** Java `Boolean.parseBoolean`: true only for "true", any case. */
const bool = (line: string[], i: number): boolean => str(line, i).toLowerCase() === 'true';

function decodeRecord(line: string[]): TraceRecord {
  switch (line[0]) {
    case 'Pub': {
      const r: PubRecord = {
        type: 'Pub',
        timestamp: long(line, 1),
        regionId: nullable(line[2]),
        groupName: nullable(str(line, 3)),
        topic: nullable(line[4]),
        msgId: str(line, 5),
        tags: nullable(line[6]),
        keys: nullable(line[7]),
        storeHost: nullable(line[8]),
        bodyLength: long(line, 9),
        costTime: long(line, 10),
        msgType: long(line, 11),
        offsetMsgId: null,
        success: false,
      };
      // 13 fields: no offset id (old clients); 14: the current form; 15+: a client host too.
      if (line.length === 13) r.success = bool(line, 12);
      else {
        r.offsetMsgId = nullable(str(line, 12));
        r.success = bool(line, 13);
        if (line.length >= 15) r.clientHost = nullable(line[14]);
      }
      return r;
    }
    case 'SubBefore':
      return {
        type: 'SubBefore',
        timestamp: long(line, 1),
        regionId: nullable(line[2]),
        groupName: nullable(line[3]),
        requestId: nullable(line[4]),
        msgId: str(line, 5),
        retryTimes: long(line, 6),
        keys: nullable(line[7]),
      };
    case 'SubAfter':
      return {
        type: 'SubAfter',
        requestId: nullable(str(line, 1)),
        msgId: str(line, 2),
        costTime: long(line, 3),
        success: bool(line, 4),
        keys: nullable(line[5]),
        contextCode: line.length >= 7 ? long(line, 6) : null,
        timestamp: line.length >= 8 ? long(line, 7) : null,
        groupName: line.length >= 9 ? nullable(line[8]) : null,
      };
    case 'EndTransaction':
      return {
        type: 'EndTransaction',
        timestamp: long(line, 1),
        regionId: nullable(line[2]),
        groupName: nullable(line[3]),
        topic: nullable(line[4]),
        msgId: str(line, 5),
        tags: nullable(line[6]),
        keys: nullable(line[7]),
        storeHost: nullable(line[8]),
        msgType: long(line, 9),
        transactionId: nullable(line[10]),
        transactionState: str(line, 11),
        fromTransactionCheck: bool(line, 12),
      };
    case 'Recall':
      return {
        type: 'Recall',
        timestamp: long(line, 1),
        regionId: nullable(line[2]),
        groupName: nullable(line[3]),
        topic: nullable(line[4]),
        msgId: str(line, 5),
        success: bool(line, 6),
      };
    default:
      throw new FieldError(`unknown record type "${line[0] ?? ''}"`);
  }
}

const GLUED = new RegExp(`^(-?\\d+)(${TRACE_TYPES.join('|')})$`);

/**
 * Decodes a trace message body. Malformed records are set apart instead of failing the whole
 * body (the Java tool stops at the first). Tolerates what Java's decoder tolerates (13- and
 * 15-field Pub records, SubAfter records without timestamp and group), and the 4.9.8 CLOUD
 * SubAfter record that lacks its closing U+0002, so the next record is glued to its last field.
 */
export function decodeTraceData(data: string | Buffer): TraceDecodeResult {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const out: TraceDecodeResult = { records: [], malformed: [] };
  const pending = javaSplit(text, TRACE_FIELD_SPLITOR);
  for (let i = 0; i < pending.length; i++) {
    const chunk = pending[i]!;
    if (chunk === '') continue;
    let line = javaSplit(chunk, TRACE_CONTENT_SPLITOR);
    if (line[0] === 'SubAfter' && line.length > 7) {
      const glued = GLUED.exec(line[6]!);
      if (glued) {
        pending.splice(i + 1, 0, [glued[2], ...line.slice(7)].join(TRACE_CONTENT_SPLITOR));
        line = [...line.slice(0, 6), glued[1]!];
      }
    }
    try {
      out.records.push(decodeRecord(line));
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      out.malformed.push({ text: chunk, reason: err.message });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Encoding

const field = (v: string | number | boolean | null | undefined): string => (v === null || v === undefined ? 'null' : String(v));

/** One record as the Java 5.x encoder writes it, closing U+0002 included. */
export function encodeTraceRecord(r: TraceRecord): string {
  let fields: Array<string | number | boolean | null | undefined>;
  switch (r.type) {
    case 'Pub':
      fields = [r.type, r.timestamp, r.regionId, r.groupName, r.topic, r.msgId, r.tags, r.keys, r.storeHost, r.bodyLength, r.costTime, r.msgType, r.offsetMsgId, r.success];
      if (r.clientHost !== undefined) fields.push(r.clientHost);
      break;
    case 'SubBefore':
      fields = [r.type, r.timestamp, r.regionId, r.groupName, r.requestId, r.msgId, r.retryTimes, r.keys];
      break;
    case 'SubAfter':
      fields = [r.type, r.requestId, r.msgId, r.costTime, r.success, r.keys, r.contextCode ?? 0];
      // Without timestamp and group: the CLOUD form of 5.x, `...contextCode U+0001 U+0002`.
      if (r.timestamp === null && r.groupName === null) fields.push('');
      else fields.push(r.timestamp ?? 0, r.groupName);
      break;
    case 'EndTransaction':
      fields = [r.type, r.timestamp, r.regionId, r.groupName, r.topic, r.msgId, r.tags, r.keys, r.storeHost, r.msgType, r.transactionId, r.transactionState, r.fromTransactionCheck];
      break;
    case 'Recall':
      fields = [r.type, r.timestamp, r.regionId, r.groupName, r.topic, r.msgId, r.success];
      break;
  }
  return fields.map(field).join(TRACE_CONTENT_SPLITOR) + TRACE_FIELD_SPLITOR;
}

/** A trace message body: the records one after another. */
export function encodeTraceData(records: readonly TraceRecord[]): string {
  return records.map(encodeTraceRecord).join('');
}

/**
 * The `KEYS` of a trace message carrying these records, as the Java dispatcher sets them: every
 * record's message id and the tokens of its keys, once each, space-separated. The trace topic's
 * index then finds the trace message by the message id.
 */
export function traceMessageKeys(records: readonly TraceRecord[]): string {
  const keys = new Set<string>();
  for (const r of records) {
    keys.add(r.msgId);
    if ('keys' in r && r.keys) for (const k of r.keys.split(' ')) if (k) keys.add(k);
  }
  return [...keys].join(' ');
}
