import { describe, expect, it } from "vitest";
import { joinHops, type JoinSpan } from "@/lib/traces/join-hops";

const A = "a".repeat(32);
const B = "b".repeat(32);
const span = (spanId: string, extra: Partial<JoinSpan> = {}): JoinSpan => ({
  traceId: A,
  spanId,
  kind: "internal",
  operation: null,
  messageId: null,
  links: null,
  ...extra,
});

describe("joinHops", () => {
  it("finds the publisher by the context the message carries, consumers by message id", () => {
    const spans = [
      span("p1", { kind: "producer", messageId: "m1" }),
      span("c1", { kind: "consumer", messageId: "m1" }),
      span("other", { messageId: "m2", kind: "consumer" }),
    ];
    expect(joinHops(spans, [{ messageId: "m1", traceId: A, spanId: "p1" }])).toEqual([
      { publishSpanId: "p1", consumerSpanIds: ["c1"] },
    ]);
  });

  it("falls back to a sending span naming the message id when the message carries no context", () => {
    const spans = [
      span("s1", { operation: "send", messageId: "m1" }),
      span("r1", { operation: "process", messageId: "m1" }),
    ];
    expect(joinHops(spans, [{ messageId: "m1", traceId: null, spanId: null }])).toEqual([
      { publishSpanId: "s1", consumerSpanIds: ["r1"] },
    ]);
  });

  it("joins a batch consumer in another trace through its links", () => {
    const spans = [
      span("batch", {
        traceId: B,
        kind: "consumer",
        links: [
          { traceId: A, spanId: "p1" },
          { traceId: A, spanId: "p2" },
        ],
      }),
    ];
    const out = joinHops(spans, [
      { messageId: "m1", traceId: A, spanId: "p1" },
      { messageId: "m2", traceId: A, spanId: "p2" },
      { messageId: "m3", traceId: A, spanId: "p3" },
    ]);
    expect(out).toEqual([
      { publishSpanId: null, consumerSpanIds: ["batch"] },
      { publishSpanId: null, consumerSpanIds: ["batch"] },
      { publishSpanId: null, consumerSpanIds: [] },
    ]);
  });
});
