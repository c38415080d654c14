// Notify and silence, end to end against the running app and its demo source: a webhook receiver on
// localhost becomes a contact point through the browser (and answers its test notification); a
// latency rule on the demo's slow consumer ("analytics", p99 publish → ack) is created through the API
// with a threshold just above its current value; the admin-only demo control makes the consumer ten
// times slower → the rule fires → the receiver gets the firing notification and the banner appears;
// the rule is silenced from its page → it stays firing, and its next repeat (ALERT_REPEAT_INTERVAL is
// 15s in e2e) is recorded as silenced while the receiver gets nothing more.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { expect, test } from "@/e2e/fixtures";

const suffix = randomBytes(4).toString("hex");
const CONTACT_POINT = `e2e receiver ${suffix}`;
const RULE = `e2e slow analytics ${suffix}`;
/** By design the slow consumer's publish → ack stays under 7.5 s (shop-catalog.ts); slowed ten times, over 18 s. */
const DESIGN_MAX_MS = 8_000;
const SLOWER = 10;

type Received = { kind: string; status: string; rule: { id: string } | null };

/** A webhook receiver on localhost (the app server runs on this machine), recording each body. */
async function startReceiver() {
  const bodies: Received[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (raw += d));
    req.on("end", () => {
      bodies.push(JSON.parse(raw) as Received);
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    of: (ruleId: string) => bodies.filter((b) => b.rule?.id === ruleId),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A call to the API from the page (same origin, the page's session). */
async function api<T = unknown>(page: Page, method: string, url: string, body?: unknown) {
  return page.evaluate(
    async ({ method, url, body }) => {
      const r = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json().catch(() => null)) as unknown };
    },
    { method, url, body },
  ) as Promise<{ status: number; body: T }>;
}

function ruleBody(threshold: number) {
  return {
    name: RULE,
    kind: "latency",
    scope: { kind: "service", service: "analytics" },
    params: { percentile: "p99", hop: "e2e", threshold },
    window: "1m",
    for: 0,
    severity: "critical",
  };
}

test("a slower consumer fires the rule, the banner shows, and a silence stops its notifications", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const receiver = await startReceiver();
  let ruleId = "";
  let contactPointId = "";
  try {
    // The contact point, created in the browser; its test notification reaches the receiver.
    await page.goto("/alerts/contact-points");
    await page.getByRole("button", { name: "New contact point" }).first().click();
    const form = page.getByRole("dialog", { name: "New contact point" });
    await form.getByLabel("Name").fill(CONTACT_POINT);
    await form.getByLabel("Kind").selectOption("webhook");
    await form.getByLabel("URL").fill(receiver.url);
    await form.getByRole("button", { name: "Add contact point" }).click();
    await expect(form).toBeHidden();
    const row = page
      .getByRole("list", { name: "Contact points" })
      .getByRole("listitem")
      .filter({ hasText: CONTACT_POINT });
    await expect(row).toContainText("http://127.0.0.1:");
    await row.getByRole("button", { name: `Send test notification to ${CONTACT_POINT}` }).click();
    await expect(row.getByTestId("test-result")).toContainText("Delivered · HTTP 200");
    expect(receiver.bodies.filter((b) => b.kind === "test")).toHaveLength(1);
    const cps = await api<{ contactPoints: { id: string; name: string }[] }>(
      page,
      "GET",
      "/api/v1/contact-points",
    );
    contactPointId = cps.body.contactPoints.find((c) => c.name === CONTACT_POINT)!.id;

    // The rule, first out of reach to read the current value, then just above it.
    const created = await api<{ id: string }>(page, "POST", "/api/v1/alert-rules", ruleBody(3_600_000));
    expect(created.status).toBe(201);
    ruleId = created.body.id;
    let current = 0;
    await expect
      .poll(
        async () => {
          const r = await api<{ instances: { value: number | null }[] }>(
            page,
            "GET",
            `/api/v1/alert-rules/${ruleId}`,
          );
          current = r.body.instances[0]?.value ?? 0;
          return current;
        },
        { timeout: 90_000 },
      )
      .toBeGreaterThan(0);
    const threshold = Math.max(Math.ceil(current * 1.2), DESIGN_MAX_MS);
    const replaced = await api(page, "PUT", `/api/v1/alert-rules/${ruleId}`, ruleBody(threshold));
    expect(replaced.status).toBe(200);

    // Slower: the demo control (admin only), then the rule fires and the receiver hears of it.
    await page.goto("/alerts");
    const slowed = await api(page, "POST", "/api/v1/demo/slow-consumer", { factor: SLOWER });
    expect(slowed).toEqual({ status: 200, body: { consumer: "analytics", factor: SLOWER } });
    await expect
      .poll(() => receiver.of(ruleId).filter((b) => b.kind === "firing").length, { timeout: 180_000 })
      .toBe(1);
    // The banner, pushed by the live hint (the page was open all along).
    const banner = page.getByRole("status").filter({ hasText: /alerts? firing/ });
    await expect(banner).toBeVisible();
    await expect(banner.getByRole("link", { name: "view" })).toBeVisible();

    // Silence it from the rule page's firing scope.
    await page.goto(`/alerts/${ruleId}`);
    await page.getByRole("button", { name: "Silence service:analytics" }).click();
    const dialog = page.getByRole("dialog", { name: "New silence" });
    await expect(dialog.getByLabel("Rule")).toHaveValue(ruleId);
    await expect(dialog.getByLabel("Scope")).toHaveValue("service:analytics");
    await dialog.getByText("4 hours").click();
    await expect(dialog.getByLabel("4 hours")).toBeChecked();
    await dialog.getByLabel("Comment").fill(`e2e: watching it ${suffix}`);
    await dialog.getByRole("button", { name: "Create silence" }).click();
    await expect(dialog).toBeHidden();
    const notified = receiver.of(ruleId).length;

    // Its next repeat is due within the repeat interval: recorded as silenced, never sent.
    await expect
      .poll(
        async () => {
          const log = await api<{ notifications: { status: string }[] }>(
            page,
            "GET",
            `/api/v1/contact-points/notifications?ruleId=${ruleId}`,
          );
          return log.body.notifications.filter((n) => n.status === "silenced").length;
        },
        { timeout: 120_000 },
      )
      .toBeGreaterThan(0);
    expect(receiver.of(ruleId)).toHaveLength(notified);
    const firing = await api<{ alerts: { ruleId: string }[] }>(page, "GET", "/api/v1/alerts?state=firing");
    expect(firing.body.alerts.map((a) => a.ruleId)).toContain(ruleId);
    // The page says so too: still firing, and the log shows the silenced repeat.
    await expect(page.getByRole("heading", { name: new RegExp(RULE) })).toContainText("Firing");
    await expect(page.getByRole("list", { name: "Notifications" })).toContainText("silenced");

    // The silence is listed as active with its comment and author.
    await page.goto("/alerts/silences");
    const active = page.getByRole("list", { name: "Active silences" });
    await expect(active).toContainText(`e2e: watching it ${suffix}`);
    await expect(active).toContainText(RULE);
  } finally {
    await api(page, "POST", "/api/v1/demo/slow-consumer", { factor: 1 });
    // Its silences go with it (ON DELETE CASCADE).
    if (ruleId) await api(page, "DELETE", `/api/v1/alert-rules/${ruleId}`);
    if (contactPointId) await api(page, "DELETE", `/api/v1/contact-points/${contactPointId}`);
    await receiver.close();
  }
});
