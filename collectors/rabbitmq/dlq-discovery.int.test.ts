// Integration test against the real RabbitMQ management API (rabbitmq_management enabled, as the
// CI script does): dead-letter queues are found through the queues' dead-letter exchanges. In a
// vhost of its own: discovery drains every DLQ it finds, other tests' included.
import { afterEach, describe, expect, it } from "vitest";
import { MemorySink } from "@/collectors/core/testing/memory-sink";
import { rabbitmqConfig } from "@/collectors/rabbitmq/config";
import { managementApi } from "@/collectors/rabbitmq/management-api";
import { createRabbitmqAdapter } from "@/collectors/rabbitmq/rabbitmq-adapter";
import {
  declareAppTopology,
  publishBurst,
  createTestVhost,
  RABBITMQ_TEST_URL,
  startAppConsumer,
  uniqueName,
  withChannel,
} from "@/collectors/rabbitmq/testing";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("dead-letter queue discovery", () => {
  it("finds queues bound to a dead-letter exchange and default-exchange targets, and drains them", async () => {
    const vhost = await createTestVhost(RABBITMQ_TEST_URL);
    cleanups.push(() => vhost.remove()); // with everything declared in it
    const URL_ = vhost.url;
    const t = await declareAppTopology(URL_, uniqueName("es-disc"));
    // A queue dead-lettering through the default exchange straight into a named queue.
    const ttlQueue = uniqueName("es-disc-ttl");
    const directDlq = uniqueName("es-disc-direct");
    await withChannel(URL_, async (ch) => {
      await ch.assertQueue(directDlq, { durable: false });
      await ch.assertQueue(ttlQueue, {
        durable: false,
        messageTtl: 1,
        deadLetterExchange: "",
        deadLetterRoutingKey: directDlq,
      });
    });

    const found = await managementApi(URL_).deadLetterQueues();
    expect(found).toContain(t.dlq);
    expect(found).toContain(directDlq);
    expect(found).not.toContain(t.queue);
    expect(found).not.toContain(ttlQueue);

    const app = await startAppConsumer(URL_, t.queue, () => "reject");
    cleanups.push(() => app.stop());
    const adapter = createRabbitmqAdapter(
      rabbitmqConfig.parse({
        kind: "rabbitmq",
        url: URL_,
        name: uniqueName("t"),
        deadLetters: { discover: true },
      }),
    );
    const sink = new MemorySink();
    await adapter.start(sink);
    cleanups.push(() => adapter.stop());
    await publishBurst({
      url: URL_,
      exchange: t.exchange,
      routingKey: "k",
      count: 1,
      body: () => "rejected",
    });
    await publishBurst({ url: URL_, exchange: "", routingKey: ttlQueue, count: 1, body: () => "expired" });
    await sink.until((s) => s.deadLetters.length >= 2, 15_000, "both dead letters");
    const byBody = new Map(sink.deadLetters.map((d) => [d.message.body.toString(), d]));
    expect(byBody.get("rejected")).toMatchObject({ reason: "rejected", message: { channel: t.dlq } });
    expect(byBody.get("expired")).toMatchObject({
      reason: "expired",
      originalChannel: ttlQueue,
      message: { channel: directDlq },
    });
  });

  it("says readably when the management API refuses", async () => {
    const api = managementApi(RABBITMQ_TEST_URL, "http://nobody:wrong@127.0.0.1:15672");
    await expect(api.deadLetterQueues()).rejects.toThrow(
      "management API at http://127.0.0.1:15672 answered 401",
    );
  });
});
