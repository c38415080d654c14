// GET /api/v1/alert-rules/:id/history?scopeKey=&before=&limit= — the rule's state transitions, newest first
import { idParam } from "@/lib/auth/schemas";
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { historyQuerySchema, ruleHistory } from "@/lib/alerts/read-rules";
import { route } from "@/lib/http/handler";
import { routeParam } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req, ctx) => {
  const id = await routeParam(ctx, "id", idParam);
  return Response.json(await ruleHistory(id, historyQuerySchema.parse(queryObject(req.url))));
});
