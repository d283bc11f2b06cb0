// The message requests against real 4.9.8 frames: our builders send the extFields the Java tool
// sent, and the captured answers decode to what the Java tool printed.

import { describe, expect, it } from 'vitest';
import { keyMatcher, parseMessageId, uniqueKeyMatcher, type LocatedMessage } from '../../src/admin/messages.js';
import { InvalidArgumentError } from '../../src/admin/errors.js';
import { indexKeyHash } from '../../src/protocol/javaHash.js';
import { buildRequest, readResponse, type RequestDefinition } from '../../src/protocol/requests/define.js';
import {
  encodeProducerProperties,
  LONG_MAX,
  pullMessage,
  queryMessage,
  sendMessageV2,
  viewMessageById,
} from '../../src/protocol/requests/message.js';
import { decodeFrame } from '../../src/remoting/codec.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { bodyAsText, hexDump, messageJson, renderBody } from '../../src/render/views/message.js';
import { makeStyle } from '../../src/render/style.js';
import { scenarioFrames, transcript } from '../helpers/fixtures.js';

const SET = 'rocketmq-4.9.8';

function frame(scenario: string, file: string): RemotingCommand {
  const f = scenarioFrames(`${SET}/${scenario}`).find((x) => x.file === file);
  if (!f) throw new Error(`no frame ${file} in ${scenario}`);
  return decodeFrame(f.bytes);
}

/** The Java tool's extFields without the ACL signature fields (and the capture client's `ReqT` marker). */
function javaFields(cmd: RemotingCommand): Record<string, string> {
  const out = { ...(cmd.extFields ?? {}) };
  delete out.Signature;
  delete out.AccessKey;
  delete out.ReqT;
  return out;
}

function decode<A, R>(def: RequestDefinition<A, R>, res: RemotingCommand, args: A): R {
  return readResponse(def, res, args, '127.0.0.1:10911');
}

describe('QUERY_MESSAGE (12)', () => {
  it('builds the Java key query and decodes the captured answer', () => {
    const args = { topic: 'FxTopic', key: 'fxkey-3', maxNum: 64, beginTimestamp: 0, endTimestamp: LONG_MAX, uniqueKey: false };
    const req = buildRequest(queryMessage, args);
    expect(req.code).toBe(12);
    const sent = frame('queryMsgByKey', '006-c2s-10911-req-12.bin');
    expect(Object.fromEntries(Object.entries(req.extFields ?? {}).map(([k, v]) => [k, String(v)]))).toEqual(javaFields(sent));

    const answer = decode(queryMessage, frame('queryMsgByKey', '007-s2c-10911-resp-0.bin'), args);
    expect(answer.indexLastUpdatePhyoffset).toBe(1182);
    expect(answer.messages).toHaveLength(1);
    const m = answer.messages[0]!;
    // What the Java tool printed: `C0000202293E5FFD2B276CB338820003  3  0`.
    const row = transcript(`${SET}/queryMsgByKey`).split('\n')[2]!.trim().split(/\s+/);
    expect([m.msgId, String(m.queueId), String(m.queueOffset)]).toEqual(row);
    expect(m.offsetMsgId).toBe('7F00000100002A9F000000000000024F');
    expect(m.keys).toEqual(['fxkey-3']);
    expect(keyMatcher('FxTopic', 'fxkey-3')(m)).toBe(true);
    expect(keyMatcher('FxTopic', 'fxkey-30')(m)).toBe(false);
    expect(keyMatcher('OtherTopic', 'fxkey-3')(m)).toBe(false);
  });

  it('builds the Java unique-key query (maxNum 32, _UNIQUE_KEY_QUERY=true)', () => {
    const args = { topic: 'FxTopic', key: 'C0000202293E5FFD2B276CB338820003', maxNum: 32, beginTimestamp: 0, endTimestamp: LONG_MAX, uniqueKey: true };
    const req = buildRequest(queryMessage, args);
    const sent = frame('queryMsgByUniqueKey', '004-c2s-10911-req-12.bin');
    expect(Object.fromEntries(Object.entries(req.extFields ?? {}).map(([k, v]) => [k, String(v)]))).toEqual(javaFields(sent));
    const [m] = decode(queryMessage, frame('queryMsgByUniqueKey', '005-s2c-10911-resp-0.bin'), args).messages;
    expect(uniqueKeyMatcher('FxTopic', 'c0000202293e5ffd2b276cb338820003')(m!)).toBe(true);
    expect(uniqueKeyMatcher('FxTopic', 'C0000202293E5FFD2B276CB338820004')(m!)).toBe(false);
  });

  it('QUERY_NOT_FOUND is an answer with no messages', () => {
    const res = frame('error-queryMsgByKey-none', '005-s2c-10911-resp-22.bin');
    expect(res.code).toBe(22);
    const answer = decode(queryMessage, res, { topic: 'FxTopic', key: 'no-such-key', maxNum: 64, beginTimestamp: 0, endTimestamp: LONG_MAX, uniqueKey: false });
    expect(answer.messages).toEqual([]);
  });
});

