// GET /api/v1/catalog/json-schema: one type's current schema as stored, or every type's under
// "$defs" of one document. Each bundled schema gets an "$id" of its own, so the "#/$defs/…"
// references inside it still resolve within it (2020-12 scopes "#" to the nearest $id).
import "server-only";
import { noSuchType } from "@/lib/catalog/catalog-schemas";
import { exportedTypes } from "@/lib/catalog/export-types";
import type { JsonSchema } from "@/lib/catalog/infer-schema";
import { DIALECT_2020 } from "@/lib/catalog/prepare-schema";
import { AppError } from "@/lib/errors";

export const typeSchemaId = (name: string) => `urn:eventscope:event-type:${encodeURIComponent(name)}`;

export async function exportJsonSchema(name?: string): Promise<JsonSchema> {
  const types = await exportedTypes(name);
  if (name !== undefined) {
    const current = types[0]?.current;
    if (!types[0]) throw noSuchType(name);
    if (!current) throw new AppError("not_found", `event type ${JSON.stringify(name)} has no schema yet`);
    return current.definition;
  }
  const defs: Record<string, JsonSchema> = {};
  for (const t of types) {
    if (!t.current) continue;
    const { $schema: _, ...schema } = t.current.definition;
    defs[t.name] = { $id: typeSchemaId(t.name), ...schema };
  }
  return {
    $schema: DIALECT_2020,
    $id: "urn:eventscope:catalog",
    title: "Eventscope catalog",
    description: "The current schema of every event type (newest registered, else newest inferred).",
    $defs: defs,
  };
}
