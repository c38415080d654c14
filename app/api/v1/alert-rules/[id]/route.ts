// GET /api/v1/alert-rules/:id — one rule with its instances · PUT — replace it (If-Match: its
// version, optional) · DELETE — remove it with its states and history
import { actingFrom } from "@/lib/audit/actor";
import { idParam } from "@/lib/auth/schemas";
import { deleteRule, replaceRule } from "@/lib/alerts/manage-rules";
import { getRule } from "@/lib/alerts/read-rules";
import { ruleInputSchema } from "@/lib/alerts/rule-schema";
import { expectedVersion } from "@/lib/alerts/if-match";
import { route } from "@/lib/http/handler";
import { readJson, routeParam } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (_req, ctx) =>
  Response.json(await getRule(await routeParam(ctx, "id", idParam))),
);

export const PUT = route({ kind: "user", permission: "alerts:manage" }, async (req, ctx, me) => {
  const id = await routeParam(ctx, "id", idParam);
  const version = expectedVersion(req);
  await replaceRule(id, await readJson(req, ruleInputSchema), version, actingFrom(me, req));
  return Response.json(await getRule(id));
});

export const DELETE = route({ kind: "user", permission: "alerts:manage" }, async (req, ctx, me) => {
  await deleteRule(await routeParam(ctx, "id", idParam), actingFrom(me, req));
  return new Response(null, { status: 204 });
});
