// Batched deletes of expired rows, for what is not dropped by partition: rows of messages_default
// (days that had no partition), deliveries, spans, traces, the rollups, handled dead letters and
// alert history.
// Each batch is its own statement (autocommit) of at most `batch` rows picked through the time
// index, so locks and WAL stay small, ingest is never blocked for long and vacuum can reuse the
// space as the job goes. The table names and conditions are this module's constants, never input.
import type pg from "pg";
import { inFlightSql } from "@/lib/dead-letters/filter";

export type Expiry = {
  /** What the log and the report call it. */
  name: string;
  table: string;
  /** The row key the batch is picked and deleted by (ctid for tables without a stable id). */
  key: "ctid" | "id";
  /** The expiry condition on the row, `$1` being the cutoff; repeated in the DELETE itself. */
  where: string;
};

export const RAW_EXPIRIES: readonly Expiry[] = [
  { name: "messages_default", table: "messages_default", key: "ctid", where: "published_at < $1" },
  { name: "deliveries", table: "deliveries", key: "ctid", where: "delivered_at < $1" },
  { name: "spans", table: "spans", key: "ctid", where: "start_time < $1" },
  // A trace's summary row goes with the spans that started it.
  { name: "traces", table: "traces", key: "ctid", where: "started_at < $1" },
];

// rollup_minute has its own path (lib/retention/drop-minutes.ts): its hours must stay exact.
export const GAUGE_EXPIRY: Expiry = {
  name: "gauge_minute",
  table: "gauge_minute",
  key: "ctid",
  where: "minute < $1",
};

// Minute rollups derived from rollup_minute by the compaction: they go with its minutes.
export const MINUTE_EXPIRIES: readonly Expiry[] = [
  { name: "latency_minute", table: "latency_minute", key: "ctid", where: "minute < $1" },
];

export const HOUR_EXPIRIES: readonly Expiry[] = [
  { name: "rollup_hour", table: "rollup_hour", key: "ctid", where: "hour < $1" },
  // Hour rollups derived from rollup_hour by the compaction.
  { name: "latency_hour", table: "latency_hour", key: "ctid", where: "hour < $1" },
  // Versions of hours no reader can ask for any more (their rows are gone).
  { name: "rollup_hour_version", table: "rollup_hour_version", key: "ctid", where: "hour < $1" },
];

// Never a pending, reprocessing or failed-again one: the state is part of the condition, and one in
// flight (a reprocessed one reprocessed again, with force) is left out too — and kept by a trigger
// (dead_letters_keep_in_flight) when a request took it between the pick and the delete.
export const DEAD_LETTER_EXPIRY: Expiry = {
  name: "dead_letters",
  table: "dead_letters",
  key: "id",
  where: `state IN ('reprocessed', 'discarded') AND handled_at < $1 AND NOT ${inFlightSql("dead_letters")}`,
};

// Alert history: notifications once finished (sent, failed, silenced; a test one stuck "sending"
// by a crash by its creation), their attempts going with them (ON DELETE CASCADE); a pending one
// never, however old. The outbox is small (rules × contact points × episodes), so no index on
// finished_at: a batch's pick scans it. Transitions by their time (the current state is in
// alert_instances), silences once ended.
export const ALERT_HISTORY_EXPIRIES: readonly Expiry[] = [
  {
    name: "alert_notifications",
    table: "alert_notifications",
    key: "id",
    where: "status <> 'pending' AND coalesce(finished_at, created_at) < $1",
  },
  { name: "alert_transitions", table: "alert_transitions", key: "id", where: "at < $1" },
  { name: "silences", table: "silences", key: "id", where: "ends_at < $1" },
];

/** Deletes every row of `e` older than the cutoff, `batch` rows per statement (until `signal` aborts); returns how many. */
export async function deleteExpired(
  db: pg.ClientBase,
  e: Expiry,
  cutoff: Date,
  batch: number,
  signal?: AbortSignal,
): Promise<number> {
  const sql = `DELETE FROM ${e.table} WHERE ${e.key} = ANY(ARRAY(
      SELECT ${e.key} FROM ${e.table} WHERE ${e.where} LIMIT $2)) AND ${e.where}`;
  let total = 0;
  while (!signal?.aborted) {
    const { rowCount } = await db.query(sql, [cutoff, batch]);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batch) break;
  }
  return total;
}
