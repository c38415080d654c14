import { describe, expect, it } from "vitest";
import {
  EMPTY_FILTERS,
  isFiltered,
  parseTraceFilters,
  traceSearchParams,
} from "@/components/traces/trace-filters";

describe("trace filters in the URL", () => {
  it("round-trips every filter and drops empty ones", () => {
    const url =
      "traceId=abc&messageId=m-1&type=Order+Placed&service=billing&minDurationMs=250&error=1&range=1h";
    const f = parseTraceFilters(new URLSearchParams(url));
    expect(f).toEqual({
      ...EMPTY_FILTERS,
      traceId: "abc",
      messageId: "m-1",
      type: "Order Placed",
      service: "billing",
      minDurationMs: "250",
      error: true,
      range: "1h",
    });
    expect(traceSearchParams(f).toString()).toBe(url);
    expect(isFiltered(EMPTY_FILTERS)).toBe(false);
  });

  it("ignores an unknown range and lets a fixed window win over a range", () => {
    expect(parseTraceFilters(new URLSearchParams("range=2y")).range).toBe("");
    const f = { ...EMPTY_FILTERS, range: "1h" as const, from: "2026-12-04T10:00:00Z" };
    expect(traceSearchParams(f).toString()).toBe("from=2026-12-04T10%3A00%3A00Z");
  });
});
