// Issue 7's reprocess scenario (collectors/testing/reprocess-scenario.ts) on real RabbitMQ, through
// the whole path: API → dispatcher → /collectors command → collector republish on a confirm
// channel → result recorded → dead letter "reprocessed". RabbitMQ has no publish dedupe: a
// collector killed between the confirm and its outcome log sends a second copy, marked with the
// reprocess id and counted as a possible duplicate (what DESIGN.md promises, no more). "No longer
// exists" on RabbitMQ: the original exchange was deleted. Then RabbitMQ's own: bulk reprocess at
// the request's rate, with the collector, and separately the server (dispatcher and /collectors),
// restarted mid 5 000 batch without a message sent twice or dropped; two dispatchers at once send
// each item once; and a chosen target that does not exist.
import amqp from "amqplib";
import { describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { createRepublisher } from "@/collectors/rabbitmq/republisher";
import { RABBITMQ_TEST_URL as URL, uniqueName } from "@/collectors/rabbitmq/testing";
import { startRabbitmqApp } from "@/collectors/testing/rabbitmq-app";
import { reprocessScenario } from "@/collectors/testing/reprocess-scenario";
import { eventually } from "@/collectors/testing/stack";
import { pool } from "@/lib/db/client";
import { startReprocessDispatcher } from "@/server/reprocess-dispatcher";

const scenario = reprocessScenario("RabbitMQ", {
  start: (stack, broken) =>
    startRabbitmqApp(stack, {
      prefix: "reprocess",
      moreExchanges: ["doomed"],
      decide: (msg) =>
        broken(String(msg.properties.type)) && !msg.properties.headers?.[REPROCESS_ID_HEADER]
          ? "reject"
          : "ack",
    }),
  async republish(_app, req) {
    const conn = await amqp.connect(URL);
    const republisher = createRepublisher(conn);
    try {
      await republisher.republish(req);
    } finally {
      await republisher.close();
      await conn.close();
    }
  },
  brokerDedupe: false,
  gone: (exchange) => `exchange "${exchange}" does not exist`,
});

describe("RabbitMQ's own", () => {
  it("a target that does not exist fails those items with the collector's reason; the others go on", async () => {
    const { stack } = scenario;
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

  /** The restart tests name a batch of 5 000. */
  const BATCH = 5_000;

  /**
   * Dead letters of a new type, the consumer fixed, and a request for the whole group. At 1 000/s the
   * batch lasts ≥ 5 s, so what a test restarts meanwhile happens with items still pending.
   */
  async function bulk(type: string, n = BATCH): Promise<string> {
    scenario.broken.add(type);
    await scenario.poison(type, n);
    scenario.broken.delete(type);
    const { stack } = scenario;
    return stack.reprocess({ groupId: await stack.groupOf(type), ratePerSecond: 1_000 });
  }

  /** The request ends at n of n, none failed, and the app consumed each message of `type` exactly once. */
  async function expectEachOnce(id: string, type: string, n = BATCH): Promise<void> {
    const end = await scenario.stack.finished(id, 90_000);
    expect(end.failures.map((f) => f.error)).toEqual([]);
    expect(end).toMatchObject({ total: n, sent: n, succeeded: n, failed: 0 });
    await scenario.expectOnceEach(type, n);
  }

  it("a collector stopped and restarted mid 5 000 batch: each message republished once, 5 000 of 5 000", async () => {
    const { stack, app } = scenario;
    const id = await bulk("Bulk");
    await eventually("a first part sent", async () => (await stack.progress(id)).succeeded >= 1_000, 60_000);
    // Commands in flight are pushed again on its hello and answered from its command log.
    await app.collector.stop();
    const mid = await stack.progress(id);
    expect(mid).toMatchObject({ state: "running" });
    expect(mid.succeeded).toBeLessThan(BATCH);
    await app.restartCollector(app.collector.dir);
    await expectEachOnce(id, "Bulk");
  }, 180_000);

  it("the server (dispatcher and /collectors) restarted mid 5 000 batch: each message republished once, 5 000 of 5 000", async () => {
    const { stack } = scenario;
    const id = await bulk("Resume");
    await eventually("a first part sent", async () => (await stack.progress(id)).succeeded >= 1_000, 60_000);
    // Nothing but Postgres survives: the push window, the rate buckets, the agent's socket.
    await stack.stopDispatcher();
    await stack.stopServer();
    const mid = await stack.progress(id);
    expect(mid).toMatchObject({ state: "running" });
    expect(mid.total - mid.sent).toBeGreaterThan(0); // items still pending: the new dispatcher has work
    await stack.startServer();
    stack.startDispatcher();
    await expectEachOnce(id, "Resume");
  }, 180_000);

  it("two dispatchers running at once over one request send each item once", async () => {
    const second = startReprocessDispatcher({ log: { error: () => undefined }, intervalMs: 20 });
    try {
      const id = await bulk("Twice2", 2_000);
      await expectEachOnce(id, "Twice2", 2_000);
    } finally {
      await second.stop();
    }
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM reprocess_items i JOIN dead_letters d ON d.id = i.dead_letter_id
       WHERE d.event_type = 'Twice2' AND i.command_id IS NOT NULL`,
    );
    expect(rows[0]!.n).toBe(2_000);
  }, 180_000);
});
