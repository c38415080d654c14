import { describe, expect, it } from "vitest";
import { buildWaterfall, formatDuration } from "@/components/traces/waterfall-model";
import type { TraceMessage, TraceSpan } from "@/lib/traces/api-types";

const T0 = Date.parse("2026-12-04T10:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();

function span(
  id: string,
  parent: string | null,
  start: number,
  end: number,
  extra: Partial<TraceSpan> = {},
): TraceSpan {
  return {
    spanId: id,
    parentSpanId: parent,
    name: `span ${id}`,
    serviceName: "svc",
    kind: "internal",
    startTime: at(start),
    endTime: at(end),
    durationMs: end - start,
    statusCode: "unset",
    statusMessage: null,
    attributes: {},
    messageId: null,
    messagingSystem: null,
    destination: null,
    operation: null,
    links: null,
    events: null,
    resource: null,
    ...extra,
  };
}

function message(key: string, published: number, extra: Partial<TraceMessage> = {}): TraceMessage {
  return {
    key,
    broker: "rabbit",
    messageId: key,
    channel: "orders",
    type: "OrderPlaced",
    producer: "checkout",
    publishedAt: at(published),
    observedAt: at(published + 1),
    traceId: null,
    spanId: null,
    size: 10,
    payload: null,
    payloadHidden: false,
    payloadTruncated: false,
    deliveries: [],
    publishSpanId: null,
    consumerSpanIds: [],
    ...extra,
  };
}

describe("buildWaterfall", () => {
  it("nests spans under parents in time order, and a message hop under its publishing span", () => {
    const w = buildWaterfall({
      spans: [span("b", "a", 50, 60), span("a", null, 0, 100), span("c", "a", 10, 20)],
      messages: [
        message("m1", 15, {
          publishSpanId: "c",
          deliveries: [
            {
              consumer: "billing",
              channel: "orders",
              attempt: 1,
              deliveredAt: at(80),
              ackedAt: at(95),
              outcome: "ack",
            },
          ],
        }),
      ],
    });
    expect(w.rows.map((r) => [r.id, r.depth])).toEqual([
      ["span:a", 0],
      ["span:c", 1],
      ["message:m1", 2],
      ["delivery:m1:0", 3],
      ["span:b", 1],
    ]);
    expect(w.startMs).toBe(T0);
    expect(w.endMs).toBe(T0 + 100);
    // Broker wait (publish → deliver) and processing (deliver → ack) are separate segments.
    expect(w.rows[3]!.segments).toEqual([
      { fromMs: T0 + 15, toMs: T0 + 80, tone: "wait" },
      { fromMs: T0 + 80, toMs: T0 + 95, tone: "process" },
    ]);
    expect(w.rows[2]!.endMs).toBe(T0 + 95);
  });

  it("renders a trace seen only by collectors: messages at the top in publish order, failures marked", () => {
    const w = buildWaterfall({
      spans: [],
      messages: [
        message("late", 200, { type: "PaymentFailed" }),
        message("early", 0, {
          deliveries: [
            {
              consumer: "billing",
              channel: "orders",
              attempt: 2,
              deliveredAt: at(40),
              ackedAt: null,
              outcome: "reject",
            },
          ],
        }),
      ],
    });
    expect(w.rows.map((r) => r.label)).toEqual([
      "publish OrderPlaced",
      "deliver to billing (attempt 2)",
      "publish PaymentFailed",
    ]);
    expect(w.rows[0]!.error).toBe(true);
    expect(w.rows[1]!.segments[1]).toEqual({ fromMs: T0 + 40, toMs: T0 + 40, tone: "failed" });
  });

  it("keeps a span whose parent is missing at the top, and marks an error status", () => {
    const w = buildWaterfall({ spans: [span("x", "gone", 5, 9, { statusCode: "error" })], messages: [] });
    expect(w.rows).toHaveLength(1);
    expect(w.rows[0]).toMatchObject({ depth: 0, error: true, segments: [{ tone: "error" }] });
  });

  it("is empty for nothing", () => {
    expect(buildWaterfall({ spans: [], messages: [] })).toEqual({ rows: [], startMs: 0, endMs: 0 });
  });
});

describe("formatDuration", () => {
  it("picks a unit people read at a glance", () => {
    expect(formatDuration(0)).toBe("0");
    expect(formatDuration(0.25)).toBe("250 µs");
    expect(formatDuration(3)).toBe("3 ms");
    expect(formatDuration(3.45)).toBe("3.5 ms");
    expect(formatDuration(120)).toBe("120 ms");
    expect(formatDuration(4560)).toBe("4.56 s");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
  });
});
