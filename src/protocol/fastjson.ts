/**
 * Reader and writer for the JSON dialect that RocketMQ's Java side produces and accepts through
 * fastjson 1.x (framing.md §10).
 *
 * The reader accepts standard JSON plus the non-standard forms Java actually emits:
 *  - map keys written without quotes: numbers (`{0:"127.0.0.1:10911"}`, `{-1:"x"}`), `true`,
 *    `false`, `null` (§10.5);
 *  - whole objects or arrays as map keys (`MessageQueue`-keyed maps such as
 *    `ConsumeStats.offsetTable`, §10.5);
 *  - any amount of whitespace, tabs and line breaks between tokens (pretty-printed broker
 *    files, §10.9);
 *  - integers beyond 2^53 (returned as `bigint`, §10.3) and Java doubles like `1.0E-5`;
 *  - `{"$ref": ...}` back-references (§10.6), resolved by default (see {@link ParseOptions}).
 * A few fastjson parser leniencies that cost nothing are accepted too: single-quoted strings,
 * unquoted identifier keys (`{a:1}`), the `\v`, `\'` and `\xHH` escapes, raw control characters
 * inside strings, and Java number suffixes (`1L`, `1.5D`, `2F`, `3S`, `4B`).
 *
 * The writer reproduces fastjson's output byte for byte for the value kinds the protocol uses.
 */

/** A double that must be written the way Java's `Double.toString` prints it (e.g. `0.0`). */
export class JavaDouble {
  constructor(readonly value: number) {}

  /** Java's `Double.toString(value)` (NaN and infinities spelled like Java does). */
  toString(): string {
    return formatJavaDouble(this.value);
  }

  valueOf(): number {
    return this.value;
  }

  toJSON(): number | null {
    return Number.isFinite(this.value) ? this.value : null;
  }
}

/** Wraps a number so that {@link stringifyFastJson} renders it as a Java double (§10.3). */
export function javaDouble(n: number): JavaDouble {
  return new JavaDouble(n);
}

export type FastJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JavaDouble
  | FastJsonValue[]
  | FastJsonObject
  | FastJsonMap;

/**
 * An object whose keys were all strings or scalar literals. Created with a null prototype, so use
 * `Object.hasOwn`/`in`, not `obj.hasOwnProperty`.
 */
export interface FastJsonObject {
  [key: string]: FastJsonValue;
}

/** An object that had at least one object or array key: keys are the parsed key values. */
export type FastJsonMap = Map<FastJsonValue, FastJsonValue>;

export class FastJsonSyntaxError extends SyntaxError {
  /** Offset in the decoded string (UTF-16 code units) where the problem was found. */
  readonly position: number;

  constructor(message: string, position: number, source: string) {
    const from = Math.max(0, position - 20);
    const near = source.slice(from, position + 20).replace(/[\r\n\t]/g, ' ');
    super(`${message} at position ${position} (near ${JSON.stringify(near)})`);
    this.name = 'FastJsonSyntaxError';
    this.position = position;
  }
}

export interface ParseOptions {
  /**
   * Resolve `{"$ref": "..."}` objects (§10.6): `"@"` = the container holding the reference,
   * `".."` = that container's parent, `"$"`/`"$.a.b[0]"` = a path from the root (segments `.name`
   * and `[index]`; for object-keyed maps `.name` matches a key whose string form equals `name`).
   * References that cannot be resolved are left as the `{"$ref": ...}` objects. Default `true`.
   * Resolution can create cycles (e.g. `"@"`), which {@link stringifyFastJson} refuses to write.
   */
  resolveRefs?: boolean;
  /**
   * Return numbers written with a fraction or exponent as {@link JavaDouble} instead of `number`,
   * so that stringifying the result reproduces `0.0` rather than `0`. Default `false`.
   */
  keepDoubles?: boolean;
}

