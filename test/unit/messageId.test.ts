import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFastJson, type FastJsonObject } from '../../src/protocol/fastjson.js';
import {
  InvalidAddressError,
  MalformedMessageIdError,
  UniqueIdGenerator,
  classifyMessageId,
  createOffsetMessageId,
  decodeMessageId,
  decodeUniqueMessageId,
  defaultClientIp,
  formatHostPort,
  formatIp,
  parseHostPort,
  parseIp,
} from '../../src/protocol/messageId.js';

const SCENARIOS = fileURLToPath(new URL('../fixtures/rocketmq-4.9.8/', import.meta.url));

function transcript(scenario: string): string {
  return readFileSync(join(SCENARIOS, scenario, 'transcript.txt'), 'utf8');
}

function extFields(scenario: string, file: string): FastJsonObject {
  const buf = readFileSync(join(SCENARIOS, scenario, file));
  const header = parseFastJson(buf.subarray(8, 8 + (buf.readInt32BE(4) & 0xffffff))) as FastJsonObject;
  return header.extFields as FastJsonObject;
}

/** The six sends of producer-java: SendResult ids from the transcript, born time from header `g`. */
function producerSends(): Array<{ key: string; msgId: string; offsetMsgId: string; born: number }> {
  const files = ['006', '008', '010', '012', '014', '016'].map((n) => `${n}-c2s-10911-req-310.bin`);
  const lines = [...transcript('producer-java').matchAll(/key=(\S+) msgId=(\w+) offsetMsgId=(\w+)/g)];
  expect(lines).toHaveLength(6);
  return lines.map((m, i) => ({ key: m[1] as string, msgId: m[2] as string, offsetMsgId: m[3] as string, born: Number(extFields('producer-java', files[i] as string).g) }));
}

describe('offset message ids (message-format.md §8.1)', () => {
  it('builds the verified example', () => {
    expect(createOffsetMessageId('127.0.0.1:10911', 1234)).toBe('7F00000100002A9F00000000000004D2');
    expect(createOffsetMessageId('127.0.0.1:10911', 1234n)).toBe('7F00000100002A9F00000000000004D2');
  });

  it('reproduces and decodes the ids the broker returned to producer-java', () => {
    const offsets = [0, 197, 394, 591, 788, 985];
    producerSends().forEach((send, i) => {
      expect(createOffsetMessageId('127.0.0.1:10911', offsets[i] as number)).toBe(send.offsetMsgId);
      expect(decodeMessageId(send.offsetMsgId)).toEqual({
        kind: 'offset',
        address: '127.0.0.1:10911',
        ip: '127.0.0.1',
        port: 10911,
        commitLogOffset: BigInt(offsets[i] as number),
      });
    });
  });

  it('decodes the id given to queryMsgById into the VIEW_MESSAGE_BY_ID request mqadmin sent', () => {
    const id = /-i (\w+)/.exec(transcript('queryMsgById'))?.[1] as string;
    const decoded = decodeMessageId(id);
    expect(decoded.kind).toBe('offset');
    if (decoded.kind !== 'offset') return;
    // 002-c2s-10911-req-33: VIEW_MESSAGE_BY_ID to port 10911 with "offset":"591".
    expect(String(decoded.commitLogOffset)).toBe(extFields('queryMsgById', '002-c2s-10911-req-33.bin').offset);
    expect(decoded.address).toBe('127.0.0.1:10911');
  });

  it('accepts lower case and IPv6 ids (56 hex digits)', () => {
    expect(decodeMessageId('7f00000100002a9f00000000000004d2')).toMatchObject({ kind: 'offset', commitLogOffset: 1234n });
    const v6 = createOffsetMessageId('[fe80::1]:10911', 2n ** 40n);
    expect(v6).toBe('FE800000000000000000000000000001' + '00002A9F' + '0000010000000000');
    expect(decodeMessageId(v6)).toEqual({ kind: 'offset', address: '[fe80::1]:10911', ip: 'fe80::1', port: 10911, commitLogOffset: 2n ** 40n });
  });
});

