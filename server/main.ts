// Boots the one process: database (embedded or DATABASE_URL) → migrations → partitions → Next.js
// → HTTP server with socket.io /live (browsers) and /collectors (agents) on the same port → demo source. Each step registers how to
// undo it, so SIGINT/SIGTERM (or a failed boot) unwinds in reverse order.
import next from "next";
import { Server as SocketServer } from "socket.io";
import { closeDatabase } from "@/lib/db/client";
import { env } from "@/lib/env";
import { currentAppOrigins, setAppOrigins } from "@/lib/http/app-origins";
import { LiveHub, registerLiveHub } from "@/lib/live/hub";
import { log } from "@/lib/log";
import { registerSocketCount } from "@/lib/metrics/app-metrics";
import { migrateDatabase, startDatabase } from "@/server/boot-database";
import { demoWanted, startDemo } from "@/server/demo";
import { createAppHttpServer } from "@/server/http-server";
import { withMetricsEndpoint } from "@/server/metrics-endpoint";
import { prepareSignIn } from "@/server/prepare-sign-in";
import { createRequestGuard } from "@/server/request-guard";
import { attachCollectorsNamespace } from "@/server/collectors-namespace";
import { alertsHint, collectorsHint, dlqHints, trafficHint } from "@/server/live-hints";
import { startReprocessDispatcher } from "@/server/reprocess-dispatcher";
import { authorizeLive } from "@/server/live-access";
import { attachLiveNamespace } from "@/server/live-namespace";
import { appOrigins } from "@/server/origins";
import { startCatalogMaintenance } from "@/server/catalog-maintenance";
import { startRollupCompaction } from "@/server/rollup-compaction";
import { startAlertEvaluator } from "@/server/alert-evaluator";
import { startAlertNotifier } from "@/server/alert-notifier";
import { startPartitionMaintenance } from "@/server/partition-maintenance";
import { startRetention } from "@/server/retention";
import { installShutdown, type Shutdown } from "@/server/shutdown";

const DRAIN_TIMEOUT_MS = 10_000;
// A healthy flush takes milliseconds; a dead database (Ctrl+C also stops Postgres) must not hold the exit up.
const DEMO_FLUSH_TIMEOUT_MS = 2_000;
const NEXT_CLOSE_TIMEOUT_MS = 5_000;

export async function main(): Promise<void> {
  const shutdown = installShutdown(log);
  try {
    await boot(shutdown);
  } catch (err) {
    log.fatal({ err }, "boot failed");
    await shutdown.run("boot failed", 1);
  }
}

