// The summary of a state change: the rule's own template, or one per kind that says the value with
// its unit, the threshold and the scope.
import type { ParsedRule } from "@/lib/alerts/read-metrics";
import type { RuleSpec } from "@/lib/alerts/rule-schema";
import { formatValue, renderTemplate } from "@/lib/alerts/summary-template";

function defaultTemplate(s: RuleSpec): string {
  switch (s.kind) {
    case "latency":
      return `${s.params.percentile} ${s.params.hop} latency {{value}} ms on {{scope}} (threshold {{threshold}} ms)`;
    case "error_rate":
      return `${s.params.source === "errors" ? "error" : "dead-letter"} rate {{value}} % on {{scope}} (threshold {{threshold}} %)`;
    case "dlq_depth":
      return s.params.condition === "above"
        ? "{{value}} dead letters waiting in {{scope}} (threshold {{threshold}})"
        : "{{value}} new dead letters per minute in {{scope}} (threshold {{threshold}})";
    case "throughput":
      return s.params.condition === "absent"
        ? `{{value}} events on {{scope}} in the last ${s.window / 60} min`
        : "{{value}} events per minute on {{scope}} (threshold {{threshold}})";
    case "consumer_lag":
      return "consumer lag {{value}} messages on {{scope}} (threshold {{threshold}})";
    case "schema":
      return s.params.signal === "drift"
        ? "{{value}} event types drifted from their registered schema in {{scope}}"
        : `{{value}} schema violations (path × keyword) on {{scope}} in the last ${s.window / 60} min`;
    case "collector_down":
      return "{{scope}} last heard of {{value}} s ago (threshold {{threshold}} s)";
  }
}

export function renderSummary(rule: ParsedRule, scope: string, value: number | null, state: string): string {
  const s = rule.spec;
  const threshold =
    s.kind === "collector_down"
      ? s.window
      : s.kind === "throughput" && s.params.condition === "absent"
        ? 1
        : s.params.threshold;
  return renderTemplate(s.summary ?? defaultTemplate(s), {
    value: formatValue(value),
    threshold: formatValue(threshold ?? null),
    scope,
    rule: rule.name,
    severity: s.severity,
    state,
    labels: s.labels,
  });
}
