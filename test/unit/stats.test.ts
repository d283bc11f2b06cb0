// The statistics the dev broker keeps (per topic and group, over a minute, an hour and a day),
// the averaging allocation, round-trip figures, what startMonitoring reports as changed, and
// the statsAll sort.

import { describe, expect, it } from 'vitest';
import { monitorChanges, type MonitorGroup, type MonitorRound } from '../../src/admin/monitor.js';
import { summarizeRt, testBody } from '../../src/admin/sendTest.js';
import { allocateAveragely, type StatsAllRow } from '../../src/admin/stats.js';
import { parseClientIds } from '../../src/commands/allocateMQ.js';
import { sortStatsRows } from '../../src/commands/statsAll.js';
import { BrokerStats } from '../../src/dev/broker/stats.js';
import { InvalidArgumentError } from '../../src/admin/errors.js';

describe('BrokerStats items (VIEW_BROKER_STATS_DATA)', () => {
  const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('counts puts per topic and gets per topic@group over the last minute, hour and day', () => {
    let now = T0;
    const s = new BrokerStats('DefaultCluster', () => now);
    expect(s.item('TOPIC_PUT_NUMS', 'T')).toBeUndefined();
    now += 120_000; // the broker has run two minutes
    s.recordPut(1, 100, 'T');
    s.recordPut(3, 300, 'T'); // a batch: 3 messages in one call
    s.recordGet(4, 'G', 'T', 400);
    let put = s.item('TOPIC_PUT_NUMS', 'T')!;
    expect(put.statsMinute).toEqual({ sum: 4, tps: 4 / 60, avgpt: 2 });
    expect(put.statsHour.sum).toBe(4);
    expect(put.statsDay.sum).toBe(4);
    // The hour's rate is over the two minutes the broker has counted, not a whole hour.
    expect(put.statsHour.tps).toBeCloseTo(4 / 120);
    expect(s.item('TOPIC_PUT_SIZE', 'T')!.statsMinute.sum).toBe(400);
    expect(s.item('GROUP_GET_NUMS', 'T@G')!.statsMinute.sum).toBe(4);
    expect(s.item('GROUP_GET_SIZE', 'T@G')!.statsMinute.sum).toBe(400);
    expect(s.item('BROKER_PUT_NUMS', 'DefaultCluster')!.statsMinute.sum).toBe(4);
    expect(s.item('BROKER_GET_NUMS', 'DefaultCluster')!.statsMinute.sum).toBe(4);
    expect(s.groupGetTps('G', 'T')).toBeCloseTo(4 / 60);
    expect(s.putTotal).toBe(4);

    // Two minutes later the minute window is empty; the hour and the day still hold them.
    now += 120_000;
    s.recordPut(2, 200, 'T');
    put = s.item('TOPIC_PUT_NUMS', 'T')!;
    expect(put.statsMinute.sum).toBe(2);
    expect(put.statsHour.sum).toBe(6);
    expect(s.groupGetTps('G', 'T')).toBe(0);
    // Two hours later only the day holds them; a day later nothing.
    now += 2 * 3_600_000;
    put = s.item('TOPIC_PUT_NUMS', 'T')!;
    expect([put.statsMinute.sum, put.statsHour.sum, put.statsDay.sum]).toEqual([0, 0, 6]);
    expect(put.statsDay.tps).toBeCloseTo(6 / ((2 * 3_600_000 + 240_000) / 1000));
    now += 24 * 3_600_000;
    put = s.item('TOPIC_PUT_NUMS', 'T')!;
    expect([put.statsMinute.sum, put.statsHour.sum, put.statsDay.sum]).toEqual([0, 0, 0]);
    // The item still exists (a real broker keeps it too): zeros, not "not exist".
    expect(put.statsMinute).toEqual({ sum: 0, tps: 0, avgpt: 0 });
  });

  it('send-backs count under the topic@group', () => {
    const s = new BrokerStats('C', () => T0);
    s.recordSendBack('G', 'T');
    s.recordSendBack('G', 'T');
    expect(s.item('SNDBCK_PUT_NUMS', 'T@G')!.statsMinute.sum).toBe(2);
    expect(s.item('NO_SUCH_STATS', 'T')).toBeUndefined();
  });
});

