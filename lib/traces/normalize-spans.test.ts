import { describe, expect, it } from "vitest";
import { idToHex, nanosToMs, normalizeRequest } from "@/lib/traces/normalize-spans";
import type { OtlpRequest } from "@/lib/traces/otlp-json";

const TRACE = "5b8efff798038103d269b633813fc60c";
const NOW = Date.parse("2026-12-04T10:00:00Z");
const nanos = (ms: number) => `${BigInt(ms) * 1_000_000n + 123_456n}`;

function request(spans: object[], resource: object = { "service.name": "checkout" }): OtlpRequest {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: Object.entries(resource).map(([key, v]) => ({
            key,
            value: { stringValue: String(v) },
          })),
        },
        scopeSpans: [{ spans: spans as never }],
      },
    ],
  };
}

describe("idToHex", () => {
  it("reads hex (any case) and base64 ids of the right size", () => {
    expect(idToHex(TRACE.toUpperCase(), 16)).toBe(TRACE);
    expect(idToHex(Buffer.from(TRACE, "hex").toString("base64"), 16)).toBe(TRACE);
    expect(idToHex("AgICAgICAgI=", 8)).toBe("0202020202020202");
  });
  it("refuses empty, all-zero and wrongly sized ids", () => {
    expect(idToHex(undefined, 8)).toBeNull();
    expect(idToHex("0".repeat(16), 8)).toBeNull();
    expect(idToHex("abcd", 8)).toBeNull();
    expect(idToHex(TRACE, 8)).toBeNull();
  });
});

describe("nanosToMs", () => {
  it("keeps whole milliseconds of strings past 2^53 and of numbers", () => {
    expect(nanosToMs("1764842400123456789")).toBe(1764842400123);
    expect(nanosToMs(2_000_000)).toBe(2);
    expect(nanosToMs("0")).toBeNull();
    expect(nanosToMs(undefined)).toBeNull();
  });
});

describe("normalizeRequest", () => {
  it("maps a messaging span: service from the resource, kind, status, attributes, links, events", () => {
    const out = normalizeRequest(
      request([
        {
          traceId: TRACE,
          spanId: "1111111111111111",
          parentSpanId: "",
          name: "orders publish",
          kind: 4,
          startTimeUnixNano: nanos(NOW),
          endTimeUnixNano: nanos(NOW + 5),
          attributes: [
            { key: "messaging.system", value: { stringValue: "kafka" } },
            { key: "messaging.destination", value: { stringValue: "orders" } },
            { key: "messaging.operation", value: { stringValue: "publish" } },
            { key: "messaging.message.id", value: { stringValue: "m-1" } },
            { key: "big", value: { intValue: "9007199254740993" } },
            { key: "list", value: { arrayValue: { values: [{ boolValue: true }, { doubleValue: 1.5 }] } } },
            { key: "nul", value: { stringValue: "a\u0000b" } },
          ],
          links: [
            { traceId: TRACE, spanId: "2222222222222222" },
            { traceId: "", spanId: "x" },
          ],
          events: [{ name: "retry", timeUnixNano: nanos(NOW + 1) }],
          status: { code: 2, message: "boom" },
        },
      ]),
      NOW,
    );
    expect(out.rejected).toBe(0);
    expect(out.spans[0]).toMatchObject({
      traceId: TRACE,
      spanId: "1111111111111111",
      parentSpanId: null,
      serviceName: "checkout",
      kind: "producer",
      startMs: NOW,
      endMs: NOW + 5,
      statusCode: "error",
      statusMessage: "boom",
      messagingSystem: "kafka",
      destination: "orders",
      operation: "publish",
      messageId: "m-1",
      links: [{ traceId: TRACE, spanId: "2222222222222222" }],
      events: [{ name: "retry", timeMs: NOW + 1 }],
    });
    expect(out.spans[0]!.attributes).toMatchObject({
      big: "9007199254740993",
      list: [true, 1.5],
      nul: "a\uFFFDb",
    });
  });

  it("refuses bad spans one by one with reasons, keeps one copy of a repeated span", () => {
    const ok = { traceId: TRACE, spanId: "1111111111111111", startTimeUnixNano: nanos(NOW) };
    const out = normalizeRequest(
      request([
        ok,
        ok,
        { ...ok, traceId: "00000000000000000000000000000000" },
        { ...ok, spanId: "12" },
        { ...ok, spanId: "3333333333333333", startTimeUnixNano: "0" },
        { ...ok, spanId: "4444444444444444", startTimeUnixNano: String(NOW * 1000) }, // µs, not ns
      ]),
      NOW,
    );
    expect(out.spans.map((s) => s.spanId)).toEqual(["1111111111111111"]);
    expect(out.rejected).toBe(4);
    expect(out.reasons.join("\n")).toMatch(
      /traceId must be 16 bytes[\s\S]*spanId must be 8 bytes[\s\S]*missing or zero[\s\S]*400 days/,
    );
    // An end before the start is clamped rather than stored as a negative duration.
    expect(out.spans[0]!.endMs).toBe(NOW);
    expect(out.spans[0]!.name).toBe("(unnamed)");
  });
});
