// The retry schedule of failed notifications: doubling from the base, capped.
import { describe, expect, it } from "vitest";
import { backoffMs, DEFAULT_BACKOFF } from "@/lib/alerts/send-notifications";

describe("notification backoff", () => {
  it("doubles from the base after each failed attempt and stops at the cap", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffMs(20)).toBe(DEFAULT_BACKOFF.maxMs);
    expect(backoffMs(3, { baseMs: 1000, maxMs: 3000 })).toBe(3000);
  });
});
