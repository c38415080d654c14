// Against the real Redis: dead letters leave Redis only after the sink (the server) stored them —
// from a dead-letter stream the app XADDs to, and from an app group's over-delivered entries.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { ObservedDeadLetter } from "@/collectors/core/adapter";
import { MemorySink } from "@/collectors/core/testing/memory-sink";
import type { RedisConfigInput } from "@/collectors/redis/config";
import { createRedisAdapter, type RedisAdapter } from "@/collectors/redis/redis-adapter";
import { parsePending } from "@/collectors/redis/stream-info";
import {
  deleteKeys,
  publishBurst,
  runAppConsumer,
  TEST_REDIS_URL,
  testRedis,
  uniqueKey,
  waitFor,
  type AppConsumer,
} from "@/collectors/redis/testing";

const redis = testRedis();
const keys: string[] = [];
const adapters: RedisAdapter[] = [];
const apps: AppConsumer[] = [];

afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.stop()));
  await Promise.all(apps.splice(0).map((a) => a.stop()));
  await deleteKeys(keys.splice(0));
});
afterAll(async () => {
  await redis.quit();
});

function names() {
  const stream = uniqueKey("orders");
  const dlq = `${stream}:dlq`;
  keys.push(stream, dlq);
  return { stream, dlq, name: stream.replace(/[^\w-]/g, "-") };
}

function adapter(config: Omit<RedisConfigInput, "kind" | "url">): RedisAdapter {
  const a = createRedisAdapter({
    kind: "redis",
    url: TEST_REDIS_URL,
    pollIntervalMs: 50,
    blockMs: 200,
    ...config,
  });
  adapters.push(a);
  return a;
}

/** An app that dead-letters entries of type "bad" to `dlq` itself, as teams write it. */
async function appWithDlq(stream: string, dlq: string): Promise<void> {
  const app = await runAppConsumer({
    stream,
    group: "billing",
    handle: async ({ id, fields }) => {
      if (fields.type !== "bad") return;
      await redis.xadd(
        dlq,
        "*",
        "originalStream",
        stream,
        "originalId",
        id,
        "reason",
        "validation",
        "error",
        "amount must be positive",
        "type",
        "bad",
        "payload",
        fields.payload ?? "",
      );
    },
  });
  apps.push(app);
}

const ourPending = async (dlq: string, name: string) => (await redis.xpending(dlq, `eventscope-${name}`))[0];

