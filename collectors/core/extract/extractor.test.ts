import { describe, expect, it } from "vitest";
import type { ObservedMessage } from "@/collectors/core/adapter";
import { extractConfig } from "@/collectors/core/config/extract-config";
import { Extractor, PAYLOAD_HASH_HEADER } from "@/collectors/core/extract/extractor";
import { ORIGINAL_SUBJECT_HEADER } from "@/lib/collectors/protocol";
import { normaliseHeaders } from "@/collectors/core/extract/headers";
import { parseJsonPath } from "@/collectors/core/extract/json-path";
import { compileSubjectPattern, matchSubject } from "@/collectors/core/extract/subject-pattern";
import { extractTrace, parseTraceparent } from "@/collectors/core/extract/trace-context";
import { deadLetterItem, deliveryItem, eventItem } from "@/lib/ingest/schemas";

const msg = (over: Partial<ObservedMessage> = {}): ObservedMessage => ({
  channel: "shop",
  subject: "orders.created",
  headers: {},
  body: Buffer.from(
    JSON.stringify({ type: "OrderPlaced", orderId: "o-1", customer: { email: "a@b.c", password: "x" } }),
  ),
  observedAt: new Date(),
  ...over,
});
const extractor = (cfg: unknown = {}) => new Extractor("rabbit", extractConfig.parse(cfg));

describe("Extractor", () => {
  it("builds events the ingest contract accepts, with the default rules", () => {
    const e = extractor().event(
      msg({
        brokerId: "m-1",
        appId: "checkout",
        headers: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
      }),
    );
    expect(eventItem.safeParse(e).success).toBe(true);
    expect(e).toMatchObject({
      id: "m-1",
      broker: "rabbit",
      channel: "shop",
      type: "OrderPlaced",
      producer: "checkout",
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
    });
    expect(e.size).toBe(msg().body.length);
  });

  it("tries rules in order: header, then JSON path, then a subject pattern", () => {
    const x = extractor({
      eventType: [{ header: "x-type" }, { jsonPath: "$.meta.kind" }, { subject: "orders.{type}" }],
    });
    expect(x.event(msg({ headers: { "X-Type": "FromHeader" } })).type).toBe("FromHeader");
    expect(x.event(msg({ body: Buffer.from('{"meta":{"kind":"FromPath"}}') })).type).toBe("FromPath");
    expect(x.event(msg({ body: Buffer.from("{}") })).type).toBe("created");
    // Nothing matched: the subject itself, so the event is never typeless.
    expect(x.event(msg({ subject: "payments", body: Buffer.from("{}") })).type).toBe("payments");
  });

  it("takes the message id from the broker, a header, or a content hash that is stable", () => {
    const byHeader = extractor({ messageId: [{ header: "msg-id" }, "hash"] });
    expect(byHeader.event(msg({ headers: { "msg-id": "h-1" } })).id).toBe("h-1");
    const a = byHeader.event(msg()).id;
    expect(a).toMatch(/^sha256:[0-9a-f]{40}$/);
    expect(byHeader.event(msg({ observedAt: new Date(0) })).id).toBe(a);
    expect(byHeader.event(msg({ subject: "other" })).id).not.toBe(a);
  });

  it("redacts by field name and by JSON path before anything leaves the collector", () => {
    const e = extractor({ payload: { redact: ["password", "$.customer.email"] } }).event(msg());
    expect(e.payload).toEqual({
      type: "OrderPlaced",
      orderId: "o-1",
      customer: { email: "[redacted]", password: "[redacted]" },
    });
  });

  it("sends binary, non-JSON and oversized bodies as size and hash only", () => {
    const x = extractor({ payload: { maxParseBytes: 100 } });
    for (const body of [
      Buffer.from([0, 1, 2, 255, 254]),
      Buffer.from("plain text"),
      Buffer.from(`{"a":"${"x".repeat(200)}"}`),
      Buffer.from("{not json"),
    ]) {
      const e = x.event(msg({ body }));
      expect(eventItem.safeParse(e).success).toBe(true);
      expect(e.payload).toBeUndefined();
      expect(e.size).toBe(body.length);
      expect(e.headers?.[PAYLOAD_HASH_HEADER]).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("falls back to the observed time when the broker's timestamp is implausible", () => {
    const observedAt = new Date();
    const e = extractor().event(msg({ publishedAt: new Date("1970-01-02"), observedAt }));
    expect(e.publishedAt).toBe(observedAt.getTime());
  });

  it("keeps dead-letter payloads verbatim, base64 when binary, with the original subject", () => {
    const x = extractor();
    const base = {
      reason: "rejected",
      attempts: 3,
      failedAt: new Date(),
      dedupeKey: "dlq:1:3",
      originalChannel: "shop",
      originalSubject: "orders.created",
    };
    const text = x.deadLetter({ ...base, message: msg({ channel: "shop.dlq" }) });
    expect(deadLetterItem.safeParse(text).success).toBe(true);
    expect(text).toMatchObject({
      id: "dlq:1:3",
      channel: "shop.dlq",
      originalChannel: "shop",
      type: "OrderPlaced",
      payloadEncoding: "utf8",
    });
    expect(text.headers?.[ORIGINAL_SUBJECT_HEADER]).toBe("orders.created");
    expect(JSON.parse(text.payload)).toMatchObject({ customer: { password: "x" } }); // never redacted: reprocessing sends it back
    const long = JSON.stringify({ note: "é".repeat(20_000) });
    expect(x.deadLetter({ ...base, message: msg({ body: Buffer.from(long) }) })).toMatchObject({
      payload: long,
      payloadEncoding: "utf8",
    });
    const bin = x.deadLetter({ ...base, message: msg({ body: Buffer.from([0xff, 0x00, 0x10]) }) });
    expect(bin.payloadEncoding).toBe("base64");
    expect(Buffer.from(bin.payload, "base64")).toEqual(Buffer.from([0xff, 0x00, 0x10]));
  });

  it("builds deliveries that join their message by the same id", () => {
    const x = extractor();
    const m = msg({ brokerId: "m-9" });
    const d = x.delivery({
      message: m,
      consumer: "billing",
      deliveredAt: new Date(),
      outcome: "ack",
      attempt: 2,
    });
    expect(deliveryItem.safeParse(d).success).toBe(true);
    expect(d).toMatchObject({ messageId: "m-9", channel: "shop", consumer: "billing", attempt: 2 });
  });
});

describe("headers", () => {
  it("turns every broker type into a string, number, boolean or null without throwing", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const h = normaliseHeaders({
      buf: Buffer.from("text"),
      bin: Buffer.from([0xff, 0xfe]),
      big: 2n ** 70n,
      small: 5n,
      date: new Date("2026-01-01T00:00:00Z"),
      table: { a: 1, nested: { b: [1, 2] } },
      list: ["only"],
      cyclic,
      nul: "a\0b",
      inf: Infinity,
      undef: undefined,
    });
    expect(h).toMatchObject({
      buf: "text",
      bin: "base64://4=",
      big: "1180591620717411303424",
      small: 5,
      date: "2026-01-01T00:00:00.000Z",
      table: '{"a":1,"nested":{"b":[1,2]}}',
      list: "only",
      nul: "a\uFFFDb",
      inf: "Infinity",
      undef: null,
    });
    expect(typeof h.cyclic).toBe("string");
  });

  it("keeps at most 64 headers and says how many it left out", () => {
    const raw = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`h${i}`, i]));
    const h = normaliseHeaders(raw);
    expect(h["x-eventscope-headers-omitted"]).toBe(6);
  });
});

