// GET /api/v1/reprocess/:id — one request's progress: n of N, succeeded, failed with reasons
import { idParam } from "@/lib/auth/schemas";
import { route } from "@/lib/http/handler";
import { routeParam } from "@/lib/http/read-json";
import { getReprocessRequest } from "@/lib/reprocess/get-request";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (_req, ctx) =>
  Response.json(await getReprocessRequest(await routeParam(ctx, "id", idParam))),
);
