// GET /api/v1/dead-letters/:id — one dead letter: headers, payload, failure history, attempts, chain
import { principalCan } from "@/lib/auth/principal";
import { deadLetterIdParam } from "@/lib/dead-letters/id-param";
import { getDeadLetter } from "@/lib/dead-letters/get-dead-letter";
import { route } from "@/lib/http/handler";
import { accessPolicy } from "@/lib/settings/access-policy";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (_req, ctx, me) => {
  const id = await deadLetterIdParam(ctx);
  const showPayloads = principalCan(me, "payloads:read", await accessPolicy());
  return Response.json(await getDeadLetter(id, { showPayloads }));
});
