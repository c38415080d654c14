// Issue 7's reprocess scenario (collectors/testing/reprocess-scenario.ts) on real RabbitMQ, through
// the whole path: API → dispatcher → /collectors command → collector republish on a confirm
// channel → result recorded → dead letter "reprocessed". RabbitMQ has no publish dedupe: a
// collector killed between the confirm and its outcome log sends a second copy, marked with the
// reprocess id and counted as a possible duplicate (what DESIGN.md promises, no more). "No longer
// exists" on RabbitMQ: the original exchange was deleted. Then RabbitMQ's own: bulk reprocess at
// the request's rate, with the collector and the dispatcher each restarted mid-batch without a
// message sent twice or dropped, and a chosen target that does not exist.
import amqp from "amqplib";
import { describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { createRepublisher } from "@/collectors/rabbitmq/republisher";
import { RABBITMQ_TEST_URL as URL, uniqueName } from "@/collectors/rabbitmq/testing";
import { startRabbitmqApp } from "@/collectors/testing/rabbitmq-app";
import { reprocessScenario } from "@/collectors/testing/reprocess-scenario";
import { eventually } from "@/collectors/testing/stack";
import { pool } from "@/lib/db/client";

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
scenario.broken.add("Bulk");

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

  it("restarting the collector and the dispatcher mid-batch sends each message once and ends at N of N", async () => {
    const { stack, app } = scenario;
    const N = 2_000;
    await scenario.poison("Bulk", N);
    scenario.broken.delete("Bulk");
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
