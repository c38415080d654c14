// Boots one process in its role (server/roles.ts): database (embedded or DATABASE_URL) → migrations
// → the live hub and the socket.io adapter that links the app's processes → web: Next and the
// HTTP server with socket.io /live (browsers) and /collectors (agents) on the same port, then the
// demo source; worker: the singleton jobs under the leader lock, and an HTTP port for /api/health
// and /metrics. Each step registers how to undo it, so SIGINT/SIGTERM (or a failed boot) unwinds
// in reverse order.
import { Gauge } from "prom-client";
import { Server as SocketServer } from "socket.io";
import { closeDatabase } from "@/lib/db/client";
import { env } from "@/lib/env";
import { setAppOrigins } from "@/lib/http/app-origins";
import { LiveHub, registerLiveHub } from "@/lib/live/hub";
import { log } from "@/lib/log";
import { appMetrics } from "@/lib/metrics/app-metrics";
import { migrateDatabase, startDatabase } from "@/server/boot-database";
import { demoWanted, startDemo } from "@/server/demo";
import { createAppHttpServer } from "@/server/http-server";
import { startLeaderJobs } from "@/server/leader-jobs";
import { createLiveAdapter } from "@/server/live-adapter";
import { startLiveRelay } from "@/server/live-relay";
import { withMetricsEndpoint } from "@/server/metrics-endpoint";
import { serverOrigins } from "@/server/origins";
import { createRequestGuard } from "@/server/request-guard";
import { runsJobs, servesWeb, type Role } from "@/server/roles";
import { installShutdown, type Shutdown } from "@/server/shutdown";
import { attachSocketNamespaces, startNext } from "@/server/web";
import { handleWorkerRequest } from "@/server/worker-http";

const DRAIN_TIMEOUT_MS = 10_000;
// A healthy flush takes milliseconds; a dead database (Ctrl+C also stops Postgres) must not hold the exit up.
const DEMO_FLUSH_TIMEOUT_MS = 2_000;

export async function main(role: Role): Promise<void> {
  const shutdown = installShutdown(log);
  try {
    await boot(shutdown, role);
  } catch (err) {
    log.fatal({ err }, "boot failed");
    await shutdown.run("boot failed", 1);
  }
}

async function boot(shutdown: Shutdown, role: Role): Promise<void> {
  const e = env();
  const web = servesWeb(role);
  registerRole(role);
  const db = await startDatabase(log);
  shutdown.defer("postgres", db.stop);
  log.info({ source: db.source, role }, "database selected");
  await migrateDatabase(db.url, log);
  shutdown.defer("database pool", closeDatabase);

  // Every role has a hub: ingest and route handlers record on it (web), the dispatcher's progress
  // too (worker); the relay carries what it records to the other processes.
  const hub = new LiveHub();
  registerLiveHub(hub);
  const adapter = createLiveAdapter({ databaseUrl: db.url, redisUrl: e.REDIS_URL, log });
  shutdown.defer("live adapter", adapter.close);
  log.info({ adapter: adapter.kind }, "live updates cross instances through the socket.io adapter");

  const nextApp = web ? await startNext(e, log) : undefined;
  if (nextApp) shutdown.defer("next", nextApp.close);
  const dev = e.NODE_ENV !== "production";
  const guard = createRequestGuard({
    limits: { ingestBytes: e.INGEST_MAX_BODY_BYTES, otherBytes: e.REQUEST_MAX_BODY_BYTES },
    trustProxy: e.TRUST_PROXY,
    headers: { dev, hsts: e.PUBLIC_URL?.startsWith("https:") ?? false },
  });
  const handle = withMetricsEndpoint(
    nextApp?.handle ?? handleWorkerRequest,
    { token: e.METRICS_TOKEN, trustProxy: e.TRUST_PROXY },
    log,
  );
  const http = createAppHttpServer(handle, log, guard);
  // Attached after the Next handler exists: socket.io wraps it and keeps /socket.io/ to itself.
  // Upgrades socket.io does not own (Next's HMR in dev) are Next's; engine.io would cut them after 1 s
  // if nothing was written yet, which a first dev compile can exceed. A worker's socket.io has no
  // namespaces for clients: it only relays through the adapter.
  const io = new SocketServer(http.server, {
    adapter: adapter.adapter,
    serveClient: false,
    destroyUpgradeTimeout: 10_000,
  });
  const relay = startLiveRelay(io, hub, log);
  const sockets = web ? attachSocketNamespaces(io, hub, e, log) : undefined;
  const jobs = runsJobs(role)
    ? startLeaderJobs({
        log,
        alertEvalMs: e.ALERT_EVAL_INTERVAL_MS,
        alertNotifyMs: e.ALERT_NOTIFY_INTERVAL_MS,
      })
    : undefined;
  if (jobs) shutdown.defer("singleton jobs", jobs.stop);

  const address = await http.listen(e.PORT, e.HOST);
  setAppOrigins(
    serverOrigins({ host: e.HOST, port: address.port, publicUrl: e.PUBLIC_URL, appHosts: e.APP_HOSTS }),
  );
  shutdown.defer("http", async () => {
    sockets?.stop();
    relay.stop();
    registerLiveHub(undefined);
    // Closes every socket.io client (and the adapter's subscription) and stops the HTTP server accepting.
    await io.close();
    await sockets?.stopCollectors();
    await http.drain(DRAIN_TIMEOUT_MS);
  });
  const url = `http://${urlHost(e.HOST)}:${address.port}`;
  log.info({ url, dev, role }, `Eventscope (${role}) is listening on ${url}`);

  if (web && demoWanted(e)) {
    // Registered last, so it stops first: its final flush still reaches this server.
    const demo = await startDemo({
      serverUrl: `http://${connectHost(e.HOST)}:${address.port}`,
      rate: e.DEMO_RATE,
      log: log.child({ component: "demo" }),
    });
    shutdown.defer("demo source", async () => void (await demo.stop(DEMO_FLUSH_TIMEOUT_MS)));
  }
}

/** eventscope_instance_info{role} 1: which role this process runs (a dashboard groups instances by it). */
function registerRole(role: Role): void {
  const { registry } = appMetrics();
  if (registry.getSingleMetric("eventscope_instance_info")) return;
  new Gauge({
    name: "eventscope_instance_info",
    help: "Always 1; the role label says what this process runs (web, worker or all).",
    labelNames: ["role"],
    registers: [registry],
  }).set({ role }, 1);
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
