// queryMsgTraceById: the life of a message as its trace tells it, one row per event in time
// order (sent, stored, each consumption attempt, transaction end, recall), then per consumer
// group how it ended.

import type { MessageTrace, TraceConsumer, TraceEvent } from '../../admin/trace.js';
import type { MessageTypeName } from '../../protocol/trace.js';
import { formatTimestamp } from '../format.js';
import type { Style } from '../style.js';
import { renderKeyValues, renderTable } from '../table.js';

const MESSAGE_TYPE_LABEL: Record<MessageTypeName, string> = {
  Normal_Msg: 'normal message',
  Trans_Msg_Half: 'transaction half message',
  Trans_msg_Commit: 'transaction commit',
  Delay_Msg: 'delayed message',
  Order_Msg: 'ordered message',
};

function eventName(e: TraceEvent): string {
  return e.kind === 'consumed' && e.success === false ? 'consume failed' : e.kind === 'transaction' ? 'transaction end' : e.kind;
}

function eventGroup(e: TraceEvent): string | null {
  return e.kind === 'stored' ? null : e.group;
}

function eventHost(e: TraceEvent): string {
  return e.kind === 'stored' ? e.storeHost : e.clientHost;
}

function eventStatus(e: TraceEvent): string | null {
  switch (e.kind) {
    case 'sent':
    case 'recalled':
      return e.success ? 'success' : 'failed';
    case 'stored':
      return null;
    case 'consumed':
      return e.success === null ? 'no result' : e.success ? 'success' : 'failed';
    case 'transaction':
      return e.state;
  }
}

function eventDetail(e: TraceEvent): string | null {
  switch (e.kind) {
    case 'sent': {
      const type = e.msgType ? MESSAGE_TYPE_LABEL[e.msgType] : 'message';
      return `${type}, body ${e.bodyLength} B${e.success ? '' : ', not stored'}`;
    }
    case 'stored':
      return `${e.offsetMsgId ? `offset msg id ${e.offsetMsgId}` : 'no offset msg id'} (the time the send was acknowledged)`;
    case 'consumed': {
      const parts = [e.reconsumeTimes === null ? 'delivery unknown' : e.reconsumeTimes === 0 ? 'first delivery' : `retry ${e.reconsumeTimes}`];
      if (e.success === null) parts.push('the trace has no result');
      else if (e.result && e.result !== 'SUCCESS') parts.push(e.result);
      return parts.join(', ');
    }
    case 'transaction':
      return e.fromTransactionCheck ? 'from a transaction check' : null;
    case 'recalled':
      return null;
  }
}

function colorStatus(text: string, s: Style): string {
  if (text === 'success' || text === 'consumed' || text === 'COMMIT_MESSAGE') return s.green(text);
  if (text === 'failed' || text === 'ROLLBACK_MESSAGE') return s.red(text);
  if (text === 'no result' || text === 'UNKNOW') return s.yellow(text);
  return text;
}

export async function renderTraceTimeline(events: readonly TraceEvent[], style: Style): Promise<string> {
  return renderTable<TraceEvent>(
    [
      { header: 'TIME', value: (e) => formatTimestamp(e.time) },
      { header: 'EVENT', value: eventName },
      { header: 'GROUP', value: eventGroup },
      { header: 'HOST', value: eventHost },
      { header: 'COST', value: (e) => (e.kind === 'stored' || e.kind === 'transaction' || e.kind === 'recalled' || e.costMs === null ? null : `${e.costMs} ms`), align: 'right' },
      { header: 'STATUS', value: eventStatus, color: (t, _e, s) => colorStatus(t, s) },
      { header: 'DETAIL', value: eventDetail },
    ],
    events,
    style,
  );
}

export async function renderTraceConsumers(consumers: readonly TraceConsumer[], style: Style): Promise<string> {
  return renderTable<TraceConsumer>(
    [
      { header: 'CONSUMER GROUP', value: (c) => c.group },
      { header: 'STATUS', value: (c) => c.status, color: (t, _c, s) => colorStatus(t, s) },
      { header: 'ATTEMPTS', value: (c) => c.attempts, align: 'right' },
      { header: 'RETRIES', value: (c) => c.retries, align: 'right' },
      { header: 'LAST', value: (c) => formatTimestamp(c.lastTime) },
      { header: 'CLIENTS', value: (c) => c.clients.join(', ') },
    ],
    consumers,
    style,
  );
}

/** The message (as the send record describes it), the timeline, then the consumer groups. */
export async function renderMessageTrace(t: MessageTrace, style: Style): Promise<string> {
  const head: Array<[string, string]> = [['Msg ID', t.msgId]];
  if (t.resolvedFrom) head.push(['Offset Msg ID', `${t.resolvedFrom} (given; its unique id is the trace key)`]);
  if (t.message) {
    head.push(['Topic', t.message.topic ?? '-'], ['Tags', t.message.tags ?? '-'], ['Keys', t.message.keys ?? '-']);
  } else {
    head.push(['Topic', style.dim('unknown: no send record (the producer did not trace it)')]);
  }
  head.push(['Trace', `${t.records.length} records in ${t.traceMessages} trace messages of ${t.traceTopic}`]);
  const parts = [renderKeyValues(head, style)];
  if (t.events.length === 0) {
    parts.push(style.dim('No trace record of this message on the brokers that answered.'));
    return parts.join('\n\n');
  }
  parts.push(await renderTraceTimeline(t.events, style));
  if (t.consumers.length > 0) parts.push(`${style.bold('Consumer groups')}\n${await renderTraceConsumers(t.consumers, style)}`);
  else parts.push(style.dim('No consumer group has traced consuming it.'));
  return parts.join('\n\n');
}
