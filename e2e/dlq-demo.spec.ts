// The built-in demo's dead letters reprocess like any broker's: the demo's agent of their broker
// (`demo` for the RabbitMQ-like one, `demo-nats` for the NATS-like one) puts the message back into
// the simulated shop, whose consumer takes it again, and the dead letter ends reprocessed.
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "@/e2e/fixtures";
import { ReprocessDialog, ReprocessProgressPage } from "@/e2e/pages/reprocess-page";

type Found = { id: string; originalDestination: string };

/** A pending dead letter of the demo's `broker` (the demo makes about one a second at its e2e rate). */
async function pendingOf(request: APIRequestContext, broker: string): Promise<Found> {
  let found: Found | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/v1/dead-letters?broker=${broker}&state=pending&limit=1`);
        const { items } = (await res.json()) as { items: Found[] };
        found = items[0];
        return found !== undefined;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return found!;
}

for (const [broker, agent] of [
  ["rabbitmq-demo", "demo"],
  ["nats-demo", "demo-nats"],
] as const) {
  test(`a dead letter of ${broker} is reprocessed into the demo shop by its agent ${agent}`, async ({
    page,
  }) => {
    const { id, originalDestination } = await pendingOf(page.request, broker);
    await page.goto(`/dlq/${id}`);
    await page.getByRole("button", { name: "Reprocess", exact: true }).click();
    const dialog = new ReprocessDialog(page);
    await expect(dialog.plan).toContainText(`1 message to ${originalDestination}`);
    await dialog.confirm().click();

    await expect(page).toHaveURL(/\/dlq\/reprocess\/[0-9a-f-]{36}$/);
    const progress = new ReprocessProgressPage(page);
    await expect(progress.bar).toHaveAttribute("aria-valuetext", "1 of 1");
    await expect(progress.count("Succeeded")).toHaveText("1");
    await expect(page.getByRole("list", { name: "Failures" })).toHaveCount(0);

    await page.goto(`/dlq/${id}`);
    // The heading carries the dead letter's state badge.
    await expect(page.locator("#dl-title")).toContainText("Reprocessed");
    const attempts = page.getByRole("table", { name: "Reprocess attempts" });
    // `via demo` must not be `via demo-nats`: each broker's own agent took its command.
    await expect(attempts.getByRole("cell", { name: new RegExp(` via ${agent}$`) })).toBeVisible();
    await expect(attempts).toContainText(/succeeded/i);
  });
}
