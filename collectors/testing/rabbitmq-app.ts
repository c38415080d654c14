// A RabbitMQ application beside the test stack: its topic exchange, queue and dead-letter queue, a
// consumer that acks or rejects each message as the test decides (rejected ones are dead-lettered
// by the broker), and a collector observing the exchange and taking in the DLQ.
import type { ConsumeMessage } from "amqplib";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { rabbitmqConfig } from "@/collectors/rabbitmq/config";
import { createRabbitmqAdapter } from "@/collectors/rabbitmq/rabbitmq-adapter";
import {
  declareAppTopology,
  deleteOwnQueues,
  publishBurst,
  RABBITMQ_TEST_URL,
  startAppConsumer,
  uniqueName,
  type AppConsumer,
  type AppTopology,
} from "@/collectors/rabbitmq/testing";
import { copiesOf } from "@/collectors/testing/reprocess-stack";
import { eventually, type Stack } from "@/collectors/testing/stack";

export type RabbitmqApp = {
  broker: string;
  topo: AppTopology;
  consumer: AppConsumer;
  collector: Awaited<ReturnType<Stack["collector"]>>;
  /** Starts a new collector for the broker (a restart: pass the stopped one's dir). */
  restartCollector: (dir?: string) => Promise<void>;
  /** Publishes `count` JSON messages `{"type":…,"n":i}` of `type` (message ids `<type>-<i>`) to the exchange. */
  publish: (type: string, count: number) => Promise<void>;
  /** Publishes a message after everything else and waits for the consumer to get it. */
  sentinel: () => Promise<void>;
  /** How often the consumer got each republished (reprocess-id marked) body of `type`. */
  copies: (type: string) => Map<string, number>;
  /** Stops the consumer and the collector, then deletes the topology and the collector's tap queue. */
  close: () => Promise<void>;
};

const URL = RABBITMQ_TEST_URL;

export async function startRabbitmqApp(
  stack: Stack,
  o: { prefix: string; decide: (msg: ConsumeMessage) => "ack" | "reject" },
): Promise<RabbitmqApp> {
  const broker = uniqueName(`rmq-${o.prefix}`);
  const topo = await declareAppTopology(URL, uniqueName(o.prefix));
  const consumer = await startAppConsumer(URL, topo.queue, o.decide);
  const start = (dir?: string) =>
    stack.collector({
      adapter: createRabbitmqAdapter(
        rabbitmqConfig.parse({
          kind: "rabbitmq",
          name: broker,
          url: URL,
          exchanges: [{ name: topo.exchange }],
          pollIntervalMs: 200,
          deadLetters: { queues: [topo.dlq] },
        }),
      ),
      broker: { name: broker, kind: "rabbitmq" },
      ...(dir ? { dir } : {}),
    });
  const app: RabbitmqApp = {
    broker,
    topo,
    consumer,
    collector: await start(),
    async restartCollector(dir) {
      app.collector = await start(dir);
    },
    publish: (type, count) =>
      publishBurst({
        url: URL,
        exchange: topo.exchange,
        routingKey: "orders.placed",
        count,
        body: (i) => JSON.stringify({ type, n: i }),
        options: (i) => ({
          messageId: `${type}-${i}`,
          type,
          appId: "checkout",
          contentType: "application/json",
        }),
      }),
    async sentinel() {
      const id = `sentinel-${Math.random().toString(36).slice(2)}`;
      await publishBurst({
        url: URL,
        exchange: topo.exchange,
        routingKey: "orders.placed",
        count: 1,
        body: () => "{}",
        options: () => ({ messageId: id, type: "Sentinel" }),
      });
      await eventually("the sentinel", () =>
        Promise.resolve(consumer.received.some((m) => m.properties.messageId === id)),
      );
    },
    copies: (type) =>
      copiesOf(
        type,
        consumer.received
          .filter((m) => m.properties.headers?.[REPROCESS_ID_HEADER])
          .map((m) => m.content.toString()),
      ),
    async close() {
      await consumer.stop();
      await app.collector.stop();
      await topo.cleanup();
      await deleteOwnQueues(URL, [`eventscope.tap.${broker}`]).catch(() => undefined);
    },
  };
  return app;
}
