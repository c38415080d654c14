import { describe, expect, it } from "vitest";
import { natsConfig } from "@/collectors/nats/config";

const messages = (input: unknown) => {
  const r = natsConfig.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("natsConfig", () => {
  it("fills the defaults", () => {
    expect(
      natsConfig.parse({ kind: "nats", servers: "nats://127.0.0.1:4222", streams: [{ name: "ORDERS" }] }),
    ).toEqual({
      kind: "nats",
      name: "nats",
      servers: ["nats://127.0.0.1:4222"],
      streams: [{ name: "ORDERS" }],
      pollIntervalMs: 5000,
      reconnectAttempts: 30,
      reconnectWaitMs: 2000,
      deadLetters: { advisories: true },
    });
  });

  it("accepts the full shape", () => {
    const c = natsConfig.parse({
      kind: "nats",
      name: "prod",
      servers: ["nats://a:4222", "nats://b:4222"],
      user: "eventscope",
      password: "pw",
      streams: [{ name: "ORDERS", subjects: ["ORDERS.created", "ORDERS.paid"] }, { name: "PAYMENTS" }],
      consumers: ["billing"],
      pollIntervalMs: 1000,
      deadLetters: { advisories: false, streams: ["ORDERS_DLQ"] },
    });
    expect(c.deadLetters).toEqual({ advisories: false, streams: ["ORDERS_DLQ"] });
    expect(c.servers).toHaveLength(2);
  });

  it("names what is missing or wrong", () => {
    expect(messages({ kind: "nats", streams: [{ name: "A" }] })).toEqual([
      "servers: servers is required: a URL like nats://127.0.0.1:4222, or a list of them",
    ]);
    expect(messages({ kind: "nats", servers: "x", streams: [] })).toEqual([
      "streams: streams must list at least one stream to observe",
    ]);
    expect(messages({ kind: "nats", servers: "x", streams: [{ name: "A.B" }] })).toEqual([
      'streams.0.name: stream name must not contain whitespace, ".", "*", ">", "/" or "\\"',
    ]);
    expect(messages({ kind: "nats", servers: "x", streams: [{ name: "A" }, { name: "A" }] })).toEqual([
      'streams.1.name: stream "A" is listed twice',
    ]);
    expect(messages({ kind: "rabbitmq", servers: "x", streams: [{ name: "A" }] })).toEqual([
      'kind: kind must be "nats"',
    ]);
  });

  it("allows one way to authenticate, and user only with password", () => {
    const base = { kind: "nats", servers: "x", streams: [{ name: "A" }] };
    expect(messages({ ...base, token: "t", credsFile: "/c" })).toEqual([
      "token: use one of token, user + password, or credsFile",
    ]);
    expect(messages({ ...base, user: "u" })).toEqual(["password: password is required with user"]);
    expect(messages({ ...base, credsFile: "/etc/nats/eventscope.creds" })).toEqual([]);
  });
});
