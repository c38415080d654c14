// Edge labels and widths: compact, monotonic, bounded.
import { describe, expect, it } from "vitest";
import { edgeWidth, formatMs, formatPercent, formatPerSecond } from "@/components/flows/format-flow";
import { parseFlowParams, flowSearchParams } from "@/components/flows/flows-api";

describe("flow formatting", () => {
  it("formats rates, durations and ratios", () => {
    expect(formatPerSecond(12.34)).toBe("12/s");
    expect(formatPerSecond(1.25)).toBe("1.3/s");
    expect(formatPerSecond(0.05)).toBe("3.0/min");
    expect(formatMs(0.5)).toBe("0.50 ms");
    expect(formatMs(42.4)).toBe("42 ms");
    expect(formatMs(1_234)).toBe("1.23 s");
    expect(formatMs(null)).toBe("—");
    expect(formatPercent(0.0734)).toBe("7.3 %");
    expect(formatPercent(0)).toBe("0 %");
  });

  it("widens edges with rate, within bounds", () => {
    expect(edgeWidth(0)).toBeCloseTo(1.25);
    expect(edgeWidth(1)).toBeLessThan(edgeWidth(10));
    expect(edgeWidth(1e9)).toBe(9);
  });

  it("round-trips the page's URL state, dropping defaults and unknown windows", () => {
    const p = parseFlowParams(new URLSearchParams("window=1h&service=billing&select=ch:1&window2=x"));
    expect(p).toEqual({
      window: "1h",
      broker: "",
      type: "",
      service: "billing",
      channel: "",
      select: "ch:1",
    });
    expect(flowSearchParams(p).toString()).toBe("window=1h&service=billing&select=ch%3A1");
    expect(parseFlowParams(new URLSearchParams("window=2y")).window).toBe("15m");
  });
});
