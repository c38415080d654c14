// Integration test against the real RabbitMQ, in a vhost of its own with tracing on: the firehose
// reports deliveries (with redeliveries) and the publishes the tap does not cover, none twice.
import { afterEach, describe, expect, it } from "vitest";
import { MemorySink } from "@/collectors/core/testing/memory-sink";
import { rabbitmqConfig } from "@/collectors/rabbitmq/config";
import { createRabbitmqAdapter } from "@/collectors/rabbitmq/rabbitmq-adapter";
import {
  createTestVhost,
  declareAppTopology,
  eventually,
  publishBurst,
  RABBITMQ_TEST_URL,
  startAppConsumer,
  uniqueName,
} from "@/collectors/rabbitmq/testing";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("firehose", () => {
  it("reports deliveries, and publishes only for exchanges the tap does not cover", async () => {
    const vhost = await createTestVhost(RABBITMQ_TEST_URL, { trace: true });
    cleanups.push(() => vhost.remove()); // deletes everything declared in it
    const t = await declareAppTopology(vhost.url, uniqueName("es-fh"));
    const requeued = new Set<string>();
    // The app asks for one message again once, so the tracer sees it delivered twice.
    const app = await startAppConsumer(vhost.url, t.queue, (m) => {
      if (m.properties.messageId !== "tap-0" || requeued.has("tap-0")) return "ack";
      requeued.add("tap-0");
      return "requeue";
    });
    cleanups.push(() => app.stop());
    const config = rabbitmqConfig.parse({
      kind: "rabbitmq",
      url: vhost.url,
      name: uniqueName("t"),
      firehose: true,
      exchanges: [{ name: t.exchange }],
    });
    const adapter = createRabbitmqAdapter(config);
    const sink = new MemorySink();
    await adapter.start(sink);
    cleanups.push(() => adapter.stop());

    await publishBurst({
      url: vhost.url,
      exchange: t.exchange,
      routingKey: "tapped",
      count: 5,
      body: (i) => `t${i}`,
      options: (i) => ({ messageId: `tap-${i}` }),
    });
    await publishBurst({
      url: vhost.url,
      exchange: "",
      routingKey: t.queue,
      count: 3,
      body: (i) => `d${i}`,
      options: (i) => ({ messageId: `default-${i}`, appId: "direct-sender" }),
    });
    // 8 messages, 9 deliveries (tap-0 twice). A delivery's trace follows its publish's trace in
    // the same queue, so once all deliveries are in, every publish copy has been handled too.
    await sink.until(
      (s) => s.deliveries.length >= 9 && s.messages.length >= 8,
      15_000,
      "deliveries and messages",
    );
    await eventually(() => app.received.length >= 9, "the app's deliveries");

    expect(sink.messages.map((m) => `${m.channel}/${m.brokerId}`).sort()).toEqual(
      [
        ...[0, 1, 2, 3, 4].map((i) => `${t.exchange}/tap-${i}`),
        ...[0, 1, 2].map((i) => `${t.queue}/default-${i}`),
      ].sort(),
    );
    const direct = sink.messages.find((m) => m.brokerId === "default-0");
    expect(direct).toMatchObject({ subject: t.queue, appId: "direct-sender" });
    expect(direct?.body.toString()).toBe("d0");

    expect(sink.deliveries).toHaveLength(9);
    expect(sink.deliveries.every((d) => d.consumer === t.queue && d.outcome === "ack")).toBe(true);
    const attempts = sink.deliveries.filter((d) => d.message.brokerId === "tap-0").map((d) => d.attempt);
    expect(attempts.sort()).toEqual([1, 2]);
    const tapped = sink.deliveries.find((d) => d.message.brokerId === "tap-1");
    expect(tapped?.message).toMatchObject({ channel: t.exchange, subject: "tapped" });
  });
});
