// Compacts rollup_minute into rollup_hour, once a minute, in one process across all instances (a
// transaction advisory lock; the others skip the run). Each run recomputes, from the minute rows,
// every hour between the watermark's hour and `now − COMPACTION_MARGIN_MS` (at most
// MAX_HOURS_PER_RUN, so a first run over a long history advances in steps) plus the hours ingest
// marked dirty, then moves the watermark. Recomputing replaces rows, so a run repeated after a
// crash changes nothing. Minutes younger than the margin may still be filling and stay out of it.
// Recomputing a dirty hour bumps its rollup_hour_version, which invalidates cached closed time.
// (Not "server-only": the server process, which imports it, runs outside the react-server condition.)
import { withTransaction } from "@/lib/db/client";
import { COMPACTION_MARGIN_MS, HOUR_MS, HOUR_WATERMARK } from "@/lib/rollups/hour-compaction-rules";

export const MAX_HOURS_PER_RUN = 24;
/** pg_advisory_xact_lock key of the compaction ("esrh"). */
const LOCK = 0x65737268;
const MINUTE_MS = 60_000;

const MERGE = `INSERT INTO rollup_hour (hour, edge, channel_id, event_type_id, service_id, count, errors, bytes,
                                      latency, process_latency, e2e_latency)
  SELECT h.h, r.edge, r.channel_id, r.event_type_id, r.service_id, sum(r.count), sum(r.errors), sum(r.bytes),
         es_hist_sum(r.latency), es_hist_sum(r.process_latency), es_hist_sum(r.e2e_latency)
  FROM unnest($1::timestamptz[]) AS h(h)
  JOIN rollup_minute r ON r.minute >= h.h AND r.minute < h.h + interval '1 hour'
  GROUP BY h.h, r.edge, r.channel_id, r.event_type_id, r.service_id`;

export type Compaction = { hours: number; through: Date } | { skipped: "locked" };

export async function compactHours(now = new Date()): Promise<Compaction> {
  return withTransaction(async (c) => {
    const { rows: lock } = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [
      LOCK,
    ]);
    if (!lock[0]?.ok) return { skipped: "locked" as const };
    const target = Math.floor((now.getTime() - COMPACTION_MARGIN_MS) / MINUTE_MS) * MINUTE_MS;
    const { rows: mark } = await c.query<{ through: Date | null; first: Date | null }>(
      `SELECT (SELECT through FROM rollup_watermark WHERE name = $1) AS through,
              (SELECT min(minute) FROM rollup_minute) AS first`,
      [HOUR_WATERMARK],
    );
    const start = mark[0]?.through ?? mark[0]?.first ?? new Date(target);
    const fromHour = Math.floor(start.getTime() / HOUR_MS) * HOUR_MS;
    const through = Math.min(target, fromHour + MAX_HOURS_PER_RUN * HOUR_MS);
    const hours = new Set<number>();
    for (let h = fromHour; h < through; h += HOUR_MS) hours.add(h);
    const { rows: dirty } = await c.query<{ hour: Date }>(
      "DELETE FROM rollup_hour_dirty WHERE hour < $1 RETURNING hour",
      [new Date(through)],
    );
    for (const d of dirty) hours.add(d.hour.getTime());
    const list = [...hours].sort((a, b) => a - b).map((h) => new Date(h));
    if (list.length > 0) {
      await c.query("DELETE FROM rollup_hour WHERE hour = ANY($1::timestamptz[])", [list]);
      await c.query(MERGE, [list]);
    }
    // Closed time changed under the readers' caches (lib/rollups/closed-cache.ts): say so.
    if (dirty.length > 0)
      await c.query(
        `INSERT INTO rollup_hour_version (hour) SELECT unnest($1::timestamptz[])
         ON CONFLICT (hour) DO UPDATE SET version = rollup_hour_version.version + 1`,
        [dirty.map((d) => d.hour)],
      );
    await c.query(
      `INSERT INTO rollup_watermark (name, through) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET through = GREATEST(rollup_watermark.through, EXCLUDED.through)`,
      [HOUR_WATERMARK, new Date(through)],
    );
    return { hours: list.length, through: new Date(through) };
  });
}
