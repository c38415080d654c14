// Integration tests against the real RabbitMQ: dead letters leave the DLQ only once the sink
// (the server) confirmed them, a refusal leaves them there, and republish puts exactly one copy
// back on the original destination (or fails readably).
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER, type RawHeaders, type RepublishRequest } from "@/collectors/core/adapter";
import { MemorySink } from "@/collectors/core/testing/memory-sink";
import { rabbitmqConfig, type RabbitmqConfigInput } from "@/collectors/rabbitmq/config";
import { createRabbitmqAdapter } from "@/collectors/rabbitmq/rabbitmq-adapter";
import {
  declareAppTopology,
  eventually,
  publishBurst,
  queueCounts,
  RABBITMQ_TEST_URL as URL_,
  startAppConsumer,
  uniqueName,
  withChannel,
} from "@/collectors/rabbitmq/testing";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function started(input: Partial<RabbitmqConfigInput>) {
  const config = rabbitmqConfig.parse({
    kind: "rabbitmq",
    url: URL_,
    name: uniqueName("t"),
    pollIntervalMs: 200,
    ...input,
  });
  const adapter = createRabbitmqAdapter(config);
  const sink = new MemorySink();
  await adapter.start(sink);
  cleanups.push(() => adapter.stop());
  return { adapter, sink };
}

async function topology() {
  const t = await declareAppTopology(URL_, uniqueName("es-dl"));
  cleanups.push(() => t.cleanup());
  return t;
}

/** Headers as the server stores and returns them (the runtime keeps scalars, flattens the rest). */
function stored(headers: RawHeaders): RepublishRequest["headers"] {
  const out: RepublishRequest["headers"] = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] =
      v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "number"
        ? v
        : JSON.stringify(v);
  }
  return out;
}

const hasReprocessId = (m: { properties: { headers?: Record<string, unknown> } }) =>
  typeof m.properties.headers?.[REPROCESS_ID_HEADER] === "string";

describe("dead letters", () => {
  it("stay in the DLQ while the sink holds them, leave after release, and republish once", async () => {
    const t = await topology();
    const app = await startAppConsumer(URL_, t.queue, (m) => (hasReprocessId(m) ? "ack" : "reject"));
    cleanups.push(() => app.stop());
    const { sink, adapter } = await started({ deadLetters: { queues: [t.dlq] } });
    sink.hold();
    await publishBurst({
      url: URL_,
      exchange: t.exchange,
      routingKey: "order.failed",
      count: 1,
      body: () => '{"n":1}',
      options: () => ({
        messageId: "dl-1",
        appId: "checkout",
        contentType: "application/json",
        headers: { tenant: "t1" },
      }),
    });
    await sink.until((s) => s.deadLetters.length === 1, 10_000, "the dead letter");
    const dl = sink.deadLetters[0];
    expect(dl).toMatchObject({
      reason: "rejected",
      originalChannel: t.exchange,
      originalSubject: "order.failed",
      attempts: 1,
      dedupeKey: `${t.dlq}:${t.queue}:dl-1:1`,
    });
    expect(dl?.message).toMatchObject({ channel: t.dlq, brokerId: "dl-1", appId: "checkout" });
    // Unconfirmed by the "server": still on the broker, delivered to us but not acked.
    expect(await queueCounts(t.dlq)).toEqual({ ready: 0, unacked: 1 });

    sink.release();
    await eventually(async () => (await queueCounts(t.dlq))?.unacked === 0, "the ack after release");
    expect(await queueCounts(t.dlq)).toEqual({ ready: 0, unacked: 0 });

    if (!dl?.originalChannel) throw new Error("no original channel");
    await adapter.republish({
      reprocessId: "rp-1",
      destination: { channel: dl.originalChannel, subject: dl.originalSubject },
      headers: stored(dl.message.headers),
      body: dl.message.body,
      contentType: dl.message.contentType,
    });
    // A later message on the same queue: once it arrived, every copy of the republish has too.
    await publishBurst({
      url: URL_,
      exchange: t.exchange,
      routingKey: "sentinel",
      count: 1,
      body: () => "s",
      options: () => ({ headers: { [REPROCESS_ID_HEADER]: "sentinel" } }),
    });
    await eventually(() => app.received.some((m) => m.fields.routingKey === "sentinel"), "the sentinel");
    const copies = app.received.filter((m) => m.properties.headers?.[REPROCESS_ID_HEADER] === "rp-1");
    expect(copies).toHaveLength(1);
    expect(copies[0]?.fields.routingKey).toBe("order.failed");
    expect(copies[0]?.content.toString()).toBe('{"n":1}');
    expect(copies[0]?.properties).toMatchObject({
      messageId: "dl-1",
      appId: "checkout",
      contentType: "application/json",
    });
    expect(copies[0]?.properties.headers).toMatchObject({ tenant: "t1" });
    expect(copies[0]?.properties.headers?.["x-death"]).toBeUndefined();
    expect(sink.deadLetters).toHaveLength(1);
  });

  it("stay in the DLQ when the sink refuses them, and keep their dedupe key when read again", async () => {
    const t = await topology();
    const app = await startAppConsumer(URL_, t.queue, () => "reject");
    cleanups.push(() => app.stop());
    const { sink, adapter } = await started({ deadLetters: { queues: [t.dlq] } });
    sink.hold();
    await publishBurst({ url: URL_, exchange: t.exchange, routingKey: "k", count: 1, body: () => "no id" });
    await sink.until((s) => s.deadLetters.length === 1, 10_000, "the dead letter");
    sink.failHeld();
    sink.hold(); // the redelivered copy is held again, unconfirmed
    await sink.until((s) => s.deadLetters.length === 2, 10_000, "the dead letter read again");
    expect(sink.deadLetters[1]?.dedupeKey).toBe(sink.deadLetters[0]?.dedupeKey);
    expect(sink.deadLetters[0]?.dedupeKey).toMatch(
      new RegExp(`^${t.dlq.replace(/\./g, "\\.")}:${t.queue.replace(/\./g, "\\.")}:sha256:[0-9a-f]{32}:1$`),
    );
    expect(sink.problems.some((p) => p.context.includes("not stored; requeued"))).toBe(true);

    await adapter.stop();
    expect(await queueCounts(t.dlq)).toEqual({ ready: 1, unacked: 0 });
  });

  it("takes messages without x-death (reason unknown, odd headers, 10 MB binary) and expired ones", async () => {
    const t = await topology();
    const ttlQueue = uniqueName("es-ttl");
    await withChannel(URL_, (ch) =>
      ch.assertQueue(ttlQueue, { durable: false, messageTtl: 1, deadLetterExchange: t.dlx }),
    );
    cleanups.push(() => withChannel(URL_, (ch) => ch.deleteQueue(ttlQueue)));
    const { sink } = await started({ deadLetters: { queues: [t.dlq] } });
    const big = Buffer.concat([Buffer.from("put there by hand"), randomBytes(10 * 1024 * 1024)]);
    await publishBurst({
      url: URL_,
      exchange: "",
      routingKey: t.dlq,
      count: 1,
      body: () => big,
      options: () => ({
        headers: {
          buf: Buffer.from([0, 255]),
          nested: { a: [1, { b: Buffer.from("deep") }] },
          ts: { "!": "timestamp", value: 1_700_000_000 },
          "x-death": "not a table",
        },
      }),
    });
    await publishBurst({ url: URL_, exchange: "", routingKey: ttlQueue, count: 1, body: () => "too late" });
    await sink.until((s) => s.deadLetters.length === 2, 10_000, "two dead letters");
    const byBody = new Map(sink.deadLetters.map((d) => [d.message.body.subarray(0, 17).toString(), d]));
    expect(byBody.get("put there by hand")?.message.body.equals(big)).toBe(true);
    expect(byBody.get("put there by hand")).toMatchObject({
      reason: "unknown",
      attempts: 1,
      originalChannel: undefined,
    });
    expect(byBody.get("too late")?.message.body.toString()).toBe("too late");
    expect(byBody.get("too late")).toMatchObject({
      reason: "expired",
      originalChannel: ttlQueue,
      originalSubject: ttlQueue,
    });
    await eventually(async () => (await queueCounts(t.dlq))?.unacked === 0, "both acked");
    expect(await queueCounts(t.dlq)).toEqual({ ready: 0, unacked: 0 });
  });
});

