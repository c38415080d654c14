// Fills latency_minute and latency_hour (migration 20261206100000_latency_rollups) in the hourly
// compaction's transaction (lib/rollups/compact-hours.ts): per minute or hour, event type (0: all
// types) and hop, the histogram merged across channels and services, with its count, errors and
// p50/p95/p99 computed here once by the same histogramQuantile the API uses — so a week of one type
// at one minute is 10 080 small rows read in index order (lib/latency/latency-rollups.ts).
// Minutes come from rollup_minute, hours from rollup_hour (which the compaction has just written up
// to its watermark). The "latency" watermark moves at most a day per run, so an existing history is
// filled in steps; hours the compaction recomputed for late rows are redone here too. Merging is
// done in JS: Postgres' es_hist_sum (PL/pgSQL) costs ~80 µs per histogram, ~10× slower.
// (Not "server-only": the server process runs the compaction outside the react-server condition.)
import type pg from "pg";
import { parseIntArrayText } from "@/lib/db/int-array-text";
import { addHistogramInto, histogramQuantile } from "@/lib/latency/buckets";
import { HOP_SOURCE, type Hop } from "@/lib/latency/latency-schemas";

/** The rollup_watermark row: latency_minute rows before it are final (hour rows of whole hours before it). */
export const LATENCY_WATERMARK = "latency";
/** event_type_id of the rows merged over every type. */
export const ALL_TYPES = 0;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const INSERT_CHUNK = 20_000;

const HOPS = Object.entries(HOP_SOURCE) as [Hop, { edge: string; column: string }][];

type SourceRow = {
  t: Date;
  edge: string;
  event_type_id: number;
  count: string;
  errors: string;
  latency: string | null;
  process_latency: string | null;
  e2e_latency: string | null;
};

type Acc = { t: number; typeId: number; hop: Hop; count: number; errors: number; hist: number[] };

/** Merges source rows per (t, type, hop) and per (t, all types, hop). */
function merge(rows: readonly SourceRow[]): Acc[] {
  const out = new Map<string, Acc>();
  for (const r of rows) {
    const t = r.t.getTime();
    for (const [hop, src] of HOPS) {
      if (src.edge !== r.edge) continue;
      const hist = parseIntArrayText(r[src.column as "latency" | "process_latency" | "e2e_latency"]);
      for (const typeId of [r.event_type_id, ALL_TYPES]) {
        const key = `${t}|${typeId}|${hop}`;
        let a = out.get(key);
        if (!a) out.set(key, (a = { t, typeId, hop, count: 0, errors: 0, hist: [] }));
        a.count += Number(r.count);
        a.errors += Number(r.errors);
        addHistogramInto(a.hist, hist);
      }
    }
  }
  return [...out.values()];
}

async function write(c: pg.ClientBase, table: "latency_minute" | "latency_hour", accs: Acc[]): Promise<void> {
  const column = table === "latency_minute" ? "minute" : "hour";
  for (let k = 0; k < accs.length; k += INSERT_CHUNK) {
    const chunk = accs.slice(k, k + INSERT_CHUNK);
    const q = (a: Acc, p: number) => histogramQuantile(a.hist, p);
    await c.query(
      `INSERT INTO ${table} (event_type_id, hop, ${column}, count, errors, samples, p50, p95, p99, hist)
       SELECT u.ty, u.hop, 'epoch'::timestamptz + u.t * interval '1 millisecond', u.n, u.er, u.s, u.p50, u.p95, u.p99, u.h::int[]
       FROM unnest($1::int[], $2::text[], $3::int8[], $4::int8[], $5::int8[], $6::int8[], $7::float8[], $8::float8[], $9::float8[], $10::text[])
         AS u(ty, hop, t, n, er, s, p50, p95, p99, h)`,
      [
        chunk.map((a) => a.typeId),
        chunk.map((a) => a.hop),
        chunk.map((a) => a.t),
        chunk.map((a) => a.count),
        chunk.map((a) => a.errors),
        chunk.map((a) => a.hist.reduce((s, n) => s + n, 0)),
        chunk.map((a) => q(a, 0.5)),
        chunk.map((a) => q(a, 0.95)),
        chunk.map((a) => q(a, 0.99)),
        chunk.map((a) => `{${a.hist.join(",")}}`),
      ],
    );
  }
}

