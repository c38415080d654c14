// POST /api/v1/dead-letters/restore — discarded dead letters (ids, a filter or a group) come back
import { route } from "@/lib/http/handler";
import { publishDeadLettersChanged } from "@/lib/live/publish";
import { readJson } from "@/lib/http/read-json";
import { restoreDeadLetters } from "@/lib/reprocess/restore";
import { restoreBodySchema } from "@/lib/reprocess/schemas";
import { requesterFrom } from "@/lib/reprocess/who";

export const dynamic = "force-dynamic";

// Who may discard may undo a discard.
export const POST = route({ kind: "user", permission: "dlq:discard" }, async (req, _ctx, me) => {
  const result = await restoreDeadLetters(await readJson(req, restoreBodySchema), requesterFrom(me, req));
  if (result.restored > 0) publishDeadLettersChanged();
  return Response.json(result);
});
