// Page object for the Overview: the events/s figure, the totals and the Latest events table.
import type { Locator, Page } from "@playwright/test";

export class OverviewPage {
  readonly eventsPerSecond: Locator;
  readonly eventsStored: Locator;
  readonly latestEvents: Locator;
  readonly latestRows: Locator;
  readonly filter: Locator;

  constructor(readonly page: Page) {
    this.eventsPerSecond = page.getByLabel("Events per second", { exact: true });
    this.eventsStored = page.getByLabel("Events stored", { exact: true });
    this.latestEvents = page.getByRole("table", { name: "Latest events" });
    this.latestRows = this.latestEvents.locator("tbody").getByRole("row");
    this.filter = page.getByRole("searchbox", { name: "Filter latest events" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/");
  }

  /** The first row's text: it changes whenever a newer event arrives. */
  async newestRowText(): Promise<string> {
    return (await this.latestRows.first().textContent()) ?? "";
  }

  rowWithText(text: string): Locator {
    return this.latestRows.filter({ hasText: text });
  }
}
