// The catalog list's read model (GET /api/v1/event-types): filter, sort and keyset-page the event
// types, then enrich only the page — links (brokers, channels, producers, consumers) and violation
// counts. The hour's per-type throughput (sparklines, and the ranking of sort=throughput) and the
// facets come from list-cache.ts, computed over every type once per 15 s (see
// bench/catalog/list-latency.ts for the figures).
import "server-only";
import type { EventTypeList, EventTypeListItem } from "@/lib/catalog/api-types";
import type { ListQuery } from "@/lib/catalog/catalog-schemas";
import type { CompatibilityMode } from "@/lib/catalog/compatibility";
import { BUCKET_MINUTES, BUCKETS, facets, hourCounts } from "@/lib/catalog/list-cache";
import { decodeCursor, encodeCursor, type CursorKey, type CursorScope } from "@/lib/catalog/list-cursor";
import { typeLinks } from "@/lib/catalog/type-links";
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

const MINUTE_MS = 60_000;

type Row = {
  id: number;
  name: string;
  description: string | null;
  owner: string | null;
  tags: string[];
  first_seen_at: Date;
  last_seen_at: Date;
  inferred_version: number | null;
  registered_version: number | null;
  compatibility: CompatibilityMode;
  drifted: boolean;
  last_hour: number;
};

/** ILIKE pattern for "contains", with the pattern characters of the text taken literally. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** WHERE conditions on event_types t for the query's filters; pushes their values onto `params`. */
function filterConditions(q: ListQuery, params: unknown[]): string[] {
  const p = (v: unknown) => `$${params.push(v)}`;
  const out: string[] = [];
  if (q.q !== undefined) {
    const like = p(contains(q.q));
    out.push(`(t.name ILIKE ${like} OR t.description ILIKE ${like})`);
  }
  if (q.broker !== undefined || q.channel !== undefined) {
    const broker = q.broker === undefined ? "" : ` AND b.name = ${p(q.broker)}`;
    const channel = q.channel === undefined ? "" : ` AND c.name = ${p(q.channel)}`;
    out.push(`EXISTS (SELECT 1 FROM event_type_links l JOIN channels c ON c.id = l.channel_id
      JOIN brokers b ON b.id = c.broker_id WHERE l.event_type_id = t.id${broker}${channel})`);
  }
  for (const [role, service] of [
    ["produce", q.producer],
    ["consume", q.consumer],
  ] as const)
    if (service !== undefined)
      out.push(`EXISTS (SELECT 1 FROM event_type_links l JOIN services s ON s.id = l.service_id
        WHERE l.event_type_id = t.id AND l.role = '${role}' AND s.name = ${p(service)})`);
  if (q.owner !== undefined) out.push(`t.owner = ${p(q.owner)}`);
  if (q.tag !== undefined) out.push(`${p(q.tag)} = ANY(t.tags)`);
  if (q.drifted !== undefined) out.push(q.drifted ? "t.drift IS NOT NULL" : "t.drift IS NULL");
  if (q.violations !== undefined)
    out.push(
      `${q.violations ? "" : "NOT "}EXISTS (SELECT 1 FROM schema_violations v WHERE v.event_type_id = t.id AND v.count > 0)`,
    );
  return out;
}

function scopeOf(q: ListQuery): CursorScope {
  const { sort, order, limit: _limit, cursor: _cursor, ...filters } = q;
  return { sort, order, filters };
}

/** The sort expression, and the cursor's value checked against it. */
function sortKey(q: ListQuery): { expr: string; cast: string; check: (v: unknown) => boolean } {
  if (q.sort === "throughput")
    return { expr: "COALESCE(h.n, 0)", cast: "bigint", check: (v) => Number.isSafeInteger(v) };
  if (q.sort === "lastSeen")
    return {
      expr: "t.last_seen_at",
      cast: "timestamptz",
      check: (v) => typeof v === "string" && !Number.isNaN(Date.parse(v)),
    };
  return { expr: "t.name", cast: "text", check: (v) => typeof v === "string" };
}

function keyOf(q: ListQuery, r: Row): CursorKey {
  const value =
    q.sort === "throughput" ? r.last_hour : q.sort === "lastSeen" ? r.last_seen_at.toISOString() : r.name;
  return { value, name: r.name };
}

