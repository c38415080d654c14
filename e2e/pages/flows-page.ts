// Page object for Flows: the graph's nodes and edge labels (buttons named for what they are),
// the window and filter controls, the node search and the details drawer.
import type { Locator, Page } from "@playwright/test";

export class FlowsPage {
  readonly graph: Locator;
  readonly details: Locator;
  readonly detailsTitle: Locator;
  readonly find: Locator;
  readonly findButton: Locator;

  constructor(readonly page: Page) {
    this.graph = page.getByLabel("Flow graph", { exact: true });
    // The sidebar is an <aside> too: the drawer is the one labelled by its heading.
    this.details = page.getByRole("complementary").filter({ has: page.locator("#flow-details-title") });
    this.detailsTitle = this.details.getByRole("heading", { level: 2 });
    // A search box with suggestions (a datalist) is a combobox.
    this.find = page.getByRole("combobox", { name: "Find a node" });
    this.findButton = page.getByRole("button", { name: "Find", exact: true });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/flows${query}`);
  }

  service(name: string): Locator {
    return this.page.getByRole("button", { name: `Service ${name}`, exact: true });
  }

  channel(name: string): Locator {
    return this.page.getByRole("button", { name: `Channel ${name}`, exact: true });
  }

  /** The rate label of the edge from `source` to `target` (a button: it opens the edge). */
  edge(source: string, target: string): Locator {
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return this.page.getByRole("button", { name: new RegExp(`^${esc(source)} → ${esc(target)}: `) });
  }

  filter(label: "Broker" | "Event type" | "Service" | "Channel"): Locator {
    return this.page.getByRole("combobox", { name: label, exact: true });
  }

  window(label: string): Locator {
    return this.page
      .getByRole("group", { name: "Time window" })
      .getByRole("button", { name: label, exact: true });
  }
}
