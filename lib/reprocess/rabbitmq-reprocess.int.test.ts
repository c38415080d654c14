// Bulk reprocess through the whole path on real RabbitMQ: the API creates the request, the server's
// dispatcher hands items to the collector at the request's rate, the collector republishes and
// reports, progress ends at N of N. A consumer that rejected one type is fixed, the group is
// reprocessed, every message is consumed exactly once; the collector, and separately the server's
// dispatcher and /collectors namespace, are restarted mid 5 000 batch without a message sent twice
// or dropped; two dispatchers at once send each item once; a target that does not exist fails those
// items with the collector's reason while the others go on.
import { randomUUID } from "node:crypto";
import type { ConsumeMessage } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as reprocessRoute } from "@/app/api/v1/dead-letters/reprocess/route";
import { GET as getRoute } from "@/app/api/v1/reprocess/[id]/route";
import type { BrokerAdapter } from "@/collectors/core/adapter";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { rabbitmqConfig } from "@/collectors/rabbitmq/config";
import { createRabbitmqAdapter } from "@/collectors/rabbitmq/rabbitmq-adapter";
import {
  declareAppTopology,
  deleteOwnQueues,
  publishBurst,
  RABBITMQ_TEST_URL as URL,
  startAppConsumer,
  uniqueName,
  type AppConsumer,
  type AppTopology,
} from "@/collectors/rabbitmq/testing";
import { eventually, startStack, type Stack } from "@/collectors/testing/stack";
import { pool } from "@/lib/db/client";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { startReprocessDispatcher, type ReprocessDispatcher } from "@/server/reprocess-dispatcher";

const broker = uniqueName("rmq-reprocess");
let stack: Stack;
let topo: AppTopology;
let app: AppConsumer;
let operator: Caller;
let dispatcher: ReprocessDispatcher;
let collector: Awaited<ReturnType<Stack["collector"]>>;
/** The application's bug: it rejects these types until they are "fixed". */
const broken = new Set(["Poison"]);

const adapter = (): BrokerAdapter =>
  createRabbitmqAdapter(
    rabbitmqConfig.parse({
      kind: "rabbitmq",
      name: broker,
      url: URL,
      exchanges: [{ name: topo.exchange }],
      pollIntervalMs: 200,
      deadLetters: { queues: [topo.dlq] },
    }),
  );
const startCollector = (dir?: string) =>
  stack.collector({
    adapter: adapter(),
    broker: { name: broker, kind: "rabbitmq" },
    ...(dir ? { dir } : {}),
  });
const startDispatcher = () => startReprocessDispatcher({ log: { error: () => undefined }, intervalMs: 20 });

beforeAll(async () => {
  stack = await startStack();
  topo = await declareAppTopology(URL, uniqueName("reprocess"));
  app = await startAppConsumer(URL, topo.queue, (msg) =>
    broken.has(String(msg.properties.type)) && !msg.properties.headers?.[REPROCESS_ID_HEADER]
      ? "reject"
      : "ack",
  );
  collector = await startCollector();
  operator = await sessionOf(await makeUser("operator"));
  dispatcher = startDispatcher();
  await eventually(
    "the collector's hello",
    async () => (await stack.count("SELECT count(*) AS n FROM collectors WHERE broker_id IS NOT NULL")) === 1,
  );
});

afterAll(async () => {
  await dispatcher?.stop();
  await app?.stop();
  await stack?.close();
  await topo?.cleanup();
  await deleteOwnQueues(URL, [`eventscope.tap.${broker}`]).catch(() => undefined);
});

async function poison(type: string, count: number): Promise<void> {
  const before = await stack.count("SELECT count(*) AS n FROM dead_letters WHERE event_type = $1", [type]);
  await publishBurst({
    url: URL,
    exchange: topo.exchange,
    routingKey: "orders.placed",
    count,
    body: (i) => JSON.stringify({ type, n: i }),
    options: (i) => ({ messageId: `${type}-${i}`, type, appId: "checkout", contentType: "application/json" }),
  });
  await eventually(
    `${count} ${type} dead letters stored`,
    async () =>
      (await stack.count("SELECT count(*) AS n FROM dead_letters WHERE event_type = $1", [type])) ===
      before + count,
    60_000,
  );
}

type Progress = {
  state: string;
  total: number;
  sent: number;
  succeeded: number;
  failed: number;
  failures: { error: string }[];
};
async function progress(id: string): Promise<Progress> {
  return (await call(getRoute, `/api/v1/reprocess/${id}`, operator, { params: { id } }))
    .body as unknown as Progress;
}

async function reprocess(body: Record<string, unknown>): Promise<string> {
  const res = await call(reprocessRoute, "/api/v1/dead-letters/reprocess", operator, {
    method: "POST",
    body: { idempotencyKey: randomUUID(), ...body },
  });
  expect(res.status).toBe(202);
  return res.body.requestId as string;
}

/** The republished copies the app consumed, per original body. */
function copiesByBody(type: string): Map<string, number> {
  const copies = new Map<string, number>();
  const mine = (m: ConsumeMessage) =>
    m.properties.headers?.[REPROCESS_ID_HEADER] && m.content.toString().includes(`"${type}"`);
  for (const m of app.received.filter(mine))
    copies.set(m.content.toString(), (copies.get(m.content.toString()) ?? 0) + 1);
  return copies;
}

