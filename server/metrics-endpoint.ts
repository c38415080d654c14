// GET /metrics — the app's Prometheus metrics (lib/metrics/app-metrics.ts), served by the custom
// server before Next: it is where the socket counts live, and a scrape must not wait on Next.
// Who may read it: with METRICS_TOKEN set, whoever sends it as a bearer token (from anywhere);
// without, loopback clients only — and never through a proxy on the same host (a request carrying
// forwarding headers is refused), so routing every path through a local reverse proxy does not
// publish it. The request guard has already refused foreign Host headers (DNS rebinding).
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { clientAddressOf, isLoopbackAddress } from "@/lib/http/client-address";
import { appMetrics } from "@/lib/metrics/app-metrics";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
type Log = { error: (obj: object, msg: string) => void };
export type MetricsAccess = { token?: string; trustProxy: boolean };

const PATH = "/metrics";
const FORWARDING_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"];

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Why the caller may not read /metrics (status and message), or undefined when it may. */
export function metricsRefusal(
  req: Pick<IncomingMessage, "headers" | "socket">,
  access: MetricsAccess,
): { status: 401 | 403; message: string } | undefined {
  if (access.token !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    // Hashes compared in constant time: equal lengths, and nothing learnt from where they differ.
    if (m?.[1] && timingSafeEqual(digest(m[1]), digest(access.token))) return undefined;
    return { status: 401, message: "send the metrics token: Authorization: Bearer <METRICS_TOKEN>" };
  }
  const proxied = FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined);
  if (!proxied && isLoopbackAddress(clientAddressOf(req, access.trustProxy))) return undefined;
  return {
    status: 403,
    message: "/metrics answers loopback clients only; set METRICS_TOKEN to scrape it from elsewhere",
  };
}

/** `handle` with GET /metrics answered in front of it. */
export function withMetricsEndpoint(handle: Handler, access: MetricsAccess, log: Log): Handler {
  return async (req, res) => {
    if ((req.url ?? "/").split("?")[0] !== PATH) return handle(req, res);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const refusal = metricsRefusal(req, access);
    if (refusal) {
      const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
      if (refusal.status === 401) headers["www-authenticate"] = 'Bearer realm="metrics"';
      res.writeHead(refusal.status, headers).end(`${refusal.message}\n`);
      return;
    }
    const { registry } = appMetrics();
    try {
      const text = await registry.metrics();
      res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : text);
    } catch (err) {
      log.error({ err }, "metrics: collecting failed");
      res.writeHead(500, { "content-type": "text/plain" }).end("metrics collection failed\n");
    }
  };
}
