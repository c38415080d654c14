// GET /api/v1/me — who is calling and what they may do (the UI shows and hides actions by it)
import { permissionsOf } from "@/lib/auth/permissions";
import { route } from "@/lib/http/handler";
import { accessPolicy } from "@/lib/settings/access-policy";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (_req, _ctx, me) => {
  const all = permissionsOf(me.role, await accessPolicy());
  const permissions = me.via === "token" ? all.filter((p) => me.scopes.includes(p)) : all;
  return Response.json({
    id: me.userId,
    email: me.email,
    name: me.name,
    role: me.role,
    via: me.via,
    permissions,
  });
});
