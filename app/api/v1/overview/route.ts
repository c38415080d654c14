// GET /api/v1/overview — the Overview's read model
import { handler } from "@/lib/http/handler";
import { getOverview } from "@/lib/overview/get-overview";

export const GET = handler(async () => {
  return Response.json(await getOverview(), { headers: { "cache-control": "no-store" } });
});
