// GET /api/v1/dead-letters — the DLQ list: the shared filter, sort, keyset cursor, capped count
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { listDeadLetters } from "@/lib/dead-letters/list-dead-letters";
import { deadLetterListSchema } from "@/lib/dead-letters/schemas";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) =>
  Response.json(await listDeadLetters(deadLetterListSchema.parse(queryObject(req.url)))),
);
