import { describe, expect, it } from "vitest";
import { percentile, slope } from "./stats";

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
});
