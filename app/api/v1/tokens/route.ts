// GET /api/v1/tokens — the caller's API tokens · POST — create one (shown once; session only)
import { actingFrom } from "@/lib/audit/actor";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { createApiTokenSchema } from "@/lib/auth/schemas";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (_req, _ctx, me) =>
  Response.json({ tokens: await listApiTokens({ userId: me.userId }) }),
);

// A token cannot mint tokens: one leaked token must not be able to make itself permanent.
export const POST = route(
  { kind: "user", permission: "events:read", sessionOnly: true },
  async (req, _ctx, me) => {
    const input = await readJson(req, createApiTokenSchema);
    const { token, info } = await createApiToken(me, input, actingFrom(me, req));
    return Response.json({ token, info }, { status: 201, headers: { "cache-control": "no-store" } });
  },
);