describe("trace context", () => {
  it("reads traceparent, B3 single and B3 multi (64-bit ids padded)", () => {
    expect(parseTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).toBeUndefined();
    expect(parseTraceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).toBeUndefined();
    expect(extractTrace({ b3: "a3ce929d0e0e4736-00f067aa0ba902b7-1" }, ["b3"])).toEqual({
      traceId: "0000000000000000a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
    });
    expect(
      extractTrace(
        { "X-B3-TraceId": "4bf92f3577b34da6a3ce929d0e0e4736", "X-B3-SpanId": "00f067aa0ba902b7" },
        ["b3"],
      )?.traceId,
    ).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(extractTrace({ b3: "1" }, ["traceparent", "b3"])).toBeUndefined();
  });
});

describe("rule syntax", () => {
  it("explains a bad JSON path or subject pattern", () => {
    expect(parseJsonPath("type")).toMatch(/must start with "\$"/);
    expect(parseJsonPath("$.items[*]")).toMatch(/at character 8/);
    expect(parseJsonPath('$.a["b c"][2]')).toEqual(["a", "b c", 2]);
    expect(compileSubjectPattern("orders.*")).toMatch(/exactly one \{name\}/);
    const p = compileSubjectPattern("shop.{type}.#");
    expect(typeof p === "string" ? p : matchSubject(p, "shop.paid.eu.1")).toBe("paid");
  });
});
