// Trace search (GET /api/v1/traces): the traces summary table only — its indexes on started_at
// (the order and the time window), duration, and GIN on services and event types — newest first,
// keyset-paged on (started_at, trace_id). A message id is first resolved to trace ids through the
// messages primary key (probed once per broker) and the spans' message_id index.
import "server-only";
import { decodeCursor, encodeCursor, type CursorScope } from "@/lib/catalog/list-cursor";
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { TraceList, TraceSummary } from "@/lib/traces/api-types";
import { RANGES, type TraceSearch } from "@/lib/traces/schemas";

export type SummaryRow = {
  trace_id: string;
  started_at: Date;
  ended_at: Date;
  duration_ms: number;
  root_service: string | null;
  root_name: string | null;
  services: string[];
  types: string[];
  span_count: number;
  message_count: number;
  error_count: number;
};

export const SUMMARY_COLUMNS = `t.trace_id, t.started_at, t.ended_at, t.duration_ms, t.root_service, t.root_name,
  t.services, t.span_count, t.message_count, t.error_count,
  ARRAY(SELECT e.name FROM event_types e WHERE e.id = ANY(t.event_type_ids) ORDER BY e.name) AS types`;

export function toSummary(r: SummaryRow): TraceSummary {
  return {
    traceId: r.trace_id,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at.toISOString(),
    durationMs: Math.round(r.duration_ms * 1000) / 1000,
    rootService: r.root_service,
    rootName: r.root_name,
    services: r.services,
    types: r.types,
    spanCount: r.span_count,
    messageCount: r.message_count,
    errorCount: r.error_count,
  };
}

/** Trace ids of a message id: its messages (any broker) and the spans that name it. */
async function tracesOfMessage(messageId: string): Promise<string[]> {
  const { rows } = await pool().query<{ trace_id: string }>(
    `SELECT m.trace_id FROM messages m
       WHERE m.broker_id = ANY(ARRAY(SELECT id FROM brokers)) AND m.message_id = $1 AND m.trace_id IS NOT NULL
     UNION
     SELECT s.trace_id FROM spans s WHERE s.message_id = $1
     LIMIT 100`,
    [messageId],
  );
  return rows.map((r) => r.trace_id);
}

function scopeOf(q: TraceSearch): CursorScope {
  const { limit: _limit, cursor: _cursor, ...filters } = q;
  return {
    sort: "startedAt",
    order: "desc",
    filters: Object.fromEntries(
      Object.entries(filters).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
    ),
  };
}

export async function searchTraces(q: TraceSearch, nowMs = Date.now()): Promise<TraceList> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (q.traceId !== undefined) where.push(`t.trace_id = ${p(q.traceId)}`);
  if (q.messageId !== undefined) {
    const ids = await tracesOfMessage(q.messageId);
    if (ids.length === 0) return { items: [], nextCursor: null };
    where.push(`t.trace_id = ANY(${p(ids)}::text[])`);
  }
  if (q.type !== undefined) {
    const type = await pool().query<{ id: number }>("SELECT id FROM event_types WHERE name = $1", [q.type]);
    if (type.rows.length === 0) return { items: [], nextCursor: null };
    where.push(`t.event_type_ids @> ARRAY[${p(type.rows[0]!.id)}::int]`);
  }
  if (q.service !== undefined) where.push(`t.services @> ARRAY[${p(q.service)}::text]`);
  if (q.minDurationMs !== undefined) where.push(`t.duration_ms >= ${p(q.minDurationMs)}`);
  if (q.error !== undefined) where.push(q.error ? "t.error_count > 0" : "t.error_count = 0");
  const from = q.range ? new Date(nowMs - RANGES[q.range] * 60_000) : q.from;
  if (from) where.push(`t.started_at >= ${p(from)}`);
  if (q.to) where.push(`t.started_at < ${p(q.to)}`);
  const scope = scopeOf(q);
  if (q.cursor) {
    const after = decodeCursor(q.cursor, scope);
    if (typeof after.value !== "string" || Number.isNaN(Date.parse(after.value)))
      throw new AppError("bad_request", "cursor: not a cursor this API made");
    where.push(`(t.started_at, t.trace_id) < (${p(after.value)}::timestamptz, ${p(after.name)})`);
  }
  const { rows } = await pool().query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM traces t
     ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY t.started_at DESC, t.trace_id DESC
     LIMIT ${p(q.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor(scope, { value: last.started_at.toISOString(), name: last.trace_id }, nowMs)
      : null;
  return { items: page.map(toSummary), nextCursor };
}
