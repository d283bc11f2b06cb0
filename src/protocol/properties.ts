/**
 * The two "properties" encodings of the protocol:
 *  - message properties inside stored records and SEND_MESSAGE headers (message-format.md §6):
 *    `name \u0001 value \u0002 ...`;
 *  - Java properties text in the broker/NameServer config bodies (framing.md §11).
 */

export const NAME_VALUE_SEPARATOR = '\u0001';
export const PROPERTY_SEPARATOR = '\u0002';

/**
 * Java `MessageDecoder.string2messageProperties` (both 4.9.8 and 5.3.3): split on `\u0002`; keep a
 * segment only if it has at least 3 characters and its first `\u0001` leaves a non-empty key and
 * a non-empty value (the value keeps any further `\u0001`); later duplicates win. A Buffer is
 * decoded as UTF-8. Returns a null-prototype record in first-seen key order.
 */
export function decodeMessageProperties(input: string | Buffer): Record<string, string> {
  const s = typeof input === 'string' ? input : input.toString('utf8');
  const out = Object.create(null) as Record<string, string>;
  let index = 0;
  while (index < s.length) {
    let end = s.indexOf(PROPERTY_SEPARATOR, index);
    if (end < 0) end = s.length;
    if (end - index >= 3) {
      const sep = s.indexOf(NAME_VALUE_SEPARATOR, index);
      if (sep > index && sep < end - 1) out[s.slice(index, sep)] = s.slice(sep + 1, end);
    }
    index = end + 1;
  }
  return out;
}

export type MessagePropertiesInput =
  | Readonly<Record<string, string | null | undefined>>
  | ReadonlyMap<string, string | null | undefined>;

export interface EncodeMessagePropertiesOptions {
  /**
   * Whether the last pair is followed by `\u0002` too. `true` (default) is what 5.3.3 writes;
   * 4.9.8 `messageProperties2String` removes the final separator (as the 4.9.8 fixtures show).
   * Java decodes both forms identically.
   */
  trailingSeparator?: boolean;
}

/**
 * Java `MessageDecoder.messageProperties2String`: `name\u0001value\u0002` per pair in iteration
 * order, pairs whose value is null/undefined skipped. Keys and values must not contain the
 * separators; Java does not check this and neither do we.
 */
export function encodeMessageProperties(props: MessagePropertiesInput, options: EncodeMessagePropertiesOptions = {}): string {
  const entries: Iterable<readonly [string, string | null | undefined]> =
    props instanceof Map ? props.entries() : Object.entries(props as Record<string, string | null | undefined>);
  let out = '';
  for (const [name, value] of entries) {
    if (value === null || value === undefined) continue;
    out += name + NAME_VALUE_SEPARATOR + value + PROPERTY_SEPARATOR;
  }
  return options.trailingSeparator === false ? out.slice(0, -1) : out;
}

// ---------------------------------------------------------------------------------------------
// Java properties text (framing.md §11)
// ---------------------------------------------------------------------------------------------

export class JavaPropertiesSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JavaPropertiesSyntaxError';
  }
}

export interface ParseJavaPropertiesOptions {
  /**
   * How to decode a Buffer: `'utf8'` (default; what Java writes in GET_*_CONFIG bodies) or
   * `'latin1'` (what Java's `Properties.load(InputStream)` does when it reads
   * UPDATE_*_CONFIG bodies, mangling non-ASCII UTF-8).
   */
  encoding?: 'utf8' | 'latin1';
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\f';

/**
 * Splits text into logical lines like `java.util.Properties.LineReader`: `\n`, `\r` or `\r\n`
 * end a natural line; leading blanks are skipped; blank lines and lines whose first non-blank
 * character is `#` or `!` are ignored; a line ending in an odd number of backslashes continues on
 * the next one (the backslash, the line break and the next line's leading blanks are dropped),
 * and a comment cannot be continued. A continuation line is never a comment, and an empty
 * continuation line ends the logical line.
 */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (isBlank(text[i]) || text[i] === '\n' || text[i] === '\r')) i++;
    if (i >= n) break;
    if (text[i] === '#' || text[i] === '!') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    let line = '';
    for (;;) {
      const start = i;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      const chunk = text.slice(start, i);
      let slashes = 0;
      while (slashes < chunk.length && chunk[chunk.length - 1 - slashes] === '\\') slashes++;
      if (slashes % 2 === 0) {
        line += chunk;
        break;
      }
      line += chunk.slice(0, -1);
      if (i >= n) break;
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      while (i < n && isBlank(text[i])) i++;
    }
    lines.push(line);
  }
  return lines;
}

