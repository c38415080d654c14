import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/bench/generate-events";
import { addToHistogram } from "@/lib/latency/buckets";
import { histogramBins, MAX_BINS } from "@/lib/latency/histogram-bins";

function histOf(values: number[]): number[] {
  const h: number[] = [];
  for (const v of values) addToHistogram(h, v);
  return h;
}

describe("histogram bins", () => {
  it("is empty for an empty histogram", () => {
    expect(histogramBins([])).toEqual([]);
    expect(histogramBins([0, 0, 0])).toEqual([]);
  });

  it("keeps every sample, in contiguous bins with readable edges", () => {
    const rand = mulberry32(3);
    const values = Array.from({ length: 5000 }, () => Math.exp(rand() * 16)); // 1 ms .. 2.5 h
    const bins = histogramBins(histOf(values));
    expect(bins.length).toBeLessThanOrEqual(MAX_BINS);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(5000);
    for (let k = 1; k < bins.length; k++) expect(bins[k]!.fromMs).toBe(bins[k - 1]!.toMs);
    // 1-2-5 edges for a range this wide.
    for (const b of bins) expect(String(b.fromMs)).toMatch(/^(1|2|5)0*$|^0\.0*(1|2|5)$/);
  });

  it("uses finer bins for a narrow distribution and puts values in the right bin", () => {
    const bins = histogramBins(histOf([10.5, 11, 11.2, 30, 31]));
    expect(bins.length).toBeGreaterThan(4);
    const at = (ms: number) => bins.find((b) => b.fromMs <= ms && ms < b.toMs)!;
    expect(at(11).count).toBe(3);
    expect(at(30.5).count).toBe(2);
  });
});
