// Reads the latency rollups (latency_minute, latency_hour: one row per step, event type and hop,
// merged across channels and services, percentiles precomputed by lib/latency/compact-latency.ts)
// for scopes that name no channel or service. Closed steps (ending at or before the "latency"
// watermark) come from them, in chunks kept in process like the flow graph's
// (lib/rollups/closed-cache.ts): one-minute or whole-hour steps are plain rows, other steps merge
// their rows' histograms; the window's histogram is the sum of its chunks' (complete hours from
// latency_hour). Steps after the watermark — the last minute or three — are left to the caller
// (rollup_minute).
import "server-only";
import { pool } from "@/lib/db/client";
import { ALL_TYPES, LATENCY_WATERMARK } from "@/lib/latency/compact-latency";
import { addHistogramInto, histogramQuantile } from "@/lib/latency/buckets";
import type { Hop } from "@/lib/latency/latency-schemas";
import type { Window } from "@/lib/latency/window";
import {
  ClosedCache,
  processCache,
  readClosure,
  readThrough,
  splitClosed,
  type Chunk,
} from "@/lib/rollups/closed-cache";
import { HOUR_MS } from "@/lib/rollups/hour-compaction-rules";

const MINUTE_MS = 60_000;

/** One closed step: counts and percentiles (stored for plain steps, computed for merged ones). */
export type RollupStep = {
  t: number;
  count: number;
  errors: number;
  samples: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
};

type Row = {
  t: Date;
  count: string;
  errors: string;
  samples: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
};

export type RollupPart = {
  /** Steps before this (ms) are closed and answered in `steps`; the rest is the caller's. */
  closedEnd: number;
  steps: Map<number, RollupStep>;
  /** The closed part's merged histogram. */
  hist: number[];
};

type Level = { table: "latency_minute" | "latency_hour"; column: "minute" | "hour" };
const MINUTES: Level = { table: "latency_minute", column: "minute" };
const HOURS: Level = { table: "latency_hour", column: "hour" };

/** What one chunk of closed steps holds: its steps (percentiles read or computed) and their merged histogram. */
type ChunkValue = { steps: RollupStep[]; hist: number[] };

/**
 * Closed chunks of every series (type, hop, step grid), kept in process as the flow graph's are
 * (lib/rollups/closed-cache.ts). Weighed in numbers held: 4 M is ~40 MB, a week at one minute of
 * ~40 series.
 */
export const LATENCY_CHUNKS = "latency-rollup-chunks";
const chunkCache = () => processCache(LATENCY_CHUNKS, () => new ClosedCache<ChunkValue>(4_000_000));
const weigh = (v: ChunkValue) => v.hist.length + 8 * v.steps.length + 1;

/** The chunks as unnest() arguments: key index, start and end. */
function ranges(chunks: readonly Chunk[]): [number[], Date[], Date[]] {
  return [
    chunks.map((_, k) => k),
    chunks.map((c) => new Date(c.startMs)),
    chunks.map((c) => new Date(c.endMs)),
  ];
}

/** Rows of `level` inside the chunks, each with its chunk's index `k`; $1 type, $2 hop, then three arrays from `first`. */
function inChunks(level: Level, first: number, select: string): string {
  // One index range scan per chunk: a plain join was planned as one scan of the type's whole
  // history filtered against every chunk (168 × 10 000 rows for a week); OFFSET 0 keeps the
  // lateral subquery from being flattened into that join.
  return `SELECT g.k, c.*
    FROM unnest($${first}::int[], $${first + 1}::timestamptz[], $${first + 2}::timestamptz[]) AS g(k, f, t)
    CROSS JOIN LATERAL (SELECT ${select} FROM ${level.table} r
      WHERE r.event_type_id = $1 AND r.hop = $2 AND r.${level.column} >= g.f AND r.${level.column} < g.t
      OFFSET 0) c`;
}

/** Adds bucket `i` += `n` to `hist` (0-based), growing it. */
function addBucket(hist: number[], i: number, n: number): void {
  for (let k = hist.length; k <= i; k++) hist.push(0);
  hist[i]! += n;
}

/**
 * Chunks whose steps are one row each (one minute, or an hour on the hour): the rows with their
 * stored percentiles, and each chunk's histogram — from latency_hour where the chunk is whole
 * hours, else from its minutes.
 */
async function loadPlain(level: Level, ty: number, hop: Hop, chunks: Chunk[]): Promise<ChunkValue[]> {
  const byHour = (c: Chunk) => c.startMs % HOUR_MS === 0 && c.endMs % HOUR_MS === 0;
  const k = ranges(chunks);
  const hourChunks = ranges(chunks.filter(byHour));
  const minuteChunks = ranges(chunks.filter((c) => !byHour(c)));
  // Indexes into `chunks` for the histogram query, whose two parts number their own chunks.
  const hourIndex = chunks.flatMap((c, i) => (byHour(c) ? [i] : []));
  const minuteIndex = chunks.flatMap((c, i) => (byHour(c) ? [] : [i]));
  const [steps, hists] = await Promise.all([
    pool().query<Row & { k: number }>(
      inChunks(level, 3, `r.${level.column} AS t, r.count, r.errors, r.samples, r.p50, r.p95, r.p99`),
      [ty, hop, ...k],
    ),
    pool().query<{ part: number; k: number; i: number; n: string }>(
      `SELECT p.part, p.k, (u.i - 1)::int AS i, sum(u.n)::bigint AS n
       FROM (SELECT 0 AS part, h.* FROM (${inChunks(HOURS, 3, "r.hist")}) h
             UNION ALL SELECT 1, m.* FROM (${inChunks(MINUTES, 6, "r.hist")}) m) p
       CROSS JOIN LATERAL unnest(p.hist) WITH ORDINALITY AS u(n, i)
       WHERE u.n > 0 GROUP BY 1, 2, 3`,
      [ty, hop, ...hourChunks, ...minuteChunks],
    ),
  ]);
  const out = chunks.map((): ChunkValue => ({ steps: [], hist: [] }));
  for (const r of steps.rows)
    out[r.k]!.steps.push({
      t: r.t.getTime(),
      count: Number(r.count),
      errors: Number(r.errors),
      samples: Number(r.samples),
      p50: r.p50,
      p95: r.p95,
      p99: r.p99,
    });
  for (const r of hists.rows)
    addBucket(out[(r.part === 0 ? hourIndex : minuteIndex)[r.k]!]!.hist, r.i, Number(r.n));
  return out;
}

