// GET /api/v1/alert-rules — every rule with its current state · POST — create one (issue 8)
import { createRule } from "@/lib/alerts/manage-rules";
import { actingFrom } from "@/lib/audit/actor";
import { getRule, listRules } from "@/lib/alerts/read-rules";
import { ruleInputSchema } from "@/lib/alerts/rule-schema";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async () =>
  Response.json(await listRules()),
);

export const POST = route({ kind: "user", permission: "alerts:manage" }, async (req, _ctx, me) => {
  const spec = await readJson(req, ruleInputSchema);
  const created = await createRule(spec, { userId: me.userId, label: me.email, acting: actingFrom(me, req) });
  return Response.json(await getRule(created.id), { status: 201 });
});
