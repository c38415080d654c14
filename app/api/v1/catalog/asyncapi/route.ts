// GET /api/v1/catalog/asyncapi — the catalog as AsyncAPI 3.0 · POST — import an AsyncAPI 2.x/3.x document
import { stringify } from "yaml";
import { actingFrom } from "@/lib/audit/actor";
import { exportAsyncApi } from "@/lib/catalog/asyncapi-export";
import { importAsyncApi } from "@/lib/catalog/asyncapi-import";
import { exportQuerySchema, queryObject } from "@/lib/catalog/catalog-schemas";
import { downloadName } from "@/lib/catalog/download-name";
import { readDocument } from "@/lib/catalog/read-document";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) => {
  const q = exportQuerySchema.parse(queryObject(req.url));
  const doc = await exportAsyncApi(q.type);
  const headers = new Headers();
  if (q.download) headers.set("content-disposition", downloadName(q.type, `asyncapi.${q.format}`));
  if (q.format === "json") return Response.json(doc, { headers });
  headers.set("content-type", "application/yaml; charset=utf-8");
  // No anchors and aliases: shared objects are written out where they appear.
  return new Response(stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 }), { headers });
});

export const POST = route({ kind: "user", permission: "catalog:edit" }, async (req, _ctx, me) => {
  const doc = await readDocument(req, { yaml: true });
  return Response.json(await importAsyncApi(doc, actingFrom(me, req)));
});
