// GET /api/v1/event-types/:name/schemas — every version · POST — register a JSON Schema
import { actingFrom } from "@/lib/audit/actor";
import { principalCan } from "@/lib/auth/principal";
import { registerBodySchema } from "@/lib/catalog/catalog-schemas";
import { readDocument } from "@/lib/catalog/read-document";
import { registerSchema } from "@/lib/catalog/register-schema";
import { listSchemaVersions } from "@/lib/catalog/schema-versions";
import { typeNameParam } from "@/lib/catalog/type-name-param";
import { route } from "@/lib/http/handler";
import { accessPolicy } from "@/lib/settings/access-policy";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (_req, ctx, me) => {
  const name = await typeNameParam(ctx);
  const showPayloads = principalCan(me, "payloads:read", await accessPolicy());
  return Response.json(await listSchemaVersions(name, showPayloads));
});

export const POST = route({ kind: "user", permission: "catalog:edit" }, async (req, ctx, me) => {
  const name = await typeNameParam(ctx);
  const { schema } = registerBodySchema.parse(await readDocument(req, { yaml: false }));
  const result = await registerSchema(name, schema, actingFrom(me, req));
  return Response.json(result, { status: result.created ? 201 : 200 });
});
