// GET /api/v1/flows — the flow graph over a window: services, channels, DLQs and their edges, filtered
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { flowQuerySchema } from "@/lib/flows/flow-schemas";
import { getFlowGraph } from "@/lib/flows/get-flow-graph";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) => {
  const { window, select: _select, ...filters } = flowQuerySchema.parse(queryObject(req.url));
  return Response.json(await getFlowGraph(window, filters));
});
