// POST /api/v1/users/:id/invite — a new one-time link: a lost invitation, or a password reset (admins)
import { actingFrom } from "@/lib/audit/actor";
import { idParam } from "@/lib/auth/schemas";
import { route } from "@/lib/http/handler";
import { routeParam } from "@/lib/http/read-json";
import { renewInvite } from "@/lib/users/invitations";

export const dynamic = "force-dynamic";

export const POST = route({ kind: "user", permission: "users:manage" }, async (req, ctx, me) => {
  const invitation = await renewInvite(await routeParam(ctx, "id", idParam), actingFrom(me, req));
  return Response.json({ invitation }, { status: 201, headers: { "cache-control": "no-store" } });
});
