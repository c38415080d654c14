// Integration tests against the real RabbitMQ: the tap sees every message while the app's own
// consumer still gets each one; restarts lose nothing; gauges; readable errors; odd headers.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { BrokerAdapter, ObservedMessage } from "@/collectors/core/adapter";
import { MemorySink } from "@/collectors/core/testing/memory-sink";
import { rabbitmqConfig, type RabbitmqConfigInput } from "@/collectors/rabbitmq/config";
import { createRabbitmqAdapter } from "@/collectors/rabbitmq/rabbitmq-adapter";
import { tapQueueName } from "@/collectors/rabbitmq/tap";
import {
  closeConnectionsNamed,
  declareAppTopology,
  deleteOwnQueues,
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

function configFor(input: Partial<RabbitmqConfigInput>) {
  return rabbitmqConfig.parse({
    kind: "rabbitmq",
    url: URL_,
    name: uniqueName("t"),
    pollIntervalMs: 200,
    ...input,
  });
}

async function started(input: Partial<RabbitmqConfigInput>, sink = new MemorySink()) {
  const config = configFor(input);
  const adapter: BrokerAdapter = createRabbitmqAdapter(config);
  await adapter.start(sink);
  cleanups.push(async () => {
    await adapter.stop();
    if (config.exchanges.length > 0) await deleteOwnQueues(URL_, [tapQueueName(config)]);
  });
  return { config, adapter, sink };
}

async function topology() {
  const t = await declareAppTopology(URL_, uniqueName("es-rabbit"));
  cleanups.push(() => t.cleanup());
  return t;
}

/** A sink whose message() waits while closed, as the runtime's does while its outbox is full. */
class GatedSink extends MemorySink {
  private gate: { wait: Promise<void>; open: () => void } | undefined;

  close(): void {
    let open = () => {};
    const wait = new Promise<void>((resolve) => (open = resolve));
    this.gate = { wait, open };
  }

  open(): void {
    this.gate?.open();
    this.gate = undefined;
  }

  override message(m: ObservedMessage): Promise<void> {
    this.messages.push(m);
    return this.gate?.wait ?? Promise.resolve();
  }
}

describe("tap", () => {
  it("acks only what the sink took: a waiting sink stops the flow at the prefetch window", async () => {
    const t = await topology();
    const sink = new GatedSink();
    sink.close();
    const { config } = await started({ exchanges: [{ name: t.exchange }], prefetch: 3 }, sink);
    const tapQueue = tapQueueName(config);
    await publishBurst({ url: URL_, exchange: t.exchange, routingKey: "bp", count: 10, body: (i) => `${i}` });
    await sink.until((s) => s.messages.length === 3, 10_000, "a full prefetch window");
    expect(await queueCounts(tapQueue)).toEqual({ ready: 7, unacked: 3 });

    sink.open();
    await sink.until((s) => s.messages.length === 10, 10_000, "the rest");
    await eventually(async () => (await queueCounts(tapQueue))?.unacked === 0, "every ack");
    expect(await queueCounts(tapQueue)).toEqual({ ready: 0, unacked: 0 });
    expect(sink.messages.map((m) => m.body.toString())).toEqual([
      "0",
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
    ]);
  });

  it("reports every published message and leaves the app consumer every one", async () => {
    const t = await topology();
    const app = await startAppConsumer(URL_, t.queue);
    cleanups.push(() => app.stop());
    const { sink } = await started({ exchanges: [{ name: t.exchange }] });
    const count = 60;
    await publishBurst({
      url: URL_,
      exchange: t.exchange,
      routingKey: (i) => `order.created.v${i % 3}`,
      count,
      body: (i) => JSON.stringify({ i }),
      options: (i) => ({
        messageId: `m-${i}`,
        appId: "checkout",
        contentType: "application/json",
        timestamp: 1_700_000_000 + i,
        correlationId: `c-${i}`,
        headers: { tenant: "t1", i },
      }),
    });
    await sink.until((s) => s.messages.length >= count, 15_000, `${count} tapped messages`);
    await eventually(() => app.received.length >= count, "the app consumer to receive all");

    expect(sink.messages).toHaveLength(count);
    const byId = new Map(sink.messages.map((m) => [m.brokerId, m]));
    for (let i = 0; i < count; i++) {
      const m = byId.get(`m-${i}`);
      expect(m, `m-${i}`).toMatchObject({
        channel: t.exchange,
        subject: `order.created.v${i % 3}`,
        appId: "checkout",
        contentType: "application/json",
        publishedAt: new Date((1_700_000_000 + i) * 1000),
      });
      expect(m?.headers).toMatchObject({ tenant: "t1", i, "amqp.correlation-id": `c-${i}` });
      expect(JSON.parse(m?.body.toString() ?? "")).toEqual({ i });
    }
    expect(new Set(app.received.map((m) => String(m.properties.messageId))).size).toBe(count);
  });

  it("keeps what was published while the collector was stopped", async () => {
    const t = await topology();
    const first = await started({ exchanges: [{ name: t.exchange, bindingKeys: ["kept.#"] }] });
    await first.adapter.stop();
    const body = (i: number) => `while away ${i}`;
    await publishBurst({ url: URL_, exchange: t.exchange, routingKey: "kept.x", count: 5, body });
    await publishBurst({ url: URL_, exchange: t.exchange, routingKey: "not.bound", count: 3, body });

    const again = createRabbitmqAdapter(first.config);
    const sink = new MemorySink();
    await again.start(sink);
    cleanups.push(() => again.stop());
    await sink.until((s) => s.messages.length >= 5, 10_000, "messages published meanwhile");
    expect(sink.messages.map((m) => m.body.toString()).sort()).toEqual([0, 1, 2, 3, 4].map(body));
    expect(sink.messages.every((m) => m.subject === "kept.x")).toBe(true);
  });

  it("passes headers of every AMQP type, binary bodies and a 10 MB message without a crash", async () => {
    const t = await topology();
    const { sink } = await started({ exchanges: [{ name: t.exchange }] });
    const binary = randomBytes(4096);
    const big = randomBytes(10 * 1024 * 1024);
    const headers = {
      buf: Buffer.from([0, 255]),
      nested: { a: [1, "x", null, { b: Buffer.from("deep") }], t: true },
      long: 2 ** 53 - 1,
      negative: -40_000,
      float: 1.5,
      ts: { "!": "timestamp", value: 1_700_000_000 },
      dec: { "!": "decimal", value: { places: 2, digits: 12345 } },
      "x-death": "not a table, as a careless client may send",
      empty: "",
    };
    await publishBurst({
      url: URL_,
      exchange: t.exchange,
      routingKey: "odd",
      count: 3,
      body: (i) => (i === 0 ? binary : i === 1 ? big : Buffer.alloc(0)),
      options: (i) => ({ messageId: `odd-${i}`, headers, timestamp: i === 2 ? 0 : 1_700_000_000 }),
    });
    await sink.until((s) => s.messages.length >= 3, 20_000, "three odd messages");
    const byId = new Map(sink.messages.map((m) => [m.brokerId, m]));
    expect(byId.get("odd-0")?.body.equals(binary)).toBe(true);
    expect(byId.get("odd-1")?.body.equals(big)).toBe(true);
    expect(byId.get("odd-2")?.body.length).toBe(0);
    expect(byId.get("odd-0")?.headers.buf).toEqual(Buffer.from([0, 255]));
    expect(byId.get("odd-0")?.headers.nested).toMatchObject({ t: true });
    expect(sink.disconnects).toEqual([]);
  });

  it("retries an exchange that does not exist yet and taps it once declared", async () => {
    const exchange = uniqueName("es-late");
    const queue = uniqueName("es-late-q");
    cleanups.push(() =>
      withChannel(URL_, async (ch) => {
        await ch.deleteQueue(queue);
        await ch.deleteExchange(exchange);
      }),
    );
    const { sink } = await started({ exchanges: [{ name: exchange }] });
    expect(sink.problems.map((p) => p.context).join()).toContain(`exchange "${exchange}" does not exist`);
    await withChannel(URL_, async (ch) => {
      await ch.assertExchange(exchange, "fanout", { durable: false });
      await ch.assertQueue(queue, { durable: false }); // something for the publish to route to besides the tap
    });
    // The next poll binds the tap; publish until a message comes through (earlier ones had no tap to reach).
    await eventually(async () => {
      await publishBurst({ url: URL_, exchange, routingKey: "", count: 1, body: () => "late" });
      return sink.messages.length > 0;
    }, "a tapped message from the late exchange");
    expect(sink.messages[0]?.channel).toBe(exchange);
    expect(sink.problems.filter((p) => p.context.includes(exchange))).toHaveLength(1);
  });
});

describe("gauges", () => {
  it("reports depth and consumers per queue, and a missing queue once", async () => {
    const t = await topology();
    const missing = uniqueName("es-missing");
    const { sink } = await started({ queues: [t.queue, missing] });
    await publishBurst({ url: URL_, exchange: t.exchange, routingKey: "g", count: 3, body: () => "g" });
    await sink.until((s) => s.gauge(t.queue, "depth") === 3, 10_000, "depth 3");
    expect(sink.gauge(t.queue, "consumers")).toBe(0);
    const app = await startAppConsumer(URL_, t.queue);
    cleanups.push(() => app.stop());
    await sink.until(
      (s) => s.gauge(t.queue, "depth") === 0 && s.gauge(t.queue, "consumers") === 1,
      10_000,
      "drained",
    );
    expect(sink.problems.filter((p) => p.context.includes(missing))).toHaveLength(1);
    expect(sink.gauge(missing, "depth")).toBeUndefined();
  });
});

describe("connection", () => {
  it("rejects with a readable message, without the password, when the broker is unreachable", async () => {
    const adapter = createRabbitmqAdapter(configFor({ url: "amqp://bob:s3cret@127.0.0.1:1/" }));
    const err = await adapter.start(new MemorySink()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(
      /cannot connect to RabbitMQ at amqp:\/\/bob@127\.0\.0\.1:1\/: connection refused/,
    );
    expect(err?.message).not.toContain("s3cret");
  });

  it("rejects readably when the credentials are wrong", async () => {
    const adapter = createRabbitmqAdapter(configFor({ url: "amqp://guest:wrong-pass@127.0.0.1:5672" }));
    const err = await adapter.start(new MemorySink()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/amqp:\/\/guest@127\.0\.0\.1:5672\/: the broker refused the credentials/);
    expect(err?.message).not.toContain("wrong-pass");
  });

  it("reports a lost connection once", async () => {
    const t = await topology();
    const { sink, config } = await started({
      exchanges: [{ name: t.exchange }],
      deadLetters: { queues: [t.dlq] },
    });
    await eventually(
      async () => (await closeConnectionsNamed(`eventscope collector (${config.name})`)) > 0,
      "our connection",
    );
    await sink.until((s) => s.disconnects.length > 0, 10_000, "disconnected()");
    // Every channel closes with the connection; only one report may reach the runtime.
    await new Promise((r) => setImmediate(r));
    expect(sink.disconnects).toHaveLength(1);
    expect(sink.disconnects[0]).toContain("connection to amqp://guest@127.0.0.1:5672/ lost");
  });
});
