// A RabbitMQ application beside the test stack: its topic exchange(s), queue and dead-letter queue,
// a consumer that acks or rejects each message as the test decides (rejected ones are
// dead-lettered by the broker), and a collector observing the exchanges and taking in the DLQ.
import type { ConsumeMessage } from "amqplib";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { rabbitmqConfig } from "@/collectors/rabbitmq/config";
import { createRabbitmqAdapter } from "@/collectors/rabbitmq/rabbitmq-adapter";
import { tapQueueName } from "@/collectors/rabbitmq/tap";
import {
  declareAppTopology,
  deleteOwnQueues,
  publishBurst,
  publishSentinel,
  RABBITMQ_TEST_URL,
  startAppConsumer,
  uniqueName,
  withChannel,
  type AppConsumer,
  type AppTopology,
} from "@/collectors/rabbitmq/testing";
import { copiesOf, type BrokerApp } from "@/collectors/testing/reprocess-stack";
import type { Stack } from "@/collectors/testing/stack";

export type RabbitmqApp = BrokerApp & {
  broker: string;
  topo: AppTopology;
  consumer: AppConsumer;
};

const URL = RABBITMQ_TEST_URL;

export async function startRabbitmqApp(
  stack: Stack,
  o: {
    prefix: string;
    decide: (msg: ConsumeMessage) => "ack" | "reject";
    /** More topic exchanges, bound to the same queue with "#" (suffixes of their names). */
    moreExchanges?: string[];
  },
): Promise<RabbitmqApp> {
  const broker = uniqueName(`rmq-${o.prefix}`);
  const topo = await declareAppTopology(URL, uniqueName(o.prefix));
  const streams = [topo.exchange, ...(o.moreExchanges ?? []).map((x) => `${topo.exchange}.${x}`)];
  await withChannel(URL, async (ch) => {
    for (const x of streams.slice(1)) {
      await ch.assertExchange(x, "topic", { durable: false });
      await ch.bindQueue(topo.queue, x, "#");
    }
  });
  const consumer = await startAppConsumer(URL, topo.queue, o.decide);
  const config = rabbitmqConfig.parse({
    kind: "rabbitmq",
    name: broker,
    url: URL,
    exchanges: streams.map((name) => ({ name })),
    pollIntervalMs: 200,
    deadLetters: { queues: [topo.dlq] },
  });
  const start = (dir?: string) =>
    stack.collector({
      adapter: createRabbitmqAdapter(config),
      broker: { name: broker, kind: "rabbitmq" },
      ...(dir ? { dir } : {}),
    });
  const app: RabbitmqApp = {
    broker,
    topo,
    streams,
    consumer,
    collector: await start(),
    async restartCollector(dir) {
      app.collector = await start(dir);
    },
    publish: (type, count, exchange = topo.exchange) =>
      publishBurst({
        url: URL,
        exchange,
        routingKey: "orders.placed",
        count,
        body: (i) => JSON.stringify({ type, n: i }),
        options: (i) => ({
          messageId: `${type}-${exchange}-${i}`,
          type,
          appId: "checkout",
          contentType: "application/json",
        }),
      }),
    sentinel: () => publishSentinel(URL, topo.exchange, consumer),
    copies: (type) =>
      copiesOf(
        type,
        consumer.received
          .filter((m) => m.properties.headers?.[REPROCESS_ID_HEADER])
          .map((m) => m.content.toString()),
      ),
    deleteStream: (exchange) => withChannel(URL, async (ch) => void (await ch.deleteExchange(exchange))),
    async close() {
      await consumer.stop();
      await app.collector.stop();
      await topo.cleanup();
      await withChannel(URL, async (ch) => {
        for (const x of streams.slice(1)) await ch.deleteExchange(x);
      });
      await deleteOwnQueues(URL, [tapQueueName(config)]).catch(() => undefined);
    },
  };
  return app;
}
