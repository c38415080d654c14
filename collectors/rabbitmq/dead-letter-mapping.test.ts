// Unit tests: x-death parsing, the dead-letter mapping and its dedupe key.
import { describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import {
  canonical,
  dedupeKey,
  observedDeadLetter,
  parseDeaths,
} from "@/collectors/rabbitmq/dead-letter-mapping";

const ts = (seconds: number) => ({ "!": "timestamp", value: seconds });

// The shape amqplib decodes RabbitMQ's x-death into (captured from RabbitMQ 3.10).
const rejectedTwice = {
  a: 1,
  "x-death": [
    {
      count: 2,
      reason: "rejected",
      queue: "orders",
      time: ts(1_700_000_100),
      exchange: "shop",
      "routing-keys": ["order.created"],
    },
    {
      count: 1,
      reason: "expired",
      queue: "orders.delay",
      time: ts(1_700_000_000),
      exchange: "",
      "routing-keys": ["orders.delay"],
    },
  ],
  "x-first-death-exchange": "",
  "x-first-death-queue": "orders.delay",
  "x-first-death-reason": "expired",
};

describe("parseDeaths", () => {
  it("takes the most recent entry, sums the counts and finds the first time", () => {
    const d = parseDeaths(rejectedTwice);
    expect(d.latest).toEqual({
      reason: "rejected",
      queue: "orders",
      exchange: "shop",
      routingKey: "order.created",
      count: 2,
      time: new Date(1_700_000_100_000),
    });
    expect(d.total).toBe(3);
    expect(d.firstAt).toEqual(new Date(1_700_000_000_000));
  });

  it("falls back to x-first-death-* without x-death", () => {
    const d = parseDeaths({
      "x-first-death-reason": "maxlen",
      "x-first-death-queue": "q",
      "x-first-death-exchange": "",
    });
    expect(d.latest).toMatchObject({ reason: "maxlen", queue: "q", exchange: "", count: 1 });
    expect(d.total).toBe(1);
  });

  it("reads delivery_limit, calls other reasons unknown and survives odd values", () => {
    expect(parseDeaths({ "x-death": [{ reason: "delivery_limit", count: 5 }] }).latest?.reason).toBe(
      "delivery_limit",
    );
    expect(parseDeaths({ "x-death": [{ reason: "eaten", count: "x" }] }).latest).toMatchObject({
      reason: "unknown",
      count: 1,
    });
    for (const odd of [
      undefined,
      null,
      "x-death",
      7,
      Buffer.from("x"),
      { "x-death": "a string" },
      { "x-death": [null, 3, []] },
    ]) {
      expect(parseDeaths(odd)).toEqual({ total: 0 });
    }
  });
});

describe("observedDeadLetter", () => {
  const base = {
    dlq: "orders.dlq",
    exchange: "shop.dlx",
    routingKey: "order.created",
    body: Buffer.from("{}"),
    observedAt: new Date(5),
  };

  it("names the original exchange and routing key, reason, attempts and times", () => {
    const dl = observedDeadLetter({ ...base, properties: { headers: rejectedTwice, messageId: "m-1" } });
    expect(dl).toMatchObject({
      originalChannel: "shop",
      originalSubject: "order.created",
      reason: "rejected",
      attempts: 2,
      failedAt: new Date(1_700_000_100_000),
      firstFailedAt: new Date(1_700_000_000_000),
      dedupeKey: "orders.dlq:orders:m-1:3",
    });
    expect(dl.message.channel).toBe("orders.dlq");
    expect(dl.message.brokerId).toBe("m-1");
  });

  it("uses the queue name as the channel when the original was the default exchange", () => {
    const headers = {
      "x-death": [{ count: 1, reason: "expired", queue: "jobs", exchange: "", "routing-keys": ["jobs"] }],
    };
    const dl = observedDeadLetter({ ...base, properties: { headers } });
    expect(dl).toMatchObject({ originalChannel: "jobs", originalSubject: "jobs", reason: "expired" });
  });

  it("makes a dead letter of a message without x-death", () => {
    const dl = observedDeadLetter({ ...base, properties: {} });
    expect(dl).toMatchObject({
      reason: "unknown",
      attempts: 1,
      failedAt: new Date(5),
      originalChannel: undefined,
    });
  });

  it("takes an error text from x-exception-message", () => {
    const dl = observedDeadLetter({ ...base, properties: { headers: { "x-exception-message": "boom" } } });
    expect(dl.error).toBe("boom");
  });
});

describe("dedupeKey", () => {
  const body = Buffer.from([0, 1, 2, 255]);

  it("is stable across re-reads and changes with the death count", () => {
    const props = { headers: { ...rejectedTwice, n: { deep: [Buffer.from("x"), 1] } } };
    expect(dedupeKey("dlq", props, body, 3)).toBe(
      dedupeKey("dlq", structuredClone(props), Buffer.from(body), 3),
    );
    expect(dedupeKey("dlq", props, body, 3)).not.toBe(dedupeKey("dlq", props, body, 4));
    expect(dedupeKey("dlq", props, body, 3)).toMatch(/^dlq::sha256:[0-9a-f]{32}:3$/);
  });

  it("tells apart messages whose body or headers differ", () => {
    expect(dedupeKey("dlq", {}, body, 1)).not.toBe(dedupeKey("dlq", {}, Buffer.from("other"), 1));
    expect(dedupeKey("dlq", { headers: { a: 1 } }, body, 1)).not.toBe(
      dedupeKey("dlq", { headers: { a: 2 } }, body, 1),
    );
  });

  it("adds the reprocess id, so a republished copy that dies again is a new dead letter", () => {
    const props = { messageId: "m", headers: { [REPROCESS_ID_HEADER]: "rp-1" } };
    expect(dedupeKey("dlq", props, body, 1)).toBe("dlq::m:1:rp-1");
  });

  it("tells apart the copies of one message that died in different queues (a fanout's)", () => {
    const props = { messageId: "m" };
    expect(dedupeKey("dlq", props, body, 1, "billing")).toBe("dlq:billing:m:1");
    expect(dedupeKey("dlq", props, body, 1, "billing")).not.toBe(dedupeKey("dlq", props, body, 1, "audit"));
  });

  it("stays within the ingest contract's 512 characters", () => {
    const key = dedupeKey("q".repeat(255), { messageId: "m".repeat(255) }, body, 1);
    expect(key.length).toBeLessThanOrEqual(512);
    expect(key).toBe(dedupeKey("q".repeat(255), { messageId: "m".repeat(255) }, body, 1));
  });
});

describe("canonical", () => {
  it("orders keys and encodes values AMQP tables can hold", () => {
    expect(canonical({ b: 1, a: [Buffer.from("hi"), null, 2n, new Date(0)] })).toBe(
      '{"a":[x6869,null,2n,d0],"b":1}',
    );
    expect(canonical({ a: 1, b: 2 })).toBe(canonical({ b: 2, a: 1 }));
  });
});
