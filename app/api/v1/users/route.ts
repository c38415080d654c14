// GET /api/v1/users — everyone (admins) · POST — invite a person: creates them with a role and
// answers with a one-time link to hand over
import { actingFrom } from "@/lib/audit/actor";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { inviteUser } from "@/lib/users/invitations";
import { listUsers } from "@/lib/users/list-users";
import { inviteUserSchema } from "@/lib/users/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "users:manage" }, async () =>
  Response.json({ users: await listUsers() }),
);

export const POST = route({ kind: "user", permission: "users:manage" }, async (req, _ctx, me) => {
  const input = await readJson(req, inviteUserSchema);
  const invitation = await inviteUser(input, actingFrom(me, req));
  return Response.json({ invitation }, { status: 201, headers: { "cache-control": "no-store" } });
});
