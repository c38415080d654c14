// Latency thresholds to draw on the chart, read from alert rules of kind "latency" whose scope
// matches the page's. Rules are issue 8: this is the one small reader it can replace. A rule's
// scope keys (type, channel, service, edge, hop) each must match when present; an empty scope is
// global. Its params give thresholdMs (or threshold) and percentile (p99 unless said otherwise).
import "server-only";
import { pool } from "@/lib/db/client";
import type { LatencyThreshold } from "@/lib/latency/api-types";
import type { Hop, LatencyEdge } from "@/lib/latency/latency-schemas";

export type ThresholdScope = {
  type: string | null;
  channelId: number | null;
  service: string | null;
  edge: LatencyEdge;
  hop: Hop;
};

type RuleRow = { id: string; name: string; scope: unknown; params: unknown; severity: string };

const PERCENTILES = new Set(["p50", "p95", "p99"]);

function record(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Whether a rule's scope covers the page's scope: every key the rule sets must match. */
export function ruleMatches(ruleScope: unknown, s: ThresholdScope): boolean {
  const r = record(ruleScope);
  const want: Record<string, unknown> = {
    type: s.type,
    channel: s.channelId,
    channelId: s.channelId,
    service: s.service,
    edge: s.edge,
    hop: s.hop,
  };
  for (const [k, v] of Object.entries(r)) {
    if (!(k in want) || v === null || v === undefined) continue;
    if (String(v) !== String(want[k])) return false;
  }
  return true;
}

export function thresholdOf(rule: RuleRow): LatencyThreshold | null {
  const p = record(rule.params);
  const raw = p.thresholdMs ?? p.threshold;
  const thresholdMs = typeof raw === "number" ? raw : Number(raw);
  if (!Number.isFinite(thresholdMs) || thresholdMs <= 0) return null;
  const percentile = typeof p.percentile === "string" && PERCENTILES.has(p.percentile) ? p.percentile : "p99";
  return {
    ruleId: rule.id,
    name: rule.name,
    percentile: percentile as LatencyThreshold["percentile"],
    thresholdMs,
    severity: rule.severity,
  };
}

export async function latencyThresholds(scope: ThresholdScope): Promise<LatencyThreshold[]> {
  const { rows } = await pool().query<RuleRow>(
    `SELECT id, name, scope, params, severity FROM alert_rules
     WHERE kind = 'latency' AND enabled ORDER BY created_at LIMIT 100`,
  );
  const out: LatencyThreshold[] = [];
  for (const r of rows) {
    if (!ruleMatches(r.scope, scope)) continue;
    const t = thresholdOf(r);
    if (t) out.push(t);
  }
  return out;
}
