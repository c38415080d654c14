// GET /api/v1/event-types — the catalog list: filters, sort, keyset pages, facets, sparklines
import { listQuerySchema, queryObject } from "@/lib/catalog/catalog-schemas";
import { listEventTypes } from "@/lib/catalog/list-event-types";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) =>
  Response.json(await listEventTypes(listQuerySchema.parse(queryObject(req.url)))),
);
