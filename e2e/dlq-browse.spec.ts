// The DLQ page end to end: dead letters a collector reports (POST /api/v1/ingest) appear on an open
// /dlq without a reload; the reason filter narrows the list; the Groups view counts them under one
// failure signature; a row opens the dead letter with its pretty-printed payload.
import { randomBytes } from "node:crypto";
import { expect, test } from "@/e2e/fixtures";
import { DeadLetterPage, DlqPage } from "@/e2e/pages/dlq-page";

test("dead letters appear live, filter, group and open", async ({ page, request, collectorToken }) => {
  const suffix = randomBytes(4).toString("hex");
  const broker = `e2e-dlq-${suffix}`;
  const type = `E2eOrderFailed${suffix}`;
  // The pages run under the app's CSP (no 'unsafe-eval'): nothing on them may trip it.
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const violations = () =>
    page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  const dlq = new DlqPage(page);
  await dlq.goto(`?broker=${broker}`);
  await expect(page.getByText("No dead letter matches")).toBeVisible();

  const at = (ms: number) => new Date(Date.now() - 60_000 + ms).toISOString();
  const letter = (id: string, reason: string, error: string, ms: number) => ({
    id: `${suffix}-${id}`,
    broker,
    channel: "orders.dlq",
    originalChannel: "orders",
    type,
    reason,
    error,
    failedAt: at(ms),
    payload: JSON.stringify({ orderId: `o-${id}`, lines: [{ sku: "a", qty: 2 }], paid: false }),
    contentType: "application/json",
    headers: { "x-death": JSON.stringify([{ reason, queue: "orders", count: 1 }]) },
  });
  const ingest = await request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${collectorToken}` },
    data: {
      deadLetters: [
        letter("1", "rejected", "Order 1 failed: timeout after 300 ms", 0),
        letter("2", "rejected", "Order 2 failed: timeout after 500 ms", 10),
        letter("3", "expired", "TTL reached", 20),
      ],
    },
  });
  expect(ingest.status(), await ingest.text()).toBe(202);

  // Live: the open page gains the three rows without a reload.
  await expect(dlq.rows()).toHaveCount(3);
  await expect(dlq.messages.getByText("Order 2 failed: timeout after 500 ms")).toBeVisible();

  await dlq.reason.selectOption("rejected");
  await expect(page).toHaveURL(/reason=rejected/);
  await expect(dlq.rows()).toHaveCount(2);
  await expect(dlq.messages.getByText("TTL reached")).toHaveCount(0);

  await dlq.tab("Groups").click();
  await expect(dlq.tab("Groups")).toHaveAttribute("aria-selected", "true");
  const group = dlq.groups.locator("tbody tr");
  await expect(group).toHaveCount(1);
  await expect(group).toContainText("Order <n> failed: timeout after <n> ms");
  await expect(group).toContainText("2 pending");

  expect(await violations()).toEqual([]);
  await dlq.tab("Messages").click();
  await dlq.messages.getByRole("link").first().focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/dlq\/[0-9a-f-]{36}$/);
  const detail = new DeadLetterPage(page);
  await expect(page.getByRole("heading", { name: type })).toBeVisible();
  await expect(detail.payload).toContainText('"orderId": "o-2"');
  await expect(detail.payload.locator("span", { hasText: '"orderId"' })).toHaveCount(1);
  await expect(detail.headers).toContainText("x-death");
  await expect(page.getByRole("table", { name: "Failure history" })).toContainText("rejected");
  await page.getByRole("radio", { name: "Hex" }).click();
  await expect(detail.payload).toContainText("00000000  7b 22 6f 72");
  expect(await violations()).toEqual([]);
});
