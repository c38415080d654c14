// Page object for the dashboard shell: sidebar, page title, live indicator and theme switch.
import type { Locator, Page } from "@playwright/test";

export const SECTIONS = [
  { link: "Overview", path: "/", title: "Overview" },
  { link: "Flows", path: "/flows", title: "Flows" },
  { link: "Catalog", path: "/catalog", title: "Event catalog" },
  { link: "Latency", path: "/latency", title: "Latency" },
  { link: "Traces", path: "/traces", title: "Traces" },
  { link: "DLQ", path: "/dlq", title: "Dead-letter queues" },
  { link: "Alerts", path: "/alerts", title: "Alerts" },
  { link: "Collectors", path: "/collectors", title: "Collectors" },
  { link: "Settings", path: "/settings", title: "Settings" },
] as const;

export class Shell {
  readonly nav: Locator;
  readonly title: Locator;
  readonly liveStatus: Locator;
  readonly html: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole("navigation", { name: "Main" });
    this.title = page.getByRole("heading", { level: 1 });
    this.liveStatus = page.getByRole("status", { name: /^Live connection/ });
    this.html = page.locator("html");
  }

  navLink(name: string): Locator {
    return this.nav.getByRole("link", { name, exact: true });
  }

  themeOption(name: "Light theme" | "Dark theme" | "System theme"): Locator {
    return this.page.getByRole("radiogroup", { name: "Colour theme" }).getByRole("radio", { name });
  }

  async openMobileNav(): Promise<void> {
    await this.page.getByRole("button", { name: "Open navigation" }).click();
  }
}

/** How many px a table is wider than the frame around it (0: it fits, no sideways scroll). */
export function sidewaysOverflow(table: Locator): Promise<number> {
  return table.evaluate((el) => el.parentElement!.scrollWidth - el.parentElement!.clientWidth);
}
