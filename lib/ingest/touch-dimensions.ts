// last_seen_at of the channels, services and event types a batch touched: one statement per batch,
// after commit (row locks on these hot rows inside the batch transaction would serialise every
// concurrent batch), skipping rows touched in the last few seconds (in memory, then in SQL for other
// processes) to spare queries and dead tuples. Event types are locked in id order, as the catalog's
// transactions lock them (lib/catalog/type-lock.ts), so the two never deadlock.
import { pool } from "@/lib/db/client";
import { dimensionCache } from "@/lib/ingest/dimension-cache";
import { log } from "@/lib/log";

const SQL = `WITH c AS (
    UPDATE channels SET last_seen_at = now() WHERE id = ANY($1::int[]) AND last_seen_at < now() - interval '5 seconds' RETURNING 1
  ), s AS (
    UPDATE services SET last_seen_at = now() WHERE id = ANY($2::int[]) AND last_seen_at < now() - interval '5 seconds' RETURNING 1
  )
  UPDATE event_types t SET last_seen_at = now() FROM (
    SELECT id FROM event_types WHERE id = ANY($3::int[]) AND last_seen_at < now() - interval '5 seconds'
    ORDER BY id FOR NO KEY UPDATE
  ) due WHERE t.id = due.id`;

const THROTTLE_MS = 5_000;
/** The ids not touched by this process in the last few seconds, sorted (same lock order everywhere). */
function due(table: string, ids: Set<number>, now: number): number[] {
  const touched = dimensionCache().touched;
  const out: number[] = [];
  for (const id of ids) {
    const key = `${table}:${id}`;
    if (now - (touched.get(key) ?? 0) < THROTTLE_MS) continue;
    touched.set(key, now);
    out.push(id);
  }
  return out.sort((a, b) => a - b);
}

/** Never throws: the batch is committed already; a missed last-seen update is only logged. */
export async function touchDimensions(touched: {
  channels: Set<number>;
  services: Set<number>;
  types: Set<number>;
}): Promise<void> {
  const now = Date.now();
  const channels = due("c", touched.channels, now);
  const services = due("s", touched.services, now);
  const types = due("t", touched.types, now);
  // A steady stream skips the query entirely: every id was touched a moment ago.
  if (channels.length + services.length + types.length === 0) return;
  try {
    await pool().query({ name: "es_ingest_touch", text: SQL, values: [channels, services, types] });
  } catch (err) {
    log.warn({ err }, "could not update last_seen_at after ingest");
  }
}
