// Cancel a running reprocess batch in the browser: a group of 40 dead letters reprocessed at 1
// message/s (no collector serves this test's broker, so each handed-over item fails at once, one a
// second, and the batch is still running when Cancel is clicked); after the confirmation the
// progress shows the request cancelled, the items not yet handed over counted as cancelled, and
// every dead letter is back in the state it had before (pending) — none left `reprocessing`.
import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "@/e2e/fixtures";
import { seedDeadLetters } from "@/e2e/support/dead-letters";
import { DlqPage } from "@/e2e/pages/dlq-page";
import { ReprocessDialog, ReprocessProgressPage } from "@/e2e/pages/reprocess-page";

const suffix = randomBytes(4).toString("hex");
const broker = `e2e-cancel-${suffix}`;
const type = `E2eCancel${suffix}`;
const N = 40;

async function seed(request: APIRequestContext, token: string): Promise<void> {
  await seedDeadLetters(request, token, { broker, type, idPrefix: suffix }, [...Array(N).keys()]);
}

test("cancel a running batch: cancelled progress, the rest cancelled, the dead letters back", async ({
  page,
  request,
  collectorToken,
}) => {
  await seed(request, collectorToken);
  const dlq = new DlqPage(page);
  await dlq.goto(`?broker=${broker}&view=groups`);
  await page.getByRole("button", { name: `Reprocess the group ${type} · rejected` }).click();
  const dialog = new ReprocessDialog(page);
  await expect(dialog.plan).toContainText(`${N} messages to orders`);
  await dialog.dialog.getByLabel("Rate limit (messages per second)").fill("1");
  await dialog.confirm().click();

  await expect(page).toHaveURL(/\/dlq\/reprocess\/[0-9a-f-]{36}$/);
  const progress = new ReprocessProgressPage(page);
  const heading = page.getByRole("heading", { name: "Reprocess request" });
  await expect(heading).toContainText("Running");
  await page.getByRole("button", { name: "Cancel request" }).click();
  const confirm = page.getByRole("dialog", { name: "Cancel this reprocess request?" });
  await confirm.getByRole("button", { name: "Cancel request" }).click();
  await expect(confirm).toHaveCount(0);

  await expect(heading).toContainText("Cancelled");
  await expect(page.getByRole("button", { name: "Cancel request" })).toHaveCount(0);
  await expect(progress.bar).toHaveAttribute("aria-valuetext", `${N} of ${N}`);
  // Every item is either failed (handed over before the cancel: no collector) or cancelled.
  const failed = Number(await progress.count("Failed").textContent());
  const cancelled = Number(await progress.count("Cancelled").textContent());
  expect(cancelled).toBeGreaterThan(0);
  expect(failed + cancelled).toBe(N);
  await expect(progress.count("Succeeded")).toHaveText("0");

  // Back where they were: all pending, none reprocessing.
  await dlq.goto(`?broker=${broker}&state=reprocessing`);
  await expect(page.getByText("No dead letter matches")).toBeVisible();
  await dlq.goto(`?broker=${broker}&state=pending`);
  await expect(dlq.rows()).toHaveCount(N);
});
