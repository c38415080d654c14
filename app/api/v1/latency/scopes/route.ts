// GET /api/v1/latency/scopes — the event types, channels and services the Latency page can pick
import { route } from "@/lib/http/handler";
import { listLatencyScopes } from "@/lib/latency/list-scopes";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async () =>
  Response.json(await listLatencyScopes()),
);
