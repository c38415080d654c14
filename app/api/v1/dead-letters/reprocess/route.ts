// POST /api/v1/dead-letters/reprocess — republish dead letters (ids, a filter or a group): 202 with
// the request id (the same one for a repeated idempotency key); with dryRun, 200 with what would happen
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { publishDeadLettersChanged } from "@/lib/live/publish";
import { dryRunReprocess, requestReprocess } from "@/lib/reprocess/create-request";
import { reprocessBodySchema } from "@/lib/reprocess/schemas";
import { requesterFrom } from "@/lib/reprocess/who";

export const dynamic = "force-dynamic";

export const POST = route({ kind: "user", permission: "dlq:reprocess" }, async (req, _ctx, me) => {
  const body = await readJson(req, reprocessBodySchema);
  if (body.dryRun) return Response.json(await dryRunReprocess(body));
  const { requestId, created } = await requestReprocess(body, requesterFrom(me, req));
  // Its dead letters are `reprocessing` now, before the dispatcher's first round.
  if (created) publishDeadLettersChanged([requestId]);
  return Response.json({ requestId, created }, { status: 202 });
});
