// The DLQ filter bar's choices (GET /api/v1/dead-letters/facets): brokers, DLQs, event types and
// reasons with how many dead letters each holds under the filter. Built from the same per-group
// cells as the groups (dead_letter_counts, or the index-only aggregate for a time range or free
// text; see list-groups.ts): type and reason are read once per group, not per row.
import "server-only";
import { pool } from "@/lib/db/client";
import type { DeadLetterFacets } from "@/lib/dead-letters/api-types";
import type { DeadLetterFilter } from "@/lib/dead-letters/filter";
import { cellsSql } from "@/lib/dead-letters/list-groups";

type FacetRow = {
  kind: "dlq" | "type" | "reason";
  id: number | null;
  name: string | null;
  broker: string | null;
  n: number;
};

export async function listFacets(f: DeadLetterFilter): Promise<DeadLetterFacets> {
  const values: unknown[] = [];
  const { rows } = await pool().query<FacetRow>(
    `WITH ${cellsSql(f, values)},
     per_group AS (SELECT group_id, sum(n)::int AS n FROM cells GROUP BY group_id),
     typed AS (SELECT one.event_type, one.reason, pg.n FROM per_group pg
               CROSS JOIN LATERAL (SELECT d.event_type, d.reason FROM dead_letters d
                                   WHERE d.group_id = pg.group_id LIMIT 1) one),
     per_dlq AS (SELECT channel_id, sum(n)::int AS n FROM cells GROUP BY channel_id)
     SELECT 'dlq' AS kind, c.id, c.name, b.name AS broker, pd.n FROM per_dlq pd
       JOIN channels c ON c.id = pd.channel_id JOIN brokers b ON b.id = c.broker_id
     UNION ALL
     SELECT 'type', NULL, event_type, NULL, sum(n)::int FROM typed GROUP BY event_type
     UNION ALL
     SELECT 'reason', NULL, reason, NULL, sum(n)::int FROM typed GROUP BY reason`,
    values,
  );
  const facets: DeadLetterFacets = { brokers: [], dlqs: [], types: [], reasons: [] };
  const brokers = new Map<string, number>();
  for (const r of rows) {
    if (r.kind === "dlq") {
      facets.dlqs.push({ id: r.id!, name: r.name!, broker: r.broker!, count: r.n });
      brokers.set(r.broker!, (brokers.get(r.broker!) ?? 0) + r.n);
    } else if (r.kind === "type") facets.types.push({ name: r.name, count: r.n });
    else facets.reasons.push({ name: r.name!, count: r.n });
  }
  facets.brokers = [...brokers].map(([name, count]) => ({ name, count }));
  // Biggest first; ties by name, "untyped" (null) last, so the dropdowns keep their order.
  const byCount = (a: { count: number; name: string | null }, b: { count: number; name: string | null }) =>
    b.count - a.count || (a.name ?? "\uffff").localeCompare(b.name ?? "\uffff");
  facets.brokers.sort(byCount);
  facets.dlqs.sort(byCount);
  facets.types.sort(byCount);
  facets.reasons.sort(byCount);
  return facets;
}
