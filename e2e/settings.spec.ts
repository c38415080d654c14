// Settings in the browser: an API token is created, shown once, works from a script and stops at
// once when revoked; a person changes their password and the old one stops working; the audit log
// shows what happened.
import { randomBytes } from "node:crypto";
import { request as playwrightRequest } from "@playwright/test";
import { ANONYMOUS } from "@/e2e/app-state";
import { expect, test } from "@/e2e/fixtures";
import { Shell } from "@/e2e/pages/shell";
import { SignInPage } from "@/e2e/pages/sign-in-page";

test("an API token is shown once, works from a script, and stops at once when revoked", async ({
  page,
  baseURL,
}) => {
  const name = `e2e-script-${randomBytes(3).toString("hex")}`;
  await page.goto("/settings/tokens");
  await page.getByRole("button", { name: "New token" }).click();
  const dialog = page.getByRole("dialog", { name: "New API token" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("checkbox", { name: /events:read/ }).check();
  await dialog.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByRole("dialog", { name: "Your new API token" });
  const token = await shown.getByRole("textbox", { name: "Token", exact: true }).inputValue();
  expect(token).toMatch(/^esk_[A-Za-z0-9_-]{43}$/);
  await shown.getByRole("button", { name: "Done" }).click();
  const row = page.getByRole("table", { name: "Your API tokens" }).getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(token.slice(0, 8));
  await expect(row).not.toContainText(token.slice(8));

  const script = await playwrightRequest.newContext({ baseURL, storageState: ANONYMOUS });
  const auth = { authorization: `Bearer ${token}` };
  expect((await script.get("/api/v1/overview", { headers: auth })).status()).toBe(200);
  // Scoped to reading: the admin's other permissions do not come along.
  expect((await script.get("/api/v1/users", { headers: auth })).status()).toBe(403);

  await row.getByRole("button", { name: `Revoke token ${name}` }).click();
  await page
    .getByRole("dialog", { name: `Revoke “${name}”?` })
    .getByRole("button", { name: "Revoke token" })
    .click();
  await expect(row).toContainText(/revoked/i);
  const after = await script.get("/api/v1/overview", { headers: auth });
  expect(after.status()).toBe(401);
  expect(await after.text()).toContain("was revoked");
  await script.dispose();

  await page.goto("/settings/audit");
  const audit = page.getByRole("table").first();
  await expect(audit).toContainText("Revoked an API token");
  await expect(audit).toContainText("Created an API token");
});

test("a person changes their password; the old one stops working", async ({ page, browser, baseURL }) => {
  // A person of their own, invited through the API with the admin's session (a cookie write needs
  // the app's own Origin, as the browser would send it).
  const email = `pat-${randomBytes(3).toString("hex")}@example.com`;
  const invited = await page.request.post("/api/v1/users", {
    data: { email, name: "Pat", role: "viewer" },
    headers: { origin: baseURL! },
  });
  expect(invited.status()).toBe(201);
  const { invitation } = (await invited.json()) as { invitation: { path: string } };
  const first = "first-password-of-pat";
  const context = await browser.newContext({ storageState: ANONYMOUS, baseURL });
  const pat = await context.newPage();
  await pat.goto(invitation.path);
  await pat.getByLabel("New password").fill(first);
  await pat.getByLabel("Repeat the password").fill(first);
  await pat.getByRole("button", { name: "Join and sign in" }).click();
  await expect(pat).toHaveURL(`${baseURL}/`);

  await pat.goto("/settings");
  const second = "second-password-of-pat";
  await pat.getByLabel("Current password").fill(first);
  await pat.getByLabel("New password").fill(second);
  await pat.getByLabel("Repeat the password").fill(second);
  await pat.getByRole("button", { name: "Change password" }).click();
  await expect(pat.getByText("Password changed")).toBeVisible();
  // This tab keeps working (its cookie was renewed): no trip to sign-in, live updates reconnect.
  await expect(new Shell(pat).liveStatus).toHaveAttribute("data-status", "connected");
  await expect(pat).toHaveURL(`${baseURL}/settings`);
  await pat.goto("/");
  await expect(pat.getByRole("heading", { level: 1 })).toHaveText("Overview");
  await context.close();

  const fresh = await browser.newContext({ storageState: ANONYMOUS, baseURL });
  const signIn = new SignInPage(await fresh.newPage());
  await signIn.goto();
  await signIn.signIn(email, first);
  await expect(signIn.error).toHaveText("Wrong email or password.");
  await signIn.signIn(email, second);
  await expect(signIn.page).toHaveURL(`${baseURL}/`);
  await fresh.close();
});
