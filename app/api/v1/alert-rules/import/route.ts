// POST /api/v1/alert-rules/import?prune=1 — create or replace rules by name from a YAML (or JSON) document, all or nothing
import { z } from "zod";
import { importRules, rulesDocumentSchema } from "@/lib/alerts/rules-yaml";
import { actingFrom } from "@/lib/audit/actor";
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { readDocument } from "@/lib/catalog/read-document";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

const query = z.strictObject({
  prune: z.enum(["1", "0", "true", "false"], { error: 'must be "1" or "0"' }).optional(),
});

export const POST = route({ kind: "user", permission: "alerts:manage" }, async (req, _ctx, me) => {
  const q = query.parse(queryObject(req.url));
  const doc = rulesDocumentSchema.parse(await readDocument(req, { yaml: true }));
  const prune = q.prune === "1" || q.prune === "true";
  const by = { userId: me.userId, label: me.email, acting: actingFrom(me, req) };
  return Response.json(await importRules(doc, by, { prune }));
});
