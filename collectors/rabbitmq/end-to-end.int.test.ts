// RabbitMQ through the whole path: real RabbitMQ, the collector runtime with its outbox, the app's
// ingest route and /collectors namespace, real Postgres. What the issue asks of every broker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { rabbitmqConfig } from "@/collectors/rabbitmq/config";
import { createRabbitmqAdapter } from "@/collectors/rabbitmq/rabbitmq-adapter";
import { tapQueueName } from "@/collectors/rabbitmq/tap";
import {
  declareAppTopology,
  deleteOwnQueues,
  publishBurst,
  queueStats,
  RABBITMQ_TEST_URL as URL,
  startAppConsumer,
  uniqueName,
  type AppConsumer,
  type AppTopology,
} from "@/collectors/rabbitmq/testing";
import { eventually, startStack, type Stack } from "@/collectors/testing/stack";

const broker = uniqueName("rmq-e2e");
const TRACE = "0af7651916cd43dd8448eb211c80319c";
let stack: Stack;
let topo: AppTopology;
const config = () =>
  rabbitmqConfig.parse({
    kind: "rabbitmq",
    name: broker,
    url: URL,
    exchanges: [{ name: topo.exchange }],
    pollIntervalMs: 200,
    deadLetters: { queues: [topo.dlq] },
  });
let app: AppConsumer;

beforeAll(async () => {
  stack = await startStack();
  topo = await declareAppTopology(URL, uniqueName("e2e"));
  // The application rejects "Poison" messages (dead-lettered by the broker) unless reprocessed.
  app = await startAppConsumer(URL, topo.queue, (msg) =>
    msg.properties.type === "Poison" && !msg.properties.headers?.[REPROCESS_ID_HEADER] ? "reject" : "ack",
  );
  await stack.collector({
    adapter: createRabbitmqAdapter(config()),
    broker: { name: broker, kind: "rabbitmq" },
  });
});

afterAll(async () => {
  await app?.stop();
  await stack?.close();
  await topo?.cleanup();
  if (topo) await deleteOwnQueues(URL, [tapQueueName(config())]).catch(() => undefined);
});

describe("RabbitMQ end to end", () => {
  it("stores every event with type, producer and trace id while the app still gets every message", async () => {
    await eventually(
      "the collector's hello",
      async () =>
        (await stack.count("SELECT count(*) AS n FROM collectors WHERE broker_id IS NOT NULL")) === 1,
    );
    await eventually(
      "the tap bound",
      async () => (await stack.count("SELECT count(*) AS n FROM messages")) >= 0,
    );
    await publishBurst({
      url: URL,
      exchange: topo.exchange,
      routingKey: "orders.placed",
      count: 150,
      body: (i) => JSON.stringify({ orderId: `o-${i}`, amount: i + 1 }),
      options: (i) => ({
        messageId: `m-${i}`,
        type: "OrderPlaced",
        appId: "checkout",
        contentType: "application/json",
        headers: { traceparent: `00-${TRACE}-${(i + 1).toString(16).padStart(16, "0")}-01` },
      }),
    });
    await eventually(
      "150 stored events",
      async () => (await stack.count("SELECT count(*) AS n FROM messages")) === 150,
    );
    expect(await stack.storedEvents()).toEqual([
      { type: "OrderPlaced", producer: "checkout", trace_id: TRACE, n: 150 },
    ]);
    await eventually("the app got all 150", () => Promise.resolve(app.received.length === 150));
  });

  it("takes a rejected message in from the DLQ with its reason and origin; the DLQ is empty after", async () => {
    await publishBurst({
      url: URL,
      exchange: topo.exchange,
      routingKey: "orders.placed",
      count: 1,
      body: () => '{"orderId":"bad"}',
      options: () => ({ messageId: "poison-1", type: "Poison", appId: "checkout" }),
    });
    await eventually(
      "the dead letter stored",
      async () => (await stack.count("SELECT count(*) AS n FROM dead_letters")) === 1,
    );
    const rows = await stack.storedDeadLetters();
    expect(rows[0]).toMatchObject({
      reason: "rejected",
      original: topo.exchange,
      queue: topo.dlq,
      attempts: 1,
    });
    expect(rows[0]!.headers["x-eventscope-original-subject"]).toBe("orders.placed");
    await eventually("the DLQ drained", async () => (await queueStats(URL, topo.dlq)).messageCount === 0);
  });

  it("republishes on a reprocess command to the original exchange and routing key, once", async () => {
    const rows = await stack.storedDeadLetters();
    // Run, then pushed again by the server: answered from the collector's command log, not republished.
    const commandId = await stack.reprocessTwice(rows[0]!.id);
    // A sentinel published after: once the app has it, any second copy would have arrived too.
    await publishBurst({
      url: URL,
      exchange: topo.exchange,
      routingKey: "orders.placed",
      count: 1,
      body: () => "{}",
      options: () => ({ messageId: "sentinel", type: "Sentinel" }),
    });
    await eventually("the sentinel", () =>
      Promise.resolve(app.received.some((m) => m.properties.messageId === "sentinel")),
    );
    const copies = app.received.filter((m) => m.properties.headers?.[REPROCESS_ID_HEADER] === commandId);
    expect(copies).toHaveLength(1);
    expect(copies[0]!.fields.routingKey).toBe("orders.placed");
    expect(copies[0]!.content.toString()).toBe('{"orderId":"bad"}');
  });
});
