import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  FastJsonSyntaxError,
  JavaDouble,
  asBigInt,
  asBoolean,
  asNumber,
  asObject,
  asString,
  entriesOf,
  formatJavaDouble,
  javaDouble,
  parseFastJson,
  stringifyFastJson,
  type FastJsonMap,
  type FastJsonObject,
  type FastJsonValue,
} from '../../src/protocol/fastjson.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

interface Frame {
  path: string;
  serializeType: number;
  header: Buffer;
  body: Buffer;
}

/** Splits a captured frame (framing.md §2): int32 length, int32 type<<24|headerLength, header, body. */
function readFrame(path: string): Frame {
  const buf = readFileSync(path);
  const info = buf.readInt32BE(4);
  const headerLength = info & 0xffffff;
  return { path, serializeType: info >>> 24, header: buf.subarray(8, 8 + headerLength), body: buf.subarray(8 + headerLength) };
}

function frame(scenario: string, file: string): Frame {
  return readFrame(join(FIXTURES, 'rocketmq-4.9.8', scenario, file));
}

function allFrames(): Frame[] {
  const out: Frame[] = [];
  for (const set of ['rocketmq-4.9.8', 'rocketmq-4.9.8-binary']) {
    for (const scenario of readdirSync(join(FIXTURES, set))) {
      for (const file of readdirSync(join(FIXTURES, set, scenario))) {
        if (file.endsWith('.bin')) out.push(readFrame(join(FIXTURES, set, scenario, file)));
      }
    }
  }
  return out;
}

const obj = (v: FastJsonValue | undefined): FastJsonObject => {
  const o = asObject(v);
  if (!o) throw new Error(`not an object: ${String(v)}`);
  return o;
};

function mqEntries(v: FastJsonValue | undefined): Array<[FastJsonObject, FastJsonValue]> {
  expect(v).toBeInstanceOf(Map);
  return [...(v as FastJsonMap)].map(([k, val]) => [obj(k), val]);
}

