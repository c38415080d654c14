// The Latency page's read model: for one scope (event type, channel, service, edge) and hop, the
// series over [from, to) — per step: count, errors and p50/p95/p99 from the step's merged
// histogram —, the whole window's percentiles and histogram, and optionally the previous period.
// Everything comes from the rollups. A type or all types: the latency rollups, pre-merged with
// percentiles (lib/latency/latency-rollups.ts). A channel or service: rollup_minute/rollup_hour,
// closed steps cached in process (stepsOf). Histograms are merged in SQL by unnesting the bucket arrays and summing per (step, bucket): a hash aggregate over the non-zero buckets only, measured much
// faster than folding es_hist_sum row by row (bench/latency-query.ts); percentiles are read in JS.
import "server-only";
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { latencyThresholds } from "@/lib/latency/alert-thresholds";
import type { LatencyPeriod, LatencyPoint, LatencyResult, LatencySummary } from "@/lib/latency/api-types";
import { readRollupPart } from "@/lib/latency/latency-rollups";
import { addHistogramInto, histogramQuantile } from "@/lib/latency/buckets";
import { histogramBins } from "@/lib/latency/histogram-bins";
import { HOP_SOURCE, type Hop, type LatencyEdge, type LatencyQuery } from "@/lib/latency/latency-schemas";
import { resolveWindow, stepStarts, type Window } from "@/lib/latency/window";
import { processCache, readClosure, versionOf, WeighedLru } from "@/lib/rollups/closed-cache";
import { HOUR_MS } from "@/lib/rollups/hour-compaction-rules";
import { rollupRowsSql } from "@/lib/rollups/rollup-rows";

/** Scope ids: null = not filtered. */
export type ResolvedScope = {
  edge: LatencyEdge;
  typeId: number | null;
  channelId: number | null;
  serviceId: number | null;
};

type ScopeRow = {
  type_id: number | null;
  service_id: number | null;
  channel_name: string | null;
  broker_name: string | null;
};

async function resolveNames(q: LatencyQuery): Promise<ScopeRow> {
  const { rows } = await pool().query<ScopeRow>(
    `SELECT (SELECT id FROM event_types WHERE name = $1) AS type_id,
            (SELECT id FROM services WHERE name = $2) AS service_id,
            c.name AS channel_name, b.name AS broker_name
     FROM (SELECT 1) one
     LEFT JOIN channels c ON c.id = $3
     LEFT JOIN brokers b ON b.id = c.broker_id`,
    [q.type ?? null, q.service ?? null, q.channel ?? null],
  );
  const r = rows[0]!;
  if (q.type !== undefined && r.type_id === null)
    throw new AppError("not_found", `no event type named ${JSON.stringify(q.type)}`);
  if (q.service !== undefined && r.service_id === null)
    throw new AppError("not_found", `no service named ${JSON.stringify(q.service)}`);
  if (q.channel !== undefined && r.channel_name === null)
    throw new AppError("not_found", `no channel with id ${q.channel}`);
  return r;
}

/**
 * FROM and WHERE of a scope over [fromMs, toMs) and their values: $1 is the window's start, $2 its
 * end, $3 the edge, then the filters; `step` is the expression of a row's step start. A window
 * whose steps are whole hours on hour boundaries reads complete hours from rollup_hour
 * (lib/rollups/rollup-rows.ts): a week is then ~170 rows per series instead of ~10 000.
 */
function where(
  scope: ResolvedScope,
  w: Window,
): { from: string; sql: string; values: unknown[]; step: string } {
  const values: unknown[] = [new Date(w.fromMs), new Date(w.toMs), scope.edge];
  const parts = ["r.edge = $3"];
  if (scope.typeId !== null) parts.push(`r.event_type_id = $${values.push(scope.typeId)}`);
  if (scope.channelId !== null) parts.push(`r.channel_id = $${values.push(scope.channelId)}`);
  if (scope.serviceId !== null) parts.push(`r.service_id = $${values.push(scope.serviceId)}`);
  const filter = parts.join(" AND ");
  const hourly = w.stepMs % HOUR_MS === 0 && w.fromMs % HOUR_MS === 0;
  return {
    from: hourly ? `${rollupRowsSql("$1", "$2", filter)} r` : "rollup_minute r",
    sql: hourly ? "true" : `${filter} AND r.minute >= $1 AND r.minute < $2`,
    values,
    step: `date_bin($${values.push(`${w.stepMs / 1000} seconds`)}::interval, r.minute, $1)`,
  };
}

/** Per step: count and errors. */
export function countsSql(scope: ResolvedScope, w: Window) {
  const { from, sql, values, step } = where(scope, w);
  return {
    text: `SELECT ${step} AS t, sum(r.count)::bigint AS count, sum(r.errors)::bigint AS errors
           FROM ${from} WHERE ${sql} GROUP BY 1`,
    values,
  };
}

