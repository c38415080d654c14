import { describe, expect, it } from "vitest";
import { MAX_POINTS, RANGE_MS, RANGES, resolveWindow, stepFor, stepStarts } from "@/lib/latency/window";

const MIN = 60_000;
const NOW = Date.parse("2026-12-04T10:17:42.500Z");

describe("latency window", () => {
  it("picks 1 min up to 6 h, 5 min for 24 h, 1 h on hour boundaries for 7 d", () => {
    expect(stepFor(15 * MIN)).toBe(MIN);
    expect(stepFor(6 * 60 * MIN)).toBe(MIN);
    expect(stepFor(24 * 60 * MIN)).toBe(5 * MIN);
    const week = resolveWindow({ range: "7d" }, NOW);
    expect(week.stepMs).toBe(60 * MIN);
    expect(new Date(week.toMs).toISOString()).toBe("2026-12-04T11:00:00.000Z");
    expect(week.toMs - week.fromMs).toBe(RANGE_MS["7d"]);
    expect(week.live).toBe(true);
  });

  it("takes an explicit step: a week at one minute is 10 080 points", () => {
    const w = resolveWindow({ range: "7d" }, NOW, MIN);
    expect(w.stepMs).toBe(MIN);
    expect(stepStarts(w)).toHaveLength(7 * 24 * 60);
  });

  it("keeps every preset at or under MAX_POINTS points", () => {
    for (const r of RANGES) {
      const w = resolveWindow({ range: r }, NOW);
      expect(stepStarts(w).length).toBeLessThanOrEqual(MAX_POINTS);
      expect(w.toMs - w.fromMs).toBe(RANGE_MS[r]);
    }
  });

  it("ends a preset range with the current minute and calls it live", () => {
    const w = resolveWindow({ range: "15m" }, NOW);
    expect(new Date(w.toMs).toISOString()).toBe("2026-12-04T10:18:00.000Z");
    expect(new Date(w.fromMs).toISOString()).toBe("2026-12-04T10:03:00.000Z");
    expect(w.live).toBe(true);
    expect(stepStarts(w)).toHaveLength(15);
  });

  it("aligns a zoom to minutes and whole steps, live only when it reaches now", () => {
    const w = resolveWindow(
      { fromMs: Date.parse("2026-12-04T08:00:30Z"), toMs: Date.parse("2026-12-04T09:59:10Z") },
      NOW,
    );
    expect(new Date(w.fromMs).toISOString()).toBe("2026-12-04T08:00:00.000Z");
    expect(new Date(w.toMs).toISOString()).toBe("2026-12-04T10:00:00.000Z");
    expect(w.stepMs).toBe(MIN);
    expect(w.live).toBe(false);
    // 25 h at 5 min steps: from moves back so the span is whole steps.
    const long = resolveWindow({ fromMs: NOW - 25 * 60 * MIN - 2 * MIN, toMs: NOW - 2 * MIN }, NOW);
    expect((long.toMs - long.fromMs) % long.stepMs).toBe(0);
    expect(resolveWindow({ fromMs: NOW - 10 * MIN, toMs: NOW + MIN }, NOW).live).toBe(true);
  });

  it("never makes an empty window", () => {
    const w = resolveWindow({ fromMs: NOW, toMs: NOW + 1 }, NOW);
    expect(w.toMs - w.fromMs).toBe(MIN);
  });
});
