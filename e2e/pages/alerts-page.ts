// Page objects for the Alerts pages: the rules list (filters, rows) and one rule (state, history,
// admin actions), plus the sidebar's firing count.
import type { Locator, Page } from "@playwright/test";

export class AlertsPage {
  readonly filters: Locator;
  readonly search: Locator;
  readonly state: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.filters = page.getByRole("search", { name: "Filter alert rules" });
    this.search = this.filters.getByRole("searchbox", { name: "Search" });
    this.state = this.filters.getByLabel("State");
    this.table = page.getByRole("table", { name: "Alert rules" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/alerts${query}`);
  }

  row(name: string): Locator {
    return this.table.locator(`tr[data-rule="${name}"]`);
  }

  rowLink(name: string): Locator {
    return this.table.getByRole("link", { name, exact: true });
  }

  /** The sidebar's link to Alerts, described as "N firing" while anything fires. */
  navLink(): Locator {
    return this.page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Alerts", exact: true });
  }
}

export class AlertRulePage {
  readonly heading: Locator;
  readonly scopes: Locator;
  readonly history: Locator;
  readonly disable: Locator;
  readonly enable: Locator;
  readonly delete: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 2 }).first();
    this.scopes = page.getByRole("list", { name: "Scopes" });
    this.history = page.getByRole("list", { name: "State changes" });
    this.disable = page.getByRole("button", { name: "Disable" });
    this.enable = page.getByRole("button", { name: "Enable" });
    this.delete = page.getByRole("button", { name: "Delete", exact: true });
  }

  async goto(id: string): Promise<void> {
    await this.page.goto(`/alerts/${id}`);
  }
}
