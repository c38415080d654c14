// The traces summary row's merge rule, shared by span ingest and message ingest: times widen,
// counts add (callers pass only rows that were new, so a resent batch adds nothing), services and
// event types are unions. The root is a span without parent, else the earliest message's producer:
// a root span replaces a message root, and an earlier root replaces a later one.
export const TRACE_COLUMNS =
  "trace_id, started_at, ended_at, duration_ms, root_service, root_name, span_count, message_count, error_count, services, event_type_ids";

export const TRACE_MERGE = `ON CONFLICT (trace_id) DO UPDATE SET
    started_at = LEAST(traces.started_at, EXCLUDED.started_at),
    ended_at = GREATEST(traces.ended_at, EXCLUDED.ended_at),
    duration_ms = extract(epoch FROM GREATEST(traces.ended_at, EXCLUDED.ended_at) - LEAST(traces.started_at, EXCLUDED.started_at)) * 1000,
    root_service = CASE WHEN ${rootWins()} THEN EXCLUDED.root_service ELSE traces.root_service END,
    root_name = CASE WHEN ${rootWins()} THEN EXCLUDED.root_name ELSE traces.root_name END,
    span_count = traces.span_count + EXCLUDED.span_count,
    message_count = traces.message_count + EXCLUDED.message_count,
    error_count = traces.error_count + EXCLUDED.error_count,
    services = ARRAY(SELECT DISTINCT x FROM unnest(traces.services || EXCLUDED.services) x ORDER BY 1),
    event_type_ids = ARRAY(SELECT DISTINCT x FROM unnest(traces.event_type_ids || EXCLUDED.event_type_ids) x ORDER BY 1),
    updated_at = now()`;

/**
 * Whether the incoming root replaces the stored one. EXCLUDED.span_count > 0 with a root means the
 * root is a span (span ingest sets a root only from parentless spans).
 */
function rootWins(): string {
  return `(EXCLUDED.root_name IS NOT NULL AND (traces.root_name IS NULL
      OR (EXCLUDED.span_count > 0 AND (traces.span_count = 0 OR EXCLUDED.started_at < traces.started_at))
      OR (EXCLUDED.span_count = 0 AND traces.span_count = 0 AND EXCLUDED.started_at < traces.started_at)))`;
}
