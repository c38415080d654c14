// POST /api/v1/reprocess/:id/cancel — drop the items not yet sent; the sent ones finish
import { idParam } from "@/lib/auth/schemas";
import { route } from "@/lib/http/handler";
import { routeParam } from "@/lib/http/read-json";
import { publishDeadLettersChanged } from "@/lib/live/publish";
import { cancelReprocess } from "@/lib/reprocess/cancel-request";
import { requesterFrom } from "@/lib/reprocess/who";

export const dynamic = "force-dynamic";

export const POST = route({ kind: "user", permission: "dlq:reprocess" }, async (req, ctx, me) => {
  const result = await cancelReprocess(await routeParam(ctx, "id", idParam), requesterFrom(me, req));
  // The cancelled items' dead letters are back in their previous state; the progress shows it.
  publishDeadLettersChanged([result.requestId]);
  return Response.json(result);
});
