// The latency charts' data: one point per step, plotted at the step's middle, with the previous
// period's values shifted onto the same time axis (so the dashed comparison lines sit under the
// current ones), and the zoom window a drag between two points selects.
import type { LatencyResult } from "@/lib/latency/api-types";

export const PERCENTILE_KEYS = ["p50", "p95", "p99"] as const;
export type PercentileKey = (typeof PERCENTILE_KEYS)[number];

export type ChartPoint = {
  /** The step's middle (ms). */
  t: number;
  start: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  prevP50: number | null;
  prevP95: number | null;
  prevP99: number | null;
  count: number;
  errors: number;
  prevCount: number | null;
  /** Per second over the step. */
  rate: number;
  errorRate: number;
};

export function chartPoints(r: LatencyResult): ChartPoint[] {
  const stepMs = r.stepSeconds * 1000;
  const prev = r.previous?.series ?? [];
  return r.series.map((p, i) => {
    const start = Date.parse(p.t);
    const before = prev[i];
    return {
      t: start + stepMs / 2,
      start,
      p50: p.p50,
      p95: p.p95,
      p99: p.p99,
      prevP50: before?.p50 ?? null,
      prevP95: before?.p95 ?? null,
      prevP99: before?.p99 ?? null,
      count: p.count,
      errors: p.errors,
      prevCount: before ? before.count : null,
      rate: p.count / r.stepSeconds,
      errorRate: p.errors / r.stepSeconds,
    };
  });
}

/** The window between two dragged-over points (either order), whole steps; null for a click. */
export function zoomWindow(
  points: readonly ChartPoint[],
  a: number,
  b: number,
  stepMs: number,
): { from: string; to: string } | null {
  if (a === b) return null;
  const lo = points[Math.min(a, b)];
  const hi = points[Math.max(a, b)];
  if (!lo || !hi) return null;
  return { from: new Date(lo.start).toISOString(), to: new Date(hi.start + stepMs).toISOString() };
}
