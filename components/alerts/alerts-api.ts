// The Alerts pages' calls to the alert-rules API: TanStack Query keys, fetchers and the JSON shapes
// (lib/alerts/read-rules.ts answers them; the rule's own fields are the contract of rule-schema.ts).
// Type-only imports: lib/alerts/rule-schema.ts builds zod schemas, which the page's CSP refuses.
import type { PreviewRange, RulePreview } from "@/lib/alerts/preview-rule";
import type { RuleSpec } from "@/lib/alerts/rule-schema";
import type { AlertStateName } from "@/lib/alerts/state-machine";
import { apiFetch } from "@/lib/http/api-client";

export type RuleState = AlertStateName | "paused";

export type AlertInstance = {
  scopeKey: string;
  state: AlertStateName;
  since: string;
  value: number | null;
  error: string | null;
  firedAt: string | null;
  resolvedAt: string | null;
  evaluatedAt: string;
  summary: string | null;
};

export type AlertRule = RuleSpec & {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  /** The worst instance's; null before the first evaluation (or after a change). */
  state: RuleState | null;
  value: number | null;
  evaluatedAt: string | null;
  instances: AlertInstance[];
};

export type FiringAlert = AlertInstance & {
  ruleId: string;
  rule: string;
  severity: RuleSpec["severity"];
  labels: Record<string, string>;
};

export type Transition = {
  id: number;
  scopeKey: string;
  from: string;
  to: string;
  event: string;
  value: number | null;
  threshold: number | null;
  summary: string | null;
  ruleVersion: number;
  at: string;
};

export const HISTORY_PAGE = 50;

/**
 * Everything under `all` is refetched after a change to a rule, and on the rule page at each `alerts`
 * live hint (the evaluator's cycle); nothing polls.
 */
export const alertKeys = {
  all: ["alerts"] as const,
  rules: ["alerts", "rules"] as const,
  rule: (id: string) => ["alerts", "rule", id] as const,
  history: (id: string) => ["alerts", "history", id] as const,
  firing: ["alerts", "firing"] as const,
  preview: (range: string, body: string) => ["alerts", "preview", range, body] as const,
};

export function fetchRules(signal: AbortSignal) {
  return apiFetch<{ rules: AlertRule[] }>("/api/v1/alert-rules", { signal });
}

export function fetchRule(id: string, signal: AbortSignal) {
  return apiFetch<AlertRule>(`/api/v1/alert-rules/${encodeURIComponent(id)}`, { signal });
}

export function fetchHistory(id: string, before: number | undefined, signal: AbortSignal) {
  const q = new URLSearchParams({ limit: String(HISTORY_PAGE) });
  if (before !== undefined) q.set("before", String(before));
  return apiFetch<{ transitions: Transition[]; nextBefore: number | null }>(
    `/api/v1/alert-rules/${encodeURIComponent(id)}/history?${q}`,
    { signal },
  );
}

export function fetchFiring(signal: AbortSignal) {
  return apiFetch<{ alerts: FiringAlert[] }>("/api/v1/alerts?state=firing", { signal });
}

/** The rule as the API takes it back (a PUT replaces the whole rule): its contract fields only. */
export function specOf(r: AlertRule): RuleSpec {
  const {
    id: _id,
    version: _version,
    createdAt: _c,
    updatedAt: _u,
    createdBy: _by,
    state: _s,
    value: _v,
    evaluatedAt: _e,
    instances: _i,
    ...spec
  } = r;
  return spec;
}

/** If-Match of a versioned write: refused (409) when someone else changed the rule since `version`. */
const ifMatch = (version: number) => ({ "if-match": `"${version}"` });

/** Enables or disables the rule (a whole-rule replace of the version shown; the evaluator restarts its instances). */
export function setRuleEnabled(r: AlertRule, enabled: boolean) {
  return apiFetch<AlertRule>(`/api/v1/alert-rules/${encodeURIComponent(r.id)}`, {
    method: "PUT",
    body: { ...specOf(r), enabled },
    headers: ifMatch(r.version),
  });
}

/** Creates a rule from the form's body (the contract's input). */
export function createRule(body: unknown) {
  return apiFetch<AlertRule>("/api/v1/alert-rules", { method: "POST", body });
}

/** Replaces the rule read at `version` with the form's body. */
export function replaceRule(id: string, version: number, body: unknown) {
  return apiFetch<AlertRule>(`/api/v1/alert-rules/${encodeURIComponent(id)}`, {
    method: "PUT",
    body,
    headers: ifMatch(version),
  });
}

export function deleteRule(id: string) {
  return apiFetch<void>(`/api/v1/alert-rules/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** The rule's metric over `range` and where it would have fired (nothing is stored). */
export function fetchPreview(body: unknown, range: PreviewRange, signal: AbortSignal) {
  return apiFetch<RulePreview>(`/api/v1/alert-rules/preview?range=${range}`, {
    method: "POST",
    body,
    signal,
  });
}