describe('unique message ids (§8.2) and classification (§8.3)', () => {
  it('decodes the UNIQ_KEYs of producer-java; their time part is the born time', () => {
    producerSends().forEach((send, counter) => {
      expect(classifyMessageId(send.msgId)).toBe('unique');
      const d = decodeMessageId(send.msgId, { utc: true, now: send.born + 60_000 });
      expect(d).toEqual({
        kind: 'unique',
        ip: '192.0.2.2',
        pid: 0x293e,
        classLoaderHash: 0x5ffd2b27,
        monthOffsetMs: send.born - Date.UTC(2026, 10, 1),
        counter,
        approxTime: send.born,
      });
    });
  });

  it('decodes the id mqadmin sendMessage generated (another process: other pid and hash)', () => {
    const id = /SEND_OK\s+(\w+)/.exec(transcript('sendMessage'))?.[1] as string;
    expect(id).toBe('C000020229FC4E0E2F2A6CB34CF00000');
    const header = extFields('sendMessage', '006-c2s-10911-req-310.bin');
    expect(String(header.i)).toContain(`UNIQ_KEY\u0001${id}`);
    expect(decodeMessageId(id, { utc: true, now: Date.UTC(2026, 11, 15) })).toEqual({
      kind: 'unique',
      ip: '192.0.2.2',
      pid: 0x29fc,
      classLoaderHash: 0x4e0e2f2a,
      monthOffsetMs: 0x6cb34cf0,
      counter: 0,
      // Taken when the Message object was built, 1 ms before the born time "g".
      approxTime: Number(header.g) - 1,
    });
  });

  it('places the time in the previous month when the current one would be in the future', () => {
    const id = 'C0000202293E5FFD2B276CB3381A0000';
    const born = Date.UTC(2026, 10, 22, 2, 34, 44, 634);
    // Just after the next month started: Dec 1 + 21 days is ahead, so November.
    expect(decodeUniqueMessageId(id, { utc: true, now: Date.UTC(2026, 11, 1, 0, 0, 1) }).approxTime).toBe(born);
    // One ms before the born time, November would be in the future: Java picks October.
    expect(decodeUniqueMessageId(id, { utc: true, now: born - 1 }).approxTime).toBe(Date.UTC(2026, 9, 22, 2, 34, 44, 634));
    // Java compares with >=, so "exactly now" also goes back a month.
    expect(decodeUniqueMessageId(id, { utc: true, now: born }).approxTime).toBe(Date.UTC(2026, 9, 22, 2, 34, 44, 634));
  });

  it('classifies by the port field exactly like Java', () => {
    expect(classifyMessageId('7F00000100002A9F0000000000000000')).toBe('offset');
    expect(classifyMessageId('7F0000010000FFFF0000000000000000')).toBe('offset');
    expect(classifyMessageId('7F0000010001000000000000000000AB')).toBe('unique');
    expect(classifyMessageId('7F000001800000000000000000000000')).toBe('unique');
    // A UNIQ_KEY whose pid has zero low 16 bits and a small hash passes as an offset id, as in Java.
    const lucky = new UniqueIdGenerator({ ip: '10.0.0.1', pid: 0x10000, classLoaderHash: 0x00001234, now: () => Date.UTC(2026, 0, 2), utc: true }).next();
    expect(decodeMessageId(lucky)).toMatchObject({ kind: 'offset', port: 0, address: '10.0.0.1:0' });
    expect(decodeUniqueMessageId(lucky)).toMatchObject({ pid: 0, classLoaderHash: 0x1234, counter: 0 });
  });

  it('throws MalformedMessageIdError on bad ids', () => {
    for (const bad of ['', '7F', '7F00000100002A9F000000000000000', '7F00000100002A9F00000000000000000', 'Z'.repeat(32), `${'0'.repeat(55)}g`]) {
      expect(() => decodeMessageId(bad)).toThrow(MalformedMessageIdError);
      expect(() => classifyMessageId(bad)).toThrow(MalformedMessageIdError);
    }
    expect(() => decodeMessageId('xyz')).toThrow(/expected 32 \(IPv4\) or 56 \(IPv6\)/);
  });
});

