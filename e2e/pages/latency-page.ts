// Page object for the Latency page: scope and range controls, the figures, the percentile chart
// (its lines and drag-to-zoom) and the compare switch.
import type { Locator, Page } from "@playwright/test";

export class LatencyPage {
  readonly summary: Locator;
  readonly percentiles: Locator;
  readonly compare: Locator;
  readonly zoomOut: Locator;

  constructor(readonly page: Page) {
    this.summary = page.getByRole("region", { name: "Latency" }).getByLabel("Window summary");
    this.percentiles = page.getByRole("region", { name: "Percentiles" });
    this.compare = page.getByRole("switch", { name: "Compare with previous period" });
    this.zoomOut = page.getByRole("button", { name: "Zoom out" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/latency${query}`);
  }

  eventType(): Locator {
    return this.page.getByRole("combobox", { name: "Event type" });
  }

  range(r: string): Locator {
    return this.page.getByRole("group", { name: "Time range" }).getByRole("button", { name: r, exact: true });
  }

  legend(k: "p50" | "p95" | "p99"): Locator {
    return this.percentiles
      .getByRole("group", { name: "Percentiles shown" })
      .getByRole("button", { name: k });
  }

  /** The drawn line of a percentile (an SVG path inside the chart). */
  line(k: "p50" | "p95" | "p99"): Locator {
    return this.percentiles.locator(`.latency-line-${k} path.recharts-line-curve`);
  }

  figure(label: string): Locator {
    return this.summary
      .locator("div", { has: this.page.locator("dt", { hasText: new RegExp(`^${label}$`) }) })
      .locator("dd")
      .first();
  }

  /** Drags across the middle of the chart, from `a` to `b` (fractions of its width). */
  async dragAcross(a: number, b: number): Promise<void> {
    const box = await this.percentiles.locator(".recharts-surface").first().boundingBox();
    if (!box) throw new Error("the percentile chart is not on screen");
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * a, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((a + b) / 2), y, { steps: 5 });
    await this.page.mouse.move(box.x + box.width * b, y, { steps: 5 });
    await this.page.mouse.up();
  }
}
