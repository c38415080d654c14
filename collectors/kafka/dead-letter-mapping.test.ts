import { describe, expect, it } from "vitest";
import { connectContext, springContext, toDeadLetter } from "@/collectors/kafka/dead-letter-mapping";
import { decodeHeaders } from "@/collectors/kafka/record-headers";
import { toObservedMessage, type ConsumedRecord } from "@/collectors/kafka/record-mapping";

const b = (s: string) => Buffer.from(s, "utf8");
const int32 = (n: number) => {
  const buf = Buffer.alloc(4);
  buf.writeInt32BE(n);
  return buf;
};
const int64 = (n: bigint) => {
  const buf = Buffer.alloc(8);
  buf.writeBigInt64BE(n);
  return buf;
};

const OBSERVED = new Date("2026-03-01T12:00:05.000Z");
const DLT_TIME = 1_772_366_400_000n; // 2026-03-01T12:00:00Z, when Spring published to the DLT
const ORIGINAL_TIME = 1_772_366_390_000n; // 10 s earlier, when the app produced the original

// As Spring Kafka's DeadLetterPublishingRecoverer writes them (original headers kept first).
const springHeaders = new Map<Buffer, Buffer>([
  [b("traceparent"), b("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")],
  [b("__TypeId__"), b("com.shop.OrderPlaced")],
  [b("kafka_dlt-original-topic"), b("orders")],
  [b("kafka_dlt-original-partition"), int32(2)],
  [b("kafka_dlt-original-offset"), int64(1234n)],
  [b("kafka_dlt-original-timestamp"), int64(ORIGINAL_TIME)],
  [b("kafka_dlt-original-timestamp-type"), b("CreateTime")],
  [b("kafka_dlt-original-consumer-group"), b("billing")],
  [b("kafka_dlt-exception-fqcn"), b("org.springframework.kafka.listener.ListenerExecutionFailedException")],
  [b("kafka_dlt-exception-cause-fqcn"), b("java.lang.IllegalStateException")],
  [b("kafka_dlt-exception-message"), b("Listener method threw exception: card declined")],
  [
    b("kafka_dlt-exception-stacktrace"),
    b("java.lang.IllegalStateException: card declined\n\tat com.shop.Billing.charge(Billing.java:42)"),
  ],
  [b("retry_topic-attempts"), int32(4)],
]);

// As Kafka Connect's DeadLetterQueueReporter writes them: all UTF-8 text.
const connectHeaders = new Map<Buffer, Buffer>([
  [b("__connect.errors.topic"), b("pg.public.customers")],
  [b("__connect.errors.partition"), b("0")],
  [b("__connect.errors.offset"), b("77")],
  [b("__connect.errors.connector.name"), b("jdbc-sink")],
  [b("__connect.errors.task.id"), b("1")],
  [b("__connect.errors.stage"), b("VALUE_CONVERTER")],
  [b("__connect.errors.class.name"), b("io.confluent.connect.avro.AvroConverter")],
  [b("__connect.errors.exception.class.name"), b("org.apache.kafka.connect.errors.DataException")],
  [
    b("__connect.errors.exception.message"),
    b("Failed to deserialize data for topic pg.public.customers to Avro"),
  ],
  [
    b("__connect.errors.exception.stacktrace"),
    b("org.apache.kafka.connect.errors.DataException: Failed…\n\tat io.confluent…"),
  ],
]);

function dlq(record: Partial<ConsumedRecord> & { headers: Map<Buffer, Buffer> }) {
  const r: ConsumedRecord = {
    topic: "orders-dlt",
    partition: 0,
    offset: 9n,
    timestamp: DLT_TIME,
    key: b("order-42"),
    value: b('{"id":42}'),
    ...record,
  };
  const message = toObservedMessage(r, decodeHeaders(record.headers), OBSERVED);
  return toDeadLetter(r, message);
}

