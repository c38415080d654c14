// Reprocess through the whole path on real Redis Streams: the API creates the request, the
// server's dispatcher hands items to the collector, the collector XADDs each dead letter back to
// its original stream (once per reprocess id: a Lua guard) and reports, the dead letters end
// "reprocessed". A consumer group that dead-lettered one type is fixed and handles each message
// of the group exactly once; the same idempotency key twice is one request; a collector killed
// after Redis added the entry, before it wrote the outcome, republishes again on restart and the
// guard keeps one copy; a dead letter whose stream key was deleted since ("no longer exists" on
// Redis: the key is gone, and with it the consumer groups that would read a new entry) fails with
// that reason instead of silently recreating the key, while the others of its request go on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { republishEntry } from "@/collectors/redis/republish";
import { startRedisApp, type RedisApp } from "@/collectors/testing/redis-app";
import { startReprocessStack, type ReprocessStack } from "@/collectors/testing/reprocess-stack";
import { eventually } from "@/collectors/testing/stack";

let stack: ReprocessStack;
let app: RedisApp;
/** The application's bug: it dead-letters these types until they are "fixed". */
const broken = new Set(["Poison", "Twice", "Crash", "Lost"]);

beforeAll(async () => {
  stack = await startReprocessStack();
  app = await startRedisApp(stack, {
    prefix: "reprocess",
    streams: ["orders", "doomed"],
    fails: ({ fields }) => broken.has(fields.type ?? "") && !fields[REPROCESS_ID_HEADER],
  });
  await stack.hello();
});

afterAll(async () => {
  await app?.close();
  await stack?.close();
});

/** Publishes `count` entries of a broken type and waits until they are stored as pending dead letters. */
async function poison(type: string, count: number, stream?: string): Promise<void> {
  const before = await stack.count("SELECT count(*) AS n FROM dead_letters WHERE event_type = $1", [type]);
  await app.publish(type, count, stream);
  await stack.deadLetters(type, before + count);
}

function expectOnceEach(type: string, n: number): void {
  const copies = app.copies(type);
  expect(copies.size).toBe(n);
  expect([...copies.values()].filter((c) => c !== 1)).toEqual([]);
}

describe("reprocess on Redis Streams", () => {
  it("a fixed consumer gets every message of the reprocessed group exactly once; they show reprocessed", async () => {
    await poison("Poison", 30);
    expect(await stack.states("Poison")).toEqual({ pending: 30 });
    broken.delete("Poison");
    const id = await stack.reprocess({ groupId: await stack.groupOf("Poison") });
    expect(await stack.finished(id)).toMatchObject({ total: 30, sent: 30, succeeded: 30, failed: 0 });
    // A sentinel added after: once the group handled it, any second copy would have been handled too.
    await app.sentinel();
    expectOnceEach("Poison", 30);
    expect(await stack.states("Poison")).toEqual({ reprocessed: 30 });
  });

  it("the same idempotency key twice makes one request: each message republished once", async () => {
    await poison("Twice", 10);
    broken.delete("Twice");
    const id = await stack.sameKeyTwice({ groupId: await stack.groupOf("Twice") });
    expect(await stack.finished(id)).toMatchObject({ total: 10, succeeded: 10, failed: 0 });
    await app.sentinel();
    expectOnceEach("Twice", 10);
    expect(await stack.commandsFor("Twice")).toBe(10);
  });

  it("a collector killed after Redis added the entry, before it wrote the outcome, leaves one copy", async () => {
    await poison("Crash", 20);
    broken.delete("Crash");
    const dir = app.collector.dir;
    await app.collector.stop();
    const id = await stack.reprocess({ groupId: await stack.groupOf("Crash") });
    await eventually(
      "the items handed to the (stopped) collector",
      async () => (await stack.commandsFor("Crash")) === 20,
    );
    const crashed = await stack.crashAfterConfirm({
      dir,
      count: 8,
      republish: (req) => republishEntry(app.redis, req, undefined, 3600).then(() => undefined),
    });
    expect(crashed).toHaveLength(8);
    await app.restartCollector(dir);
    expect(await stack.finished(id)).toMatchObject({ total: 20, succeeded: 20, failed: 0 });
    await app.sentinel();
    expectOnceEach("Crash", 20);
    // The server knows which ones the collector could not rule out (shown as possible duplicates).
    expect(
      await stack.count(
        "SELECT count(*) AS n FROM collector_commands WHERE possible_duplicate AND id = ANY($1::uuid[])",
        [crashed],
      ),
    ).toBe(8);
  });

  it("a dead letter whose stream key was deleted fails with that reason; the others of the request go on", async () => {
    const [orders, doomed] = app.streams as [string, string];
    await poison("Lost", 3, orders);
    await poison("Lost", 3, doomed);
    broken.delete("Lost");
    await app.deleteStream(doomed);
    const id = await stack.reprocess({ groupId: await stack.groupOf("Lost") });
    const end = await stack.finished(id);
    expect(end).toMatchObject({ total: 6, succeeded: 3, failed: 3 });
    expect(end.failures.map((f) => f.error)).toEqual(
      Array(3).fill(expect.stringContaining(`stream ${doomed} does not exist`)),
    );
    expect(await app.redis.exists(doomed)).toBe(0);
    await app.sentinel(orders);
    expectOnceEach("Lost", 3);
    expect(await stack.states("Lost")).toEqual({ failed_again: 3, reprocessed: 3 });
  });
});
