// The alert rule contract (zod), shared by the API, YAML import and the evaluator: one
// discriminated union over the rule kinds, each with the scopes it can watch and its own params,
// plus the fields every rule has (window, for-duration, severity, labels, summary template,
// runbook link, no-data and error policies). Every refusal names its field. Durations are seconds
// or "90s" / "5m" / "1h" / "1d" in, seconds out. Thresholds are in the kind's unit: milliseconds
// (latency), per cent (error rate), dead letters or dead letters per minute (DLQ), events per
// minute (throughput), messages (consumer lag), places or types (schema); collector_down's
// threshold is its window.
import { z } from "zod";
import { templateProblem } from "@/lib/alerts/summary-template";
import { isStorableText } from "@/lib/ingest/postgres-text";

const MAX_NAME = 300; // as ingest's names
const DAY_SEC = 86_400;

const text = (max: number) =>
  z
    .string({ error: "must be a string" })
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine(isStorableText, "must not contain NUL characters or lone surrogates");
const name = text(MAX_NAME);

const UNIT_SEC = { s: 1, m: 60, h: 3600, d: DAY_SEC } as const;
/** Seconds, or a string such as "90s", "5m", "1h", "1d"; out: whole seconds. */
const duration = z
  .union([z.number(), z.string()], { error: 'must be a duration: seconds, or a string such as "5m"' })
  .transform((v, ctx) => {
    if (typeof v === "number") {
      if (!Number.isInteger(v)) ctx.addIssue({ code: "custom", message: "must be whole seconds" });
      else if (v < 0) ctx.addIssue({ code: "custom", message: "must not be negative" });
      return v;
    }
    const m = /^(\d+)(s|m|h|d)$/.exec(v.trim());
    if (!m) {
      ctx.addIssue({
        code: "custom",
        message: /^-/.test(v.trim())
          ? "must not be negative"
          : 'must be a duration such as "30s", "5m", "1h" or "1d"',
      });
      return z.NEVER;
    }
    return Number(m[1]) * UNIT_SEC[m[2] as keyof typeof UNIT_SEC];
  });

const windowSec = duration.pipe(
  z
    .number()
    .min(60, "must be at least 1 minute (rollups are per minute)")
    .max(DAY_SEC, "must be at most 1 day")
    .refine((s) => s < 60 || s % 60 === 0, "must be whole minutes (rollups are per minute)"),
);
const forSec = duration.pipe(z.number().max(DAY_SEC, "must be at most 1 day"));

const num = (what: string) => z.number({ error: `must be a number (${what})` }).finite();

// ── scopes ──

const SCOPE_SHAPES = {
  all: z.strictObject({ kind: z.literal("all") }),
  event_type: z.strictObject({ kind: z.literal("event_type"), type: name }),
  channel: z.strictObject({ kind: z.literal("channel"), broker: name, channel: name }),
  edge: z.strictObject({
    kind: z.literal("edge"),
    direction: z.enum(["produce", "consume"], { error: 'must be "produce" or "consume"' }),
    broker: name,
    channel: name,
    service: name,
  }),
  service: z.strictObject({ kind: z.literal("service"), service: name }),
  broker: z.strictObject({ kind: z.literal("broker"), broker: name }),
  dlq: z.strictObject({ kind: z.literal("dlq"), broker: name, channel: name }),
};
export type ScopeKind = keyof typeof SCOPE_SHAPES;
export type Scope = z.output<(typeof SCOPE_SHAPES)[ScopeKind]>;

function scopeOf<K extends ScopeKind>(kinds: readonly K[]) {
  const list = kinds.map((k) => `"${k}"`).join(", ");
  return z.discriminatedUnion(
    "kind",
    kinds.map((k) => SCOPE_SHAPES[k]) as unknown as [(typeof SCOPE_SHAPES)[K], ...(typeof SCOPE_SHAPES)[K][]],
    {
      error: (iss) =>
        iss.code === "invalid_union" || iss.input === undefined
          ? `unknown scope: this kind of rule watches one of ${list}`
          : undefined,
    },
  );
}

const TRAFFIC_SCOPES = ["all", "event_type", "channel", "edge", "service", "broker"] as const;

// ── params per kind ──

export const PERCENTILES = ["p50", "p95", "p99"] as const;
export const HOPS = ["e2e", "deliver", "process", "broker"] as const;