describe('parseFastJson on captured RocketMQ 4.9.8 bodies', () => {
  it('reads ConsumeStats with MessageQueue objects as keys (consumerProgress, GET_CONSUME_STATS)', () => {
    const body = frame('consumerProgress', '005-s2c-10911-resp-0.bin').body;
    const stats = obj(parseFastJson(body));
    // The Java tool printed "Consume TPS: 0.18" for this value.
    expect(stats.consumeTps).toBe(0.175);
    const entries = mqEntries(stats.offsetTable);
    expect(entries).toHaveLength(5);
    const byQueue = new Map(entries.map(([mq, w]) => [`${String(mq.topic)}|${String(mq.brokerName)}|${String(mq.queueId)}`, obj(w)]));
    // transcript.txt: FxTopic q2: broker 2, consumer 2, last 02:34:49; %RETRY%FxGroup q0: 0 0 N/A.
    expect(byQueue.get('FxTopic|broker-a|2')).toEqual({ brokerOffset: 2, consumerOffset: 2, lastTimestamp: 1795314889986 });
    expect(new Date(1795314889986).toISOString()).toBe('2026-11-22T02:34:49.986Z');
    expect(byQueue.get('FxTopic|broker-a|3')).toEqual({ brokerOffset: 1, consumerOffset: 1, lastTimestamp: 1795314884740 });
    expect(byQueue.get('%RETRY%FxGroup|broker-a|0')).toEqual({ brokerOffset: 0, consumerOffset: 0, lastTimestamp: 0 });
    const diffTotal = entries.reduce((sum, [, w]) => sum + Number(obj(w).brokerOffset) - Number(obj(w).consumerOffset), 0);
    expect(diffTotal).toBe(0);
    expect(stringifyFastJson(stats)).toBe(body.toString('utf8'));
  });

  it('reads ClusterInfo with bare numeric brokerAddrs keys (clusterList, GET_BROKER_CLUSTER_INFO)', () => {
    const body = frame('clusterList', '002-s2c-9876-resp-0.bin').body;
    expect(body.toString()).toContain('{0:"127.0.0.1:10911"}');
    const info = obj(parseFastJson(body));
    const brokerA = obj(obj(info.brokerAddrTable)['broker-a']);
    expect(obj(brokerA.brokerAddrs)['0']).toBe('127.0.0.1:10911');
    expect(entriesOf(brokerA.brokerAddrs)).toEqual([['0', '127.0.0.1:10911']]);
    expect(brokerA.cluster).toBe('DefaultCluster');
    expect(obj(info.clusterAddrTable).DefaultCluster).toEqual(['broker-a']);
    // The parsed object remembers that key 0 was bare: Java's exact bytes come back.
    expect(stringifyFastJson(info)).toBe(body.toString('utf8'));
  });

  it('reads the standard-JSON route (version 409 >= 401 gets quoted keys, §10.7)', () => {
    const body = frame('topicRoute', '002-s2c-9876-resp-0.bin').body;
    const route = obj(parseFastJson(body));
    const qd = obj((route.queueDatas as FastJsonValue[])[0]);
    expect(qd).toEqual({ brokerName: 'broker-a', perm: 6, readQueueNums: 4, topicSysFlag: 0, writeQueueNums: 4 });
    const bd = obj((route.brokerDatas as FastJsonValue[])[0]);
    expect(obj(bd.brokerAddrs)['0']).toBe('127.0.0.1:10911');
    expect(stringifyFastJson(route)).toBe(body.toString('utf8'));
    expect(stringifyFastJson(route, { standard: true })).toBe(body.toString('utf8'));
  });

  it('reads the pretty-printed route mqadmin printed (tabs, bare key, line break before "}", §10.9)', () => {
    const transcript = readFileSync(join(FIXTURES, 'rocketmq-4.9.8', 'topicRoute', 'transcript.txt'), 'utf8');
    const pretty = transcript.slice(transcript.indexOf('{'), transcript.lastIndexOf('}') + 1);
    expect(pretty).toContain('{0:"127.0.0.1:10911"\n\t\t\t}');
    const fromBody = parseFastJson(frame('topicRoute', '002-s2c-9876-resp-0.bin').body);
    expect(parseFastJson(pretty)).toEqual(fromBody);
    // Written compactly it is the plain (non-standard) route form.
    expect(stringifyFastJson(parseFastJson(pretty))).toBe(
      '{"brokerDatas":[{"brokerAddrs":{0:"127.0.0.1:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}',
    );
  });

  it('reads TopicStatsTable (topicStatus, GET_TOPIC_STATS_INFO)', () => {
    const body = frame('topicStatus', '005-s2c-10911-resp-0.bin').body;
    const table = obj(parseFastJson(body));
    const entries = mqEntries(table.offsetTable);
    expect(entries.map(([mq]) => mq.queueId)).toEqual([2, 3, 0, 1]);
    for (const [mq, off] of entries) {
      expect(mq.topic).toBe('FxTopic');
      expect(off).toEqual({ lastUpdateTimestamp: 0, maxOffset: 0, minOffset: 0 });
    }
    expect(stringifyFastJson(table)).toBe(body.toString('utf8'));
  });

  it('reads ResetOffsetBody with number values under object keys', () => {
    const body = frame('resetOffsetByTime-online', readdirSync(join(FIXTURES, 'rocketmq-4.9.8', 'resetOffsetByTime-online')).find((f) => {
      if (!f.endsWith('.bin')) return false;
      return readFrame(join(FIXTURES, 'rocketmq-4.9.8', 'resetOffsetByTime-online', f)).body.toString().startsWith('{"offsetTable"');
    }) as string).body;
    const entries = mqEntries(obj(parseFastJson(body)).offsetTable);
    expect(entries).toHaveLength(4);
    expect(entries.every(([mq, offset]) => mq.topic === 'FxTopic' && offset === 0)).toBe(true);
    expect(stringifyFastJson(parseFastJson(body))).toBe(body.toString('utf8'));
  });

  it('reads ConsumerRunningInfo (consumerStatus) and keeps 0.0 with keepDoubles', () => {
    const body = frame('consumerStatus', '011-s2c-10911-resp-0.bin').body;
    const info = obj(parseFastJson(body));
    const mq = mqEntries(info.mqTable);
    expect(mq).toHaveLength(5);
    const q3 = mq.find(([k]) => k.topic === 'FxTopic' && k.queueId === 3);
    expect(obj(q3?.[1]).commitOffset).toBe(1);
    expect(obj(q3?.[1]).locked).toBe(true);
    const props = obj(info.properties);
    expect(props.PROP_CLIENT_VERSION).toBe('V4_9_8');
    expect(props.consumerGroup).toBe('FxGroup');
    expect(props.log).toBe('org.apache.rocketmq.logging.InnerLoggerFactory$InnerLogger@2cbabf23');
    expect(obj(obj(info.statusTable).FxTopic).pullRT).toBe(0);

    // `"pullRT":0.0` only survives as a JavaDouble.
    expect(stringifyFastJson(info)).not.toBe(body.toString('utf8'));
    const exact = parseFastJson(body, { keepDoubles: true });
    expect(obj(obj(obj(exact).statusTable).FxTopic).pullRT).toEqual(new JavaDouble(0));
    expect(stringifyFastJson(exact)).toBe(body.toString('utf8'));
  });

  it('round-trips every JSON header and JSON body of the capture set byte for byte', () => {
    let headers = 0;
    let bodies = 0;
    for (const f of allFrames()) {
      if (f.serializeType === 0) {
        const text = f.header.toString('utf8');
        expect(stringifyFastJson(parseFastJson(text, { keepDoubles: true })), f.path).toBe(text);
        headers++;
      }
      const first = f.body[0];
      if (first === 0x7b /* { */ || first === 0x5b /* [ */) {
        const text = f.body.toString('utf8');
        expect(stringifyFastJson(parseFastJson(f.body, { keepDoubles: true })), f.path).toBe(text);
        bodies++;
      }
    }
    expect(headers).toBeGreaterThan(400);
    expect(bodies).toBeGreaterThan(150);
  });

  it('decodes the \\u0001/\\u0002 escapes of the SEND_MESSAGE_V2 header (producer-java)', () => {
    const header = obj(parseFastJson(frame('producer-java', '006-c2s-10911-req-310.bin').header));
    expect(header.code).toBe(310);
    const ext = obj(header.extFields);
    expect(ext.b).toBe('FxTopic');
    expect(ext.i).toBe('KEYS\u0001fxkey-0\u0002UNIQ_KEY\u0001C0000202293E5FFD2B276CB3381A0000\u0002WAIT\u0001true\u0002TAGS\u0001TagA');
  });
});

