// Reads the latency rollups (latency_minute, latency_hour: one row per step, event type and hop,
// merged across channels and services, percentiles precomputed by lib/latency/compact-latency.ts)
// for scopes that name no channel or service. Closed steps (ending at or before the "latency"
// watermark) come from them: one-minute or whole-hour steps are plain rows, other steps merge the
// minutes' histograms; the window's histogram is its complete hours plus its ragged minutes. Steps
// after the watermark — the last minute or three — are left to the caller (rollup_minute).
import "server-only";
import { pool } from "@/lib/db/client";
import { ALL_TYPES, LATENCY_WATERMARK } from "@/lib/latency/compact-latency";
import type { Hop } from "@/lib/latency/latency-schemas";
import type { Window } from "@/lib/latency/window";
import { HOUR_MS } from "@/lib/rollups/hour-compaction-rules";

const MINUTE_MS = 60_000;

/** One closed step: counts, and either its percentiles (read) or its histogram (merged). */
export type RollupStep = {
  t: number;
  count: number;
  errors: number;
  samples: number;
  percentiles: { p50: number | null; p95: number | null; p99: number | null } | null;
  hist: number[] | null;
};

export type RollupPart = {
  /** Steps before this (ms) are closed and answered in `steps`; the rest is the caller's. */
  closedEnd: number;
  steps: Map<number, RollupStep>;
  /** The closed part's merged histogram. */
  hist: number[];
};

/** The "latency" watermark (ms; 0 when nothing is compacted yet). */
async function latencyWatermark(): Promise<number> {
  const { rows } = await pool().query<{ through: Date | null }>(
    "SELECT (SELECT through FROM rollup_watermark WHERE name = $1) AS through",
    [LATENCY_WATERMARK],
  );
  return rows[0]?.through?.getTime() ?? 0;
}

type Level = { table: "latency_minute" | "latency_hour"; column: "minute" | "hour" };
const MINUTES: Level = { table: "latency_minute", column: "minute" };
const HOURS: Level = { table: "latency_hour", column: "hour" };

/** Histogram rows of [from, to) (ms) at one level, as (bucket, count) summed. */
function histPart(level: Level, from: number, to: number, values: unknown[]): string | null {
  if (to <= from) return null;
  const a = values.push(new Date(from));
  const b = values.push(new Date(to));
  return `SELECT hist FROM ${level.table} WHERE event_type_id = $1 AND hop = $2 AND ${level.column} >= $${a} AND ${level.column} < $${b}`;
}

async function windowHistogram(typeId: number, hop: Hop, from: number, to: number): Promise<number[]> {
  const values: unknown[] = [typeId, hop];
  const h0 = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const h1 = Math.floor(to / HOUR_MS) * HOUR_MS;
  const parts =
    h0 < h1
      ? [
          histPart(MINUTES, from, h0, values),
          histPart(HOURS, h0, h1, values),
          histPart(MINUTES, h1, to, values),
        ]
      : [histPart(MINUTES, from, to, values)];
  const union = parts.filter((p) => p !== null).join(" UNION ALL ");
  if (!union) return [];
  const { rows } = await pool().query<{ i: number; n: string }>(
    `SELECT (u.i - 1)::int AS i, sum(u.n)::bigint AS n
     FROM (${union}) r CROSS JOIN LATERAL unnest(r.hist) WITH ORDINALITY AS u(n, i)
     WHERE u.n > 0 GROUP BY 1`,
    values,
  );
  const hist: number[] = [];
  for (const r of rows) {
    for (let k = hist.length; k <= r.i; k++) hist.push(0);
    hist[r.i] = Number(r.n);
  }
  return hist;
}

type Row = {
  t: Date;
  count: string;
  errors: string;
  samples: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
};

