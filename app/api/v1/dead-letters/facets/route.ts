// GET /api/v1/dead-letters/facets — brokers, DLQs, types and reasons with counts, for the filter bar
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { deadLetterFilterSchema } from "@/lib/dead-letters/filter";
import { listFacets } from "@/lib/dead-letters/list-facets";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) =>
  Response.json(await listFacets(deadLetterFilterSchema.parse(queryObject(req.url)))),
);
