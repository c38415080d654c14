// The alert rules' values computed naively from the raw rows — messages ⋈ deliveries with exact
// percentile_cont, dead letters and collectors as the evaluator reads them — one statement per
// rule: the baseline bench:alerts prints beside one evaluation cycle over the rollups.
import type pg from "pg";
import type { RuleSpec } from "@/lib/alerts/rule-schema";

const COLUMN = {
  e2e: "d.acked_at - m.published_at",
  deliver: "d.delivered_at - m.published_at",
  process: "d.acked_at - d.delivered_at",
  broker: "m.observed_at - m.published_at",
};

/** SQL conditions on messages m (and deliveries d) for a scope; values appended to `v`. */
function scopeWhere(s: RuleSpec["scope"], v: unknown[], consume: boolean): string {
  switch (s.kind) {
    case "all":
      return "true";
    case "event_type":
      return `m.event_type_id = (SELECT id FROM event_types WHERE name = $${v.push(s.type)})`;
    case "channel":
      return `m.channel_id = (SELECT c.id FROM channels c JOIN brokers b ON b.id = c.broker_id WHERE b.name = $${v.push(s.broker)} AND c.name = $${v.push(s.channel)})`;
    case "service":
      return `${consume ? "d.consumer_id" : "m.producer_id"} = (SELECT id FROM services WHERE name = $${v.push(s.service)})`;
    case "broker":
      return `m.broker_id = (SELECT id FROM brokers WHERE name = $${v.push(s.broker)})`;
    case "edge":
      return `m.channel_id = (SELECT c.id FROM channels c JOIN brokers b ON b.id = c.broker_id WHERE b.name = $${v.push(s.broker)} AND c.name = $${v.push(s.channel)})
        AND ${consume ? "d.consumer_id" : "m.producer_id"} = (SELECT id FROM services WHERE name = $${v.push(s.service)})`;
    case "dlq":
      return "false";
  }
}

export function naiveSql(spec: RuleSpec, endMs: number): { text: string; values: unknown[] } {
  const v: unknown[] = [new Date(endMs - spec.window * 1000), new Date(endMs)];
  switch (spec.kind) {
    case "latency": {
      const consume = spec.params.hop !== "broker";
      const q = { p50: 0.5, p95: 0.95, p99: 0.99 }[spec.params.percentile];
      const where = scopeWhere(spec.scope, v, consume);
      return consume
        ? {
            text: `SELECT percentile_cont(${q}) WITHIN GROUP (ORDER BY ${COLUMN[spec.params.hop]}) AS v
                   FROM deliveries d JOIN messages m ON m.broker_id = d.broker_id AND m.message_id = d.message_id
                   WHERE d.delivered_at >= $1 AND d.delivered_at < $2 AND ${where}`,
            values: v,
          }
        : {
            text: `SELECT percentile_cont(${q}) WITHIN GROUP (ORDER BY ${COLUMN.broker}) AS v FROM messages m
                   WHERE m.published_at >= $1 AND m.published_at < $2 AND ${where}`,
            values: v,
          };
    }
    case "throughput":
    case "error_rate": {
      const consume = spec.kind === "error_rate" || spec.params.edge === "consume";
      const where = scopeWhere(spec.scope, v, consume);
      return consume
        ? {
            text: `SELECT count(*) AS n, count(*) FILTER (WHERE d.outcome <> 'ack') AS errors
                   FROM deliveries d JOIN messages m ON m.broker_id = d.broker_id AND m.message_id = d.message_id
                   WHERE d.delivered_at >= $1 AND d.delivered_at < $2 AND ${where}`,
            values: v,
          }
        : {
            text: `SELECT count(*) AS n FROM messages m WHERE m.published_at >= $1 AND m.published_at < $2 AND ${where}`,
            values: v,
          };
    }
    case "dlq_depth":
      return {
        text: `SELECT count(*) FILTER (WHERE d.state IN ('pending', 'failed_again')) AS depth,
                      count(*) FILTER (WHERE d.last_failed_at >= $1 AND d.last_failed_at < $2) AS arrived
               FROM dead_letters d JOIN channels c ON c.id = d.channel_id WHERE c.name = $3`,
        values: [...v, spec.scope.kind === "dlq" ? spec.scope.channel : ""],
      };
    case "consumer_lag":
      return {
        text: "SELECT max(value) FROM gauge_minute WHERE name = 'lag' AND minute >= $1 AND minute < $2",
        values: v,
      };
    case "schema":
      return {
        text: "SELECT count(*) FROM schema_violations WHERE last_seen_at >= $1 AND last_seen_at < $2",
        values: v,
      };
    case "collector_down":
      return { text: "SELECT name, last_seen_at FROM collectors WHERE revoked_at IS NULL", values: [] };
  }
}

/** Every rule's naive statement in turn; the total time. */
export async function runNaive(c: pg.Client, specs: readonly RuleSpec[], endMs: number): Promise<number> {
  const started = performance.now();
  for (const s of specs) await c.query(naiveSql(s, endMs));
  return performance.now() - started;
}
