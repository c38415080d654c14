// The window's histogram for a bar chart: the 5 % log buckets regrouped into a few dozen bins with
// readable edges (1-2-5, then 1-1.5-2-3-5-7, then Renard's R10 per decade: the finest series that
// keeps the bins at or under MAX_BINS between the fastest and the slowest sample). A bucket goes
// to the bin holding its geometric middle, so a bin's count is exact up to the bucket's 5 % width.
import { bucketLowerMs, bucketUpperMs, BUCKET_BASE_MS } from "@/lib/latency/buckets";

export type HistogramBin = { fromMs: number; toMs: number; count: number };

export const MAX_BINS = 40;

const SERIES = [
  [1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 8],
  [1, 1.5, 2, 3, 5, 7],
  [1, 2, 5],
] as const;

/** The edges of `series` from below `lo` to above `hi` (ms), ascending. */
function edges(series: readonly number[], lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let decade = Math.floor(Math.log10(lo)) - 1; ; decade++) {
    for (const m of series) {
      const e = Number((m * 10 ** decade).toPrecision(6));
      if (e > hi) {
        out.push(e);
        return out.filter((x, i) => i === out.length - 1 || out[i + 1]! > lo);
      }
      out.push(e);
    }
  }
}

function middle(i: number): number {
  return i === 0 ? BUCKET_BASE_MS / 2 : Math.sqrt(bucketLowerMs(i) * bucketUpperMs(i));
}

export function histogramBins(hist: readonly number[]): HistogramBin[] {
  let first = -1;
  let last = -1;
  for (let i = 0; i < hist.length; i++) {
    if ((hist[i] ?? 0) > 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return [];
  const lo = middle(first);
  const hi = middle(last);
  let chosen = edges(SERIES[SERIES.length - 1]!, lo, hi);
  for (const s of SERIES) {
    const e = edges(s, lo, hi);
    if (e.length - 1 <= MAX_BINS) {
      chosen = e;
      break;
    }
  }
  const bins: HistogramBin[] = [];
  for (let k = 0; k + 1 < chosen.length; k++)
    bins.push({ fromMs: chosen[k]!, toMs: chosen[k + 1]!, count: 0 });
  for (let i = first; i <= last; i++) {
    const n = hist[i] ?? 0;
    if (n === 0) continue;
    const m = middle(i);
    let k = bins.findIndex((b) => m < b.toMs);
    if (k < 0) k = bins.length - 1;
    bins[Math.max(0, k)]!.count += n;
  }
  return bins;
}
