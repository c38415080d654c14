// Redis Streams through the whole path: real Redis, the collector runtime with its outbox, the
// app's ingest route and /collectors namespace, real Postgres. What the issue asks of every broker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { createRedisAdapter } from "@/collectors/redis/redis-adapter";
import {
  deleteKeys,
  publishBurst,
  runAppConsumer,
  testRedis,
  uniqueKey,
  type AppConsumer,
} from "@/collectors/redis/testing";
import { eventually, startStack, type Stack } from "@/collectors/testing/stack";
import { handOver } from "@/lib/testing/reprocess-now";

const stream = uniqueKey("e2e:orders");
const dlq = `${stream}:dlq`;
const broker = uniqueKey("redis-e2e");
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
let stack: Stack;
let app: AppConsumer;
let collector: Awaited<ReturnType<Stack["collector"]>>;
const adapter = () =>
  createRedisAdapter({
    kind: "redis",
    name: broker,
    url: "redis://127.0.0.1:6379",
    streams: [stream],
    pollIntervalMs: 100,
    deadLetters: { streams: [{ stream: dlq }] },
  });
const redis = testRedis();

beforeAll(async () => {
  stack = await startStack();
  // The application: processes orders; a "Poison" one fails and goes to its dead-letter stream,
  // unless it is a reprocessed copy (then the fix is in and it succeeds).
  app = await runAppConsumer({
    stream,
    group: "billing",
    handle: async ({ fields }) => {
      if (fields.type === "Poison" && !fields[REPROCESS_ID_HEADER])
        await redis.xadd(
          dlq,
          "*",
          "payload",
          fields.payload!,
          "type",
          "Poison",
          "originalStream",
          stream,
          "reason",
          "rejected",
          "error",
          "amount must be positive",
        );
    },
  });
  collector = await stack.collector({ adapter: adapter(), broker: { name: broker, kind: "redis" } });
});

afterAll(async () => {
  await app?.stop();
  await stack?.close();
  await deleteKeys([stream, dlq]);
  redis.disconnect();
});

describe("Redis Streams end to end", () => {
  it("stores every event with type, producer and trace id while the app still gets every message", async () => {
    await eventually(
      "the collector's hello",
      async () =>
        (await stack.count("SELECT count(*) AS n FROM collectors WHERE broker_id IS NOT NULL")) === 1,
    );
    await publishBurst({
      stream,
      count: 200,
      fields: (i) => ({
        type: "OrderPlaced",
        producer: "checkout",
        traceparent: `00-${TRACE}-${(i + 1).toString(16).padStart(16, "0")}-01`,
        payload: JSON.stringify({ orderId: `o-${i}`, amount: i + 1 }),
      }),
    });
    await eventually(
      "200 stored events",
      async () => (await stack.count("SELECT count(*) AS n FROM messages")) === 200,
    );
    expect(await stack.storedEvents()).toEqual([
      { type: "OrderPlaced", producer: "checkout", trace_id: TRACE, n: 200 },
    ]);
    await eventually("the app acked all 200", () => Promise.resolve(app.acked.length === 200));
  });

  it("takes a dead letter in with its reason and origin, then it is gone from the broker's DLQ", async () => {
    await publishBurst({
      stream,
      count: 1,
      fields: () => ({ type: "Poison", payload: '{"orderId":"bad","amount":-1}' }),
    });
    await eventually(
      "the dead letter stored",
      async () => (await stack.count("SELECT count(*) AS n FROM dead_letters")) === 1,
    );
    const rows = await stack.storedDeadLetters();
    expect(rows[0]).toMatchObject({
      reason: "rejected",
      original: stream,
      queue: dlq,
      error_text: "amount must be positive",
    });
    expect(rows[0]!.payload.toString()).toBe('{"orderId":"bad","amount":-1}');
    await eventually("the DLQ drained", async () => (await redis.xlen(dlq)) === 0);
  });

  it("republishes on a reprocess command exactly once, even when the command is pushed again", async () => {
    const rows = await stack.storedDeadLetters();
    const before = await redis.xlen(stream);
    // Run, then pushed again by the server: answered from the collector's command log, not republished.
    const commandId = await stack.reprocessTwice(rows[0]!.id);
    expect(await stack.count("SELECT count(*) AS n FROM dead_letters WHERE state = 'reprocessed'")).toBe(1);
    const entries = await redis.xrange(stream, "-", "+");
    expect(entries.length).toBe(before + 1);
    const copy = entries.at(-1)![1];
    expect(copy).toEqual(expect.arrayContaining([REPROCESS_ID_HEADER, commandId]));
    await eventually("the app processed the copy", () => Promise.resolve(app.acked.length === 202));
  });

  it("delivers a command issued while the collector was away once it is back", async () => {
    await publishBurst({
      stream,
      count: 1,
      fields: () => ({ type: "Poison", payload: '{"orderId":"late"}' }),
    });
    await eventually(
      "the second dead letter",
      async () => (await stack.count("SELECT count(*) AS n FROM dead_letters")) === 2,
    );
    await collector.stop();
    const pending = (await stack.storedDeadLetters()).filter((d) => d.state === "pending");
    const commandId = await handOver(pending[0]!.id);
    const before = await redis.xlen(stream);
    collector = await stack.collector({
      adapter: adapter(),
      broker: { name: broker, kind: "redis" },
      dir: collector.dir,
    });
    await eventually(
      "the command succeeded after the restart",
      async () =>
        (await stack.count(
          "SELECT count(*) AS n FROM reprocess_items WHERE command_id = $1 AND state = 'succeeded'",
          [commandId],
        )) === 1,
    );
    const copies = (await redis.xrange(stream, "-", "+")).filter(([, f]) => f.includes(commandId));
    expect(copies).toHaveLength(1);
    expect(await redis.xlen(stream)).toBe(before + 1);
  });
});
