// GET /api/v1/catalog/json-schema — one type's current JSON Schema, or every type's under $defs
import { jsonSchemaExportQuerySchema, queryObject } from "@/lib/catalog/catalog-schemas";
import { downloadName } from "@/lib/catalog/download-name";
import { exportJsonSchema } from "@/lib/catalog/json-schema-export";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) => {
  const q = jsonSchemaExportQuerySchema.parse(queryObject(req.url));
  const headers = new Headers({ "content-type": "application/schema+json" });
  if (q.download) headers.set("content-disposition", downloadName(q.type, "schema.json"));
  return new Response(JSON.stringify(await exportJsonSchema(q.type), null, 2), { headers });
});
