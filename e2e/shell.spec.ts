// The shell: every section is reachable from the sidebar (and the phone drawer), and the theme
// switch sets the `dark` class and survives a reload; `/` focuses each page's search box.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "@/e2e/fixtures";
import { SECTIONS, Shell, sidewaysOverflow } from "@/e2e/pages/shell";

test("every section opens from the sidebar with its title", async ({ page }) => {
  const shell = new Shell(page);
  await page.goto("/settings");
  for (const s of SECTIONS) {
    await shell.navLink(s.link).click();
    await expect(page).toHaveURL(s.path);
    await expect(shell.title).toHaveText(s.title);
    // A section's own tab may come first ("Account · Settings · Eventscope").
    await expect(page).toHaveTitle(new RegExp(`(^|· )${s.title} · Eventscope$`));
    await expect(shell.navLink(s.link)).toHaveAttribute("aria-current", "page");
  }
});

/** Each page's search box, the one `/` focuses (components/ui/search-shortcut.tsx). */
const SEARCHES = [
  { path: "/", role: "searchbox", name: "Filter latest events" },
  { path: "/flows", role: "combobox", name: "Find a node" },
  { path: "/catalog", role: "searchbox", name: "Search" },
  { path: "/traces", role: "textbox", name: "Trace ID" },
  { path: "/dlq", role: "textbox", name: "Search error text and payload" },
  { path: "/alerts", role: "searchbox", name: "Search" },
  { path: "/settings/audit", role: "searchbox", name: "Who" },
] as const;

/** Presses `/` until the field has focus: before hydration no handler listens, and nothing is typed. */
async function slashTo(page: Page, field: Locator): Promise<void> {
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(field).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
}

test("/ focuses each page's search box; in a field it is typed as itself", async ({ page }) => {
  for (const s of SEARCHES) {
    await page.goto(s.path);
    const field = page.getByRole(s.role, { name: s.name, exact: true });
    await expect(field).toBeVisible();
    await expect(field).not.toBeFocused();
    await slashTo(page, field);
    await expect(field).toHaveValue("");
  }
  await page.goto("/dlq");
  const search = page.getByRole("textbox", { name: "Search error text and payload", exact: true });
  await slashTo(page, search);
  await page.keyboard.type("orders/eu");
  await expect(search).toHaveValue("orders/eu");
});

/** The list tables the demo fills, each in a frame that would scroll sideways if its columns overflowed. */
const TABLES = [
  { path: "/catalog", name: "Event types" },
  { path: "/traces", name: "Traces" },
  { path: "/dlq", name: "Dead letters" },
  { path: "/dlq?view=groups", name: "Failure groups" },
  { path: "/collectors", name: "Collectors" },
] as const;

test("at 1 280 px every list table fits its card: no sideways scroll", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const t of TABLES) {
    await page.goto(t.path);
    const table = page.getByRole("table", { name: t.name, exact: true });
    await expect(table.locator("tbody tr").first()).toBeVisible();
    const overflow = await sidewaysOverflow(table);
    expect(overflow, `${t.path}: the table is ${overflow} px wider than its card`).toBe(0);
  }
});

test("the phone drawer navigates too", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const shell = new Shell(page);
  await page.goto("/");
  await expect(shell.nav).toBeHidden();
  await shell.openMobileNav();
  await page.getByRole("dialog", { name: "Navigation" }).getByRole("link", { name: "DLQ" }).click();
  await expect(page).toHaveURL("/dlq");
  await expect(shell.title).toHaveText("Dead-letter queues");
  await expect(page.getByRole("dialog", { name: "Navigation" })).toBeHidden();
});

test("dark mode switches the class on <html> and persists over a reload", async ({ page }) => {
  const shell = new Shell(page);
  await page.goto("/flows");
  await expect(shell.html).not.toHaveClass(/\bdark\b/); // the browser prefers light
  await expect(shell.themeOption("System theme")).toHaveAttribute("aria-checked", "true");

  await shell.themeOption("Dark theme").click();
  await expect(shell.html).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(shell.html).toHaveClass(/\bdark\b/);
  await expect(shell.themeOption("Dark theme")).toHaveAttribute("aria-checked", "true");

  await shell.themeOption("Light theme").click();
  await expect(shell.html).not.toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(shell.html).not.toHaveClass(/\bdark\b/);
});

test("the dark class is set before first paint (no flash)", async ({ page }) => {
  await page.addInitScript(() => window.localStorage.setItem("eventscope-theme", "dark"));
  // Record the class as soon as <body> exists, before any of the app's scripts run.
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.body) {
        (window as typeof window & { __classAtBody?: string }).__classAtBody =
          document.documentElement.className;
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto("/latency");
  const classAtBody = await page.evaluate(
    () => (window as typeof window & { __classAtBody?: string }).__classAtBody,
  );
  expect(classAtBody).toContain("dark");
});
