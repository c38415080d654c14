// Events per second over a sliding window of whole-second buckets: O(1) per recorded event and
// fixed memory (a count and a second-stamp per bucket), so a busy process never grows an array.

export class RateWindow {
  private readonly counts: Float64Array;
  private readonly seconds: Float64Array;

  constructor(readonly windowSec: number) {
    if (!Number.isInteger(windowSec) || windowSec < 2) throw new Error("windowSec must be an integer ≥ 2");
    this.counts = new Float64Array(windowSec);
    // -1 marks a bucket never used; a stale stamp makes a bucket count as empty.
    this.seconds = new Float64Array(windowSec).fill(-1);
  }

  add(nowMs: number, n = 1): void {
    const sec = Math.floor(nowMs / 1000);
    const i = sec % this.windowSec;
    if (this.seconds[i] !== sec) {
      this.seconds[i] = sec;
      this.counts[i] = 0;
    }
    this.counts[i] = (this.counts[i] ?? 0) + n;
  }

  /** Events recorded in the window's buckets: the current (partial) second and the windowSec−1 before it. */
  count(nowMs: number): number {
    const sec = Math.floor(nowMs / 1000);
    let total = 0;
    for (let i = 0; i < this.windowSec; i++) {
      const s = this.seconds[i] ?? -1;
      if (s > sec - this.windowSec && s <= sec) total += this.counts[i] ?? 0;
    }
    return total;
  }

  /**
   * Events per second. The divisor is the time the buckets actually cover — windowSec−1 whole
   * seconds plus the elapsed part of the current one — so a steady rate reads steady instead of
   * a 10 % sawtooth each second; `sinceMs` (when counting began) shortens it during warm-up.
   */
  rate(nowMs: number, sinceMs = Number.NEGATIVE_INFINITY): number {
    const total = this.count(nowMs);
    if (total === 0) return 0;
    const frac = (nowMs - Math.floor(nowMs / 1000) * 1000) / 1000;
    const span = Math.max(1, Math.min(this.windowSec - 1 + frac, (nowMs - sinceMs) / 1000));
    return total / span;
  }
}
