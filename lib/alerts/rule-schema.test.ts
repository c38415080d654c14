import { describe, expect, it } from "vitest";
import { ruleInputSchema } from "@/lib/alerts/rule-schema";

/** The field-level refusals of an input: [path, message]. */
function refusals(input: unknown): [string, string][] {
  const r = ruleInputSchema.safeParse(input);
  if (r.success) return [];
  return r.error.issues.map((i) => [i.path.join("."), i.message]);
}

const latency = {
  name: "slow orders",
  kind: "latency",
  scope: { kind: "event_type", type: "OrderPlaced" },
  params: { percentile: "p95", threshold: 500 },
};

describe("alert rule schema", () => {
  it("fills defaults and turns durations into seconds", () => {
    const r = ruleInputSchema.parse({ ...latency, window: "10m", for: "90s" });
    expect(r).toMatchObject({
      window: 600,
      for: 90,
      severity: "warning",
      labels: {},
      noData: "nodata",
      onError: "error",
      enabled: true,
      params: { percentile: "p95", hop: "e2e", threshold: 500 },
    });
    expect(ruleInputSchema.parse({ ...latency, window: 120 }).window).toBe(120);
  });

  it("refuses an unknown scope, naming the scopes the kind can watch", () => {
    expect(refusals({ ...latency, scope: { kind: "galaxy" } })).toEqual([
      ["scope.kind", expect.stringMatching(/unknown scope: .*"event_type", "channel", "edge"/)],
    ]);
    expect(refusals({ ...latency, kind: "dlq_depth", params: { threshold: 1 } })).toEqual([
      ["scope.kind", expect.stringMatching(/unknown scope: .*"all", "dlq", "channel", "broker"/)],
    ]);
    expect(refusals({ ...latency, scope: { kind: "channel", broker: "rabbit" } })).toEqual([
      ["scope.channel", "must be a string"],
    ]);
  });

  it("refuses a negative or odd window and for-duration", () => {
    expect(refusals({ ...latency, window: -300 })).toEqual([["window", "must not be negative"]]);
    expect(refusals({ ...latency, window: "-5m" })).toEqual([["window", "must not be negative"]]);
    expect(refusals({ ...latency, window: "90s" })).toEqual([
      ["window", expect.stringMatching(/whole minutes/)],
    ]);
    expect(refusals({ ...latency, window: "30s" })).toEqual([
      ["window", expect.stringMatching(/at least 1 minute/)],
    ]);
    expect(refusals({ ...latency, window: "2d" })).toEqual([["window", "must be at most 1 day"]]);
    expect(refusals({ ...latency, for: -1 })).toEqual([["for", "must not be negative"]]);
    expect(refusals({ ...latency, for: "soon" })).toEqual([
      ["for", expect.stringMatching(/must be a duration/)],
    ]);
  });

  it("refuses a threshold of the wrong type or range", () => {
    expect(refusals({ ...latency, params: { threshold: "500" } })).toEqual([
      ["params.threshold", "must be a number (milliseconds)"],
    ]);
    expect(refusals({ ...latency, params: { threshold: -1 } })).toEqual([
      ["params.threshold", "must be more than 0 ms"],
    ]);
    expect(
      refusals({ ...latency, kind: "error_rate", scope: { kind: "all" }, params: { threshold: 120 } }),
    ).toEqual([["params.threshold", "must be 0 to 100 (per cent)"]]);
    expect(refusals({ ...latency, params: { threshold: 5, colour: "red" } })).toEqual([
      ["params", expect.stringMatching(/colour/)],
    ]);
  });

  it("refuses a summary template error", () => {
    expect(refusals({ ...latency, summary: "p99 {{value}} ms on {{scope}}" })).toEqual([]);
    expect(refusals({ ...latency, summary: "p99 {{vaule}} ms" })).toEqual([
      ["summary", expect.stringMatching(/unknown variable \{\{vaule\}\}/)],
    ]);
  });

  it("checks fields against each other: hysteresis side, hop and edge, throughput conditions", () => {
    expect(refusals({ ...latency, params: { threshold: 500, resolveThreshold: 600 } })).toEqual([
      ["params.resolveThreshold", "must be at most the threshold (it resolves below it)"],
    ]);
    const edge = {
      kind: "edge",
      direction: "produce",
      broker: "rabbit",
      channel: "orders",
      service: "checkout",
    };
    expect(refusals({ ...latency, scope: edge })).toEqual([
      ["params.hop", 'hop "e2e" is measured on consume edges, not produce'],
    ]);
    const tp = { name: "quiet", kind: "throughput", scope: { kind: "event_type", type: "OrderPlaced" } };
    expect(refusals({ ...tp, params: {} })).toEqual([
      ["params.threshold", expect.stringMatching(/is required/)],
    ]);
    expect(refusals({ ...tp, params: { condition: "absent" }, window: "10m" })).toEqual([]);
    expect(refusals({ ...tp, params: { threshold: 10, resolveThreshold: 5 } })).toEqual([
      ["params.resolveThreshold", "must be at least the threshold (it resolves above it)"],
    ]);
  });

  it("refuses an unknown kind and bad common fields", () => {
    expect(refusals({ ...latency, kind: "vibes" })).toEqual([
      ["kind", expect.stringMatching(/unknown rule kind/)],
    ]);
    expect(
      refusals({
        ...latency,
        severity: "meh",
        runbookUrl: "javascript:alert(1)",
        labels: { "bad name": "x" },
      }),
    ).toEqual(
      expect.arrayContaining([
        ["severity", 'must be "critical", "warning" or "info"'],
        ["runbookUrl", "must be an http(s) URL"],
        ["labels.bad name", expect.stringMatching(/label names/)],
      ]),
    );
  });
});
