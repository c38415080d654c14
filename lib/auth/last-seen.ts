// Cheap collectors.last_seen_at: at most one write per collector per 30 s per process, fired and
// forgotten (an ingest must not wait on it, and must not fail because of it).
import { pool } from "@/lib/db/client";
import { log } from "@/lib/log";

export const LAST_SEEN_INTERVAL_MS = 30_000;

const g = globalThis as typeof globalThis & { __eventscopeCollectorSeen?: Map<string, number> };

export function noteCollectorSeen(collectorId: string, now = Date.now()): void {
  const seen = (g.__eventscopeCollectorSeen ??= new Map());
  const last = seen.get(collectorId);
  if (last !== undefined && now - last < LAST_SEEN_INTERVAL_MS) return;
  seen.set(collectorId, now);
  pool()
    .query("UPDATE collectors SET last_seen_at = now() WHERE id = $1", [collectorId])
    .catch((err: unknown) => {
      seen.delete(collectorId); // try again on the next request
      log.warn({ err, collectorId }, "could not update collector last_seen_at");
    });
}

/** Tests check the throttle from a clean slate. */
export function resetCollectorSeenForTests(): void {
  g.__eventscopeCollectorSeen?.clear();
}
