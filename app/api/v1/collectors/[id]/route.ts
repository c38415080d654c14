// DELETE /api/v1/collectors/:id — revoke a collector's token; its next request is refused (admins)
import { actingFrom } from "@/lib/audit/actor";
import { collectorNameById, revokeCollectorToken } from "@/lib/auth/collector-tokens";
import { idParam } from "@/lib/auth/schemas";
import { route } from "@/lib/http/handler";
import { routeParam } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const DELETE = route({ kind: "user", permission: "tokens:manage" }, async (req, ctx, me) => {
  const name = await collectorNameById(await routeParam(ctx, "id", idParam));
  return Response.json({ collector: await revokeCollectorToken(name, actingFrom(me, req)) });
});
