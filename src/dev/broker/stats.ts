// Counters behind GET_BROKER_RUNTIME_INFO (messages.md B.2): messages put and got in total,
// since midnight and since yesterday's midnight, and TPS over the last 10 s, 1 min and 10 min
// (sampled once a second, as the Java broker samples its stats items).

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

  start(): void {
    this.samples.push([this.putTotal, this.getTotal]);
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  recordPut(count: number, bytes: number): void {
    this.putTotal += count;
    this.putSizeTotal += bytes;
  }

  recordGet(count: number): void {
    this.getTotal += count;
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
