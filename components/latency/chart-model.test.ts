import { describe, expect, it } from "vitest";
import { chartPoints, zoomWindow } from "@/components/latency/chart-model";
import type { LatencyPoint, LatencyResult } from "@/lib/latency/api-types";

const point = (t: string, p99: number | null, count: number): LatencyPoint => ({
  t,
  count,
  errors: count > 0 ? 1 : 0,
  samples: count,
  p50: p99 === null ? null : p99 / 4,
  p95: p99 === null ? null : p99 / 2,
  p99,
});

const result = {
  stepSeconds: 60,
  series: [point("2026-12-04T10:00:00.000Z", 40, 120), point("2026-12-04T10:01:00.000Z", null, 0)],
  previous: {
    from: "2026-12-04T09:58:00.000Z",
    to: "2026-12-04T10:00:00.000Z",
    summary: { count: 0, errors: 0, samples: 0, p50: null, p95: null, p99: null },
    series: [point("2026-12-04T09:58:00.000Z", 80, 60), point("2026-12-04T09:59:00.000Z", 10, 6)],
  },
} as unknown as LatencyResult;

describe("latency chart model", () => {
  it("plots steps at their middle with the previous period on the same axis", () => {
    const pts = chartPoints(result);
    expect(pts[0]).toMatchObject({
      t: Date.parse("2026-12-04T10:00:30Z"),
      p99: 40,
      prevP99: 80,
      prevP50: 20,
      count: 120,
      prevCount: 60,
      rate: 2,
    });
    expect(pts[1]).toMatchObject({ p99: null, prevP99: 10, rate: 0 });
    expect(chartPoints({ ...result, previous: null })[0]!.prevP99).toBeNull();
  });

  it("turns a drag into whole steps in either direction, and a click into nothing", () => {
    const pts = chartPoints(result);
    const w = { from: "2026-12-04T10:00:00.000Z", to: "2026-12-04T10:02:00.000Z" };
    expect(zoomWindow(pts, 0, 1, 60_000)).toEqual(w);
    expect(zoomWindow(pts, 1, 0, 60_000)).toEqual(w);
    expect(zoomWindow(pts, 1, 1, 60_000)).toBeNull();
    expect(zoomWindow(pts, 0, 7, 60_000)).toBeNull();
  });
});
