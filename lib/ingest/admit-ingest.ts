// The ingest routes' backpressure and counters: wraps POST /api/v1/ingest and POST /v1/traces so
// that a request is admitted (lib/ingest/admission.ts) before anything else — before the token is
// looked up, which needs a pool connection a stalled database would not give — and counted in the
// app's /metrics by outcome. One admission per process, shared by both routes (they share the pool).
import { env } from "@/lib/env";
import { jsonError, type Access, type GuardedHandler, type RouteContext } from "@/lib/http/handler";
import { IngestAdmission, type AdmissionLimits } from "@/lib/ingest/admission";
import { appMetrics, type IngestRoute, type RefusalReason } from "@/lib/metrics/app-metrics";

const g = globalThis as typeof globalThis & { __eventscopeIngestAdmission?: IngestAdmission };

function limitsFromEnv(): AdmissionLimits {
  const e = env();
  return {
    maxInFlight: e.INGEST_MAX_IN_FLIGHT ?? Math.max(1, Math.min(8, e.DATABASE_POOL_SIZE - 2)),
    maxInFlightBytes: e.INGEST_MAX_IN_FLIGHT_BYTES,
    maxRetryAfterSeconds: e.INGEST_RETRY_AFTER_MAX_SECONDS,
  };
}

/** The process's admission (created from the environment on first use). */
export function ingestAdmission(): IngestAdmission {
  if (!g.__eventscopeIngestAdmission) {
    const admission = new IngestAdmission(limitsFromEnv());
    g.__eventscopeIngestAdmission = admission;
    appMetrics().sources.admission = () => admission.stats();
  }
  return g.__eventscopeIngestAdmission;
}

/** Tests set tiny limits; no argument goes back to the environment's. */
export function setIngestAdmissionForTests(limits?: AdmissionLimits): void {
  g.__eventscopeIngestAdmission = undefined;
  if (limits) {
    const admission = new IngestAdmission(limits);
    g.__eventscopeIngestAdmission = admission;
    appMetrics().sources.admission = () => admission.stats();
  }
}

function refusalReason(status: number): RefusalReason | undefined {
  if (status === 429) return "rate_limited";
  if (status === 413) return "too_large";
  if (status === 401 || status === 403) return "unauthorized";
  if (status >= 400 && status < 500) return "invalid";
  return undefined;
}

/** A Content-Length, or the body limit when the body is chunked (the most it may turn out to be). */
function declaredBytes(req: Request): number {
  const n = Number(req.headers.get("content-length") ?? Number.NaN);
  return Number.isFinite(n) && n >= 0 ? n : env().INGEST_MAX_BODY_BYTES;
}

/** The route handler behind ingest admission: 429 + Retry-After when the database is behind. */
export function admitIngest<A extends Access>(
  route: IngestRoute,
  handler: GuardedHandler<A>,
): GuardedHandler<A> {
  const admitted = async (req: Request, ctx: RouteContext): Promise<Response> => {
    const metrics = appMetrics();
    const ticket = ingestAdmission().tryAdmit(declaredBytes(req));
    if (!ticket.ok) {
      metrics.ingestRefused.inc({ route, reason: "backpressure" });
      return jsonError(429, "overloaded", ticket.message, undefined, {
        "retry-after": String(ticket.retryAfterSeconds),
      });
    }
    try {
      const res = await handler(req, ctx);
      const reason = refusalReason(res.status);
      if (reason) metrics.ingestRefused.inc({ route, reason });
      return res;
    } finally {
      ticket.release();
    }
  };
  return Object.assign(admitted, { access: handler.access });
}

export type StoredCounts = { bytes: number; stored: number; duplicates: number; rejected: number };

/** Times one request's database write (the histogram and Retry-After's estimate) and counts what it stored. */
export async function timeIngestWrite<T>(
  route: IngestRoute,
  write: () => Promise<T>,
  counts: (result: T) => StoredCounts,
): Promise<T> {
  const metrics = appMetrics();
  const started = performance.now();
  const result = await write();
  const ms = performance.now() - started;
  ingestAdmission().noteWrite(ms);
  metrics.ingestWriteSeconds.observe({ route }, ms / 1000);
  const c = counts(result);
  metrics.ingestBatches.inc({ route });
  metrics.ingestBytes.inc({ route }, c.bytes);
  metrics.ingestItems.inc({ route, outcome: "stored" }, c.stored);
  metrics.ingestItems.inc({ route, outcome: "duplicate" }, c.duplicates);
  metrics.ingestItems.inc({ route, outcome: "rejected" }, c.rejected);
  return result;
}
