// Page object for Collectors: create a collector token (shown once) and read a collector's row.
import type { Locator, Page } from "@playwright/test";

export class CollectorsPage {
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Collectors" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/collectors");
  }

  /** Creates a collector and returns its token, read from the dialog that shows it once. */
  async create(name: string): Promise<string> {
    await this.page.getByRole("button", { name: "New collector" }).click();
    const form = this.page.getByRole("dialog", { name: "New collector" });
    await form.getByLabel("Name").fill(name);
    await form.getByRole("button", { name: "Create collector" }).click();
    const shown = this.page.getByRole("dialog", { name: "Collector token" });
    const token = await shown.getByRole("textbox", { name: `Token for “${name}”` }).inputValue();
    await shown.getByRole("button", { name: "Done" }).click();
    return token;
  }

  row(name: string): Locator {
    return this.table.getByRole("row").filter({ hasText: name });
  }

  /** The status badge's word (Live, Stale, Down, Revoked). */
  status(name: string): Locator {
    return this.row(name).locator("[data-status]");
  }

  /** The broker backlog's summary (the largest lag); clicking it lists every lag and depth. */
  backlog(name: string): Locator {
    return this.row(name).getByLabel(`Broker backlog of ${name}`, { exact: false });
  }

  throughput(name: string): Locator {
    return this.row(name).getByRole("cell", { name: `Throughput of ${name}` });
  }
}
