// Keeps daily partitions of `messages` ahead of the clock (created at boot and every hour).
import type pg from "pg";

export const PARTITION_DAYS_BACK = 2;
export const PARTITION_DAYS_AHEAD = 3;

/**
 * Creates the partitions from `daysBack` days ago to PARTITION_DAYS_AHEAD ahead. Pass the raw
 * retention in days to keep it from making a day retention would drop at its next pass.
 */
export async function ensureMessagePartitions(
  db: pg.Pool | pg.Client,
  now = new Date(),
  rawRetentionDays = Infinity,
): Promise<number> {
  const daysBack = Math.min(PARTITION_DAYS_BACK, rawRetentionDays);
  const { rows } = await db.query<{ created: number }>(
    `SELECT es_ensure_message_partitions(($1::timestamptz AT TIME ZONE 'UTC')::date - $2::int,
                                         ($1::timestamptz AT TIME ZONE 'UTC')::date + $3::int) AS created`,
    [now.toISOString(), daysBack, PARTITION_DAYS_AHEAD],
  );
  return rows[0]?.created ?? 0;
}
