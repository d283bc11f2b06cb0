import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  MESSAGE_MAGIC_V1,
  MessageDecodeError,
  MessageSysFlag,
  ZLIB_COMPRESSED_SYSFLAG,
  bodyCrc,
  compressionTypeOf,
  crc32,
  crc32Portable,
  decodeBatchBody,
  decodeMessage,
  decodeMessages,
  decodeMessagesDetailed,
  encodeBatchBody,
  encodeMessage,
  type EncodeMessageInput,
  type MessageExt,
} from '../../src/protocol/message.js';
import { createOffsetMessageId, decodeMessageId } from '../../src/protocol/messageId.js';
import { encodeMessageProperties } from '../../src/protocol/properties.js';

const SCENARIOS = fileURLToPath(new URL('../fixtures/rocketmq-4.9.8/', import.meta.url));

/** Body of a captured frame: everything after the 8-byte prefix and the header (framing.md §2). */
function body(scenario: string, file: string): Buffer {
  const buf = readFileSync(join(SCENARIOS, scenario, file));
  return buf.subarray(8 + (buf.readInt32BE(4) & 0xffffff));
}

function transcript(scenario: string): string {
  return readFileSync(join(SCENARIOS, scenario, 'transcript.txt'), 'utf8');
}

/** Re-encodes a decoded record with the fields Java stored (4.9.8 properties have no final \u0002). */
function reencode(m: MessageExt): Buffer {
  return encodeMessage({
    ...m,
    body: m.body,
    properties: encodeMessageProperties(m.properties, { trailingSeparator: false }),
  });
}

const HELLO: EncodeMessageInput = {
  topic: 'TopicTest',
  queueId: 1,
  bornTimestamp: 1700000000000,
  bornHost: '127.0.0.1:54321',
  storeTimestamp: 1700000000005,
  storeHost: '127.0.0.1:10911',
  body: 'Hello',
  properties: { UNIQ_KEY: '7F00000100002A9F0000000000000000', WAIT: 'true', TAGS: 'TagA', KEYS: 'k1 k2' },
};

describe('encodeMessage (message-format.md §1)', () => {
  it('reproduces the verified 178-byte 5.3.3 record', () => {
    const expected = Buffer.from(
      [
        '000000b2 daa320a7 77d18982 00000001 00000000',
        '0000000000000000 0000000000000000 00000000',
        '0000018bcfe56800 7f000001 0000d431',
        '0000018bcfe56805 7f000001 00002a9f',
        '00000000 0000000000000000',
        '00000005 48656c6c6f',
        '09 546f70696354657374',
        '0049',
        Buffer.from('UNIQ_KEY\u00017F00000100002A9F0000000000000000\u0002WAIT\u0001true\u0002TAGS\u0001TagA\u0002KEYS\u0001k1 k2\u0002').toString('hex'),
      ]
        .join('')
        .replace(/ /g, ''),
      'hex',
    );
    const encoded = encodeMessage(HELLO);
    expect(encoded.length).toBe(178);
    expect(encoded.toString('hex')).toBe(expected.toString('hex'));
    expect(encoded.readInt32BE(8)).toBe(2010220930);

    const [m] = decodeMessages(encoded);
    expect(m).toMatchObject({
      topic: 'TopicTest',
      queueId: 1,
      bornHost: '127.0.0.1:54321',
      storeHost: '127.0.0.1:10911',
      storeTimestamp: 1700000000005,
      tags: 'TagA',
      keys: ['k1', 'k2'],
      msgId: '7F00000100002A9F0000000000000000',
      offsetMsgId: '7F00000100002A9F0000000000000000',
      storeSize: 178,
      magic: 'v1',
    });
    expect(m?.properties.WAIT).toBe('true');
  });

  it('rejects topics and properties that do not fit', () => {
    expect(() => encodeMessage({ ...HELLO, topic: 'x'.repeat(128), magic: 'v1' })).toThrow(RangeError);
    expect(() => encodeMessage({ ...HELLO, properties: { k: 'v'.repeat(40000) } })).toThrow(RangeError);
  });
});

