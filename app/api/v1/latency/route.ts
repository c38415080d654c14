// GET /api/v1/latency — percentiles, throughput and histogram of one scope and hop over a window
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { route } from "@/lib/http/handler";
import { latencyQuerySchema } from "@/lib/latency/latency-schemas";
import { queryLatency } from "@/lib/latency/query-latency";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (req) =>
  Response.json(await queryLatency(latencyQuerySchema.parse(queryObject(req.url)))),
);
