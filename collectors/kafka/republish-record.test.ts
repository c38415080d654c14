import { describe, expect, it } from "vitest";
import { toRecordToProduce } from "@/collectors/kafka/republish-record";

const text = (headers: Map<Buffer, Buffer>) =>
  Object.fromEntries([...headers].map(([k, v]) => [k.toString("utf8"), v.toString("utf8")]));

describe("toRecordToProduce", () => {
  it("produces to the channel with the subject as key, and stamps the reprocess id", () => {
    const body = Buffer.from([0x00, 0x01, 0xff]);
    const r = toRecordToProduce({
      reprocessId: "rp-123",
      destination: { channel: "orders", subject: "order-42" },
      headers: { traceparent: "00-abc-01", retries: 2, replay: true },
      body,
    });
    expect(r.topic).toBe("orders");
    expect(r.key).toEqual(Buffer.from("order-42"));
    expect(r.value).toBe(body);
    expect(text(r.headers)).toEqual({
      traceparent: "00-abc-01",
      retries: "2",
      replay: "true",
      "x-eventscope-reprocess-id": "rp-123",
    });
  });

  it("has no key without a subject", () => {
    const r = toRecordToProduce({
      reprocessId: "rp",
      destination: { channel: "orders" },
      headers: {},
      body: Buffer.alloc(0),
    });
    expect(r.key).toBeUndefined();
    expect("key" in r).toBe(false);
  });

  it("drops Eventscope's own and the failure's headers, nulls, and a stale reprocess id", () => {
    const r = toRecordToProduce({
      reprocessId: "rp-new",
      destination: { channel: "orders" },
      headers: {
        "kafka.key": "order-42",
        "kafka.tombstone": true,
        "kafka_dlt-exception-message": "card declined",
        "__connect.errors.stage": "VALUE_CONVERTER",
        "x-eventscope-reprocess-id": "rp-old",
        optional: null,
        keep: "me",
      },
      body: Buffer.from("{}"),
    });
    expect(text(r.headers)).toEqual({ keep: "me", "x-eventscope-reprocess-id": "rp-new" });
  });

  it("carries the content type as a header unless one is there already", () => {
    const base = {
      reprocessId: "rp",
      destination: { channel: "t" },
      body: Buffer.from("{}"),
      contentType: "application/json",
    };
    expect(text(toRecordToProduce({ ...base, headers: {} }).headers)["content-type"]).toBe(
      "application/json",
    );
    expect(text(toRecordToProduce({ ...base, headers: { contentType: "text/plain" } }).headers)).toEqual({
      contentType: "text/plain",
      "x-eventscope-reprocess-id": "rp",
    });
  });
});
