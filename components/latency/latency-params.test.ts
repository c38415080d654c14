import { describe, expect, it } from "vitest";
import {
  latencyApiQuery,
  latencySearchParams,
  parseLatencyParams,
  zoomedOut,
} from "@/components/latency/latency-params";

const parse = (qs: string) => parseLatencyParams(new URLSearchParams(qs));

describe("latency page params", () => {
  it("reads every parameter and round-trips through the URL", () => {
    const qs =
      "type=Order+Placed&channel=4&service=billing&hop=process&from=2026-12-04T10%3A00%3A00.000Z&to=2026-12-04T11%3A00%3A00.000Z&compare=1";
    const p = parse(qs);
    expect(p).toEqual({
      type: "Order Placed",
      channel: 4,
      service: "billing",
      edge: null,
      hop: "process",
      range: "1h",
      zoom: { from: "2026-12-04T10:00:00.000Z", to: "2026-12-04T11:00:00.000Z" },
      compare: true,
    });
    expect(latencySearchParams(p).toString()).toBe(qs);
  });

  it("falls back to defaults for wrong values instead of failing", () => {
    expect(parse("range=2h&hop=fast&channel=x&edge=sideways&from=yesterday&to=now&compare=yes")).toEqual({
      type: null,
      channel: null,
      service: null,
      edge: null,
      hop: null,
      range: "1h",
      zoom: null,
      compare: false,
    });
    expect(parse("from=2026-12-04T11:00:00Z&to=2026-12-04T10:00:00Z").zoom).toBeNull();
  });

  it("leaves the default range out of the page URL but always sends one to the API", () => {
    const p = parse("type=a");
    expect(latencySearchParams(p).toString()).toBe("type=a");
    expect(latencyApiQuery(p).toString()).toBe("type=a&range=1h");
    expect(latencyApiQuery(parse("range=7d")).get("range")).toBe("7d");
    expect(latencyApiQuery(parse("from=2026-12-04T10:00:00Z&to=2026-12-04T11:00:00Z")).has("range")).toBe(
      false,
    );
    // The hop names its edge: never both to the API.
    expect(latencyApiQuery(parse("edge=produce&hop=broker")).has("edge")).toBe(false);
    expect(latencyApiQuery(parse("edge=produce")).get("edge")).toBe("produce");
  });

  it("zooms out to twice the window, never past now", () => {
    const z = { from: "2026-12-04T10:00:00.000Z", to: "2026-12-04T11:00:00.000Z" };
    expect(zoomedOut(z, Date.parse("2026-12-05T00:00:00Z"))).toEqual({
      from: "2026-12-04T09:30:00.000Z",
      to: "2026-12-04T11:30:00.000Z",
    });
    expect(zoomedOut(z, Date.parse("2026-12-04T11:10:00Z"))).toEqual({
      from: "2026-12-04T09:10:00.000Z",
      to: "2026-12-04T11:10:00.000Z",
    });
  });
});
