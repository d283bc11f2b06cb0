// Times on the command line, as the Java tool takes them and more:
//   now | epoch milliseconds | yyyy-MM-dd#HH:mm:ss:SSS (Java mqadmin, local time)
//   ISO 8601 (2026-11-22T10:00:00Z, 2026-11-22T10:00:00+08:00, 2026-11-22 10:00)
//   relative: -1h, 30m, -2d, 90s (a past offset from now; the sign is optional)

import { InvalidArgumentError } from '../admin/errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseTime(text: string, now: number = Date.now()): number {
  const t = text.trim();
  if (t === '') throw new InvalidArgumentError('empty time');
  if (t.toLowerCase() === 'now') return now;
  if (/^\d{10,}$/.test(t)) return Number(t);
  const rel = /^([+-]?)(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(t);
  if (rel) {
    const ms = Number(rel[2]) * UNIT_MS[rel[3]!]!;
    return rel[1] === '+' ? now + ms : now - ms;
  }
  const java = /^(\d{4})-(\d{2})-(\d{2})#(\d{2}):(\d{2}):(\d{2}):(\d{3})$/.exec(t);
  if (java) {
    const [, y, mo, d, h, mi, s, ms] = java.map(Number) as number[];
    return new Date(y!, mo! - 1, d!, h!, mi!, s!, ms!).getTime();
  }
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t)) {
    const ms = Date.parse(t.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return ms;
  }
  throw new InvalidArgumentError(
    `cannot read the time "${text}"`,
    'use now, epoch milliseconds, 2026-11-22T10:00:00Z, yyyy-MM-dd#HH:mm:ss:SSS, or a relative time like -1h or 30m',
  );
}
