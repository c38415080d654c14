// GET /api/v1/reprocess — recent reprocess requests with their progress, newest first, keyset paged
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { route } from "@/lib/http/handler";
import { listReprocessRequests } from "@/lib/reprocess/get-request";
import { listRequestsSchema } from "@/lib/reprocess/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) =>
  Response.json(await listReprocessRequests(listRequestsSchema.parse(queryObject(req.url)))),
);
