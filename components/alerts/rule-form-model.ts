// The rule form's state and its translations: every field as typed (numbers and durations stay
// strings until sent, so "12a" reaches the server and comes back as its own field error), the
// contract's body built from it, a stored rule read back into it, the hints the client can give
// before sending, and the server's field errors keyed by path. The contract's lists are copied
// here, not imported: lib/alerts/rule-schema.ts builds zod schemas, which the page's CSP refuses
// (rule-form-model.test.ts checks the copies against the contract).
import type { AlertRule } from "@/components/alerts/alerts-api";
import { durationWords, unitOf } from "@/components/alerts/rule-words";
import type { RuleKind, RuleSpec, ScopeKind } from "@/lib/alerts/rule-schema";

export const FORM_KINDS: readonly RuleKind[] = [
  "latency",
  "error_rate",
  "dlq_depth",
  "throughput",
  "consumer_lag",
  "schema",
  "collector_down",
];

const TRAFFIC: readonly ScopeKind[] = ["all", "event_type", "channel", "edge", "service", "broker"];
/** The scopes each kind of rule can watch (as rule-schema.ts's variants). */
export const SCOPES_OF: Record<RuleKind, readonly ScopeKind[]> = {
  latency: TRAFFIC,
  error_rate: TRAFFIC,
  dlq_depth: ["all", "dlq", "channel", "broker"],
  throughput: TRAFFIC,
  consumer_lag: ["all", "channel", "edge", "service", "broker"],
  schema: ["all", "event_type"],
  collector_down: ["all", "broker"],
};

export type Direction = "produce" | "consume";
export type LabelRow = { key: string; value: string };

export type FormState = {
  name: string;
  kind: RuleKind;
  scopeKind: ScopeKind;
  type: string;
  broker: string;
  channel: string;
  service: string;
  direction: Direction;
  percentile: "p50" | "p95" | "p99";
  hop: "e2e" | "deliver" | "process" | "broker";
  source: "errors" | "dead_letters";
  dlqCondition: "above" | "growing";
  throughputCondition: "below" | "absent";
  throughputEdge: Direction;
  signal: "violations" | "drift";
  threshold: string;
  resolveThreshold: string;
  window: string;
  for: string;
  severity: RuleSpec["severity"];
  labels: LabelRow[];
  summary: string;
  runbookUrl: string;
  noData: RuleSpec["noData"];
  onError: RuleSpec["onError"];
  enabled: boolean;
};

export const EMPTY_FORM: FormState = {
  name: "",
  kind: "latency",
  scopeKind: "event_type",
  type: "",
  broker: "",
  channel: "",
  service: "",
  direction: "consume",
  percentile: "p99",
  hop: "e2e",
  source: "errors",
  dlqCondition: "above",
  throughputCondition: "below",
  throughputEdge: "produce",
  signal: "violations",
  threshold: "",
  resolveThreshold: "",
  window: "5m",
  for: "0",
  severity: "warning",
  labels: [],
  summary: "",
  runbookUrl: "",
  noData: "nodata",
  onError: "error",
  enabled: true,
};

/** Whether the kind takes a threshold from the form (collector_down's is its window; absent has none). */
export function hasThreshold(f: Pick<FormState, "kind" | "throughputCondition">): boolean {
  if (f.kind === "collector_down") return false;
  return !(f.kind === "throughput" && f.throughputCondition === "absent");
}

