// Counters behind GET_BROKER_RUNTIME_INFO (messages.md B.2): messages put and got in total,
// since midnight and since yesterday's midnight, and TPS over the last 10 s, 1 min and 10 min
// (sampled once a second, as the Java broker samples its stats items). And the per-topic and
// per-group statistics items of the Java BrokerStatsManager behind VIEW_BROKER_STATS_DATA and
// the consume TPS of GET_BROKER_CONSUME_STATS: TOPIC_PUT_NUMS/SIZE (key topic), GROUP_GET_NUMS/SIZE
// and SNDBCK_PUT_NUMS (key topic@group), BROKER_PUT_NUMS/GET_NUMS (key cluster name), each seen
// over the last minute, hour and day.

/** One window of an item: what was added in it, the rate, and the average per call. */
export interface StatsWindowSnapshot {
  sum: number;
  tps: number;
  avgpt: number;
}

export interface StatsItemSnapshot {
  statsMinute: StatsWindowSnapshot;
  statsHour: StatsWindowSnapshot;
  statsDay: StatsWindowSnapshot;
}

/**
 * A sliding window of `slots` buckets of `slotMs` each: value and call count per bucket, stamped
 * with the bucket's number so stale ones read as empty. Sums cover the last `slots` buckets,
 * the current (partial) one included.
 */
class SlidingWindow {
  private readonly stamps: Float64Array;
  private readonly values: Float64Array;
  private readonly times: Float64Array;

  constructor(private readonly slots: number, private readonly slotMs: number) {
    this.stamps = new Float64Array(slots).fill(-1);
    this.values = new Float64Array(slots);
    this.times = new Float64Array(slots);
  }

  add(value: number, times: number, now: number): void {
    const slot = Math.floor(now / this.slotMs);
    const i = slot % this.slots;
    if (this.stamps[i] !== slot) {
      this.stamps[i] = slot;
      this.values[i] = 0;
      this.times[i] = 0;
    }
    this.values[i] += value;
    this.times[i] += times;
  }

  /** `since`: when counting started (the broker's start): a younger window's rate is over its real age. */
  snapshot(now: number, since: number): StatsWindowSnapshot {
    const slot = Math.floor(now / this.slotMs);
    let sum = 0;
    let times = 0;
    for (let i = 0; i < this.slots; i++) {
      if (this.stamps[i]! > slot - this.slots && this.stamps[i]! <= slot) {
        sum += this.values[i]!;
        times += this.times[i]!;
      }
    }
    const spanMs = Math.max(1000, Math.min(this.slots * this.slotMs, now - since));
    return { sum, tps: (sum * 1000) / spanMs, avgpt: times > 0 ? sum / times : 0 };
  }
}

class StatsItem {
  value = 0;
  times = 0;
  private readonly minute = new SlidingWindow(60, 1000);
  private readonly hour = new SlidingWindow(60, 60_000);
  private readonly day = new SlidingWindow(24, 3_600_000);

  add(value: number, times: number, now: number): void {
    this.value += value;
    this.times += times;
    this.minute.add(value, times, now);
    this.hour.add(value, times, now);
    this.day.add(value, times, now);
  }

  snapshot(now: number, since: number): StatsItemSnapshot {
    return { statsMinute: this.minute.snapshot(now, since), statsHour: this.hour.snapshot(now, since), statsDay: this.day.snapshot(now, since) };
  }
}

export const STATS_NAMES = ['TOPIC_PUT_NUMS', 'TOPIC_PUT_SIZE', 'GROUP_GET_NUMS', 'GROUP_GET_SIZE', 'SNDBCK_PUT_NUMS', 'BROKER_PUT_NUMS', 'BROKER_GET_NUMS'] as const;
export type StatsName = (typeof STATS_NAMES)[number];

export class BrokerStats {
  putTotal = 0;
  getTotal = 0;
  putSizeTotal = 0;
  private putTodayMorning = 0;
  private putYesterdayMorning = 0;
  private getTodayMorning = 0;
  private getYesterdayMorning = 0;
  private day = dayOf(Date.now());
  /** One sample per second: [putTotal, getTotal]. */
  private readonly samples: Array<[number, number]> = [];
  private timer: NodeJS.Timeout | undefined;
  /** statsName -> statsKey -> item, created at the first event, as the Java StatsItemSet does. */
  private readonly items = new Map<StatsName, Map<string, StatsItem>>(STATS_NAMES.map((n) => [n, new Map()]));
  private readonly since: number;

