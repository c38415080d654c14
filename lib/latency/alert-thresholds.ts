// Latency thresholds to draw on the chart: the enabled latency alert rules (issue 8) whose scope
// covers the page's — every dimension the rule's scope fixes (type, channel, service, broker, edge)
// equals the page's, "all" covers every page — and whose hop is the one charted. A stored rule
// that no longer validates is left out (the Alerts page shows it in the error state).
import "server-only";
import { parseStored, RULE_COLUMNS, type RuleRow } from "@/lib/alerts/stored-rule";
import type { RuleSpec, Scope } from "@/lib/alerts/rule-schema";
import { pool } from "@/lib/db/client";
import type { LatencyThreshold } from "@/lib/latency/api-types";
import type { Hop, LatencyEdge } from "@/lib/latency/latency-schemas";

export type ThresholdScope = {
  type: string | null;
  /** The page's channel, with its broker's and its own name (null: all channels). */
  channel: { broker: string; name: string } | null;
  service: string | null;
  edge: LatencyEdge;
  hop: Hop;
};

/** Whether a rule's scope covers the page's scope. */
export function ruleMatches(rule: Scope, s: ThresholdScope): boolean {
  const sameChannel = (broker: string, channel: string) =>
    s.channel !== null && s.channel.broker === broker && s.channel.name === channel;
  switch (rule.kind) {
    case "all":
      return true;
    case "event_type":
      return s.type === rule.type;
    case "channel":
      return sameChannel(rule.broker, rule.channel);
    case "service":
      return s.service === rule.service;
    case "broker":
      return s.channel !== null && s.channel.broker === rule.broker;
    case "edge":
      return (
        s.edge === rule.direction && s.service === rule.service && sameChannel(rule.broker, rule.channel)
      );
    case "dlq":
      return false;
  }
}

export function thresholdOf(id: string, spec: RuleSpec, s: ThresholdScope): LatencyThreshold | null {
  if (spec.kind !== "latency" || !spec.enabled || spec.params.hop !== s.hop || !ruleMatches(spec.scope, s))
    return null;
  return {
    ruleId: id,
    name: spec.name,
    percentile: spec.params.percentile,
    thresholdMs: spec.params.threshold,
    severity: spec.severity,
  };
}

export async function latencyThresholds(q: {
  type: string | null;
  channelId: number | null;
  service: string | null;
  edge: LatencyEdge;
  hop: Hop;
}): Promise<LatencyThreshold[]> {
  const db = pool();
  const [{ rows }, channel] = await Promise.all([
    db.query<RuleRow>(
      `SELECT ${RULE_COLUMNS} FROM alert_rules WHERE kind = 'latency' AND enabled ORDER BY created_at, id LIMIT 100`,
    ),
    q.channelId === null
      ? null
      : db
          .query<{ broker: string; name: string }>(
            "SELECT b.name AS broker, c.name FROM channels c JOIN brokers b ON b.id = c.broker_id WHERE c.id = $1",
            [q.channelId],
          )
          .then((r) => r.rows[0] ?? null),
  ]);
  const scope: ThresholdScope = { type: q.type, channel, service: q.service, edge: q.edge, hop: q.hop };
  const out: LatencyThreshold[] = [];
  for (const row of rows) {
    const p = parseStored(row);
    const t = "spec" in p ? thresholdOf(row.id, p.spec, scope) : null;
    if (t) out.push(t);
  }
  return out;
}
