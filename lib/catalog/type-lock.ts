// One event type's catalog rows (shapes, versions, version numbers) change under this transaction
// lock: two processes recording the same new shape, the expiry job and a registration never
// interleave their read-then-write on one type. Two-key form: (namespace, type id).
import type pg from "pg";

/** "esct" — the catalog's advisory lock namespace. */
const CATALOG_TYPE_LOCK = 0x65736374;

export async function lockEventType(client: Pick<pg.PoolClient, "query">, typeId: number): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock($1, $2)", [CATALOG_TYPE_LOCK, typeId]);
}
