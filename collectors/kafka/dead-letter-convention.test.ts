import { describe, expect, it } from "vitest";
import {
  deadLetterSource,
  deadLetterTopicBase,
  isDeadLetterByHeaders,
  isDeadLetterContextHeader,
  isDeadLetterTopicName,
} from "@/collectors/kafka/dead-letter-convention";

const b = (s: string) => Buffer.from(s, "utf8");

describe("dead-letter topic names", () => {
  it("recognises Spring's and common suffixes in any case, and dlq- prefixes", () => {
    for (const t of [
      "orders-dlt",
      "orders.DLT",
      "orders_dlt",
      "orders-dlq",
      "orders.dlq",
      "orders_DLQ",
      "dlq-sink",
      "DLQ.jdbc-sink",
      "dlt_x",
    ])
      expect(isDeadLetterTopicName(t), t).toBe(true);
  });

  it("leaves ordinary and look-alike names alone", () => {
    for (const t of [
      "orders",
      "orders-retry-0",
      "dlt",
      "dlq",
      "orders-dlqueue",
      "sidlq-x",
      "orders.dltx",
      "-dlt",
    ])
      expect(isDeadLetterTopicName(t), t).toBe(false);
  });

  it("names the topic a suffix-named DLT belongs to; a prefix names none", () => {
    expect(deadLetterTopicBase("orders.DLT")).toBe("orders");
    expect(deadLetterTopicBase("shop.orders-v2-dlt")).toBe("shop.orders-v2");
    expect(deadLetterTopicBase("dlq-jdbc-sink")).toBeUndefined();
    expect(deadLetterTopicBase("orders")).toBeUndefined();
  });
});

describe("dead-letter headers", () => {
  it("tells Connect from Spring headers; Spring wins when both are present", () => {
    expect(deadLetterSource({ "__connect.errors.topic": b("orders") })).toBe("connect");
    expect(deadLetterSource({ "kafka_dlt-original-topic": b("orders") })).toBe("spring");
    expect(deadLetterSource({ "__connect.errors.topic": b("a"), "kafka_dlt-exception-fqcn": b("x") })).toBe(
      "spring",
    );
    expect(deadLetterSource({ traceparent: b("00-…"), "kafka_original-topic": b("x") })).toBeUndefined();
    expect(deadLetterSource({})).toBeUndefined();
  });

  it("does not take a record Eventscope republished for a new dead letter", () => {
    const failed = { "kafka_dlt-original-topic": b("orders") };
    expect(isDeadLetterByHeaders(failed)).toBe(true);
    expect(isDeadLetterByHeaders({ ...failed, "x-eventscope-reprocess-id": b("rp-1") })).toBe(false);
    expect(isDeadLetterByHeaders({ traceparent: b("x") })).toBe(false);
  });

  it("marks the failure-describing headers dropped on republish", () => {
    expect(isDeadLetterContextHeader("kafka_dlt-exception-message")).toBe(true);
    expect(isDeadLetterContextHeader("__connect.errors.stage")).toBe(true);
    expect(isDeadLetterContextHeader("traceparent")).toBe(false);
  });
});
