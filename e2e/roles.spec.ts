// Roles in the browser: the admin invites an operator and a viewer from the Users page; each joins
// through their link; each sees only what their role allows; and a request forged around the hidden
// buttons is refused by the server.
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { ANONYMOUS } from "@/e2e/app-state";
import { expect, test } from "@/e2e/fixtures";
import { InvitePage } from "@/e2e/pages/sign-in-page";
import { Shell } from "@/e2e/pages/shell";
import { UsersPage } from "@/e2e/pages/users-page";
import type { Role } from "@/lib/auth/permissions";

test.describe.configure({ mode: "serial" });

const suffix = randomBytes(3).toString("hex");
const people: Record<Exclude<Role, "admin">, { email: string; name: string; password: string }> = {
  operator: {
    email: `olga-${suffix}@example.com`,
    name: "Olga Operator",
    password: `op-${suffix}-long-password`,
  },
  viewer: {
    email: `victor-${suffix}@example.com`,
    name: "Victor Viewer",
    password: `vi-${suffix}-long-password`,
  },
};
const links: Partial<Record<Role, string>> = {};

async function join(browser: Browser, baseURL: string, link: string, password: string): Promise<Page> {
  const context = await browser.newContext({ storageState: ANONYMOUS, baseURL });
  const page = await context.newPage();
  await page.goto(link);
  await new InvitePage(page).choosePassword(password);
  await expect(page).toHaveURL(`${baseURL}/`);
  return page;
}

test("the admin invites an operator and a viewer", async ({ page }) => {
  const users = new UsersPage(page);
  await users.goto();
  for (const role of ["operator", "viewer"] as const) {
    links[role] = await users.invite({ email: people[role].email, name: people[role].name, role });
    expect(links[role]).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
    const row = users.table.getByRole("row").filter({ hasText: people[role].email });
    await expect(row).toContainText(/invited/i);
  }
});

// Operator-only buttons (reprocess, discard) arrive with the DLQ page (issue 7), gated the same way.
test("the viewer joins and sees no admin action; forged requests are refused", async ({
  browser,
  baseURL,
}) => {
  const page = await join(browser, baseURL!, links.viewer!, people.viewer.password);
  const shell = new Shell(page);
  await expect(shell.title).toHaveText("Overview");

  await page.goto("/collectors");
  await expect(page.getByRole("table", { name: "Collectors" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New collector" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Revoke|Rotate the token of) / })).toHaveCount(0);

  await page.goto("/settings");
  const tabs = page.getByRole("navigation", { name: "Settings" }).getByRole("link");
  await expect(tabs).toHaveText(["Account", "API tokens"]);
  // The page streams behind its loading skeleton, so the refusal arrives in the body, not the status.
  await page.goto("/settings/users");
  await expect(page.getByText("You do not have access to this page")).toBeVisible();
  await expect(page.getByRole("table", { name: "Users" })).toHaveCount(0);

  // The same calls the hidden buttons would make, sent by hand from the viewer's own page.
  const forged = await page.evaluate(async () => {
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { error?: { message?: string } },
      }));
    return {
      collector: await post("/api/v1/collectors", { name: "forged" }),
      invite: await post("/api/v1/users", { email: "forged@example.com", name: "Forged", role: "admin" }),
    };
  });
  expect(forged.collector.status).toBe(403);
  expect(forged.collector.body.error?.message).toMatch(/the viewer role may not do this/);
  expect(forged.invite.status).toBe(403);
  await page.context().close();
});

test("the operator joins; the admin sees both in the list, active", async ({ browser, baseURL, page }) => {
  const operator = await join(browser, baseURL!, links.operator!, people.operator.password);
  await operator.goto("/settings/users");
  await expect(operator.getByText("You do not have access to this page")).toBeVisible();
  await operator.context().close();

  const users = new UsersPage(page);
  await users.goto();
  for (const role of ["operator", "viewer"] as const) {
    const row = users.table.getByRole("row").filter({ hasText: people[role].email });
    await expect(row.getByRole("combobox", { name: `Role of ${people[role].name}` })).toHaveValue(role);
    await expect(row).toContainText(/active/i);
  }
});

test("an invitation link works once", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ storageState: ANONYMOUS, baseURL });
  const page = await context.newPage();
  await page.goto(links.viewer!);
  await expect(page.getByRole("heading", { name: "This link does not work any more" })).toBeVisible();
  await context.close();
});
