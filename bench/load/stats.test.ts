import { describe, expect, it } from "vitest";
import { lowsPerUnit, percentile, slope, trendVerdict } from "./stats";

describe("bench:load statistics", () => {
  it("takes nearest-rank percentiles without reordering the input", () => {
    const xs = [5, 1, 4, 2, 3];
    expect(percentile(xs, 0.5)).toBe(3);
    expect(percentile(xs, 0.99)).toBe(5);
    expect(percentile(xs, 0)).toBe(1);
    expect(xs).toEqual([5, 1, 4, 2, 3]);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it("fits a least-squares slope: flat is 0, a steady rise is its rate", () => {
    expect(slope([0, 1, 2, 3].map((x) => ({ x, y: 500 })))).toBe(0);
    expect(slope([0, 1, 2, 3].map((x) => ({ x, y: 500 + 2 * x + (x % 2 ? 1 : -1) })))).toBeCloseTo(2.4, 5);
    expect(slope([{ x: 1, y: 1 }])).toBeNaN();
  });

  it("keeps each whole minute's lowest sample: a GC sawtooth's troughs, not the run's last minute", () => {
    const saw = [0, 0.3, 0.6, 1, 1.3, 1.6, 2.2, 2.5, 2.8, 3].map((x, i) => ({
      x,
      y: [100, 150, 120, 104, 160, 101, 99, 130, 140, 181][i]!,
    }));
    expect(lowsPerUnit(saw)).toEqual([
      { x: 0, y: 100 },
      { x: 1.6, y: 101 },
      { x: 2.2, y: 99 },
    ]);
    expect(lowsPerUnit([])).toEqual([]);
  });

  it("calls a trend only over enough time, flat within the threshold and growing past it", () => {
    const rising = Array.from({ length: 11 }, (_, x) => ({ x, y: 300 + 3 * x }));
    expect(trendVerdict(rising, { from: 2, minSpan: 5, maxSlope: 1 })).toEqual({
      slope: 3,
      verdict: "growing",
    });
    expect(trendVerdict(rising, { from: 2, minSpan: 5, maxSlope: 5 }).verdict).toBe("flat");
    expect(trendVerdict(rising, { from: 7, minSpan: 5, maxSlope: 5 }).verdict).toBe("too short to call");
  });
});
