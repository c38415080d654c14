// Several instances on one Postgres: a second app process (`--role web`, no demo) joins the
// database of the one global setup started (role all). An event ingested through the first appears
// live — without a reload — in a browser connected to the second: the batch crosses through the
// socket.io Postgres adapter (server/live-relay.ts) into the second instance's hub and out to its
// sockets. The signed-in state works on both: sessions are in Postgres.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { readAppState } from "@/e2e/app-state";
import { expect, test } from "@/e2e/fixtures";
import { OverviewPage } from "@/e2e/pages/overview-page";
import { Shell } from "@/e2e/pages/shell";
import { startAppServer, type AppServer } from "@/lib/testing/app-server";

let second: AppServer | undefined;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  second = await startAppServer(
    { DATABASE_URL: readAppState().databaseUrl, ROLE: "web", DEMO: "off", LOG_LEVEL: "warn" },
    path.resolve(".data/e2e/server-web-2.log"),
  );
});

test.afterAll(async () => {
  await second?.stop();
});

test("an event ingested through one instance appears live in a browser on another", async ({
  page,
  request,
  baseURL,
  collectorToken,
}) => {
  const other = second!.baseURL;
  expect(other).not.toBe(baseURL);
  const overview = new OverviewPage(page);
  const shell = new Shell(page);
  const type = `ScaleOut-${randomBytes(4).toString("hex")}`;
  await page.goto(`${other}/`);
  await expect(shell.liveStatus).toHaveAttribute("data-status", "connected");
  await page.evaluate(() => Object.assign(window, { __e2eNoReload: true }));
  // The first instance's demo source (20 events/s) shows up here too; the filter keeps the probe in view.
  await overview.filter.fill(type);

  const res = await request.post(`${baseURL}/api/v1/ingest`, {
    headers: { authorization: `Bearer ${collectorToken}` },
    data: {
      events: [
        {
          id: `probe-${type}`,
          broker: "e2e",
          channel: "e2e.scale-out",
          type,
          producer: "instance-a",
          publishedAt: new Date().toISOString(),
          payload: { probe: true },
        },
      ],
    },
  });
  expect(res.status(), await res.text()).toBe(202);

  const row = overview.rowWithText(type);
  await expect(row).toBeVisible({ timeout: 10_000 });
  await expect(row).toContainText("e2e.scale-out");
  await expect(row).toContainText("instance-a");
  expect(
    await page.evaluate(() => (window as typeof window & { __e2eNoReload?: boolean }).__e2eNoReload),
  ).toBe(true);
});
