// Normalised spans → `spans` and the traces summary, in one statement: the spans go in with
// ON CONFLICT DO NOTHING (a resent batch is stored once) and only the rows that were new are
// folded into their traces' rows. Rows are sorted by key so concurrent batches lock in one order.
import "server-only";
import { pool } from "@/lib/db/client";
import type { NormalizedSpan } from "@/lib/traces/normalize-spans";
import { TRACE_COLUMNS, TRACE_MERGE } from "@/lib/traces/trace-upsert";

const RETRY_CODES = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 5;

const STORE_SPANS = `WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
      trace_id text, span_id text, parent_span_id text, name text, service_name text, kind text,
      start_ms float8, end_ms float8, status_code text, status_message text, attributes jsonb,
      message_id text, messaging_system text, destination text, operation text, links jsonb,
      events jsonb, resource jsonb)
  ), inserted AS (
    INSERT INTO spans (trace_id, span_id, parent_span_id, name, service_name, kind, start_time, end_time,
      status_code, status_message, attributes, message_id, messaging_system, destination, operation,
      links, events, resource)
    SELECT trace_id, span_id, parent_span_id, name, service_name, kind, to_timestamp(start_ms / 1000),
      to_timestamp(end_ms / 1000), status_code, status_message, attributes, message_id, messaging_system,
      destination, operation, links, events, resource
    FROM input ORDER BY trace_id, span_id
    ON CONFLICT DO NOTHING
    RETURNING trace_id, parent_span_id, name, service_name, start_time, end_time, status_code
  ), per_trace AS (
    SELECT trace_id, min(start_time) AS started_at, max(end_time) AS ended_at,
      (array_agg(service_name ORDER BY start_time) FILTER (WHERE parent_span_id IS NULL))[1] AS root_service,
      (array_agg(name ORDER BY start_time) FILTER (WHERE parent_span_id IS NULL))[1] AS root_name,
      count(*)::int AS span_count, count(*) FILTER (WHERE status_code = 'error')::int AS error_count,
      COALESCE(array_agg(DISTINCT service_name) FILTER (WHERE service_name IS NOT NULL), '{}') AS services
    FROM inserted GROUP BY trace_id
  ), merged AS (
    INSERT INTO traces (${TRACE_COLUMNS})
    SELECT trace_id, started_at, ended_at, extract(epoch FROM ended_at - started_at) * 1000, root_service,
      root_name, span_count, 0, error_count, services, '{}'
    FROM per_trace ORDER BY trace_id
    ${TRACE_MERGE}
    RETURNING trace_id
  )
  SELECT (SELECT count(*) FROM inserted)::int AS spans, (SELECT count(*) FROM merged)::int AS traces`;

function rowOf(s: NormalizedSpan) {
  return {
    trace_id: s.traceId,
    span_id: s.spanId,
    parent_span_id: s.parentSpanId,
    name: s.name,
    service_name: s.serviceName,
    kind: s.kind,
    start_ms: s.startMs,
    end_ms: s.endMs,
    status_code: s.statusCode,
    status_message: s.statusMessage,
    attributes: s.attributes,
    message_id: s.messageId,
    messaging_system: s.messagingSystem,
    destination: s.destination,
    operation: s.operation,
    links: s.links,
    events: s.events,
    resource: s.resource,
  };
}

export type StoredSpans = { inserted: number; traces: number };

/** Stores the spans; returns how many were new and how many traces rows they touched. */
export async function storeSpans(spans: readonly NormalizedSpan[]): Promise<StoredSpans> {
  if (spans.length === 0) return { inserted: 0, traces: 0 };
  const json = JSON.stringify(spans.map(rowOf));
  for (let attempt = 1; ; attempt++) {
    try {
      const { rows } = await pool().query<{ spans: number; traces: number }>(STORE_SPANS, [json]);
      return { inserted: rows[0]!.spans, traces: rows[0]!.traces };
    } catch (err) {
      const code = (err as { code?: string }).code ?? "";
      if (!RETRY_CODES.has(code) || attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 40));
    }
  }
}
