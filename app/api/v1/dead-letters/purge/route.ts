// GET /api/v1/dead-letters/purge?<filter> — how many a purge would delete (what to confirm);
// POST /api/v1/dead-letters/purge {filter, confirm} — deletes the discarded / reprocessed ones for good
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { deadLetterFilterSchema } from "@/lib/dead-letters/filter";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { publishDeadLettersChanged } from "@/lib/live/publish";
import { countPurgeable, purgeDeadLetters } from "@/lib/reprocess/purge";
import { purgeBodySchema } from "@/lib/reprocess/schemas";
import { requesterFrom } from "@/lib/reprocess/who";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) =>
  Response.json({ count: await countPurgeable(deadLetterFilterSchema.parse(queryObject(req.url))) }),
);

export const POST = route({ kind: "user", permission: "dlq:discard" }, async (req, _ctx, me) => {
  const result = await purgeDeadLetters(await readJson(req, purgeBodySchema), requesterFrom(me, req));
  publishDeadLettersChanged();
  return Response.json(result);
});
