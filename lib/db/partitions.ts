// Keeps daily partitions of `messages` ahead of the clock (created at boot and every hour).
import type pg from "pg";

export const PARTITION_DAYS_BACK = 2;
export const PARTITION_DAYS_AHEAD = 3;

export async function ensureMessagePartitions(db: pg.Pool | pg.Client, now = new Date()): Promise<number> {
  const { rows } = await db.query<{ created: number }>(
    `SELECT es_ensure_message_partitions(($1::timestamptz AT TIME ZONE 'UTC')::date - $2::int,
                                         ($1::timestamptz AT TIME ZONE 'UTC')::date + $3::int) AS created`,
    [now.toISOString(), PARTITION_DAYS_BACK, PARTITION_DAYS_AHEAD],
  );
  return rows[0]?.created ?? 0;
}
