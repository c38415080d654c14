// The Overview against the running app: live numbers move, an ingested event shows up without a
// reload, and the page logs no console errors.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "@/e2e/fixtures";
import { OverviewPage } from "@/e2e/pages/overview-page";
import { Shell } from "@/e2e/pages/shell";

/** A marker on window that a reload would wipe. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __e2eNoReload: true }));
}

async function stillSamePage(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as typeof window & { __e2eNoReload?: boolean }).__e2eNoReload === true);
}

test("shows events per second and follows live pushes without a reload", async ({ page }) => {
  const overview = new OverviewPage(page);
  const shell = new Shell(page);
  await overview.goto();
  await expect(overview.eventsPerSecond).toBeVisible();
  await expect(shell.liveStatus).toHaveAttribute("data-status", "connected");
  await markPage(page);

  const firstRate = await overview.eventsPerSecond.textContent();
  const firstRow = await overview.newestRowText();
  await expect
    .poll(
      async () =>
        (await overview.eventsPerSecond.textContent()) !== firstRate ||
        (await overview.newestRowText()) !== firstRow,
      {
        timeout: 15_000,
        message: "neither events/s nor the newest event changed",
      },
    )
    .toBe(true);
  await expect(overview.latestRows).toHaveCount(20);
  expect(await stillSamePage(page)).toBe(true);
});

test("an event posted to the ingest API appears in Latest events within 10 s", async ({
  page,
  request,
  collectorToken,
}) => {
  const overview = new OverviewPage(page);
  const shell = new Shell(page);
  const type = `E2eProbe-${randomBytes(4).toString("hex")}`;
  await overview.goto();
  await expect(shell.liveStatus).toHaveAttribute("data-status", "connected");
  await markPage(page);
  // The demo source pushes 20 events/s: the filter keeps the probe on screen once it arrives.
  await overview.filter.fill(type);

  const res = await request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${collectorToken}` },
    data: {
      events: [
        {
          id: `probe-${type}`,
          broker: "e2e",
          channel: "e2e.probe",
          type,
          producer: "playwright",
          publishedAt: new Date().toISOString(),
          payload: { probe: true },
        },
      ],
    },
  });
  expect(res.status(), await res.text()).toBe(202);
  expect(await res.json()).toMatchObject({ accepted: 1 });

  const row = overview.rowWithText(type);
  await expect(row).toBeVisible({ timeout: 10_000 });
  await expect(row).toContainText("e2e.probe");
  await expect(row).toContainText("playwright");
  expect(await stillSamePage(page)).toBe(true);
});

test("the Overview logs no console errors", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));

  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.eventsPerSecond).toBeVisible();
  await expect(new Shell(page).liveStatus).toHaveAttribute("data-status", "connected");
  await page.waitForTimeout(3_000); // a few live pushes and chart redraws
  expect(errors).toEqual([]);
});
