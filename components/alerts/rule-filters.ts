// The rules list's filters — state, severity, kind and a text search — kept in the page's URL
// (shareable, survives a reload) and applied in the browser: the list API answers every rule at once.
import type { AlertRule, RuleState } from "@/components/alerts/alerts-api";
import { KIND_LABEL, SEVERITY_LABEL, STATE_LABEL } from "@/components/alerts/rule-words";
import type { RuleKind, RuleSpec } from "@/lib/alerts/rule-schema";
import { scopeLabel } from "@/lib/alerts/scopes";

export type RuleFilters = {
  q: string;
  state: RuleState | "";
  severity: RuleSpec["severity"] | "";
  kind: RuleKind | "";
};

export const NO_FILTERS: RuleFilters = { q: "", state: "", severity: "", kind: "" };

function oneOf<T extends string>(value: string | null, allowed: Record<T, string>): T | "" {
  return value !== null && Object.hasOwn(allowed, value) ? (value as T) : "";
}

/** Reads the filters from a URL's query; anything unknown falls back to "any". */
export function parseRuleFilters(params: URLSearchParams): RuleFilters {
  return {
    q: (params.get("q") ?? "").trim().slice(0, 200),
    state: oneOf(params.get("state"), STATE_LABEL),
    severity: oneOf(params.get("severity"), SEVERITY_LABEL),
    kind: oneOf(params.get("kind"), KIND_LABEL),
  };
}

/** The filters as a query string: only those set, in a stable order. */
export function ruleFilterParams(f: RuleFilters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.q) q.set("q", f.q);
  if (f.state) q.set("state", f.state);
  if (f.severity) q.set("severity", f.severity);
  if (f.kind) q.set("kind", f.kind);
  return q;
}

export function isFiltered(f: RuleFilters): boolean {
  return f.q !== "" || f.state !== "" || f.severity !== "" || f.kind !== "";
}

/** The text search looks at the name, the scope in words, the summary and the labels. */
function matchesText(r: AlertRule, q: string): boolean {
  const needle = q.toLowerCase();
  const hay = [r.name, scopeLabel(r.scope), r.summary ?? "", ...Object.entries(r.labels).flat()];
  return hay.some((s) => s.toLowerCase().includes(needle));
}

export function filterRules(rules: readonly AlertRule[], f: RuleFilters): AlertRule[] {
  return rules.filter(
    (r) =>
      (!f.state || r.state === f.state) &&
      (!f.severity || r.severity === f.severity) &&
      (!f.kind || r.kind === f.kind) &&
      (!f.q || matchesText(r, f.q)),
  );
}
