// A second person for role tests: the signed-in admin (`adminPage`) invites a viewer, who accepts
// the invitation in a fresh browser context and lands signed in on the Overview. `tag` keeps the
// e-mail unique per spec and run.
import { expect, type Browser, type Page } from "@playwright/test";
import { ANONYMOUS } from "@/e2e/app-state";
import { InvitePage } from "@/e2e/pages/sign-in-page";
import { UsersPage } from "@/e2e/pages/users-page";

export async function joinAsViewer(
  browser: Browser,
  baseURL: string,
  adminPage: Page,
  tag: string,
): Promise<Page> {
  const users = new UsersPage(adminPage);
  await users.goto();
  const link = await users.invite({
    email: `viewer-${tag}@example.com`,
    name: `Viewer ${tag}`,
    role: "viewer",
  });
  const context = await browser.newContext({ storageState: ANONYMOUS, baseURL });
  const page = await context.newPage();
  await page.goto(link);
  await new InvitePage(page).choosePassword(`viewer-${tag}-long-password`);
  await expect(page).toHaveURL(`${baseURL}/`);
  return page;
}