/** Chunks of longer steps: each step's rows merged (non-zero buckets only), its percentiles computed here. */
async function loadMerged(
  level: Level,
  ty: number,
  hop: Hop,
  w: Window,
  chunks: Chunk[],
): Promise<ChunkValue[]> {
  const values = [ty, hop, ...ranges(chunks), `${w.stepMs / 1000} seconds`, new Date(w.fromMs)];
  const step = `date_bin($6::interval, r.${level.column}, $7)`;
  const [counts, hists] = await Promise.all([
    pool().query<{ k: number; t: Date; count: string; errors: string }>(
      `SELECT c.k, c.t, sum(c.count)::bigint AS count, sum(c.errors)::bigint AS errors
       FROM (${inChunks(level, 3, `${step} AS t, r.count, r.errors`)}) c GROUP BY 1, 2`,
      values,
    ),
    pool().query<{ k: number; t: Date; i: number; n: string }>(
      `SELECT c.k, c.t, (u.i - 1)::int AS i, sum(u.n)::bigint AS n
       FROM (${inChunks(level, 3, `${step} AS t, r.hist`)}) c
       CROSS JOIN LATERAL unnest(c.hist) WITH ORDINALITY AS u(n, i)
       WHERE u.n > 0 GROUP BY 1, 2, 3`,
      values,
    ),
  ]);
  const stepHists = new Map<number, number[]>();
  const out = chunks.map((): ChunkValue => ({ steps: [], hist: [] }));
  for (const r of hists.rows) {
    const t = r.t.getTime();
    if (!stepHists.has(t)) stepHists.set(t, []);
    addBucket(stepHists.get(t)!, r.i, Number(r.n));
    addBucket(out[r.k]!.hist, r.i, Number(r.n));
  }
  for (const r of counts.rows) {
    const hist = stepHists.get(r.t.getTime()) ?? [];
    const q = (p: number) => histogramQuantile(hist, p);
    out[r.k]!.steps.push({
      t: r.t.getTime(),
      count: Number(r.count),
      errors: Number(r.errors),
      samples: hist.reduce((a, b) => a + b, 0),
      p50: q(0.5),
      p95: q(0.95),
      p99: q(0.99),
    });
  }
  return out;
}

/**
 * The closed steps of `w` for one type (null: all types) and hop, and their merged histogram.
 * Closed time is cut in chunks of whole steps (an hour's worth where they line up, single steps at
 * the ragged ends) kept in process until a compaction versions one of their hours again (late
 * rows): a refresh reads only the steps closed since the last one.
 */
export async function readRollupPart(typeId: number | null, hop: Hop, w: Window): Promise<RollupPart> {
  const ty = typeId ?? ALL_TYPES;
  const closure = await readClosure(w.fromMs, LATENCY_WATERMARK);
  const closedSteps = Math.max(0, Math.floor((Math.min(closure.throughMs, w.toMs) - w.fromMs) / w.stepMs));
  const closedEnd = w.fromMs + closedSteps * w.stepMs;
  if (closedSteps === 0) return { closedEnd: w.fromMs, steps: new Map(), hist: [] };
  const originMs = w.fromMs % w.stepMs;
  const chunks = splitClosed(`${ty}|${hop}|${w.stepMs}|${originMs}`, w.fromMs, closedEnd, {
    wholeMs: w.stepMs * Math.ceil(HOUR_MS / w.stepMs),
    partMs: w.stepMs,
    originMs,
  });
  const hourly = w.stepMs % HOUR_MS === 0 && originMs % HOUR_MS === 0;
  const load = async (missing: Chunk[]) => {
    const values =
      w.stepMs === MINUTE_MS || (hourly && w.stepMs === HOUR_MS)
        ? await loadPlain(w.stepMs === MINUTE_MS ? MINUTES : HOURS, ty, hop, missing)
        : await loadMerged(hourly ? HOURS : MINUTES, ty, hop, w, missing);
    return new Map(missing.map((c, k) => [c.key, values[k]!]));
  };
  const parts = await readThrough(chunkCache(), chunks, closure, load, weigh);
  const steps = new Map<number, RollupStep>();
  const hist: number[] = [];
  for (const p of parts) {
    for (const s of p.steps) steps.set(s.t, s);
    addHistogramInto(hist, p.hist);
  }
  return { closedEnd, steps, hist };
}
