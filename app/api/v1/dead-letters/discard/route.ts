// POST /api/v1/dead-letters/discard — dead letters (ids, a filter or a group) become `discarded`
import { route } from "@/lib/http/handler";
import { publishDeadLettersChanged } from "@/lib/live/publish";
import { readJson } from "@/lib/http/read-json";
import { discardDeadLetters } from "@/lib/reprocess/discard";
import { discardBodySchema } from "@/lib/reprocess/schemas";
import { requesterFrom } from "@/lib/reprocess/who";

export const dynamic = "force-dynamic";

export const POST = route({ kind: "user", permission: "dlq:discard" }, async (req, _ctx, me) => {
  const result = await discardDeadLetters(await readJson(req, discardBodySchema), requesterFrom(me, req));
  if (result.discarded > 0) publishDeadLettersChanged();
  return Response.json(result);
});
