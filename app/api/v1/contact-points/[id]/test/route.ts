// POST /api/v1/contact-points/:id/test — send a test notification now; the attempt's outcome
import { actingFrom } from "@/lib/audit/actor";
import { idParam } from "@/lib/auth/schemas";
import { sendTestNotification } from "@/lib/alerts/send-notifications";
import { route } from "@/lib/http/handler";
import { routeParam } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const POST = route({ kind: "user", permission: "alerts:manage" }, async (req, ctx, me) =>
  Response.json(await sendTestNotification(await routeParam(ctx, "id", idParam), actingFrom(me, req))),
);
