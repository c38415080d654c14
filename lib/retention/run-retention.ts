// One retention pass (issue 9): raw data (messages by dropping whole daily partitions, the rest by
// batched deletes) after RETENTION_RAW_DAYS, per-minute rollups after RETENTION_ROLLUP_MINUTE_DAYS
// (their hours stay in rollup_hour; latency_minute goes with them), hourly rollups (rollup_hour,
// latency_hour) after RETENTION_ROLLUP_HOUR_DAYS, dead letters RETENTION_DEAD_LETTER_DAYS after
// they were handled, and alert history (finished notifications with their attempts, transitions,
// ended silences) after RETENTION_ALERT_HISTORY_DAYS. One instance at a time: a session
// advisory lock held for the pass (it spans many short transactions); the others skip.
// (Not "server-only": the server process, which imports it, runs outside the react-server condition.)
import { pool } from "@/lib/db/client";
import { dropExpiredPartitions } from "@/lib/retention/drop-partitions";
import {
  ALERT_HISTORY_EXPIRIES,
  DEAD_LETTER_EXPIRY,
  deleteExpired,
  HOUR_EXPIRIES,
  GAUGE_EXPIRY,
  MINUTE_EXPIRIES,
  RAW_EXPIRIES,
} from "@/lib/retention/delete-expired";
import { dropExpiredMinutes } from "@/lib/retention/drop-minutes";
import { HOUR_MS } from "@/lib/rollups/hour-compaction-rules";

const DAY_MS = 86_400_000;
/** pg_try_advisory_lock key of the retention pass ("esrt"). */
const LOCK = 0x65737274;

export type RetentionSettings = {
  rawDays: number;
  rollupMinuteDays: number;
  rollupHourDays: number;
  deadLetterDays: number;
  alertHistoryDays: number;
};

export type RetentionOptions = {
  /** Rows per delete statement. */
  batch?: number;
  /** How long a partition drop waits for readers before it leaves the partition to the next run. */
  lockTimeoutMs?: number;
  /** Shutdown: the pass stops after the statement in flight (what went stays gone; the next pass goes on). */
  signal?: AbortSignal;
};

export type RetentionResult =
  | { skipped: "locked" }
  | {
      /** Daily partitions of messages dropped, and those left because a query held them. */
      droppedPartitions: string[];
      busyPartitions: string[];
      /** Rows deleted per table. */
      deleted: Record<string, number>;
      /** Per-minute rollups are dropped before this (never past what the hourly compaction has summed). */
      minuteCutoff: Date;
    };

export function retentionSettings(e: {
  RETENTION_RAW_DAYS: number;
  RETENTION_ROLLUP_MINUTE_DAYS: number;
  RETENTION_ROLLUP_HOUR_DAYS: number;
  RETENTION_DEAD_LETTER_DAYS: number;
  RETENTION_ALERT_HISTORY_DAYS: number;
}): RetentionSettings {
  return {
    rawDays: e.RETENTION_RAW_DAYS,
    rollupMinuteDays: e.RETENTION_ROLLUP_MINUTE_DAYS,
    rollupHourDays: e.RETENTION_ROLLUP_HOUR_DAYS,
    deadLetterDays: e.RETENTION_DEAD_LETTER_DAYS,
    alertHistoryDays: e.RETENTION_ALERT_HISTORY_DAYS,
  };
}

export async function runRetention(
  s: RetentionSettings,
  now = new Date(),
  { batch = 10_000, lockTimeoutMs = 2_000, signal }: RetentionOptions = {},
): Promise<RetentionResult> {
  const db = await pool().connect();
  try {
    const { rows: lock } = await db.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [LOCK]);
    if (!lock[0]?.ok) return { skipped: "locked" };
    try {
      const nowMs = now.getTime();
      const deleted: Record<string, number> = {};

      const rawCutoff = new Date(nowMs - s.rawDays * DAY_MS);
      const drops = await dropExpiredPartitions(db, rawCutoff.getTime(), lockTimeoutMs, signal);
      for (const e of RAW_EXPIRIES) deleted[e.name] = await deleteExpired(db, e, rawCutoff, batch, signal);

      const minutes = await dropExpiredMinutes(db, nowMs - s.rollupMinuteDays * DAY_MS, signal);
      deleted.rollup_minute = minutes.deleted;
      for (const e of MINUTE_EXPIRIES)
        deleted[e.name] = await deleteExpired(db, e, minutes.cutoff, batch, signal);
      // Gauges have no hourly form: they simply go after the same age.
      const gaugeCutoff = new Date(nowMs - s.rollupMinuteDays * DAY_MS);
      deleted[GAUGE_EXPIRY.name] = await deleteExpired(db, GAUGE_EXPIRY, gaugeCutoff, batch, signal);

      const hourCutoff = new Date(Math.floor((nowMs - s.rollupHourDays * DAY_MS) / HOUR_MS) * HOUR_MS);
      for (const e of HOUR_EXPIRIES) deleted[e.name] = await deleteExpired(db, e, hourCutoff, batch, signal);

      const deadLetterCutoff = new Date(nowMs - s.deadLetterDays * DAY_MS);
      deleted[DEAD_LETTER_EXPIRY.name] = await deleteExpired(
        db,
        DEAD_LETTER_EXPIRY,
        deadLetterCutoff,
        batch,
        signal,
      );

      const alertCutoff = new Date(nowMs - s.alertHistoryDays * DAY_MS);
      for (const e of ALERT_HISTORY_EXPIRIES)
        deleted[e.name] = await deleteExpired(db, e, alertCutoff, batch, signal);

      return {
        droppedPartitions: drops.dropped,
        busyPartitions: drops.busy,
        deleted,
        minuteCutoff: minutes.cutoff,
      };
    } finally {
      await db.query("SELECT pg_advisory_unlock($1)", [LOCK]);
    }
  } finally {
    db.release();
  }
}
