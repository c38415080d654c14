// The app's own Prometheus metrics (prom-client), one set per process. On globalThis: the custom
// server (which serves /metrics and knows the socket counts) and Next's route bundle (which ingests)
// are two module instances, and both must write to the same registry.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export type IngestRoute = "ingest" | "otlp";
/** Why a whole ingest request was refused: its status says which. */
export type RefusalReason = "backpressure" | "rate_limited" | "too_large" | "invalid" | "unauthorized";

type Sources = {
  /** Socket clients connected per namespace ("/live", "/collectors"), read at scrape time. */
  sockets: Map<string, () => number>;
  /** Ingest admission figures (lib/ingest/admission.ts), read at scrape time. */
  admission?: () => {
    inFlight: number;
    inFlightBytes: number;
    maxInFlight: number;
    maxInFlightBytes: number;
  };
};

export type AppMetrics = {
  registry: Registry;
  sources: Sources;
  ingestBatches: Counter<"route">;
  ingestItems: Counter<"route" | "outcome">;
  ingestBytes: Counter<"route">;
  ingestRefused: Counter<"route" | "reason">;
  ingestWriteSeconds: Histogram<"route">;
  jobSeconds: Histogram<"job" | "outcome">;
};

function create(): AppMetrics {
  const registry = new Registry();
  // Process CPU, memory, event-loop delay and GC: what a soak run watches for a growth trend.
  collectDefaultMetrics({ register: registry });
  const sources: Sources = { sockets: new Map() };
  const registers = [registry];
  new Gauge({
    name: "eventscope_socket_clients",
    help: "socket.io clients connected, per namespace (/live browsers, /collectors agents).",
    labelNames: ["namespace"],
    registers,
    collect() {
      this.reset();
      for (const [namespace, count] of sources.sockets) this.set({ namespace }, count());
    },
  });
  const admission = (
    name: string,
    help: string,
    pick: (a: ReturnType<NonNullable<Sources["admission"]>>) => number,
  ) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const a = sources.admission?.();
        this.set(a ? pick(a) : 0);
      },
    });
  admission(
    "eventscope_ingest_in_flight",
    "Ingest requests admitted and not finished (the write queue).",
    (a) => a.inFlight,
  );
  admission(
    "eventscope_ingest_in_flight_bytes",
    "Declared body bytes of the ingest requests in flight.",
    (a) => a.inFlightBytes,
  );
  admission(
    "eventscope_ingest_in_flight_limit",
    "In-flight ingest requests past which new ones get 429.",
    (a) => a.maxInFlight,
  );
  admission(
    "eventscope_ingest_in_flight_bytes_limit",
    "In-flight ingest bytes past which new requests get 429.",
    (a) => a.maxInFlightBytes,
  );
  return {
    registry,
    sources,
    ingestBatches: new Counter({
      name: "eventscope_ingest_batches_total",
      help: "Ingest requests stored (2xx), per route (ingest = /api/v1/ingest, otlp = /v1/traces).",
      labelNames: ["route"],
      registers,
    }),
    ingestItems: new Counter({
      name: "eventscope_ingest_items_total",
      help: "Items in stored ingest requests, by outcome: stored, duplicate (already stored), rejected (invalid, named in the answer).",
      labelNames: ["route", "outcome"],
      registers,
    }),
    ingestBytes: new Counter({
      name: "eventscope_ingest_bytes_total",
      help: "Body bytes of stored ingest requests (after gzip inflation).",
      labelNames: ["route"],
      registers,
    }),
    ingestRefused: new Counter({
      name: "eventscope_ingest_refused_total",
      help: "Whole ingest requests refused, by reason: backpressure (429, database behind), rate_limited (429, per token), too_large (413), invalid (400/411/415), unauthorized (401/403).",
      labelNames: ["route", "reason"],
      registers,
    }),
    ingestWriteSeconds: new Histogram({
      name: "eventscope_ingest_write_seconds",
      help: "Time to store one ingest request in the database.",
      labelNames: ["route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    jobSeconds: new Histogram({
      name: "eventscope_job_duration_seconds",
      help: "Background job runs, by job and outcome (ok, error).",
      labelNames: ["job", "outcome"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
  };
}

const g = globalThis as typeof globalThis & { __eventscopeMetrics?: AppMetrics };

export function appMetrics(): AppMetrics {
  return (g.__eventscopeMetrics ??= create());
}

/** The server registers each socket.io namespace's client count (read at every scrape). */
export function registerSocketCount(namespace: string, count: () => number): () => void {
  const { sockets } = appMetrics().sources;
  sockets.set(namespace, count);
  return () => void sockets.delete(namespace);
}

/** Runs one background job round, timing it into eventscope_job_duration_seconds{job, outcome}. */
export async function observeJob<T>(job: string, fn: () => Promise<T>): Promise<T> {
  const end = appMetrics().jobSeconds.startTimer({ job });
  try {
    const result = await fn();
    end({ outcome: "ok" });
    return result;
  } catch (err) {
    end({ outcome: "error" });
    throw err;
  }
}
