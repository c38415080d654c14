// Recomputes event_types.drift after either side changes: a new inferred version (live traffic
// changed) or a new registered version (the team changed its contract). Set-based for the catalog
// worker, which records new versions for many types in one transaction.
import type pg from "pg";
import { pool } from "@/lib/db/client";
import { schemaDrift, type Drift } from "@/lib/catalog/drift";
import type { JsonSchema } from "@/lib/catalog/infer-schema";

const NEWEST = `SELECT DISTINCT ON (event_type_id, source) event_type_id, source, version, definition FROM schema_versions
  WHERE event_type_id = ANY($1::int[]) ORDER BY event_type_id, source, version DESC`;

type Db = Pick<pg.Pool, "query">;
type Newest = { event_type_id: number; source: string; version: number; definition: JsonSchema };

/** Each type's drift now (null: no registered schema, no inferred one yet, or no difference). */
export async function computeDrifts(db: Db, typeIds: readonly number[]): Promise<Map<number, Drift | null>> {
  const { rows } = await db.query<Newest>(NEWEST, [typeIds]);
  const out = new Map<number, Drift | null>(typeIds.map((id) => [id, null]));
  for (const id of typeIds) {
    const registered = rows.find((r) => r.event_type_id === id && r.source === "registered");
    const inferred = rows.find((r) => r.event_type_id === id && r.source === "inferred");
    if (!registered || !inferred) continue;
    const changes = schemaDrift(registered.definition, inferred.definition);
    if (changes.length > 0)
      out.set(id, { registeredVersion: registered.version, inferredVersion: inferred.version, changes });
  }
  return out;
}

/** The type's drift now (null: no registered schema, no inferred one yet, or no difference). */
export async function computeDrift(db: Db, typeId: number): Promise<Drift | null> {
  return (await computeDrifts(db, [typeId])).get(typeId) ?? null;
}

/** Stores the types' drift; `db` may be a transaction's client (which then locks their rows). */
export async function refreshDrifts(
  typeIds: readonly number[],
  db: Db = pool(),
): Promise<Map<number, Drift | null>> {
  if (typeIds.length === 0) return new Map();
  const drifts = await computeDrifts(db, typeIds);
  const entries = [...drifts.entries()];
  await db.query(
    `UPDATE event_types t SET drift = u.d::jsonb FROM unnest($1::int[], $2::text[]) AS u(id, d) WHERE t.id = u.id`,
    [entries.map(([id]) => id), entries.map(([, d]) => (d === null ? null : JSON.stringify(d)))],
  );
  return drifts;
}

/** Stores the type's drift; `db` may be a transaction's client. */
export async function refreshDrift(typeId: number, db: Db = pool()): Promise<Drift | null> {
  return (await refreshDrifts([typeId], db)).get(typeId) ?? null;
}