describe('VIEW_MESSAGE_BY_ID (33)', () => {
  it('sends the offset the id carries and decodes the one record, as the Java tool printed it', () => {
    const id = parseMessageId('7F00000100002A9F000000000000024F');
    expect(id.kind).toBe('offset');
    if (id.kind !== 'offset') return;
    expect(id.address).toBe('127.0.0.1:10911');
    const req = buildRequest(viewMessageById, { offset: id.commitLogOffset });
    expect(Object.fromEntries(Object.entries(req.extFields ?? {}).map(([k, v]) => [k, String(v)]))).toEqual(javaFields(frame('queryMsgById', '002-c2s-10911-req-33.bin')));
    const m = decode(viewMessageById, frame('queryMsgById', '003-s2c-10911-resp-0.bin'), { offset: id.commitLogOffset });
    const java = transcript(`${SET}/queryMsgById`);
    const field = (name: string) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(java)![1]!.trim();
    expect(m.offsetMsgId).toBe(field('OffsetID'));
    expect(m.topic).toBe(field('Topic'));
    expect(`[${m.tags}]`).toBe(field('Tags'));
    expect(`[${m.keys!.join(', ')}]`).toBe(field('Keys'));
    expect(String(m.queueId)).toBe(field('Queue ID'));
    expect(String(m.queueOffset)).toBe(field('Queue Offset'));
    expect(String(m.commitLogOffset)).toBe(field('CommitLog Offset'));
    expect(m.bornHost).toBe(field('Born Host'));
    expect(m.storeHost).toBe(field('Store Host'));
    expect(m.uniqKey).toBe('C0000202293E5FFD2B276CB338820003');
    expect(m.body.toString()).toBe('body fxkey-3');
  });
});

describe('PULL_MESSAGE (11)', () => {
  it('pulls as TOOLS_CONSUMER with sysFlag 4, like the Java queryMsgByOffset', () => {
    const args = { topic: 'FxTopic', queueId: 0, queueOffset: 0, maxMsgNums: 1, brokerName: 'broker-a' };
    const req = buildRequest(pullMessage, args);
    expect(Object.fromEntries(Object.entries(req.extFields ?? {}).map(([k, v]) => [k, String(v)]))).toEqual(javaFields(frame('queryMsgByOffset', '006-c2s-10911-req-11.bin')));
    const answer = decode(pullMessage, frame('queryMsgByOffset', '007-s2c-10911-resp-0.bin'), args);
    expect(answer).toMatchObject({ status: 'FOUND', nextBeginOffset: 1, minOffset: 0, maxOffset: 2 });
    const m = answer.messages[0]!;
    expect(m.offsetMsgId).toBe('7F00000100002A9F0000000000000000');
    expect(m.uniqKey).toBe('C0000202293E5FFD2B276CB3381A0000');
    // The Java tool shows these two properties, added by the consumer from the response header.
    expect(m.properties).toMatchObject({ MIN_OFFSET: '0', MAX_OFFSET: '2', KEYS: 'fxkey-0' });
  });
});

