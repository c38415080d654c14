// DELETE /api/v1/users/:id/sessions — sign a person out everywhere (admins)
import { actingFrom } from "@/lib/audit/actor";
import { idParam } from "@/lib/auth/schemas";
import { route } from "@/lib/http/handler";
import { routeParam } from "@/lib/http/read-json";
import { revokeUserSessions } from "@/lib/users/update-user";

export const dynamic = "force-dynamic";

export const DELETE = route({ kind: "user", permission: "users:manage" }, async (req, ctx, me) =>
  Response.json(await revokeUserSessions(await routeParam(ctx, "id", idParam), actingFrom(me, req))),
);
