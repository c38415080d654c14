// A type's inferred schema from its active shapes (seen within CATALOG_SHAPE_TTL), recorded as a
// new version when it differs from the newest inferred one. Runs inside the caller's transaction,
// which holds the type's lock (type-lock.ts). See select-shapes.ts for which shapes count.
import type pg from "pg";
import { checkCompatibility, COMPATIBILITY_MODES, type CompatibilityMode } from "@/lib/catalog/compatibility";
import { schemaFingerprint } from "@/lib/catalog/fingerprint";
import { toJsonSchema, type JsonSchema, type Summary } from "@/lib/catalog/infer-schema";
import { refreshDrift } from "@/lib/catalog/refresh-drift";
import { selectShapes } from "@/lib/catalog/select-shapes";

type Db = Pick<pg.PoolClient, "query">;

// Newest first by when the *shape* became active, whichever producer showed it first: a producer
// that starts sending an old shape later must not make that old shape the newest.
const ACTIVE_SHAPES = `SELECT s.summary, s.example, sv.name AS producer FROM event_type_shapes s
  LEFT JOIN services sv ON sv.id = s.producer_id
  WHERE s.event_type_id = $1 AND s.last_seen_at > $2::timestamptz
  ORDER BY min(s.activated_at) OVER (PARTITION BY s.shape_hash) DESC, s.activated_at, s.shape_hash, s.producer_id`;

const INFERRED_VERSIONS = `SELECT id, version, definition, fingerprint, producers FROM schema_versions
  WHERE event_type_id = $1 AND source = 'inferred' ORDER BY version`;

export type Recomputed = { version: number | null; created: boolean };

function modeOf(value: string): CompatibilityMode {
  return (COMPATIBILITY_MODES as readonly string[]).includes(value)
    ? (value as CompatibilityMode)
    : "BACKWARD";
}

/**
 * Recomputes one type's inferred schema as of `now`. Returns the newest inferred version and
 * whether this call created it. With no active shape, nothing changes but the check time.
 */
export async function recomputeSchema(db: Db, typeId: number, now: Date, ttlMs: number): Promise<Recomputed> {
  const { rows: types } = await db.query<{ compatibility: string; inferred_version: number | null }>(
    "SELECT compatibility, inferred_version FROM event_types WHERE id = $1",
    [typeId],
  );
  const type = types[0];
  if (!type) return { version: null, created: false };
  const { rows: shapes } = await db.query<{ summary: Summary; example: unknown; producer: string | null }>(
    ACTIVE_SHAPES,
    [typeId, new Date(now.getTime() - ttlMs)],
  );
  if (shapes.length === 0) {
    await markChecked(db, typeId, now, type.inferred_version);
    return { version: type.inferred_version, created: false };
  }
  const { taken, merged } = selectShapes(shapes.map((s) => s.summary));
  const definition = toJsonSchema(merged);
  const fingerprint = schemaFingerprint(definition);
  const producers = [...new Set(taken.map((i) => shapes[i]!.producer).filter((p) => p !== null))].sort();
  const { rows: previous } = await db.query<{
    id: number;
    version: number;
    definition: JsonSchema;
    fingerprint: string;
    producers: string[];
  }>(INFERRED_VERSIONS, [typeId]);
  const newest = previous.at(-1);

  if (newest?.fingerprint === fingerprint) {
    // Same schema (a known shape from another producer, or a shape that adds nothing): the
    // producers join the current version; no new version.
    const added = producers.filter((p) => !newest.producers.includes(p));
    if (added.length > 0)
      await db.query("UPDATE schema_versions SET producers = $2 WHERE id = $1", [
        newest.id,
        [...newest.producers, ...added].sort(),
      ]);
    await markChecked(db, typeId, now, newest.version);
    return { version: newest.version, created: false };
  }

  const mode = modeOf(type.compatibility);
  const breakingChanges = checkCompatibility(
    mode,
    definition,
    previous.map((p) => p.definition),
  );
  const { rows: next } = await db.query<{ version: number }>(
    `INSERT INTO schema_versions (event_type_id, version, definition, fingerprint, source, compatibility, example, producers, first_seen_at)
     SELECT $1, coalesce(max(version), 0) + 1, $2::jsonb, $3, 'inferred', $4::jsonb, $5::jsonb, $6, $7
     FROM schema_versions WHERE event_type_id = $1
     RETURNING version`,
    [
      typeId,
      JSON.stringify(definition),
      fingerprint,
      JSON.stringify({ mode, compatible: breakingChanges.length === 0, breakingChanges }),
      exampleJson(shapes[0]!.example),
      producers,
      now,
    ],
  );
  const version = next[0]!.version;
  await markChecked(db, typeId, now, version);
  await refreshDrift(typeId, db);
  return { version, created: true };
}

/** The example column holds the stored sample (jsonb comes back parsed; null stays null). */
function exampleJson(example: unknown): string | null {
  return example === null || example === undefined ? null : JSON.stringify(example);
}

async function markChecked(db: Db, typeId: number, now: Date, version: number | null): Promise<void> {
  await db.query("UPDATE event_types SET inferred_version = $2, schema_checked_at = $3 WHERE id = $1", [
    typeId,
    version,
    now,
  ]);
  if (version !== null)
    await db.query(
      "UPDATE event_type_shapes SET schema_version = $2 WHERE event_type_id = $1 AND schema_version IS NULL",
      [typeId, version],
    );
}
