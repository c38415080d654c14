// The worker role's only HTTP: GET /api/health (is the database answering?, as the web role's
// route answers it) — /metrics is put in front by server/main.ts. Everything else is 404.
import type { IncomingMessage, ServerResponse } from "node:http";
import { pingDatabase } from "@/lib/db/ping";

export async function handleWorkerRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?")[0];
  if (path !== "/api/health" || (req.method !== "GET" && req.method !== "HEAD")) {
    res
      .writeHead(404, { "content-type": "text/plain" })
      .end("a worker serves /api/health and /metrics only\n");
    return;
  }
  const body = await pingDatabase(2000).then(
    () => ({ status: 200, json: { status: "ok", db: "ok", role: "worker" } }),
    (err: unknown) => ({
      status: 503,
      json: { status: "error", db: err instanceof Error ? err.message : String(err), role: "worker" },
    }),
  );
  res.writeHead(body.status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(req.method === "HEAD" ? undefined : JSON.stringify(body.json));
}