export interface StringifyOptions {
  /**
   * The NameServer's "standard JSON" route form (§10.7, fastjson `BrowserCompatible,
   * QuoteFieldNames, MapSortField`): every map key quoted (object keys become a string holding
   * their JSON text, which Java also accepts, §10.5), map entries and plain-object keys sorted,
   * non-ASCII and `/` escaped, longs beyond ±(2^53-1) written as strings (fastjson's
   * BrowserCompatible does both of the latter too).
   */
  standard?: boolean;
  /** Sort plain-object keys (fastjson writes bean properties in alphabetical order). */
  sortKeys?: boolean;
}

/**
 * How a parsed plain object's keys were written, kept so that parse -> stringify reproduces
 * Java's bytes: which keys were bare literals (`{0:...}`), and the source order (JS enumerates
 * integer-like property names in ascending order, whatever the insertion order). Stored outside
 * the object so it never shows up as a property; a copy of the object simply loses it and is
 * then written with quoted keys, which Java also accepts (§10.5).
 */
interface KeyForm {
  readonly order: readonly string[];
  readonly bare: ReadonlySet<string>;
}
const keyForms = new WeakMap<object, KeyForm>();

const MAX_DEPTH = 1000;

// ---------------------------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------------------------

/** One member of an object being parsed; turned into a property or a Map entry at the end. */
interface Member {
  key: FastJsonValue;
  /** Property name for the plain-object form; undefined for object/array keys. */
  name: string | undefined;
  bare: boolean;
  value: FastJsonValue;
}

class Reader {
  private pos = 0;
  private depth = 0;
  /** `{"$ref": ...}` objects met while parsing, resolved afterwards. */
  readonly refs = new Set<object>();

  constructor(
    private readonly src: string,
    private readonly keepDoubles: boolean,
  ) {}

  parseDocument(): FastJsonValue {
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
    const value = this.parseValue();
    this.skipWs();
    if (this.pos < this.src.length) this.fail('unexpected data after the JSON value');
    return value;
  }

  private fail(message: string, at: number = this.pos): never {
    throw new FastJsonSyntaxError(message, at, this.src);
  }

