import { describe, expect, it } from "vitest";
import {
  addToHistogram,
  bucketIndex,
  bucketLowerMs,
  bucketUpperMs,
  histogramLiteral,
  histogramQuantile,
  MAX_BUCKET,
  mergeHistograms,
} from "@/lib/latency/buckets";

describe("latency buckets", () => {
  it("maps latencies to floor(log(ms / 0.1) / log(1.05)), clamped", () => {
    expect(bucketIndex(-5)).toBe(0);
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(Number.NaN)).toBe(0);
    expect(bucketIndex(0.1)).toBe(0);
    expect(bucketIndex(1)).toBe(47);
    expect(bucketIndex(1000)).toBe(188);
    expect(bucketIndex(60_000)).toBe(272);
    expect(bucketIndex(1e15)).toBe(MAX_BUCKET);
  });

  it("puts every latency inside its bucket's bounds", () => {
    for (const ms of [0.2, 1, 3.7, 42, 999, 12_345, 3_600_000]) {
      const i = bucketIndex(ms);
      expect(bucketLowerMs(i)).toBeLessThanOrEqual(ms * 1.0000001);
      expect(bucketUpperMs(i)).toBeGreaterThan(ms);
    }
  });

  it("builds and merges histograms like es_hist_add", () => {
    const a: number[] = [];
    addToHistogram(a, 1);
    addToHistogram(a, 1);
    addToHistogram(a, 0.05);
    expect(a.length).toBe(48);
    expect(a[47]).toBe(2);
    expect(a[0]).toBe(1);
    expect(a.slice(1, 47).every((n) => n === 0)).toBe(true);
    expect(mergeHistograms([1, 2], [0, 1, 5])).toEqual([1, 3, 5]);
    expect(histogramLiteral([0, 2, 1])).toBe("{0,2,1}");
  });

  it("reads quantiles back within 5 %", () => {
    const h: number[] = [];
    for (let ms = 1; ms <= 1000; ms++) addToHistogram(h, ms);
    const p50 = histogramQuantile(h, 0.5)!;
    const p99 = histogramQuantile(h, 0.99)!;
    expect(Math.abs(p50 - 500) / 500).toBeLessThan(0.05);
    expect(Math.abs(p99 - 990) / 990).toBeLessThan(0.05);
    expect(histogramQuantile([], 0.5)).toBeNull();
  });
});
