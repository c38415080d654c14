// The DLQ list (GET /api/v1/dead-letters): the shared filter, one of three sorts, keyset-paged on
// (sort column, id) so a deep page costs what the first does (no OFFSET), and on the first page a
// count that stops at COUNT_CAP instead of counting a million rows on every request.
import "server-only";
import { decodeCursor, encodeCursor, type CursorScope } from "@/lib/catalog/list-cursor";
import { pool } from "@/lib/db/client";
import type { DeadLetterList, DeadLetterListItem } from "@/lib/dead-letters/api-types";
import { filterSql, stateSql, type DeadLetterState } from "@/lib/dead-letters/filter";
import { COUNT_CAP, type DeadLetterListQuery, type DeadLetterSort } from "@/lib/dead-letters/schemas";
import { AppError } from "@/lib/errors";

export const ERROR_PREVIEW = 300;

const COLUMN: Record<DeadLetterSort, string> = {
  lastFailedAt: "d.last_failed_at",
  firstFailedAt: "d.first_failed_at",
  attempts: "d.attempts",
};

export type ListRow = {
  id: string;
  broker: string;
  dlq_id: number;
  dlq_name: string;
  original: string | null;
  event_type: string | null;
  reason: string;
  error: string | null;
  error_length: number | null;
  attempts: number;
  first_failed_at: Date;
  last_failed_at: Date;
  producer: string | null;
  state: DeadLetterState;
  group_id: string;
  trace_id: string | null;
  payload_size: number;
};

/** The list row's columns on dead_letters `d` (joined to brokers b, channels c and o). */
export const LIST_COLUMNS = `d.id, b.name AS broker, c.id AS dlq_id, c.name AS dlq_name, o.name AS original,
  d.event_type, d.reason, left(d.error_text, ${ERROR_PREVIEW}) AS error, length(d.error_text) AS error_length,
  d.attempts, d.first_failed_at, d.last_failed_at, d.producer, ${stateSql("d")} AS state, d.group_id, d.trace_id,
  octet_length(d.payload) AS payload_size`;

export const LIST_JOINS = `JOIN brokers b ON b.id = d.broker_id
  JOIN channels c ON c.id = d.channel_id
  LEFT JOIN channels o ON o.id = d.original_channel_id`;

export function toListItem(r: ListRow): DeadLetterListItem {
  return {
    id: r.id,
    broker: r.broker,
    dlq: { id: r.dlq_id, name: r.dlq_name },
    originalDestination: r.original,
    eventType: r.event_type,
    reason: r.reason,
    error: r.error,
    errorTruncated: (r.error_length ?? 0) > ERROR_PREVIEW,
    attempts: r.attempts,
    firstFailedAt: r.first_failed_at.toISOString(),
    lastFailedAt: r.last_failed_at.toISOString(),
    producer: r.producer,
    state: r.state,
    groupId: r.group_id,
    traceId: r.trace_id,
    payloadSize: r.payload_size,
  };
}

function scopeOf(q: DeadLetterListQuery): CursorScope {
  const { limit: _limit, cursor: _cursor, sort, order, ...filters } = q;
  return {
    sort,
    order,
    filters: Object.fromEntries(
      Object.entries(filters).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
    ),
  };
}

function cursorValue(sort: DeadLetterSort, r: ListRow): string | number {
  if (sort === "attempts") return r.attempts;
  return (sort === "lastFailedAt" ? r.last_failed_at : r.first_failed_at).toISOString();
}

function afterCursor(q: DeadLetterListQuery, scope: CursorScope, values: unknown[]): string {
  const after = decodeCursor(q.cursor!, scope);
  const p = (v: unknown) => `$${values.push(v)}`;
  const wrongValue =
    q.sort === "attempts"
      ? typeof after.value !== "number"
      : typeof after.value !== "string" || Number.isNaN(Date.parse(after.value));
  if (wrongValue || !/^[0-9a-f-]{36}$/.test(after.name))
    throw new AppError("bad_request", "cursor: not a cursor this API made");
  const cast = q.sort === "attempts" ? "int" : "timestamptz";
  const op = q.order === "desc" ? "<" : ">";
  return `(${COLUMN[q.sort]}, d.id) ${op} (${p(after.value)}::${cast}, ${p(after.name)}::uuid)`;
}

async function cappedCount(where: string, values: unknown[]): Promise<DeadLetterList["total"]> {
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM dead_letters d WHERE ${where} LIMIT ${COUNT_CAP + 1}) x`,
    values,
  );
  const n = rows[0]?.n ?? 0;
  return { count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

export async function listDeadLetters(q: DeadLetterListQuery, nowMs = Date.now()): Promise<DeadLetterList> {
  const values: unknown[] = [];
  const filter = filterSql(q, values);
  const scope = scopeOf(q);
  const where = q.cursor ? `${filter} AND ${afterCursor(q, scope, values)}` : filter;
  const dir = q.order === "desc" ? "DESC" : "ASC";
  const pageValues = [...values, q.limit + 1];
  const [page, total] = await Promise.all([
    pool().query<ListRow>(
      `SELECT ${LIST_COLUMNS} FROM dead_letters d ${LIST_JOINS}
       WHERE ${where}
       ORDER BY ${COLUMN[q.sort]} ${dir}, d.id ${dir}
       LIMIT $${pageValues.length}`,
      pageValues,
    ),
    q.cursor ? Promise.resolve(null) : cappedCount(filter, values),
  ]);
  const rows = page.rows.slice(0, q.limit);
  const last = rows.at(-1);
  const nextCursor =
    page.rows.length > q.limit && last
      ? encodeCursor(scope, { value: cursorValue(q.sort, last), name: last.id }, nowMs)
      : null;
  return { items: rows.map(toListItem), nextCursor, total };
}
