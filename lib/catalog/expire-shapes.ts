// The expiry step (every minute, server/catalog-maintenance.ts): types with a shape whose
// last_seen_at crossed CATALOG_SHAPE_TTL since the type's schema was last checked are recomputed
// without it. One process at a time across all instances (a session advisory lock; the others
// skip that minute). Takes `now` so tests can step past the TTL.
import { pool, withTransaction } from "@/lib/db/client";
import { recomputeSchemas } from "@/lib/catalog/recompute-schema";
import { lockEventTypes } from "@/lib/catalog/type-lock";

/** Types recomputed per transaction. */
const GROUP_TYPES = 100;
/** "esce" — catalog expiry. */
const EXPIRY_LOCK = 0x65736365;

// A shape's expiry instant is last_seen_at + ttl; it is news when it lies in (schema_checked_at, now].
const CROSSED = `SELECT DISTINCT s.event_type_id AS id FROM event_type_shapes s JOIN event_types t ON t.id = s.event_type_id
  WHERE s.last_seen_at <= $1::timestamptz - $2 * interval '1 millisecond'
    AND (t.schema_checked_at IS NULL OR s.last_seen_at > t.schema_checked_at - $2 * interval '1 millisecond')
  ORDER BY 1`;

export type ExpiryRun = { ran: boolean; types: number[]; newVersions: number };

export async function expireShapes(now: Date, ttlMs: number): Promise<ExpiryRun> {
  const client = await pool().connect();
  try {
    const { rows: lock } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [
      EXPIRY_LOCK,
    ]);
    if (!lock[0]?.ok) return { ran: false, types: [], newVersions: 0 };
    try {
      const { rows } = await client.query<{ id: number }>(CROSSED, [now, ttlMs]);
      const ids = rows.map((r) => r.id);
      let newVersions = 0;
      for (let i = 0; i < ids.length; i += GROUP_TYPES) {
        const group = ids.slice(i, i + GROUP_TYPES);
        const recomputed = await withTransaction(async (tx) => {
          await lockEventTypes(tx, group);
          return recomputeSchemas(tx, group, now, ttlMs);
        });
        for (const r of recomputed.values()) if (r.created) newVersions++;
      }
      return { ran: true, types: ids, newVersions };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [EXPIRY_LOCK]);
    }
  } finally {
    client.release();
  }
}