/** Histograms as text, decoded by parseIntArrayText (3–5× node-postgres' array parser). */
const COLUMNS = `r.edge, r.event_type_id, r.count, r.errors, r.latency::text AS latency,
  r.process_latency::text AS process_latency, r.e2e_latency::text AS e2e_latency`;

/** Recomputes latency_minute over the [from, to) ranges (ms), an hour at a time (a day of rows would hold ~80 M numbers). */
async function redoMinutes(c: pg.ClientBase, ranges: [number, number][]): Promise<void> {
  for (const [from, to] of ranges)
    for (let f = from; f < to; f = Math.floor(f / HOUR_MS) * HOUR_MS + HOUR_MS) {
      const t = Math.min(to, Math.floor(f / HOUR_MS) * HOUR_MS + HOUR_MS);
      const bounds = [new Date(f), new Date(t)];
      await c.query("DELETE FROM latency_minute WHERE minute >= $1 AND minute < $2", bounds);
      const { rows } = await c.query<SourceRow>(
        `SELECT r.minute AS t, ${COLUMNS} FROM rollup_minute r WHERE r.minute >= $1 AND r.minute < $2`,
        bounds,
      );
      await write(c, "latency_minute", merge(rows));
    }
}

/** Recomputes latency_hour for `hours` (ms) from rollup_hour. */
async function redoHours(c: pg.ClientBase, hours: number[]): Promise<void> {
  if (hours.length === 0) return;
  const list = hours.map((h) => new Date(h));
  await c.query("DELETE FROM latency_hour WHERE hour = ANY($1::timestamptz[])", [list]);
  const { rows } = await c.query<SourceRow>(
    `SELECT r.hour AS t, ${COLUMNS} FROM rollup_hour r WHERE r.hour = ANY($1::timestamptz[])`,
    [list],
  );
  await write(c, "latency_hour", merge(rows));
}

export type LatencyCompaction = {
  /** What rollup_hour is exact up to in this transaction (the hourly watermark being set). */
  throughMs: number;
  /** The first minute rollup_minute holds (from where an empty watermark starts). */
  firstMinuteMs: number | null;
  /** Hours rollup_hour recomputed for late rows, and the minute horizon below which minutes are gone. */
  dirtyHours: readonly number[];
  horizonMs: number;
};

/** One step of the latency rollups; returns the "latency" watermark it set (ms). */
export async function compactLatency(c: pg.ClientBase, s: LatencyCompaction): Promise<number> {
  const { rows } = await c.query<{ through: Date | null }>(
    "SELECT (SELECT through FROM rollup_watermark WHERE name = $1) AS through",
    [LATENCY_WATERMARK],
  );
  const start = rows[0]?.through?.getTime() ?? Math.max(s.firstMinuteMs ?? s.throughMs, s.horizonMs);
  const end = Math.max(start, Math.min(s.throughMs, start + DAY_MS));

  const minutes: [number, number][] = end > start ? [[start, end]] : [];
  const hours = new Set<number>();
  for (let h = Math.floor(start / HOUR_MS) * HOUR_MS; h < end; h += HOUR_MS) hours.add(h);
  for (const h of s.dirtyHours) {
    if (h >= start) continue; // not reached yet, or inside [start, end): done above
    hours.add(h);
    if (h >= s.horizonMs) minutes.push([h, Math.min(h + HOUR_MS, start)]);
  }
  await redoMinutes(c, minutes);
  await redoHours(
    c,
    [...hours].sort((a, b) => a - b),
  );
  await c.query(
    `INSERT INTO rollup_watermark (name, through) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET through = GREATEST(rollup_watermark.through, EXCLUDED.through)`,
    [LATENCY_WATERMARK, new Date(end)],
  );
  return end;
}
