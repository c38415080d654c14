// GET /api/v1/event-types/:name — one type's page · PATCH — its description, owner and tags
import { actingFrom } from "@/lib/audit/actor";
import { principalCan } from "@/lib/auth/principal";
import { editSchema } from "@/lib/catalog/catalog-schemas";
import { editEventType } from "@/lib/catalog/edit-event-type";
import { getEventType } from "@/lib/catalog/get-event-type";
import { typeNameParam } from "@/lib/catalog/type-name-param";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { accessPolicy } from "@/lib/settings/access-policy";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (_req, ctx, me) => {
  const name = await typeNameParam(ctx);
  const showPayloads = principalCan(me, "payloads:read", await accessPolicy());
  return Response.json(await getEventType(name, { showPayloads }));
});

export const PATCH = route({ kind: "user", permission: "catalog:edit" }, async (req, ctx, me) => {
  const name = await typeNameParam(ctx);
  const edit = await readJson(req, editSchema);
  return Response.json(await editEventType(name, edit, actingFrom(me, req)));
});
