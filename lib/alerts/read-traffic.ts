// Traffic metrics of many rules at once, from rollup_minute: per series (edge, scope ids, window)
// the event and error counts, or the merged latency histogram. One statement per metric per
// cycle whatever the number of rules: the series go in as arrays, identical series once (many
// rules share a scope and window and differ only in thresholds), each read by a lateral index
// scan of its window. Windows are closed minutes [to − window, to): the current minute is still
// filling and would read as a dip in throughput.
import type { Queryable, ScopeIds } from "@/lib/alerts/scopes";

export type RollupEdge = "produce" | "consume" | "dead_letter";
export type HistogramColumn = "latency" | "process_latency" | "e2e_latency";

export type TrafficSeries = { edge: RollupEdge; ids: ScopeIds; windowSec: number; column?: HistogramColumn };

const COLUMN_NO: Record<HistogramColumn, number> = { latency: 1, process_latency: 2, e2e_latency: 3 };

/** The series' rows of rollup_minute; q carries edge, type_id, channel_id, service_id, broker_id, window_sec. */
const SERIES_ROWS = `FROM rollup_minute r
  WHERE r.minute >= $1::timestamptz - make_interval(secs => q.window_sec) AND r.minute < $1::timestamptz
    AND r.edge = q.edge
    AND (q.type_id IS NULL OR r.event_type_id = q.type_id)
    AND (q.channel_id IS NULL OR r.channel_id = q.channel_id)
    AND (q.service_id IS NULL OR r.service_id = q.service_id)
    AND (q.broker_id IS NULL OR r.channel_id IN (SELECT c.id FROM channels c WHERE c.broker_id = q.broker_id))`;

const SERIES_IN = `unnest($2::int[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[])
  AS q(i, edge, type_id, channel_id, service_id, broker_id, window_sec, col)`;

/** Distinct series and, for each input, the index of its distinct series. */
function dedupe(series: readonly TrafficSeries[]): { unique: TrafficSeries[]; at: number[] } {
  const seen = new Map<string, number>();
  const unique: TrafficSeries[] = [];
  const at = series.map((s) => {
    const k = JSON.stringify([
      s.edge,
      s.ids.typeId,
      s.ids.channelId,
      s.ids.serviceId,
      s.ids.brokerId,
      s.windowSec,
      s.column,
    ]);
    let i = seen.get(k);
    if (i === undefined) seen.set(k, (i = unique.push(s) - 1));
    return i;
  });
  return { unique, at };
}

function params(toMs: number, unique: readonly TrafficSeries[]): unknown[] {
  return [
    new Date(toMs),
    unique.map((_, i) => i),
    unique.map((s) => s.edge),
    unique.map((s) => s.ids.typeId),
    unique.map((s) => s.ids.channelId),
    unique.map((s) => s.ids.serviceId),
    unique.map((s) => s.ids.brokerId),
    unique.map((s) => s.windowSec),
    unique.map((s) => (s.column ? COLUMN_NO[s.column] : 0)),
  ];
}

/** The start of the minute `nowMs` is in: windows end there. */
export function windowEnd(nowMs: number): number {
  return Math.floor(nowMs / 60_000) * 60_000;
}

export type Counts = { count: number; errors: number };

export async function readCounts(
  db: Queryable,
  series: readonly TrafficSeries[],
  toMs: number,
): Promise<Counts[]> {
  if (series.length === 0) return [];
  const { unique, at } = dedupe(series);
  const { rows } = await db.query<{ i: number; count: number; errors: number }>(
    `SELECT q.i, s.count, s.errors FROM ${SERIES_IN}
     CROSS JOIN LATERAL (SELECT COALESCE(sum(r.count), 0)::int8 AS count, COALESCE(sum(r.errors), 0)::int8 AS errors
                         ${SERIES_ROWS}) s`,
    params(toMs, unique),
  );
  const out: Counts[] = unique.map(() => ({ count: 0, errors: 0 }));
  for (const r of rows) out[r.i] = { count: r.count, errors: r.errors };
  return at.map((i) => out[i]!);
}

/** Each series' latency histogram (bucket counts, lib/latency/buckets.ts) merged over its window. */
export async function readHistograms(
  db: Queryable,
  series: readonly TrafficSeries[],
  toMs: number,
): Promise<number[][]> {
  if (series.length === 0) return [];
  const { unique, at } = dedupe(series);
  const { rows } = await db.query<{ i: number; b: number; n: number }>(
    `SELECT q.i, (u.b - 1)::int AS b, sum(u.n)::int8 AS n FROM ${SERIES_IN}
     CROSS JOIN LATERAL (SELECT CASE q.col WHEN 1 THEN r.latency WHEN 2 THEN r.process_latency ELSE r.e2e_latency END AS h
                         ${SERIES_ROWS}) s
     CROSS JOIN LATERAL unnest(s.h) WITH ORDINALITY AS u(n, b)
     WHERE u.n > 0 GROUP BY 1, 2`,
    params(toMs, unique),
  );
  const out: number[][] = unique.map(() => []);
  for (const r of rows) {
    const h = out[r.i]!;
    for (let k = h.length; k <= r.b; k++) h.push(0);
    h[r.b] = r.n;
  }
  return at.map((i) => out[i]!);
}
