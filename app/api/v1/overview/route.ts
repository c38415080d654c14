// GET /api/v1/overview — the Overview's read model
import { route } from "@/lib/http/handler";
import { getOverview } from "@/lib/overview/get-overview";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async () => {
  return Response.json(await getOverview(), { headers: { "cache-control": "no-store" } });
});
