// GET /api/v1/contact-points/:id · PUT — replace it (an omitted url or secret is kept) · DELETE — remove it
// with its notification log
import { actingFrom } from "@/lib/audit/actor";
import { idParam } from "@/lib/auth/schemas";
import { deleteContactPoint, getContactPoint, replaceContactPoint } from "@/lib/alerts/manage-contact-points";
import { contactPointReplaceSchema } from "@/lib/alerts/notification-schemas";
import { route } from "@/lib/http/handler";
import { readJson, routeParam } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (_req, ctx) =>
  Response.json(await getContactPoint(await routeParam(ctx, "id", idParam))),
);

export const PUT = route({ kind: "user", permission: "alerts:manage" }, async (req, ctx, me) => {
  const id = await routeParam(ctx, "id", idParam);
  const input = await readJson(req, contactPointReplaceSchema);
  return Response.json(await replaceContactPoint(id, input, actingFrom(me, req)));
});

export const DELETE = route({ kind: "user", permission: "alerts:manage" }, async (req, ctx, me) => {
  await deleteContactPoint(await routeParam(ctx, "id", idParam), actingFrom(me, req));
  return new Response(null, { status: 204 });
});
