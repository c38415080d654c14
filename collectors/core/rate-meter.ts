// Events per second over the last minute, from per-second buckets: cheap to bump on every message.
export class RateMeter {
  private readonly buckets = new Float64Array(60);
  private readonly stamps = new Float64Array(60);

  constructor(private readonly now: () => number = Date.now) {}

  add(n = 1): void {
    const sec = Math.floor(this.now() / 1000);
    const i = sec % 60;
    if (this.stamps[i] !== sec) {
      this.stamps[i] = sec;
      this.buckets[i] = 0;
    }
    this.buckets[i]! += n;
  }

  perSecond(): number {
    const sec = Math.floor(this.now() / 1000);
    let sum = 0;
    for (let i = 0; i < 60; i++)
      if (sec - this.stamps[i]! < 60 && this.stamps[i]! <= sec) sum += this.buckets[i]!;
    return Math.round((sum / 60) * 100) / 100;
  }
}
