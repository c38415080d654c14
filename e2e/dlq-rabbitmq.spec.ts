// Issue 7's reprocess story in the browser with a real collector on a real RabbitMQ: an application
// consumer rejects one event type, so the broker dead-letters those messages; a collector (the
// agent's own runtime, run in this process against the e2e app) takes them in and they appear on
// the open DLQ page without a reload. The consumer is fixed; "Reprocess group" on the Groups view
// republishes them through that collector; the progress page reaches N of N; after a sentinel the
// fixed consumer has had each message exactly once; the dead letters show Reprocessed, and the
// Collectors page shows the collector idle with N republished in the last day.
import { randomBytes } from "node:crypto";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import {
  declareAppTopology,
  publishBurst,
  RABBITMQ_TEST_URL,
  startAppConsumer,
  uniqueName,
  type AppConsumer,
  type AppTopology,
} from "@/collectors/rabbitmq/testing";
import { expect, test } from "@/e2e/fixtures";
import { DlqPage } from "@/e2e/pages/dlq-page";
import { ReprocessDialog, ReprocessProgressPage } from "@/e2e/pages/reprocess-page";
import { startRabbitmqCollector, type E2eCollector } from "@/e2e/support/rabbitmq-collector";

const N = 20;

test("rejected messages show live; the group reprocessed in the browser reaches the fixed consumer once each", async ({
  page,
  baseURL,
}) => {
  const suffix = randomBytes(4).toString("hex");
  const broker = `e2e-rmq-${suffix}`;
  const type = `E2ePoison${suffix}`;
  // State-changing calls must come from the app's own origin (CSRF check).
  const origin = { origin: new URL(baseURL!).origin };

  // A collector token of its own, so this broker is served by this test's collector alone.
  const created = await page.request.post("/api/v1/collectors", { headers: origin, data: { name: broker } });
  expect(created.status(), await created.text()).toBe(201);
  const { token, collector: row } = (await created.json()) as { token: string; collector: { id: string } };

  let topo: AppTopology | undefined;
  let consumer: AppConsumer | undefined;
  let collector: E2eCollector | undefined;
  try {
    topo = await declareAppTopology(RABBITMQ_TEST_URL, uniqueName("e2e-rmq"));
    const app = topo;
    // The application: it cannot handle `type` (rejects it: dead-lettered by the broker) until fixed.
    // What it handled (acked) of that type, by body: the fixed consumer's work, counted below.
    let fixed = false;
    const handled: string[] = [];
    consumer = await startAppConsumer(RABBITMQ_TEST_URL, app.queue, (m) => {
      if (m.properties.type !== type) return "ack";
      if (!fixed) return "reject";
      handled.push(m.content.toString());
      return "ack";
    });
    collector = await startRabbitmqCollector({
      serverUrl: baseURL!,
      token,
      broker,
      amqpUrl: RABBITMQ_TEST_URL,
      exchanges: [app.exchange],
      dlqs: [app.dlq],
    });
    const agent = collector;
    // Commands reach it once it said hello (the server then knows it serves `broker`).
    await expect
      .poll(async () => {
        const res = await page.request.get("/api/v1/collectors");
        const { collectors } = (await res.json()) as {
          collectors: { name: string; broker: string | null }[];
        };
        return agent.brokerConnected() && collectors.find((c) => c.name === broker)?.broker;
      })
      .toBe(broker);

    const dlq = new DlqPage(page);
    await dlq.goto(`?broker=${broker}`);
    await expect(page.getByText("No dead letter matches")).toBeVisible();
    await page.evaluate(() => Object.assign(window, { __e2eNoReload: true }));

    await publishBurst({
      url: RABBITMQ_TEST_URL,
      exchange: app.exchange,
      routingKey: "orders.placed",
      count: N,
      body: (i) => JSON.stringify({ type, n: i }),
      options: (i) => ({
        messageId: `${type}-${i}`,
        type,
        appId: "checkout",
        contentType: "application/json",
      }),
    });

    // Live: the open page gains every dead letter without a reload.
    await expect(dlq.rows()).toHaveCount(N);
    await expect(dlq.rows().filter({ hasText: "Pending" })).toHaveCount(N);
    await dlq.tab("Groups").click();
    await expect(dlq.tab("Groups")).toHaveAttribute("aria-selected", "true");
    await expect(dlq.groups.locator("tbody tr")).toHaveCount(1);
    await expect(dlq.groups.locator("tbody tr")).toContainText(`${N} pending`);
    expect(
      await page.evaluate(() => (window as typeof window & { __e2eNoReload?: boolean }).__e2eNoReload),
    ).toBe(true);

    fixed = true;
    await page.getByRole("button", { name: `Reprocess the group ${type} · rejected` }).click();
    const dialog = new ReprocessDialog(page);
    await expect(dialog.plan).toContainText(`${N} messages`);
    await dialog.confirm().click();
    await expect(page).toHaveURL(/\/dlq\/reprocess\/[0-9a-f-]{36}$/);
    const progress = new ReprocessProgressPage(page);
    await expect(progress.bar).toHaveAttribute("aria-valuetext", `${N} of ${N}`);
    await expect(progress.count("Succeeded")).toHaveText(String(N));
    await expect(progress.count("Failed")).toHaveText("0");

    // A sentinel published after every republish was confirmed: once the consumer has it, any second
    // copy would have come before it (one queue, one consumer, in order).
    const sentinel = `sentinel-${suffix}`;
    await publishBurst({
      url: RABBITMQ_TEST_URL,
      exchange: app.exchange,
      routingKey: "orders.placed",
      count: 1,
      body: () => "{}",
      options: () => ({ messageId: sentinel, type: "Sentinel" }),
    });
    const received = consumer.received;
    await expect.poll(() => received.some((m) => m.properties.messageId === sentinel)).toBe(true);
    const once = new Map<string, number>();
    for (const body of handled) once.set(body, (once.get(body) ?? 0) + 1);
    expect(once.size).toBe(N);
    expect([...once.values()].filter((c) => c !== 1)).toEqual([]);
    // Of the type it received the N originals it rejected and the N republished copies, each
    // stamped with the reprocess id header, and nothing more.
    const ofType = received.filter((m) => m.properties.type === type);
    expect(ofType).toHaveLength(2 * N);
    expect(ofType.filter((m) => m.properties.headers?.[REPROCESS_ID_HEADER] !== undefined)).toHaveLength(N);

    await dlq.goto(`?broker=${broker}&state=reprocessed`);
    await expect(dlq.rows()).toHaveCount(N);
    await expect(dlq.rows().filter({ hasText: "Reprocessed" })).toHaveCount(N);
    await dlq.goto(`?broker=${broker}&state=pending`);
    await expect(page.getByText("No dead letter matches")).toBeVisible();

    // The Collectors page tells the same of this collector: nothing in flight, N republished today.
    await page.goto("/collectors");
    const commands = page.getByRole("cell", { name: `Reprocess commands of ${broker}` });
    await expect(commands).toContainText("idle");
    await expect(commands).toContainText(`${N} ok`);
    await expect(commands).not.toContainText("failed");
  } finally {
    await collector?.stop();
    await consumer?.stop();
    await topo?.cleanup();
    await page.request.delete(`/api/v1/collectors/${row.id}`, { headers: origin });
  }
});