  // fastjson's lexer treats these as whitespace: space, \t, \n, \r, \f, \b (and \v here).
  private skipWs(): void {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || (c >= 8 && c <= 13)) this.pos++;
      else break;
    }
  }

  private parseValue(): FastJsonValue {
    this.skipWs();
    if (this.pos >= this.src.length) this.fail('unexpected end of input');
    const c = this.src.charCodeAt(this.pos);
    switch (c) {
      case 0x7b /* { */:
        return this.parseObject();
      case 0x5b /* [ */:
        return this.parseArray();
      case 0x22 /* " */:
      case 0x27 /* ' */:
        return this.parseString();
      default:
        if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) return this.parseNumber().value;
        if (isIdentStart(c)) {
          const start = this.pos;
          const word = this.readIdentifier();
          if (word === 'true') return true;
          if (word === 'false') return false;
          if (word === 'null') return null;
          this.fail(`unexpected identifier '${word}'`, start);
        }
        this.fail(`unexpected character ${JSON.stringify(this.src[this.pos])}`);
    }
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
  }

  private parseArray(): FastJsonValue[] {
    this.enter();
    this.pos++;
    const out: FastJsonValue[] = [];
    this.skipWs();
    if (this.src.charCodeAt(this.pos) === 0x5d /* ] */) {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      out.push(this.parseValue());
      this.skipWs();
      const c = this.src.charCodeAt(this.pos);
      if (c === 0x2c /* , */) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        this.depth--;
        return out;
      }
      this.fail(this.pos >= this.src.length ? 'unterminated array' : "expected ',' or ']'");
    }
  }

  /** A key in any of the four forms of §10.5, plus unquoted identifiers. */
  private parseKey(): Omit<Member, 'value'> {
    this.skipWs();
    if (this.pos >= this.src.length) this.fail('unterminated object');
    const c = this.src.charCodeAt(this.pos);
    if (c === 0x22 || c === 0x27) {
      const s = this.parseString();
      return { key: s, name: s, bare: false };
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const { text, value } = this.parseNumber();
      return { key: value, name: text, bare: true };
    }
    if (c === 0x7b || c === 0x5b) {
      return { key: this.parseValue(), name: undefined, bare: false };
    }
    if (isIdentStart(c)) {
      const word = this.readIdentifier();
      if (word === 'true' || word === 'false') return { key: word === 'true', name: word, bare: true };
      if (word === 'null') return { key: null, name: word, bare: true };
      return { key: word, name: word, bare: false };
    }
    this.fail('expected an object key');
  }

  private parseObject(): FastJsonObject | FastJsonMap {
    this.enter();
    const start = this.pos;
    this.pos++;
    const members: Member[] = [];
    this.skipWs();
    if (this.src.charCodeAt(this.pos) === 0x7d /* } */) {
      this.pos++;
      this.depth--;
      return Object.create(null) as FastJsonObject;
    }
    for (;;) {
      const key = this.parseKey();
      this.skipWs();
      if (this.src.charCodeAt(this.pos) !== 0x3a /* : */) this.fail("expected ':' after an object key");
      this.pos++;
      members.push({ ...key, value: this.parseValue() });
      this.skipWs();
      const c = this.src.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        break;
      }
      this.fail(this.pos >= this.src.length ? `unterminated object (opened at ${start})` : "expected ',' or '}'");
    }
    this.depth--;
    return this.buildObject(members);
  }

  private buildObject(members: Member[]): FastJsonObject | FastJsonMap {
    if (members.some((m) => m.name === undefined)) {
      const map: FastJsonMap = new Map();
      for (const m of members) map.set(m.key, m.value);
      return map;
    }
    const obj = Object.create(null) as FastJsonObject;
    const order: string[] = [];
    const bare = new Set<string>();
    for (const m of members) {
      const name = m.name as string;
      if (!(name in obj)) order.push(name);
      obj[name] = m.value;
      if (m.bare) bare.add(name);
      else bare.delete(name);
    }
    if (bare.size > 0 || !sameOrder(order, Object.keys(obj))) keyForms.set(obj, { order, bare });
    if (members.length === 1 && order[0] === '$ref' && bare.size === 0 && typeof obj.$ref === 'string') {
      this.refs.add(obj);
    }
    return obj;
  }

  private parseString(): string {
    const s = this.src;
    const quote = s.charCodeAt(this.pos);
    const open = this.pos;
    let pos = this.pos + 1;
    let chunkStart = pos;
    let out = '';
    for (;;) {
      if (pos >= s.length) this.fail('unterminated string', open);
      const c = s.charCodeAt(pos);
      if (c === quote) {
        out += s.slice(chunkStart, pos);
        this.pos = pos + 1;
        return out;
      }
      if (c !== 0x5c /* \ */) {
        pos++;
        continue;
      }
      out += s.slice(chunkStart, pos);
      const e = s[pos + 1];
      switch (e) {
        case '"':
        case "'":
        case '\\':
        case '/':
          out += e;
          pos += 2;
          break;
        case 'b':
          out += '\b';
          pos += 2;
          break;
        case 'f':
          out += '\f';
          pos += 2;
          break;
        case 'n':
          out += '\n';
          pos += 2;
          break;
        case 'r':
          out += '\r';
          pos += 2;
          break;
        case 't':
          out += '\t';
          pos += 2;
          break;
        case 'v':
          out += '\v';
          pos += 2;
          break;
        case 'u':
        case 'x': {
          const n = e === 'u' ? 4 : 2;
          const hex = s.slice(pos + 2, pos + 2 + n);
          if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) this.fail(`malformed \\${e} escape`, pos);
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 2 + n;
          break;
        }
        default:
          this.fail(e === undefined ? 'unterminated string' : `invalid escape \\${e}`, pos);
      }
      chunkStart = pos;
    }
  }

  /** Number token; `text` is the literal without a Java type suffix. */
  private parseNumber(): { text: string; value: number | bigint | JavaDouble } {
    const s = this.src;
    const start = this.pos;
    let pos = start;
    if (s.charCodeAt(pos) === 0x2d) pos++;
    const intStart = pos;
    while (isDigit(s.charCodeAt(pos))) pos++;
    if (pos === intStart) this.fail('malformed number', start);
    let isDouble = false;
    if (s.charCodeAt(pos) === 0x2e /* . */) {
      pos++;
      const fracStart = pos;
      while (isDigit(s.charCodeAt(pos))) pos++;
      if (pos === fracStart) this.fail('malformed number', start);
      isDouble = true;
    }
    const e = s.charCodeAt(pos);
    if (e === 0x65 || e === 0x45 /* e E */) {
      pos++;
      const sign = s.charCodeAt(pos);
      if (sign === 0x2b || sign === 0x2d) pos++;
      const expStart = pos;
      while (isDigit(s.charCodeAt(pos))) pos++;
      if (pos === expStart) this.fail('malformed number', start);
      isDouble = true;
    }
    const text = s.slice(start, pos);
    const suffix = s[pos];
    if (suffix === 'D' || suffix === 'F') {
      isDouble = true;
      pos++;
    } else if (!isDouble && (suffix === 'L' || suffix === 'S' || suffix === 'B')) {
      pos++;
    }
    if (isIdentPart(s.charCodeAt(pos))) this.fail('malformed number', start);
    this.pos = pos;
    if (isDouble) {
      const d = Number(text);
      return { text, value: this.keepDoubles ? new JavaDouble(d) : d };
    }
    const n = Number(text);
    return { text, value: Number.isSafeInteger(n) ? n : BigInt(text) };
  }

  private readIdentifier(): string {
    const start = this.pos;
    while (isIdentPart(this.src.charCodeAt(this.pos))) this.pos++;
    return this.src.slice(start, this.pos);
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isIdentStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x24;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** Replaces recorded `$ref` objects by their targets (§10.6); unresolvable ones stay. */
function resolveRefs(root: FastJsonValue, refs: Set<object>): void {
  const stack: object[] = [];
  const resolve = (ref: FastJsonObject): FastJsonValue | undefined => {
    const path = ref.$ref as string;
    if (path === '@') return stack[stack.length - 1] as FastJsonValue;
    if (path === '..') return stack[stack.length - 2] as FastJsonValue | undefined;
    if (path.startsWith('$')) return evalRefPath(root, path, refs);
    return undefined;
  };
  const fix = (v: FastJsonValue): FastJsonValue => {
    if (v !== null && typeof v === 'object' && refs.has(v)) return resolve(v as FastJsonObject) ?? v;
    visit(v);
    return v;
  };
  const visit = (v: FastJsonValue): void => {
    if (v === null || typeof v !== 'object' || v instanceof JavaDouble) return;
    stack.push(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = fix(v[i] as FastJsonValue);
    } else if (v instanceof Map) {
      for (const [k, val] of v) v.set(k, fix(val));
    } else {
      for (const k of Object.keys(v)) v[k] = fix(v[k] as FastJsonValue);
    }
    stack.pop();
  };
  visit(root);
}

function evalRefPath(root: FastJsonValue, path: string, refs: Set<object>): FastJsonValue | undefined {
  let cur: FastJsonValue | undefined = root;
  const re = /\.([^.[]+)|\[(\d+)\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m || cur === undefined || cur === null || typeof cur !== 'object') return undefined;
    if (m[2] !== undefined) {
      cur = Array.isArray(cur) ? cur[Number(m[2])] : undefined;
    } else {
      const name = m[1] as string;
      if (cur instanceof Map) {
        let found: FastJsonValue | undefined;
        for (const [k, v] of cur) {
          if (String(k) === name) found = v;
        }
        cur = found;
      } else if (!Array.isArray(cur) && !(cur instanceof JavaDouble)) {
        cur = Object.hasOwn(cur, name) ? cur[name] : undefined;
      } else {
        return undefined;
      }
    }
    if (cur !== null && typeof cur === 'object' && refs.has(cur)) return undefined;
  }
  return cur;
}

/**
 * Parses a fastjson-dialect document (framing.md §10). A Buffer is decoded as UTF-8, which is
 * what Java sends. Objects come back as null-prototype plain objects when every key is a string
 * or scalar literal (a bare key becomes the property named by its literal text: `{0:"a"}` ->
 * `{"0": "a"}`), or as a `Map` keyed by the parsed key values when any key is an object or array.
 * Integers beyond ±(2^53-1) are `bigint`; everything else numeric is `number` (or
 * {@link JavaDouble} with `keepDoubles`).
 * @throws FastJsonSyntaxError on malformed input
 */
export function parseFastJson(input: string | Buffer, options: ParseOptions = {}): FastJsonValue {
  const src = typeof input === 'string' ? input : input.toString('utf8');
  const reader = new Reader(src, options.keepDoubles ?? false);
  const root = reader.parseDocument();
  if (reader.refs.size > 0 && (options.resolveRefs ?? true)) resolveRefs(root, reader.refs);
  return root;
}

// ---------------------------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------------------------

/**
 * Java's `Double.toString` (which fastjson's RyuDouble writer imitates, §10.3): plain decimal
 * with at least one fraction digit in [1e-3, 1e7), otherwise `d.dddE±n`, where the mantissa keeps
 * at least two digits (hence `4.9E-324`, not `5.0E-324`). Digits are the shortest round-trip
 * ones, as in JDK 19+ and fastjson; older JDKs differ only for rare values.
 */
export function formatJavaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const [mant, expText] = abs.toExponential().split('e') as [string, string];
  let digits = mant.replace('.', '');
  const exp = Number(expText);
  if (exp >= -3 && exp < 7) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1) || '0';
    return `${sign}${intPart}.${frac}`;
  }
  if (digits.length === 1) digits = abs.toExponential(1).split('e')[0]!.replace('.', '');
  return `${sign}${digits[0]}.${digits.slice(1)}E${exp}`;
}