describe('UniqueIdGenerator', () => {
  it('rebuilds the exact ids of the Java producer', () => {
    const sends = producerSends();
    let i = 0;
    const gen = new UniqueIdGenerator({ ip: '192.0.2.2', pid: 10558, classLoaderHash: 0x5ffd2b27, utc: true, now: () => (sends[i++] as { born: number }).born });
    expect(sends.map(() => gen.next())).toEqual(sends.map((s) => s.msgId));
  });

  it('uses the low 16 pid bits, signed hashes, a wrapping counter and unsigned month offsets', () => {
    const end = Date.UTC(2026, 0, 31, 23, 59, 59, 999);
    const gen = new UniqueIdGenerator({ ip: Buffer.from([1, 2, 3, 4]), pid: 0x1abcd, classLoaderHash: -1, counter: 0xffff, utc: true, now: () => end });
    const a = gen.next();
    const b = gen.next();
    // 30 days 23:59:59.999 = 2678399999 ms overflows Java's int; the bits stay those of the unsigned value.
    expect(a).toBe('01020304' + 'ABCD' + 'FFFFFFFF' + '9FA523FF' + 'FFFF');
    expect(b.slice(-4)).toBe('0000');
    expect(decodeUniqueMessageId(a, { utc: true, now: Date.UTC(2026, 1, 1, 0, 0, 5) })).toMatchObject({
      pid: 0xabcd,
      classLoaderHash: -1,
      monthOffsetMs: 2678399999,
      approxTime: end,
    });
  });

  it('restarts the month offset when a month boundary passes', () => {
    let now = Date.UTC(2026, 10, 30, 23, 59, 59, 999);
    const gen = new UniqueIdGenerator({ ip: '192.0.2.2', pid: 1, classLoaderHash: 1, utc: true, now: () => now });
    expect(decodeUniqueMessageId(gen.next()).monthOffsetMs).toBe(29 * 86_400_000 + 86_399_999);
    now = Date.UTC(2026, 11, 1, 0, 0, 0, 7);
    expect(decodeUniqueMessageId(gen.next()).monthOffsetMs).toBe(7);
  });

  it('builds 56-digit ids for IPv6 clients and has sane defaults', () => {
    const v6 = new UniqueIdGenerator({ ip: '2001:db8::1', pid: 2, classLoaderHash: 3, utc: true, now: () => Date.UTC(2026, 5, 1, 0, 0, 1) }).next();
    expect(v6).toHaveLength(56);
    expect(decodeMessageId(v6)).toMatchObject({ kind: 'unique', ip: '2001:db8::1', pid: 2, classLoaderHash: 3, monthOffsetMs: 1000 });
    const ids = new Set(Array.from({ length: 100 }, new UniqueIdGenerator().next.bind(new UniqueIdGenerator())));
    expect(ids.size).toBe(100);
    const dflt = new UniqueIdGenerator({ pid: 0x1234 }).next();
    expect([32, 56]).toContain(dflt.length);
    expect(decodeUniqueMessageId(dflt).pid).toBe(0x1234);
    expect([4, 16]).toContain(defaultClientIp().length);
  });
});

describe('address helpers', () => {
  it.each([
    ['::', '::'],
    ['::1', '::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['fe80::', 'fe80::'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['::ffff:c000:201', '::ffff:192.0.2.1'],
  ])('formats %s as %s', (input, output) => {
    expect(formatIp(parseIp(input))).toBe(output);
  });

  it('parses and formats ip:port', () => {
    expect(parseHostPort('192.0.2.2:10911')).toEqual({ ip: '192.0.2.2', port: 10911, ipBytes: Buffer.from([192, 0, 2, 2]) });
    expect(parseHostPort('[::1]:80').ipBytes).toHaveLength(16);
    expect(parseHostPort('::1:80')).toMatchObject({ ip: '::1', port: 80 });
    expect(formatHostPort(Buffer.from([127, 0, 0, 1]), 9876)).toBe('127.0.0.1:9876');
    expect(formatHostPort('::1', 9876)).toBe('[::1]:9876');
    for (const bad of ['127.0.0.1', '127.0.0.1:', '127.0.0.1:65536', 'host:10911', '1.2.3:4', ':80']) {
      expect(() => parseHostPort(bad)).toThrow(InvalidAddressError);
    }
  });
});
