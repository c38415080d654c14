// GET /api/v1/tokens/all — every person's API tokens (admins)
import { listApiTokens } from "@/lib/auth/api-tokens";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "tokens:manage" }, async () =>
  Response.json({ tokens: await listApiTokens({}) }),
);