/** Per step and bucket (0-based): the merged histogram, non-zero buckets only. */
export function histogramsSql(scope: ResolvedScope, w: Window, hop: Hop) {
  const { from, sql, values, step } = where(scope, w);
  const column = HOP_SOURCE[hop].column; // from a fixed map, never from input
  return {
    text: `SELECT ${step} AS t, (u.i - 1)::int AS i, sum(u.n)::bigint AS n
           FROM ${from} CROSS JOIN LATERAL unnest(r.${column}) WITH ORDINALITY AS u(n, i)
           WHERE ${sql} AND u.n > 0 GROUP BY 1, 2`,
    values,
  };
}

/** To the microsecond: buckets are 5 % wide, and a week at one minute is a fifth lighter to send. */
function quantileMs(hist: readonly number[], q: number): number | null {
  const v = histogramQuantile(hist, q);
  return v === null ? null : Math.round(v * 1000) / 1000;
}

function percentiles(hist: readonly number[]) {
  return { p50: quantileMs(hist, 0.5), p95: quantileMs(hist, 0.95), p99: quantileMs(hist, 0.99) };
}

/** One step: its point of the series (ready to send) and its merged histogram. */
type Step = { point: LatencyPoint; hist: number[] };

function toStep(t: number, count: number, errors: number, hist: number[]): Step {
  const samples = hist.reduce((a, b) => a + b, 0);
  return { point: { t: new Date(t).toISOString(), count, errors, samples, ...percentiles(hist) }, hist };
}

/**
 * Closed steps (before the compaction's watermark) are final: each series (scope, hop, step length)
 * keeps them in process by their absolute start, so a refresh of a live window reads only its last
 * few steps (lib/rollups/closed-cache.ts). Weighed in histogram buckets: 4 M is ~32 MB, a week at
 * one minute of ~400 series.
 */
type SeriesSteps = Map<number, { version: number; step: Step }>;
const seriesCache = () => processCache("latency-series", () => new WeighedLru<SeriesSteps>(4_000_000));

/** Per step over `w`: counts and the merged histogram, from the rollups. */
async function readSteps(scope: ResolvedScope, w: Window, hop: Hop): Promise<Map<number, Step>> {
  const db = pool();
  const [counts, hists] = await Promise.all([
    db.query<{ t: Date; count: number; errors: number }>(countsSql(scope, w)),
    db.query<{ t: Date; i: number; n: number }>(histogramsSql(scope, w, hop)),
  ]);
  const out = new Map<number, { count: number; errors: number; hist: number[] }>();
  const at = (t: Date) => {
    let s = out.get(t.getTime());
    if (!s) out.set(t.getTime(), (s = { count: 0, errors: 0, hist: [] }));
    return s;
  };
  for (const r of counts.rows) {
    const s = at(r.t);
    s.count = r.count;
    s.errors = r.errors;
  }
  for (const r of hists.rows) {
    const s = at(r.t);
    for (let k = s.hist.length; k <= r.i; k++) s.hist.push(0);
    s.hist[r.i] = r.n;
  }
  return new Map([...out].map(([t, s]) => [t, toStep(t, s.count, s.errors, s.hist)]));
}

/** The steps of `w`: closed ones from the cache when unchanged, the rest from the rollups. */
async function stepsOf(scope: ResolvedScope, w: Window, hop: Hop): Promise<Step[]> {
  const starts = stepStarts(w);
  const closure = await readClosure(w.fromMs);
  const lru = seriesCache();
  const key = `${scope.edge}|${scope.typeId}|${scope.channelId}|${scope.serviceId}|${hop}|${w.stepMs}`;
  const cached = lru.get(key) ?? new Map<number, { version: number; step: Step }>();
  const steps: (Step | undefined)[] = starts.map((t) => {
    const c = cached.get(t);
    const end = t + w.stepMs;
    return c && end <= closure.throughMs && c.version === versionOf(closure, t, end) ? c.step : undefined;
  });
  const firstMissing = steps.findIndex((s) => s === undefined);
  if (firstMissing < 0) return steps as Step[];
  const fresh = await readSteps(scope, { ...w, fromMs: starts[firstMissing]! }, hop);
  for (let k = firstMissing; k < starts.length; k++) {
    if (steps[k]) continue;
    const t = starts[k]!;
    const step = fresh.get(t) ?? toStep(t, 0, 0, []);
    steps[k] = step;
    if (t + w.stepMs <= closure.throughMs)
      cached.set(t, { version: versionOf(closure, t, t + w.stepMs), step });
  }
  // A live series moves on: forget steps older than this window and the one before (compare).
  const horizon = w.fromMs - (w.toMs - w.fromMs);
  let weight = 0;
  for (const [t, c] of cached) {
    if (t < horizon) cached.delete(t);
    else weight += c.step.hist.length + 8;
  }
  lru.set(key, cached, weight);
  return steps as Step[];
}