/** A typed number as sent: a number when it reads as one, else the text (the server names the field). */
function numberOf(s: string): number | string | undefined {
  const t = s.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** "300" (seconds) or "5m" as typed; a bare number goes as seconds. */
function durationOf(s: string): number | string {
  const t = s.trim();
  return /^\d+$/.test(t) ? Number(t) : t;
}

function scopeOf(f: FormState): Record<string, unknown> {
  switch (f.scopeKind) {
    case "all":
      return { kind: "all" };
    case "event_type":
      return { kind: "event_type", type: f.type };
    case "channel":
    case "dlq":
      return { kind: f.scopeKind, broker: f.broker, channel: f.channel };
    case "edge":
      return {
        kind: "edge",
        direction: f.direction,
        broker: f.broker,
        channel: f.channel,
        service: f.service,
      };
    case "service":
      return { kind: "service", service: f.service };
    case "broker":
      return { kind: "broker", broker: f.broker };
  }
}

function paramsOf(f: FormState): Record<string, unknown> {
  const limits = hasThreshold(f)
    ? { threshold: numberOf(f.threshold), resolveThreshold: numberOf(f.resolveThreshold) }
    : {};
  switch (f.kind) {
    case "latency":
      return { percentile: f.percentile, hop: f.hop, ...limits };
    case "error_rate":
      return { source: f.source, ...limits };
    case "dlq_depth":
      return { condition: f.dlqCondition, ...limits };
    case "throughput":
      // An edge scope fixes the direction counted.
      return {
        condition: f.throughputCondition,
        edge: f.scopeKind === "edge" ? f.direction : f.throughputEdge,
        ...limits,
      };
    case "consumer_lag":
      return limits;
    case "schema":
      return { signal: f.signal, ...limits };
    case "collector_down":
      return {};
  }
}

/** The contract's input (POST/PUT and preview body). Empty optional fields are left out. */
export function bodyOf(f: FormState): Record<string, unknown> {
  const labels = Object.fromEntries(
    f.labels.filter((l) => l.key.trim() !== "" || l.value.trim() !== "").map((l) => [l.key.trim(), l.value]),
  );
  const body: Record<string, unknown> = {
    name: f.name,
    kind: f.kind,
    scope: scopeOf(f),
    params: JSON.parse(JSON.stringify(paramsOf(f))) as unknown, // drops undefined
    window: durationOf(f.window),
    for: durationOf(f.for),
    severity: f.severity,
    labels,
    noData: f.noData,
    onError: f.onError,
    enabled: f.enabled,
  };
  if (f.summary.trim() !== "") body.summary = f.summary;
  if (f.runbookUrl.trim() !== "") body.runbookUrl = f.runbookUrl.trim();
  return body;
}

/** Seconds as the shortest duration text ("90s", "5m", "1h", "1d"). */
export function durationText(sec: number): string {
  if (sec === 0) return "0";
  for (const [unit, n] of [
    ["d", 86_400],
    ["h", 3600],
    ["m", 60],
  ] as const)
    if (sec % n === 0) return `${sec / n}${unit}`;
  return `${sec}s`;
}

/** A stored rule as the form edits it. */
export function formOf(r: RuleSpec | AlertRule): FormState {
  const f: FormState = {
    ...EMPTY_FORM,
    name: r.name,
    kind: r.kind,
    scopeKind: r.scope.kind,
    window: durationText(r.window),
    for: durationText(r.for),
    severity: r.severity,
    labels: Object.entries(r.labels).map(([key, value]) => ({ key, value })),
    summary: r.summary ?? "",
    runbookUrl: r.runbookUrl ?? "",
    noData: r.noData,
    onError: r.onError,
    enabled: r.enabled,
  };
  const s = r.scope;
  if (s.kind === "event_type") f.type = s.type;
  if ("broker" in s) f.broker = s.broker;
  if ("channel" in s) f.channel = s.channel;
  if ("service" in s) f.service = s.service;
  if (s.kind === "edge") f.direction = s.direction;
  const p = r.params as { threshold?: number; resolveThreshold?: number };
  f.threshold = p.threshold === undefined ? "" : String(p.threshold);
  f.resolveThreshold = p.resolveThreshold === undefined ? "" : String(p.resolveThreshold);
  if (r.kind === "latency") Object.assign(f, { percentile: r.params.percentile, hop: r.params.hop });
  if (r.kind === "error_rate") f.source = r.params.source;
  if (r.kind === "dlq_depth") f.dlqCondition = r.params.condition;
  if (r.kind === "throughput")
    Object.assign(f, { throughputCondition: r.params.condition, throughputEdge: r.params.edge });
  if (r.kind === "schema") f.signal = r.params.signal;
  return f;
}

/** Field errors by the contract's path ("params.threshold", "scope.type", "labels.team"). */
export type FieldErrors = Record<string, string>;

const DURATION = /^(\d+|\d+[smhd])$/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** What the client can say before sending (the server checks everything again, and more). */
export function clientProblems(f: FormState): FieldErrors {
  const e: FieldErrors = {};
  if (f.name.trim() === "") e.name = "must not be empty";
  if (hasThreshold(f)) {
    const t = f.threshold.trim();
    if (t === "") e["params.threshold"] = "is required";
    else if (!Number.isFinite(Number(t))) e["params.threshold"] = "must be a number";
    const r = f.resolveThreshold.trim();
    if (r !== "" && !Number.isFinite(Number(r))) e["params.resolveThreshold"] = "must be a number";
  }
  if (!DURATION.test(f.window.trim())) e.window = 'must be a duration such as "5m" or "1h"';
  if (!DURATION.test(f.for.trim())) e.for = 'must be a duration such as "0", "30s" or "2m"';
  const required: Partial<Record<keyof FormState, boolean>> = {
    type: f.scopeKind === "event_type",
    broker: ["channel", "dlq", "edge", "broker"].includes(f.scopeKind),
    channel: ["channel", "dlq", "edge"].includes(f.scopeKind),
    service: ["edge", "service"].includes(f.scopeKind),
  };
  for (const [k, needed] of Object.entries(required))
    if (needed && (f[k as keyof FormState] as string).trim() === "") e[`scope.${k}`] = "must not be empty";
  const seen = new Set<string>();
  f.labels.forEach((l, i) => {
    const key = l.key.trim();
    if (key === "" && l.value.trim() === "") return;
    if (!LABEL_NAME.test(key)) e[`labelRows.${i}.key`] = "letters, digits and _ (not first), up to 63";
    else if (seen.has(key)) e[`labelRows.${i}.key`] = "is already a label";
    else if (l.value.trim() === "") e[`labelRows.${i}.value`] = "must not be empty";
    seen.add(key);
  });
  if (f.runbookUrl.trim() !== "" && !/^https?:\/\/\S+$/i.test(f.runbookUrl.trim()))
    e.runbookUrl = "must be an http(s) URL";
  return e;
}

/** The server's refusal (`details`: [{path, message}]) as field errors; a label's on its row. */
export function serverErrors(details: unknown, f: FormState): FieldErrors {
  if (!Array.isArray(details)) return {};
  const e: FieldErrors = {};
  for (const d of details as { path?: unknown; message?: unknown }[]) {
    if (typeof d.path !== "string" || typeof d.message !== "string") continue;
    let path = d.path === "" ? "form" : d.path;
    const label = /^labels\.(.+)$/.exec(path);
    if (label) {
      const i = f.labels.findIndex((l) => l.key.trim() === label[1]);
      if (i >= 0) path = `labelRows.${i}.value`;
    }
    e[path] ??= d.message;
  }
  return e;
}

/** The unit of the rule's value (rule-words' unitOf reads only the kind and its condition). */
export function unitOfForm(f: FormState): string {
  const condition = f.kind === "dlq_depth" ? f.dlqCondition : f.throughputCondition;
  return unitOf({ kind: f.kind, params: { condition } } as unknown as RuleSpec);
}

/** A typed duration in words ("5m" → "5 min"), or null when it does not read as one. */
export function durationHint(s: string): string | null {
  const m = /^(\d+)([smhd]?)$/.exec(s.trim());
  if (!m) return null;
  const sec = Number(m[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return durationWords(sec);
}
