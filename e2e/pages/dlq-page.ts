// Page objects for the DLQ pages: the list (filters, Messages | Groups, rows) and one dead letter.
import type { Locator, Page } from "@playwright/test";

export class DlqPage {
  readonly filters: Locator;
  readonly reason: Locator;
  readonly messages: Locator;
  readonly groups: Locator;

  constructor(readonly page: Page) {
    this.filters = page.getByRole("search", { name: "Filter dead letters" });
    this.reason = this.filters.getByLabel("Reason");
    this.messages = page.getByRole("table", { name: "Dead letters" });
    this.groups = page.getByRole("table", { name: "Failure groups" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/dlq${query}`);
  }

  tab(name: "Messages" | "Groups"): Locator {
    return this.page.getByRole("tab", { name });
  }

  rows(): Locator {
    return this.messages.locator("tbody tr");
  }
}

export class DeadLetterPage {
  readonly payload: Locator;
  readonly headers: Locator;

  constructor(readonly page: Page) {
    this.payload = page.getByLabel("Payload", { exact: true });
    this.headers = page.getByRole("table", { name: "Headers" });
  }
}
