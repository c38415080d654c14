// The catalog list's read model (GET /api/v1/event-types): filter, sort and keyset-page the event
// types, then enrich only the page — links (brokers, channels, producers, consumers), violation
// counts and the hour's throughput sparkline — so a page costs the same with 50 or 50 000 types.
// Sorting by throughput needs every matching type's count for the hour: one aggregate over the
// hour's produce rollups (measured in bench/catalog/list-latency.ts).
import "server-only";
import type { EventTypeList, EventTypeListItem } from "@/lib/catalog/api-types";
import type { ListQuery } from "@/lib/catalog/catalog-schemas";
import type { CompatibilityMode } from "@/lib/catalog/compatibility";
import { typeLinks } from "@/lib/catalog/type-links";
import { decodeCursor, encodeCursor, type CursorKey, type CursorScope } from "@/lib/catalog/list-cursor";
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

const MINUTE_MS = 60_000;
export const SPARK_BUCKETS = 12;
export const SPARK_BUCKET_MINUTES = 5;
const FACET_MAX = 1000;

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
  asOfMs: number,
  after: CursorKey | null,
): Promise<{ rows: Row[]; total: number }> {
  const params: unknown[] = [];
  const key = sortKey(q);
  let hour = "";
  if (q.sort === "throughput") {
    const asOf = `$${params.push(new Date(asOfMs))}::timestamptz`;
    hour = `LEFT JOIN (SELECT event_type_id, sum(count)::bigint AS n FROM rollup_minute
               WHERE edge = 'produce' AND minute >= ${asOf} - interval '60 minutes' AND minute < ${asOf}
               GROUP BY event_type_id) h ON h.event_type_id = t.id`;
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

/** Per type of the page: 12 five-minute buckets of produced events (per minute), and the hour's sum. */
async function sparklines(ids: number[], asOfMs: number): Promise<Map<number, number[]>> {
  const { rows } = await pool().query<{ id: number; bucket: number; n: number }>(
    `SELECT event_type_id AS id,
            floor(extract(epoch FROM (minute - ($2::timestamptz - interval '60 minutes'))) / 300)::int AS bucket,
            sum(count)::bigint AS n
       FROM rollup_minute
      WHERE event_type_id = ANY($1::int[]) AND edge = 'produce'
        AND minute >= $2::timestamptz - interval '60 minutes' AND minute < $2
      GROUP BY 1, 2`,
    [ids, new Date(asOfMs)],
  );
  const out = new Map<number, number[]>();
  for (const r of rows) {
    let counts = out.get(r.id);
    if (!counts) out.set(r.id, (counts = new Array<number>(SPARK_BUCKETS).fill(0)));
    counts[r.bucket] = r.n;
  }
  return out;
}

async function violationCounts(ids: number[]): Promise<Map<number, number>> {
  const { rows } = await pool().query<{ id: number; n: number }>(
    `SELECT event_type_id AS id, sum(count)::bigint AS n FROM schema_violations
      WHERE event_type_id = ANY($1::int[]) GROUP BY 1`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** Values for the filter menus, over the whole catalog (not narrowed by the current filters). */
async function facets(): Promise<EventTypeList["facets"]> {
  const { rows } = await pool().query<EventTypeList["facets"]>(
    `SELECT
      ARRAY(SELECT b.name FROM brokers b WHERE EXISTS (SELECT 1 FROM channels c JOIN event_type_links l
              ON l.channel_id = c.id WHERE c.broker_id = b.id) ORDER BY 1 LIMIT $1) AS brokers,
      ARRAY(SELECT DISTINCT c.name FROM channels c WHERE EXISTS (SELECT 1 FROM event_type_links l
              WHERE l.channel_id = c.id) ORDER BY 1 LIMIT $1) AS channels,
      ARRAY(SELECT s.name FROM services s WHERE EXISTS (SELECT 1 FROM event_type_links l
              WHERE l.service_id = s.id AND l.role = 'produce') ORDER BY 1 LIMIT $1) AS producers,
      ARRAY(SELECT DISTINCT owner FROM event_types WHERE owner IS NOT NULL ORDER BY 1 LIMIT $1) AS owners,
      ARRAY(SELECT DISTINCT tag FROM event_types, unnest(tags) AS tag ORDER BY 1 LIMIT $1) AS tags`,
    [FACET_MAX],
  );
  return rows[0]!;
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
  const [{ rows, total }, facetValues] = await Promise.all([pageRows(q, asOfMs, after), facets()]);
  const page = rows.slice(0, q.limit);
  const ids = page.map((r) => r.id);
  const [links, sparks, violations] = await Promise.all([
    typeLinks(ids),
    sparklines(ids, asOfMs),
    violationCounts(ids),
  ]);
  const items: EventTypeListItem[] = page.map((r) => {
    const counts = sparks.get(r.id) ?? new Array<number>(SPARK_BUCKETS).fill(0);
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
      throughput: counts.map((n) => n / SPARK_BUCKET_MINUTES),
      lastHour: counts.reduce((a, b) => a + b, 0),
    };
  });
  const last = page.at(-1);
  const nextCursor = rows.length > q.limit && last ? encodeCursor(scope, keyOf(q, last), asOfMs) : null;
  return { items, total, nextCursor, facets: facetValues };
}