describe('decodeMessages on captured 4.9.8 bodies (§4)', () => {
  it('decodes the VIEW_MESSAGE_BY_ID record of queryMsgById as mqadmin printed it', () => {
    const raw = body('queryMsgById', '003-s2c-10911-resp-0.bin');
    const m = decodeMessage(raw);
    // transcript.txt of queryMsgById -i 7F00000100002A9F000000000000024F
    expect(m.offsetMsgId).toBe('7F00000100002A9F000000000000024F');
    expect(m.topic).toBe('FxTopic');
    expect(m.tags).toBe('TagA');
    expect(m.keys).toEqual(['fxkey-3']);
    expect(m.queueId).toBe(3);
    expect(m.queueOffset).toBe(0);
    expect(m.commitLogOffset).toBe(591);
    expect(m.reconsumeTimes).toBe(0);
    expect(new Date(m.bornTimestamp).toISOString()).toBe('2026-11-22T02:34:44.738Z');
    expect(new Date(m.storeTimestamp).toISOString()).toBe('2026-11-22T02:34:44.740Z');
    expect(m.bornHost).toBe('127.0.0.1:60666');
    expect(m.storeHost).toBe('127.0.0.1:10911');
    expect(m.sysFlag).toBe(0);
    expect(m.properties).toEqual({ KEYS: 'fxkey-3', UNIQ_KEY: 'C0000202293E5FFD2B276CB338820003', CLUSTER: 'DefaultCluster', TAGS: 'TagA' });
    expect(m.uniqKey).toBe('C0000202293E5FFD2B276CB338820003');
    expect(m.msgId).toBe('C0000202293E5FFD2B276CB338820003');
    expect(m.body.toString()).toBe('body fxkey-3');
    expect(m.storeSize).toBe(197);
    expect(m.bodyCRC).toBe(bodyCrc(m.body));
    expect(m.compressed).toBe(false);
    expect(m.preparedTransactionOffset).toBe(0);
    expect(reencode(m).equals(raw)).toBe(true);
  });

  it('decodes the QUERY_MESSAGE answers of queryMsgByKey / queryMsgByUniqueKey', () => {
    const byKey = decodeMessages(body('queryMsgByKey', '007-s2c-10911-resp-0.bin'));
    const byUniq = decodeMessages(body('queryMsgByUniqueKey', '005-s2c-10911-resp-0.bin'));
    expect(byKey).toHaveLength(1);
    expect(byKey[0]?.keys).toContain('fxkey-3');
    expect(byKey[0]?.topic).toBe('FxTopic');
    // mqadmin printed "C0000202293E5FFD2B276CB338820003  3  0".
    expect([byKey[0]?.msgId, byKey[0]?.queueId, byKey[0]?.queueOffset]).toEqual(['C0000202293E5FFD2B276CB338820003', 3, 0]);
    expect(byUniq[0]?.uniqKey).toBe('C0000202293E5FFD2B276CB338820003');
  });

  it('decodes the PULL_MESSAGE answer of queryMsgByOffset', () => {
    const [m] = decodeMessages(body('queryMsgByOffset', '007-s2c-10911-resp-0.bin'));
    expect(m?.offsetMsgId).toBe('7F00000100002A9F0000000000000000');
    expect(m?.keys).toEqual(['fxkey-0']);
    expect(m?.uniqKey).toBe('C0000202293E5FFD2B276CB3381A0000');
    expect(m?.commitLogOffset).toBe(0);
    expect(new Date(m?.bornTimestamp ?? 0).toISOString()).toBe('2026-11-22T02:34:44.634Z');
    expect(new Date(m?.storeTimestamp ?? 0).toISOString()).toBe('2026-11-22T02:34:44.666Z');
  });

  it('decodes every record the Java push consumer received, with the producer-side ids', () => {
    const files = ['030-s2c-10911-resp-0.bin', '031-s2c-10911-resp-0.bin', '032-s2c-10911-resp-0.bin', '033-s2c-10911-resp-0.bin'];
    const messages: MessageExt[] = [];
    for (const f of files) {
      const raw = body('consumer-java', f);
      const result = decodeMessagesDetailed(raw);
      expect(result.trailingBytes).toBe(0);
      expect(result.error).toBeUndefined();
      expect(Buffer.concat(result.messages.map(reencode)).equals(raw)).toBe(true);
      messages.push(...result.messages);
    }
    // "N RECV q=.. qoff=.. keys=.. msgId=.. reconsume=.. born=.." lines of the Java consumer.
    const received = [...transcript('consumer-java').matchAll(/RECV q=(\d+) qoff=(\d+) keys=(\S+) msgId=(\w+) reconsume=(\d+) born=(\d+)/g)].map((m) => ({
      queueId: Number(m[1]),
      queueOffset: Number(m[2]),
      keys: [m[3]],
      msgId: m[4],
      reconsumeTimes: Number(m[5]),
      bornTimestamp: Number(m[6]),
    }));
    expect(received).toHaveLength(7);
    const decoded = messages.map((m) => ({
      queueId: m.queueId,
      queueOffset: m.queueOffset,
      keys: m.keys,
      msgId: m.msgId,
      reconsumeTimes: m.reconsumeTimes,
      bornTimestamp: m.bornTimestamp,
    }));
    const order = (a: { msgId?: string }, b: { msgId?: string }) => String(a.msgId).localeCompare(String(b.msgId));
    expect([...decoded].sort(order)).toEqual([...received].sort(order));

    // The broker's offset ids of the producer-java sends (SendResult.offsetMsgId).
    const sent = new Map([...transcript('producer-java').matchAll(/key=(\S+) msgId=(\w+) offsetMsgId=(\w+)/g)].map((m) => [m[1], m[3]]));
    sent.set('fxsend-1', '7F00000100002A9F000000000000049E'); // sendMessage scenario's response msgId
    for (const m of messages) {
      expect(m.offsetMsgId).toBe(sent.get(m.keys?.[0] ?? ''));
      expect(m.body.toString()).toBe(m.keys?.[0] === 'fxsend-1' ? 'hello from mqadmin' : `body ${m.keys?.[0]}`);
      expect(m.topic).toBe('FxTopic');
      expect(m.storeHost).toBe('127.0.0.1:10911');
    }
  });

  it('stops at a truncated record and reports the leftover bytes', () => {
    const raw = body('consumer-java', '030-s2c-10911-resp-0.bin');
    expect(raw.length).toBe(394);
    const cut = decodeMessagesDetailed(raw.subarray(0, raw.length - 10));
    expect(cut.messages).toHaveLength(1);
    expect(cut.messages[0]?.keys).toEqual(['fxkey-0']);
    expect(cut.trailingBytes).toBe(187);
    expect(cut.error).toMatch(/TOTALSIZE 197/);
    expect(decodeMessages(raw.subarray(0, 3))).toEqual([]);
    expect(decodeMessagesDetailed(raw.subarray(0, 3)).trailingBytes).toBe(3);
    expect(decodeMessagesDetailed(Buffer.alloc(0))).toEqual({ messages: [], trailingBytes: 0 });
  });

  it('stops at a garbled record (bad magic, inconsistent TOTALSIZE)', () => {
    const raw = Buffer.from(body('consumer-java', '030-s2c-10911-resp-0.bin'));
    const badMagic = Buffer.from(raw);
    badMagic.writeInt32BE(0x12345678, 197 + 4);
    expect(decodeMessagesDetailed(badMagic)).toMatchObject({ trailingBytes: 197, error: expect.stringMatching(/MAGICCODE/) });
    const badSize = Buffer.from(raw);
    badSize.writeInt32BE(150, 0);
    const r = decodeMessagesDetailed(badSize);
    expect(r.messages).toHaveLength(0);
    expect(r.trailingBytes).toBe(394);
    expect(() => decodeMessage(raw)).toThrow(MessageDecodeError);
    expect(() => decodeMessage(badMagic.subarray(197))).toThrow(MessageDecodeError);
  });
});