async function boot(shutdown: Shutdown): Promise<void> {
  const e = env();
  const db = await startDatabase(log);
  shutdown.defer("postgres", db.stop);
  log.info({ source: db.source }, "database selected");
  await migrateDatabase(db.url, log);
  shutdown.defer("database pool", closeDatabase);
  shutdown.defer("partition maintenance", await startPartitionMaintenance(log));
  shutdown.defer("catalog maintenance", await startCatalogMaintenance(log));
  shutdown.defer("rollup compaction", startRollupCompaction(log));
  const notifier = startAlertNotifier({
    log: log.child({ component: "alerts" }),
    intervalMs: e.ALERT_NOTIFY_INTERVAL_MS,
  });
  shutdown.defer("alert notifications", notifier.stop);
  const alerts = startAlertEvaluator({
    log: log.child({ component: "alerts" }),
    intervalMs: e.ALERT_EVAL_INTERVAL_MS,
    onTransitions: notifier.kick,
  });
  shutdown.defer("alert evaluation", alerts.stop);
  shutdown.defer("retention", startRetention(log));

  await prepareSignIn(log);

  const app = next({ dev: e.NODE_ENV !== "production", hostname: e.HOST, port: e.PORT });
  await app.prepare();
  shutdown.defer("next", () => withTimeout(app.close(), NEXT_CLOSE_TIMEOUT_MS, "next close"));

  const hub = new LiveHub();
  registerLiveHub(hub);
  const dev = e.NODE_ENV !== "production";
  const guard = createRequestGuard({
    limits: { ingestBytes: e.INGEST_MAX_BODY_BYTES, otherBytes: e.REQUEST_MAX_BODY_BYTES },
    trustProxy: e.TRUST_PROXY,
    headers: { dev, hsts: e.PUBLIC_URL?.startsWith("https:") ?? false },
  });
  const handle = withMetricsEndpoint(
    app.getRequestHandler(),
    { token: e.METRICS_TOKEN, trustProxy: e.TRUST_PROXY },
    log,
  );
  const http = createAppHttpServer(handle, log, guard);
  // Attached after the Next handler exists: socket.io wraps it and keeps /socket.io/ to itself.
  // Upgrades socket.io does not own (Next's HMR in dev) are Next's; engine.io would cut them after 1 s
  // if nothing was written yet, which a first dev compile can exceed.
  const io = new SocketServer(http.server, { serveClient: false, destroyUpgradeTimeout: 10_000 });
  const live = attachLiveNamespace(io, hub, {
    authorize: authorizeLive,
    allowedOrigins: currentAppOrigins,
    intervalMs: e.LIVE_INTERVAL_MS,
    log,
  });
  // Heartbeats and command outcomes tell the Collectors page to refetch, at most once a second.
  const hint = collectorsHint(live.nsp);
  // Each stored batch tells the Flows, Latency and Traces pages to refetch, at most every 2 s.
  const traffic = trafficHint(live.nsp);
  const stopTraffic = hub.onIngest(traffic.poke);
  // DLQ pages: batches that stored dead letters, and every state change recorded on the hub — command
  // outcomes, the dispatcher's progress, and the route handlers' discard, purge, reprocess and cancel.
  const dlq = dlqHints(live.nsp, hub);
  // Alerts pages, banner and badge: each evaluation cycle the evaluator records on the hub.
  const alertHints = alertsHint(live.nsp, hub);
  const collectors = attachCollectorsNamespace(io, {
    allowedOrigins: currentAppOrigins,
    onChange: hint.poke,
    onDeadLettersChanged: () => hub.recordDeadLettersChanged(),
    log: log.child({ component: "collectors" }),
  });
  const stopLiveCount = registerSocketCount("/live", () => live.nsp.sockets.size);
  const stopCollectorsCount = registerSocketCount("/collectors", () => collectors.nsp.sockets.size);
  // Bulk reprocess requests become collector commands at their rate; progress pokes the DLQ page.
  const dispatcher = startReprocessDispatcher({
    log: log.child({ component: "reprocess" }),
    // Progress also means dead letters changed state (reprocessing, back, reprocessed): the list too.
    onProgress: (requestIds) => hub.recordDeadLettersChanged(requestIds),
  });

  const address = await http.listen(e.PORT, e.HOST);
  setAppOrigins([
    ...appOrigins(e.HOST, address.port),
    ...(e.PUBLIC_URL ? [new URL(e.PUBLIC_URL).origin] : []),
  ]);
  shutdown.defer("http", async () => {
    live.stop();
    stopLiveCount();
    stopCollectorsCount();
    hint.stop();
    stopTraffic();
    traffic.stop();
    await dispatcher.stop();
    dlq.stop();
    alertHints.stop();
    registerLiveHub(undefined);
    // Closes every socket.io client and stops the HTTP server accepting new connections.
    await io.close();
    // After io.close(): the agents' disconnections are recorded before the pool closes.
    await collectors.stop();
    await http.drain(DRAIN_TIMEOUT_MS);
  });
  const url = `http://${urlHost(e.HOST)}:${address.port}`;
  log.info({ url, dev: e.NODE_ENV !== "production" }, `Eventscope is listening on ${url}`);

  if (demoWanted(e)) {
    // Registered last, so it stops first: its final flush still reaches this server.
    const demo = await startDemo({
      serverUrl: `http://${connectHost(e.HOST)}:${address.port}`,
      rate: e.DEMO_RATE,
      log: log.child({ component: "demo" }),
    });
    shutdown.defer("demo source", async () => void (await demo.stop(DEMO_FLUSH_TIMEOUT_MS)));
  }
}

/** The address to show: a wildcard host is reachable as localhost. */
function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

/** Where the in-process demo connects: loopback when listening on every interface. */
function connectHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
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
