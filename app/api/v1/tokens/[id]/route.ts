// DELETE /api/v1/tokens/:id — revoke an API token: your own, or anyone's with tokens:manage
import { actingFrom } from "@/lib/audit/actor";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { principalCan } from "@/lib/auth/principal";
import { idParam } from "@/lib/auth/schemas";
import { route } from "@/lib/http/handler";
import { routeParam } from "@/lib/http/read-json";
import { accessPolicy } from "@/lib/settings/access-policy";

export const dynamic = "force-dynamic";

export const DELETE = route({ kind: "user", permission: "events:read" }, async (req, ctx, me) => {
  const id = await routeParam(ctx, "id", idParam);
  const anyone = principalCan(me, "tokens:manage", await accessPolicy());
  const info = await revokeApiToken(id, anyone ? null : me.userId, actingFrom(me, req));
  return Response.json({ info });
});
