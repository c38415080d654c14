// What the exports (AsyncAPI, JSON Schema) read: the whole catalog or one type, each with its
// current schema (newest registered, else newest inferred) and its version numbers.
import "server-only";
import { noSuchType } from "@/lib/catalog/catalog-schemas";
import type { CompatibilityMode } from "@/lib/catalog/compatibility";
import { currentSchemas, type VersionRow } from "@/lib/catalog/schema-versions";
import { pool } from "@/lib/db/client";

export type ExportedType = {
  id: number;
  name: string;
  description: string | null;
  owner: string | null;
  tags: string[];
  compatibility: CompatibilityMode;
  versions: { version: number; source: string }[];
  current: VersionRow | null;
};

/** Every type by name, or only `name` (404 when unknown). */
export async function exportedTypes(name?: string): Promise<ExportedType[]> {
  const { rows } = await pool().query<Omit<ExportedType, "current">>(
    `SELECT t.id, t.name, t.description, t.owner, t.tags, t.compatibility,
            COALESCE((SELECT json_agg(json_build_object('version', v.version, 'source', v.source) ORDER BY v.version)
                        FROM schema_versions v WHERE v.event_type_id = t.id), '[]') AS versions
       FROM event_types t
      WHERE $1::text IS NULL OR t.name = $1
      ORDER BY t.name`,
    [name ?? null],
  );
  if (name !== undefined && rows.length === 0) throw noSuchType(name);
  const current = await currentSchemas(rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, current: current.get(r.id) ?? null }));
}
