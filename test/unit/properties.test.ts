import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFastJson, type FastJsonObject } from '../../src/protocol/fastjson.js';
import { indexKeyHash, javaStringHashCode, tagsCode } from '../../src/protocol/javaHash.js';
import {
  JavaPropertiesSyntaxError,
  decodeMessageProperties,
  encodeMessageProperties,
  formatJavaProperties,
  parseJavaProperties,
} from '../../src/protocol/properties.js';

const SCENARIOS = fileURLToPath(new URL('../fixtures/rocketmq-4.9.8/', import.meta.url));

/** Header and body of a captured frame (framing.md §2). */
function frame(scenario: string, file: string): { header: Buffer; body: Buffer } {
  const buf = readFileSync(join(SCENARIOS, scenario, file));
  const headerLength = buf.readInt32BE(4) & 0xffffff;
  return { header: buf.subarray(8, 8 + headerLength), body: buf.subarray(8 + headerLength) };
}

describe('message properties (message-format.md §6)', () => {
  it('decodes the properties of a real SEND_MESSAGE_V2 header and re-encodes them in the 4.9.8 form', () => {
    const header = parseFastJson(frame('producer-java', '006-c2s-10911-req-310.bin').header) as FastJsonObject;
    const i = (header.extFields as FastJsonObject).i as string;
    const props = decodeMessageProperties(i);
    expect(props).toEqual({ KEYS: 'fxkey-0', UNIQ_KEY: 'C0000202293E5FFD2B276CB3381A0000', WAIT: 'true', TAGS: 'TagA' });
    expect(Object.keys(props)).toEqual(['KEYS', 'UNIQ_KEY', 'WAIT', 'TAGS']);
    // 4.9.8 drops the final separator; 5.3.3 (and our default) keeps it.
    expect(i.endsWith('\u0002')).toBe(false);
    expect(encodeMessageProperties(props, { trailingSeparator: false })).toBe(i);
    expect(encodeMessageProperties(props)).toBe(`${i}\u0002`);
  });

  it('follows Java string2messageProperties segment rules', () => {
    expect(decodeMessageProperties('')).toEqual({});
    expect(decodeMessageProperties('a\u00011\u0002b\u00012\u0002')).toEqual({ a: '1', b: '2' });
    // Segments shorter than 3 chars, without a key, or without a value are dropped.
    expect(decodeMessageProperties('a\u0001\u0002\u0001b\u0002x\u00011\u0002ab\u0002\u0002k\u0001v')).toEqual({ x: '1', k: 'v' });
    expect(decodeMessageProperties('ab\u0001\u0002')).toEqual({});
    // The value keeps any further \u0001; later duplicates win.
    expect(decodeMessageProperties('k\u0001v\u0001w\u0002k2\u0001a\u0002k2\u0001b')).toEqual({ k: 'v\u0001w', k2: 'b' });
    // A segment without \u0001 followed by a valid one: Java's search finds the later separator and skips the segment.
    expect(decodeMessageProperties('abc\u0002d\u0001e')).toEqual({ d: 'e' });
    expect(decodeMessageProperties(Buffer.from('TAGS\u0001标签', 'utf8'))).toEqual({ TAGS: '标签' });
    expect(Object.getPrototypeOf(decodeMessageProperties('__proto__\u0001x'))).toBeNull();
  });

  it('encodes every pair followed by \\u0002 and skips null/undefined values', () => {
    expect(encodeMessageProperties({ a: '1', skip: null, gone: undefined, WAIT: 'true' })).toBe('a\u00011\u0002WAIT\u0001true\u0002');
    expect(encodeMessageProperties(new Map([['x', 'y']]))).toBe('x\u0001y\u0002');
    expect(encodeMessageProperties({})).toBe('');
    expect(encodeMessageProperties({}, { trailingSeparator: false })).toBe('');
  });
});

describe('Java hashes (message-format.md §9, store.md §4)', () => {
  it('javaStringHashCode matches String.hashCode', () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('TagA')).toBe(2598919);
    expect(javaStringHashCode('TagB')).toBe(2598920);
    expect(javaStringHashCode('hello')).toBe(99162322);
    // Overflow wraps to int32; famous Integer.MIN_VALUE example.
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
    // UTF-16 code units, so a surrogate pair counts twice.
    expect(javaStringHashCode('😀')).toBe(31 * 0xd83d + 0xde00);
  });

  it('tagsCode is the TAGS hash, 0 when absent', () => {
    expect(tagsCode('TagA')).toBe(2598919);
    expect(tagsCode('')).toBe(0);
    expect(tagsCode(undefined)).toBe(0);
    expect(tagsCode(null)).toBe(0);
  });

  it('indexKeyHash is abs(hash(topic#key)), Integer.MIN_VALUE -> 0', () => {
    const h = javaStringHashCode('FxTopic#fxkey-3');
    expect(indexKeyHash('FxTopic', 'fxkey-3')).toBe(Math.abs(h));
    const negative = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => ['T', k] as const).find(([t, k]) => javaStringHashCode(`${t}#${k}`) < 0);
    if (negative) expect(indexKeyHash(...negative)).toBe(-javaStringHashCode(`${negative[0]}#${negative[1]}`));

    // Build a key whose "T#key" hash is exactly Integer.MIN_VALUE: hash = h("T#")*31^7 + sum(c_i*31^(6-i)).
    const mod = 2n ** 32n;
    const base = BigInt(javaStringHashCode('T#'));
    let target = (((-(2n ** 31n) - base * 31n ** 7n) % mod) + mod) % mod;
    let key = '';
    for (let i = 6; i >= 0; i--) {
      const p = 31n ** BigInt(i);
      key += String.fromCharCode(Number(target / p));
      target %= p;
    }
    expect(javaStringHashCode(`T#${key}`)).toBe(-2147483648);
    expect(indexKeyHash('T', key)).toBe(0);
  });
});

