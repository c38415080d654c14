// Signing in and out in the browser: the setup page is gone once an admin exists, an anonymous
// visitor is sent to sign-in and brought back, a wrong password is refused in plain words, and
// signing out ends the session.
import { ANONYMOUS } from "@/e2e/app-state";
import { expect, test } from "@/e2e/fixtures";
import { SignInPage } from "@/e2e/pages/sign-in-page";
import { Shell } from "@/e2e/pages/shell";

test.describe("signed out", () => {
  test.use({ storageState: ANONYMOUS });

  test("the setup page is gone once an admin exists, and so is its API", async ({ page, request }) => {
    await page.goto("/setup");
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole("heading", { name: "Sign in to Eventscope" })).toBeVisible();
    const res = await request.post("/api/setup", {
      data: { name: "Mallory", email: "mallory@example.com", password: "a-long-enough-password" },
    });
    expect(res.status()).toBe(409);
    expect((await res.json()) as unknown).toMatchObject({
      error: { message: expect.stringMatching(/already set up/) },
    });
  });

  test("an anonymous visitor is sent to sign-in and comes back to the page they asked for", async ({
    page,
    admin,
  }) => {
    await page.goto("/collectors");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fcollectors$/);
    await new SignInPage(page).signIn(admin.email, admin.password);
    await expect(page).toHaveURL(/\/collectors$/);
    await expect(new Shell(page).title).toHaveText("Collectors");
  });

  test("a wrong password is refused with a clear message and no session", async ({
    page,
    admin,
    context,
  }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(admin.email, "not-the-right-password");
    await expect(signIn.error).toHaveText("Wrong email or password.");
    expect((await context.cookies()).some((c) => c.name === "eventscope.session_token")).toBe(false);
  });

  test("the API answers 401 without a session", async ({ request }) => {
    const res = await request.get("/api/v1/overview");
    expect(res.status()).toBe(401);
  });
});

test("signing out ends the session", async ({ page, admin, browser, baseURL }) => {
  // A session of its own: signing out the shared admin state would sign out every other test.
  const context = await browser.newContext({ storageState: ANONYMOUS, baseURL });
  const own = await context.newPage();
  const signIn = new SignInPage(own);
  await signIn.goto();
  await signIn.signIn(admin.email, admin.password);
  await expect(own).toHaveURL(/\/$/);
  const cookie = (await context.cookies()).find((c) => c.name === "eventscope.session_token");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });

  await own.getByRole("button", { name: /^Account:/ }).click();
  await own.getByRole("button", { name: "Sign out" }).click();
  await expect(own).toHaveURL(/\/sign-in\?signed-out=1$/);
  await own.goto("/");
  await expect(own).toHaveURL(/\/sign-in$/);
  await context.close();
  // The shared admin session is untouched.
  await page.goto("/");
  await expect(new Shell(page).title).toHaveText("Overview");
});
