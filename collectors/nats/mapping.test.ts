import { headers } from "@nats-io/transport-node";
import type { ConsumerInfo } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { consumerGauges } from "@/collectors/nats/lag-poller";
import {
  advisoryDeadLetter,
  advisoryDedupeKey,
  advisoryStreamName,
  advisorySubjects,
  brokerIdOf,
  deadLetterChannel,
  dlqStreamDeadLetter,
  parseAdvisory,
  redactServers,
  republishHeaders,
  subjectMatches,
  toRawHeaders,
  type DeadLetterAdvisory,
} from "@/collectors/nats/mapping";

const bytes = (s: string) => new TextEncoder().encode(s);

// Payloads as nats-server 2.9.10 sent them (captured on this machine).
const MAX_DELIVER = `{"type":"io.nats.jetstream.advisory.v1.max_deliver","id":"7WPrAs3rQZ5UXGTffutF9P","timestamp":"2026-11-23T15:12:42.747219055Z","stream":"ORDERS","consumer":"billing","stream_seq":1,"deliveries":2}`;
const TERMINATED = `{"type":"io.nats.jetstream.advisory.v1.terminated","id":"7WPrAs3rQZ5UXGTffutF7b","timestamp":"2026-11-23T15:12:42.746655465Z","stream":"ORDERS","consumer":"billing","consumer_seq":2,"stream_seq":2,"deliveries":1}`;
const NAK = `{"type":"io.nats.jetstream.advisory.v1.nak","id":"x","timestamp":"2026-11-23T15:12:42.746089631Z","stream":"ORDERS","consumer":"billing","consumer_seq":1,"stream_seq":1,"deliveries":1}`;

describe("parseAdvisory", () => {
  it("reads a max_deliver advisory", () => {
    expect(parseAdvisory(bytes(MAX_DELIVER))).toEqual({
      kind: "max_deliveries",
      stream: "ORDERS",
      consumer: "billing",
      streamSeq: 1,
      deliveries: 2,
      failedAt: new Date("2026-11-23T15:12:42.747Z"),
      reason: undefined,
    });
  });

  it("reads a terminated advisory, with the reason text newer servers add", () => {
    expect(parseAdvisory(bytes(TERMINATED))).toMatchObject({
      kind: "terminated",
      streamSeq: 2,
      deliveries: 1,
    });
    const withReason = JSON.stringify({ ...JSON.parse(TERMINATED), reason: "bad payload" });
    expect(parseAdvisory(bytes(withReason))).toMatchObject({ kind: "terminated", reason: "bad payload" });
  });

  it("says why anything else is not a dead-letter advisory", () => {
    expect(parseAdvisory(bytes("{oops"))).toBe("advisory is not JSON");
    expect(parseAdvisory(bytes(NAK))).toMatch(/^not a dead-letter advisory: type/);
    const noSeq = JSON.stringify({ ...JSON.parse(MAX_DELIVER), stream_seq: undefined });
    expect(parseAdvisory(bytes(noSeq))).toMatch(/stream_seq/);
  });
});

