// The flow graph's sums per edge over windows of a day or more, unfiltered by type: hours from
// flow_hour (each edge summed over its types by the compaction, the hour being filled included up
// to the "hour" watermark), the few minutes after the watermark from rollup_minute, in one
// statement so both parts see the same watermark. Such a window starts on the hour (24 h: the
// hours since the start of the hour 24 h ago), so it has no ragged minutes at its start: a 24 h
// graph of ~45 edges reads ~1 100 rows instead of ~4 300 per-type hours and up to ~14 000 minute
// rows (bench:queries). Rates divide by the seconds actually covered, so they are unchanged.
import "server-only";
import { pool } from "@/lib/db/client";
import { addHistogramInto } from "@/lib/latency/buckets";
import type { RollupSum } from "@/lib/flows/build-graph";
import type { EdgeKind } from "@/lib/flows/api-types";
import { HOUR_MS, HOUR_WATERMARK } from "@/lib/rollups/hour-compaction-rules";

const MINUTE_MS = 60_000;

// $1 the window's start (an hour), $2 its end, $3 the first live minute.
const SQL = `
WITH wm AS (SELECT GREATEST($1::timestamptz,
    COALESCE((SELECT through FROM rollup_watermark WHERE name = '${HOUR_WATERMARK}'), $1::timestamptz)) AS t)
SELECT f.edge, f.channel_id, f.service_id, f.count, f.errors, f.bytes, f.latency, f.e2e_latency AS e2e,
  f.type_ids, false AS live
FROM flow_hour f, wm WHERE f.hour >= $1 AND f.hour < wm.t
UNION ALL
SELECT r.edge, r.channel_id, r.service_id, sum(r.count)::bigint, sum(r.errors)::bigint, sum(r.bytes)::bigint,
  es_hist_sum(r.latency), es_hist_sum(r.e2e_latency), array_agg(DISTINCT r.event_type_id), bool_or(r.minute >= $3)
FROM rollup_minute r, wm WHERE r.minute >= wm.t AND r.minute < $2
GROUP BY r.edge, r.channel_id, r.service_id`;

type Row = {
  edge: EdgeKind;
  channel_id: number;
  service_id: number;
  count: number;
  errors: number;
  bytes: number;
  latency: number[] | null;
  e2e: number[] | null;
  type_ids: number[];
  live: boolean;
};

/** Windows this long start on the hour, filtered or not, and read flow_hour when unfiltered by type. */
export const HOURLY_FROM_MINUTES = 24 * 60;

/** The graph's window of `minutes` ending with the current minute (from a day on, starting on the hour). */
export function graphWindow(nowMs: number, minutes: number, liveMinutes: number) {
  const endMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  let startMs = endMs - minutes * MINUTE_MS;
  if (minutes >= HOURLY_FROM_MINUTES) startMs = Math.floor(startMs / HOUR_MS) * HOUR_MS;
  return { startMs, endMs, liveFromMs: endMs - liveMinutes * MINUTE_MS };
}

export async function readHourlyEdgeSums(minutes: number, liveMinutes: number) {
  const db = pool();
  const { rows: clock } = await db.query<{ now: Date }>("SELECT now() AS now");
  const nowMs = clock[0]!.now.getTime();
  const w = graphWindow(nowMs, minutes, liveMinutes);
  const { rows } = await db.query<Row>(SQL, [new Date(w.startMs), new Date(w.endMs), new Date(w.liveFromMs)]);
  const sums = new Map<string, RollupSum & { types: Set<number> }>();
  for (const r of rows) {
    const key = `${r.edge}|${r.channel_id}|${r.service_id}`;
    let s = sums.get(key);
    if (!s) {
      s = {
        edge: r.edge,
        channelId: r.channel_id,
        serviceId: r.service_id,
        typeIds: [],
        types: new Set(),
        count: 0,
        errors: 0,
        bytes: 0,
        latency: [],
        e2e: [],
        live: false,
      };
      sums.set(key, s);
    }
    s.count += Number(r.count);
    s.errors += Number(r.errors);
    s.bytes += Number(r.bytes);
    addHistogramInto(s.latency, r.latency);
    addHistogramInto(s.e2e, r.e2e);
    for (const t of r.type_ids) s.types.add(t);
    s.live ||= r.live;
  }
  const out = [...sums.values()].map(({ types, ...s }): RollupSum => ({ ...s, typeIds: [...types] }));
  return { rows: out, startMs: w.startMs, nowMs };
}
