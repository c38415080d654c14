// The flow graph's sums per edge over a window that ends now. Closed time (before the hourly
// compaction's watermark) is read in chunks — whole hours from rollup_hour, the ragged minutes from
// rollup_minute — kept in process (lib/rollups/closed-cache.ts), so a refresh reads only the chunks
// it has not seen; the minutes after the watermark are summed by Postgres on every request. A 24 h
// graph of ~200 edges is then a few hundred rows per request instead of ~8 500 histograms merged.
import "server-only";
import { pool } from "@/lib/db/client";
import { addHistogramInto } from "@/lib/latency/buckets";
import type { EdgeKind } from "@/lib/flows/api-types";
import type { RollupSum } from "@/lib/flows/build-graph";
import { ClosedCache, processCache, readClosure, type Closure } from "@/lib/rollups/closed-cache";
import { HOUR_MS } from "@/lib/rollups/hour-compaction-rules";

/** Minutes that count as "live" traffic (animated edges): the current one and the one before. */
export const LIVE_MINUTES = 2;
const MINUTE_MS = 60_000;

/** One edge's row of one chunk; histograms as Int32Array (half the memory of number[]). */
type ChunkRow = {
  edge: EdgeKind;
  channelId: number;
  serviceId: number;
  typeId: number;
  count: number;
  errors: number;
  bytes: number;
  latency: Int32Array;
  e2e: Int32Array;
};

/** Weighed in histogram buckets held: 12 M is ~48 MB, a week of ~250 edges. */
const chunks = () => processCache("flow-chunks", () => new ClosedCache<ChunkRow[]>(12_000_000));

type Chunk = { level: "hour" | "minute"; startMs: number; endMs: number };

/** [startMs, endMs) as whole hours where possible, else minutes. */
export function splitClosed(startMs: number, endMs: number): Chunk[] {
  const out: Chunk[] = [];
  let t = startMs;
  while (t < endMs) {
    if (t % HOUR_MS === 0 && t + HOUR_MS <= endMs) {
      out.push({ level: "hour", startMs: t, endMs: t + HOUR_MS });
      t += HOUR_MS;
    } else {
      out.push({ level: "minute", startMs: t, endMs: t + MINUTE_MS });
      t += MINUTE_MS;
    }
  }
  return out;
}

/** A row of summed rollups for one edge, as Postgres returns it. */
export type EdgeRow = {
  edge: EdgeKind;
  channel_id: number;
  service_id: number;
  event_type_id: number;
  count: number;
  errors: number;
  bytes: number;
  latency: number[] | null;
  e2e: number[] | null;
  live: boolean;
};

export function toRollupSum(r: EdgeRow): RollupSum {
  return {
    edge: r.edge,
    channelId: r.channel_id,
    serviceId: r.service_id,
    typeId: r.event_type_id,
    count: r.count,
    errors: r.errors,
    bytes: r.bytes,
    latency: r.latency ?? [],
    e2e: r.e2e ?? [],
    live: r.live,
  };
}

/** A chunk's raw row: one edge in one hour or minute. */
type Row = Omit<EdgeRow, "live"> & { t: Date };

const COLUMNS = `r.edge, r.channel_id, r.service_id, r.event_type_id, r.count, r.errors, r.bytes,
  r.latency, r.e2e_latency AS e2e`;

