// Small statistics for bench:load: percentiles of a sample, and a least-squares slope.

/** The q-quantile (0–1) of `values` (nearest rank); NaN when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Slope of the least-squares line through (x, y): y units per x unit; NaN under two points. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

export type Point = { x: number; y: number };

/**
 * Each whole x unit's lowest point (for a heap: its post-collection low, the live set's trace).
 * The last point's unit is left out: the run may have ended in it after a sample or two, whose
 * low is no trough but wherever the sawtooth happened to be (a 10-minute run's 11th minute, two
 * samples at 181 MB against troughs of 114–138, read as +4.6 MB/min of growth).
 */
export function lowsPerUnit(points: readonly Point[]): Point[] {
  const lows = new Map<number, Point>();
  const lastUnit = Math.max(...points.map((p) => Math.floor(p.x)));
  for (const p of points) {
    const unit = Math.floor(p.x);
    if (unit === lastUnit) continue;
    const low = lows.get(unit);
    if (!low || p.y < low.y) lows.set(unit, p);
  }
  return [...lows.values()].sort((a, b) => a.x - b.x);
}

export type TrendVerdict = { slope: number; verdict: "flat" | "growing" | "too short to call" };

/**
 * The least-squares slope of `points` from x = `from` on, and whether it is within `maxSlope`;
 * under `minSpan` x units after `from` (or under 3 points) a trend says nothing.
 */
export function trendVerdict(
  points: readonly Point[],
  o: { from: number; minSpan: number; maxSlope: number },
): TrendVerdict {
  const steady = points.filter((p) => p.x >= o.from);
  const span = (steady.at(-1)?.x ?? 0) - (steady[0]?.x ?? 0);
  const s = slope(steady);
  if (steady.length < 3 || span < o.minSpan) return { slope: s, verdict: "too short to call" };
  return { slope: s, verdict: s <= o.maxSlope ? "flat" : "growing" };
}
