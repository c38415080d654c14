import { describe, expect, it } from "vitest";
import { kafkaConfig, parseBroker, regexBody, type KafkaConfigInput } from "@/collectors/kafka/config";

const minimal: KafkaConfigInput = { kind: "kafka", brokers: ["kafka-1:9092"], topics: ["orders"] };

function issues(input: unknown): string[] {
  const r = kafkaConfig.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("kafkaConfig", () => {
  it("fills every default", () => {
    expect(kafkaConfig.parse(minimal)).toEqual({
      kind: "kafka",
      name: "kafka",
      brokers: ["kafka-1:9092"],
      clientId: "eventscope-collector",
      tls: false,
      topics: ["orders"],
      groupId: "eventscope-kafka",
      lagGroups: [],
      pollIntervalMs: 5000,
      connectTimeoutMs: 10_000,
      deadLetters: { topics: [], convention: true },
    });
  });

  it("names its own group after the collector unless groupId is given", () => {
    expect(kafkaConfig.parse({ ...minimal, name: "payments" }).groupId).toBe("eventscope-payments");
    expect(kafkaConfig.parse({ ...minimal, name: "payments", groupId: "obs" }).groupId).toBe("obs");
  });

  it("accepts SASL, TLS, regex selectors, lag groups and explicit dead-letter topics", () => {
    const c = kafkaConfig.parse({
      ...minimal,
      brokers: ["10.0.0.1:9093", "[::1]:9094"],
      sasl: { mechanism: "scram-sha-512", username: "u", password: "p" },
      tls: true,
      topics: ["orders", "/payments\\..+/"],
      lagGroups: ["billing", "shipping"],
      deadLetters: { topics: ["errors-sink"], convention: false },
    });
    expect(c.sasl).toEqual({ mechanism: "scram-sha-512", username: "u", password: "p" });
    expect(c.topics).toEqual(["orders", "/payments\\..+/"]);
    expect(c.deadLetters).toEqual({ topics: ["errors-sink"], convention: false });
  });

  it("requires brokers as host:port", () => {
    expect(issues({ kind: "kafka", topics: ["a"] })).toEqual(["brokers: must be a list of host:port"]);
    expect(issues({ ...minimal, brokers: [] })).toEqual([
      "brokers: must list at least one broker as host:port",
    ]);
    for (const bad of ["kafka-1", "kafka-1:0", "kafka-1:70000", "http://kafka:9092", ":9092"])
      expect(issues({ ...minimal, brokers: [bad] })).toEqual([
        "brokers.0: must be host:port (port 1–65535), e.g. kafka-1:9092 or [::1]:9092",
      ]);
  });

  it("rejects bad topic names and regexes with the reason", () => {
    expect(issues({ ...minimal, topics: ["has space"] })).toEqual([
      "topics.0: must be a Kafka topic name (1–249 of a-z A-Z 0-9 . _ -) or a /regex/",
    ]);
    expect(issues({ ...minimal, topics: ["a".repeat(250)] })).toHaveLength(1);
    const [regex] = issues({ ...minimal, topics: ["/orders(/"] });
    expect(regex).toMatch(/^topics\.0: is not a valid regex: /);
    expect(issues({ ...minimal, deadLetters: { topics: ["bad name"] } })).toEqual([
      "deadLetters.topics.0: must be a Kafka topic name (1–249 of a-z A-Z 0-9 . _ -) or a /regex/",
    ]);
  });

  it("rejects unknown SASL mechanisms and incomplete credentials", () => {
    expect(issues({ ...minimal, sasl: { mechanism: "gssapi", username: "u", password: "p" } })).toEqual([
      "sasl.mechanism: must be one of plain, scram-sha-256, scram-sha-512",
    ]);
    expect(issues({ ...minimal, sasl: { mechanism: "plain", username: "u" } })).toHaveLength(1);
  });

  it("refuses to list its own group among the groups it must never commit for", () => {
    expect(issues({ ...minimal, lagGroups: ["eventscope-kafka"] })).toEqual([
      'lagGroups: must not include groupId "eventscope-kafka": Eventscope commits offsets in its own group, and never for an application\'s',
    ]);
  });

  it("refuses ids the client would refuse", () => {
    expect(issues({ ...minimal, groupId: "my group" })).toEqual(["groupId: must not contain whitespace"]);
    expect(issues({ ...minimal, clientId: "a b" })).toEqual(["clientId: must not contain whitespace"]);
    expect(issues({ ...minimal, lagGroups: [""] })).toEqual(["lagGroups.0: must not be empty"]);
  });

  it("needs something to do", () => {
    expect(issues({ kind: "kafka", brokers: ["k:9092"] })).toEqual([
      "topics: nothing to observe: list topics, deadLetters.topics or lagGroups",
    ]);
    expect(issues({ kind: "kafka", brokers: ["k:9092"], lagGroups: ["billing"] })).toEqual([]);
  });

  it("bounds the poll interval and rejects unknown keys (typos)", () => {
    expect(issues({ ...minimal, pollIntervalMs: 100 })).toEqual(["pollIntervalMs: must be at least 500 ms"]);
    expect(issues({ ...minimal, pollIntervalMs: 1.5e3 + 0.5 })).toEqual([
      "pollIntervalMs: must be a whole number of milliseconds",
    ]);
    expect(issues({ ...minimal, topic: ["orders"] })).toHaveLength(1);
    expect(issues({ ...minimal, kind: "rabbitmq" })).toEqual(['kind: must be "kafka"']);
  });
});

describe("parseBroker / regexBody", () => {
  it("splits host and port, unbracketing IPv6", () => {
    expect(parseBroker("kafka-1:9092")).toEqual({ host: "kafka-1", port: 9092 });
    expect(parseBroker("[::1]:9094")).toEqual({ host: "::1", port: 9094 });
    expect(() => parseBroker("nope")).toThrow("not a host:port broker address: nope");
  });

  it("tells a /regex/ from a name", () => {
    expect(regexBody("/orders\\..*/")).toBe("orders\\..*");
    expect(regexBody("orders")).toBeUndefined();
    expect(regexBody("//")).toBeUndefined();
  });
});
