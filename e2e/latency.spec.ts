// The Latency page against the running app: a type seeded through the ingest API (published,
// delivered and acked in the last minutes) shows its p50/p95/p99 lines; the range buttons change
// the window (and its step) in the URL; a legend button hides a line; a drag across the chart
// zooms to from/to and Zoom out widens it; compare adds the previous period's figures.
import { randomBytes } from "node:crypto";
import { expect, test } from "@/e2e/fixtures";
import { LatencyPage } from "@/e2e/pages/latency-page";

test.describe.configure({ mode: "serial" });

const suffix = randomBytes(4).toString("hex");
const TYPE = `e2e.LatencyProbe.${suffix}`;
const CHANNEL = `e2e.latency.${suffix}`;

test("seed: events delivered and acked over the last minutes", async ({ request, collectorToken }) => {
  const now = Date.now();
  const events = [];
  const deliveries = [];
  for (let i = 0; i < 60; i++) {
    const published = now - 4 * 60_000 + i * 4000;
    const id = `${suffix}-${i}`;
    events.push({
      id,
      broker: "e2e",
      channel: CHANNEL,
      type: TYPE,
      producer: "e2e-probe",
      publishedAt: new Date(published).toISOString(),
      payload: { i },
    });
    deliveries.push({
      messageId: id,
      broker: "e2e",
      channel: CHANNEL,
      consumer: "e2e-sink",
      deliveredAt: new Date(published + 5 + (i % 10) * 3).toISOString(),
      ackedAt: new Date(published + 40 + (i % 10) * 25).toISOString(),
      outcome: "ack",
    });
  }
  const res = await request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${collectorToken}` },
    data: { events, deliveries },
  });
  expect(res.status(), await res.text()).toBe(202);
});

test("the chart shows a p99 line for the type, and the range changes the window", async ({ page }) => {
  const latency = new LatencyPage(page);
  await latency.goto(`?type=${encodeURIComponent(TYPE)}`);
  await expect(latency.eventType()).toHaveValue(TYPE);
  await expect(page.getByText("End to end (publish → ack) · 1 min steps")).toBeVisible();
  await expect(latency.figure("p99")).toHaveText(/\d+ ms/);
  await expect(latency.line("p99")).toHaveCount(1);
  await expect(latency.line("p99")).toHaveAttribute("d", /\d/);
  await expect(latency.line("p50")).toHaveCount(1);

  await latency.legend("p50").click();
  await expect(latency.legend("p50")).toHaveAttribute("aria-pressed", "false");
  await expect(latency.line("p50")).toHaveCount(0);
  await expect(latency.line("p99")).toHaveCount(1);

  await latency.range("24h").click();
  await expect(page).toHaveURL(/[?&]range=24h/);
  await expect(latency.range("24h")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("End to end (publish → ack) · 5 min steps")).toBeVisible();
  await expect(latency.line("p99")).toHaveCount(1);

  await latency.range("15m").click();
  await expect(page).toHaveURL(/[?&]range=15m/);
  await expect(page.getByText("End to end (publish → ack) · 1 min steps")).toBeVisible();
  await expect(latency.figure("p99")).toHaveText(/\d+ ms/);
});

test("drag across the chart zooms in; Zoom out widens; compare adds the previous period", async ({
  page,
}) => {
  const latency = new LatencyPage(page);
  await latency.goto(`?type=${encodeURIComponent(TYPE)}&range=15m`);
  await expect(latency.line("p99")).toHaveCount(1);
  await latency.dragAcross(0.3, 0.7);
  await expect(page).toHaveURL(/[?&]from=[^&]+&to=/);
  const zoomed = new URL(page.url());
  const span = Date.parse(zoomed.searchParams.get("to")!) - Date.parse(zoomed.searchParams.get("from")!);
  expect(span).toBeGreaterThan(0);
  expect(span).toBeLessThan(15 * 60_000);
  await expect(latency.range("15m")).toHaveAttribute("aria-pressed", "false");

  await latency.zoomOut.click();
  await expect
    .poll(() => {
      const u = new URL(page.url());
      return Date.parse(u.searchParams.get("to")!) - Date.parse(u.searchParams.get("from")!);
    })
    .toBe(2 * span);

  await latency.range("1h").click();
  await expect(latency.zoomOut).toHaveCount(0);
  await latency.compare.click();
  await expect(page).toHaveURL(/[?&]compare=1/);
  await expect(latency.compare).toHaveAttribute("aria-checked", "true");
  await expect(latency.summary.getByText(/^prev /).first()).toBeVisible();
});
