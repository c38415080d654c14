import { describe, expect, it } from "vitest";
import { ruleMatches, thresholdOf, type ThresholdScope } from "@/lib/latency/alert-thresholds";

const scope: ThresholdScope = {
  type: "OrderPlaced",
  channelId: 3,
  service: "billing",
  edge: "consume",
  hop: "e2e",
};
const rule = (params: unknown) => ({ id: "r1", name: "slow", scope: {}, params, severity: "critical" });

describe("latency thresholds from alert rules", () => {
  it("matches a rule whose every scope key agrees (an empty scope is global)", () => {
    expect(ruleMatches({}, scope)).toBe(true);
    expect(ruleMatches({ type: "OrderPlaced" }, scope)).toBe(true);
    expect(ruleMatches({ type: "OrderPlaced", channel: 3, hop: "e2e" }, scope)).toBe(true);
    expect(ruleMatches({ type: "Other" }, scope)).toBe(false);
    expect(ruleMatches({ channelId: 4 }, scope)).toBe(false);
    expect(ruleMatches({ service: "billing" }, { ...scope, service: null })).toBe(false);
  });

  it("reads the threshold and percentile, p99 by default, and skips a rule without one", () => {
    expect(thresholdOf(rule({ thresholdMs: 250, percentile: "p95" }))).toEqual({
      ruleId: "r1",
      name: "slow",
      percentile: "p95",
      thresholdMs: 250,
      severity: "critical",
    });
    expect(thresholdOf(rule({ threshold: "500" }))?.percentile).toBe("p99");
    expect(thresholdOf(rule({ percentile: "p99" }))).toBeNull();
    expect(thresholdOf(rule(null))).toBeNull();
  });
});