async function pageRows(
  q: ListQuery,
  counts: Map<number, number[]>,
  after: CursorKey | null,
): Promise<{ rows: Row[]; total: number }> {
  const params: unknown[] = [];
  const key = sortKey(q);
  let hour = "";
  if (q.sort === "throughput") {
    const ids = [...counts.keys()];
    const sums = ids.map((id) => counts.get(id)!.reduce((a, b) => a + b, 0));
    hour = `LEFT JOIN unnest($${params.push(ids)}::int[], $${params.push(sums)}::bigint[]) AS h(event_type_id, n)
              ON h.event_type_id = t.id`;
  }
  const where = filterConditions(q, params);
  if (after) {
    const cmp = q.order === "asc" ? ">" : "<";
    const v = `$${params.push(after.value)}::${key.cast}`;
    if (q.sort === "name") where.push(`t.name ${cmp} ${v}`);
    else where.push(`(${key.expr}, t.name) ${cmp} (${v}, $${params.push(after.name)})`);
  }
  const countParams: unknown[] = [];
  const countWhere = filterConditions(q, countParams);
  const whereSql = (w: string[]) => (w.length > 0 ? `WHERE ${w.join(" AND ")}` : "");
  const dir = q.order === "asc" ? "ASC" : "DESC";
  const order = q.sort === "name" ? `t.name ${dir}` : `${key.expr} ${dir}, t.name ${dir}`;
  const [page, count] = await Promise.all([
    pool().query<Row>(
      `SELECT t.id, t.name, t.description, t.owner, t.tags, t.first_seen_at, t.last_seen_at,
              t.inferred_version, t.registered_version, t.compatibility, t.drift IS NOT NULL AS drifted,
              ${q.sort === "throughput" ? "COALESCE(h.n, 0)" : "0"}::bigint AS last_hour
         FROM event_types t ${hour}
         ${whereSql(where)}
        ORDER BY ${order}
        LIMIT ${q.limit + 1}`,
      params,
    ),
    pool().query<{ n: number }>(
      `SELECT count(*) AS n FROM event_types t ${whereSql(countWhere)}`,
      countParams,
    ),
  ]);
  return { rows: page.rows, total: count.rows[0]?.n ?? 0 };
}

async function violationCounts(ids: number[]): Promise<Map<number, number>> {
  const { rows } = await pool().query<{ id: number; n: number }>(
    `SELECT event_type_id AS id, sum(count)::bigint AS n FROM schema_violations
      WHERE event_type_id = ANY($1::int[]) GROUP BY 1`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** One page of the catalog; `nowMs` fixes the clock (tests), else the window ends at this minute. */
export async function listEventTypes(q: ListQuery, nowMs = Date.now()): Promise<EventTypeList> {
  const scope = scopeOf(q);
  let asOfMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS; // completed minutes only
  let after: CursorKey | null = null;
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor, scope);
    if (!sortKey(q).check(c.value))
      throw new AppError("bad_request", "cursor: not a cursor this API made; use nextCursor as it was given");
    asOfMs = c.asOfMs;
    after = c;
  }
  const [hour, facetValues] = await Promise.all([hourCounts(asOfMs, after !== null), facets(nowMs)]);
  const counts = hour.counts;
  asOfMs = hour.asOfMs; // the window the figures are for, which the next page's cursor pins
  const { rows, total } = await pageRows(q, counts, after);
  const page = rows.slice(0, q.limit);
  const ids = page.map((r) => r.id);
  const [links, violations] = await Promise.all([typeLinks(ids), violationCounts(ids)]);
  const items: EventTypeListItem[] = page.map((r) => {
    const buckets = counts.get(r.id) ?? new Array<number>(BUCKETS).fill(0);
    const l = links.get(r.id);
    return {
      name: r.name,
      description: r.description,
      owner: r.owner,
      tags: r.tags,
      firstSeenAt: r.first_seen_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      brokers: l?.brokers ?? [],
      channels: l?.channels ?? [],
      producers: l?.producers ?? [],
      consumers: l?.consumers ?? [],
      inferredVersion: r.inferred_version,
      registeredVersion: r.registered_version,
      compatibility: r.compatibility,
      drifted: r.drifted,
      violations: violations.get(r.id) ?? 0,
      throughput: buckets.map((n) => n / BUCKET_MINUTES),
      lastHour: buckets.reduce((a, b) => a + b, 0),
    };
  });
  const last = page.at(-1);
  const nextCursor = rows.length > q.limit && last ? encodeCursor(scope, keyOf(q, last), asOfMs) : null;
  return { items, total, nextCursor, facets: facetValues };
}
