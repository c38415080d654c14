// The collector's Prometheus metrics (prom-client), read from the runtime's counters at scrape
// time, and the /metrics + /healthz HTTP endpoint.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Registry } from "prom-client";
import type { CollectorLog } from "@/collectors/core/log";

export type MetricsSnapshot = {
  received: { events: number; deliveries: number; deadLetters: number };
  sent: number;
  retried: number;
  dropped: { outboxFull: number; refused: number; rejected: number };
  deadLettersStored: number;
  outboxItems: number;
  outboxBytes: number;
  brokerConnected: boolean;
  problems: number;
  gauges: { channel: string; consumer?: string; name: string; value: number }[];
};

export type Health = { ok: boolean; [k: string]: unknown };

/** Builds a registry whose every metric reads `snapshot()` when scraped. */
export function collectorRegistry(collector: string, snapshot: () => MetricsSnapshot): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ collector });
  let snap: MetricsSnapshot | undefined;
  // One snapshot per scrape: the first metric collected takes it, the rest reuse it.
  const s = () => (snap ??= snapshot());
  const counter = (
    name: string,
    help: string,
    labelNames: string[],
    read: (m: MetricsSnapshot) => [Record<string, string>, number][],
  ) =>
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const [labels, v] of read(s())) this.inc(labels, v);
      },
    });
  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    read: (m: MetricsSnapshot) => [Record<string, string>, number][],
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const [labels, v] of read(s())) this.set(labels, v);
      },
    });

  counter("eventscope_collector_received_total", "Items taken from the broker.", ["kind"], (m) => [
    [{ kind: "event" }, m.received.events],
    [{ kind: "delivery" }, m.received.deliveries],
    [{ kind: "dead_letter" }, m.received.deadLetters],
  ]);
  counter("eventscope_collector_sent_total", "Items the server confirmed.", [], (m) => [[{}, m.sent]]);
  counter("eventscope_collector_retried_total", "Ingest requests retried.", [], (m) => [[{}, m.retried]]);
  counter("eventscope_collector_dropped_total", "Items lost, by why.", ["reason"], (m) => [
    [{ reason: "outbox_full" }, m.dropped.outboxFull],
    [{ reason: "refused" }, m.dropped.refused],
    [{ reason: "rejected" }, m.dropped.rejected],
  ]);
  counter(
    "eventscope_collector_dead_letters_stored_total",
    "Dead letters the server stored (then acked on the broker).",
    [],
    (m) => [[{}, m.deadLettersStored]],
  );
  counter(
    "eventscope_collector_problems_total",
    "Recoverable problems (connection lost, bad message).",
    [],
    (m) => [[{}, m.problems]],
  );
  gauge("eventscope_collector_outbox_items", "Items in the outbox, not yet confirmed.", [], (m) => [
    [{}, m.outboxItems],
  ]);
  gauge("eventscope_collector_outbox_bytes", "Bytes in the outbox.", [], (m) => [[{}, m.outboxBytes]]);
  gauge("eventscope_collector_broker_connected", "1 while connected to the broker.", [], (m) => [
    [{}, m.brokerConnected ? 1 : 0],
  ]);
  gauge(
    "eventscope_collector_broker_gauge",
    "Broker figures: queue depth, consumers, consumer lag, pending.",
    ["channel", "consumer", "name"],
    (m) => m.gauges.map((g) => [{ channel: g.channel, consumer: g.consumer ?? "", name: g.name }, g.value]),
  );
  gauge(
    "eventscope_collector_lag",
    "Consumer lag (messages) per channel and consumer.",
    ["channel", "consumer"],
    (m) =>
      m.gauges
        .filter((g) => g.name === "lag")
        .map((g) => [{ channel: g.channel, consumer: g.consumer ?? "" }, g.value]),
  );
  const metricsFn = registry.metrics.bind(registry);
  registry.metrics = async () => {
    snap = undefined;
    return metricsFn();
  };
  return registry;
}

/** Serves GET /metrics and GET /healthz on host:port. */
export async function serveMetrics(
  listen: string,
  registry: Registry,
  health: () => Health,
  log: CollectorLog,
): Promise<{ port: number; close: () => Promise<void> }> {
  const i = listen.lastIndexOf(":");
  const host = listen.slice(0, i).replace(/^\[|\]$/g, "");
  const port = Number(listen.slice(i + 1));
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
    } else if (path === "/metrics") {
      registry
        .metrics()
        .then((text) => res.writeHead(200, { "content-type": registry.contentType }).end(text))
        .catch((err: unknown) => {
          log.error({ err: String(err) }, "metrics: collecting failed");
          res.writeHead(500).end();
        });
    } else if (path === "/healthz") {
      const h = health();
      res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(h));
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: try /metrics or /healthz\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) => reject(new Error(`metrics: cannot listen on ${listen}: ${err.message}`)));
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
