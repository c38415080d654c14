// The time window of a latency query: a preset range ending now (live) or an explicit [from, to)
// from a zoom, both aligned to whole minutes (rollups are per minute), and the chart's step —
// the smallest "nice" step that keeps the series at or under MAX_POINTS points.
import { HOUR_MS } from "@/lib/rollups/hour-compaction-rules";

export const RANGES = ["15m", "1h", "6h", "24h", "7d"] as const;
export type RangeKey = (typeof RANGES)[number];

const MINUTE_MS = 60_000;
export const RANGE_MS: Record<RangeKey, number> = {
  "15m": 15 * MINUTE_MS,
  "1h": 60 * MINUTE_MS,
  "6h": 6 * 60 * MINUTE_MS,
  "24h": 24 * 60 * MINUTE_MS,
  "7d": 7 * 24 * 60 * MINUTE_MS,
};

/** The longest window one request may ask for (a zoomed-out 7 d compare reads 14 d). */
export const MAX_WINDOW_MS = 31 * 24 * 60 * MINUTE_MS;
export const MAX_POINTS = 500;
/** A step asked for explicitly (the API's `step`) may give this many points: a week at 1 minute. */
export const MAX_EXPLICIT_POINTS = 10_080;

/** Windows longer than this step by whole hours (7 d: 168 points), read from rollup_hour. */
const HOURLY_AFTER_MS = 24 * 60 * MINUTE_MS;

/** Steps in minutes: 1 min up to 6 h (360 points), 5 min for 24 h (288), 1 h for 7 d (168). */
export const STEP_MINUTES = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440] as const;

export type Window = {
  fromMs: number;
  toMs: number;
  stepMs: number;
  /** The window ends at the current minute: live pushes should refresh it. */
  live: boolean;
};

export function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

export function ceilMinute(ms: number): number {
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
}

export function stepFor(spanMs: number): number {
  for (const m of STEP_MINUTES) if (spanMs / (m * MINUTE_MS) <= MAX_POINTS) return m * MINUTE_MS;
  return STEP_MINUTES[STEP_MINUTES.length - 1]! * MINUTE_MS;
}

/**
 * The window for a preset range (ending with the current, still filling, minute) or for explicit
 * bounds (floored/ceiled to minutes). `from` is then moved back so the span is whole steps: every
 * point of the series covers the same length of time.
 */
export function resolveWindow(
  input: { range: RangeKey } | { fromMs: number; toMs: number },
  nowMs: number,
  explicitStepMs?: number,
): Window {
  const live = "range" in input;
  let toMs = live ? floorMinute(nowMs) + MINUTE_MS : ceilMinute(input.toMs);
  let fromMs = live ? toMs - RANGE_MS[input.range] : floorMinute(input.fromMs);
  if (toMs - fromMs < MINUTE_MS) fromMs = toMs - MINUTE_MS;
  const spanMs = toMs - fromMs;
  let stepMs = explicitStepMs ?? stepFor(spanMs);
  // Past a day, whole hours on hour boundaries: the series then reads the hourly rollups.
  if (explicitStepMs === undefined && spanMs > HOURLY_AFTER_MS) stepMs = Math.max(stepMs, HOUR_MS);
  // Steps on multiples of their length (the last one may reach past now): the same steps come back
  // on every refresh, so closed ones are answered from the cache (lib/rollups/closed-cache.ts).
  // Hourly steps then start on hours and read rollup_hour.
  if (live || stepMs % HOUR_MS === 0) toMs = Math.ceil(toMs / stepMs) * stepMs;
  fromMs = toMs - Math.ceil(spanMs / stepMs) * stepMs;
  return { fromMs, toMs, stepMs, live: live || toMs > nowMs };
}

/** The start of every step in the window, oldest first. */
export function stepStarts(w: Pick<Window, "fromMs" | "toMs" | "stepMs">): number[] {
  const out: number[] = [];
  for (let t = w.fromMs; t < w.toMs; t += w.stepMs) out.push(t);
  return out;
}
