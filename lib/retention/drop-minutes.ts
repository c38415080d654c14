// Deletes per-minute rollups older than the retention, keeping rollup_hour exact. The hourly
// compaction recomputes a dirty hour (one that received late rows) from its minutes; once those are
// gone it must add the late rows instead (lib/rollups/compact-hours.ts, below MINUTE_HORIZON). So:
// - never past the compaction's watermark, nor into an hour marked dirty (its recompute needs them);
// - in transactions holding the compaction's lock (it never runs half-way through one), each
//   deleting at most a day of minutes and moving the horizon to exactly where the deleted minutes
//   end — whenever the compaction runs, every minute below the horizon is gone, none above it is.
// Left: a late row whose ingest commits while its minute row is being deleted here is deleted with it
// (its hour then lacks that row); ingest does not take the compaction's lock, and a row that old
// (beyond RETENTION_ROLLUP_MINUTE_DAYS) arriving in that instant is the rare case.
import type pg from "pg";
import { COMPACTION_LOCK_KEY, MINUTE_HORIZON } from "@/lib/rollups/compact-hours";
import { HOUR_MS, HOUR_WATERMARK } from "@/lib/rollups/hour-compaction-rules";

const CHUNK_MS = 24 * HOUR_MS;

export type DroppedMinutes = { deleted: number; cutoff: Date };

export async function dropExpiredMinutes(
  db: pg.ClientBase,
  wantedMs: number,
  signal?: AbortSignal,
): Promise<DroppedMinutes> {
  let deleted = 0;
  for (;;) {
    await db.query("BEGIN");
    try {
      await db.query("SELECT pg_advisory_xact_lock($1)", [COMPACTION_LOCK_KEY]);
      const cutoff = await minuteCutoff(db, wantedMs);
      const { rows } = await db.query<{ first: Date | null }>(
        "SELECT min(minute) AS first FROM rollup_minute WHERE minute < $1",
        [cutoff],
      );
      const first = rows[0]?.first?.getTime();
      const end =
        first === undefined
          ? cutoff
          : new Date(Math.min(cutoff.getTime(), Math.floor(first / HOUR_MS) * HOUR_MS + CHUNK_MS));
      const { rowCount } = await db.query("DELETE FROM rollup_minute WHERE minute < $1", [end]);
      deleted += rowCount ?? 0;
      await db.query(
        `INSERT INTO rollup_watermark (name, through) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET through = GREATEST(rollup_watermark.through, EXCLUDED.through)`,
        [MINUTE_HORIZON, end],
      );
      await db.query("COMMIT");
      if (end.getTime() >= cutoff.getTime() || signal?.aborted) return { deleted, cutoff: end };
    } catch (err) {
      await db.query("ROLLBACK");
      throw err;
    }
  }
}

/** Whole hours, not past the compaction's watermark (none yet: nothing goes) nor a dirty hour. */
async function minuteCutoff(db: pg.ClientBase, wantedMs: number): Promise<Date> {
  const { rows } = await db.query<{ through: Date | null; dirty: Date | null }>(
    `SELECT (SELECT through FROM rollup_watermark WHERE name = $1) AS through,
            (SELECT min(hour) FROM rollup_hour_dirty) AS dirty`,
    [HOUR_WATERMARK],
  );
  const through = rows[0]?.through;
  if (!through) return new Date(0);
  const ms = Math.min(wantedMs, through.getTime(), rows[0]?.dirty?.getTime() ?? Infinity);
  return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS);
}
