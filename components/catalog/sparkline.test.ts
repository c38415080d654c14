import { describe, expect, it } from "vitest";
import { sparkPoints } from "@/components/catalog/sparkline";

describe("sparkline", () => {
  it("spreads the buckets over the width and scales to the series' peak", () => {
    const pts = sparkPoints([0, 5, 10], 100, 22);
    expect(pts.map(([x]) => x)).toEqual([0, 50, 100]);
    expect(pts[2]![1]).toBe(2); // the peak touches the top margin
    expect(pts[0]![1]).toBe(21); // zero sits on the floor
    expect(pts[1]![1]).toBeCloseTo(11.5, 1);
  });

  it("draws a quiet hour as a flat line on the floor", () => {
    expect(sparkPoints([0, 0, 0], 10, 22).map(([, y]) => y)).toEqual([21, 21, 21]);
  });

  it("copes with one bucket or none", () => {
    expect(sparkPoints([3], 10, 22)).toEqual([[0, 2]]);
    expect(sparkPoints([], 10, 22)).toEqual([]);
  });
});