describe('parseFastJson dialect and edge cases', () => {
  it('accepts bare numeric (incl. negative), boolean and null keys as property names', () => {
    const v = obj(parseFastJson('{0:"a",-1:"b",12:3,true:"t",false:"f",null:"n"}'));
    expect(Object.keys(v).sort()).toEqual(['-1', '0', '12', 'false', 'null', 'true']);
    expect(v['-1']).toBe('b');
    expect(v['0']).toBe('a');
    expect(stringifyFastJson(v)).toBe('{0:"a",-1:"b",12:3,true:"t",false:"f",null:"n"}');
  });

  it('keeps the source order of integer-like keys when writing back', () => {
    expect(stringifyFastJson(parseFastJson('{"b":1,"1":2,"0":3}'))).toBe('{"b":1,"1":2,"0":3}');
    expect(stringifyFastJson(parseFastJson('{1:"x",0:"y"}'))).toBe('{1:"x",0:"y"}');
  });

  it('returns a Map when any key is an object or array, with scalar keys as values', () => {
    const m = parseFastJson('{{"a":1}:"x",[1,2]:"y",7:"z","s":"w"}') as FastJsonMap;
    expect(m).toBeInstanceOf(Map);
    const keys = [...m.keys()];
    expect(keys[0]).toEqual({ a: 1 });
    expect(keys[1]).toEqual([1, 2]);
    expect(keys[2]).toBe(7);
    expect(keys[3]).toBe('s');
    expect(stringifyFastJson(m)).toBe('{{"a":1}:"x",[1,2]:"y",7:"z","s":"w"}');
  });

  it('returns integers beyond 2^53 as bigint, losslessly (QueryCorrectionOffsetBody)', () => {
    const text = '{"correctionOffsets":{0:9223372036854775807,1:5,2:-9223372036854775808,3:9007199254740991,4:9007199254740992}}';
    const v = obj(obj(parseFastJson(text)).correctionOffsets);
    expect(v['0']).toBe(9223372036854775807n);
    expect(v['1']).toBe(5);
    expect(v['2']).toBe(-9223372036854775808n);
    expect(v['3']).toBe(Number.MAX_SAFE_INTEGER);
    expect(v['4']).toBe(9007199254740992n);
    expect(stringifyFastJson(parseFastJson(text))).toBe(text);
  });

  it('reads doubles in Java notation and nulls for NaN', () => {
    const v = obj(parseFastJson('{"a":1.0E-5,"b":1.23456789E7,"c":-0.5,"d":null,"e":2e3,"f":1.5D,"g":7L}'));
    expect(v).toEqual({ a: 1e-5, b: 12345678.9, c: -0.5, d: null, e: 2000, f: 1.5, g: 7 });
  });

  it('reads the pretty-printed consumerOffset.json shape (§10.9)', () => {
    const text = '{\n\t"offsetTable":{\n\t\t"TopicTest@G1":{0:5,1:7\n\t\t}\n\t}\n}';
    expect(parseFastJson(text)).toEqual({ offsetTable: { 'TopicTest@G1': { '0': 5, '1': 7 } } });
    expect(stringifyFastJson(parseFastJson(text))).toBe('{"offsetTable":{"TopicTest@G1":{0:5,1:7}}}');
  });

  it('handles empty containers, nesting and fastjson leniencies', () => {
    expect(parseFastJson('{}')).toEqual({});
    expect(parseFastJson(' [ ] ')).toEqual([]);
    expect(parseFastJson('{"a":{},"b":[[],{}]}')).toEqual({ a: {}, b: [[], {}] });
    expect(parseFastJson("{'a':'b',c:1}")).toEqual({ a: 'b', c: 1 });
    expect(parseFastJson('\ufeff"x"')).toBe('x');
    expect(parseFastJson(Buffer.from('{"ü":"ö"}'))).toEqual({ ü: 'ö' });
  });

  it('decodes string escapes', () => {
    expect(parseFastJson('"a\\"b\\\\c\\/d\\n\\r\\t\\b\\f\\u0001\\u00e9\\x41\\\'"')).toBe('a"b\\c/d\n\r\t\b\f\u0001éA\'');
  });

  it('never lets a "__proto__" key touch the prototype', () => {
    const v = obj(parseFastJson('{"__proto__":{"polluted":true},"a":1}'));
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(Object.keys(v)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(stringifyFastJson(v)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });

  it('lets later duplicate keys win', () => {
    expect(parseFastJson('{"a":1,"a":2}')).toEqual({ a: 2 });
  });

  it.each([
    ['', 0, 'unexpected end of input'],
    ['{"a":1', 6, 'unterminated object'],
    ['{"a" 1}', 5, "expected ':'"],
    ['{"a":1,}', 7, 'expected an object key'],
    ['[1,2', 4, 'unterminated array'],
    ['"abc', 0, 'unterminated string'],
    ['"\\q"', 1, 'invalid escape'],
    ['"\\u12"', 1, 'malformed \\u escape'],
    ['{"a":1} x', 8, 'unexpected data after'],
    ['{"a":tru}', 5, "unexpected identifier 'tru'"],
    ['{"a":01x}', 5, 'malformed number'],
    ['{"a":1.}', 5, 'malformed number'],
    ['{"a":-}', 5, 'malformed number'],
    ['{:1}', 1, 'expected an object key'],
  ])('rejects %j at position %i', (text, position, message) => {
    let error: unknown;
    try {
      parseFastJson(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FastJsonSyntaxError);
    expect((error as FastJsonSyntaxError).position).toBe(position);
    expect((error as Error).message).toContain(message);
  });

  it('rejects absurd nesting instead of overflowing the stack', () => {
    expect(() => parseFastJson('['.repeat(5000) + ']'.repeat(5000))).toThrow(FastJsonSyntaxError);
  });

  it('resolves $ref paths, "@" and ".." (§10.6) and leaves unknown ones alone', () => {
    const v = obj(parseFastJson('{"statsDay":{"sum":1},"statsHour":{"$ref":"$.statsDay"},"list":[{"x":1},{"$ref":"$.list[0]"}],"missing":{"$ref":"$.nope"}}'));
    expect(v.statsHour).toBe(v.statsDay);
    const list = v.list as FastJsonValue[];
    expect(list[1]).toBe(list[0]);
    expect(v.missing).toEqual({ $ref: '$.nope' });

    const self = obj(parseFastJson('{"name":"a","self":{"$ref":"@"},"child":{"parent":{"$ref":".."}}}'));
    expect(self.self).toBe(self);
    expect(obj(self.child).parent).toBe(self);
    expect(() => stringifyFastJson(self)).toThrow(TypeError);

    const kept = obj(parseFastJson('{"a":{"$ref":"$"}}', { resolveRefs: false }));
    expect(kept.a).toEqual({ $ref: '$' });
  });
});

describe('stringifyFastJson', () => {
  it('writes numeric-keyed and object-keyed Maps with bare keys (§10.5)', () => {
    const brokerData = { brokerAddrs: new Map([[0, '127.0.0.1:10911'], [1, '127.0.0.1:10921']]), brokerName: 'broker-a', cluster: 'DefaultCluster' };
    expect(stringifyFastJson(brokerData)).toBe('{"brokerAddrs":{0:"127.0.0.1:10911",1:"127.0.0.1:10921"},"brokerName":"broker-a","cluster":"DefaultCluster"}');
    const stats = {
      consumeTps: 1.5,
      offsetTable: new Map<unknown, unknown>([
        [{ brokerName: 'broker-a', queueId: 1, topic: 'TopicTest' }, { brokerOffset: 7, consumerOffset: 0, lastTimestamp: 0, pullOffset: 0 }],
        [{ brokerName: 'broker-a', queueId: 0, topic: 'TopicTest' }, { brokerOffset: 100, consumerOffset: 90, lastTimestamp: 1700000000000, pullOffset: 95 }],
      ]),
    };
    // The verified 5.3.3 GET_CONSUME_STATS body of framing.md §10.5.
    expect(stringifyFastJson(stats)).toBe(
      '{"consumeTps":1.5,"offsetTable":{{"brokerName":"broker-a","queueId":1,"topic":"TopicTest"}:{"brokerOffset":7,"consumerOffset":0,"lastTimestamp":0,"pullOffset":0},{"brokerName":"broker-a","queueId":0,"topic":"TopicTest"}:{"brokerOffset":100,"consumerOffset":90,"lastTimestamp":1700000000000,"pullOffset":95}}}',
    );
    expect(stringifyFastJson(new Map<unknown, string>([[-1, 'x'], [true, 'y']]))).toBe('{-1:"x",true:"y"}');
    expect(stringifyFastJson(new Map([[9223372036854775807n, 1]]))).toBe('{9223372036854775807:1}');
  });

  it('writes the standard route form: quoted keys, sorted maps, escaped non-ASCII (§10.7)', () => {
    const route = {
      brokerDatas: [{ brokerAddrs: new Map([[1, '127.0.0.1:10921'], [0, '127.0.0.1:10911']]), brokerName: 'broker-ä', cluster: 'c/1' }],
      filterServerTable: {},
    };
    expect(stringifyFastJson(route, { standard: true })).toBe(
      '{"brokerDatas":[{"brokerAddrs":{"0":"127.0.0.1:10911","1":"127.0.0.1:10921"},"brokerName":"broker-\\u00E4","cluster":"c\\/1"}],"filterServerTable":{}}',
    );
    expect(stringifyFastJson(route)).toBe(
      '{"brokerDatas":[{"brokerAddrs":{1:"127.0.0.1:10921",0:"127.0.0.1:10911"},"brokerName":"broker-ä","cluster":"c/1"}],"filterServerTable":{}}',
    );
    // BrowserCompatible quotes longs that JavaScript cannot hold exactly.
    expect(stringifyFastJson({ a: 9007199254740993n, b: 5n }, { standard: true })).toBe('{"a":"9007199254740993","b":5}');
    // Object keys become strings holding their JSON, sorted like MessageQueue.compareTo.
    const m = new Map<unknown, unknown>([
      [{ brokerName: 'b', queueId: 2, topic: 'T' }, 1],
      [{ brokerName: 'b', queueId: 10, topic: 'T' }, 2],
      [{ brokerName: 'a', queueId: 0, topic: 'U' }, 3],
    ]);
    expect(stringifyFastJson(m, { standard: true })).toBe(
      '{"{\\"brokerName\\":\\"b\\",\\"queueId\\":2,\\"topic\\":\\"T\\"}":1,"{\\"brokerName\\":\\"b\\",\\"queueId\\":10,\\"topic\\":\\"T\\"}":2,"{\\"brokerName\\":\\"a\\",\\"queueId\\":0,\\"topic\\":\\"U\\"}":3}',
    );
    // A plain object with integer keys is sorted numerically, others alphabetically.
    expect(stringifyFastJson(parseFastJson('{10:"a",9:"b"}'), { standard: true })).toBe('{"9":"b","10":"a"}');
    expect(stringifyFastJson({ b: 1, a: 2 }, { standard: true })).toBe('{"a":2,"b":1}');
  });

  it('escapes strings like fastjson (§10.8)', () => {
    expect(stringifyFastJson('q"b\\s/n\nr\rt\tb\bf\f\u0001\u000b\u001f\u007f\u009f\u00a0é€\u2028😀')).toBe(
      '"q\\"b\\\\s/n\\nr\\rt\\tb\\bf\\f\\u0001\\u000B\\u001F\\u007F\\u009F\u00a0é€\\u2028😀"',
    );
    expect(stringifyFastJson('é€😀', { standard: true })).toBe('"\\u00E9\\u20AC\\uD83D\\uDE00"');
  });

  it('writes numbers, bigints, doubles, nulls and omits undefined members', () => {
    expect(
      stringifyFastJson({
        i: 42,
        neg: -7,
        big: 12345678901234567890n,
        d: 0.175,
        zero: javaDouble(0),
        tiny: javaDouble(1e-5),
        large: 12345678.9,
        nan: NaN,
        inf: javaDouble(Infinity),
        n: null,
        u: undefined,
        t: true,
        list: [1, null, undefined, 'x'],
        set: new Set(['a']),
        date: new Date(1700000000000),
        bytes: Buffer.from('hi'),
      }),
    ).toBe(
      '{"i":42,"neg":-7,"big":12345678901234567890,"d":0.175,"zero":0.0,"tiny":1.0E-5,"large":1.23456789E7,"nan":null,"inf":null,"n":null,"t":true,"list":[1,null,null,"x"],"set":["a"],"date":1700000000000,"bytes":"aGk="}',
    );
    expect(stringifyFastJson({ b: 1, a: { d: 1, c: 2 } }, { sortKeys: true })).toBe('{"a":{"c":2,"d":1},"b":1}');
  });

  it('refuses cyclic structures', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => stringifyFastJson(a)).toThrow(/cyclic/);
  });
});

describe('formatJavaDouble (Java Double.toString, §10.3)', () => {
  it.each([
    [0, '0.0'],
    [-0, '-0.0'],
    [1.5, '1.5'],
    [0.175, '0.175'],
    [100, '100.0'],
    [1e-5, '1.0E-5'],
    [12345678.9, '1.23456789E7'],
    [1e7, '1.0E7'],
    [9999999, '9999999.0'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [123456.789, '123456.789'],
    [-2.5e-10, '-2.5E-10'],
    [1e21, '1.0E21'],
    [Number.MAX_VALUE, '1.7976931348623157E308'],
    [5e-324, '4.9E-324'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
  ])('%d -> %s', (n, text) => {
    expect(formatJavaDouble(n)).toBe(text);
  });
});

describe('accessors', () => {
  it('coerce the value kinds Java sends', () => {
    expect(asNumber('12')).toBe(12);
    expect(asNumber(12n)).toBe(12);
    expect(asNumber(javaDouble(0.5))).toBe(0.5);
    expect(asNumber(null)).toBeUndefined();
    expect(asNumber('x')).toBeUndefined();
    expect(asNumber('')).toBeUndefined();
    expect(asBigInt('9223372036854775807')).toBe(9223372036854775807n);
    expect(asBigInt(5)).toBe(5n);
    expect(asBigInt(1.5)).toBeUndefined();
    expect(asString(5)).toBe('5');
    expect(asString(9223372036854775807n)).toBe('9223372036854775807');
    expect(asString(javaDouble(0))).toBe('0.0');
    expect(asString({})).toBeUndefined();
    expect(asBoolean('TRUE')).toBe(true);
    expect(asBoolean('yes')).toBe(false);
    expect(asBoolean(false)).toBe(false);
    expect(asBoolean(1)).toBeUndefined();
  });

  it('entriesOf treats {} and Maps alike', () => {
    expect(entriesOf(parseFastJson('{}'))).toEqual([]);
    expect(entriesOf(parseFastJson('{0:"a"}'))).toEqual([['0', 'a']]);
    expect(entriesOf(parseFastJson('{{"q":1}:2}'))).toEqual([[{ q: 1 }, 2]]);
    expect(entriesOf([1])).toEqual([]);
  });
});
