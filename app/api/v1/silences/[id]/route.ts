// GET /api/v1/silences/:id · PUT — replace it (e.g. end it early) · DELETE — remove it
import { actingFrom } from "@/lib/audit/actor";
import { idParam } from "@/lib/auth/schemas";
import { silenceInputSchema } from "@/lib/alerts/notification-schemas";
import { deleteSilence, getSilence, replaceSilence } from "@/lib/alerts/silences";
import { route } from "@/lib/http/handler";
import { readJson, routeParam } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (_req, ctx) =>
  Response.json(await getSilence(await routeParam(ctx, "id", idParam))),
);

export const PUT = route({ kind: "user", permission: "alerts:silence" }, async (req, ctx, me) => {
  const id = await routeParam(ctx, "id", idParam);
  return Response.json(
    await replaceSilence(id, await readJson(req, silenceInputSchema), actingFrom(me, req)),
  );
});

export const DELETE = route({ kind: "user", permission: "alerts:silence" }, async (req, ctx, me) => {
  await deleteSilence(await routeParam(ctx, "id", idParam), actingFrom(me, req));
  return new Response(null, { status: 204 });
});