describe("republish", () => {
  it("puts a dead letter of the default exchange back on its queue, and fails readably otherwise", async () => {
    const t = await topology();
    const app = await startAppConsumer(URL_, t.queue);
    cleanups.push(() => app.stop());
    const unbound = uniqueName("es-unbound");
    await withChannel(URL_, (ch) => ch.assertExchange(unbound, "direct", { durable: false }));
    cleanups.push(() => withChannel(URL_, (ch) => ch.deleteExchange(unbound)));
    const { adapter } = await started({});
    const req = (reprocessId: string, channel: string, subject?: string): RepublishRequest => ({
      reprocessId,
      destination: { channel, subject },
      headers: { "amqp.message-id": "m-9" },
      body: Buffer.from("again"),
    });

    await expect(adapter.republish(req("rp-a", unbound, "nowhere"))).rejects.toThrow(
      `no queue is bound for routing key "nowhere" on exchange "${unbound}"`,
    );
    await expect(adapter.republish(req("rp-b", uniqueName("es-gone"), "k"))).rejects.toThrow(
      /exchange "es-gone-\w+" does not exist/,
    );
    // channelOf() shows default-exchange traffic by queue name: such a channel goes back there.
    await adapter.republish(req("rp-c", t.queue, t.queue));
    await adapter.republish(req("rp-d", "", t.queue));
    await eventually(() => app.received.length >= 2, "both copies");
    expect(app.received.map((m) => m.properties.headers?.[REPROCESS_ID_HEADER]).sort()).toEqual([
      "rp-c",
      "rp-d",
    ]);
    expect(
      app.received.every((m) => m.properties.messageId === "m-9" && m.properties.deliveryMode === 2),
    ).toBe(true);
  });

  it("rejects when not started", async () => {
    const adapter = createRabbitmqAdapter(rabbitmqConfig.parse({ kind: "rabbitmq", url: URL_ }));
    await expect(
      adapter.republish({
        reprocessId: "x",
        destination: { channel: "" },
        headers: {},
        body: Buffer.alloc(0),
      }),
    ).rejects.toThrow(/not connected/);
  });
});
