// DLQ actions end to end: select dead letters, reprocess them from the dry run's confirmation (a
// double click makes one request), follow the progress page to N of N — no collector serves this
// test's broker, so each item fails at once with that reason — edit a payload the type's schema
// refuses (the error shows under the field), discard with a confirmation, restore what was discarded,
// and a viewer sees none of the buttons.
import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "@/e2e/fixtures";
import { joinAsViewer } from "@/e2e/support/join-as-viewer";
import { seedDeadLetters } from "@/e2e/support/dead-letters";
import { DlqPage } from "@/e2e/pages/dlq-page";
import { ReprocessDialog, ReprocessProgressPage } from "@/e2e/pages/reprocess-page";

test.describe.configure({ mode: "serial" });

const suffix = randomBytes(4).toString("hex");
const broker = `e2e-rp-${suffix}`;
const type = `E2eReprocess${suffix}`;

async function seed(request: APIRequestContext, token: string): Promise<void> {
  await seedDeadLetters(request, token, { broker, type, idPrefix: suffix }, [1, 2, 3, 4]);
}

test("reprocess the selection: dry run, one request for a double click, progress to N of N", async ({
  page,
  request,
  collectorToken,
}) => {
  await seed(request, collectorToken);
  const dlq = new DlqPage(page);
  await dlq.goto(`?broker=${broker}`);
  await expect(dlq.rows()).toHaveCount(4);
  for (const n of [1, 2, 3])
    await dlq
      .rows()
      .filter({ hasText: `Order ${n} failed` })
      .getByRole("checkbox")
      .check();
  await expect(page.getByRole("region", { name: "Selection" })).toContainText("3 selected");
  await page.getByRole("region", { name: "Selection" }).getByRole("button", { name: "Reprocess" }).click();

  const dialog = new ReprocessDialog(page);
  await expect(dialog.dialog).toBeVisible();
  await expect(dialog.plan).toContainText("3 messages to orders");
  // A bad rate limit is refused next to its field, and the confirm button waits for a good one.
  const rate = dialog.dialog.getByLabel("Rate limit (messages per second)");
  await rate.fill("0");
  await expect(
    dialog.dialog.getByText(/^A whole number of messages per second, 1 to 100[ ,]?000\.$/),
  ).toBeVisible();
  await expect(dialog.dialog.getByRole("button", { name: /^Reprocess/ }).last()).toBeDisabled();
  await rate.fill("50");
  await expect(dialog.confirm()).toBeEnabled();
  await dialog.confirm().dblclick();

  await expect(page).toHaveURL(/\/dlq\/reprocess\/[0-9a-f-]{36}$/);
  const requestId = page.url().split("/").pop()!;
  const progress = new ReprocessProgressPage(page);
  await expect(progress.bar).toHaveAttribute("aria-valuetext", "3 of 3");
  await expect(progress.failures.getByRole("listitem")).toHaveCount(3);
  await expect(progress.failures).toContainText(`no collector serves broker "${broker}"`);
  await expect(page.getByRole("heading", { name: "Reprocess request" })).toContainText("Done");
  await expect(page.getByRole("button", { name: "Cancel request" })).toHaveCount(0);

  // The double click made one request.
  const list = await page.request.get("/api/v1/reprocess?limit=100");
  const { requests } = (await list.json()) as {
    requests: { id: string; total: number; ratePerSecond: number }[];
  };
  const ours = requests.filter((r) => r.id === requestId);
  expect(ours).toHaveLength(1);
  expect(ours[0]).toMatchObject({ total: 3, ratePerSecond: 50 });
  const mine = await Promise.all(
    requests.map(async (r) => {
      const d = await (await page.request.get(`/api/v1/reprocess/${r.id}`)).json();
      return (d.failures as { error: string }[]).some((f) => f.error.includes(broker));
    }),
  );
  expect(mine.filter(Boolean)).toHaveLength(1);

  // A reload shows the same; the DLQ page lists it under Recent reprocessing.
  await page.reload();
  await expect(progress.bar).toHaveAttribute("aria-valuetext", "3 of 3");
  await dlq.goto(`?broker=${broker}`);
  await expect(
    page.getByRole("region", { name: "Recent reprocessing" }).getByRole("link").first(),
  ).toBeVisible();
});

