// The load generator of bench:collector, per broker: a topology to publish into (with an app
// queue/consumer group, as in production), a burst publisher, the collector's broker section, and
// cleanup. Publishers are the brokers' test helpers: confirms (RabbitMQ), PubAcks (NATS),
// pipelined XADDs (Redis) — each waits until the broker has every message.
import * as nats from "@/collectors/nats/testing";
import * as rabbit from "@/collectors/rabbitmq/testing";
import * as redis from "@/collectors/redis/testing";

export type Load = {
  kind: "rabbitmq" | "nats" | "redis";
  broker: Record<string, unknown>;
  publish: (count: number, offset: number) => Promise<void>;
  cleanup: () => Promise<void>;
};

const payload = (i: number) =>
  JSON.stringify({
    orderId: `o-${i}`,
    customer: { id: `c-${i % 997}`, tier: i % 3 ? "gold" : "basic" },
    lines: [{ sku: `s-${i % 50}`, qty: 1 + (i % 4), price: 9.99 }],
    total: 9.99 * (1 + (i % 4)),
  });

export async function rabbitLoad(name: string): Promise<Load> {
  const topo = await rabbit.declareAppTopology(rabbit.RABBITMQ_TEST_URL, rabbit.uniqueName("bench"));
  return {
    kind: "rabbitmq",
    broker: {
      kind: "rabbitmq",
      name,
      url: rabbit.RABBITMQ_TEST_URL,
      exchanges: [{ name: topo.exchange }],
      prefetch: 2000,
    },
    publish: (count, offset) =>
      rabbit.publishBurst({
        url: rabbit.RABBITMQ_TEST_URL,
        exchange: topo.exchange,
        routingKey: "orders.placed",
        count,
        body: (i) => payload(offset + i),
        options: (i) => ({
          messageId: `m-${offset + i}`,
          type: "OrderPlaced",
          appId: "checkout",
          contentType: "application/json",
        }),
      }),
    cleanup: async () => {
      await rabbit
        .withChannel(rabbit.RABBITMQ_TEST_URL, (ch) => ch.deleteQueue(`eventscope.tap.${name}`))
        .catch(() => undefined);
      await topo.cleanup();
    },
  };
}

export async function natsLoad(name: string): Promise<Load> {
  const conn = await nats.openNats();
  const stream = nats
    .uniqueName("BENCH")
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, "_");
  await nats.createAppStream(conn, { stream, consumer: { durable: "billing" } });
  return {
    kind: "nats",
    broker: {
      kind: "nats",
      name,
      servers: nats.TEST_SERVERS,
      streams: [{ name: stream }],
      deadLetters: { advisories: false },
    },
    publish: async (count, offset) => {
      await nats.publishBurst({
        nats: conn,
        subject: `${stream}.orders.placed`,
        count,
        window: 1000,
        body: (i) => payload(offset + i),
        headers: () => ({ type: "OrderPlaced" }),
      });
    },
    cleanup: async () => {
      await nats.deleteStreams(conn, [stream]);
      await conn.nc.close();
    },
  };
}

export async function redisLoad(name: string): Promise<Load> {
  const stream = redis.uniqueKey("bench:orders");
  const r = redis.testRedis();
  await r.xgroup("CREATE", stream, "billing", "$", "MKSTREAM");
  r.disconnect();
  return {
    kind: "redis",
    broker: { kind: "redis", name, url: redis.TEST_REDIS_URL, streams: [stream], count: 1000 },
    publish: async (count, offset) => {
      await redis.publishBurst({
        stream,
        count,
        fields: (i) => ({ type: "OrderPlaced", payload: payload(offset + i) }),
      });
    },
    cleanup: () => redis.deleteKeys([stream]),
  };
}
