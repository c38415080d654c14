// A type's schema versions as the API shows them (SchemaVersionView), inferred and registered in
// one numbering; and each type's current schema — the newest registered (what live events are
// checked against), else the newest inferred.
import "server-only";
import type { SchemaSource, SchemaVersionList, SchemaVersionView } from "@/lib/catalog/api-types";
import type { CompatibilityMode } from "@/lib/catalog/compatibility";
import type { JsonSchema } from "@/lib/catalog/infer-schema";
import { noSuchType } from "@/lib/catalog/catalog-schemas";
import { pool } from "@/lib/db/client";

export type VersionRow = {
  event_type_id: number;
  version: number;
  source: SchemaSource;
  fingerprint: string;
  first_seen_at: Date;
  definition: JsonSchema;
  producers: string[];
  example: unknown;
  compatibility: SchemaVersionView["compatibility"];
};

const COLUMNS = `event_type_id, version, source, fingerprint, first_seen_at, definition, producers, example, compatibility`;

/** `showPayloads` false (no payloads:read) leaves the example payload out. */
export function toVersionView(r: VersionRow, showPayloads: boolean): SchemaVersionView {
  return {
    version: r.version,
    source: r.source,
    fingerprint: r.fingerprint,
    firstSeenAt: r.first_seen_at.toISOString(),
    definition: r.definition,
    producers: r.producers,
    example: showPayloads ? (r.example ?? null) : null,
    compatibility: r.compatibility ?? null,
  };
}

/** Every version of the type, newest first; 404 for an unknown name. */
export async function listSchemaVersions(name: string, showPayloads: boolean): Promise<SchemaVersionList> {
  const { rows: types } = await pool().query<{ id: number; compatibility: CompatibilityMode }>(
    "SELECT id, compatibility FROM event_types WHERE name = $1",
    [name],
  );
  const type = types[0];
  if (!type) throw noSuchType(name);
  const { rows } = await pool().query<VersionRow>(
    `SELECT ${COLUMNS} FROM schema_versions WHERE event_type_id = $1 ORDER BY version DESC`,
    [type.id],
  );
  return {
    name,
    compatibility: type.compatibility,
    versions: rows.map((r) => toVersionView(r, showPayloads)),
  };
}

/** The current schema of each type given (types without any version are absent). */
export async function currentSchemas(typeIds: readonly number[]): Promise<Map<number, VersionRow>> {
  if (typeIds.length === 0) return new Map();
  // Registered sorts before inferred ('r' > 'i', descending), then the newest of that source.
  const { rows } = await pool().query<VersionRow>(
    `SELECT DISTINCT ON (event_type_id) ${COLUMNS} FROM schema_versions
      WHERE event_type_id = ANY($1::int[])
      ORDER BY event_type_id, source DESC, version DESC`,
    [typeIds],
  );
  return new Map(rows.map((r) => [r.event_type_id, r]));
}
