// Types' inferred schemas from their active shapes (seen within CATALOG_SHAPE_TTL), each recorded as
// a new version when it differs from the type's newest inferred one. Set-based: a fixed number of
// statements for any number of types. Runs inside the caller's transaction, which holds the types'
// locks (type-lock.ts). See select-shapes.ts for which shapes count.
import type pg from "pg";
import { checkCompatibility, COMPATIBILITY_MODES, type CompatibilityMode } from "@/lib/catalog/compatibility";
import { schemaFingerprint, withoutEnums } from "@/lib/catalog/fingerprint";
import { toJsonSchema, type JsonSchema, type Summary } from "@/lib/catalog/infer-schema";
import { refreshDrifts } from "@/lib/catalog/refresh-drift";
import { selectShapes } from "@/lib/catalog/select-shapes";
import { toJsonb } from "@/lib/ingest/payload-sample";

type Db = Pick<pg.PoolClient, "query">;

const TYPES = `SELECT t.id, t.compatibility, t.inferred_version,
    EXISTS (SELECT 1 FROM schema_versions r WHERE r.event_type_id = t.id AND r.source = 'registered') AS registered
  FROM event_types t WHERE t.id = ANY($1::int[])`;

// Per type, newest first by when the *shape* became active, whichever producer showed it first: a
// producer that starts sending an old shape later must not make that old shape the newest. The
// example is read for the newest only (it becomes the version's example).
const ACTIVE_SHAPES = `SELECT type_id, summary, producer, CASE WHEN rank = 1 THEN example END AS example FROM (
    SELECT s.event_type_id AS type_id, s.summary, s.example, sv.name AS producer,
      row_number() OVER (PARTITION BY s.event_type_id
        ORDER BY s.first_active DESC, s.activated_at, s.shape_hash, s.producer_id) AS rank
    FROM (SELECT *, min(activated_at) OVER (PARTITION BY event_type_id, shape_hash) AS first_active
          FROM event_type_shapes WHERE event_type_id = ANY($1::int[]) AND last_seen_at > $2::timestamptz) s
    LEFT JOIN services sv ON sv.id = s.producer_id
  ) a ORDER BY type_id, rank`;

// Definitions only where the compatibility check reads them: the newest, or all under a
// *_TRANSITIVE mode (a type's history can be long; the default BACKWARD needs one).
const INFERRED_VERSIONS = `SELECT v.id, v.event_type_id AS type_id, v.version, v.fingerprint, v.producers,
    CASE WHEN t.compatibility LIKE '%TRANSITIVE' OR v.version = max(v.version) OVER (PARTITION BY v.event_type_id)
      THEN v.definition END AS definition
  FROM schema_versions v JOIN event_types t ON t.id = v.event_type_id
  WHERE v.event_type_id = ANY($1::int[]) AND v.source = 'inferred' ORDER BY v.event_type_id, v.version`;

// Version numbers count every source of the type (registered ones too); safe under the type
// locks. Rows travel as one JSON document (definitions and examples are nested JSON).
const INSERT_VERSIONS = `INSERT INTO schema_versions (event_type_id, version, definition, fingerprint, source, compatibility, example, producers, first_seen_at)
  SELECT r.t, (SELECT coalesce(max(v.version), 0) FROM schema_versions v WHERE v.event_type_id = r.t) + 1,
    r.d, r.f, 'inferred', r.c, r.e, r.p, $2
  FROM jsonb_to_recordset($1::jsonb) AS r(t int, d jsonb, f text, c jsonb, e jsonb, p text[])
  RETURNING event_type_id, version`;

const ADD_PRODUCERS = `UPDATE schema_versions v SET producers = r.p
  FROM jsonb_to_recordset($1::jsonb) AS r(id int, p text[]) WHERE v.id = r.id`;

const SET_SHAPE_VERSIONS = `UPDATE event_type_shapes s SET schema_version = u.v FROM unnest($1::int[], $2::int[]) AS u(t, v)
  WHERE s.event_type_id = u.t AND s.schema_version IS NULL AND u.v IS NOT NULL`;

// The event_types rows are locked here, last and in id order (see type-lock.ts).
const SET_CHECKED = `UPDATE event_types t SET inferred_version = u.v, schema_checked_at = $3
  FROM (SELECT id FROM event_types WHERE id = ANY($1::int[]) ORDER BY id FOR NO KEY UPDATE) AS locked
  JOIN unnest($1::int[], $2::int[]) AS u(id, v) ON u.id = locked.id
  WHERE t.id = u.id`;

