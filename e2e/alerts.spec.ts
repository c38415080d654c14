// The Alerts pages against the running app: a rule created through the API ("no events of a type
// that never flows", for 0 s) fires on the evaluator's next cycle (every 2 s in e2e); the list shows
// it firing and finds it by its filters in the URL; its page shows the definition, the firing scope
// and the history entry; the sidebar counts it; the admin disables, enables and deletes it; a viewer
// sees the rule but no Disable or Delete; an unknown id has a proper page.
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { ANONYMOUS } from "@/e2e/app-state";
import { expect, test } from "@/e2e/fixtures";
import { AlertRulePage, AlertsPage } from "@/e2e/pages/alerts-page";
import { InvitePage } from "@/e2e/pages/sign-in-page";
import { UsersPage } from "@/e2e/pages/users-page";

test.describe.configure({ mode: "serial" });

const suffix = randomBytes(4).toString("hex");
const RULE = `e2e no payments ${suffix}`;
const TYPE = `E2eNeverFlows.${suffix}`;
let ruleId = "";

/** A call to the API from the page (same origin, the page's session), as the UI's own would be. */
async function api(page: Page, method: string, url: string, body?: unknown) {
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
  );
}

async function firingRuleIds(page: Page): Promise<string[]> {
  const res = await api(page, "GET", "/api/v1/alerts?state=firing");
  return (res.body as { alerts: { ruleId: string }[] }).alerts.map((a) => a.ruleId);
}

test("a rule that fires shows in the list, filtered by the URL, and in the sidebar", async ({ page }) => {
  const list = new AlertsPage(page);
  await list.goto();
  const created = await api(page, "POST", "/api/v1/alert-rules", {
    name: RULE,
    kind: "throughput",
    scope: { kind: "event_type", type: TYPE },
    params: { condition: "absent" },
    window: "1m",
    for: 0,
    severity: "critical",
    labels: { team: "payments" },
    runbookUrl: "https://wiki.example.com/runbooks/payments",
  });
  expect(created.status).toBe(201);
  ruleId = (created.body as { id: string }).id;
  // The evaluator's next cycle fires it; the page is opened once the API says so.
  await expect.poll(() => firingRuleIds(page)).toContain(ruleId);

  await list.goto(`?q=${suffix}`);
  await expect(list.search).toHaveValue(suffix);
  const row = list.row(RULE);
  await expect(row).toContainText(`type ${TYPE}`);
  await expect(row).toContainText("no published event");
  await expect(row.getByRole("cell").nth(3)).toHaveText("Firing");
  await expect(row).toContainText("0 events");
  await expect(list.navLink()).toHaveAccessibleDescription(/^\d+ firing$/);

  await list.state.selectOption("normal");
  await expect(page).toHaveURL(/state=normal/);
  await expect(page.getByText("No rule matches")).toBeVisible();
  await list.state.selectOption("firing");
  await expect(page).toHaveURL(/state=firing/);
  await expect(list.rowLink(RULE)).toBeVisible();

  // Keyboard: the row link takes focus and Enter opens the rule.
  await list.rowLink(RULE).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/alerts/${ruleId}$`));
});

test("the rule's page shows its definition, firing scope and history; the admin disables and enables it", async ({
  page,
}) => {
  const rule = new AlertRulePage(page);
  await rule.goto(ruleId);
  await expect(rule.heading).toContainText(RULE);
  await expect(rule.heading).toContainText("Firing");
  await expect(
    page.getByText(`Fires at once when no published event on type ${TYPE} over 1 min.`),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "https://wiki.example.com/runbooks/payments" })).toBeVisible();
  await expect(rule.scopes).toContainText(`type:${TYPE}`);
  await expect(rule.history.getByRole("listitem").first()).toContainText("Firing");
  await expect(rule.history).toContainText("normal → firing");

  await rule.disable.click();
  await expect(rule.heading).toContainText("Paused");
  await expect(rule.enable).toBeVisible();
  await expect.poll(() => firingRuleIds(page)).not.toContain(ruleId);
  await rule.enable.click();
  await expect(rule.disable).toBeVisible();
  // Enabled again, it starts from normal and fires on the next cycle.
  await expect.poll(() => firingRuleIds(page)).toContain(ruleId);
});

async function joinAsViewer(browser: Browser, baseURL: string, adminPage: Page): Promise<Page> {
  const users = new UsersPage(adminPage);
  await users.goto();
  const link = await users.invite({
    email: `alerts-viewer-${suffix}@example.com`,
    name: "Alice Viewer",
    role: "viewer",
  });
  const context = await browser.newContext({ storageState: ANONYMOUS, baseURL });
  const page = await context.newPage();
  await page.goto(link);
  await new InvitePage(page).choosePassword(`av-${suffix}-long-password`);
  await expect(page).toHaveURL(`${baseURL}/`);
  return page;
}

test("a viewer sees the rule and its state but no Disable or Delete", async ({ browser, baseURL, page }) => {
  const viewer = await joinAsViewer(browser, baseURL!, page);
  const rule = new AlertRulePage(viewer);
  await rule.goto(ruleId);
  await expect(rule.heading).toContainText(RULE);
  await expect(rule.scopes).toBeVisible();
  await expect(rule.disable).toHaveCount(0);
  await expect(rule.enable).toHaveCount(0);
  await expect(rule.delete).toHaveCount(0);
  await viewer.context().close();
});

test("the admin deletes the rule after confirming; its id then has a not-found page", async ({ page }) => {
  const rule = new AlertRulePage(page);
  await rule.goto(ruleId);
  await rule.delete.click();
  const dialog = page.getByRole("dialog", { name: `Delete “${RULE}”?` });
  await dialog.getByRole("button", { name: "Delete rule" }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  await new AlertsPage(page).goto(`?q=${suffix}`);
  await expect(page.getByRole("table", { name: "Alert rules" }).getByText(RULE)).toHaveCount(0);

  await rule.goto(ruleId);
  await expect(page.getByText("No such alert rule")).toBeVisible();
  await expect(page.getByRole("link", { name: "← Alert rules" })).toBeVisible();
});