/** The rows of the chunks the cache does not hold, one statement per level. */
async function loadChunks(missing: Chunk[], closure: Closure): Promise<Map<number, ChunkRow[]>> {
  const byStart = new Map<number, ChunkRow[]>(missing.map((c) => [c.startMs, []]));
  const read = async (level: Chunk["level"]) => {
    const starts = missing.filter((c) => c.level === level).map((c) => new Date(c.startMs));
    if (starts.length === 0) return;
    const sql =
      level === "hour"
        ? `SELECT r.hour AS t, ${COLUMNS} FROM rollup_hour r WHERE r.hour = ANY($1::timestamptz[])`
        : `SELECT r.minute AS t, ${COLUMNS} FROM rollup_minute r WHERE r.minute = ANY($1::timestamptz[])`;
    const { rows } = await pool().query<Row>(sql, [starts]);
    for (const r of rows)
      byStart.get(r.t.getTime())?.push({
        edge: r.edge,
        channelId: r.channel_id,
        serviceId: r.service_id,
        typeId: r.event_type_id,
        count: r.count,
        errors: r.errors,
        bytes: r.bytes,
        latency: Int32Array.from(r.latency ?? []),
        e2e: Int32Array.from(r.e2e ?? []),
      });
  };
  await Promise.all([read("hour"), read("minute")]);
  const cache = chunks();
  for (const c of missing) {
    const rows = byStart.get(c.startMs)!;
    const weight = rows.reduce((w, r) => w + r.latency.length + r.e2e.length + 8, 1);
    cache.set(`${c.level}|${c.startMs}`, c.startMs, c.endMs, closure, rows, weight);
  }
  return byStart;
}

// The minutes after the watermark, summed by Postgres: $1 start, $2 end, $3 the first live minute.
const OPEN_SQL = `
SELECT r.edge, r.channel_id, r.service_id, r.event_type_id,
  sum(r.count)::bigint AS count, sum(r.errors)::bigint AS errors, sum(r.bytes)::bigint AS bytes,
  es_hist_sum(r.latency) AS latency, es_hist_sum(r.e2e_latency) AS e2e, bool_or(r.minute >= $3) AS live
FROM rollup_minute r WHERE r.minute >= $1 AND r.minute < $2
GROUP BY r.edge, r.channel_id, r.service_id, r.event_type_id`;

export type EdgeSums = { rows: RollupSum[]; startMs: number; nowMs: number };

/** Per edge over the last `minutes` minutes (the current, still filling one included). */
export async function readEdgeSums(minutes: number): Promise<EdgeSums> {
  // Versions of the hours the window may touch; the database's clock decides the window itself.
  const closure = await readClosure(Date.now() - (minutes + 60) * MINUTE_MS);
  const endMs = Math.floor(closure.nowMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const startMs = endMs - minutes * MINUTE_MS;
  const closedEnd = Math.max(startMs, Math.min(endMs, Math.floor(closure.throughMs / MINUTE_MS) * MINUTE_MS));

  const cache = chunks();
  const parts = splitClosed(startMs, closedEnd).map((c) => ({
    chunk: c,
    rows: cache.get(`${c.level}|${c.startMs}`, c.startMs, c.endMs, closure),
  }));
  const missing = parts.filter((p) => p.rows === undefined).map((p) => p.chunk);
  const [loaded, open] = await Promise.all([
    missing.length > 0 ? loadChunks(missing, closure) : Promise.resolve(new Map<number, ChunkRow[]>()),
    pool().query<EdgeRow>(OPEN_SQL, [
      new Date(closedEnd),
      new Date(endMs),
      new Date(endMs - LIVE_MINUTES * MINUTE_MS),
    ]),
  ]);

  const sums = new Map<string, RollupSum>();
  const add = (
    r: Omit<RollupSum, "live" | "latency" | "e2e">,
    latency: ArrayLike<number>,
    e2e: ArrayLike<number>,
    live: boolean,
  ) => {
    const key = `${r.edge}|${r.channelId}|${r.serviceId}|${r.typeId}`;
    let s = sums.get(key);
    if (!s) sums.set(key, (s = { ...r, count: 0, errors: 0, bytes: 0, latency: [], e2e: [], live: false }));
    s.count += r.count;
    s.errors += r.errors;
    s.bytes += r.bytes;
    addHistogramInto(s.latency, latency);
    addHistogramInto(s.e2e, e2e);
    s.live ||= live;
  };
  for (const p of parts)
    for (const r of p.rows ?? loaded.get(p.chunk.startMs) ?? []) add(r, r.latency, r.e2e, false);
  for (const r of open.rows.map(toRollupSum)) add(r, r.latency, r.e2e, r.live);
  return { rows: [...sums.values()], startMs, nowMs: closure.nowMs };
}
