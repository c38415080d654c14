// GET /api/v1/alerts?state= — current alert instances of enabled rules (by default firing, pending, nodata, error)
import { alertsQuerySchema, listAlerts } from "@/lib/alerts/read-rules";
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) =>
  Response.json(await listAlerts(alertsQuerySchema.parse(queryObject(req.url)))),
);
