// Browser-level hardening: every page runs under the strict CSP without a single violation, the
// security headers are sent, and a cross-site form post riding on the session cookie is refused.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@/e2e/fixtures";
import { SECTIONS } from "@/e2e/pages/shell";

test("every section renders under the CSP with no violation and no console error", async ({ page }) => {
  test.setTimeout(120_000); // nine pages in a row, on a shared machine
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  for (const s of [...SECTIONS.map((x) => x.path), "/settings"]) {
    const res = await page.goto(s);
    expect(res?.status(), s).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const violations = await page.evaluate(
      () => (window as typeof window & { __cspViolations: string[] }).__cspViolations,
    );
    expect(violations, `CSP violations on ${s}`).toEqual([]);
  }
  expect(errors).toEqual([]);
});

test("pages carry the security headers, with a fresh nonce each time", async ({ request }) => {
  const a = await request.get("/sign-in");
  const b = await request.get("/sign-in");
  const csp = a.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(b.headers()["content-security-policy"]).not.toBe(csp);
  expect(a.headers()).toMatchObject({
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
  });
});

test.describe("a page on another origin", () => {
  let evil: Server;
  let evilOrigin = "";
  test.beforeAll(async ({ baseURL }) => {
    // Same host, another port: another origin but the same site, so SameSite=Lax cookies DO ride
    // along. Only the Origin check stands between this form and the admin's session.
    evil = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<!doctype html><form method="post" action="${baseURL}/api/v1/collectors">
        <input name="name" value="csrf-collector"><button>Win a prize</button></form>`);
    });
    await new Promise<void>((r) => evil.listen(0, "127.0.0.1", r));
    evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
  });
  test.afterAll(() => new Promise<void>((r) => evil.close(() => r())));

  test("cannot post a form to the API with the signed-in admin's cookie", async ({ page, request }) => {
    await page.goto(evilOrigin);
    const answer = page.waitForResponse((r) => r.url().endsWith("/api/v1/collectors"));
    await page.getByRole("button", { name: "Win a prize" }).click();
    const res = await answer;
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain("cross-site request refused");
    const list = await request.get("/api/v1/collectors");
    expect(list.status()).toBe(200);
    expect(JSON.stringify(await list.json())).not.toContain("csrf-collector");
  });
});