describe("toDeadLetter — Spring", () => {
  it("maps the original topic, the exception, the attempts and the times", () => {
    const d = dlq({ headers: springHeaders });
    expect(d).toMatchObject({
      originalChannel: "orders",
      originalSubject: "order-42",
      reason: "error",
      attempts: 4,
      failedAt: new Date(Number(DLT_TIME)),
      dedupeKey: "orders-dlt/0/9",
    });
    expect(d.error).toBe(
      "org.springframework.kafka.listener.ListenerExecutionFailedException: Listener method threw exception: card declined\n" +
        "(caused by java.lang.IllegalStateException, consumer group billing, from orders/2/1234)\n" +
        "java.lang.IllegalStateException: card declined\n\tat com.shop.Billing.charge(Billing.java:42)",
    );
    // The message is the dead-lettered record itself, dated by the original's timestamp.
    expect(d.message.channel).toBe("orders-dlt");
    expect(d.message.brokerId).toBe("orders-dlt/0/9");
    expect(d.message.publishedAt).toEqual(new Date(Number(ORIGINAL_TIME)));
    expect(d.message.body).toEqual(b('{"id":42}'));
    expect(d.message.headers["kafka_dlt-original-partition"]).toEqual(int32(2));
  });

  it("reads the pre-2.9 one-byte attempts and key-deserialization headers", () => {
    const h = new Map<Buffer, Buffer>([
      [b("kafka_dlt-original-topic"), b("orders")],
      [b("kafka_dlt-key-exception-fqcn"), b("org.apache.kafka.common.errors.SerializationException")],
      [b("kafka_dlt-key-exception-message"), b("Unknown magic byte!")],
      [b("retry_topic-attempts"), Buffer.from([0x03])],
    ]);
    const d = dlq({ headers: h });
    expect(d.attempts).toBe(3);
    expect(d.error).toBe(
      "org.apache.kafka.common.errors.SerializationException: Unknown magic byte!\n(from orders)",
    );
  });

  it("survives headers of the wrong shape: no crash, no invented values", () => {
    const ctx = springContext({
      "kafka_dlt-original-topic": Buffer.alloc(0),
      "kafka_dlt-original-partition": b("two"), // 3 bytes: not Spring's 4-byte int
      "kafka_dlt-original-offset": Buffer.alloc(12),
      "kafka_dlt-original-timestamp": null,
      "kafka_dlt-exception-fqcn": { unexpected: true },
      "retry_topic-attempts": int32(0),
    });
    expect(ctx).toEqual({
      originalTopic: undefined,
      originalPartition: undefined,
      originalOffset: undefined,
      originalTimestamp: undefined,
      error: undefined,
      attempts: undefined,
    });
  });
});

describe("toDeadLetter — Kafka Connect", () => {
  it("maps the original topic and the error with its stage and connector", () => {
    const d = dlq({ topic: "dlq-jdbc-sink", offset: 3n, key: undefined, headers: connectHeaders });
    expect(d).toMatchObject({
      originalChannel: "pg.public.customers",
      reason: "error",
      attempts: 1,
      dedupeKey: "dlq-jdbc-sink/0/3",
    });
    expect(d.originalSubject).toBeUndefined();
    expect(d.error).toBe(
      "org.apache.kafka.connect.errors.DataException: Failed to deserialize data for topic pg.public.customers to Avro\n" +
        "(stage VALUE_CONVERTER, class io.confluent.connect.avro.AvroConverter, connector jdbc-sink, task 1, from pg.public.customers/0/77)\n" +
        "org.apache.kafka.connect.errors.DataException: Failed…\n\tat io.confluent…",
    );
    // Connect copies the original record's timestamp: the failure time is when it was read.
    expect(d.failedAt).toEqual(OBSERVED);
    expect(d.message.publishedAt).toEqual(new Date(Number(DLT_TIME)));
  });

  it("reads decimal text only: binary numbers are not Connect's", () => {
    const ctx = connectContext({
      "__connect.errors.topic": "t",
      "__connect.errors.partition": int32(1),
      "__connect.errors.offset": b("12"),
    });
    expect(ctx.originalPartition).toBeUndefined();
    expect(ctx.originalOffset).toBe(12n);
    expect(ctx.error).toBe("(from t)");
  });
});

describe("toDeadLetter — no framework headers", () => {
  it("guesses the original topic from a suffix name only, keeps a binary key out of the subject", () => {
    const d = dlq({ topic: "payments.DLT", key: Buffer.from([0, 0, 0, 42, 0xff]), headers: new Map() });
    expect(d).toMatchObject({
      originalChannel: "payments",
      reason: "error",
      attempts: 1,
      failedAt: new Date(Number(DLT_TIME)),
    });
    expect(d.originalSubject).toBeUndefined();
    expect(d.error).toBeUndefined();
    expect(dlq({ topic: "dlq-jdbc-sink", headers: new Map() }).originalChannel).toBeUndefined();
  });

  it("takes a tombstone in as an empty body flagged as such, dated when read if it has no timestamp", () => {
    const d = dlq({ value: undefined, timestamp: -1n, headers: new Map() });
    expect(d.message.body).toEqual(Buffer.alloc(0));
    expect(d.message.headers["kafka.tombstone"]).toBe(true);
    expect(d.failedAt).toEqual(OBSERVED);
  });

  it("keeps a long error within the ingest limit", () => {
    const h = new Map([[b("kafka_dlt-exception-stacktrace"), b("x".repeat(40_000))]]);
    expect(dlq({ headers: h }).error).toHaveLength(16_000);
  });
});
