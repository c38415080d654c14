// Fixed log-scale latency buckets shared by ingest (writing rollups) and charts (reading them).
// Bucket i covers [0.1 ms × 1.05^i, 0.1 ms × 1.05^(i+1)): any percentile read back from merged
// buckets is within ~5 % of the true value, whatever the window, and histograms merge by addition.
// A histogram is an int array where element i (i+1 in SQL, whose arrays start at 1) counts bucket i;
// es_hist_add / es_hist_sum merge them in Postgres.

export const BUCKET_BASE_MS = 0.1;
export const BUCKET_GROWTH = 1.05;
/** 0.1 ms × 1.05^511 ≈ 76 days: anything slower lands in the last bucket. */
export const MAX_BUCKET = 511;

const LOG_GROWTH = Math.log(BUCKET_GROWTH);

/** The bucket of a latency in milliseconds; negative latencies (clock skew) and 0 land in bucket 0. */
export function bucketIndex(ms: number): number {
  if (!(ms > BUCKET_BASE_MS)) return 0; // also catches NaN
  const i = Math.floor(Math.log(ms / BUCKET_BASE_MS) / LOG_GROWTH);
  return i > MAX_BUCKET ? MAX_BUCKET : i;
}

export function bucketLowerMs(i: number): number {
  return i <= 0 ? 0 : BUCKET_BASE_MS * BUCKET_GROWTH ** i;
}

export function bucketUpperMs(i: number): number {
  return BUCKET_BASE_MS * BUCKET_GROWTH ** (i + 1);
}

/** Adds one observation to a histogram in place (the array grows as needed, holes become 0). */
export function addToHistogram(hist: number[], ms: number): void {
  const i = bucketIndex(ms);
  for (let k = hist.length; k <= i; k++) hist.push(0);
  hist[i] = (hist[i] ?? 0) + 1;
}

/** Element-wise sum, the JS twin of es_hist_add. */
export function mergeHistograms(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(Math.max(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return out;
}

/** Adds `hist` into `acc` in place (the in-place twin of mergeHistograms, for merging many rows). */
export function addHistogramInto(acc: number[], hist: ArrayLike<number> | null): void {
  if (!hist) return;
  for (let i = acc.length; i < hist.length; i++) acc.push(0);
  for (let i = 0; i < hist.length; i++) acc[i]! += hist[i]!;
}

/**
 * The q-quantile (0..1) of a histogram in ms, interpolated geometrically inside its bucket;
 * null for an empty histogram.
 */
export function histogramQuantile(hist: readonly number[], q: number): number | null {
  let total = 0;
  for (const n of hist) total += n;
  if (total === 0) return null;
  const rank = Math.min(Math.max(q, 0), 1) * total;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    const n = hist[i] ?? 0;
    if (n === 0) continue;
    if (seen + n >= rank) {
      if (i === 0) return BUCKET_BASE_MS * BUCKET_GROWTH * ((rank - seen) / n);
      const fraction = (rank - seen) / n;
      return bucketLowerMs(i) * BUCKET_GROWTH ** fraction;
    }
    seen += n;
  }
  return bucketUpperMs(hist.length - 1);
}

/** A histogram as a Postgres int[] literal, e.g. "{0,2,1}". */
export function histogramLiteral(hist: readonly number[]): string {
  return `{${hist.join(",")}}`;
}
