// One event type's catalog rows (shapes, versions, version numbers) change under this transaction
// lock: two processes recording the same new shape, the expiry job and a registration never
// interleave their read-then-write on one type. Two-key form: (namespace, type id).
//
// Lock order in catalog transactions, so they cannot deadlock with each other or with ingest:
// these advisory locks (ascending type id) → event_type_shapes rows (key order, as touch-shapes.ts)
// → event_types rows (ascending id, last, as touch-dimensions.ts; recompute-schema.ts's SET_CHECKED).
import type pg from "pg";

/** "esct" — the catalog's advisory lock namespace. */
const CATALOG_TYPE_LOCK = 0x65736374;

type Db = Pick<pg.PoolClient, "query">;

/** Locks several types in ascending id order (one statement). */
export async function lockEventTypes(client: Db, typeIds: readonly number[]): Promise<void> {
  if (typeIds.length === 0) return;
  await client.query(
    "SELECT pg_advisory_xact_lock($1, t) FROM (SELECT DISTINCT t FROM unnest($2::int[]) AS t ORDER BY t) AS sorted",
    [CATALOG_TYPE_LOCK, typeIds],
  );
}

export async function lockEventType(client: Db, typeId: number): Promise<void> {
  await lockEventTypes(client, [typeId]);
}
