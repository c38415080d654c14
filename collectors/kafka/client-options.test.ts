import { describe, expect, it } from "vitest";
import { brokerError, clientOptions, describeKafkaError } from "@/collectors/kafka/client-options";
import { kafkaConfig } from "@/collectors/kafka/config";

const config = kafkaConfig.parse({
  kind: "kafka",
  brokers: ["kafka-1:9092", "[::1]:9093"],
  topics: ["orders"],
  tls: true,
  sasl: { mechanism: "scram-sha-256", username: "svc", password: "s3cret-pw" },
});

describe("clientOptions", () => {
  it("maps brokers, TLS and SASL to the client's shape, one client id per role", () => {
    const o = clientOptions(config, "events");
    expect(o.clientId).toBe("eventscope-collector-events");
    expect(o.bootstrapBrokers).toEqual([
      { host: "kafka-1", port: 9092 },
      { host: "::1", port: 9093 },
    ]);
    expect(o.tls).toEqual({});
    expect(o.sasl).toEqual({ mechanism: "SCRAM-SHA-256", username: "svc", password: "s3cret-pw" });
    expect(o.connectTimeout).toBe(10_000);
  });

  it("leaves TLS and SASL out when not configured", () => {
    const o = clientOptions(
      kafkaConfig.parse({ kind: "kafka", brokers: ["k:9092"], topics: ["a"] }),
      "admin",
    );
    expect(o.tls).toBeUndefined();
    expect(o.sasl).toBeUndefined();
  });
});

describe("describeKafkaError", () => {
  // The shape the client produces for unreachable brokers (seen against 127.0.0.1:1).
  const refused = (port: number) =>
    Object.assign(new Error(`Connection to 127.0.0.1:${port} failed.`), {
      cause: Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), { code: "ECONNREFUSED" }),
    });
  const tree = new AggregateError(
    [
      new AggregateError([refused(1), refused(2)], "Cannot connect to any broker."),
      new AggregateError([refused(1), refused(2)], "Cannot connect to any broker."),
    ],
    "metadata failed 2 times.",
  );

  it("reports the distinct root causes, not the wrappers", () => {
    expect(describeKafkaError(tree)).toBe(
      "connect ECONNREFUSED 127.0.0.1:1; connect ECONNREFUSED 127.0.0.1:2",
    );
  });

  it("caps a long list, and copes with plain errors and non-errors", () => {
    const many = new AggregateError(
      [1, 2, 3, 4, 5, 6].map((i) => new Error(`e${i}`)),
      "x",
    );
    expect(describeKafkaError(many)).toBe("e1; e2; e3; e4; and 2 more");
    expect(describeKafkaError(new Error("plain"))).toBe("plain");
    expect(describeKafkaError("a string")).toBe("a string");
    expect(describeKafkaError(new AggregateError([], "empty aggregate"))).toBe("empty aggregate");
  });

  it("survives a cycle", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(describeKafkaError(a)).toBe("a");
  });

  it("names the brokers and never the credentials", () => {
    const e = brokerError(config, "brokers unreachable", tree);
    expect(e.message).toBe(
      "Kafka at kafka-1:9092, [::1]:9093: brokers unreachable: connect ECONNREFUSED 127.0.0.1:1; connect ECONNREFUSED 127.0.0.1:2",
    );
    expect(e.message).not.toContain("s3cret-pw");
    expect(e.cause).toBe(tree);
  });
});
