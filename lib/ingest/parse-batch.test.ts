import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseBatch, parseJsonBody, type ParseOptions } from "@/lib/ingest/parse-batch";
import { makeRedactor } from "@/lib/ingest/redact";
import { makeDeadLetter, makeDelivery, makeEvent } from "@/lib/ingest/test-factories";

const opts: ParseOptions = {
  redactor: makeRedactor(["password"]),
  sampleMaxBytes: 4096,
  deadLetterMaxBytes: 1024,
  maxItems: 10,
  receivedMs: Date.now(),
};

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("did not throw");
}

describe("parseJsonBody", () => {
  it("names invalid and empty JSON", () => {
    expect(thrown(() => parseJsonBody("{nope")).code).toBe("invalid_json");
    expect(thrown(() => parseJsonBody("{nope")).message).toMatch(/^body is not valid JSON: /);
    expect(thrown(() => parseJsonBody("  ")).message).toBe("body is empty; expected a JSON object");
  });
});

describe("parseBatch envelope", () => {
  it("refuses a body that is not a batch with a readable message", () => {
    expect(thrown(() => parseBatch([1], opts)).message).toBe(
      'body must be a JSON object with "events", "deliveries" or "deadLetters" arrays (got an array)',
    );
    expect(thrown(() => parseBatch({ events: {} }, opts)).message).toBe(
      "invalid envelope: events: must be an array (got object)",
    );
    expect(thrown(() => parseBatch({ foo: [] }, opts)).message).toBe(
      'invalid envelope: expected at least one of "events", "deliveries", "deadLetters"',
    );
  });

  it("caps the item count with 413", () => {
    const events = Array.from({ length: 11 }, (_, i) => makeEvent({ id: `e${i}` }));
    const err = thrown(() => parseBatch({ events }, opts));
    expect([err.status, err.message]).toEqual([
      413,
      "batch has 11 items; at most 10 are accepted per request, split it",
    ]);
  });
});

describe("parseBatch items", () => {
  it("rejects bad items one by one with their index and a readable reason", () => {
    const { id: _drop, ...noId } = makeEvent({ id: "x" });
    const batch = parseBatch(
      {
        events: [
          makeEvent({ id: "ok" }),
          noId,
          makeEvent({ id: "t", publishedAt: "yesterday" }),
          makeEvent({ id: "s", size: "big" as unknown as number }),
          7,
        ],
        deliveries: [makeDelivery({ messageId: "ok", outcome: "lost" as "ack" })],
      },
      opts,
    );
    expect(batch.events.map((e) => e.id)).toEqual(["ok"]);
    expect(batch.rejected).toEqual([
      { kind: "event", index: 1, reason: "id: is required" },
      { kind: "event", index: 2, reason: "publishedAt: must be an ISO 8601 date-time with a time zone" },
      { kind: "event", index: 3, reason: "size: must be a number (got string)" },
      { kind: "event", index: 4, reason: "must be an object (got number)" },
      {
        kind: "delivery",
        index: 0,
        reason: 'outcome: must be one of "ack", "nack", "reject", "requeue", "expired", "pending"',
      },
    ]);
  });

  it("drops duplicates inside a batch, the first occurrence winning", () => {
    const batch = parseBatch(
      {
        events: [
          makeEvent({ id: "a", channel: "first" }),
          makeEvent({ id: "a", channel: "second" }),
          makeEvent({ id: "b" }),
        ],
      },
      opts,
    );
    expect(batch.events.map((e) => [e.id, e.channel])).toEqual([
      ["a", "first"],
      ["b", "orders"],
    ]);
    expect(batch.duplicates).toBe(1);
  });

  it("decodes dead-letter payloads and refuses oversized or bad base64 ones", () => {
    const batch = parseBatch(
      {
        deadLetters: [
          makeDeadLetter({
            id: "d1",
            payload: Buffer.from([0, 1, 2, 255]).toString("base64"),
            payloadEncoding: "base64",
          }),
          makeDeadLetter({ id: "d2", payload: "x".repeat(2000) }),
          makeDeadLetter({ id: "d3", payload: "!!!", payloadEncoding: "base64" }),
        ],
      },
      opts,
    );
    expect(batch.deadLetters.map((d) => [...d.payload])).toEqual([[0, 1, 2, 255]]);
    expect(JSON.parse(batch.deadLetters[0]!.headers!)).toEqual({
      "x-death": "1",
      authorization: "Bearer secret",
    });
    expect(batch.rejected).toEqual([
      {
        kind: "deadLetter",
        index: 1,
        reason: "payload: is 2000 bytes; dead letters are limited to 1024 bytes",
      },
      { kind: "deadLetter", index: 2, reason: "payload: is not valid base64" },
    ]);
  });
});
