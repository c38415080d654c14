// Traffic metrics of many rules at once, from rollup_minute: per series (edge, scope ids, window)
// the event and error counts, or the merged latency histogram. One statement per metric per cycle
// whatever the number of rules: the rows of the longest window are read once (a minute-range scan)
// and each row is added in JS to every series it belongs to, found through a per-dimension index;
// identical series are computed once (many rules share a scope and window and differ only in
// thresholds). A lateral scan per series in SQL was 25× slower for 1 000 rules (bench:alerts). The
// cost grows with the rows of the longest window (about 130 a minute on bench:queries' topology),
// not with the number of rules. Windows are closed minutes [to − window, to): the current minute is
// still filling and would read as a dip in throughput.
import type { Queryable, ScopeIds } from "@/lib/alerts/scopes";

export type RollupEdge = "produce" | "consume" | "dead_letter";
export type HistogramColumn = "latency" | "process_latency" | "e2e_latency";

export type TrafficSeries = { edge: RollupEdge; ids: ScopeIds; windowSec: number; column?: HistogramColumn };

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

/** The start of the minute `nowMs` is in: windows end there. */
export function windowEnd(nowMs: number): number {
  return Math.floor(nowMs / 60_000) * 60_000;
}

export type Counts = { count: number; errors: number };

/** Each series' event and error counts over its window (rows of the longest window read once, as readHistograms). */
export async function readCounts(
  db: Queryable,
  series: readonly TrafficSeries[],
  toMs: number,
): Promise<Counts[]> {
  if (series.length === 0) return [];
  const { unique, at } = dedupe(series);
  const out: Counts[] = unique.map(() => ({ count: 0, errors: 0 }));
  const maxWindowSec = Math.max(...unique.map((s) => s.windowSec));
  const index = new SeriesIndex(unique);
  const { rows } = await db.query<RollupRow & { count: number; errors: number }>(
    `SELECT (extract(epoch FROM r.minute) * 1000)::int8 AS m, r.edge, r.event_type_id AS t, r.channel_id AS c,
            r.service_id AS s, ch.broker_id AS b, r.count, r.errors
     FROM rollup_minute r JOIN channels ch ON ch.id = r.channel_id
     WHERE r.minute >= $1 AND r.minute < $2 AND r.edge = ANY($3::text[])`,
    [new Date(toMs - maxWindowSec * 1000), new Date(toMs), [...new Set(unique.map((s) => s.edge))]],
  );
  for (const row of rows)
    for (const k of index.candidates(row)) {
      if (row.m < toMs - unique[k]!.windowSec * 1000) continue;
      out[k]!.count += row.count;
      out[k]!.errors += row.errors;
    }
  return at.map((i) => out[i]!);
}

/**
 * Each series' latency histogram (bucket counts, lib/latency/buckets.ts) merged over its window.
 * Unnesting the bucket arrays once per series cost ~Σ series × rows × buckets in Postgres (3.7 s for
 * 1 000 rules, bench:alerts); instead the rows of the longest window are read once, with only the
 * columns some series needs, and each row's buckets are added in JS to every series it belongs to
 * (found through per-dimension indexes, not by testing every series).
 */
export async function readHistograms(
  db: Queryable,
  series: readonly TrafficSeries[],
  toMs: number,
): Promise<number[][]> {
  if (series.length === 0) return [];
  const { unique, at } = dedupe(series);
  const out: number[][] = unique.map(() => []);
  const maxWindowSec = Math.max(...unique.map((s) => s.windowSec));
  const wanted = new Set(unique.map((s) => s.column ?? "latency"));
  const index = new SeriesIndex(unique);
  const { rows } = await db.query<RollupHistRow>(
    `SELECT (extract(epoch FROM r.minute) * 1000)::int8 AS m, r.edge, r.event_type_id AS t, r.channel_id AS c,
            r.service_id AS s, ch.broker_id AS b,
            CASE WHEN $3 THEN array_to_string(r.latency, ',') END AS latency,
            CASE WHEN $4 THEN array_to_string(r.process_latency, ',') END AS process_latency,
            CASE WHEN $5 THEN array_to_string(r.e2e_latency, ',') END AS e2e_latency
     FROM rollup_minute r JOIN channels ch ON ch.id = r.channel_id
     WHERE r.minute >= $1 AND r.minute < $2 AND r.edge = ANY($6::text[])`,
    [
      new Date(toMs - maxWindowSec * 1000),
      new Date(toMs),
      wanted.has("latency"),
      wanted.has("process_latency"),
      wanted.has("e2e_latency"),
      [...new Set(unique.map((s) => s.edge))],
    ],
  );
  for (const row of rows) {
    const parsed: Partial<Record<HistogramColumn, number[]>> = {};
    for (const k of index.candidates(row)) {
      const s = unique[k]!;
      if (row.m < toMs - s.windowSec * 1000) continue;
      const column = s.column ?? "latency";
      const text = row[column];
      if (!text) continue;
      const buckets = (parsed[column] ??= text.split(",").map(Number));
      const h = out[k]!;
      for (let b = h.length; b < buckets.length; b++) h.push(0);
      for (let b = 0; b < buckets.length; b++) h[b]! += buckets[b]!;
    }
  }
  return at.map((i) => out[i]!);
}

