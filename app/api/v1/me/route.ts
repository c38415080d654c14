// GET /api/v1/me — who is calling and what they may do (the UI shows and hides actions by it)
import { principalPermissions } from "@/lib/auth/principal";
import { route } from "@/lib/http/handler";
import { accessPolicy } from "@/lib/settings/access-policy";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (_req, _ctx, me) => {
  const permissions = principalPermissions(me, await accessPolicy());
  return Response.json({
    id: me.userId,
    email: me.email,
    name: me.name,
    role: me.role,
    via: me.via,
    permissions,
  });
});