describe('hosts, compression and magic', () => {
  it('encodes and decodes IPv6 born/store hosts (sysFlag bits 4 and 5)', () => {
    const encoded = encodeMessage({ ...HELLO, bornHost: '[::1]:54321', storeHost: '[2001:db8::5]:10911', commitLogOffset: 1234, queueOffset: 7 });
    expect(encoded.length).toBe(178 + 24);
    const m = decodeMessage(encoded);
    expect(m.sysFlag & (MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6)).toBe(0x30);
    expect(m.bornHost).toBe('[::1]:54321');
    expect(m.storeHost).toBe('[2001:db8::5]:10911');
    expect(m.offsetMsgId).toHaveLength(56);
    expect(m.offsetMsgId).toBe(createOffsetMessageId('[2001:db8::5]:10911', 1234));
    expect(decodeMessageId(m.offsetMsgId)).toMatchObject({ kind: 'offset', address: '[2001:db8::5]:10911', commitLogOffset: 1234n });
    expect(m.queueOffset).toBe(7);
    expect(m.body.toString()).toBe('Hello');

    // Only the store host in IPv6; a stale V6 bit in the input is corrected.
    const mixed = decodeMessage(encodeMessage({ ...HELLO, sysFlag: MessageSysFlag.BORNHOST_V6, storeHost: '[::ffff:10.0.0.1]:10911' }));
    expect(mixed.sysFlag).toBe(MessageSysFlag.STOREHOST_V6);
    expect(mixed.bornHost).toBe('127.0.0.1:54321');
    expect(mixed.storeHost).toBe('[::ffff:10.0.0.1]:10911');
  });

  it('inflates zlib bodies (sysFlag 0x301 and legacy 0x1) and keeps BODYCRC over the stored bytes', () => {
    const text = 'RocketMQ '.repeat(600);
    const deflated = zlib.deflateSync(Buffer.from(text), { level: 5 });
    for (const sysFlag of [ZLIB_COMPRESSED_SYSFLAG, MessageSysFlag.COMPRESSED]) {
      const encoded = encodeMessage({ ...HELLO, sysFlag, body: deflated });
      const m = decodeMessage(encoded);
      expect(m.body.toString()).toBe(text);
      expect(m.compressed).toBe(false);
      expect(m.compression).toBe('zlib');
      expect(m.sysFlag).toBe(sysFlag);
      expect(m.bodyCRC).toBe(bodyCrc(deflated));
      const raw = decodeMessage(encoded, { decompress: false });
      expect(raw.compressed).toBe(true);
      expect(raw.body.equals(deflated)).toBe(true);
    }
  });

  it('keeps LZ4/ZSTD bodies and corrupt zlib bodies raw instead of failing', () => {
    const lz4 = decodeMessage(encodeMessage({ ...HELLO, sysFlag: MessageSysFlag.COMPRESSED | (1 << 8), body: 'not-really-lz4' }));
    expect(lz4).toMatchObject({ compressed: true, compression: 'lz4' });
    expect(lz4.body.toString()).toBe('not-really-lz4');
    expect(compressionTypeOf(MessageSysFlag.COMPRESSED | (2 << 8))).toBe('zstd');
    expect(compressionTypeOf(2 << 8)).toBeUndefined();
    const corrupt = decodeMessagesDetailed(
      Buffer.concat([encodeMessage({ ...HELLO, sysFlag: ZLIB_COMPRESSED_SYSFLAG, body: 'garbage' }), encodeMessage(HELLO)]),
    );
    expect(corrupt.messages.map((m) => m.compressed)).toEqual([true, false]);
    expect(corrupt.messages[0]?.body.toString()).toBe('garbage');
  });

  it('writes V2 records (2-byte topic length) for topics longer than 127 bytes', () => {
    const topic = 'T'.repeat(200);
    const encoded = encodeMessage({ ...HELLO, topic });
    expect(encoded.readInt32BE(4)).not.toBe(MESSAGE_MAGIC_V1);
    const m = decodeMessage(encoded);
    expect(m.magic).toBe('v2');
    expect(m.topic).toBe(topic);
    expect(decodeMessage(encodeMessage({ ...HELLO, magic: 'v2' }))).toMatchObject({ magic: 'v2', topic: 'TopicTest' });
  });

  it('computes CRC-32 with and without zlib.crc32', () => {
    expect(crc32(Buffer.from('Hello'))).toBe(0xf7d18982);
    expect(crc32Portable(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32Portable(Buffer.from('Hello'))).toBe(0xf7d18982);
    expect(crc32Portable(Buffer.alloc(0))).toBe(0);
    const random = zlib.deflateSync(Buffer.from('x'.repeat(1000) + Math.random()));
    expect(crc32Portable(random)).toBe(crc32(random));
    expect(bodyCrc(Buffer.from('Hello'))).toBe(2010220930);
  });
});

describe('SEND_BATCH_MESSAGE body (§5)', () => {
  it('reproduces the verified 37-byte example and decodes it', () => {
    const encoded = encodeBatchBody([{ body: 'A', properties: { a: '1', WAIT: 'true' } }]);
    expect(encoded.toString('hex')).toBe('00000025' + '00000000' + '00000000' + '00000000' + '00000001' + '41' + '000e' + '6101310257414954017472756502');
    expect(decodeBatchBody(encoded)).toEqual([{ flag: 0, body: Buffer.from('A'), properties: { a: '1', WAIT: 'true' } }]);
  });

  it('round-trips several messages and rejects malformed batches', () => {
    const encoded = encodeBatchBody([
      { flag: 3, body: Buffer.from([0, 1, 2]), properties: { UNIQ_KEY: 'C0000202293E5FFD2B276CB3381A0000', KEYS: 'a b' } },
      { body: '', properties: 'x\u0001y' },
    ]);
    const decoded = decodeBatchBody(encoded);
    expect(decoded).toHaveLength(2);
    expect(decoded[0]).toEqual({ flag: 3, body: Buffer.from([0, 1, 2]), properties: { UNIQ_KEY: 'C0000202293E5FFD2B276CB3381A0000', KEYS: 'a b' } });
    expect(decoded[1]).toEqual({ flag: 0, body: Buffer.alloc(0), properties: { x: 'y' } });
    expect(() => decodeBatchBody(encoded.subarray(0, encoded.length - 1))).toThrow(MessageDecodeError);
    const wrongSize = Buffer.from(encoded);
    wrongSize.writeInt32BE(99, 0);
    expect(() => decodeBatchBody(wrongSize)).toThrow(/TOTALSIZE 99/);
  });
});
