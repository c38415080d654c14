// What each rule sees this cycle: per rule, one reading per thing it watches (its scope key), as a
// value or "no data". Batched per kind — traffic kinds through lib/alerts/read-traffic.ts, dead
// letters in one statement over the dead-letter store, consumer lag from the heartbeats' gauges
// (gauge_minute), collectors in one — so a cycle costs a
// handful of statements however many rules there are. Nothing here scans raw messages.
import type { RuleSpec } from "@/lib/alerts/rule-schema";
import { resolveScopes, scopeKey, scopeLabel, type Queryable, type ScopeIds } from "@/lib/alerts/scopes";
import type { Condition, Observation } from "@/lib/alerts/state-machine";
import { OPEN_ITEMS_SQL } from "@/lib/dead-letters/filter";
import {
  readCounts,
  readHistograms,
  readLags,
  windowEnd,
  type HistogramColumn,
  type RollupEdge,
  type TrafficSeries,
} from "@/lib/alerts/read-traffic";
import { histogramQuantile } from "@/lib/latency/buckets";

export type ParsedRule = { id: string; name: string; version: number; spec: RuleSpec };
export type Reading = { key: string; label: string; obs: Observation };

const HOP: Record<string, { edge: RollupEdge; column: HistogramColumn }> = {
  broker: { edge: "produce", column: "latency" },
  deliver: { edge: "consume", column: "latency" },
  process: { edge: "consume", column: "process_latency" },
  e2e: { edge: "consume", column: "e2e_latency" },
};
const QUANTILE = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;
const DLQ_WAITING = ["pending", "failed_again"];

/** The comparison a rule makes, in the unit of its reading. */
export function conditionOf(spec: RuleSpec): Condition {
  const base = { forMs: spec.for * 1000, noData: spec.noData, onError: spec.onError };
  switch (spec.kind) {
    case "throughput":
      return spec.params.condition === "absent"
        ? { ...base, op: "below", threshold: 1 } // the reading is the number of events in the window
        : {
            ...base,
            op: "below",
            threshold: spec.params.threshold ?? 0,
            resolveThreshold: spec.params.resolveThreshold,
          };
    case "collector_down":
      return { ...base, op: "above", threshold: spec.window }; // seconds since last heard of
    default:
      return {
        ...base,
        op: "above",
        threshold: spec.params.threshold,
        resolveThreshold: spec.params.resolveThreshold,
      };
  }
}

const value = (v: number | null): Observation =>
  v === null ? { kind: "nodata" } : { kind: "value", value: v };

/** Readings for every rule (by id), read at `nowMs`. */
export async function readMetrics(
  db: Queryable,
  rules: readonly ParsedRule[],
  nowMs: number,
): Promise<Map<string, Reading[]>> {
  const out = new Map<string, Reading[]>();
  const ids = await resolveScopes(
    db,
    rules.map((r) => r.spec.scope),
  );
  const toMs = windowEnd(nowMs);
  const one = (r: ParsedRule, obs: Observation) =>
    out.set(r.id, [{ key: scopeKey(r.spec.scope), label: scopeLabel(r.spec.scope), obs }]);

  // Traffic: every series of every rule in two statements (counts, histograms).
  const countSeries: TrafficSeries[] = [];
  const histSeries: TrafficSeries[] = [];
  const pending: (() => void)[] = [];
  const dlq: { rule: ParsedRule; ids: ScopeIds }[] = [];
  const collectors: ParsedRule[] = [];
  const lags: { rule: ParsedRule; ids: ScopeIds }[] = [];
  const schemas: { rule: ParsedRule; ids: ScopeIds }[] = [];
  rules.forEach((r, k) => {
    const s = r.spec;
    const sid = ids[k]!;
    const series = (edge: RollupEdge, column?: HistogramColumn): TrafficSeries => ({
      edge,
      ids: sid,
      windowSec: s.window,
      column,
    });
    if (s.kind === "latency") {
      const hop = HOP[s.params.hop]!;
      const at = histSeries.push(series(hop.edge, hop.column)) - 1;
      const q = QUANTILE[s.params.percentile];
      pending.push(() => one(r, value(histogramQuantile(hists[at]!, q))));
    } else if (s.kind === "error_rate") {
      if (s.params.source === "errors") {
        const at = countSeries.push(series("consume")) - 1;
        pending.push(() => {
          const c = counts[at]!;
          one(r, value(c.count === 0 ? null : (100 * c.errors) / c.count));
        });
      } else {
        const dead = countSeries.push(series("dead_letter")) - 1;
        const published = countSeries.push(series("produce")) - 1;
        pending.push(() => {
          const d = counts[dead]!.count;
          const p = counts[published]!.count;
          one(r, value(p === 0 ? (d === 0 ? null : 100) : Math.min(100, (100 * d) / p)));
        });
      }
    } else if (s.kind === "throughput") {
      const at = countSeries.push(series(sid.direction ?? s.params.edge)) - 1;
      const absent = s.params.condition === "absent";
      pending.push(() => {
        const n = counts[at]!.count;
        one(r, value(absent ? n : n / (s.window / 60)));
      });
    } else if (s.kind === "dlq_depth") dlq.push({ rule: r, ids: sid });
    else if (s.kind === "consumer_lag") lags.push({ rule: r, ids: sid });
    else if (s.kind === "schema") schemas.push({ rule: r, ids: sid });
    else collectors.push(r);
  });
  const counts = await readCounts(db, countSeries, toMs);
  const hists = await readHistograms(db, histSeries, toMs);
  for (const p of pending) p();
  await readDeadLetters(db, dlq, toMs, one);
  const lagValues = await readLags(
    db,
    lags.map((x) => ({ ids: x.ids, windowSec: x.rule.spec.window })),
    toMs,
  );
  lags.forEach((x, i) => one(x.rule, value(lagValues[i]!)));
  await readSchemas(db, schemas, nowMs, one);
  await readCollectors(db, collectors, nowMs, out);
  return out;
}

