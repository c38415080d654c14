// PUT /api/v1/event-types/:name/compatibility — the mode later registrations are checked under
import { actingFrom } from "@/lib/audit/actor";
import { compatibilitySchema } from "@/lib/catalog/catalog-schemas";
import { setCompatibility } from "@/lib/catalog/edit-event-type";
import { typeNameParam } from "@/lib/catalog/type-name-param";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const PUT = route({ kind: "user", permission: "catalog:edit" }, async (req, ctx, me) => {
  const name = await typeNameParam(ctx);
  const { mode } = await readJson(req, compatibilitySchema);
  return Response.json(await setCompatibility(name, mode, actingFrom(me, req)));
});
