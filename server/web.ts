// The web role's part of the process: Next (pages, API, ingest) behind the request guard and
// /metrics, socket.io /live (browsers) with its hints, and /collectors (agents) with their command
// pushes. Each web instance pushes commands to the agents connected to it: commands are in
// Postgres, and enqueue notices reach every instance through the relay (server/live-relay.ts).
import next from "next";
import type { Server as SocketServer } from "socket.io";
import { currentAppOrigins } from "@/lib/http/app-origins";
import type { Env } from "@/lib/env";
import type { LiveHub } from "@/lib/live/hub";
import { registerSocketCount } from "@/lib/metrics/app-metrics";
import { loadRegisteredSchemas } from "@/server/catalog-maintenance";
import { attachCollectorsNamespace } from "@/server/collectors-namespace";
import { alertsHint, collectorsHint, dlqHints, trafficHint } from "@/server/live-hints";
import { authorizeLive } from "@/server/live-access";
import { attachLiveNamespace } from "@/server/live-namespace";
import { prepareSignIn } from "@/server/prepare-sign-in";

type Log = {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
  child: (bindings: object) => Log;
};

const NEXT_CLOSE_TIMEOUT_MS = 5_000;

/** Next, ready to handle requests; close() within a deadline. */
export async function startNext(e: Env, log: Log) {
  await prepareSignIn(log);
  await loadRegisteredSchemas();
  const app = next({ dev: e.NODE_ENV !== "production", hostname: e.HOST, port: e.PORT });
  await app.prepare();
  return {
    handle: app.getRequestHandler(),
    close: () => withTimeout(app.close(), NEXT_CLOSE_TIMEOUT_MS, "next close"),
  };
}

/** /live and /collectors on `io`; the returned stop() ends them (before io.close()). */
export function attachSocketNamespaces(io: SocketServer, hub: LiveHub, e: Env, log: Log) {
  const live = attachLiveNamespace(io, hub, {
    authorize: authorizeLive,
    allowedOrigins: currentAppOrigins,
    intervalMs: e.LIVE_INTERVAL_MS,
    log,
  });
  // Hints go to this instance's sockets; the hub hears the other instances through the relay.
  const rooms = live.nsp.local;
  // Heartbeats and command outcomes tell the Collectors page to refetch, at most once a second.
  const hint = collectorsHint(rooms);
  const stopCollectorsHint = hub.onCollectorsChanged(hint.poke);
  // Each stored batch tells the Flows, Latency and Traces pages to refetch, at most every 2 s.
  const traffic = trafficHint(rooms);
  const stopTraffic = hub.onIngest(traffic.poke);
  // DLQ pages: batches that stored dead letters, and every state change recorded on the hub — command
  // outcomes, the dispatcher's progress, and the route handlers' discard, purge, reprocess and cancel.
  const dlq = dlqHints(rooms, hub);
  // Alerts pages, banner and badge: each evaluation cycle the evaluator (on a worker) records.
  const alerts = alertsHint(rooms, hub);
  const collectors = attachCollectorsNamespace(io, {
    allowedOrigins: currentAppOrigins,
    onChange: () => hub.recordCollectorsChanged(),
    onDeadLettersChanged: () => hub.recordDeadLettersChanged(),
    log: log.child({ component: "collectors" }),
  });
  const stopLiveCount = registerSocketCount("/live", () => live.nsp.sockets.size);
  const stopCollectorsCount = registerSocketCount("/collectors", () => collectors.nsp.sockets.size);
  return {
    stop: () => {
      live.stop();
      stopLiveCount();
      stopCollectorsCount();
      stopCollectorsHint();
      hint.stop();
      stopTraffic();
      traffic.stop();
      dlq.stop();
      alerts.stop();
    },
    /** After io.close(): the agents' disconnections are recorded before the pool closes. */
    stopCollectors: collectors.stop,
  };
}

async function withTimeout(p: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