type RollupRow = { m: number; edge: RollupEdge; t: number; c: number; s: number; b: number };
type RollupHistRow = RollupRow & Record<HistogramColumn, string | null>;

/** Which series a rollup row belongs to: series listed under each dimension they filter on. */
class SeriesIndex {
  private readonly byKey = new Map<string, number[]>();

  constructor(series: readonly TrafficSeries[]) {
    series.forEach((s, k) => {
      const key = SeriesIndex.keyOf(s.edge, s.ids.typeId, s.ids.channelId, s.ids.serviceId, s.ids.brokerId);
      const list = this.byKey.get(key);
      if (list) list.push(k);
      else this.byKey.set(key, [k]);
    });
  }

  private static keyOf(edge: string, t: number | null, c: number | null, s: number | null, b: number | null) {
    return `${edge}|${t ?? "*"}|${c ?? "*"}|${s ?? "*"}|${b ?? "*"}`;
  }

  /** Series whose filters the row passes (windows aside): every dimension fixed or wildcard. */
  *candidates(r: RollupRow): Generator<number> {
    // Scopes fix at most type, channel, service (an edge: channel and service) or broker.
    const shapes: [number | null, number | null, number | null, number | null][] = [
      [null, null, null, null],
      [r.t, null, null, null],
      [null, r.c, null, null],
      [null, null, r.s, null],
      [null, r.c, r.s, null],
      [null, null, null, r.b],
    ];
    for (const [t, c, s, b] of shapes) {
      const list = this.byKey.get(SeriesIndex.keyOf(r.edge, t, c, s, b));
      if (list) yield* list;
    }
  }
}

/**
 * consumer_lag: per series (scope ids, window), the largest "lag" gauge among the consumers in
 * scope, each consumer's newest value within the window (gauge_minute: last value in a minute
 * wins); null when no consumer in scope reported lag in the window.
 */
export async function readLags(
  db: Queryable,
  series: readonly { ids: ScopeIds; windowSec: number }[],
  toMs: number,
): Promise<(number | null)[]> {
  if (series.length === 0) return [];
  const maxWindowSec = Math.max(...series.map((s) => s.windowSec));
  const { rows } = await db.query<{ m: number; c: number; s: number; b: number; value: number }>(
    `SELECT (extract(epoch FROM g.minute) * 1000)::int8 AS m, g.channel_id AS c, g.consumer_id AS s,
            ch.broker_id AS b, g.value
     FROM gauge_minute g JOIN channels ch ON ch.id = g.channel_id
     WHERE g.name = 'lag' AND g.minute >= $1 AND g.minute < $2 ORDER BY g.minute`,
    [new Date(toMs - maxWindowSec * 1000), new Date(toMs)],
  );
  return series.map(({ ids, windowSec }) => {
    const newest = new Map<string, number>(); // per (channel, consumer), rows in time order
    for (const r of rows) {
      if (r.m < toMs - windowSec * 1000) continue;
      if (ids.channelId !== null && r.c !== ids.channelId) continue;
      if (ids.serviceId !== null && r.s !== ids.serviceId) continue;
      if (ids.brokerId !== null && r.b !== ids.brokerId) continue;
      newest.set(`${r.c}:${r.s}`, r.value);
    }
    return newest.size === 0 ? null : Math.max(...newest.values());
  });
}
