// GET /api/v1/dead-letters/groups — dead letters counted per failure signature under the filter
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { listGroups } from "@/lib/dead-letters/list-groups";
import { deadLetterGroupsSchema } from "@/lib/dead-letters/schemas";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) =>
  Response.json(await listGroups(deadLetterGroupsSchema.parse(queryObject(req.url)))),
);
