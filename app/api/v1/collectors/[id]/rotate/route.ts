// POST /api/v1/collectors/:id/rotate — a new token for a collector, shown once; the old one stops (admins)
import { actingFrom } from "@/lib/audit/actor";
import { collectorNameById, rotateCollectorToken } from "@/lib/auth/collector-tokens";
import { idParam } from "@/lib/auth/schemas";
import { route } from "@/lib/http/handler";
import { routeParam } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const POST = route({ kind: "user", permission: "tokens:manage" }, async (req, ctx, me) => {
  const name = await collectorNameById(await routeParam(ctx, "id", idParam));
  const { token, collector } = await rotateCollectorToken(name, actingFrom(me, req));
  return Response.json({ token, collector }, { headers: { "cache-control": "no-store" } });
});
