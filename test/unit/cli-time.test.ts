import { describe, expect, it } from 'vitest';
import { parseTime } from '../../src/cli/time.js';
import { InvalidArgumentError } from '../../src/admin/errors.js';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0, 0);

describe('parseTime', () => {
  it('reads the Java forms', () => {
    expect(parseTime('now', NOW)).toBe(NOW);
    expect(parseTime('1795314884634', NOW)).toBe(1795314884634);
    expect(parseTime('2026-11-22#10:15:30:123', NOW)).toBe(new Date(2026, 10, 22, 10, 15, 30, 123).getTime());
  });

  it('reads ISO 8601 with and without a zone', () => {
    expect(parseTime('2026-11-22T10:00:00Z', NOW)).toBe(Date.UTC(2026, 10, 22, 10));
    expect(parseTime('2026-11-22T10:00:00+08:00', NOW)).toBe(Date.UTC(2026, 10, 22, 2));
    expect(parseTime('2026-11-22 10:00', NOW)).toBe(new Date(2026, 10, 22, 10, 0).getTime());
  });

  it('reads relative times as the past', () => {
    expect(parseTime('-1h', NOW)).toBe(NOW - 3_600_000);
    expect(parseTime('30m', NOW)).toBe(NOW - 1_800_000);
    expect(parseTime('2d', NOW)).toBe(NOW - 2 * 86_400_000);
    expect(parseTime('+10s', NOW)).toBe(NOW + 10_000);
  });

  it('rejects what it cannot read with a usage error', () => {
    expect(() => parseTime('yesterday', NOW)).toThrow(InvalidArgumentError);
    expect(() => parseTime('12', NOW)).toThrow(/cannot read the time "12"/);
  });
});