test("edit and reprocess: the schema's refusal shows under the payload", async ({ page, baseURL }) => {
  // State-changing calls must come from the app's own origin (CSRF check).
  const origin = { origin: new URL(baseURL!).origin };
  const reg = await page.request.post(`/api/v1/event-types/${type}/schemas`, {
    headers: origin,
    data: {
      schema: {
        type: "object",
        properties: { orderId: { type: "string" }, qty: { type: "integer", minimum: 1 } },
        required: ["orderId", "qty"],
      },
    },
  });
  expect(reg.status(), await reg.text()).toBeLessThan(300);
  const dlq = new DlqPage(page);
  await dlq.goto(`?broker=${broker}`);
  await dlq.rows().filter({ hasText: "Order 4 failed" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/dlq\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop()!;
  // The catalog's validator reloads the registered schemas in the background: wait until a dry run
  // refuses the bad payload, so the dialog below meets the new schema.
  await expect
    .poll(async () => {
      const res = await page.request.post("/api/v1/dead-letters/reprocess", {
        headers: origin,
        data: { ids: [id], dryRun: true, edit: { payload: { orderId: "o-4", qty: 0 } } },
      });
      return res.status();
    })
    .toBe(400);

  await page.getByRole("button", { name: "Edit and reprocess" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit and reprocess" });
  const payload = dialog.getByRole("textbox", { name: "Payload", exact: true });
  await expect(payload).toHaveValue(/"orderId": "o-4"/);
  await payload.fill('{ "orderId": "o-4", "qty": 0 }');
  await dialog.getByRole("button", { name: "Reprocess edited" }).click();
  await expect(dialog.getByRole("alert").first()).toContainText("qty: must be >= 1");
  await expect(payload).toHaveAttribute("aria-invalid", "true");
  await payload.fill("{ not json");
  await dialog.getByRole("button", { name: "Reprocess edited" }).click();
  await expect(dialog.getByRole("alert").first()).toContainText("Not valid JSON");
  await payload.fill('{ "orderId": "o-4", "qty": 5 }');
  await dialog.getByRole("button", { name: "Reprocess edited" }).click();
  await expect(page).toHaveURL(/\/dlq\/reprocess\/[0-9a-f-]{36}$/);
  await expect(new ReprocessProgressPage(page).bar).toHaveAttribute("aria-valuetext", "1 of 1");
});

test("discard one dead letter after a confirmation naming it", async ({ page }) => {
  const dlq = new DlqPage(page);
  await dlq.goto(`?broker=${broker}`);
  await dlq.rows().filter({ hasText: "Order 1 failed" }).getByRole("checkbox").check();
  await page.getByRole("region", { name: "Selection" }).getByRole("button", { name: "Discard" }).click();
  const confirm = page.getByRole("dialog", { name: "Discard 1 dead letter?" });
  await confirm.getByRole("button", { name: "Discard" }).click();
  await expect(confirm).toHaveCount(0);
  // Live: the list (all but discarded) loses the row.
  await expect(dlq.rows()).toHaveCount(3);
  await expect(dlq.messages.getByText("Order 1 failed")).toHaveCount(0);
});

test("restore the discarded one from the Discarded list; discard it again from its page", async ({
  page,
}) => {
  const dlq = new DlqPage(page);
  // Its failure group, among the discarded: no per-row Reprocess (it would skip every member).
  await dlq.goto(`?broker=${broker}&state=discarded&view=groups`);
  await expect(page.getByRole("checkbox", { name: /Select the group/ }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^Reprocess the group/ })).toHaveCount(0);
  await dlq.goto(`?broker=${broker}&state=discarded`);
  await expect(dlq.rows()).toHaveCount(1);
  await dlq.rows().filter({ hasText: "Order 1 failed" }).getByRole("checkbox").check();
  const toolbar = page.getByRole("region", { name: "Selection" });
  // Discarded dead letters are restored, not reprocessed or discarded again.
  await expect(toolbar.getByRole("button", { name: "Reprocess" })).toHaveCount(0);
  await toolbar.getByRole("button", { name: "Restore" }).click();
  const confirm = page.getByRole("dialog", { name: "Restore 1 dead letter?" });
  await expect(confirm).toContainText("pending if it was never reprocessed");
  await confirm.getByRole("button", { name: "Restore" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByText("No dead letter matches")).toBeVisible();

  await dlq.goto(`?broker=${broker}`);
  await expect(dlq.rows()).toHaveCount(4);
  await dlq.rows().filter({ hasText: "Order 1 failed" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/dlq\/[0-9a-f-]{36}$/);
  await expect(page.locator("#dl-title")).toContainText("Pending");
  await page.getByRole("button", { name: "Discard", exact: true }).click();
  await page
    .getByRole("dialog", { name: "Discard this dead letter?" })
    .getByRole("button", { name: "Discard" })
    .click();
  await expect(page.locator("#dl-title")).toContainText("Discarded");
  await expect(page.getByRole("button", { name: "Restore", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Reprocess", exact: true })).toHaveCount(0);
});

test("reprocess a failure group from its row; purge the discarded one with its typed count", async ({
  page,
}) => {
  const dlq = new DlqPage(page);
  await dlq.goto(`?broker=${broker}&view=groups`);
  await page.getByRole("button", { name: `Reprocess the group ${type} · rejected` }).click();
  const dialog = new ReprocessDialog(page);
  await expect(dialog.plan).toContainText("3 messages to orders");
  await dialog.confirm().click();
  await expect(page).toHaveURL(/\/dlq\/reprocess\/[0-9a-f-]{36}$/);
  await expect(new ReprocessProgressPage(page).bar).toHaveAttribute("aria-valuetext", "3 of 3");

  await dlq.goto(`?broker=${broker}`);
  await page.getByRole("button", { name: "Purge…" }).click();
  const purge = page.getByRole("dialog", { name: "Purge dead letters" });
  await expect(purge).toContainText("1 dead letter will be deleted");
  const button = purge.getByRole("button", { name: "Purge 1" });
  await expect(button).toBeDisabled();
  await purge.getByLabel("Type 1 to confirm").fill("2");
  await expect(button).toBeDisabled();
  await purge.getByLabel("Type 1 to confirm").fill("1");
  await button.click();
  await expect(purge).toHaveCount(0);
  await dlq.goto(`?broker=${broker}&state=discarded`);
  await expect(page.getByText("No dead letter matches")).toBeVisible();
});

test("a viewer sees no reprocess, discard, edit or purge button", async ({ browser, baseURL, page }) => {
  const viewer = await joinAsViewer(browser, baseURL!, page, `rp-${suffix}`);
  const dlq = new DlqPage(viewer);
  await dlq.goto(`?broker=${broker}`);
  await expect(dlq.rows()).toHaveCount(3);
  await expect(viewer.getByRole("button", { name: "Purge…" })).toHaveCount(0);
  await dlq.rows().first().getByRole("checkbox").check();
  const toolbar = viewer.getByRole("region", { name: "Selection" });
  await expect(toolbar).toContainText("1 selected");
  await expect(toolbar.getByRole("button", { name: "Reprocess" })).toHaveCount(0);
  await expect(toolbar.getByRole("button", { name: "Discard" })).toHaveCount(0);
  await dlq.rows().first().getByRole("link").first().click();
  await expect(viewer).toHaveURL(/\/dlq\/[0-9a-f-]{36}$/);
  await expect(viewer.getByRole("heading", { name: type })).toBeVisible();
  for (const name of ["Reprocess", "Discard", "Edit and reprocess"])
    await expect(viewer.getByRole("button", { name })).toHaveCount(0);
  await viewer.context().close();
});
