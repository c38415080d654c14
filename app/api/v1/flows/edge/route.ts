// GET /api/v1/flows/edge — one edge's numbers, per-minute series, event types and latest messages
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { edgeQuerySchema } from "@/lib/flows/flow-schemas";
import { getFlowEdge } from "@/lib/flows/get-flow-edge";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) => {
  const { id, window } = edgeQuerySchema.parse(queryObject(req.url));
  return Response.json(await getFlowEdge(id, window));
});
