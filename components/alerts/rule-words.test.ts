import { describe, expect, it } from "vitest";
import {
  conditionWords,
  durationWords,
  resolveWords,
  ruleSentence,
  valueWords,
} from "@/components/alerts/rule-words";
import type { RuleSpec } from "@/lib/alerts/rule-schema";

const common = {
  name: "r",
  window: 300,
  for: 0,
  severity: "warning",
  labels: {},
  noData: "nodata",
  onError: "error",
  enabled: true,
} as const;

const latency: RuleSpec = {
  ...common,
  kind: "latency",
  scope: { kind: "all" },
  params: { percentile: "p99", hop: "e2e", threshold: 800, resolveThreshold: 600 },
};
const absent: RuleSpec = {
  ...common,
  kind: "throughput",
  scope: { kind: "event_type", type: "PaymentCaptured" },
  params: { condition: "absent", edge: "produce" },
};

describe("rule words", () => {
  it("says the condition with its threshold and unit", () => {
    expect(conditionWords(latency)).toBe("p99 end-to-end latency above 800 ms");
    expect(conditionWords(absent)).toBe("no published event");
    expect(ruleSentence(latency, "all traffic")).toBe(
      "Fires at once when p99 end-to-end latency above 800 ms on all traffic over 5 min.",
    );
    expect(ruleSentence({ ...absent, for: 120 }, "type PaymentCaptured")).toBe(
      "Fires after 2 min pending when no published event on type PaymentCaptured over 5 min.",
    );
  });

  it("says the resolve threshold's direction per kind, or nothing without one", () => {
    expect(resolveWords(latency)).toBe("once at or below 600 ms");
    expect(resolveWords(absent)).toBe("once an event arrives in the window");
  });

  it("formats values with the rule's unit and null as no data", () => {
    expect(valueWords(latency, 912.4)).toBe("912 ms");
    expect(valueWords(latency, 7196.745)).toBe("7,197 ms");
    expect(valueWords(latency, 42.345)).toBe("42.3 ms");
    expect(valueWords(absent, 0)).toBe("0 events");
    expect(valueWords(latency, null)).toBe("no data");
  });

  it("says durations the way people do", () => {
    expect(durationWords(0)).toBe("at once");
    expect(durationWords(90)).toBe("90 s");
    expect(durationWords(300)).toBe("5 min");
    expect(durationWords(5400)).toBe("1 h 30 min");
    expect(durationWords(86_400)).toBe("1 d");
  });
});