const HEX = '0123456789ABCDEF';

function unicodeEscape(code: number): string {
  return `\\u${HEX[(code >> 12) & 15]}${HEX[(code >> 8) & 15]}${HEX[(code >> 4) & 15]}${HEX[code & 15]}`;
}

/**
 * fastjson's `writeStringWithDoubleQuote` (§10.8): `\b \t \n \f \r \" \\` as two-character
 * escapes, the other C0 controls, DEL..U+009F and U+2028/U+2029 as `\u00XX` (upper-case hex),
 * everything else (including `/` and non-ASCII) raw. With BrowserCompatible (`standard`), `/`
 * becomes `\/` and every character >= 0x7F becomes `\uXXXX`.
 */
function quote(s: string, standard: boolean): string {
  let out = '"';
  let chunkStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20) {
      esc =
        c === 8 ? '\\b' : c === 9 ? '\\t' : c === 10 ? '\\n' : c === 12 ? '\\f' : c === 13 ? '\\r' : unicodeEscape(c);
    } else if (c === 0x22) {
      esc = '\\"';
    } else if (c === 0x5c) {
      esc = '\\\\';
    } else if (c === 0x2f) {
      if (standard) esc = '\\/';
    } else if (c >= 0x7f) {
      if (standard || c < 0xa0 || c === 0x2028 || c === 0x2029) esc = unicodeEscape(c);
    }
    if (esc !== undefined) {
      out += s.slice(chunkStart, i) + esc;
      chunkStart = i + 1;
    }
  }
  return out + s.slice(chunkStart) + '"';
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function writeInteger(n: bigint, standard: boolean): string {
  const text = n.toString();
  return standard && (n > MAX_SAFE || n < -MAX_SAFE) ? `"${text}"` : text;
}

