// The flow graph's sums per edge over a window that ends now. Closed time (before the hourly
// compaction's watermark) is read in chunks — whole hours from rollup_hour, the ragged minutes from
// rollup_minute — kept in process (lib/rollups/closed-cache.ts), so a refresh reads only the chunks
// it has not seen; the minutes after the watermark are summed by Postgres on every request. A 24 h
// graph of ~200 edges is then a few hundred rows per request instead of ~8 500 histograms merged.
import "server-only";
import { pool } from "@/lib/db/client";
import { parseIntArrayText } from "@/lib/db/int-array-text";
import { addHistogramInto } from "@/lib/latency/buckets";
import type { EdgeKind } from "@/lib/flows/api-types";
import type { RollupSum } from "@/lib/flows/build-graph";
import {
  ClosedCache,
  processCache,
  readClosure,
  readThrough,
  splitClosed,
  type Chunk,
} from "@/lib/rollups/closed-cache";
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
type Row = Omit<EdgeRow, "live" | "latency" | "e2e"> & {
  t: Date;
  latency: string | null;
  e2e: string | null;
};

// Histograms as text, decoded by parseIntArrayText: node-postgres' array parser was most of a cold read.
const COLUMNS = `r.edge, r.channel_id, r.service_id, r.event_type_id, r.count, r.errors, r.bytes,
  r.latency::text AS latency, r.e2e_latency::text AS e2e`;

/** The rows of the chunks the cache does not hold: whole hours from rollup_hour, minutes from rollup_minute. */
async function loadChunks(missing: Chunk[]): Promise<Map<string, ChunkRow[]>> {
  const byStart = new Map<string, ChunkRow[]>(missing.map((c) => [c.key, []]));
  const keyOf = new Map(missing.map((c) => [c.startMs, c.key]));
  const read = async (hours: boolean) => {
    const starts = missing
      .filter((c) => (c.endMs - c.startMs === HOUR_MS) === hours)
      .map((c) => new Date(c.startMs));
    if (starts.length === 0) return;
    const sql = hours
      ? `SELECT r.hour AS t, ${COLUMNS} FROM rollup_hour r WHERE r.hour = ANY($1::timestamptz[])`
      : `SELECT r.minute AS t, ${COLUMNS} FROM rollup_minute r WHERE r.minute = ANY($1::timestamptz[])`;
    const { rows } = await pool().query<Row>(sql, [starts]);
    for (const r of rows)
      byStart.get(keyOf.get(r.t.getTime())!)?.push({
        edge: r.edge,
        channelId: r.channel_id,
        serviceId: r.service_id,
        typeId: r.event_type_id,
        count: r.count,
        errors: r.errors,
        bytes: r.bytes,
        latency: parseIntArrayText(r.latency),
        e2e: parseIntArrayText(r.e2e),
      });
  };
  await Promise.all([read(true), read(false)]);
  return byStart;
}

const weigh = (rows: ChunkRow[]) => rows.reduce((w, r) => w + r.latency.length + r.e2e.length + 8, 1);

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

  const parts = splitClosed("flow", startMs, closedEnd, { wholeMs: HOUR_MS, partMs: MINUTE_MS });
  const [closed, open] = await Promise.all([
    readThrough(chunks(), parts, closure, loadChunks, weigh),
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
  for (const rows of closed) for (const r of rows) add(r, r.latency, r.e2e, false);
  for (const r of open.rows.map(toRollupSum)) add(r, r.latency, r.e2e, r.live);
  return { rows: [...sums.values()], startMs, nowMs: closure.nowMs };
}
