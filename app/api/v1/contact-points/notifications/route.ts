// GET /api/v1/contact-points/notifications?ruleId=&contactPointId=&before=&limit= — the notification
// log, newest first, with every attempt
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { notificationLog, notificationLogQuerySchema } from "@/lib/alerts/read-notifications";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) =>
  Response.json(await notificationLog(notificationLogQuerySchema.parse(queryObject(req.url)))),
);