const latencyParams = z.strictObject({
  percentile: z.enum(PERCENTILES, { error: 'must be "p50", "p95" or "p99"' }).default("p99"),
  hop: z.enum(HOPS, { error: 'must be "e2e", "deliver", "process" or "broker"' }).default("e2e"),
  threshold: num("milliseconds").positive("must be more than 0 ms"),
  resolveThreshold: num("milliseconds").positive("must be more than 0 ms").optional(),
});
const errorRateParams = z.strictObject({
  /** errors: failed deliveries of consumers; dead_letters: dead letters per published event. */
  source: z
    .enum(["errors", "dead_letters"], { error: 'must be "errors" or "dead_letters"' })
    .default("errors"),
  threshold: num("per cent").min(0, "must be 0 to 100 (per cent)").max(100, "must be 0 to 100 (per cent)"),
  resolveThreshold: num("per cent").min(0, "must be 0 to 100 (per cent)").max(100).optional(),
});
const dlqParams = z.strictObject({
  /** above: pending dead letters; growing: new dead letters per minute over the window. */
  condition: z.enum(["above", "growing"], { error: 'must be "above" or "growing"' }).default("above"),
  threshold: num("dead letters").min(0, "must not be negative"),
  resolveThreshold: num("dead letters").min(0, "must not be negative").optional(),
});
const throughputParams = z.strictObject({
  /** below: events per minute under the threshold; absent: no event at all in the window. */
  condition: z.enum(["below", "absent"], { error: 'must be "below" or "absent"' }).default("below"),
  edge: z.enum(["produce", "consume"], { error: 'must be "produce" or "consume"' }).default("produce"),
  threshold: num("events per minute").positive("must be more than 0 events per minute").optional(),
  resolveThreshold: num("events per minute").positive("must be more than 0").optional(),
});
/** Messages a consumer has yet to take (the brokers' "lag" gauge from collector heartbeats). */
const lagParams = z.strictObject({
  threshold: num("messages").min(0, "must not be negative"),
  resolveThreshold: num("messages").min(0, "must not be negative").optional(),
});
/** violations: places (path × keyword) live events failed the registered schema at, seen in the
 * window; drift: event types whose live traffic differs from their registered schema. */
const schemaParams = z.strictObject({
  signal: z.enum(["violations", "drift"], { error: 'must be "violations" or "drift"' }).default("violations"),
  threshold: num("count").min(0, "must not be negative").default(0),
  resolveThreshold: num("count").min(0, "must not be negative").optional(),
});
const collectorParams = z.strictObject({});

