// NATS JetStream through the whole path: real JetStream, the collector runtime with its outbox,
// the app's ingest route and /collectors namespace, real Postgres. What the issue asks of every broker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { natsConfig } from "@/collectors/nats/config";
import { advisoryStreamName, deadLetterChannel, ownDurableName } from "@/collectors/nats/mapping";
import { createNatsAdapter } from "@/collectors/nats/nats-adapter";
import {
  createAppStream,
  deleteStreams,
  openNats,
  publishBurst,
  runAppConsumer,
  uniqueName,
  type AppConsumer,
  type AppStream,
  type Nats,
} from "@/collectors/nats/testing";
import { eventually, startStack, type Stack } from "@/collectors/testing/stack";

const broker = uniqueName("nats-e2e");
const TRACE = "5b8aa5a2d2c872e8321cf37308d69df2";
let stack: Stack;
let nats: Nats;
let app: AppStream;
let consumer: AppConsumer;

beforeAll(async () => {
  stack = await startStack();
  nats = await openNats();
  const name = uniqueName("E2E")
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, "_");
  app = await createAppStream(nats, { stream: name, consumer: { durable: "billing", maxDeliver: 3 } });
  // The application terminates "Poison" messages (JetStream advises MSG_TERMINATED) unless reprocessed.
  consumer = await runAppConsumer(nats, app.stream, "billing", (m) =>
    m.headers?.get("type") === "Poison" && !m.headers.has(REPROCESS_ID_HEADER) ? "term" : "ack",
  );
  await stack.collector({
    adapter: createNatsAdapter(
      natsConfig.parse({
        kind: "nats",
        name: broker,
        servers: "nats://127.0.0.1:4222",
        streams: [{ name: app.stream }],
        pollIntervalMs: 250,
      }),
    ),
    broker: { name: broker, kind: "nats" },
  });
});

afterAll(async () => {
  await consumer?.stop();
  await stack?.close();
  await deleteStreams(nats, [app.stream, advisoryStreamName(broker)]).catch(() => undefined);
  await nats?.nc.close();
});

describe("NATS JetStream end to end", () => {
  it("stores every event with type, producer and trace id while the app still gets every message", async () => {
    await publishBurst({
      nats,
      subject: `${app.stream}.orders.placed`,
      count: 150,
      body: (i) => JSON.stringify({ orderId: `o-${i}` }),
      headers: (i) => ({
        type: "OrderPlaced",
        producer: "checkout",
        traceparent: `00-${TRACE}-${(i + 1).toString(16).padStart(16, "0")}-01`,
      }),
      msgId: (i) => `m-${i}`,
    });
    await eventually(
      "150 stored events",
      async () => (await stack.count("SELECT count(*) AS n FROM messages")) === 150,
    );
    expect(await stack.storedEvents()).toEqual([
      { type: "OrderPlaced", producer: "checkout", trace_id: TRACE, n: 150 },
    ]);
    await eventually("the app acked all 150", () => Promise.resolve(consumer.acked.length === 150));
  });

  it("takes a terminated message in from the advisories with its origin, and acks the advisory after", async () => {
    await publishBurst({
      nats,
      subject: `${app.stream}.orders.placed`,
      count: 1,
      body: () => '{"orderId":"bad"}',
      headers: () => ({ type: "Poison" }),
    });
    await eventually(
      "the dead letter stored",
      async () => (await stack.count("SELECT count(*) AS n FROM dead_letters")) === 1,
    );
    const rows = await stack.storedDeadLetters();
    expect(rows[0]).toMatchObject({
      reason: "terminated",
      original: app.stream,
      queue: deadLetterChannel(app.stream),
    });
    expect(rows[0]!.payload.toString()).toBe('{"orderId":"bad"}');
    expect(rows[0]!.headers["x-eventscope-original-subject"]).toBe(`${app.stream}.orders.placed`);
    await eventually("the advisory acked", async () => {
      const info = await nats.jsm.consumers.info(advisoryStreamName(broker), ownDurableName(broker));
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
  });

  it("republishes on a reprocess command to the original subject, once", async () => {
    const rows = await stack.storedDeadLetters();
    // Run, then pushed again by the server: answered from the collector's command log, not republished.
    const commandId = await stack.reprocessTwice(rows[0]!.id);
    await publishBurst({ nats, subject: `${app.stream}.sentinel`, count: 1, body: () => "{}" });
    await eventually("the sentinel", () =>
      Promise.resolve(consumer.received.some((m) => m.subject === `${app.stream}.sentinel`)),
    );
    const copies = consumer.received.filter((m) => m.headers?.get(REPROCESS_ID_HEADER) === commandId);
    expect(copies).toHaveLength(1);
    expect(copies[0]!.subject).toBe(`${app.stream}.orders.placed`);
    expect(copies[0]!.string()).toBe('{"orderId":"bad"}');
  });
});
