// Recomputes event_types.drift after either side changes: a new inferred version (live traffic
// changed) or a new registered version (the team changed its contract).
import type pg from "pg";
import { pool } from "@/lib/db/client";
import { schemaDrift, type Drift } from "@/lib/catalog/drift";
import type { JsonSchema } from "@/lib/catalog/infer-schema";

const NEWEST = `SELECT DISTINCT ON (source) source, version, definition FROM schema_versions
  WHERE event_type_id = $1 ORDER BY source, version DESC`;

/** The type's drift now (null: no registered schema, no inferred one yet, or no difference). */
export async function computeDrift(db: Pick<pg.Pool, "query">, typeId: number): Promise<Drift | null> {
  const { rows } = await db.query<{ source: string; version: number; definition: JsonSchema }>(NEWEST, [
    typeId,
  ]);
  const registered = rows.find((r) => r.source === "registered");
  const inferred = rows.find((r) => r.source === "inferred");
  if (!registered || !inferred) return null;
  const changes = schemaDrift(registered.definition, inferred.definition);
  if (changes.length === 0) return null;
  return { registeredVersion: registered.version, inferredVersion: inferred.version, changes };
}

/** Stores the type's drift; `db` may be a transaction's client. */
export async function refreshDrift(
  typeId: number,
  db: Pick<pg.Pool, "query"> = pool(),
): Promise<Drift | null> {
  const drift = await computeDrift(db, typeId);
  await db.query("UPDATE event_types SET drift = $2::jsonb WHERE id = $1", [
    typeId,
    drift === null ? null : JSON.stringify(drift),
  ]);
  return drift;
}
