// Percentiles read back from log-bucket histograms against the exact percentiles of known
// distributions (seeded, so a failure reproduces), and merging per-minute histograms against the
// histogram of all the values at once.
import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/bench/generate-events";
import { addToHistogram, histogramQuantile, mergeHistograms } from "@/lib/latency/buckets";

const N = 20_000;
const QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;
/** One bucket is 5 % wide and the estimate stays inside the exact value's bucket. */
const MAX_RELATIVE_ERROR = 0.05;

/** Standard normal by Box–Muller from a uniform source. */
function normal(rand: () => number): number {
  const u = 1 - rand(); // (0, 1]: log(0) never happens
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const DISTRIBUTIONS: Record<string, (rand: () => number) => number> = {
  "uniform 1–1000 ms": (rand) => 1 + rand() * 999,
  "exponential, mean 40 ms": (rand) => -40 * Math.log(1 - rand()),
  "log-normal, median 25 ms, σ 1": (rand) => 25 * Math.exp(normal(rand)),
  // 70 % fast path around 5 ms, 30 % slow path around 800 ms: p50 in one mode, p95/p99 in the other.
  "bimodal 5 ms / 800 ms": (rand) =>
    rand() < 0.7 ? 5 * Math.exp(0.2 * normal(rand)) : 800 * Math.exp(0.3 * normal(rand)),
};

/** The exact q-quantile (nearest rank) of sorted values. */
function exact(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

describe("histogram percentiles against exact percentiles", () => {
  for (const [name, draw] of Object.entries(DISTRIBUTIONS)) {
    it(`${name}: p50, p90, p95 and p99 within 5 %`, () => {
      const rand = mulberry32(name.length * 7919);
      const values = Array.from({ length: N }, () => draw(rand));
      const hist: number[] = [];
      for (const v of values) addToHistogram(hist, v);
      const sorted = values.toSorted((a, b) => a - b);
      for (const q of QUANTILES) {
        const truth = exact(sorted, q);
        const estimate = histogramQuantile(hist, q)!;
        expect(Math.abs(estimate - truth) / truth, `q=${q}: exact ${truth}, read ${estimate}`).toBeLessThan(
          MAX_RELATIVE_ERROR,
        );
      }
    });
  }

  it("tells the two modes of a bimodal distribution apart", () => {
    const rand = mulberry32(42);
    const hist: number[] = [];
    for (let i = 0; i < N; i++) addToHistogram(hist, DISTRIBUTIONS["bimodal 5 ms / 800 ms"]!(rand));
    expect(histogramQuantile(hist, 0.5)!).toBeLessThan(10);
    expect(histogramQuantile(hist, 0.95)!).toBeGreaterThan(400);
  });
});

describe("merging histograms over a window", () => {
  it("the merge of per-minute histograms is the histogram of all the values", () => {
    const rand = mulberry32(7);
    const perMinute: number[][] = Array.from({ length: 60 }, () => []);
    const all: number[] = [];
    for (let i = 0; i < N; i++) {
      // A latency that drifts over the hour, so minutes differ.
      const minute = Math.floor(rand() * 60);
      const v = (10 + minute) * Math.exp(0.5 * normal(rand));
      addToHistogram(perMinute[minute]!, v);
      addToHistogram(all, v);
    }
    const merged = perMinute.reduce((acc, h) => mergeHistograms(acc, h), [] as number[]);
    expect(merged).toEqual(all);
    // Any sub-window too: minutes 15..29 merged equal the values of those minutes.
    const sub = perMinute.slice(15, 30).reduce((acc, h) => mergeHistograms(acc, h), [] as number[]);
    expect(sub.reduce((a, b) => a + b, 0)).toBe(
      perMinute
        .slice(15, 30)
        .flat()
        .reduce((a, b) => a + b, 0),
    );
    for (const q of QUANTILES) expect(histogramQuantile(merged, q)).toBe(histogramQuantile(all, q));
  });

  it("merging is order-free (the SQL aggregate may meet rows in any order)", () => {
    const rand = mulberry32(11);
    const parts = Array.from({ length: 8 }, () => {
      const h: number[] = [];
      for (let i = 0; i < 500; i++) addToHistogram(h, rand() * 300);
      return h;
    });
    const forward = parts.reduce((a, h) => mergeHistograms(a, h), [] as number[]);
    const backward = parts.toReversed().reduce((a, h) => mergeHistograms(a, h), [] as number[]);
    expect(backward).toEqual(forward);
  });
});