const common = {
  name,
  window: windowSec.default(300),
  for: forSec.default(0),
  severity: z
    .enum(["critical", "warning", "info"], { error: 'must be "critical", "warning" or "info"' })
    .default("warning"),
  labels: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, "label names are letters, digits and _ (not first)"),
      text(300),
      { error: "must be an object of label names to strings" },
    )
    .refine((l) => Object.keys(l).length <= 30, "at most 30 labels")
    .default({}),
  summary: z
    .string({ error: "must be a string" })
    .max(1000, "must be at most 1000 characters")
    .superRefine((s, ctx) => {
      const problem = templateProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  runbookUrl: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .max(2000, "must be at most 2000 characters")
    .optional(),
  noData: z
    .enum(["nodata", "ok", "alerting", "keep_last"], {
      error: 'must be "nodata", "ok", "alerting" or "keep_last"',
    })
    .default("nodata"),
  onError: z
    .enum(["error", "ok", "alerting", "keep_last"], {
      error: 'must be "error", "ok", "alerting" or "keep_last"',
    })
    .default("error"),
  enabled: z.boolean({ error: "must be true or false" }).default(true),
};

export const RULE_KINDS = [
  "latency",
  "error_rate",
  "dlq_depth",
  "throughput",
  "consumer_lag",
  "schema",
  "collector_down",
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

const variants = [
  z.strictObject({
    kind: z.literal("latency"),
    scope: scopeOf(TRAFFIC_SCOPES),
    params: latencyParams,
    ...common,
  }),
  z.strictObject({
    kind: z.literal("error_rate"),
    scope: scopeOf(TRAFFIC_SCOPES),
    params: errorRateParams,
    ...common,
  }),
  z.strictObject({
    kind: z.literal("dlq_depth"),
    scope: scopeOf(["all", "dlq", "channel", "broker"]),
    params: dlqParams,
    ...common,
  }),
  z.strictObject({
    kind: z.literal("throughput"),
    scope: scopeOf(TRAFFIC_SCOPES),
    params: throughputParams,
    ...common,
  }),
  z.strictObject({
    kind: z.literal("consumer_lag"),
    scope: scopeOf(["all", "channel", "edge", "service", "broker"]),
    params: lagParams,
    ...common,
  }),
  z.strictObject({
    kind: z.literal("schema"),
    scope: scopeOf(["all", "event_type"]),
    params: schemaParams.default({ signal: "violations", threshold: 0 }),
    ...common,
  }),
  z.strictObject({
    kind: z.literal("collector_down"),
    scope: scopeOf(["all", "broker"]),
    params: collectorParams.default({}),
    ...common,
  }),
] as const;

type Issue = { path: (string | number)[]; message: string };

/** Checks across fields that the union alone cannot say. */
function crossCheck(r: z.output<(typeof variants)[number]>): Issue[] {
  const out: Issue[] = [];
  const p = r.params as { threshold?: number; resolveThreshold?: number };
  const below = r.kind === "throughput";
  if (p.resolveThreshold !== undefined && p.threshold !== undefined) {
    if (!below && p.resolveThreshold > p.threshold)
      out.push({
        path: ["params", "resolveThreshold"],
        message: "must be at most the threshold (it resolves below it)",
      });
    if (below && p.resolveThreshold < p.threshold)
      out.push({
        path: ["params", "resolveThreshold"],
        message: "must be at least the threshold (it resolves above it)",
      });
  }
  if (r.kind === "latency" && r.scope.kind === "edge") {
    const wants = r.params.hop === "broker" ? "produce" : "consume";
    if (r.scope.direction !== wants)
      out.push({
        path: ["params", "hop"],
        message: `hop "${r.params.hop}" is measured on ${wants} edges, not ${r.scope.direction}`,
      });
  }
  if (
    r.kind === "error_rate" &&
    r.params.source === "errors" &&
    r.scope.kind === "edge" &&
    r.scope.direction !== "consume"
  )
    out.push({
      path: ["scope", "direction"],
      message: 'errors are failed deliveries: the edge must be "consume"',
    });
  if (
    r.kind === "error_rate" &&
    r.params.source === "dead_letters" &&
    (r.scope.kind === "service" || r.scope.kind === "edge")
  )
    out.push({
      path: ["scope", "kind"],
      message:
        "dead letters are counted per channel and type, not per service: use all, event_type, channel or broker",
    });
  if (r.kind === "consumer_lag" && r.scope.kind === "edge" && r.scope.direction !== "consume")
    out.push({ path: ["scope", "direction"], message: 'lag is a consumer\'s: the edge must be "consume"' });
  if (r.kind === "throughput") {
    if (r.params.condition === "below" && p.threshold === undefined)
      out.push({
        path: ["params", "threshold"],
        message: 'is required when the condition is "below" (events per minute)',
      });
    if (r.params.condition === "absent" && (p.threshold !== undefined || p.resolveThreshold !== undefined))
      out.push({
        path: ["params", "threshold"],
        message: 'must not be set when the condition is "absent" (no event in the window)',
      });
    if (r.scope.kind === "edge" && r.params.edge !== r.scope.direction)
      out.push({
        path: ["params", "edge"],
        message: `must match the scope's direction ("${r.scope.direction}")`,
      });
  }
  return out;
}

export const ruleInputSchema = z
  .discriminatedUnion("kind", variants, {
    error: (iss) =>
      iss.code === "invalid_union" || iss.input === undefined
        ? `unknown rule kind: must be one of ${RULE_KINDS.map((k) => `"${k}"`).join(", ")}`
        : undefined,
  })
  .superRefine((r, ctx) => {
    for (const i of crossCheck(r)) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
  });

export type RuleInput = z.input<typeof ruleInputSchema>;
export type RuleSpec = z.output<typeof ruleInputSchema>;
export type NoDataPolicy = RuleSpec["noData"];
export type ErrorPolicy = RuleSpec["onError"];
