// PATCH /api/v1/users/:id — change a person's role or disable/enable them (admins)
import { actingFrom } from "@/lib/audit/actor";
import { idParam } from "@/lib/auth/schemas";
import { route } from "@/lib/http/handler";
import { readJson, routeParam } from "@/lib/http/read-json";
import { updateUserSchema } from "@/lib/users/schemas";
import { updateUser } from "@/lib/users/update-user";

export const dynamic = "force-dynamic";

export const PATCH = route({ kind: "user", permission: "users:manage" }, async (req, ctx, me) => {
  const id = await routeParam(ctx, "id", idParam);
  await updateUser(id, await readJson(req, updateUserSchema), actingFrom(me, req));
  return new Response(null, { status: 204 });
});
