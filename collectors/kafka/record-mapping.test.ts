import { describe, expect, it } from "vitest";
import { decodeHeaders } from "@/collectors/kafka/record-headers";
import { recordTime, toObservedMessage, type ConsumedRecord } from "@/collectors/kafka/record-mapping";

const b = (s: string) => Buffer.from(s, "utf8");
const observedAt = new Date("2026-03-01T12:00:00.000Z");

function record(over: Partial<ConsumedRecord> = {}): ConsumedRecord {
  return {
    topic: "orders",
    partition: 3,
    offset: 1_234_567_890_123n,
    timestamp: 1_772_366_390_000n,
    key: b("order-42"),
    value: b('{"id":42}'),
    ...over,
  };
}

describe("toObservedMessage", () => {
  it("maps topic, id, headers, body and time; the key rides as a raw header", () => {
    const headers = decodeHeaders(new Map([[b("traceparent"), b("00-abc-01")]]));
    const m = toObservedMessage(record(), headers, observedAt);
    expect(m).toEqual({
      channel: "orders",
      subject: "orders",
      brokerId: "orders/3/1234567890123",
      headers: { traceparent: b("00-abc-01"), "kafka.key": b("order-42") },
      body: b('{"id":42}'),
      publishedAt: new Date(1_772_366_390_000),
      observedAt,
    });
  });

  it("keeps a binary key byte for byte", () => {
    const key = Buffer.from([0, 0, 0, 42, 0xff]);
    expect(toObservedMessage(record({ key }), {}, observedAt).headers["kafka.key"]).toBe(key);
  });

  it("adds no key header for a null key", () => {
    for (const key of [undefined, null])
      expect(toObservedMessage(record({ key }), {}, observedAt).headers).toEqual({});
  });

  it("turns a tombstone into an empty body flagged kafka.tombstone", () => {
    for (const value of [undefined, null]) {
      const m = toObservedMessage(record({ value }), {}, observedAt);
      expect(m.body).toEqual(Buffer.alloc(0));
      expect(m.headers["kafka.tombstone"]).toBe(true);
    }
    expect(
      toObservedMessage(record({ value: Buffer.alloc(0) }), {}, observedAt).headers["kafka.tombstone"],
    ).toBeUndefined();
  });

  it("takes the content type from a content-type or Spring contentType header", () => {
    expect(
      toObservedMessage(record(), { "content-type": b("application/json") }, observedAt).contentType,
    ).toBe("application/json");
    expect(toObservedMessage(record(), { contentType: b("text/plain") }, observedAt).contentType).toBe(
      "text/plain",
    );
    expect(toObservedMessage(record(), {}, observedAt).contentType).toBeUndefined();
  });
});

describe("recordTime", () => {
  it("has no time for Kafka's -1 or an out-of-range value", () => {
    expect(recordTime(-1n)).toBeUndefined();
    expect(recordTime(9_000_000_000_000_000n)).toBeUndefined();
    expect(recordTime(0n)).toEqual(new Date(0));
  });
});
