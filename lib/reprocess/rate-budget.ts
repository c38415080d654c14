// How many items each running request may hand to collectors now: a token bucket per request,
// filled at its rate (messages per second), holding at most one second's worth so an idle spell is
// not followed by a flood. In memory: after a restart a request simply starts with an empty bucket.
export class RateBudget {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  /** Whole items request `id` may send at `nowMs` (taken from its bucket). */
  take(id: string, ratePerSecond: number, nowMs: number, max: number): number {
    const b = this.buckets.get(id);
    if (!b) {
      // A first look: the first tick's worth, so a new request starts at once.
      this.buckets.set(id, { tokens: 0, atMs: nowMs });
      return 0 < max ? Math.min(max, Math.max(1, Math.floor(ratePerSecond / 10))) : 0;
    }
    b.tokens = Math.min(ratePerSecond, b.tokens + ((nowMs - b.atMs) * ratePerSecond) / 1000);
    b.atMs = nowMs;
    // The epsilon: ten rounds of 0.3 tokens make 3, not 2.9999999999999996.
    const n = Math.min(max, Math.floor(b.tokens + 1e-9));
    b.tokens -= n;
    return n;
  }

  /** Forgets requests no longer running. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.buckets.keys()) if (!ids.has(id)) this.buckets.delete(id);
  }
}
