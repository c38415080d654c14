// The dispatcher's rate limit, on a clock the test moves: counts, not timings.
import { describe, expect, it } from "vitest";
import { RateBudget } from "@/lib/reprocess/rate-budget";

describe("RateBudget", () => {
  it("gives a new request a tenth of a second's worth, then its rate per elapsed second", () => {
    const b = new RateBudget();
    expect(b.take("r", 200, 0, 1_000)).toBe(20);
    expect(b.take("r", 200, 0, 1_000)).toBe(0);
    expect(b.take("r", 200, 100, 1_000)).toBe(20);
    expect(b.take("r", 200, 350, 1_000)).toBe(50);
  });

  it("keeps at most one second's worth after an idle spell, and never more than max at once", () => {
    const b = new RateBudget();
    b.take("r", 50, 0, 1_000);
    expect(b.take("r", 50, 60_000, 1_000)).toBe(50);
    b.take("s", 5_000, 0, 1_000);
    expect(b.take("s", 5_000, 1_000, 1_000)).toBe(1_000);
  });

  it("carries fractions over: 3 per second over ten 100 ms rounds sends 3", () => {
    const b = new RateBudget();
    let sent = b.take("r", 3, 0, 1_000);
    for (let t = 100; t <= 1_000; t += 100) sent += b.take("r", 3, t, 1_000);
    expect(sent).toBe(1 + 3);
  });

  it("forgets requests no longer running (a new run starts fresh)", () => {
    const b = new RateBudget();
    b.take("r", 10, 0, 100);
    b.keepOnly(new Set());
    expect(b.take("r", 10, 5, 100)).toBe(1);
  });
});
