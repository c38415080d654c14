// A NATS JetStream application beside the test stack: its streams, each with a durable consumer
// that acks or terminates each message as the test decides (JetStream then advises
// MSG_TERMINATED: a dead letter), and a collector observing the streams and their advisories.
import type { JsMsg } from "@nats-io/jetstream";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { natsConfig } from "@/collectors/nats/config";
import { advisoryStreamName } from "@/collectors/nats/mapping";
import { createNatsAdapter } from "@/collectors/nats/nats-adapter";
import {
  createAppStream,
  deleteStreams,
  openNats,
  publishBurst,
  runAppConsumer,
  TEST_SERVERS,
  uniqueName,
  type AppConsumer,
  type AppDecision,
  type Nats,
} from "@/collectors/nats/testing";
import { copiesOf, type BrokerApp } from "@/collectors/testing/reprocess-stack";
import { eventually, type Stack } from "@/collectors/testing/stack";

export type NatsApp = BrokerApp & {
  broker: string;
  /** A connection of the test's own. */
  nats: Nats;
};

export async function startNatsApp(
  stack: Stack,
  o: { prefix: string; streams: string[]; decide: (m: JsMsg) => AppDecision },
): Promise<NatsApp> {
  const broker = uniqueName(`nats-${o.prefix}`).toLowerCase();
  const nats = await openNats();
  const streams = o.streams.map((s) => uniqueName(s));
  const consumers = new Map<string, AppConsumer>();
  for (const stream of streams) {
    await createAppStream(nats, { stream, consumer: { durable: "billing", maxDeliver: 3 } });
    consumers.set(stream, await runAppConsumer(nats, stream, "billing", o.decide));
  }
  const received = () => [...consumers.values()].flatMap((c) => c.received);
  const start = (dir?: string) =>
    stack.collector({
      adapter: createNatsAdapter(
        natsConfig.parse({
          kind: "nats",
          name: broker,
          servers: TEST_SERVERS,
          streams: streams.map((name) => ({ name })),
          pollIntervalMs: 250,
        }),
      ),
      broker: { name: broker, kind: "nats" },
      ...(dir ? { dir } : {}),
    });
  const app: NatsApp = {
    broker,
    nats,
    streams,
    collector: await start(),
    async restartCollector(dir) {
      app.collector = await start(dir);
    },
    async publish(type, count, stream = streams[0]!) {
      await publishBurst({
        nats,
        subject: `${stream}.orders`,
        count,
        body: (i) => JSON.stringify({ type, n: i }),
        headers: () => ({ type, producer: "checkout" }),
      });
    },
    async sentinel(stream = streams[0]!) {
      const subject = `${stream}.sentinel`;
      const before = received().filter((m) => m.subject === subject).length;
      await publishBurst({ nats, subject, count: 1, body: () => "{}" });
      await eventually("the sentinel", () =>
        Promise.resolve(received().filter((m) => m.subject === subject).length > before),
      );
    },
    copies: (type) =>
      copiesOf(
        type,
        received()
          .filter((m) => m.headers?.has(REPROCESS_ID_HEADER))
          .map((m) => m.string()),
      ),
    async deleteStream(stream) {
      await consumers.get(stream)?.stop();
      consumers.delete(stream);
      await deleteStreams(nats, [stream]);
      // Until the collector has noticed (its last error names the stream), a reprocess could run
      // before the deletion mattered to it and pass whatever the collector then does.
      await eventually("the collector noticed the deleted stream", () =>
        Promise.resolve(app.collector.sink.lastError?.message.includes(stream) ?? false),
      );
    },
    async close() {
      for (const c of consumers.values()) await c.stop();
      await app.collector.stop();
      await deleteStreams(nats, [...streams, advisoryStreamName(broker)]);
      await nats.nc.close();
    },
  };
  return app;
}
