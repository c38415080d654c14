// The rollup rows of a time window for readers that sum whole windows or whole hours (one flow
// edge's details, hourly latency steps): complete hours the compaction has passed come from
// rollup_hour (one row per hour instead of sixty), the ragged ends of the window and the hours not
// compacted yet from rollup_minute. Readers that chart per-minute steps read rollup_minute directly;
// the whole flow graph reads chunks through its cache (lib/flows/edge-sums.ts).
import { HOUR_WATERMARK } from "@/lib/rollups/hour-compaction-rules";

const COLUMNS =
  "r.edge, r.channel_id, r.event_type_id, r.service_id, r.count, r.errors, r.bytes, r.latency, r.process_latency, r.e2e_latency";

/**
 * A parenthesised subquery (alias it) of rollup rows in [from, to), `minute` being each row's
 * start. `from` and `to` are SQL expressions (typically parameters), `to` exclusive; `filter` is a
 * condition on `r` (edge, channel, type, service — not time). Three index range scans: the hours
 * h0 ≤ h < h1, the minutes before h0 and the minutes from h1 on, where h0 is the first whole hour
 * of the window and h1 the end of the complete hours below the watermark (h1 = h0 when none).
 */
export function rollupRowsSql(from: string, to: string, filter = "true"): string {
  return `(WITH b AS (
      SELECT f, t, h0,
        GREATEST(h0, LEAST(date_trunc('hour', t),
          COALESCE((SELECT date_trunc('hour', through) FROM rollup_watermark WHERE name = '${HOUR_WATERMARK}'), h0))) AS h1
      FROM (SELECT ${from}::timestamptz AS f, ${to}::timestamptz AS t,
              date_trunc('hour', ${from}::timestamptz - interval '1 second') + interval '1 hour' AS h0) x)
    SELECT r.hour AS minute, ${COLUMNS} FROM rollup_hour r, b WHERE r.hour >= b.h0 AND r.hour < b.h1 AND ${filter}
    UNION ALL
    SELECT r.minute, ${COLUMNS} FROM rollup_minute r, b WHERE r.minute >= b.f AND r.minute < LEAST(b.h0, b.t) AND ${filter}
    UNION ALL
    SELECT r.minute, ${COLUMNS} FROM rollup_minute r, b WHERE r.minute >= b.h1 AND r.minute < b.t AND ${filter})`;
}
