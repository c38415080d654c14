// last_seen_at of the known payload shapes a committed batch carried, at most once a minute per
// shape and process (ingest-tap.ts picks those due): one statement per batch. A shape whose
// last_seen_at was older than CATALOG_SHAPE_TTL had left its type's schema; seen again, it is
// re-activated (activated_at moves) and its type's schema recomputed.
import { pool } from "@/lib/db/client";
import type { Ids } from "@/lib/ingest/dimension-cache";
import type { IngestTap } from "@/lib/catalog/ingest-tap";
import type { ShapeWorker } from "@/lib/catalog/shape-worker";

// Locked in key order, so concurrent batches touching the same shapes never deadlock.
const TOUCH = `WITH old AS (
    SELECT s.event_type_id, s.shape_hash, s.producer_id, s.last_seen_at <= $5 AS expired
    FROM event_type_shapes s JOIN unnest($1::int[], $2::text[], $3::int[]) AS k(t, h, p)
      ON s.event_type_id = k.t AND s.shape_hash = k.h AND s.producer_id = k.p
    ORDER BY 1, 2, 3 FOR UPDATE OF s
  )
  UPDATE event_type_shapes s SET last_seen_at = greatest(s.last_seen_at, $4),
    activated_at = CASE WHEN old.expired THEN $4 ELSE s.activated_at END
  FROM old WHERE s.event_type_id = old.event_type_id AND s.shape_hash = old.shape_hash AND s.producer_id = old.producer_id
  RETURNING s.event_type_id, old.expired`;

/** Writes due last_seen_at values; returns the types with a re-activated shape (already handed to the worker). */
export async function touchShapes(
  tap: IngestTap,
  ids: Ids,
  worker: ShapeWorker,
  ttlMs: number,
): Promise<number[]> {
  if (tap.touches.size === 0) return [];
  const keys = [...tap.touches.values()].map((t) => ({
    type: t.type,
    producer: t.producer ?? "",
    typeId: ids.type(t.type),
    hash: t.shapeHash,
    producerId: t.producer === null ? 0 : ids.service(t.producer),
  }));
  const now = new Date(tap.nowMs);
  const { rows } = await pool().query<{ event_type_id: number; expired: boolean }>({
    name: "es_catalog_touch_shapes",
    text: TOUCH,
    values: [
      keys.map((k) => k.typeId),
      keys.map((k) => k.hash),
      keys.map((k) => k.producerId),
      now,
      new Date(tap.nowMs - ttlMs),
    ],
  });
  for (const k of keys) worker.known.mark(k.type, k.producer, k.hash, tap.nowMs);
  const reactivated = [...new Set(rows.filter((r) => r.expired).map((r) => r.event_type_id))];
  for (const typeId of reactivated) worker.requestRecompute(typeId);
  return reactivated;
}
