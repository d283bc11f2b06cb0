// Views of messages: rows for query results, the whole message (as the Java tool shows it, with
// the body inline), send results, the message track, and the JSON form of a message.

import { writeFileSync } from 'node:fs';
import type { ConsumeResult, IdLookup, IndexQueryResult, LocatedMessage, PrintResult, SendResult, TrackEntry } from '../../admin/messages.js';
import { formatTimestamp } from '../format.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable } from '../table.js';

// ---------------------------------------------------------------------------------------------
// Bodies

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text when the bytes are valid UTF-8 without control characters other than tab and newlines. */
export function bodyAsText(body: Uint8Array): string | null {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? null : text;
}

/** Hex dump, 16 bytes a line: offset, hex, printable ASCII. */
export function hexDump(body: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 16) {
    const chunk = body.subarray(i, i + 16);
    const hex = [...chunk].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...chunk].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${i.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

export interface BodyOptions {
  /** Cut long bodies (on a terminal). */
  cut: boolean;
  /** Text characters shown when cut. */
  maxChars?: number;
  /** Bytes shown as hex when cut. */
  maxBytes?: number;
}

/** The body for people: text when text, hex otherwise; cut when asked, saying how much is left. */
export function renderBody(body: Uint8Array, style: Style, options: BodyOptions, compressed = false): string {
  if (body.length === 0) return style.dim('(empty body)');
  const note = compressed ? `${style.dim('(still compressed: LZ4/ZSTD bodies are shown as stored)')}\n` : '';
  const text = compressed ? null : bodyAsText(body);
  const maxChars = options.maxChars ?? 2000;
  const maxBytes = options.maxBytes ?? 512;
  if (text !== null) {
    if (!options.cut || text.length <= maxChars) return note + text;
    return `${note}${text.slice(0, maxChars)}\n${style.dim(`... ${text.length - maxChars} more characters (--full-body shows all, --body-file saves it)`)}`;
  }
  if (!options.cut || body.length <= maxBytes) return note + hexDump(body);
  return `${note}${hexDump(body.subarray(0, maxBytes))}\n${style.dim(`... ${body.length - maxBytes} more bytes (--full-body shows all, --body-file saves it)`)}`;
}

// ---------------------------------------------------------------------------------------------
// JSON

export interface MessageJson {
  msgId: string;
  offsetMsgId: string;
  uniqKey: string | null;
  topic: string;
  brokerName: string | null;
  brokerAddr: string;
  queueId: number;
  queueOffset: number;
  commitLogOffset: number;
  tags: string | null;
  keys: string[];
  bornTimestamp: number;
  bornHost: string;
  storeTimestamp: number;
  storeHost: string;
  reconsumeTimes: number;
  sysFlag: number;
  flag: number;
  bodyCRC: number;
  properties: Record<string, string>;
  bodySize: number;
  compressed: boolean;
  /** `utf8` when the body is text, else `base64`. */
  bodyEncoding: 'utf8' | 'base64';
  body: string;
}

export function messageJson(m: LocatedMessage): MessageJson {
  const text = m.compressed ? null : bodyAsText(m.body);
  return {
    msgId: m.msgId,
    offsetMsgId: m.offsetMsgId,
    uniqKey: m.uniqKey ?? null,
    topic: m.topic,
    brokerName: m.brokerName,
    brokerAddr: m.brokerAddr,
    queueId: m.queueId,
    queueOffset: m.queueOffset,
    commitLogOffset: m.commitLogOffset,
    tags: m.tags ?? null,
    keys: m.keys ?? [],
    bornTimestamp: m.bornTimestamp,
    bornHost: m.bornHost,
    storeTimestamp: m.storeTimestamp,
    storeHost: m.storeHost,
    reconsumeTimes: m.reconsumeTimes,
    sysFlag: m.sysFlag,
    flag: m.flag,
    bodyCRC: m.bodyCRC,
    properties: { ...m.properties },
    bodySize: m.body.length,
    compressed: m.compressed,
    bodyEncoding: text === null ? 'base64' : 'utf8',
    body: text ?? m.body.toString('base64'),
  };
}

export function indexQueryJson(r: IndexQueryResult) {
  return { ...r, messages: r.messages.map(messageJson) };
}

/** A lookup with each message's consumer-group track, when there is one. */
export function idLookupJson(r: IdLookup, trackOf: (m: LocatedMessage) => TrackEntry[] | undefined = () => undefined) {
  return { ...r, messages: r.messages.map((m) => withTrack(messageJson(m), trackOf(m))) };
}

export function withTrack(json: MessageJson, track: TrackEntry[] | undefined): MessageJson & { track?: TrackEntry[] } {
  return track ? { ...json, track } : json;
}

export function printResultJson(r: PrintResult) {
  return { ...r, messages: r.messages.map(messageJson) };
}

// ---------------------------------------------------------------------------------------------
// Tables and details

/**
 * The body on one line: text with tabs and line breaks escaped (cut to `maxChars` when given,
 * saying so), or the size of a binary or still-compressed body.
 */
export function bodyPreview(m: Pick<LocatedMessage, 'body' | 'compressed'>, maxChars: number | null, style: Style): string {
  if (m.body.length === 0) return style.dim('(empty)');
  const text = m.compressed ? null : bodyAsText(m.body);
  if (text === null) return style.dim(`(${m.body.length} B ${m.compressed ? 'compressed' : 'binary'})`);
  const line = text.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  if (maxChars === null || line.length <= maxChars) return line;
  return `${line.slice(0, maxChars)}${style.dim(`... (+${line.length - maxChars})`)}`;
}

export interface MessageRowOptions {
  /** Show the body itself (cut to this many characters; null: whole) after its size, instead of the size alone. */
  bodyPreview?: { maxChars: number | null };
}

/** One row per message: what queryMsgByKey prints. */
export async function renderMessageRows(messages: readonly LocatedMessage[], style: Style, options: MessageRowOptions = {}): Promise<string> {
  const preview = options.bodyPreview;
  return renderTable<LocatedMessage>(
    [
      { header: 'MSG ID', value: (m) => m.msgId },
      { header: 'OFFSET MSG ID', value: (m) => m.offsetMsgId },
      { header: 'BROKER', value: (m) => m.brokerName ?? m.brokerAddr },
      { header: 'QID', value: (m) => m.queueId, align: 'right' },
      { header: 'OFFSET', value: (m) => m.queueOffset, align: 'right' },
      { header: 'STORE TIME', value: (m) => formatTimestamp(m.storeTimestamp) },
      { header: 'TAGS', value: (m) => m.tags },
      { header: 'KEYS', value: (m) => (m.keys?.length ? m.keys.join(' ') : null) },
      { header: preview ? 'SIZE' : 'BODY', value: (m) => `${m.body.length} B`, align: 'right' },
      ...(preview ? [{ header: 'BODY', value: (m: LocatedMessage) => bodyPreview(m, preview.maxChars, style) }] : []),
    ],
    messages,
    style,
  );
}

/** The whole message, field by field as the Java tool prints it, then the body. */
export function renderMessageDetail(m: LocatedMessage, style: Style, body: BodyOptions): string {
  const props = Object.entries(m.properties).map(([k, v]) => `${k}=${v}`).join(', ');
  const entries: Array<[string, string]> = [
    ['Msg ID', m.msgId],
    ['Offset Msg ID', m.offsetMsgId],
    ['Topic', m.topic],
    ['Broker', m.brokerName ? `${m.brokerName} (${m.brokerAddr})` : m.brokerAddr],
    ['Tags', m.tags ?? '-'],
    ['Keys', m.keys?.length ? m.keys.join(' ') : '-'],
    ['Queue ID', String(m.queueId)],
    ['Queue Offset', String(m.queueOffset)],
    ['CommitLog Offset', String(m.commitLogOffset)],
    ['Reconsume Times', String(m.reconsumeTimes)],
    ['Born Timestamp', formatTimestamp(m.bornTimestamp)],
    ['Store Timestamp', formatTimestamp(m.storeTimestamp)],
    ['Born Host', m.bornHost],
    ['Store Host', m.storeHost],
    ['System Flag', String(m.sysFlag)],
    ['Properties', `{${props}}`],
    ['Body', `${m.body.length} bytes${m.compression ? ` (stored ${m.compression}-compressed)` : ''}`],
  ];
  return `${renderKeyValues(entries, style)}\n\n${renderBody(m.body, style, body, m.compressed)}`;
}

export async function renderIndexQuery(r: IndexQueryResult, style: Style): Promise<string> {
  return renderMessageRows(r.messages, style);
}

export async function renderTrack(entries: readonly TrackEntry[], style: Style): Promise<string> {
  if (entries.length === 0) return style.dim('No consumer group consumes this topic.');
  return renderTable<TrackEntry>(
    [
      { header: 'CONSUMER GROUP', value: (e) => e.group },
      {
        header: 'STATUS',
        value: (e) => e.status,
        color: (t, e, s) => (e.status === 'CONSUMED' ? s.green(t) : e.status === 'NOT_CONSUMED_YET' || e.status === 'NOT_ONLINE' ? s.yellow(t) : t),
      },
      { header: 'CONSUMER OFFSET', value: (e) => e.consumerOffset, align: 'right' },
      { header: 'PAST IT', value: (e) => (e.consumed === null ? null : e.consumed ? 'yes' : 'no') },
      { header: 'ERROR', value: (e) => e.error },
    ],
    entries,
    style,
  );
}

export async function renderSendResult(r: SendResult, style: Style): Promise<string> {
  return renderTable<SendResult>(
    [
      { header: 'BROKER', value: (x) => x.brokerName },
      { header: 'QID', value: (x) => x.queueId, align: 'right' },
      { header: 'QUEUE OFFSET', value: (x) => x.queueOffset, align: 'right' },
      { header: 'STATUS', value: (x) => x.status, color: (t, x, s) => (x.status === 'SEND_OK' ? s.green(t) : s.yellow(t)) },
      { header: 'MSG ID', value: (x) => x.msgId },
      { header: 'OFFSET MSG ID', value: (x) => x.offsetMsgId },
    ],
    [r],
    style,
  );
}

/** printMsg: every message in full (`-d`), or one row each. */
export async function renderPrintResult(r: PrintResult, style: Style, printBody: boolean, body: BodyOptions): Promise<string> {
  if (r.messages.length === 0) return style.dim(`No message of ${r.topic} in the window.`);
  if (!printBody) return renderMessageRows(r.messages, style);
  return r.messages.map((m) => renderMessageDetail(m, style, body)).join(`\n\n${style.dim('-'.repeat(40))}\n\n`);
}

/** consumeMessage: the messages read (rows with their bodies, or in full), then what was read and left. */
export async function renderConsumeResult(r: ConsumeResult, style: Style, printBody: boolean, body: BodyOptions): Promise<string> {
  const parts: string[] = [];
  if (r.messages.length === 0) parts.push(style.dim(`No message of ${r.topic} to read${r.failures.length ? ' on the queues that answered' : ''}.`));
  else if (printBody) parts.push(r.messages.map((m) => renderMessageDetail(m, style, body)).join(`\n\n${style.dim('-'.repeat(40))}\n\n`));
  else parts.push(await renderMessageRows(r.messages, style, { bodyPreview: { maxChars: body.cut ? 80 : null } }));
  parts.push(style.dim(consumeSummary(r)));
  return parts.join('\n\n');
}

/** `3 messages, 2 queues read as TOOLS_CONSUMER (nothing committed); ...` */
export function consumeSummary(r: ConsumeResult): string {
  const read = r.queues.filter((q) => q.status === 'read' || q.status === 'cut');
  let text = `${r.read} message${r.read === 1 ? '' : 's'}, ${read.length} queue${read.length === 1 ? '' : 's'} read as ${r.consumerGroup} (nothing committed)`;
  if (r.truncated) {
    const cut = r.queues.filter((q) => q.status === 'cut').map((q) => `${q.brokerName}:${q.queueId} from offset ${q.next}`);
    const notRead = r.queues.filter((q) => q.status === 'not read').map((q) => `${q.brokerName}:${q.queueId}`);
    text += `; stopped at the count (-c ${r.count})`;
    if (cut.length) text += `, more in ${cut.join(', ')}`;
    if (notRead.length) text += `; not read: ${notRead.join(', ')}`;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Saving bodies (--body-file)

/**
 * Writes each message's body (decompressed) to `path`; with several messages, to `path.1`,
 * `path.2`, ... in the order shown. Returns the paths written.
 */
export function saveBodies(path: string, messages: readonly LocatedMessage[]): string[] {
  const paths = messages.length === 1 ? [path] : messages.map((_, i) => `${path}.${i + 1}`);
  messages.forEach((m, i) => writeFileSync(paths[i]!, m.body));
  return paths;
}

/** Details of each message, then (when asked) the consumer groups' track of each. */
export async function renderMessages(messages: readonly LocatedMessage[], style: Style, body: BodyOptions, tracks?: ReadonlyArray<TrackEntry[] | undefined>): Promise<string> {
  const parts: string[] = [];
  for (const [i, m] of messages.entries()) {
    let text = renderMessageDetail(m, style, body);
    const track = tracks?.[i];
    if (track) text += `\n\n${style.bold('Consumer groups')}\n${await renderTrack(track, style)}`;
    parts.push(text);
  }
  return parts.join(`\n\n${style.dim('-'.repeat(40))}\n\n`);
}