  /** `clusterName` keys the broker-wide items, as in Java. */
  constructor(private readonly clusterName = 'DefaultCluster', private readonly now: () => number = Date.now) {
    this.since = now();
  }

  start(): void {
    this.samples.push([this.putTotal, this.getTotal]);
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** A send stored `count` messages of `bytes` (one call); `topic` feeds TOPIC_PUT_NUMS/SIZE. */
  recordPut(count: number, bytes: number, topic?: string): void {
    this.putTotal += count;
    this.putSizeTotal += bytes;
    const now = this.now();
    this.add('BROKER_PUT_NUMS', this.clusterName, count, now);
    if (topic !== undefined) {
      this.add('TOPIC_PUT_NUMS', topic, count, now);
      this.add('TOPIC_PUT_SIZE', topic, bytes, now);
    }
  }

  /** A pull handed `count` messages of `bytes` to `group`; feeds GROUP_GET_NUMS/SIZE. */
  recordGet(count: number, group?: string, topic?: string, bytes = 0): void {
    this.getTotal += count;
    const now = this.now();
    this.add('BROKER_GET_NUMS', this.clusterName, count, now);
    if (group !== undefined && topic !== undefined) {
      this.add('GROUP_GET_NUMS', `${topic}@${group}`, count, now);
      this.add('GROUP_GET_SIZE', `${topic}@${group}`, bytes, now);
    }
  }

  /** A consumer of `group` sent a message of `topic` back for a later retry. */
  recordSendBack(group: string, topic: string): void {
    this.add('SNDBCK_PUT_NUMS', `${topic}@${group}`, 1, this.now());
  }

  private add(name: StatsName, key: string, value: number, now: number): void {
    const set = this.items.get(name)!;
    let item = set.get(key);
    if (!item) set.set(key, (item = new StatsItem()));
    item.add(value, 1, now);
  }

  /** VIEW_BROKER_STATS_DATA: the item's minute, hour and day, or undefined when it never had an event. */
  item(name: string, key: string): StatsItemSnapshot | undefined {
    const item = this.items.get(name as StatsName)?.get(key);
    return item?.snapshot(this.now(), this.since);
  }

  /** Messages per second handed to `group` from `topic` over the last minute (Java tpsGroupGetNums). */
  groupGetTps(group: string, topic: string): number {
    return this.item('GROUP_GET_NUMS', `${topic}@${group}`)?.statsMinute.tps ?? 0;
  }

  private sample(): void {
    const today = dayOf(Date.now());
    if (today !== this.day) {
      this.day = today;
      this.putYesterdayMorning = this.putTodayMorning;
      this.getYesterdayMorning = this.getTodayMorning;
      this.putTodayMorning = this.putTotal;
      this.getTodayMorning = this.getTotal;
    }
    this.samples.push([this.putTotal, this.getTotal]);
    if (this.samples.length > 601) this.samples.shift();
  }

  /** "last10s last1min last10min" as Java prints TPS (two decimals). */
  tps(which: 0 | 1): string {
    const last = this.samples[this.samples.length - 1] ?? [this.putTotal, this.getTotal];
    const rate = (seconds: number) => {
      const i = Math.max(0, this.samples.length - 1 - seconds);
      const first = this.samples[i] ?? last;
      const span = Math.max(1, this.samples.length - 1 - i);
      return ((last[which] - first[which]) / span).toFixed(2);
    };
    return `${rate(10)} ${rate(60)} ${rate(600)}`;
  }

  totals(): Record<string, string> {
    return {
      msgPutTotalTodayNow: String(this.putTotal),
      msgPutTotalTodayMorning: String(this.putTodayMorning),
      msgPutTotalYesterdayMorning: String(this.putYesterdayMorning),
      msgGetTotalTodayNow: String(this.getTotal),
      msgGetTotalTodayMorning: String(this.getTodayMorning),
      msgGetTotalYesterdayMorning: String(this.getYesterdayMorning),
    };
  }
}

function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}
