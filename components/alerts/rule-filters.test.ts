import { describe, expect, it } from "vitest";
import type { AlertRule } from "@/components/alerts/alerts-api";
import {
  filterRules,
  NO_FILTERS,
  parseRuleFilters,
  ruleFilterParams,
} from "@/components/alerts/rule-filters";

function makeRule(over: Partial<AlertRule>): AlertRule {
  return {
    id: "1",
    name: "orders slow",
    kind: "latency",
    scope: { kind: "event_type", type: "OrderPlaced" },
    params: { percentile: "p99", hop: "e2e", threshold: 800 },
    window: 300,
    for: 0,
    severity: "warning",
    labels: { team: "orders" },
    noData: "nodata",
    onError: "error",
    enabled: true,
    version: 1,
    createdAt: "2026-12-05T10:00:00.000Z",
    updatedAt: "2026-12-05T10:00:00.000Z",
    createdBy: null,
    state: "normal",
    value: 120,
    evaluatedAt: "2026-12-05T10:00:00.000Z",
    instances: [],
    ...over,
  } as AlertRule;
}

describe("rule filters", () => {
  it("round-trips through the URL and drops unknown values", () => {
    const f = { q: "orders", state: "firing", severity: "critical", kind: "throughput" } as const;
    expect(parseRuleFilters(ruleFilterParams(f))).toEqual(f);
    expect(parseRuleFilters(new URLSearchParams("state=burning&kind=toString&severity=__proto__"))).toEqual(
      NO_FILTERS,
    );
  });

  it("filters on state, severity, kind and text (name, scope, labels)", () => {
    const rules = [
      makeRule({ id: "a", name: "orders slow", state: "firing", severity: "critical" }),
      makeRule({ id: "b", name: "payments", labels: { team: "billing" }, scope: { kind: "all" } }),
    ];
    const ids = (f: Partial<typeof NO_FILTERS>) =>
      filterRules(rules, { ...NO_FILTERS, ...f }).map((r) => r.id);
    expect(ids({})).toEqual(["a", "b"]);
    expect(ids({ state: "firing" })).toEqual(["a"]);
    expect(ids({ severity: "warning" })).toEqual(["b"]);
    expect(ids({ kind: "throughput" })).toEqual([]);
    expect(ids({ q: "ORDERPLACED" })).toEqual(["a"]);
    expect(ids({ q: "billing" })).toEqual(["b"]);
    expect(ids({ q: "all traffic" })).toEqual(["b"]);
  });
});
