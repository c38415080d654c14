// Page objects for the DLQ actions: the reprocess confirmation, the edit dialog and a request's
// progress page.
import type { Locator, Page } from "@playwright/test";

export class ReprocessDialog {
  readonly dialog: Locator;
  readonly plan: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole("dialog", { name: /^Reprocess / });
    this.plan = this.dialog.getByTestId("reprocess-plan");
  }

  confirm(): Locator {
    return this.dialog.getByRole("button", { name: /^Reprocess \d/ });
  }
}

export class ReprocessProgressPage {
  readonly bar: Locator;
  readonly failures: Locator;

  constructor(readonly page: Page) {
    this.bar = page.getByRole("progressbar", { name: "Progress" });
    this.failures = page.getByRole("list", { name: "Failures" });
  }

  /** The figure under a count's label ("Succeeded", "Failed", "Cancelled", …). */
  count(label: string): Locator {
    return this.page
      .locator("dl > div")
      .filter({ has: this.page.locator("dt").getByText(label, { exact: true }) })
      .locator("dd");
  }
}
