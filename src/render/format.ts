// Number and time formats shared by the views.

/** Local time with milliseconds, `2026-11-22 10:15:30.123`, or '-' for none. */
export function formatTimestamp(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms <= 0) return '-';
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export function formatFixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '-' : Math.round(value).toLocaleString('en-US');
}

export function formatPercent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio) ? '-' : `${(ratio * 100).toFixed(1)}%`;
}

/**
 * Text from the cluster made safe for a terminal: control characters (C0, DEL, C1) and the
 * Unicode direction overrides are shown escaped (`\x1b`, `\n`, `\u202e`), so that a key, tag,
 * property, config value or remark cannot move the cursor, clear the screen or reorder a line.
 * Colour codes (SGR, `ESC [ ... m`, what our own styles write) are kept: they only colour.
 */
export function escapeControl(text: string, options: { keepLines?: boolean } = {}): string {
  // eslint-disable-next-line no-control-regex
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_OR_SGR, (c) => {
    if (c.length > 1) return c; // a colour code
    if (options.keepLines && (c === '\n' || c === '\t')) return c;
    switch (c) {
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: {
        const code = c.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
      }
    }
  });
}

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_OR_SGR = /\u001b\[[0-9;]*m|[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