/** `Properties.loadConvert`: `\uXXXX`, `\t \n \r \f`, and `\x` -> `x` for any other character. */
function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i];
    if (e === undefined) break;
    if (e === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JavaPropertiesSyntaxError('Malformed \\uxxxx encoding.');
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += e === 't' ? '\t' : e === 'n' ? '\n' : e === 'r' ? '\r' : e === 'f' ? '\f' : e;
    }
  }
  return out;
}

/**
 * `java.util.Properties.load` rules (framing.md §11): the key ends at the first unescaped `=`,
 * `:` or blank; blanks and at most one `=`/`:` after it are skipped; the rest of the logical line
 * (trailing blanks included) is the value; escapes are resolved in both. Later duplicates win.
 * Returns a null-prototype record in first-seen key order.
 * @throws JavaPropertiesSyntaxError on a malformed `\uXXXX` escape (Java throws too)
 */
export function parseJavaProperties(input: string | Buffer, options: ParseJavaPropertiesOptions = {}): Record<string, string> {
  const text = typeof input === 'string' ? input : input.toString(options.encoding ?? 'utf8');
  const out = Object.create(null) as Record<string, string>;
  for (const line of logicalLines(text)) {
    let keyEnd = 0;
    let valueStart = line.length;
    let hasSep = false;
    let backslash = false;
    for (; keyEnd < line.length; keyEnd++) {
      const c = line[keyEnd];
      if (!backslash && (c === '=' || c === ':')) {
        valueStart = keyEnd + 1;
        hasSep = true;
        break;
      }
      if (!backslash && isBlank(c)) {
        valueStart = keyEnd + 1;
        break;
      }
      backslash = c === '\\' ? !backslash : false;
    }
    for (; valueStart < line.length; valueStart++) {
      const c = line[valueStart];
      if (isBlank(c)) continue;
      if (!hasSep && (c === '=' || c === ':')) {
        hasSep = true;
        continue;
      }
      break;
    }
    out[unescape(line.slice(0, keyEnd))] = unescape(line.slice(valueStart));
  }
  return out;
}

export type JavaPropertyValue = string | number | bigint | boolean | null | undefined;

export interface FormatJavaPropertiesOptions {
  /** Sort keys (5.3.3 sorts GET_*_CONFIG output; 4.9.8 does not). */
  sort?: boolean;
  /**
   * Escape like `Properties.store` so that `Properties.load` gives back the exact strings:
   * `\\`, `\=`, `\:`, `\#`, `\!`, blanks in keys and a leading blank in values, `\t \n \r \f`,
   * and every character outside 0x20..0x7E as `\uXXXX` (Java reads these bodies as ISO-8859-1,
   * so raw non-ASCII would arrive mangled). Default `false`: plain `key=value`, exactly what Java's
   * `MixAll.properties2String` and the Java mqadmin send.
   */
  escape?: boolean;
}

function escapeProperty(s: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    const code = c.charCodeAt(0);
    if (c === ' ') out += isKey || i === 0 ? '\\ ' : ' ';
    else if (c === '\t') out += '\\t';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\f') out += '\\f';
    else if ('\\=:#!'.includes(c)) out += `\\${c}`;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

/**
 * Java `MixAll.properties2String`: one `key=value\n` line per entry whose value is not
 * null/undefined, no escaping unless `escape` is set.
 */
export function formatJavaProperties(
  props: Readonly<Record<string, JavaPropertyValue>> | ReadonlyMap<string, JavaPropertyValue>,
  options: FormatJavaPropertiesOptions = {},
): string {
  let entries: Array<[string, JavaPropertyValue]> =
    props instanceof Map ? [...props.entries()] : Object.entries(props as Record<string, JavaPropertyValue>);
  if (options.sort) entries = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let out = '';
  for (const [key, value] of entries) {
    if (value === null || value === undefined) continue;
    const v = String(value);
    out += options.escape ? `${escapeProperty(key, true)}=${escapeProperty(v, false)}\n` : `${key}=${v}\n`;
  }
  return out;
}