export type Recomputed = { version: number | null; created: boolean };

type TypeRow = { id: number; compatibility: string; inferred_version: number | null; registered: boolean };
type ShapeRow = { type_id: number; summary: Summary; example: unknown; producer: string | null };
type VersionRow = {
  id: number;
  type_id: number;
  version: number;
  definition: JsonSchema | null;
  fingerprint: string;
  producers: string[];
};
/** A version to insert, in INSERT_VERSIONS's record shape. */
type NewVersion = {
  t: number;
  d: JsonSchema;
  f: string;
  c: { mode: CompatibilityMode; compatible: boolean; breakingChanges: unknown[] };
  e: unknown;
  p: string[];
};

function modeOf(value: string): CompatibilityMode {
  return (COMPATIBILITY_MODES as readonly string[]).includes(value)
    ? (value as CompatibilityMode)
    : "BACKWARD";
}

function groupBy<T extends { type_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.type_id);
    if (list) list.push(r);
    else out.set(r.type_id, [r]);
  }
  return out;
}

/**
 * Recomputes the types' inferred schemas as of `now`; per type, the newest inferred version and
 * whether this call created it. A type with no active shape keeps its versions (only the check
 * time moves).
 */
export async function recomputeSchemas(
  db: Db,
  typeIds: readonly number[],
  now: Date,
  ttlMs: number,
): Promise<Map<number, Recomputed>> {
  const ids = [...new Set(typeIds)].sort((a, b) => a - b);
  const result = new Map<number, Recomputed>();
  if (ids.length === 0) return result;
  const { rows: types } = await db.query<TypeRow>(TYPES, [ids]);
  const shapes = groupBy(
    (await db.query<ShapeRow>(ACTIVE_SHAPES, [ids, new Date(now.getTime() - ttlMs)])).rows,
  );
  const versions = groupBy((await db.query<VersionRow>(INFERRED_VERSIONS, [ids])).rows);

  const created: NewVersion[] = [];
  const producerUpdates: { id: number; producers: string[] }[] = [];
  for (const type of types) {
    const active = shapes.get(type.id) ?? [];
    const previous = versions.get(type.id) ?? [];
    const newest = previous.at(-1);
    if (active.length === 0) {
      result.set(type.id, { version: type.inferred_version, created: false });
      continue;
    }
    const { taken, merged } = selectShapes(active.map((s) => s.summary));
    const definition = toJsonSchema(merged);
    const fingerprint = schemaFingerprint(withoutEnums(definition));
    const producers = [...new Set(taken.map((i) => active[i]!.producer).filter((p) => p !== null))].sort();
    if (newest?.fingerprint === fingerprint) {
      // The same schema (a known shape from another producer, or a shape that adds nothing): its
      // producers join the current version; no new version.
      const added = producers.filter((p) => !newest.producers.includes(p));
      if (added.length > 0)
        producerUpdates.push({ id: newest.id, producers: [...newest.producers, ...added].sort() });
      result.set(type.id, { version: newest.version, created: false });
      continue;
    }
    const mode = modeOf(type.compatibility);
    const breakingChanges = checkCompatibility(
      mode,
      withoutEnums(definition) as JsonSchema,
      previous.flatMap((p) => (p.definition === null ? [] : [withoutEnums(p.definition) as JsonSchema])),
    );
    created.push({
      t: type.id,
      d: definition,
      f: fingerprint,
      c: { mode, compatible: breakingChanges.length === 0, breakingChanges },
      e: active[0]!.example ?? null,
      p: producers,
    });
  }

  if (created.length > 0) {
    const { rows } = await db.query<{ event_type_id: number; version: number }>(INSERT_VERSIONS, [
      toJsonb(created),
      now,
    ]);
    for (const r of rows) result.set(r.event_type_id, { version: r.version, created: true });
  }
  if (producerUpdates.length > 0)
    await db.query(ADD_PRODUCERS, [toJsonb(producerUpdates.map((u) => ({ id: u.id, p: u.producers })))]);

  const done = [...result.entries()];
  const versionsByType = [done.map(([id]) => id), done.map(([, r]) => r.version)];
  await db.query(SET_SHAPE_VERSIONS, versionsByType);
  await db.query(SET_CHECKED, [...versionsByType, now]);
  // Drift compares the newest inferred with the newest registered version: only a type with both
  // and a new inferred one can have changed.
  await refreshDrifts(
    types.filter((t) => t.registered && result.get(t.id)?.created).map((t) => t.id),
    db,
  );
  return result;
}