/** Scopes the latency rollups answer (lib/latency/latency-rollups.ts): a type or every type, over every channel and service. */
const fromRollups = (s: ResolvedScope) => s.channelId === null && s.serviceId === null;

/** Closed steps from the latency rollups, the few after their watermark from rollup_minute. */
async function rollupSeries(scope: ResolvedScope, w: Window, hop: Hop) {
  const closed = await readRollupPart(scope.typeId, hop, w);
  const open =
    closed.closedEnd < w.toMs
      ? await readSteps(scope, { ...w, fromMs: closed.closedEnd }, hop)
      : new Map<number, Step>();
  const hist = [...closed.hist];
  for (const s of open.values()) addHistogramInto(hist, s.hist);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  const series = stepStarts(w).map((t): LatencyPoint => {
    const c = closed.steps.get(t);
    if (!c) return (open.get(t) ?? toStep(t, 0, 0, [])).point;
    return {
      t: new Date(t).toISOString(),
      count: c.count,
      errors: c.errors,
      samples: c.samples,
      p50: round(c.p50),
      p95: round(c.p95),
      p99: round(c.p99),
    };
  });
  return { series, hist };
}

/** Channel or service scopes: per step from rollup_minute / rollup_hour, closed steps cached. */
async function cachedSeries(scope: ResolvedScope, w: Window, hop: Hop) {
  const steps = await stepsOf(scope, w, hop);
  const hist: number[] = [];
  for (const s of steps) addHistogramInto(hist, s.hist);
  return { series: steps.map((s) => s.point), hist };
}

/** One period: its zero-filled series, its summary and its merged histogram. */
export async function queryPeriod(
  scope: ResolvedScope,
  w: Window,
  hop: Hop,
): Promise<LatencyPeriod & { hist: number[] }> {
  const { series, hist } = fromRollups(scope)
    ? await rollupSeries(scope, w, hop)
    : await cachedSeries(scope, w, hop);
  const summary: LatencySummary = {
    count: series.reduce((a, p) => a + p.count, 0),
    errors: series.reduce((a, p) => a + p.errors, 0),
    samples: hist.reduce((a, b) => a + b, 0),
    ...percentiles(hist),
  };
  return {
    from: new Date(w.fromMs).toISOString(),
    to: new Date(w.toMs).toISOString(),
    summary,
    series,
    hist,
  };
}

/** Whether the scope has any end-to-end sample in the window (the default hop's test). */
async function hasE2e(scope: ResolvedScope, w: Window): Promise<boolean> {
  const { from, sql, values } = where({ ...scope, edge: "consume" }, w);
  const { rows } = await pool().query<{ yes: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${from} WHERE ${sql} AND cardinality(r.e2e_latency) > 0) AS yes`,
    values.slice(0, -1), // not the step
  );
  return rows[0]?.yes ?? false;
}

export async function queryLatency(q: LatencyQuery, nowMs = Date.now()): Promise<LatencyResult> {
  const names = await resolveNames(q);
  const w = resolveWindow(
    q.from !== undefined && q.to !== undefined ? { fromMs: q.from, toMs: q.to } : { range: q.range ?? "1h" },
    nowMs,
    q.step === undefined ? undefined : q.step * 60_000,
  );
  const base: ResolvedScope = {
    edge: q.edge ?? "consume",
    typeId: names.type_id,
    channelId: q.channel ?? null,
    serviceId: names.service_id,
  };
  let hop: Hop;
  if (q.hop) hop = q.hop;
  else if (q.edge === "produce") hop = "broker";
  else hop = (await hasE2e(base, w)) ? "e2e" : "deliver";
  const scope: ResolvedScope = { ...base, edge: HOP_SOURCE[hop].edge };

  const span = w.toMs - w.fromMs;
  const prevWindow: Window = { ...w, fromMs: w.fromMs - span, toMs: w.toMs - span, live: false };
  const [current, previous, thresholds] = await Promise.all([
    queryPeriod(scope, w, hop),
    q.compare ? queryPeriod(scope, prevWindow, hop) : Promise.resolve(null),
    latencyThresholds({
      type: q.type ?? null,
      channelId: q.channel ?? null,
      service: q.service ?? null,
      edge: scope.edge,
      hop,
    }),
  ]);
  const { hist, ...period } = current;
  return {
    ...period,
    scope: {
      type: q.type ?? null,
      channel:
        q.channel === undefined
          ? null
          : { id: q.channel, name: names.channel_name ?? "", broker: names.broker_name ?? "" },
      service: q.service ?? null,
      edge: scope.edge,
    },
    hop,
    hopDefaulted: q.hop === undefined,
    range: q.from === undefined ? (q.range ?? "1h") : null,
    stepSeconds: w.stepMs / 1000,
    live: w.live,
    histogram: histogramBins(hist),
    previous: previous && {
      from: previous.from,
      to: previous.to,
      summary: previous.summary,
      series: previous.series,
    },
    thresholds,
  };
}
