// Reprocess through the whole path on real NATS JetStream: the API creates the request, the
// server's dispatcher hands items to the collector, the collector republishes with the reprocess
// id as Nats-Msg-Id and reports, the dead letters end "reprocessed". A consumer that terminated
// one type is fixed and gets each message of the group exactly once; the same idempotency key
// twice is one request; a collector killed after JetStream confirmed, before it wrote the
// outcome, republishes again on restart and JetStream's duplicate window keeps one copy; a dead
// letter whose stream was deleted since ("no longer exists" on JetStream: no stream captures its
// subject any more) fails with that reason while the others of its request go on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { publishWithDedupe } from "@/collectors/nats/republish";
import { startNatsApp, type NatsApp } from "@/collectors/testing/nats-app";
import { startReprocessStack, type ReprocessStack } from "@/collectors/testing/reprocess-stack";
import { eventually } from "@/collectors/testing/stack";

let stack: ReprocessStack;
let app: NatsApp;
/** The application's bug: it terminates these types until they are "fixed". */
const broken = new Set(["Poison", "Twice", "Crash", "Lost"]);

beforeAll(async () => {
  stack = await startReprocessStack();
  app = await startNatsApp(stack, {
    prefix: "reprocess",
    streams: ["ORDERS", "DOOMED"],
    decide: (m) =>
      broken.has(m.headers?.get("type") ?? "") && !m.headers?.has(REPROCESS_ID_HEADER) ? "term" : "ack",
  });
  await stack.hello();
});

afterAll(async () => {
  await app?.close();
  await stack?.close();
});

/** Publishes `count` messages of a broken type and waits until they are stored as pending dead letters. */
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

describe("reprocess on NATS JetStream", () => {
  it("a fixed consumer gets every message of the reprocessed group exactly once; they show reprocessed", async () => {
    await poison("Poison", 30);
    expect(await stack.states("Poison")).toEqual({ pending: 30 });
    broken.delete("Poison");
    const id = await stack.reprocess({ groupId: await stack.groupOf("Poison") });
    expect(await stack.finished(id)).toMatchObject({ total: 30, sent: 30, succeeded: 30, failed: 0 });
    // A sentinel published after: once the consumer has it, any second copy would have arrived too.
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

  it("a collector killed after JetStream confirmed, before it wrote the outcome, leaves one copy", async () => {
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
      republish: (req) => publishWithDedupe(app.nats.js, app.nats.jsm, req, undefined),
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

  it("a dead letter whose stream was deleted fails with that reason; the others of the request go on", async () => {
    const [orders, doomed] = app.streams as [string, string];
    await poison("Lost", 3, orders);
    await poison("Lost", 3, doomed);
    broken.delete("Lost");
    await app.deleteStream(doomed);
    const id = await stack.reprocess({ groupId: await stack.groupOf("Lost") });
    const end = await stack.finished(id);
    expect(end).toMatchObject({ total: 6, succeeded: 3, failed: 3 });
    expect(end.failures.map((f) => f.error)).toEqual(
      Array(3).fill(`no JetStream stream captures subject "${doomed}.orders": cannot republish there`),
    );
    await app.sentinel(orders);
    expectOnceEach("Lost", 3);
    expect(await stack.states("Lost")).toEqual({ failed_again: 3, reprocessed: 3 });
  });
});
