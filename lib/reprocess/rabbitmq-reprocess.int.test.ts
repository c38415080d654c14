// Bulk reprocess through the whole path on real RabbitMQ: the API creates the request, the server's
// dispatcher hands items to the collector at the request's rate, the collector republishes and
// reports, progress ends at N of N. A consumer that rejected one type is fixed, the group is
// reprocessed, every message is consumed exactly once; the collector and the dispatcher are each
// restarted mid-batch without a message sent twice or dropped; a target that does not exist fails
// those items with the collector's reason while the others go on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { uniqueName } from "@/collectors/rabbitmq/testing";
import { startRabbitmqApp, type RabbitmqApp } from "@/collectors/testing/rabbitmq-app";
import { startReprocessStack, type ReprocessStack } from "@/collectors/testing/reprocess-stack";
import { eventually } from "@/collectors/testing/stack";
import { pool } from "@/lib/db/client";

let stack: ReprocessStack;
let app: RabbitmqApp;
/** The application's bug: it rejects these types until they are "fixed". */
const broken = new Set(["Poison", "Bulk"]);

beforeAll(async () => {
  stack = await startReprocessStack();
  app = await startRabbitmqApp(stack, {
    prefix: "reprocess",
    decide: (msg) =>
      broken.has(String(msg.properties.type)) && !msg.properties.headers?.[REPROCESS_ID_HEADER]
        ? "reject"
        : "ack",
  });
  await stack.hello();
});

afterAll(async () => {
  await app?.close();
  await stack?.close();
});

async function poison(type: string, count: number): Promise<void> {
  const before = await stack.count("SELECT count(*) AS n FROM dead_letters WHERE event_type = $1", [type]);
  await app.publish(type, count);
  await stack.deadLetters(type, before + count);
}

describe("bulk reprocess on RabbitMQ", () => {
  it("a fixed consumer gets every message of the reprocessed group exactly once; progress N of N", async () => {
    await poison("Poison", 30);
    broken.delete("Poison");
    const id = await stack.reprocess({ groupId: await stack.groupOf("Poison") });
    expect(await stack.finished(id)).toMatchObject({ total: 30, sent: 30, succeeded: 30, failed: 0 });
    await app.sentinel();
    const copies = app.copies("Poison");
    expect(copies.size).toBe(30);
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
    expect(await stack.states("Poison")).toEqual({ reprocessed: 30 });
  }, 90_000);

  it("a target that does not exist fails those items with the collector's reason; the others go on", async () => {
    const { rows } = await pool().query<{ id: string }>(
      "SELECT id FROM dead_letters WHERE event_type = 'Poison' ORDER BY id LIMIT 3",
    );
    const ids = rows.map((r) => r.id);
    const bad = await stack.reprocess({
      ids: ids.slice(0, 2),
      force: true,
      target: { channel: uniqueName("no-such-exchange") },
    });
    const good = await stack.reprocess({ ids: ids.slice(2), force: true });
    const failed = await stack.finished(bad);
    expect(failed).toMatchObject({ total: 2, failed: 2, succeeded: 0 });
    expect(failed.failures[0]!.error).toMatch(/no-such-exchange|NOT_FOUND|exchange/i);
    expect(await stack.finished(good)).toMatchObject({ total: 1, succeeded: 1 });
  }, 60_000);

  it("restarting the collector and the dispatcher mid-batch sends each message once and ends at N of N", async () => {
    const N = 2_000;
    await poison("Bulk", N);
    broken.delete("Bulk");
    // 100/s: the batch lasts ≥ 20 s, so both restarts below happen while items are still pending.
    const id = await stack.reprocess({ groupId: await stack.groupOf("Bulk"), ratePerSecond: 100 });
    await eventually("a first part sent", async () => (await stack.progress(id)).succeeded >= 200, 60_000);
    // The collector goes down (commands in flight are redelivered on its hello and deduped by its log)…
    await app.collector.stop();
    const mid = await stack.progress(id);
    expect(mid.succeeded).toBeLessThan(N);
    await app.restartCollector(app.collector.dir);
    // …and the server's dispatcher too: a new one resumes from Postgres.
    await eventually(
      "more sent after the collector's restart",
      async () => (await stack.progress(id)).succeeded >= mid.succeeded + 200,
      60_000,
    );
    await stack.stopDispatcher();
    expect((await stack.progress(id)).state).toBe("running");
    stack.startDispatcher();
    const end = await stack.finished(id, 120_000);
    expect(end.failures.map((f) => f.error)).toEqual([]);
    expect(end).toMatchObject({ total: N, sent: N, succeeded: N, failed: 0 });
    // A sentinel published after: once the app has it, any late second copy would have arrived too.
    await app.sentinel();
    const copies = app.copies("Bulk");
    expect(copies.size).toBe(N);
    expect([...copies.values()].filter((n) => n !== 1)).toEqual([]);
  }, 240_000);
});