/** A JS number: integral values are Java ints/longs, anything else can only be a double. */
function writeNumber(n: number, standard: boolean): string {
  if (!Number.isFinite(n)) return 'null';
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n) : writeInteger(BigInt(n), standard);
  return formatJavaDouble(n);
}

const INTEGER_KEY = /^-?(0|[1-9]\d*)$/;

function isPlainRecord(v: object): v is Record<string, unknown> {
  return !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set) && !(v instanceof JavaDouble);
}

/** Order of keys in standard (MapSortField) mode: numbers numerically, MessageQueues by Java's
 * `compareTo` (topic, brokerName, queueId), everything else by its written text. */
function compareKeys(a: unknown, b: unknown, textA: string, textB: string): number {
  const numA = typeof a === 'number' || typeof a === 'bigint';
  const numB = typeof b === 'number' || typeof b === 'bigint';
  if (numA && numB) return a < b ? -1 : a > b ? 1 : 0;
  if (isMessageQueueLike(a) && isMessageQueueLike(b)) {
    return (
      compareText(String(a.topic), String(b.topic)) ||
      compareText(String(a.brokerName), String(b.brokerName)) ||
      Number(a.queueId) - Number(b.queueId)
    );
  }
  return compareText(textA, textB);
}

function isMessageQueueLike(v: unknown): v is { topic: unknown; brokerName: unknown; queueId: unknown } {
  return typeof v === 'object' && v !== null && 'topic' in v && 'brokerName' in v && 'queueId' in v;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class Writer {
  private readonly active = new Set<object>();

  constructor(
    private readonly standard: boolean,
    private readonly sortKeys: boolean,
  ) {}

  value(v: unknown): string {
    switch (typeof v) {
      case 'string':
        return quote(v, this.standard);
      case 'number':
        return writeNumber(v, this.standard);
      case 'bigint':
        return writeInteger(v, this.standard);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'undefined':
      case 'function':
      case 'symbol':
        return 'null';
      default:
        break;
    }
    if (v === null) return 'null';
    const obj = v as object;
    if (obj instanceof JavaDouble) return Number.isFinite(obj.value) ? formatJavaDouble(obj.value) : 'null';
    // fastjson writes java.util.Date as epoch millis and byte[] as Base64.
    if (obj instanceof Date) return writeNumber(obj.getTime(), this.standard);
    if (obj instanceof Uint8Array) return quote(Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString('base64'), this.standard);
    if (this.active.has(obj)) throw new TypeError('stringifyFastJson: cyclic structure (fastjson would write $ref, which we never emit)');
    this.active.add(obj);
    try {
      if (Array.isArray(obj) || obj instanceof Set) {
        const parts: string[] = [];
        for (const item of obj as Iterable<unknown>) parts.push(this.value(item));
        return `[${parts.join(',')}]`;
      }
      if (obj instanceof Map) return this.map(obj as Map<unknown, unknown>);
      return this.record(obj as Record<string, unknown>);
    } finally {
      this.active.delete(obj);
    }
  }

  /** A map key without quotes as fastjson writes non-String keys (§10.5). */
  private bareKey(k: unknown): string {
    if (typeof k === 'string') return quote(k, false);
    if (typeof k === 'bigint') return k.toString();
    return new Writer(false, this.sortKeys).value(k);
  }

  private key(k: unknown): string {
    if (typeof k === 'string') return quote(k, this.standard);
    // BrowserCompatible writes a non-String key as a string holding JSON.toJSONString(key).
    return this.standard ? quote(this.bareKey(k), true) : this.value(k);
  }

  private map(m: Map<unknown, unknown>): string {
    let entries = [...m].filter(([, v]) => v !== undefined);
    if (this.standard) {
      const texts = new Map<unknown, string>(entries.map(([k]) => [k, this.bareKey(k)]));
      entries = entries.sort(([a], [b]) => compareKeys(a, b, texts.get(a) as string, texts.get(b) as string));
    }
    return `{${entries.map(([k, v]) => `${this.key(k)}:${this.value(v)}`).join(',')}}`;
  }

  private record(obj: Record<string, unknown>): string {
    const form = keyForms.get(obj);
    let keys = Object.keys(obj);
    if (this.standard || this.sortKeys) {
      keys = keys.every((k) => INTEGER_KEY.test(k))
        ? keys.sort((a, b) => compareKeys(BigInt(a), BigInt(b), a, b))
        : keys.sort(compareText);
    } else if (form) {
      const present = new Set(keys);
      const ordered = form.order.filter((k) => present.has(k));
      const seen = new Set(ordered);
      keys = ordered.concat(keys.filter((k) => !seen.has(k)));
    }
    const parts: string[] = [];
    for (const k of keys) {
      const v = obj[k];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      const name = !this.standard && form?.bare.has(k) ? k : quote(k, this.standard);
      parts.push(`${name}:${this.value(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
}

/**
 * Writes a value the way Java fastjson does (framing.md §10): compact, plain objects with quoted
 * keys in insertion order (`undefined` members omitted, `null` written), `Map`s with non-string
 * keys as bare keys (`{0:"127.0.0.1:10911"}`, `{{"brokerName":..}:..}`), `bigint` as bare
 * integers, non-integral numbers and {@link JavaDouble}s Java-style (`1.0E-5`), NaN/Infinity as
 * `null`, `Set`s as arrays, `Date` as epoch millis, byte arrays as Base64. Objects that came from
 * {@link parseFastJson} keep their bare keys and source key order, so Java's bytes round-trip.
 * Java writes bean properties alphabetically and omits null ones: build objects accordingly (or
 * use `sortKeys`).
 * @throws TypeError on cyclic structures
 */
export function stringifyFastJson(value: unknown, options: StringifyOptions = {}): string {
  return new Writer(options.standard ?? false, options.sortKeys ?? false).value(value);
}

// ---------------------------------------------------------------------------------------------
// Accessors: Java may send a number as a string (§10.3), a long as bigint, a double as null (§10.2).
// ---------------------------------------------------------------------------------------------

export function isFastJsonObject(v: unknown): v is FastJsonObject {
  return typeof v === 'object' && v !== null && isPlainRecord(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}

/**
 * Entries of a map-valued member whatever its parsed form: a `Map` (object keys), or a plain
 * object (string/numeric keys, and every empty map `{}`), whose keys come back as strings.
 */
export function entriesOf(v: unknown): Array<[FastJsonValue, FastJsonValue]> {
  if (v instanceof Map) return [...(v as FastJsonMap)];
  if (isFastJsonObject(v)) return Object.keys(v).map((k) => [k, v[k] as FastJsonValue]);
  return [];
}

export function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof JavaDouble) return formatJavaDouble(v.value);
  return undefined;
}

/** A number from a number, bigint (possibly losing precision beyond 2^53), JavaDouble or numeric string. */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof JavaDouble) return v.value;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isNaN(n) ? undefined : n;
  }
  return undefined;
}

/** An exact integer from a bigint, an integral number or an integer string. */
export function asBigInt(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : undefined;
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return BigInt(v.trim());
  return undefined;
}

/** A boolean from a boolean or a string (Java `Boolean.parseBoolean`: only "true", any case, is true). */
export function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.toLowerCase() === 'true';
  return undefined;
}

export function asArray(v: unknown): FastJsonValue[] | undefined {
  return Array.isArray(v) ? (v as FastJsonValue[]) : undefined;
}

export function asObject(v: unknown): FastJsonObject | undefined {
  return isFastJsonObject(v) ? v : undefined;
}
