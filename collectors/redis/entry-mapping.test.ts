import { describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { redisConfig } from "@/collectors/redis/config";
import {
  entryIdTime,
  FIELD_MAP_CONTENT_TYPE,
  republishFields,
  toClaimedDeadLetter,
  toObservedMessage,
  toStreamDeadLetter,
  type RawEntry,
} from "@/collectors/redis/entry-mapping";

const now = new Date("2030-01-01T00:00:00Z");

function entry(id: string, fields: Record<string, string | Buffer> | [string, string | Buffer][]): RawEntry {
  const list = Array.isArray(fields) ? fields : Object.entries(fields);
  return { id, fields: list.flatMap(([k, v]) => [Buffer.from(k), Buffer.isBuffer(v) ? v : Buffer.from(v)]) };
}

const dlqConfig = redisConfig.parse({
  kind: "redis",
  url: "redis://x",
  deadLetters: { streams: [{ stream: "orders:dlq" }] },
}).deadLetters.streams[0]!;

describe("toObservedMessage", () => {
  it("takes a default payload field as the body and the other fields as headers", () => {
    const m = toObservedMessage(
      "orders",
      entry("1700000000123-4", { type: "order.created", traceparent: "00-abc-def-01", payload: '{"id":1}' }),
      undefined,
      now,
    );
    expect(m).toMatchObject({
      channel: "orders",
      subject: "orders",
      brokerId: "1700000000123-4",
      headers: { type: "order.created", traceparent: "00-abc-def-01" },
      publishedAt: new Date(1700000000123),
      observedAt: now,
    });
    expect(m.body.toString()).toBe('{"id":1}');
    expect(m.headers).not.toHaveProperty("payload");
  });

  it("prefers payload over data, body and message, in that order", () => {
    const m = toObservedMessage("s", entry("1-0", { message: "m", data: "d", body: "b" }), undefined, now);
    expect(m.body.toString()).toBe("d");
    expect(m.headers).toEqual({ message: "m", body: "b" });
  });

  it("uses the configured payload field, and keeps the default names as headers then", () => {
    const m = toObservedMessage("s", entry("1-0", { payload: "p", event: "e" }), "event", now);
    expect(m.body.toString()).toBe("e");
    expect(m.headers).toEqual({ payload: "p" });
  });

  it("without a payload field: the body is all fields as JSON, marked so, and the fields are headers too", () => {
    const m = toObservedMessage("s", entry("1-0", { type: "t", amount: "5" }), undefined, now);
    expect(JSON.parse(m.body.toString())).toEqual({ type: "t", amount: "5" });
    expect(m.headers).toEqual({ type: "t", amount: "5" });
    expect(m.contentType).toBe(FIELD_MAP_CONTENT_TYPE);
  });

  it("keeps binary payload bytes exactly", () => {
    const bytes = Buffer.from([0, 255, 128, 10, 13, 0xc3]);
    const m = toObservedMessage("s", entry("1-0", { payload: bytes }), undefined, now);
    expect(m.body.equals(bytes)).toBe(true);
  });

  it("treats odd field names as data: __proto__, constructor, empty, unicode", () => {
    const m = toObservedMessage(
      "s",
      entry("1-0", [
        ["__proto__", "x"],
        ["constructor", "y"],
        ["", "empty"],
        ["ключ 🔑", "v"],
        ["payload", "p"],
      ]),
      undefined,
      now,
    );
    expect(Object.getPrototypeOf(m.headers)).toBe(Object.prototype);
    expect(Object.hasOwn(m.headers, "__proto__")).toBe(true);
    expect(m.headers["__proto__"]).toBe("x");
    expect(m.headers).toMatchObject({ constructor: "y", "": "empty", "ключ 🔑": "v" });
  });

  it("takes the content type from a content-type field", () => {
    const m = toObservedMessage(
      "s",
      entry("1-0", { "content-type": "application/avro", payload: "x" }),
      undefined,
      now,
    );
    expect(m.contentType).toBe("application/avro");
  });
});

describe("entryIdTime", () => {
  it("reads the millisecond part, and nothing from ids that are not time-based", () => {
    expect(entryIdTime("1700000000000-0")).toEqual(new Date(1700000000000));
    expect(entryIdTime("0-1")).toBeUndefined();
    expect(entryIdTime("nonsense")).toBeUndefined();
  });
});

describe("toStreamDeadLetter", () => {
  it("maps the bookkeeping fields to the dead letter and leaves them out of the headers", () => {
    const dl = toStreamDeadLetter(
      dlqConfig,
      entry("1700000000500-0", {
        originalStream: "orders",
        originalId: "1700000000000-0",
        reason: "validation",
        error: "amount < 0",
        attempts: "3",
        type: "order.created",
        payload: '{"amount":-1}',
      }),
      undefined,
      now,
    );
    expect(dl).toMatchObject({
      originalChannel: "orders",
      originalSubject: "orders",
      reason: "validation",
      error: "amount < 0",
      attempts: 3,
      failedAt: new Date(1700000000500),
      dedupeKey: "orders:dlq:1700000000500-0",
    });
    expect(dl.message).toMatchObject({ channel: "orders:dlq", brokerId: "1700000000000-0" });
    expect(dl.message.headers).toEqual({ type: "order.created" });
    expect(dl.message.body.toString()).toBe('{"amount":-1}');
  });

  it("defaults: reason error, one attempt, the DLQ entry id as broker id", () => {
    const dl = toStreamDeadLetter(
      dlqConfig,
      entry("5-0", { payload: "x", attempts: "many" }),
      undefined,
      now,
    );
    expect(dl).toMatchObject({ reason: "error", attempts: 1, failedAt: new Date(5) });
    expect(dl.originalChannel).toBeUndefined();
    expect(dl.message.brokerId).toBe("5-0");
  });
});

describe("toClaimedDeadLetter", () => {
  it("is a max_deliveries dead letter of the stream, keyed by stream, group and id", () => {
    const cfg = { stream: "orders", group: "billing", maxDeliveries: 3, minIdleMs: 1000 };
    const dl = toClaimedDeadLetter(cfg, entry("9-1", { payload: "x", type: "t" }), 4, undefined, now);
    expect(dl).toMatchObject({
      reason: "max_deliveries",
      attempts: 4,
      originalChannel: "orders",
      failedAt: now,
      dedupeKey: "orders:billing:9-1",
    });
    expect(dl.message).toMatchObject({ channel: "orders", brokerId: "9-1", headers: { type: "t" } });
  });
});

describe("republishFields", () => {
  const base = { reprocessId: "r-1", destination: { channel: "orders" } };

  it("writes the body under the payload field, headers as fields and the reprocess id last", () => {
    const fields = republishFields(
      {
        ...base,
        headers: { type: "t", n: 2, ok: true, gone: null, [REPROCESS_ID_HEADER]: "old" },
        body: Buffer.from("b"),
      },
      undefined,
    );
    expect(fields.map(String)).toEqual([
      "payload",
      "b",
      "type",
      "t",
      "n",
      "2",
      "ok",
      "true",
      "gone",
      "",
      REPROCESS_ID_HEADER,
      "r-1",
    ]);
  });

  it("never writes a header over the payload field", () => {
    const fields = republishFields({ ...base, headers: { data: "h" }, body: Buffer.from("b") }, "data");
    expect(fields.map(String)).toEqual(["data", "b", REPROCESS_ID_HEADER, "r-1"]);
  });

  it("writes a field-map body back as its fields", () => {
    const fields = republishFields(
      {
        ...base,
        headers: { type: "t" },
        body: Buffer.from('{"type":"t","amount":"5"}'),
        contentType: FIELD_MAP_CONTENT_TYPE,
      },
      undefined,
    );
    expect(fields.map(String)).toEqual(["type", "t", "amount", "5", REPROCESS_ID_HEADER, "r-1"]);
  });
});
