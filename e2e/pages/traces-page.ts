// Page objects for traces: the search (form, results) and a trace's page (waterfall, details).
import type { Locator, Page } from "@playwright/test";

export class TraceSearchPage {
  readonly form: Locator;
  readonly traceId: Locator;
  readonly type: Locator;
  readonly searchButton: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole("search", { name: "Search traces" });
    this.traceId = this.form.getByLabel("Trace ID");
    this.type = this.form.getByLabel("Event type");
    this.searchButton = this.form.getByRole("button", { name: "Search" });
    this.table = page.getByRole("table", { name: "Traces" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/traces${query}`);
  }

  rowLink(traceId: string): Locator {
    return this.table.getByRole("link", { name: `Trace ${traceId}` });
  }

  anyRowLink(): Locator {
    return this.table.getByRole("link", { name: /^Trace [0-9a-f]{32}$/ }).first();
  }
}

export class TracePage {
  readonly waterfall: Locator;
  readonly details: Locator;

  constructor(readonly page: Page) {
    this.waterfall = page.getByRole("list", { name: "Spans and message hops" });
    this.details = page.getByRole("region", { name: "Details" });
  }

  row(label: string | RegExp): Locator {
    return this.waterfall.getByRole("button", { name: label });
  }
}