describe('AllocateMessageQueueAveragely', () => {
  const qs = (n: number) => Array.from({ length: n }, (_, i) => ({ topic: 'T', brokerName: 'b', queueId: i }));
  const ids = (n: number, clients: string[], c: string) => allocateAveragely(qs(n), clients, c).map((q) => q.queueId);

  it('blocks of n/k, the first n%k clients one more', () => {
    expect(['a', 'b', 'c'].map((c) => ids(8, ['a', 'b', 'c'], c))).toEqual([[0, 1, 2], [3, 4, 5], [6, 7]]);
    expect(['a', 'b'].map((c) => ids(4, ['a', 'b'], c))).toEqual([[0, 1], [2, 3]]);
  });

  it('one each while queues last, none past them; an unknown client gets none', () => {
    expect(['a', 'b', 'c', 'd'].map((c) => ids(2, ['a', 'b', 'c', 'd'], c))).toEqual([[0], [1], [], []]);
    expect(ids(3, ['a', 'b', 'c'], 'c')).toEqual([2]);
    expect(ids(4, ['a'], 'z')).toEqual([]);
  });
});

describe('round trips', () => {
  it('min, median, p99 (nearest rank), max, avg', () => {
    expect(summarizeRt([])).toBeNull();
    expect(summarizeRt([5])).toEqual({ count: 1, min: 5, median: 5, p99: 5, max: 5, avg: 5 });
    expect(summarizeRt([4, 1, 3, 2])).toEqual({ count: 4, min: 1, median: 2.5, p99: 4, max: 4, avg: 2.5 });
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarizeRt(hundred)).toMatchObject({ median: 50.5, p99: 99, max: 100 });
  });

  it('test bodies are exactly the size asked', () => {
    expect(testBody(5).toString()).toBe('aaaaa');
    expect(testBody(16, 'hello jodie').toString()).toBe('hello jodiehello');
    expect(testBody(0).length).toBe(0);
  });
});

describe('startMonitoring changes', () => {
  const group = (name: string, lag: number, clients = 1, extra: Partial<MonitorGroup> = {}): MonitorGroup => ({
    group: name,
    clients,
    consumeTps: 0,
    topics: [{ topic: 'T', lag, maxQueueLag: lag, delayMs: null, expired: 0 }],
    sameSubscription: true,
    conflicts: [],
    ...extra,
  });
  const round = (n: number, groups: MonitorGroup[]): MonitorRound => ({ round: n, time: 0, groups, failures: [] });

  it('nothing for the first round; then lags that moved, clients, groups that came and went', () => {
    const r1 = round(1, [group('A', 0), group('B', 5)]);
    expect(monitorChanges(undefined, r1)).toEqual([]);
    expect(monitorChanges(r1, round(2, [group('A', 0), group('B', 5)]))).toEqual([]);
    const r3 = round(3, [group('A', 3, 0), group('C', 1)]);
    expect(monitorChanges(r1, r3)).toEqual([
      { kind: 'clients', group: 'A', before: 1, after: 0 },
      { kind: 'lag', group: 'A', topic: 'T', before: 0, after: 3 },
      { kind: 'gone-group', group: 'B', before: 1, after: null },
      { kind: 'new-group', group: 'C', before: null, after: 1 },
    ]);
  });

  it('subscriptions that stop agreeing and queues held twice', () => {
    const r1 = round(1, [group('A', 0)]);
    const r2 = round(2, [group('A', 0, 2, { sameSubscription: false, conflicts: [{ topic: 'T', brokerName: 'b', queueId: 0, clients: ['x', 'y'] }] })]);
    expect(monitorChanges(r1, r2).map((c) => c.kind)).toEqual(['clients', 'subscription', 'rebalance']);
  });
});

describe('statsAll rows', () => {
  const row = (topic: string, group: string | null, accumulation: number, inTps: number): StatsAllRow => ({
    topic, group, accumulation, inTps, outTps: group ? 1 : null, in24h: 0, out24h: group ? 0 : null,
    inStats: { statsMinute: { sum: 0, tps: 0, avgpt: 0 }, statsHour: { sum: 0, tps: 0, avgpt: 0 }, statsDay: { sum: 0, tps: 0, avgpt: 0 } }, outStats: null,
  });
  const rows = [row('B', 'g2', 5, 1), row('A', null, 0, 3), row('B', 'g1', 9, 1), row('A', 'g', 0, 3)];

  it('by topic and group (NO_CONSUMER last), or by a figure, largest first', () => {
    expect(sortStatsRows(rows, 'topic').map((r) => `${r.topic}/${r.group}`)).toEqual(['A/g', 'A/null', 'B/g1', 'B/g2']);
    expect(sortStatsRows(rows, 'accumulation').map((r) => `${r.topic}/${r.group}`)).toEqual(['B/g1', 'B/g2', 'A/g', 'A/null']);
    expect(sortStatsRows(rows, 'in-tps')[0]!.topic).toBe('A');
  });
});

describe('allocateMQ -i', () => {
  it('splits on commas and trims; an empty id is a usage error', () => {
    expect(parseClientIds('a, b ,c')).toEqual(['a', 'b', 'c']);
    expect(() => parseClientIds('a,,b')).toThrow(InvalidArgumentError);
  });
});