/** Steps that are exactly one row: one minute, or one whole hour on an hour boundary. */
async function plainSteps(level: Level, typeId: number, hop: Hop, from: number, to: number) {
  const { rows } = await pool().query<Row>(
    `SELECT ${level.column} AS t, count, errors, samples, p50, p95, p99 FROM ${level.table}
     WHERE event_type_id = $1 AND hop = $2 AND ${level.column} >= $3 AND ${level.column} < $4`,
    [typeId, hop, new Date(from), new Date(to)],
  );
  return rows.map((r): RollupStep => ({
    t: r.t.getTime(),
    count: Number(r.count),
    errors: Number(r.errors),
    samples: Number(r.samples),
    percentiles: { p50: r.p50, p95: r.p95, p99: r.p99 },
    hist: null,
  }));
}

/** Longer steps: each one's rows merged (per step and bucket, non-zero buckets only). */
async function mergedSteps(level: Level, typeId: number, hop: Hop, w: Window, to: number) {
  const values = [typeId, hop, new Date(w.fromMs), new Date(to), `${w.stepMs / 1000} seconds`];
  const where = `event_type_id = $1 AND hop = $2 AND r.${level.column} >= $3 AND r.${level.column} < $4`;
  const step = `date_bin($5::interval, r.${level.column}, $3)`;
  const [counts, hists] = await Promise.all([
    pool().query<{ t: Date; count: string; errors: string }>(
      `SELECT ${step} AS t, sum(count)::bigint AS count, sum(errors)::bigint AS errors
       FROM ${level.table} r WHERE ${where} GROUP BY 1`,
      values,
    ),
    pool().query<{ t: Date; i: number; n: string }>(
      `SELECT ${step} AS t, (u.i - 1)::int AS i, sum(u.n)::bigint AS n
       FROM ${level.table} r CROSS JOIN LATERAL unnest(r.hist) WITH ORDINALITY AS u(n, i)
       WHERE ${where} AND u.n > 0 GROUP BY 1, 2`,
      values,
    ),
  ]);
  const steps = new Map<number, RollupStep>();
  for (const r of counts.rows)
    steps.set(r.t.getTime(), {
      t: r.t.getTime(),
      count: Number(r.count),
      errors: Number(r.errors),
      samples: 0,
      percentiles: null,
      hist: [],
    });
  for (const r of hists.rows) {
    const s = steps.get(r.t.getTime());
    if (!s?.hist) continue;
    for (let k = s.hist.length; k <= r.i; k++) s.hist.push(0);
    s.hist[r.i] = Number(r.n);
    s.samples += Number(r.n);
  }
  return [...steps.values()];
}

/** The closed steps of `w` for one type (null: all types) and hop, and their merged histogram. */
export async function readRollupPart(typeId: number | null, hop: Hop, w: Window): Promise<RollupPart> {
  const ty = typeId ?? ALL_TYPES;
  const wm = await latencyWatermark();
  const closedSteps = Math.max(0, Math.floor((Math.min(wm, w.toMs) - w.fromMs) / w.stepMs));
  const closedEnd = w.fromMs + closedSteps * w.stepMs;
  if (closedSteps === 0) return { closedEnd: w.fromMs, steps: new Map(), hist: [] };
  const hourly = w.stepMs === HOUR_MS && w.fromMs % HOUR_MS === 0;
  const [steps, hist] = await Promise.all([
    w.stepMs === MINUTE_MS
      ? plainSteps(MINUTES, ty, hop, w.fromMs, closedEnd)
      : hourly
        ? plainSteps(HOURS, ty, hop, w.fromMs, closedEnd)
        : mergedSteps(
            w.stepMs % HOUR_MS === 0 && w.fromMs % HOUR_MS === 0 ? HOURS : MINUTES,
            ty,
            hop,
            w,
            closedEnd,
          ),
    windowHistogram(ty, hop, w.fromMs, closedEnd),
  ]);
  return { closedEnd, steps: new Map(steps.map((s) => [s.t, s])), hist };
}
