import { describe, expect, it } from "vitest";
import { ruleInputSchema } from "@/lib/alerts/rule-schema";
import { ruleMatches, thresholdOf, type ThresholdScope } from "@/lib/latency/alert-thresholds";

const page: ThresholdScope = {
  type: "OrderPlaced",
  channel: { broker: "rabbit", name: "orders" },
  service: "billing",
  edge: "consume",
  hop: "e2e",
};
const rule = (scope: unknown, params: Record<string, unknown> = { threshold: 250 }) =>
  ruleInputSchema.parse({ name: "slow", kind: "latency", scope, params, severity: "critical" });

describe("latency thresholds from alert rules", () => {
  it("matches a rule whose every scope dimension agrees with the page ('all' everywhere)", () => {
    expect(ruleMatches({ kind: "all" }, page)).toBe(true);
    expect(ruleMatches({ kind: "event_type", type: "OrderPlaced" }, page)).toBe(true);
    expect(ruleMatches({ kind: "event_type", type: "Other" }, page)).toBe(false);
    expect(ruleMatches({ kind: "channel", broker: "rabbit", channel: "orders" }, page)).toBe(true);
    expect(ruleMatches({ kind: "channel", broker: "nats", channel: "orders" }, page)).toBe(false);
    expect(ruleMatches({ kind: "broker", broker: "rabbit" }, page)).toBe(true);
    expect(ruleMatches({ kind: "broker", broker: "rabbit" }, { ...page, channel: null })).toBe(false);
    expect(ruleMatches({ kind: "service", service: "billing" }, { ...page, service: null })).toBe(false);
    const edge = {
      kind: "edge",
      direction: "consume",
      broker: "rabbit",
      channel: "orders",
      service: "billing",
    } as const;
    expect(ruleMatches(edge, page)).toBe(true);
    expect(ruleMatches({ ...edge, direction: "produce" }, page)).toBe(false);
  });

  it("reads the threshold and percentile of a rule on the charted hop only", () => {
    expect(thresholdOf("r1", rule({ kind: "all" }, { threshold: 250, percentile: "p95" }), page)).toEqual({
      ruleId: "r1",
      name: "slow",
      percentile: "p95",
      thresholdMs: 250,
      severity: "critical",
    });
    expect(thresholdOf("r1", rule({ kind: "all" }), page)?.percentile).toBe("p99");
    expect(thresholdOf("r1", rule({ kind: "all" }, { threshold: 250, hop: "process" }), page)).toBeNull();
    expect(thresholdOf("r1", rule({ kind: "event_type", type: "Other" }), page)).toBeNull();
  });
});
