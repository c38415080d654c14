// GET /api/v1/traces — trace search: trace or message id, event type, service, time, duration, errors
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { route } from "@/lib/http/handler";
import { traceSearchSchema } from "@/lib/traces/schemas";
import { searchTraces } from "@/lib/traces/search-traces";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) =>
  Response.json(await searchTraces(traceSearchSchema.parse(queryObject(req.url)))),
);