describe('Java properties text (framing.md §11)', () => {
  it('parses the GET_BROKER_CONFIG body exactly as mqadmin printed it', () => {
    const body = frame('getBrokerConfig', '003-s2c-10911-resp-0.bin').body;
    const props = parseJavaProperties(body);
    const transcript = readFileSync(join(SCENARIOS, 'getBrokerConfig', 'transcript.txt'), 'utf8');
    const printed = [...transcript.matchAll(/^(\w+) +=  (.*)$/gm)].map((m) => [m[1], m[2]]);
    expect(printed.length).toBe(178);
    expect(Object.entries(props)).toEqual(printed);
    expect(props.brokerName).toBe('broker-a');
    expect(props.rmqAddressServerDomain).toBe('127.0.0.1:1');
    expect(props.messageDelayLevel).toBe('1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h');
    expect(props.messageStorePlugIn).toBe('');
    expect(props.configBlackList).toBe('configBlackList;brokerConfigPath');
    // Java's own writer: plain key=value lines in the same order give the same bytes.
    expect(formatJavaProperties(props)).toBe(body.toString('utf8'));
  });

  it('parses GET_NAMESRV_CONFIG and formats UPDATE_BROKER_CONFIG bodies like Java', () => {
    const ns = parseJavaProperties(frame('getNamesrvConfig', '003-s2c-9876-resp-0.bin').body);
    expect(ns.listenPort).toBe('9876');
    expect(ns.kvConfigPath).toBe('/opt/rmq0/data/namesrv/namesrv/kvConfig.json');
    expect(Object.keys(ns)).toHaveLength(21);
    const update = frame('updateBrokerConfig-on', '004-c2s-10911-req-25.bin').body;
    expect(formatJavaProperties({ autoCreateTopicEnable: true })).toBe(update.toString('utf8'));
    expect(parseJavaProperties(update)).toEqual({ autoCreateTopicEnable: 'true' });
  });

  it('implements Properties.load separators, comments, escapes and continuations', () => {
    const text = [
      '# comment',
      '! also a comment',
      '   ',
      'a=1',
      'b = 2',
      'c:3',
      'd 4',
      'e\t=\t5  ',
      'f',
      'g=',
      '  h = x = y',
      'i = a:b',
      'key\\ with\\ space = v',
      'k\\=q = r',
      'uni = \\u0041\\u00e9 \\t|\\n|',
      'path = C:\\data',
      'long = one, \\',
      '       two, \\',
      '  three',
      'not = \\',
      '# continuation line is not a comment',
      'esc = back\\\\slash\\\\',
      'x = #not a comment',
      'dup = 1',
      'dup = 2',
      'colon:=z',
    ].join('\n');
    expect(parseJavaProperties(text)).toEqual({
      a: '1',
      b: '2',
      c: '3',
      d: '4',
      e: '5  ',
      f: '',
      g: '',
      h: 'x = y',
      i: 'a:b',
      'key with space': 'v',
      'k=q': 'r',
      uni: 'Aé \t|\n|',
      path: 'C:data',
      long: 'one, two, three',
      not: '# continuation line is not a comment',
      esc: 'back\\slash\\',
      x: '#not a comment',
      dup: '2',
      colon: '=z',
    });
  });

  it('handles CR/CRLF line ends, comment lines ending in a backslash and a final backslash', () => {
    expect(parseJavaProperties('a=1\r\nb=2\rc=3\\\r\n  4\n# c \\\nd=5\ne=6\\')).toEqual({ a: '1', b: '2', c: '34', d: '5', e: '6' });
    // An empty line after a continuation ends the logical line.
    expect(parseJavaProperties('a=1\\\n\nb=2')).toEqual({ a: '1', b: '2' });
  });

  it('throws on a malformed \\uXXXX escape, like Java', () => {
    expect(() => parseJavaProperties('a=\\u12G4')).toThrow(JavaPropertiesSyntaxError);
    expect(() => parseJavaProperties('a=\\u12')).toThrow(/Malformed/);
  });

  it('reads Buffers as UTF-8 by default or as ISO-8859-1 like Properties.load(InputStream)', () => {
    const bytes = Buffer.from('name=größe\n', 'utf8');
    expect(parseJavaProperties(bytes).name).toBe('größe');
    expect(parseJavaProperties(bytes, { encoding: 'latin1' }).name).toBe('grÃ¶Ã\u009fe');
  });

  it('formats plain lines, skips null values, sorts on request and escapes on request', () => {
    expect(formatJavaProperties({ b: 'x', a: 1, n: null, u: undefined, big: 10n, f: false })).toBe('b=x\na=1\nbig=10\nf=false\n');
    expect(formatJavaProperties(new Map([['b', '1'], ['a', '2']]), { sort: true })).toBe('a=2\nb=1\n');
    const tricky = { 'key with=sep:#!': ' leading, C:\\data\tgröße€\n', plain: 'v' };
    const escaped = formatJavaProperties(tricky, { escape: true });
    expect(escaped).toBe('key\\ with\\=sep\\:\\#\\!=\\ leading, C\\:\\\\data\\tgr\\u00F6\\u00DFe\\u20AC\\n\nplain=v\n');
    // Escaped text survives Java's ISO-8859-1 reading unchanged.
    expect(parseJavaProperties(Buffer.from(escaped, 'latin1'), { encoding: 'latin1' })).toEqual(tricky);
  });
});
