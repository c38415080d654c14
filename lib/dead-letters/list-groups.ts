// Failure groups (GET /api/v1/dead-letters/groups): the filtered dead letters counted per failure
// signature (group_id), per state and per DLQ, newest or biggest first.
//
// The counts come from dead_letter_counts (one row per group, state and DLQ, kept exact by triggers
// on dead_letters; migration 20261205100000_dead_letter_counts) whenever the filter can be answered
// from it — broker, DLQ, type, reason, state, group — and from an aggregate over dead_letters when
// it has a time range or free text, which a table of totals cannot answer. That aggregate reads
// only the covering index dead_letters(state, group_id, channel_id) INCLUDE (first_failed_at,
// last_failed_at) (migration 20261204310000_dead_letter_browse), never the wide rows. Type, reason
// and pattern are the same for every member of a group (they define it), so they are read from one
// row per returned group.
//
// Measured by bench:dlq on 1 000 000 dead letters (2 shared cores): see bench/README.md (the index
// aggregate alone took 0.41 s median, 0.83 s p95; the counts table a few ms).
import "server-only";
import { pool } from "@/lib/db/client";
import type { DeadLetterGroups, StateCounts } from "@/lib/dead-letters/api-types";
import { DEFAULT_STATES, filterSql, OPEN_ITEMS_SQL, type DeadLetterFilter } from "@/lib/dead-letters/filter";
import type { DeadLetterGroupsQuery } from "@/lib/dead-letters/schemas";

type GroupRow = {
  group_id: string;
  n: number;
  states: StateCounts;
  first_seen: Date;
  last_seen: Date;
  dlqs: { id: number; name: string; broker: string }[];
  event_type: string | null;
  reason: string;
  error_pattern: string;
  total_groups: number;
};

/** Whether the counts table can answer `f`: it knows no failure times and no text. */
export function countsAnswer(f: DeadLetterFilter): boolean {
  return f.from === undefined && f.to === undefined && f.q === undefined;
}

/**
 * Counts per (group, state, DLQ) of the filtered dead letters: the CTE `cells` for the readers below.
 * Both sources count stored states; the dead letters in flight (an open reprocess item, few beside a
 * million stored) are then moved from their stored state to `reprocessing` (lib/dead-letters/filter.ts).
 * A stored cell's first/last seen still spans the members moved out of it.
 */
export function cellsSql(f: DeadLetterFilter, values: unknown[]): string {
  // dead_letter_counts has the filter's columns under the same names as dead_letters.
  const stored = countsAnswer(f)
    ? `SELECT d.group_id, d.state, d.channel_id, d.n, d.first_seen, d.last_seen
       FROM dead_letter_counts d WHERE ${filterSql(f, values, "d", { state: false })}`
    : `SELECT d.group_id, d.state, d.channel_id, count(*)::int AS n,
              min(d.first_failed_at) AS first_seen, max(d.last_failed_at) AS last_seen
       FROM dead_letters d WHERE ${filterSql(f, values, "d", { state: false })}
       GROUP BY d.group_id, d.state, d.channel_id`;
  // From the open items, which carry their dead letter's cell and times; filtered through that
  // cell (the counts table has the filter's columns) or, for a time range or text, the dead letter.
  const moved = countsAnswer(f)
    ? `SELECT ri.group_id, m.state, ri.channel_id, (m.sign * count(*))::int AS n,
              min(ri.first_failed_at) FILTER (WHERE m.sign > 0) AS first_seen,
              max(ri.last_failed_at) FILTER (WHERE m.sign > 0) AS last_seen
       FROM reprocess_items ri
       JOIN dead_letter_counts d ON d.group_id = ri.group_id AND d.state = ri.previous_state AND d.channel_id = ri.channel_id
       CROSS JOIN LATERAL (VALUES (ri.previous_state, -1), ('reprocessing', 1)) AS m(state, sign)
       WHERE ri.state IN ('pending', 'sent') AND ${filterSql(f, values, "d", { state: false })}
       GROUP BY ri.group_id, m.state, ri.channel_id, m.sign`
    : `SELECT d.group_id, m.state, d.channel_id, (m.sign * count(*))::int AS n,
              min(d.first_failed_at) FILTER (WHERE m.sign > 0) AS first_seen,
              max(d.last_failed_at) FILTER (WHERE m.sign > 0) AS last_seen
       FROM dead_letters d JOIN (${OPEN_ITEMS_SQL}) ri ON ri.dead_letter_id = d.id
       CROSS JOIN LATERAL (VALUES (d.state, -1), ('reprocessing', 1)) AS m(state, sign)
       WHERE ${filterSql(f, values, "d", { state: false })}
       GROUP BY d.group_id, m.state, d.channel_id, m.sign`;
  return `cells AS (
    SELECT group_id, state, channel_id, sum(n)::int AS n, min(first_seen) AS first_seen, max(last_seen) AS last_seen
    FROM (${stored} UNION ALL ${moved}) x
    WHERE state = ANY($${values.push(f.state ?? DEFAULT_STATES)}::text[])
    GROUP BY group_id, state, channel_id HAVING sum(n) > 0)`;
}

export async function listGroups(q: DeadLetterGroupsQuery): Promise<DeadLetterGroups> {
  const { sort, limit, ...filter } = q;
  const values: unknown[] = [];
  const cells = cellsSql(filter, values);
  const order = sort === "count" ? "g.n DESC, g.last_seen DESC" : "g.last_seen DESC, g.n DESC";
  values.push(limit);
  const { rows } = await pool().query<GroupRow>(
    `WITH ${cells},
     g AS (SELECT group_id, sum(n)::int AS n, min(first_seen) AS first_seen, max(last_seen) AS last_seen
           FROM cells GROUP BY group_id),
     top AS (SELECT g.*, count(*) OVER ()::int AS total_groups FROM g ORDER BY ${order}, g.group_id LIMIT $${values.length}),
     states AS (SELECT group_id, jsonb_object_agg(state, n) AS states
                FROM (SELECT group_id, state, sum(n)::int AS n FROM cells WHERE group_id IN (SELECT group_id FROM top)
                      GROUP BY 1, 2) s GROUP BY group_id),
     dlqs AS (SELECT pd.group_id,
                jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name, 'broker', b.name) ORDER BY c.name, b.name, c.id) AS dlqs
              FROM (SELECT DISTINCT group_id, channel_id FROM cells WHERE group_id IN (SELECT group_id FROM top)) pd
              JOIN channels c ON c.id = pd.channel_id JOIN brokers b ON b.id = c.broker_id
              GROUP BY pd.group_id)
     SELECT top.group_id, top.n, top.first_seen, top.last_seen, top.total_groups, states.states, dlqs.dlqs,
       one.event_type, one.reason, one.error_pattern
     FROM top JOIN states USING (group_id) JOIN dlqs USING (group_id)
     CROSS JOIN LATERAL (SELECT d.event_type, d.reason, d.error_pattern FROM dead_letters d
                         WHERE d.group_id = top.group_id LIMIT 1) one
     ORDER BY ${order.replaceAll("g.", "top.")}, top.group_id`,
    values,
  );
  return {
    groups: rows.map((r) => ({
      groupId: r.group_id,
      eventType: r.event_type,
      reason: r.reason,
      errorPattern: r.error_pattern,
      count: r.n,
      states: r.states,
      firstSeen: r.first_seen.toISOString(),
      lastSeen: r.last_seen.toISOString(),
      dlqs: r.dlqs,
    })),
    totalGroups: rows[0]?.total_groups ?? 0,
  };
}