async function readDeadLetters(
  db: Queryable,
  items: { rule: ParsedRule; ids: ScopeIds }[],
  toMs: number,
  one: (r: ParsedRule, obs: Observation) => void,
): Promise<void> {
  if (items.length === 0) return;
  // A dlq scope filters the dead-letter queue, a channel scope the original destination.
  const filter = `d.broker_id = COALESCE(q.broker, d.broker_id)
    AND (q.dlq IS NULL OR d.channel_id = q.dlq) AND (q.orig IS NULL OR d.original_channel_id = q.orig)`;
  const { rows } = await db.query<{ i: number; depth: number; arrived: number }>(
    `SELECT q.i,
       -- Waiting, less those in flight (an open reprocess item; their stored state is still waiting).
       ((SELECT count(*) FROM dead_letters d WHERE d.state = ANY($2::text[]) AND ${filter})
        - (SELECT count(*) FROM dead_letters d JOIN (${OPEN_ITEMS_SQL}) ri ON ri.dead_letter_id = d.id
           WHERE d.state = ANY($2::text[]) AND ${filter}))::int8 AS depth,
       (SELECT count(*) FROM dead_letters d
        WHERE d.last_failed_at >= $1::timestamptz - make_interval(secs => q.window_sec)
          AND d.last_failed_at < $1::timestamptz AND ${filter})::int8 AS arrived
     FROM unnest($3::int[], $4::int[], $5::int[], $6::int[], $7::int[]) AS q(i, dlq, orig, broker, window_sec)`,
    [
      new Date(toMs),
      DLQ_WAITING,
      items.map((_, i) => i),
      items.map((x) => (x.rule.spec.scope.kind === "dlq" ? x.ids.channelId : null)),
      items.map((x) => (x.rule.spec.scope.kind === "channel" ? x.ids.channelId : null)),
      items.map((x) => x.ids.brokerId),
      items.map((x) => x.rule.spec.window),
    ],
  );
  for (const row of rows) {
    const { rule } = items[row.i]!;
    const s = rule.spec;
    if (s.kind !== "dlq_depth") continue;
    one(rule, {
      kind: "value",
      value: s.params.condition === "above" ? row.depth : row.arrived / (s.window / 60),
    });
  }
}

/** collector_down: one reading per (non-revoked) collector in scope: seconds since it was last heard of. */
async function readCollectors(
  db: Queryable,
  rules: readonly ParsedRule[],
  nowMs: number,
  out: Map<string, Reading[]>,
): Promise<void> {
  if (rules.length === 0) return;
  const { rows } = await db.query<{ name: string; broker: string | null; heard: Date }>(
    `SELECT c.name, b.name AS broker,
            GREATEST((c.status->>'receivedAt')::timestamptz, c.last_seen_at, c.connected_at, c.created_at) AS heard
     FROM collectors c LEFT JOIN brokers b ON b.id = c.broker_id
     WHERE c.revoked_at IS NULL ORDER BY c.name`,
  );
  for (const r of rules) {
    const scope = r.spec.scope;
    const mine = rows.filter((c) => scope.kind !== "broker" || c.broker === scope.broker);
    out.set(
      r.id,
      mine.map((c) => ({
        key: `collector:${c.name}`,
        label: `collector ${c.name}`,
        obs: { kind: "value", value: Math.max(0, (nowMs - c.heard.getTime()) / 1000) },
      })),
    );
  }
}

/** schema: violation places seen within the window (by receipt time), or drifted types, in scope. */
async function readSchemas(
  db: Queryable,
  items: { rule: ParsedRule; ids: ScopeIds }[],
  nowMs: number,
  one: (r: ParsedRule, obs: Observation) => void,
): Promise<void> {
  if (items.length === 0) return;
  const { rows } = await db.query<{ i: number; violations: number; drifted: number }>(
    `SELECT q.i,
       (SELECT count(*) FROM schema_violations v WHERE (q.type_id IS NULL OR v.event_type_id = q.type_id)
          AND v.last_seen_at > $1::timestamptz - make_interval(secs => q.window_sec) AND v.last_seen_at <= $1)::int8 AS violations,
       (SELECT count(*) FROM event_types t WHERE t.drift IS NOT NULL AND (q.type_id IS NULL OR t.id = q.type_id))::int8 AS drifted
     FROM unnest($2::int[], $3::int[], $4::int[]) AS q(i, type_id, window_sec)`,
    [
      new Date(nowMs),
      items.map((_, i) => i),
      items.map((x) => x.ids.typeId),
      items.map((x) => x.rule.spec.window),
    ],
  );
  for (const row of rows) {
    const { rule } = items[row.i]!;
    if (rule.spec.kind !== "schema") continue;
    one(rule, { kind: "value", value: rule.spec.params.signal === "drift" ? row.drifted : row.violations });
  }
}
