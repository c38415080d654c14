// Page objects for the catalog: the list (search, rows) and an event type's page (versions and
// their diff, register schema, details).
import type { Locator, Page } from "@playwright/test";

export class CatalogListPage {
  readonly search: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByRole("searchbox", { name: "Search" });
    this.table = page.getByRole("table", { name: "Event types" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/catalog${query}`);
  }

  rowLink(name: string): Locator {
    return this.table.getByRole("link", { name, exact: true });
  }

  row(name: string): Locator {
    return this.table.locator(`tr[data-type="${name}"]`);
  }
}

export class EventTypePage {
  readonly heading: Locator;
  readonly versions: Locator;
  readonly registerButton: Locator;
  readonly registerDialog: Locator;
  readonly editDetails: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 2 }).first();
    this.versions = page.getByRole("table", { name: "Schema versions" });
    this.registerButton = page.getByRole("button", { name: "Register schema" });
    this.registerDialog = page.getByRole("dialog", { name: /^Register a schema for / });
    this.editDetails = page.getByRole("button", { name: "Edit details" });
  }

  async goto(name: string): Promise<void> {
    await this.page.goto(`/catalog/${encodeURIComponent(name)}`);
  }

  versionRow(version: number): Locator {
    return this.versions.locator(`tr[data-version="${version}"]`);
  }

  diff(from: number, to: number): Locator {
    return this.page.getByRole("table", { name: `Differences between version ${from} and version ${to}` });
  }

  async compare(from: number, to: number): Promise<void> {
    await this.page.getByRole("combobox", { name: "From" }).selectOption(String(from));
    await this.page.getByRole("combobox", { name: "To" }).selectOption(String(to));
  }

  /** Opens the dialog, pastes the schema and submits; the dialog stays open on a refusal. */
  async register(schema: unknown): Promise<void> {
    await this.registerButton.click();
    await this.registerDialog
      .getByRole("textbox", { name: "JSON Schema" })
      .fill(JSON.stringify(schema, null, 2));
    await this.registerDialog.getByRole("button", { name: "Register", exact: true }).click();
  }
}
