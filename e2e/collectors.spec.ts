// Collectors against the running app: a token made in the UI lets a socket.io agent in; its
// heartbeats turn the row live with its throughput without a reload, and its departure shows.
import { randomBytes } from "node:crypto";
import { expect, test } from "@/e2e/fixtures";
import { CollectorsPage } from "@/e2e/pages/collectors-page";
import { sidewaysOverflow } from "@/e2e/pages/shell";
import { connectAgent, makeHeartbeat, makeHello, type TestAgent } from "@/lib/collectors/test-agent";

test("an agent with a token made in the UI shows live with its throughput, and not live once gone", async ({
  page,
  baseURL,
}) => {
  const collectors = new CollectorsPage(page);
  const name = `e2e-agent-${randomBytes(4).toString("hex")}`;
  await collectors.goto();
  const token = await collectors.create(name);
  expect(token).toMatch(/^esc_[A-Za-z0-9_-]{43}$/);
  await expect(collectors.status(name)).toHaveText(/Down/);
  await page.evaluate(() => Object.assign(window, { __e2eNoReload: true }));

  let agent: TestAgent | undefined;
  let beat: ReturnType<typeof setInterval> | undefined;
  try {
    agent = await connectAgent(baseURL!, token);
    const hello = await agent.socket.emitWithAck("hello", makeHello({ broker: `${name}-rabbit` }));
    expect(hello).toMatchObject({ ok: true, name });
    const socket = agent.socket;
    const gauges = [
      { channel: "orders", consumer: "billing", name: "lag", value: 1234 },
      { channel: "orders", name: "depth", value: 7 },
    ];
    const send = () =>
      socket.emit("heartbeat", makeHeartbeat({ eventsPerSecond: 321, outboxItems: 4 }, { gauges }));
    send();
    beat = setInterval(send, 1_000);

    await expect(collectors.status(name)).toHaveText(/Live/);
    await expect(collectors.throughput(name)).toHaveText("321 ev/s");
    // At 1 280 px every column and the row's actions fit: no sideways scroll to reach Revoke.
    expect(await sidewaysOverflow(collectors.table)).toBe(0);
    await expect(collectors.row(name).getByRole("button", { name: /Revoke/ })).toBeInViewport({ ratio: 1 });
    await expect(collectors.row(name)).toContainText(`${name}-rabbit`);
    await expect(collectors.row(name)).toContainText("rabbitmq");
    // The broker's backlog: the largest lag, every figure one click (or Enter) away.
    const backlog = collectors.backlog(name);
    await expect(backlog).toHaveText("1,234 lag");
    await backlog.click();
    await expect(collectors.row(name).getByRole("listitem").filter({ hasText: "billing" })).toContainText(
      "1,234 lag",
    );
    await expect(collectors.row(name).getByRole("listitem").filter({ hasText: "depth" })).toContainText(
      "7 depth",
    );
  } finally {
    clearInterval(beat);
    agent?.socket.close();
  }
  await expect(collectors.status(name)).not.toHaveText(/Live/);
  await expect(collectors.status(name)).toHaveText(/Stale/);
  expect(
    await page.evaluate(() => (window as typeof window & { __e2eNoReload?: boolean }).__e2eNoReload),
  ).toBe(true);
});
