// A rule as stored (alert_rules columns) ⇄ the rule contract. Stored rules are re-checked when read:
// a row written by an older version or by hand that no longer validates is reported, not guessed at.
import { ruleInputSchema, type RuleSpec } from "@/lib/alerts/rule-schema";

export type RuleRow = {
  id: string;
  name: string;
  kind: string;
  scope: unknown;
  params: unknown;
  window_sec: number;
  for_sec: number;
  severity: string;
  labels: unknown;
  summary: string | null;
  runbook_url: string | null;
  enabled: boolean;
  no_data_policy: string;
  error_policy: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by_label: string | null;
};

export const RULE_COLUMNS = `id, name, kind, scope, params, window_sec, for_sec, severity, labels, summary, runbook_url,
  enabled, no_data_policy, error_policy, version, created_at, updated_at, created_by_label`;

/** The contract's input for a stored row (what export writes and import reads back). */
export function inputOf(row: RuleRow): Record<string, unknown> {
  return {
    name: row.name,
    kind: row.kind,
    scope: row.scope,
    params: row.params,
    window: row.window_sec,
    for: row.for_sec,
    severity: row.severity,
    labels: row.labels,
    ...(row.summary === null ? {} : { summary: row.summary }),
    ...(row.runbook_url === null ? {} : { runbookUrl: row.runbook_url }),
    noData: row.no_data_policy,
    onError: row.error_policy,
    enabled: row.enabled,
  };
}

export function parseStored(row: RuleRow): { spec: RuleSpec } | { problem: string } {
  const r = ruleInputSchema.safeParse(inputOf(row));
  if (r.success) return { spec: r.data };
  return {
    problem: `the stored rule does not validate: ${r.error.issues.map((i) => `${i.path.join(".") || "rule"}: ${i.message}`).join("; ")}`,
  };
}

/** The column values of a checked rule, in RULE_COLUMNS' writable order. */
export function columnsOf(spec: RuleSpec) {
  return {
    name: spec.name,
    kind: spec.kind,
    scope: JSON.stringify(spec.scope),
    params: JSON.stringify(spec.params),
    window_sec: spec.window,
    for_sec: spec.for,
    severity: spec.severity,
    labels: JSON.stringify(spec.labels),
    summary: spec.summary ?? null,
    runbook_url: spec.runbookUrl ?? null,
    enabled: spec.enabled,
    no_data_policy: spec.noData,
    error_policy: spec.onError,
  };
}
