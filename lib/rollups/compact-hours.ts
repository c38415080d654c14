// Compacts rollup_minute into rollup_hour, once a minute, in one process across all instances (a
// transaction advisory lock; the others skip the run). Each run recomputes, from the minute rows,
// every hour between the watermark's hour and `now − COMPACTION_MARGIN_MS` (at most
// MAX_HOURS_PER_RUN, so a first run over a long history advances in steps) plus the hours ingest
// marked dirty, then moves the watermark. Recomputing replaces rows, so a run repeated after a
// crash changes nothing. Minutes younger than the margin may still be filling and stay out of it (the
// hour being filled holds exactly its minutes before the watermark). The latency rollups derived
// from these (lib/latency/compact-latency.ts) are written in the same transaction.
// Recomputing a dirty hour bumps its rollup_hour_version, which invalidates cached closed time.
// Below the retention horizon (MINUTE_HORIZON: retention has deleted the minutes there, keeping
// their hours) a dirty hour cannot be recomputed from its minutes — only the late ones are left — so
// its late minute rows are deleted and added to the hour instead, in one statement (a row ingested
// meanwhile is either deleted and added, or left for the next run: never deleted unadded).
// (Not "server-only": the server process, which imports it, runs outside the react-server condition.)
import { withTransaction } from "@/lib/db/client";
import { compactLatency } from "@/lib/latency/compact-latency";
import { COMPACTION_MARGIN_MS, HOUR_MS, HOUR_WATERMARK } from "@/lib/rollups/hour-compaction-rules";

export const MAX_HOURS_PER_RUN = 24;
/** The rollup_watermark row below which retention has deleted rollup_minute (lib/retention). */
export const MINUTE_HORIZON = "minute_retention";
/** pg_advisory_xact_lock key of the compaction ("esrh"); retention deletes minutes under it too. */
export const COMPACTION_LOCK_KEY = 0x65737268;
const MINUTE_MS = 60_000;

const MERGE = `INSERT INTO rollup_hour (hour, edge, channel_id, event_type_id, service_id, count, errors, bytes,
                                      latency, process_latency, e2e_latency)
  SELECT h.h, r.edge, r.channel_id, r.event_type_id, r.service_id, sum(r.count), sum(r.errors), sum(r.bytes),
         es_hist_sum(r.latency), es_hist_sum(r.process_latency), es_hist_sum(r.e2e_latency)
  FROM unnest($1::timestamptz[]) AS h(h)
  JOIN rollup_minute r ON r.minute >= h.h AND r.minute < LEAST(h.h + interval '1 hour', $2)
  GROUP BY h.h, r.edge, r.channel_id, r.event_type_id, r.service_id`;

const FOLD = `WITH late AS (
    DELETE FROM rollup_minute r USING unnest($1::timestamptz[]) AS h(h)
    WHERE r.minute >= h.h AND r.minute < h.h + interval '1 hour'
    RETURNING date_trunc('hour', r.minute) AS hour, r.edge, r.channel_id, r.event_type_id, r.service_id,
              r.count, r.errors, r.bytes, r.latency, r.process_latency, r.e2e_latency)
  INSERT INTO rollup_hour AS x (hour, edge, channel_id, event_type_id, service_id, count, errors, bytes,
                                latency, process_latency, e2e_latency)
  SELECT hour, edge, channel_id, event_type_id, service_id, sum(count), sum(errors), sum(bytes),
         es_hist_sum(latency), es_hist_sum(process_latency), es_hist_sum(e2e_latency)
  FROM late GROUP BY hour, edge, channel_id, event_type_id, service_id
  ON CONFLICT (hour, edge, channel_id, event_type_id, service_id) DO UPDATE SET
    count = x.count + excluded.count, errors = x.errors + excluded.errors, bytes = x.bytes + excluded.bytes,
    latency = es_hist_add(x.latency, excluded.latency),
    process_latency = es_hist_add(x.process_latency, excluded.process_latency),
    e2e_latency = es_hist_add(x.e2e_latency, excluded.e2e_latency)`;

export type Compaction = { hours: number; through: Date; latencyThrough: Date } | { skipped: "locked" };

export async function compactHours(now = new Date()): Promise<Compaction> {
  return withTransaction(async (c) => {
    const { rows: lock } = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [
      COMPACTION_LOCK_KEY,
    ]);
    if (!lock[0]?.ok) return { skipped: "locked" as const };
    const target = Math.floor((now.getTime() - COMPACTION_MARGIN_MS) / MINUTE_MS) * MINUTE_MS;
    const { rows: mark } = await c.query<{ through: Date | null; first: Date | null; horizon: Date | null }>(
      `SELECT (SELECT through FROM rollup_watermark WHERE name = $1) AS through,
              (SELECT min(minute) FROM rollup_minute) AS first,
              (SELECT through FROM rollup_watermark WHERE name = $2) AS horizon`,
      [HOUR_WATERMARK, MINUTE_HORIZON],
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
    const horizon = mark[0]?.horizon?.getTime() ?? -Infinity;
    const sorted = [...hours].sort((a, b) => a - b);
    const list = sorted.filter((h) => h >= horizon).map((h) => new Date(h));
    const fold = sorted.filter((h) => h < horizon).map((h) => new Date(h));
    if (list.length > 0) {
      await c.query("DELETE FROM rollup_hour WHERE hour = ANY($1::timestamptz[])", [list]);
      await c.query(MERGE, [list, new Date(through)]);
    }
    if (fold.length > 0) await c.query(FOLD, [fold]);
    // Closed time changed under the readers' caches (lib/rollups/closed-cache.ts): say so.
    if (dirty.length > 0)
      await c.query(
        `INSERT INTO rollup_hour_version (hour) SELECT unnest($1::timestamptz[])
         ON CONFLICT (hour) DO UPDATE SET version = rollup_hour_version.version + 1`,
        [dirty.map((d) => d.hour)],
      );
    const latencyThrough = await compactLatency(c, {
      throughMs: through,
      firstMinuteMs: mark[0]?.first?.getTime() ?? null,
      dirtyHours: dirty.map((d) => d.hour.getTime()),
      horizonMs: horizon,
    });
    await c.query(
      `INSERT INTO rollup_watermark (name, through) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET through = GREATEST(rollup_watermark.through, EXCLUDED.through)`,
      [HOUR_WATERMARK, new Date(through)],
    );
    return { hours: sorted.length, through: new Date(through), latencyThrough: new Date(latencyThrough) };
  });
}