describe("advisory dead letters", () => {
  const advisory = parseAdvisory(bytes(MAX_DELIVER)) as DeadLetterAdvisory;
  const now = new Date("2026-11-23T16:00:00Z");

  it("keys a dead letter by stream, sequence and the consumer that gave up", () => {
    expect(advisoryDedupeKey(advisory)).toBe("ORDERS:1:billing");
    expect(advisoryDedupeKey({ ...advisory, consumer: "shipping" })).not.toBe(advisoryDedupeKey(advisory));
  });

  it("carries the original message, its subject and stream", () => {
    const h = headers();
    h.set("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    const time = new Date("2026-11-23T15:12:40Z");
    const dl = advisoryDeadLetter(
      advisory,
      { seq: 1, subject: "ORDERS.created", headers: h, data: bytes("{}"), time },
      now,
    );
    expect(dl).toMatchObject({
      originalChannel: "ORDERS",
      originalSubject: "ORDERS.created",
      reason: "max_deliveries",
      attempts: 2,
      dedupeKey: "ORDERS:1:billing",
      failedAt: advisory.failedAt,
    });
    expect(dl.message.channel).toBe(deadLetterChannel("ORDERS"));
    expect(dl.message.brokerId).toBe("ORDERS:1");
    expect(dl.message.body.toString()).toBe("{}");
    expect(dl.message.publishedAt).toEqual(time);
    expect(dl.message.headers.traceparent).toMatch(/^00-0af7/);
    expect(dl.error).toMatch(/billing gave up after 2 deliveries/);
  });

  it("records a dead letter whose original is gone, with an empty body and an error saying so", () => {
    const dl = advisoryDeadLetter(advisory, null, now);
    expect(dl.message.body.length).toBe(0);
    expect(dl.originalSubject).toBeUndefined();
    expect(dl.error).toMatch(/no longer in the stream/);
    expect(dl.dedupeKey).toBe("ORDERS:1:billing");
  });

  it("names the terminate reason", () => {
    const t = { ...advisory, kind: "terminated" as const, reason: "schema mismatch" };
    expect(advisoryDeadLetter(t, null, now).error).toMatch(/terminated it: schema mismatch/);
  });

  it("captures both advisory kinds for every observed stream, in a stream named after the broker", () => {
    expect(advisorySubjects(["A"])).toEqual([
      "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.A.*",
      "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.A.*",
    ]);
    expect(advisoryStreamName("prod nats.eu")).toBe("EVENTSCOPE_ADVISORIES_prod_nats_eu");
  });
});

describe("DLQ stream messages", () => {
  it("takes the origin from JetStream's republish headers, else the subject", () => {
    const h = headers();
    h.set("Nats-Stream", "ORDERS");
    h.set("Nats-Subject", "ORDERS.paid");
    const m = { seq: 7, subject: "DLQ.orders", headers: h, data: bytes("x"), time: new Date() };
    expect(dlqStreamDeadLetter("DLQ", m, new Date())).toMatchObject({
      originalChannel: "ORDERS",
      originalSubject: "ORDERS.paid",
      dedupeKey: "DLQ:7",
      message: { channel: "DLQ" },
    });
    const bare = dlqStreamDeadLetter("DLQ", { ...m, headers: undefined }, new Date());
    expect(bare.originalSubject).toBe("DLQ.orders");
    expect(bare.originalChannel).toBeUndefined();
  });
});

describe("headers and ids", () => {
  it("joins multi-valued headers so no value is lost", () => {
    const h = headers();
    h.append("x-multi", "a");
    h.append("x-multi", "b");
    h.set("one", "1");
    expect(toRawHeaders(h)).toEqual({ "x-multi": "a, b", one: "1" });
    expect(toRawHeaders(undefined)).toEqual({});
  });

  it("uses Nats-Msg-Id as the broker id, else <stream>:<seq>", () => {
    const h = headers();
    h.set("Nats-Msg-Id", "order-42");
    expect(brokerIdOf("ORDERS", 9, h)).toBe("order-42");
    expect(brokerIdOf("ORDERS", 9, headers())).toBe("ORDERS:9");
    expect(brokerIdOf("ORDERS", 9, undefined)).toBe("ORDERS:9");
  });

  it("republishes without JetStream control headers, with the reprocess id", () => {
    const { headers: h, skipped } = republishHeaders({
      reprocessId: "rp-1",
      destination: { channel: "ORDERS", subject: "ORDERS.created" },
      headers: {
        "Nats-Msg-Id": "old",
        "Nats-Expected-Stream": "X",
        traceparent: "00-abc",
        count: 3,
        flag: true,
        gone: null,
        "bad name": "x",
        multi: "line1\r\nline2",
      },
      body: Buffer.from("{}"),
      contentType: "application/json",
    });
    expect(h.get(REPROCESS_ID_HEADER)).toBe("rp-1");
    expect(h.has("Nats-Msg-Id")).toBe(false);
    expect(h.has("Nats-Expected-Stream")).toBe(false);
    expect(h.get("traceparent")).toBe("00-abc");
    expect(h.get("count")).toBe("3");
    expect(h.get("flag")).toBe("true");
    expect(h.has("gone")).toBe(false);
    expect(h.get("multi")).toBe("line1 line2");
    expect(h.get("Content-Type")).toBe("application/json");
    expect(skipped).toEqual(["bad name"]);
  });

  it("keeps credentials out of server addresses", () => {
    expect(redactServers(["nats://alice:s3cret@nats.internal:4222", "tls://h:4443"])).toBe(
      "nats://nats.internal:4222, tls://h:4443",
    );
  });
});

describe("subjectMatches", () => {
  it.each([
    ["ORDERS.*", "ORDERS.created", true],
    ["ORDERS.*", "ORDERS.created.eu", false],
    ["ORDERS.>", "ORDERS.created.eu", true],
    ["ORDERS.>", "ORDERS", false],
    ["*.created", "ORDERS.created", true],
    ["ORDERS.created", "ORDERS.created", true],
    ["ORDERS.created", "ORDERS.paid", false],
    [">", "anything.at.all", true],
  ])("%s vs %s → %s", (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });
});

describe("consumerGauges", () => {
  it("reports lag as pending plus unacknowledged", () => {
    const ci = {
      stream_name: "ORDERS",
      name: "billing",
      num_pending: 5,
      num_ack_pending: 3,
      num_redelivered: 2,
    } as ConsumerInfo;
    expect(consumerGauges(ci)).toEqual([
      { channel: "ORDERS", consumer: "billing", name: "pending", value: 5 },
      { channel: "ORDERS", consumer: "billing", name: "ack_pending", value: 3 },
      { channel: "ORDERS", consumer: "billing", name: "redelivered", value: 2 },
      { channel: "ORDERS", consumer: "billing", name: "lag", value: 8 },
    ]);
  });
});
