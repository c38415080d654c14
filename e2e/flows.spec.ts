// Flows against the running app with the demo shop: the graph shows the demo's services and
// channels, an edge's rate label follows live traffic without a reload, clicking an edge opens its
// details (figures, event types linked to the catalog, latest events), Escape closes them; the
// service filter keeps a neighbourhood and the node search selects a node.
import type { Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { CONSUMERS, ROUTES } from "@/collectors/demo/shop-catalog";
import { expect, test } from "@/e2e/fixtures";
import { FlowsPage } from "@/e2e/pages/flows-page";
import { Shell } from "@/e2e/pages/shell";

const SERVICES = [
  ...new Set([...Object.values(ROUTES).map((r) => r.producer), ...Object.values(CONSUMERS).flat()]),
];
const CHANNELS = [...new Set(Object.values(ROUTES).map((r) => r.channel))];

async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __e2eNoReload: true }));
}

async function stillSamePage(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as typeof window & { __e2eNoReload?: boolean }).__e2eNoReload === true);
}

test("the flow graph renders the demo topology", async ({ page }) => {
  const flows = new FlowsPage(page);
  await flows.goto();
  await expect(flows.graph).toBeVisible();
  for (const s of SERVICES) await expect(flows.service(s)).toBeAttached();
  for (const c of CHANNELS) await expect(flows.channel(c)).toBeAttached();
  await expect(flows.edge("storefront", "shop.orders")).toBeVisible();
  await expect(flows.edge("shop.orders", "payments")).toBeAttached();
});

test("an edge's rate label changes live, without a reload", async ({ page, request, collectorToken }) => {
  const flows = new FlowsPage(page);
  const shell = new Shell(page);
  await flows.goto("?window=live");
  await expect(shell.liveStatus).toHaveAttribute("data-status", "connected");
  const label = flows.edge("storefront", "shop.orders");
  await expect(label).toHaveText(/\/(s|min)/);
  await markPage(page);
  const first = await label.textContent();
  // The demo's steady rate can round to the same label for a while (CI once saw "3.0/s" for 20 s):
  // a burst of 300 OrderPlaced on the edge raises it by at least 2.5/s over the live window.
  const { broker, channel, producer } = ROUTES.OrderPlaced;
  const run = randomBytes(4).toString("hex");
  const events = Array.from({ length: 300 }, (_, i) => ({
    id: `e2e-burst-${run}-${i}`,
    broker,
    channel,
    type: "OrderPlaced",
    producer,
    publishedAt: new Date().toISOString(),
  })); // no payload: the catalog's inferred OrderPlaced schema stays as the demo made it
  const res = await request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${collectorToken}` },
    data: { events },
  });
  expect(res.status(), await res.text()).toBe(202);
  await expect
    .poll(async () => label.textContent(), { timeout: 20_000, message: "the rate label never changed" })
    .not.toBe(first);
  expect(await stillSamePage(page)).toBe(true);
  // Edges with traffic in the last two minutes move.
  await expect(page.locator(".react-flow__edge.animated").first()).toBeAttached();
});

test("clicking an edge opens its details; Escape closes them", async ({ page }) => {
  const flows = new FlowsPage(page);
  await flows.goto();
  await flows.edge("storefront", "shop.orders").click();
  await expect(page).toHaveURL(/select=produce%3A\d+%3A\d+/);
  await expect(flows.detailsTitle).toHaveText("Edge details");
  await expect(flows.details).toContainText("storefront → shop.orders");
  await expect(flows.details.getByText("Rate", { exact: true })).toBeVisible();
  await expect(flows.details.getByRole("link", { name: "OrderPlaced" })).toHaveAttribute(
    "href",
    "/catalog/OrderPlaced",
  );
  await expect(
    flows.details.getByRole("table", { name: "Latest events on the channel" }).locator("tbody tr"),
  ).toHaveCount(10);
  await expect(flows.details.getByRole("link", { name: "Latency" })).toHaveAttribute(
    "href",
    /\/latency\?channel=\d+&service=storefront&edge=produce/,
  );
  await page.keyboard.press("Escape");
  await expect(flows.details).toBeHidden();
  await expect(page).not.toHaveURL(/select=/);
});

test("a service filter keeps its neighbourhood; the node search selects a node", async ({ page }) => {
  const flows = new FlowsPage(page);
  await flows.goto();
  await flows.filter("Service").selectOption("inventory");
  await expect(page).toHaveURL(/service=inventory/);
  await expect(flows.channel("shop.payments")).toBeAttached();
  await expect(flows.service("shipping")).toBeAttached();
  await expect(flows.channel("storefront.activity")).toHaveCount(0);

  await flows.find.fill("shipping");
  await flows.findButton.click();
  await expect(flows.service("shipping")).toHaveAttribute("aria-pressed", "true");
  await expect(flows.detailsTitle).toHaveText("shipping");
  await expect(flows.details.getByRole("link", { name: "Traces" })).toHaveAttribute(
    "href",
    "/traces?service=shipping",
  );
});
