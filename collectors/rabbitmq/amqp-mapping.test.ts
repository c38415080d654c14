// Unit tests: AMQP properties and firehose traces → ObservedMessage, republish options, the config.
import { describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import {
  amqpTimestamp,
  describeUrl,
  observedMessage,
  parseTraceCopy,
  republishOptions,
} from "@/collectors/rabbitmq/amqp-mapping";
import { rabbitmqConfig } from "@/collectors/rabbitmq/config";

const at = new Date(1000);

describe("observedMessage", () => {
  it("maps exchange, routing key, message id, app id, content type, timestamp and properties", () => {
    const m = observedMessage({
      exchange: "shop",
      routingKey: "order.created",
      properties: {
        messageId: "m-1",
        appId: "checkout",
        contentType: "application/json",
        timestamp: 1_700_000_000,
        correlationId: "c-9",
        type: "OrderCreated",
        headers: { traceparent: "00-abc", bin: Buffer.from([1, 2]) },
      },
      body: Buffer.from("{}"),
      observedAt: at,
    });
    expect(m).toMatchObject({
      channel: "shop",
      subject: "order.created",
      brokerId: "m-1",
      appId: "checkout",
      contentType: "application/json",
      publishedAt: new Date(1_700_000_000_000),
      observedAt: at,
    });
    expect(m.headers).toMatchObject({
      traceparent: "00-abc",
      "amqp.correlation-id": "c-9",
      "amqp.type": "OrderCreated",
      "amqp.message-id": "m-1",
    });
    expect(m.headers.bin).toEqual(Buffer.from([1, 2]));
  });

  it("shows the default exchange as the queue the routing key names", () => {
    expect(
      observedMessage({
        exchange: "",
        routingKey: "jobs",
        properties: {},
        body: Buffer.alloc(0),
        observedAt: at,
      }).channel,
    ).toBe("jobs");
  });

  it("survives headers that are not a table", () => {
    for (const headers of [undefined, null, "x", [1], Buffer.from("x")]) {
      const m = observedMessage({
        exchange: "x",
        routingKey: "",
        properties: { headers },
        body: Buffer.alloc(0),
        observedAt: at,
      });
      expect(m.brokerId).toBeUndefined();
    }
  });
});

describe("amqpTimestamp", () => {
  it("reads seconds, table timestamps and millisecond values put there by JavaScript producers", () => {
    expect(amqpTimestamp(1_700_000_000)).toEqual(new Date(1_700_000_000_000));
    expect(amqpTimestamp({ "!": "timestamp", value: 1_700_000_000 })).toEqual(new Date(1_700_000_000_000));
    expect(amqpTimestamp(1_700_000_000_123)).toEqual(new Date(1_700_000_000_123));
    expect(amqpTimestamp(0)).toBeUndefined();
    expect(amqpTimestamp("soon")).toBeUndefined();
  });
});

describe("parseTraceCopy", () => {
  const headers = {
    exchange_name: "shop",
    routing_keys: ["order.created"],
    properties: { app_id: "checkout", message_id: "m-1", timestamp: 1_700_000_000, headers: { a: 1 } },
    redelivered: 1,
  };

  it("reads a publish copy", () => {
    const copy = parseTraceCopy("publish.shop", headers, Buffer.from("b"), at);
    expect(copy).toMatchObject({ kind: "publish", exchange: "shop" });
    expect(copy?.message).toMatchObject({
      channel: "shop",
      subject: "order.created",
      brokerId: "m-1",
      appId: "checkout",
    });
    expect(copy?.message.headers.a).toBe(1);
  });

  it("reads a delivery copy with the queue and the redelivered flag", () => {
    expect(parseTraceCopy("deliver.orders.v2", headers, Buffer.from("b"), at)).toMatchObject({
      kind: "deliver",
      queue: "orders.v2",
      redelivered: true,
    });
  });

  it("ignores what is not a trace copy", () => {
    expect(parseTraceCopy("publish.x", undefined, Buffer.alloc(0), at)).toBeUndefined();
    expect(parseTraceCopy("other", headers, Buffer.alloc(0), at)).toBeUndefined();
  });
});

describe("republishOptions", () => {
  it("restores properties from amqp.* headers and drops the broker's own headers", () => {
    const o = republishOptions(
      {
        a: "1",
        "amqp.message-id": "m-1",
        "amqp.correlation-id": "c",
        "amqp.user-id": "someone",
        "amqp.timestamp": 1_700_000_000,
        "amqp.delivery-mode": 1,
        "x-death": "[…]",
        "x-first-death-queue": "q",
        [REPROCESS_ID_HEADER]: "old",
      },
      "rp-2",
      "application/json",
    );
    expect(o).toEqual({
      headers: { a: "1", [REPROCESS_ID_HEADER]: "rp-2" },
      contentType: "application/json",
      messageId: "m-1",
      correlationId: "c",
      timestamp: 1_700_000_000,
      deliveryMode: 1,
      mandatory: true,
    });
  });

  it("publishes persistently by default", () => {
    expect(republishOptions({}, "rp", undefined).deliveryMode).toBe(2);
  });
});

describe("describeUrl", () => {
  it("drops the password and the query", () => {
    expect(describeUrl("amqp://bob:s3cret@mq.local:5672/prod?heartbeat=5")).toBe(
      "amqp://bob@mq.local:5672/prod",
    );
  });
});

describe("rabbitmqConfig", () => {
  it("fills the defaults", () => {
    const c = rabbitmqConfig.parse({
      kind: "rabbitmq",
      url: "amqp://localhost",
      exchanges: [{ name: "shop" }],
    });
    expect(c).toMatchObject({
      name: "rabbitmq",
      exchanges: [{ name: "shop", bindingKeys: ["#"] }],
      tapQueue: { maxLength: 100_000, expiresMs: 3_600_000 },
      prefetch: 1000,
      firehose: false,
      pollIntervalMs: 5000,
      deadLetters: { queues: [], discover: false },
    });
  });

  it("explains a wrong URL and unknown keys", () => {
    const r = rabbitmqConfig.safeParse({ kind: "rabbitmq", url: "http://x", prefetc: 5 });
    expect(r.success).toBe(false);
    const text = r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");
    expect(text).toContain("amqp:// or amqps://");
    expect(text).toContain("prefetc");
  });
});
