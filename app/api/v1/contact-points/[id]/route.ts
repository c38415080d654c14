// GET /api/v1/contact-points/:id · PUT — replace it (an omitted secret is kept) · DELETE — remove it
// with its notification log
import { idParam } from "@/lib/auth/schemas";
import { deleteContactPoint, getContactPoint, replaceContactPoint } from "@/lib/alerts/manage-contact-points";
import { contactPointInputSchema } from "@/lib/alerts/notification-schemas";
import { route } from "@/lib/http/handler";
import { readJson, routeParam } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (_req, ctx) =>
  Response.json(await getContactPoint(await routeParam(ctx, "id", idParam))),
);

export const PUT = route({ kind: "user", permission: "alerts:manage" }, async (req, ctx) => {
  const id = await routeParam(ctx, "id", idParam);
  return Response.json(await replaceContactPoint(id, await readJson(req, contactPointInputSchema)));
});

export const DELETE = route({ kind: "user", permission: "alerts:manage" }, async (_req, ctx) => {
  await deleteContactPoint(await routeParam(ctx, "id", idParam));
  return new Response(null, { status: 204 });
});