describe('SEND_MESSAGE_V2 (310)', () => {
  it('builds the header of the Java sendMessage, properties in the Java HashMap order', () => {
    const sent = frame('sendMessage', '006-c2s-10911-req-310.bin');
    const props = encodeProducerProperties([
      ['TAGS', 'TagA'],
      ['KEYS', 'fxsend-1'],
      ['WAIT', 'true'],
      ['UNIQ_KEY', 'C000020229FC4E0E2F2A6CB34CF00000'],
    ]);
    const args = {
      producerGroup: '1795314889661', topic: 'FxTopic', queueId: 2, sysFlag: 0, bornTimestamp: 1795314889969, flag: 0,
      properties: props, brokerName: 'broker-a', body: Buffer.from('hello from mqadmin'),
    };
    const req = buildRequest(sendMessageV2, args);
    expect(Object.fromEntries(Object.entries(req.extFields ?? {}).map(([k, v]) => [k, String(v)]))).toEqual(javaFields(sent));
    expect(req.body).toEqual(sent.body);
    const answer = decode(sendMessageV2, frame('sendMessage', '007-s2c-10911-resp-0.bin'), args);
    expect(answer).toMatchObject({ status: 'SEND_OK', offsetMsgId: '7F00000100002A9F000000000000049E', queueId: 2, queueOffset: 1 });
  });

  it('orders properties as the captured Java producer did', () => {
    const sent = frame('producer-java', '006-c2s-10911-req-310.bin');
    expect(encodeProducerProperties([['TAGS', 'TagA'], ['KEYS', 'fxkey-0'], ['WAIT', 'true'], ['UNIQ_KEY', 'C0000202293E5FFD2B276CB3381A0000']])).toBe(sent.extFields!.i);
  });
});

describe('ids and matching', () => {
  it('a malformed id is a usage error; both kinds are told apart', () => {
    expect(() => parseMessageId('XYZ')).toThrow(InvalidArgumentError);
    expect(() => parseMessageId('7F00000100002A9F000000000000024G')).toThrow(InvalidArgumentError);
    expect(parseMessageId('C0000202293E5FFD2B276CB338820003').kind).toBe('unique');
    expect(parseMessageId('7f00000100002a9f000000000000024f').kind).toBe('offset');
  });

  it('keys Aa and BB collide in the index; the matcher tells them apart', () => {
    expect(indexKeyHash('T', 'Aa')).toBe(indexKeyHash('T', 'BB'));
    const m = { topic: 'T', keys: ['x', 'BB'], msgId: 'A' } as unknown as LocatedMessage;
    expect(keyMatcher('T', 'BB')(m)).toBe(true);
    expect(keyMatcher('T', 'Aa')(m)).toBe(false);
  });
});

describe('bodies', () => {
  const style = makeStyle(false);
  it('text is shown as text, binary as hex; long bodies are cut only when asked', () => {
    expect(bodyAsText(Buffer.from('héllo\nworld'))).toBe('héllo\nworld');
    expect(bodyAsText(Buffer.from([0xff, 0x00, 0x01]))).toBeNull();
    expect(bodyAsText(Buffer.from('a\u0001b'))).toBeNull();
    expect(hexDump(Buffer.from('ABC\u0000'))).toBe(`00000000  ${'41 42 43 00'.padEnd(47)}  ABC.`);
    const long = Buffer.from('x'.repeat(5000));
    expect(renderBody(long, style, { cut: false })).toBe('x'.repeat(5000));
    const cut = renderBody(long, style, { cut: true, maxChars: 100 });
    expect(cut.startsWith(`${'x'.repeat(100)}\n`)).toBe(true);
    expect(cut).toMatch(/4900 more characters \(--full-body shows all/);
  });

  it('JSON carries text bodies as text and binary ones as base64', () => {
    const base = { topic: 'T', properties: {}, keys: ['k'], brokerName: 'b', brokerAddr: 'a', compressed: false } as unknown as LocatedMessage;
    expect(messageJson({ ...base, body: Buffer.from('hi') })).toMatchObject({ body: 'hi', bodyEncoding: 'utf8', bodySize: 2 });
    expect(messageJson({ ...base, body: Buffer.from([0, 255]) })).toMatchObject({ body: 'AP8=', bodyEncoding: 'base64', bodySize: 2 });
  });
});
