// A Redis Streams application beside the test stack: its streams, each read by a consumer group
// that handles or dead-letters each entry as the test decides (dead-lettering the way teams write
// it: XADD to a dead-letter stream with the original stream, reason and error, then XACK), and a
// collector observing the streams and taking in the dead-letter stream.
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { createRedisAdapter } from "@/collectors/redis/redis-adapter";
import {
  deleteKeys,
  publishBurst,
  runAppConsumer,
  TEST_REDIS_URL,
  testRedis,
  uniqueKey,
  type AppConsumer,
  type AppEntry,
} from "@/collectors/redis/testing";
import { copiesOf, type BrokerApp } from "@/collectors/testing/reprocess-stack";
import { eventually, type Stack } from "@/collectors/testing/stack";
import { pool } from "@/lib/db/client";

export type RedisApp = BrokerApp & {
  broker: string;
  /** A connection of the test's own. */
  redis: ReturnType<typeof testRedis>;
  dlq: string;
};

export async function startRedisApp(
  stack: Stack,
  o: { prefix: string; streams: string[]; fails: (entry: AppEntry) => boolean },
): Promise<RedisApp> {
  const broker = uniqueKey(`redis-${o.prefix}`).replace(/[^\w-]/g, "-");
  const redis = testRedis();
  const streams = o.streams.map((s) => uniqueKey(`${o.prefix}:${s}`));
  const dlq = uniqueKey(`${o.prefix}:dlq`);
  const handled: string[] = [];
  const sentinels = new Set<string>();
  const consumers = new Map<string, AppConsumer>();
  for (const stream of streams)
    consumers.set(
      stream,
      await runAppConsumer({
        stream,
        group: "billing",
        handle: async (entry) => {
          const { type = "", payload = "" } = entry.fields;
          if (type === "Sentinel") sentinels.add(payload);
          else if (o.fails(entry))
            await redis.xadd(
              dlq,
              "*",
              ...["payload", payload, "type", type, "originalStream", stream, "originalId", entry.id],
              ...["reason", "rejected", "error", "amount must be positive"],
            );
          else if (entry.fields[REPROCESS_ID_HEADER]) handled.push(payload);
        },
      }),
    );
  const start = (dir?: string) =>
    stack.collector({
      adapter: createRedisAdapter({
        kind: "redis",
        name: broker,
        url: TEST_REDIS_URL,
        streams,
        pollIntervalMs: 100,
        blockMs: 200,
        deadLetters: { streams: [{ stream: dlq }] },
      }),
      broker: { name: broker, kind: "redis" },
      ...(dir ? { dir } : {}),
    });
  const app: RedisApp = {
    broker,
    redis,
    streams,
    dlq,
    collector: await start(),
    async restartCollector(dir) {
      app.collector = await start(dir);
    },
    async publish(type, count, stream = streams[0]!) {
      await publishBurst({
        stream,
        count,
        fields: (i) => ({ type, producer: "checkout", payload: JSON.stringify({ type, n: i }) }),
      });
    },
    async sentinel(stream = streams[0]!) {
      const id = `sentinel-${Math.random().toString(36).slice(2)}`;
      await redis.xadd(stream, "*", "type", "Sentinel", "payload", id);
      await eventually("the sentinel", () => Promise.resolve(sentinels.has(id)));
    },
    copies: (type) => copiesOf(type, handled),
    async deleteStream(stream) {
      await consumers.get(stream)?.stop();
      consumers.delete(stream);
      await redis.del(stream);
    },
    async close() {
      for (const c of consumers.values()) await c.stop();
      await app.collector.stop();
      const { rows } = await pool().query<{ id: string }>(
        "SELECT command_id AS id FROM reprocess_items WHERE command_id IS NOT NULL",
      );
      await deleteKeys(
        [...streams, dlq],
        rows.map((r) => r.id),
      );
      redis.disconnect();
    },
  };
  return app;
}