async function groupOf(type: string): Promise<string> {
  const { rows } = await pool().query<{ group_id: string }>(
    "SELECT DISTINCT group_id FROM dead_letters WHERE event_type = $1",
    [type],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.group_id;
}

/** The restart tests name a batch of 5 000. */
const BATCH = 5_000;

/**
 * Dead letters of a new type, the consumer fixed, and a request for the whole group. At 1 000/s the
 * batch lasts ≥ 5 s, so what a test restarts meanwhile happens with items still pending.
 */
async function bulk(type: string, n = BATCH): Promise<string> {
  broken.add(type);
  await poison(type, n);
  broken.delete(type);
  return reprocess({ groupId: await groupOf(type), ratePerSecond: 1_000 });
}

/** The request ends at n of n, none failed, and the app consumed each message of `type` exactly once. */
async function expectEachOnce(id: string, type: string, n = BATCH): Promise<void> {
  await eventually("the request done", async () => (await progress(id)).state === "done", 90_000);
  const end = await progress(id);
  expect(end.failures.map((f) => f.error)).toEqual([]);
  expect(end).toMatchObject({ total: n, sent: n, succeeded: n, failed: 0 });
  // A sentinel published after: once the app has it, any late second copy would have arrived too.
  const sentinel = `sentinel-${type}`;
  await publishBurst({
    url: URL,
    exchange: topo.exchange,
    routingKey: "orders.placed",
    count: 1,
    body: () => "{}",
    options: () => ({ messageId: sentinel }),
  });
  await eventually("the sentinel", () =>
    Promise.resolve(app.received.some((m) => m.properties.messageId === sentinel)),
  );
  const copies = copiesByBody(type);
  expect(copies.size).toBe(n);
  expect([...copies.values()].filter((c) => c !== 1)).toEqual([]);
}

describe("bulk reprocess on RabbitMQ", () => {
  it("a fixed consumer gets every message of the reprocessed group exactly once; progress N of N", async () => {
    await poison("Poison", 30);
    broken.delete("Poison");
    const id = await reprocess({ groupId: await groupOf("Poison") });
    await eventually("the request done", async () => (await progress(id)).state === "done", 30_000);
    expect(await progress(id)).toMatchObject({ total: 30, sent: 30, succeeded: 30, failed: 0 });
    const copies = copiesByBody("Poison");
    expect(copies.size).toBe(30);
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
    expect(
      await stack.count(
        "SELECT count(*) AS n FROM dead_letters WHERE event_type = 'Poison' AND state = 'reprocessed'",
      ),
    ).toBe(30);
  }, 90_000);

  it("a target that does not exist fails those items with the collector's reason; the others go on", async () => {
    const { rows } = await pool().query<{ id: string }>(
      "SELECT id FROM dead_letters WHERE event_type = 'Poison' ORDER BY id LIMIT 3",
    );
    const ids = rows.map((r) => r.id);
    const bad = await reprocess({
      ids: ids.slice(0, 2),
      force: true,
      target: { channel: uniqueName("no-such-exchange") },
    });
    const good = await reprocess({ ids: ids.slice(2), force: true });
    await eventually(
      "both requests done",
      async () => (await progress(bad)).state === "done" && (await progress(good)).state === "done",
      30_000,
    );
    const failed = await progress(bad);
    expect(failed).toMatchObject({ total: 2, failed: 2, succeeded: 0 });
    expect(failed.failures[0]!.error).toMatch(/no-such-exchange|NOT_FOUND|exchange/i);
    expect(await progress(good)).toMatchObject({ total: 1, succeeded: 1 });
  }, 60_000);

  it("a collector stopped and restarted mid 5 000 batch: each message republished once, 5 000 of 5 000", async () => {
    const id = await bulk("Bulk");
    await eventually("a first part sent", async () => (await progress(id)).succeeded >= 1_000, 60_000);
    // Commands in flight are pushed again on its hello and answered from its command log.
    await collector.stop();
    const mid = await progress(id);
    expect(mid).toMatchObject({ state: "running" });
    expect(mid.succeeded).toBeLessThan(BATCH);
    collector = await startCollector(collector.dir);
    await expectEachOnce(id, "Bulk");
  }, 120_000);

  it("the server (dispatcher and /collectors) restarted mid 5 000 batch: each message republished once, 5 000 of 5 000", async () => {
    const id = await bulk("Resume");
    await eventually("a first part sent", async () => (await progress(id)).succeeded >= 1_000, 60_000);
    // Nothing but Postgres survives: the push window, the rate buckets, the agent's socket.
    await dispatcher.stop();
    await stack.stopServer();
    const mid = await progress(id);
    expect(mid).toMatchObject({ state: "running" });
    expect(mid.total - mid.sent).toBeGreaterThan(0); // items still pending: the new dispatcher has work
    await stack.startServer();
    dispatcher = startDispatcher();
    await expectEachOnce(id, "Resume");
  }, 120_000);

  it("two dispatchers running at once over one request send each item once", async () => {
    const second = startDispatcher();
    try {
      const id = await bulk("Twice", 2_000);
      await expectEachOnce(id, "Twice", 2_000);
    } finally {
      await second.stop();
    }
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM collector_commands c JOIN dead_letters d ON d.id = c.dead_letter_id
       WHERE d.event_type = 'Twice'`,
    );
    expect(rows[0]!.n).toBe(2_000);
  }, 120_000);
});