describe("dead-letter streams", () => {
  it("keeps an entry pending while the server holds it; acks and deletes it only after", async () => {
    const { stream, dlq, name } = names();
    await appWithDlq(stream, dlq);
    const sink = new MemorySink();
    sink.hold();
    await adapter({ name, streams: [stream], deadLetters: { streams: [{ stream: dlq }] } }).start(sink);
    const [, badId] = await publishBurst({
      stream,
      count: 3,
      fields: (i) => ({ type: i === 1 ? "bad" : "good", payload: `{"amount":${i === 1 ? -1 : 1}}` }),
    });
    await sink.until((s) => s.deadLetters.length === 1, 10_000, "the dead letter");
    const dl = sink.deadLetters[0] as ObservedDeadLetter;
    expect(dl).toMatchObject({
      originalChannel: stream,
      reason: "validation",
      error: "amount must be positive",
      attempts: 1,
    });
    expect(dl.message).toMatchObject({ channel: dlq, brokerId: badId, headers: { type: "bad" } });
    expect(dl.message.body.toString()).toBe('{"amount":-1}');
    const [dlqEntry] = await redis.xrange(dlq, "-", "+");
    expect(dl.dedupeKey).toBe(`${dlq}:${dlqEntry?.[0]}`);

    // Held by the server: still in the DLQ stream and in our group's pending list.
    expect(await ourPending(dlq, name)).toBe(1);
    expect(await redis.xlen(dlq)).toBe(1);

    sink.release();
    await waitFor(async () => (await redis.xlen(dlq)) === 0, "the DLQ entry deleted");
    expect(await ourPending(dlq, name)).toBe(0);
    expect(sink.deadLetters).toHaveLength(1);
  });

  it("leaves an entry the sink refuses, and takes it after a restart (pending re-read first)", async () => {
    const { stream, dlq, name } = names();
    const config = { name, streams: [], deadLetters: { streams: [{ stream: dlq }] } };
    const refusing = new (class extends MemorySink {
      override deadLetter(d: ObservedDeadLetter): Promise<void> {
        this.deadLetters.push(d);
        return Promise.reject(new Error("server unavailable"));
      }
    })();
    const first = adapter(config);
    await first.start(refusing);
    await redis.xadd(dlq, "*", "originalStream", stream, "reason", "timeout", "payload", "p");
    // Refused, then offered again on the next pass: the same dead letter, the same key.
    await refusing.until((s) => s.deadLetters.length >= 2, 10_000, "a retried dead letter");
    expect(new Set(refusing.deadLetters.map((d) => d.dedupeKey)).size).toBe(1);
    await first.stop();
    expect(await ourPending(dlq, name)).toBe(1);
    expect(await redis.xlen(dlq)).toBe(1);

    const sink = new MemorySink();
    await adapter(config).start(sink);
    await sink.until((s) => s.deadLetters.length === 1, 10_000, "the dead letter after restart");
    expect(sink.deadLetters[0]?.dedupeKey).toBe(refusing.deadLetters[0]?.dedupeKey);
    await waitFor(async () => (await redis.xlen(dlq)) === 0, "the DLQ entry deleted");
    expect(await ourPending(dlq, name)).toBe(0);
  });

  it("stop leaves held dead letters pending, even if the server confirms them afterwards", async () => {
    const { dlq, name } = names();
    const sink = new MemorySink();
    sink.hold();
    // Both there before start: one batch (a held batch holds back the next, by design).
    await redis.xadd(dlq, "*", "reason", "x", "payload", "1");
    await redis.xadd(dlq, "*", "reason", "x", "payload", "2");
    const a = adapter({ name, deadLetters: { streams: [{ stream: dlq }] } });
    await a.start(sink);
    await sink.until((s) => s.deadLetters.length === 2, 10_000, "two dead letters");
    await a.stop();
    sink.release();
    expect(await ourPending(dlq, name)).toBe(2);
    expect(await redis.xlen(dlq)).toBe(2);
  });

  it("with deleteAfterStore false, acks but keeps the entry in the stream", async () => {
    const { dlq, name } = names();
    const sink = new MemorySink();
    await adapter({ name, deadLetters: { streams: [{ stream: dlq, deleteAfterStore: false }] } }).start(sink);
    await redis.xadd(dlq, "*", "reason", "x", "payload", "1");
    await sink.until((s) => s.deadLetters.length === 1, 10_000, "the dead letter");
    await waitFor(async () => (await ourPending(dlq, name)) === 0, "the ack");
    expect(await redis.xlen(dlq)).toBe(1);
  });
});

describe("claiming over-delivered entries from an app group", () => {
  it("takes an entry past maxDeliveries as max_deliveries, and acks it in the app group only after it is stored", async () => {
    const { stream, name } = names();
    const app = await runAppConsumer({
      stream,
      group: "billing",
      attempts: 3,
      handle: ({ fields }) => {
        if (fields.type === "poison") throw new Error("cannot process");
      },
    });
    apps.push(app);
    const sink = new MemorySink();
    sink.hold();
    await adapter({
      name,
      streams: [stream],
      deadLetters: { claim: [{ stream, group: "billing", maxDeliveries: 2, minIdleMs: 100 }] },
    }).start(sink);
    const ids = await publishBurst({
      stream,
      count: 4,
      fields: (i) => ({ type: i === 2 ? "poison" : "ok", payload: `${i}` }),
    });
    const poisonId = ids[2] as string;
    await waitFor(() => app.abandoned.includes(poisonId), "the app to give up");
    await sink.until((s) => s.deadLetters.length === 1, 10_000, "the claimed dead letter");
    expect(sink.deadLetters[0]).toMatchObject({
      reason: "max_deliveries",
      attempts: 3,
      originalChannel: stream,
      dedupeKey: `${stream}:billing:${poisonId}`,
    });
    expect(sink.deadLetters[0]?.message).toMatchObject({
      channel: stream,
      brokerId: poisonId,
      headers: { type: "poison" },
    });

    // Held: claimed by Eventscope's consumer in the app's group, still pending there.
    const pending = parsePending(await redis.xpending(stream, "billing", "-", "+", 10));
    expect(pending.map((p) => [p.id, p.consumer])).toEqual([[poisonId, "eventscope"]]);

    sink.release();
    await waitFor(async () => (await redis.xpending(stream, "billing"))[0] === 0, "the ack in the app group");
    expect(app.acked).toEqual(ids.filter((id) => id !== poisonId));
    expect(await redis.xlen(stream)).toBe(4); // an application stream: acked, never deleted
    expect(sink.deadLetters).toHaveLength(1);
  });
});
